import {
  assertInterval,
  DEFAULT_MAX_ITERATIONS,
  defaultTolerance,
  evaluate,
  type MaximizeOptions,
  type Maximum,
} from "./maximum.js";

/** 1/φ, the golden ratio's reciprocal: each step keeps this fraction of the bracket. */
const INVERSE_PHI = (Math.sqrt(5) - 1) / 2;

/**
 * Golden-section search for the maximum of a unimodal `f` on `[lo, hi]` (Kiefer 1953).
 *
 * - Unimodal `f`: converges to its maximiser; otherwise to some local maximum.
 * - Returns the best point evaluated, and never evaluates the end points: a maximum at an end is
 *   approached to within the tolerance.
 * - `lo = hi`: returns that point.
 *
 * Cost: O(log((hi − lo) / tolerance)) evaluations; the bracket shrinks by 0.618 per evaluation.
 *
 * @example goldenSectionMaximize((x) => -(x - 2) * (x - 2), 0, 5).x // => 2.0000000…
 * @throws RangeError for a non-finite or reversed interval, or when `f` returns NaN.
 */
export function goldenSectionMaximize(
  f: (x: number) => number,
  lo: number,
  hi: number,
  options: MaximizeOptions = {},
): Maximum {
  assertInterval("goldenSectionMaximize", lo, hi);
  const tolerance = options.tolerance ?? defaultTolerance(lo, hi);
  const maxIterations = options.maxIterations ?? DEFAULT_MAX_ITERATIONS;
  if (lo === hi) return { x: lo, value: evaluate("goldenSectionMaximize", f, lo), evaluations: 1 };
  let a = lo;
  let b = hi;
  let c = b - INVERSE_PHI * (b - a);
  let d = a + INVERSE_PHI * (b - a);
  let fc = evaluate("goldenSectionMaximize", f, c);
  let fd = evaluate("goldenSectionMaximize", f, d);
  let evaluations = 2;
  for (let i = 0; i < maxIterations && b - a > tolerance; i += 1) {
    if (fc >= fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - INVERSE_PHI * (b - a);
      fc = evaluate("goldenSectionMaximize", f, c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + INVERSE_PHI * (b - a);
      fd = evaluate("goldenSectionMaximize", f, d);
    }
    evaluations += 1;
  }
  return fc >= fd ? { x: c, value: fc, evaluations } : { x: d, value: fd, evaluations };
}
