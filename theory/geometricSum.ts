/**
 * Geometric sum `Σ_{t=1..T} q^{t−1}` with `q = 1 − gap`, given the gap `1 − q ∈ [0, 1]` itself (MODEL §5:
 * the buyer's utility under a stationary price is a multiple of one).
 *
 * Passing the gap instead of `q` keeps the precision that `1 − q` would lose when `q` is near 1; the
 * closed form `(1 − q^T)/(1 − q)` is evaluated as `−expm1(T·log1p(−gap))/gap`, which stays accurate to
 * a few ulps for every gap, however small.
 *
 * - `T = 0`: 0 (the empty sum). `T = 1`: exactly 1.
 * - `gap = 0` (`q = 1`): `T`, and `Infinity` for `T = Infinity`.
 * - `gap = 1` (`q = 0`): 1 for every `T ≥ 1`.
 * - `T = Infinity` with `gap > 0`: the limit `1/gap`.
 *
 * Cost: O(1).
 *
 * @example geometricSum(0.5, 3) // => 1.75   (1 + 0.5 + 0.25)
 * @throws RangeError when `gap` is outside [0, 1] or `T` is not a non-negative integer or Infinity.
 */
export function geometricSum(gap: number, periods: number): number {
  if (!(gap >= 0 && gap <= 1)) throw new RangeError(`geometricSum: gap 1 − q must lie in [0, 1], got ${gap}`);
  if (!(periods === Number.POSITIVE_INFINITY || (Number.isInteger(periods) && periods >= 0))) {
    throw new RangeError(`geometricSum: periods must be a non-negative integer or Infinity, got ${periods}`);
  }
  if (periods === 0) return 0;
  if (periods === 1) return 1;
  if (gap === 0) return periods;
  if (periods === Number.POSITIVE_INFINITY) return 1 / gap;
  return -Math.expm1(periods * Math.log1p(-gap)) / gap;
}
