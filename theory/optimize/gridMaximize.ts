import { brentMaximize } from "./brent.js";
import { assertInterval, evaluate, type MaximizeOptions, type Maximum } from "./maximum.js";

/** Default number of grid cells: resolves bumps wider than 1/256 of the interval. */
const DEFAULT_CELLS = 256;

/**
 * Grid-safeguarded maximiser: `f` on `cells + 1` evenly spaced points of `[lo, hi]` (both ends
 * included), then Brent's method on the two cells around the best grid point. Meant for functions that
 * may be multimodal or jump, such as the buyer's utility `U_T(p)` at `p = p*` (MODEL §5).
 *
 * - Returns the better of the best grid point and Brent's point; ties keep the grid point, so an exact
 *   maximum at an end point (`lo` or `hi`) is returned exactly.
 * - A maximum in a bump narrower than one cell may be missed; the result is then a lower bound.
 * - `lo = hi`: returns that point.
 *
 * Cost: `cells + 1` evaluations, plus Brent's O(log(cell width / tolerance)).
 *
 * @example gridMaximize((x) => Math.sin(x), 0, 10).x // => 7.85398163… (5π/2; sin has two maxima there)
 * @throws RangeError for a non-finite or reversed interval, fewer than 2 cells, or when `f` returns NaN.
 */
export function gridMaximize(
  f: (x: number) => number,
  lo: number,
  hi: number,
  options: MaximizeOptions & { cells?: number } = {},
): Maximum {
  assertInterval("gridMaximize", lo, hi);
  const cells = options.cells ?? DEFAULT_CELLS;
  if (!(Number.isInteger(cells) && cells >= 2)) throw new RangeError(`gridMaximize: need an integer cells ≥ 2, got ${cells}`);
  if (lo === hi) return { x: lo, value: evaluate("gridMaximize", f, lo), evaluations: 1 };
  // (hi − lo)·(i / cells), not (hi − lo)·i / cells: the product could overflow for an interval wider than
  // the largest double / cells; for a power-of-two `cells` both give the same bits.
  const at = (i: number): number => (i === cells ? hi : lo + (hi - lo) * (i / cells));
  let bestIndex = 0;
  let best = evaluate("gridMaximize", f, lo);
  for (let i = 1; i <= cells; i += 1) {
    const value = evaluate("gridMaximize", f, at(i));
    if (value > best) {
      best = value;
      bestIndex = i;
    }
  }
  const refined = brentMaximize(f, at(Math.max(0, bestIndex - 1)), at(Math.min(cells, bestIndex + 1)), options);
  const evaluations = cells + 1 + refined.evaluations;
  return refined.value > best ? { ...refined, evaluations } : { x: at(bestIndex), value: best, evaluations };
}
