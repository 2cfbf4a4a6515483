/**
 * Seller revenue at a flat price, `R(q) = q · #{ b : m_b ≥ q }` (MODEL §3).
 *
 * - No buyers, or `q = 0`: revenue 0.
 *
 * Cost: O(M).
 *
 * @example revenueAtPrice([5, 3, 1], 3) // => 6
 */
export function revenueAtPrice(mwps: ReadonlyArray<number>, price: number): number {
  let buyers = 0;
  for (const m of mwps) if (m >= price) buyers += 1;
  return price * buyers;
}

/**
 * Fairshare price, the Lemma 2 price `p* = m_(k*)` (MODEL §3, §8 L2): the revenue-maximising flat price
 * given the buyers' marginal willingness to pay.
 *
 * - MWPs sorted descending, `k* = argmax_k k · m_(k)`; among ties the largest `k`, i.e. the lowest
 *   maximising price (it serves the most buyers).
 * - No buyers, or every MWP 0: price 0 (revenue is 0 at every price; 0 is the lowest maximiser).
 * - Exact for MWPs in whole money units (MODEL §2): every `k·m_(k)` is an integer, exact while it is at
 *   most `MAX_UNITS`, which `assertMarketMoney` guarantees for a market's MWPs (`m ≤ B`, `k ≤ M`).
 *
 * Cost: O(M log M).
 *
 * @example fairPrice([5, 3, 1]) // => 3   (revenues 5, 6, 3)
 * @throws RangeError when an MWP is negative or not finite.
 */
export function fairPrice(mwps: ReadonlyArray<number>): number {
  const sorted = [...mwps].sort((a, b) => b - a);
  for (const m of sorted) {
    if (!Number.isFinite(m) || m < 0) throw new RangeError(`fairPrice: MWP must be finite and ≥ 0, got ${m}`);
  }
  let best = 0;
  let bestRevenue = 0;
  sorted.forEach((m, index) => {
    const revenue = (index + 1) * m;
    if (revenue >= bestRevenue) {
      bestRevenue = revenue;
      best = m;
    }
  });
  return best;
}
