/**
 * The one-buyer one-seller market of MODEL §5 under a stationary price: the buyer's cumulative and
 * limiting utility, and the exploitation threshold `δ₀(p)` of MODEL §8 L4. `oneBuyer.ts` gathers these
 * with the horizon, threshold and optimal-price functions built on them.
 */
import { geometricSum } from "./geometricSum.js";
import type { Participation } from "./participation.js";

/** The one-buyer one-seller market (MODEL §5). */
export interface OneBuyerMarket {
  /** Value `V > 0` of the seller's data to the buyer, per period. */
  value: number;
  /** Fairshare price `p* ∈ (c, V)`. */
  fairPrice: number;
  /** Seller's cost `c ≥ 0`, the lowest price it posts. */
  cost: number;
  /** Buyer's discount factor `δ ∈ (0, 1]` (MODEL §1, A3). */
  discount: number;
  /** Seller's stay probability `ρ` (MODEL §5, A1–A2). */
  participation: Participation;
}

/** Refuses a market outside MODEL §5's ranges instead of computing nonsense from it. */
export function assertMarket(m: OneBuyerMarket): void {
  const { value: V, fairPrice: pStar, cost: c, discount: delta } = m;
  if (!(Number.isFinite(V) && V > 0)) throw new RangeError(`one-buyer market: V must be finite and > 0, got ${V}`);
  if (!(Number.isFinite(c) && c >= 0)) throw new RangeError(`one-buyer market: c must be finite and ≥ 0, got ${c}`);
  if (!(pStar > c && pStar < V)) throw new RangeError(`one-buyer market: p* must lie in (c, V) = (${c}, ${V}), got ${pStar}`);
  if (!(delta > 0 && delta <= 1)) throw new RangeError(`one-buyer market: δ must lie in (0, 1], got ${delta}`);
}

/** Refuses a price outside `[c, V]`, the range of MODEL §5. */
export function assertPrice(m: OneBuyerMarket, price: number): void {
  if (!(price >= m.cost && price <= m.value)) {
    throw new RangeError(`one-buyer market: price must lie in [c, V] = [${m.cost}, ${m.value}], got ${price}`);
  }
}

/** `x·2^k` for any integer k, in steps that cannot overflow or underflow on the way (each step is exact). */
function timesPowerOfTwo(x: number, k: number): number {
  let result = x;
  for (let rest = k; rest !== 0; ) {
    const step = Math.max(-1000, Math.min(1000, rest));
    result *= 2 ** step;
    rest -= step;
  }
  return result;
}

/**
 * The same market with every amount of money multiplied by `2^k`, k chosen so that `V` lies in [1, 2);
 * `scale` takes any other amount of the original market (a price) into those units, `toMoney` takes a
 * price or utility of the rescaled market back.
 *
 * Multiplying by a power of two is exact, and the model is homogeneous in money (`δ₀`, `T̂` and `δ̲` do not
 * change with the unit; prices and utilities scale with it), so for ordinary amounts a result computed
 * on the rescaled market is the same bit for bit. For subnormal or near-overflow amounts it is what keeps
 * products of money from underflowing or overflowing: at V = 1.5e-323, p* = 1e-323, p = 5e-324 the
 * unscaled δ₀ came out 1 instead of 0.8, T̂ 8 instead of 9, δ̲ NaN, and at V = 1e307 bestPrice's grid
 * overflowed (test/numericalEdges.test.ts).
 */
export function rescaled(m: OneBuyerMarket): { market: OneBuyerMarket; scale: (x: number) => number; toMoney: (x: number) => number } {
  const exponent = -Math.floor(Math.log2(m.value));
  const scale = (x: number) => timesPowerOfTwo(x, exponent);
  return {
    market: { ...m, value: scale(m.value), fairPrice: scale(m.fairPrice), cost: scale(m.cost) },
    scale,
    toMoney: (x) => timesPowerOfTwo(x, -exponent),
  };
}

/**
 * Stay probability at a stationary price, `r(p) = ρ(p/p*)` for `p < p*` and `1` for `p ≥ p*` (MODEL §5).
 * At and above fair pay `ρ` is not consulted: MODEL §5 fixes `r = 1` there.
 */
export function stayProbability(m: OneBuyerMarket, price: number): number {
  return price >= m.fairPrice ? 1 : m.participation.rho(price / m.fairPrice);
}

/**
 * The per-period factor's gap `1 − δ·r(p)`, computed as `(1 − δ) + δ·(1 − r)`: each part is exact when
 * δ and r are at least 1/2, so the gap keeps its relative precision when `δ·r` is near 1.
 */
export function retentionGap(m: OneBuyerMarket, price: number): number {
  return 1 - m.discount + m.discount * (1 - stayProbability(m, price));
}

/**
 * Buyer's cumulative utility at a stationary price, `U_T(p) = (V − p)·Σ_{t=1..T} (δ r(p))^{t−1}`
 * (MODEL §5).
 *
 * - `T = 0`: 0. `δ·r(p) = 1`: `T·(V − p)`. `p = V`: 0.
 * - The geometric sum is evaluated in closed form with expm1/log1p (see `geometricSum`).
 *
 * Cost: O(1).
 *
 * @example cumulativeUtility({ value: 10, fairPrice: 6, cost: 2, discount: 0.9, participation: parseParticipation("linear:0.5") }, 3, 2) // => 11.725
 * @throws RangeError for a market outside MODEL §5's ranges, a price outside [c, V], or `T` not a
 *   non-negative integer.
 */
export function cumulativeUtility(m: OneBuyerMarket, price: number, periods: number): number {
  assertMarket(m);
  assertPrice(m, price);
  if (!(Number.isInteger(periods) && periods >= 0)) {
    throw new RangeError(`cumulativeUtility: periods must be a non-negative integer, got ${periods}`);
  }
  return (m.value - price) * geometricSum(retentionGap(m, price), periods);
}

/**
 * Buyer's limiting utility at a stationary price, `U_∞(p) = (V − p)/(1 − δ r(p))` (MODEL §5).
 *
 * - `δ·r(p) = 1` (δ = 1 at or above `p*`): `Infinity` when `p < V`, 0 when `p = V`.
 *
 * Cost: O(1).
 *
 * @example limitUtility({ value: 10, fairPrice: 6, cost: 2, discount: 0.9, participation: parseParticipation("linear:0.5") }, 6) // => 40
 * @throws RangeError for a market outside MODEL §5's ranges or a price outside [c, V].
 */
export function limitUtility(m: OneBuyerMarket, price: number): number {
  assertMarket(m);
  assertPrice(m, price);
  if (price === m.value) return 0;
  return (m.value - price) * geometricSum(retentionGap(m, price), Number.POSITIVE_INFINITY);
}

/**
 * Exploitation threshold of a stationary price, `δ₀(p) = ((V − p) − u*)/((V − p) − ρ_p·u*)` with
 * `u* = V − p*` and `ρ_p = ρ(p/p*)` (MODEL §8 L4): fairshare overtakes `p` eventually iff `δ > δ₀(p)`.
 *
 * - Evaluated as `(p* − p)/((p* − p) + (1 − ρ_p)·u*)`, the same number without the cancellation in
 *   `(V − p) − u*`. It lies in (0, 1], and is 1 exactly when `ρ_p = 1` (possible only without A2).
 * - Computed on the market rescaled by a power of two (`rescaled`), so it is the same in every unit of
 *   money, subnormal amounts included.
 * - `p ≥ p*`: `null`, as `p` is not exploitative.
 *
 * Cost: O(1).
 *
 * @example exploitThreshold({ value: 10, fairPrice: 6, cost: 2, discount: 0.9, participation: parseParticipation("linear:0.5") }, 3) // => 0.75
 * @throws RangeError for a market outside MODEL §5's ranges or a price outside [c, V].
 */
export function exploitThreshold(m: OneBuyerMarket, price: number): number | null {
  assertMarket(m);
  assertPrice(m, price);
  if (price >= m.fairPrice) return null;
  const { market, scale } = rescaled(m); // δ₀ is unit-free; rescaling keeps subnormal money from rounding to 0
  const p = scale(price);
  const cut = market.fairPrice - p;
  return cut / (cut + (1 - stayProbability(market, p)) * (market.value - market.fairPrice));
}
