/**
 * The royalty contract (MODEL §8 L6): seller j takes a share α of the value its data creates, α·V_bj
 * from each buyer b who buys, and buyer b buys iff α ≤ a_b = MWP_bj / V_bj.
 */

function validate(name: string, mwps: ReadonlyArray<number>, values: ReadonlyArray<number>): void {
  if (mwps.length !== values.length) throw new RangeError(`${name}: ${mwps.length} MWPs but ${values.length} values`);
  mwps.forEach((m, b) => {
    const v = values[b];
    if (!(Number.isFinite(m) && m >= 0 && Number.isFinite(v) && v >= 0)) {
      throw new RangeError(`${name}: buyer ${b} needs finite MWP and value ≥ 0, got MWP ${m}, value ${v}`);
    }
  });
}

/** The buyers who can pay a royalty at all (V_b > 0), with their acceptable rates a_b = m_b / V_b. */
function rates(mwps: ReadonlyArray<number>, values: ReadonlyArray<number>): Array<{ rate: number; value: number }> {
  const out: Array<{ rate: number; value: number }> = [];
  mwps.forEach((m, b) => {
    if (values[b] > 0) out.push({ rate: m / values[b], value: values[b] });
  });
  return out;
}

/**
 * Optimal royalty rate `α*` (MODEL §8 L6): with buyers sorted by `a_b = MWP_b / V_b` descending,
 * `α* = a_(k*)`, `k* = argmax_k a_(k) · Σ_{i≤k} V_(i)`.
 *
 * - Ties: the largest k, i.e. the lowest maximising rate (it serves the most buyers). Each candidate's
 *   revenue is `royaltyRevenue(mwps, values, a_(k))`, summed over all buyers accepting it in buyer order,
 *   so equal rates count as one step and α* maximises `royaltyRevenue` exactly, rounding included.
 * - Buyers with `V_b = 0` can pay no royalty and are left out. None left, or every `a_b = 0`: 0.
 * - `a_b ∈ [0, 1]` when `MWP_b ≤ V_b`, as MODEL §2 guarantees.
 *
 * Cost: O(M²) (M candidates, each summed afresh).
 *
 * @example royaltyRate([4, 1], [8, 1]) // => 0.5   (a = [0.5, 1]: revenues 1·1 = 1, 0.5·9 = 4.5)
 * @throws RangeError when the lists differ in length or hold a negative or non-finite number.
 */
export function royaltyRate(mwps: ReadonlyArray<number>, values: ReadonlyArray<number>): number {
  validate("royaltyRate", mwps, values);
  const sorted = rates(mwps, values).sort((x, y) => y.rate - x.rate);
  let best = 0;
  let bestRevenue = 0;
  for (const { rate } of sorted) {
    // Revenue as royaltyRevenue sums it, so that α* maximises royaltyRevenue bit for bit.
    const revenue = royaltyRevenue(mwps, values, rate);
    if (revenue >= bestRevenue) {
      bestRevenue = revenue;
      best = rate;
    }
  }
  return best;
}

/**
 * Royalty revenue `R(α) = α · Σ_{b : a_b ≥ α} V_b` (MODEL §8 L6), the buyers' values summed in buyer order.
 *
 * - `α = 0`, no buyers, or nobody accepting α: 0. Buyers with `V_b = 0` add nothing.
 *
 * Cost: O(M).
 *
 * @example royaltyRevenue([4, 1], [8, 1], 0.5) // => 4.5
 * @throws RangeError when the lists differ in length or hold a negative or non-finite number.
 */
export function royaltyRevenue(mwps: ReadonlyArray<number>, values: ReadonlyArray<number>, rate: number): number {
  validate("royaltyRevenue", mwps, values);
  let served = 0;
  for (const buyer of rates(mwps, values)) if (buyer.rate >= rate) served += buyer.value;
  return rate * served;
}
