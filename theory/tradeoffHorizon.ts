/**
 * The trade-off horizon `T̂(p, δ)` of a stationary exploitative price (MODEL §5, §8 L4): the first
 * period count after which fairshare has given the buyer at least as much as the exploitative price.
 */
import { geometricSum } from "./geometricSum.js";
import { assertMarket, assertPrice, rescaled, retentionGap, stayProbability, type OneBuyerMarket } from "./oneBuyerMarket.js";

/** Beyond 2^53 consecutive integers are no longer doubles; a horizon is never searched past it. */
const LARGEST_HORIZON = 2 ** 53;

/**
 * Trade-off horizon `T̂(p, δ) = min{ T : U_T(p*) ≥ U_T(p) }` (MODEL §5).
 *
 * With `a = V − p > b = u* = V − p*` and `r = ρ(p/p*) < 1`, the difference
 * `D_T = U_T(p*) − U_T(p)` has increments `δ^{t−1}(b − a·r^{t−1})`: negative until the turning point
 * `1 + log(b/a)/log r`, non-negative after it. So `D` falls (staying below `D_1 = b − a < 0`) and then
 * rises to `D_∞ = b/(1 − δ) − a/(1 − δr)`, and `D_T ≥ 0` is false up to `T̂` and true from it on. The
 * search starts at the turning point, doubles until `D_T ≥ 0` and bisects, each `D_T` in closed form.
 *
 * - `p ≥ p*`: 1 (`U_1(p*) = u* ≥ V − p`).
 * - `D_∞ ≤ 0`: `Infinity`. Under A2 this is exactly `δ ≤ δ₀(p)`; without A2, `r = 1` also gives
 *   `Infinity`. With `δ = 1` and `r < 1`, `D_∞ = +∞` and `T̂` is finite.
 * - Near `δ = δ₀(p)`, where `D_T` crosses 0 with a tiny slope, the first `T` whose computed `D_T` is
 *   `≥ 0` is returned; it can differ by rounding from the exact one when `|D_T|` is below about
 *   1e-15 of `U_T(p*)`.
 * - Computed on the market rescaled by a power of two (`rescaled`): the same in every unit of money.
 *
 * Cost: O(log T̂) closed-form evaluations, however large `T̂` is.
 *
 * @example tradeoffHorizon({ value: 10, fairPrice: 6, cost: 2, discount: 0.9, participation: parseParticipation("linear:0.5") }, 3) // => 7
 * @throws RangeError for a market outside MODEL §5's ranges or a price outside [c, V].
 */
export function tradeoffHorizon(original: OneBuyerMarket, originalPrice: number): number {
  assertMarket(original);
  assertPrice(original, originalPrice);
  // T̂ is unit-free: work in units where V is near 1, so subnormal money cannot round D_T's terms away.
  const { market: m, scale } = rescaled(original);
  const price = scale(originalPrice);
  if (price >= m.fairPrice) return 1;
  const fairSurplus = m.value - m.fairPrice;
  const exploitSurplus = m.value - price;
  const fairGap = 1 - m.discount;
  const exploitGap = retentionGap(m, price);
  if (exploitGap === 0) return Number.POSITIVE_INFINITY; // δ = 1 and r = 1: the seller never leaves
  const difference = (periods: number): number =>
    fairSurplus * geometricSum(fairGap, periods) - exploitSurplus * geometricSum(exploitGap, periods);
  if (!(difference(Number.POSITIVE_INFINITY) > 0)) return Number.POSITIVE_INFINITY;

  const stay = stayProbability(m, price);
  const turning = stay === 0 ? 1 : 1 + Math.log(fairSurplus / exploitSurplus) / Math.log(stay);
  let below = Math.max(1, Math.min(LARGEST_HORIZON / 2, Math.floor(turning))); // D_below < 0
  if (difference(below) >= 0) below = 1; // rounding in the turning point: fall back to D_1 < 0
  let above = Math.max(2, 2 * below);
  while (difference(above) < 0) {
    if (above >= LARGEST_HORIZON) return Number.POSITIVE_INFINITY;
    below = above;
    above = Math.min(LARGEST_HORIZON, 2 * above);
  }
  while (above - below > 1) {
    const middle = below + Math.floor((above - below) / 2);
    if (difference(middle) >= 0) above = middle;
    else below = middle;
  }
  return above;
}
