/**
 * The discount threshold `δ̲` of MODEL §8 L3: at or above it, the buyer's best stationary price in the
 * limit is the fairshare price.
 */
import { gridMaximize } from "./optimize/gridMaximize.js";
import { assertMarket, rescaled, type OneBuyerMarket } from "./oneBuyerMarket.js";

/**
 * The grid stops at `x = 1 − h`, h = 1e-6: closer to 1, `1 − ρ(x)` loses `ε/h` of its relative precision
 * to cancellation (2e-10 here; at h = 1e-8 the ratio of `linear:0.5` was already off by 2e-9).
 */
const LIMIT_STEP = 1e-6;
/** Grid cells over `[c/p*, 1 − h]` before Brent refines the best one. */
const CELLS = 512;
/** Extra points approaching 1, where a ratio that rises steeply near fair pay would fall between cells. */
const NEAR_ONE = [1e-1, 1e-2, 1e-3, 1e-4, 1e-5].map((h) => 1 - h);

/**
 * Discount threshold `δ̲ = sup_{x∈[c/p*, 1)} p*(1 − x)/((V − x·p*) − ρ(x)(V − p*))` (MODEL §8 L3).
 *
 * The denominator is evaluated as `p*(1 − x) + (1 − ρ(x))·u*`, the same number without cancellation;
 * the ratio is `δ₀(x·p*)` of L4, so `δ̲` is the largest exploitation threshold over prices in `[c, p*)`.
 * The supremum is taken numerically: the largest of a 512-cell grid on `[c/p*, 1 − 1e-6]` refined by
 * Brent's method on the best cell, the points `1 − 10^−k` (k = 1..5), and the limit `x → 1` estimated by
 * linear extrapolation `2·g(1 − h) − g(1 − 2h)` from `h = 1e-6`.
 *
 * Accuracy:
 * - an interior maximum is located to about 1e-10 in `x`, so its value is exact to rounding;
 * - a supremum reached only as `x → 1` (e.g. `power:γ` with `γ < 1`, limit `p* / (p* + γ·u*)`) comes
 *   from the extrapolation: error O(1e-12·|g''|) plus about 1e-9 of rounding, when `ρ` is twice
 *   differentiable from the left near 1 (measured: within 3e-10 for power, linear and gap families);
 * - a peak narrower than one cell, `(1 − c/p*)/512`, can be missed.
 * - It lies in (0, 1]; it is 1 when `1 − ρ(x)` vanishes faster than `1 − x` (e.g. without A2, `ρ ≡ 1`).
 * - The market's own `δ` is not used.
 * - Computed on the market rescaled by a power of two (`rescaled`): the same in every unit of money.
 *
 * Cost: about 560 evaluations of `ρ`.
 *
 * @example discountThreshold({ value: 10, fairPrice: 6, cost: 2, discount: 0.9, participation: parseParticipation("linear:0.5") }) // => 0.75  (6/(6 + 0.5·4) at every x)
 * @throws RangeError for a market outside MODEL §5's ranges.
 */
export function discountThreshold(original: OneBuyerMarket): number {
  assertMarket(original);
  // δ̲ is unit-free: in units where V is near 1, p*(1 − x) cannot underflow to a 0/0 ratio.
  const m = rescaled(original).market;
  const { fairPrice: pStar, participation } = m;
  const fairSurplus = m.value - pStar;
  const ratio = (x: number): number => {
    const cut = pStar * (1 - x);
    return cut / (cut + (1 - participation.rho(x)) * fairSurplus);
  };
  const start = m.cost / pStar;
  const end = 1 - LIMIT_STEP;
  if (start >= end - LIMIT_STEP) return Math.max(ratio(start), 2 * ratio(end) - ratio(end - LIMIT_STEP));
  let best = gridMaximize(ratio, start, end, { cells: CELLS }).value;
  for (const x of NEAR_ONE) if (x > start) best = Math.max(best, ratio(x));
  // The extrapolated limit can exceed 1 by rounding when the ratio tends to 1 (1 − ρ vanishing fast).
  return Math.min(1, Math.max(best, 2 * ratio(end) - ratio(end - LIMIT_STEP)));
}
