/** Iterations after which bisection stops even if the bracket is still wider than the tolerance. */
const MAX_BISECTION_STEPS = 200;

/**
 * Largest point of `[lo, hi]` where a monotone predicate still holds, by bisection.
 *
 * `predicate` must be true at `lo` and, once false, stay false to the right (a non-increasing
 * indicator). Returns the left end of the final bracket, so the predicate holds at the result.
 *
 * - `predicate(hi)` true: returns `hi`.
 * - Stops when the bracket is narrower than `tolerance` (absolute) or after 200 halvings.
 *
 * Cost: O(log((hi − lo) / tolerance)) predicate calls.
 *
 * @example lastTrue(0, 10, (x) => x * x <= 2, 1e-12) // => 1.41421356237…
 * @throws RangeError when `lo > hi` or `predicate(lo)` is false.
 */
export function lastTrue(lo: number, hi: number, predicate: (x: number) => boolean, tolerance: number): number {
  if (!(lo <= hi)) throw new RangeError(`lastTrue: need lo ≤ hi, got [${lo}, ${hi}]`);
  if (!predicate(lo)) throw new RangeError(`lastTrue: predicate must hold at lo = ${lo}`);
  if (predicate(hi)) return hi;
  let good = lo;
  let bad = hi;
  for (let step = 0; step < MAX_BISECTION_STEPS && bad - good > tolerance; step += 1) {
    const mid = good + (bad - good) / 2;
    if (mid <= good || mid >= bad) break; // the bracket is down to adjacent doubles
    if (predicate(mid)) good = mid;
    else bad = mid;
  }
  return good;
}
