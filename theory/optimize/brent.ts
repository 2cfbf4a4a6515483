import {
  assertInterval,
  DEFAULT_MAX_ITERATIONS,
  defaultTolerance,
  evaluate,
  SQRT_EPSILON,
  type MaximizeOptions,
  type Maximum,
} from "./maximum.js";

/** The golden-section fraction (3 − √5)/2 that Brent's method falls back to. */
const GOLDEN = (3 - Math.sqrt(5)) / 2;

/**
 * Brent's method for the maximum of `f` on `[lo, hi]` (Brent 1973, "Algorithms for Minimization without
 * Derivatives", ch. 5, procedure localmin, applied to −f): parabolic interpolation through the three best
 * points, with a golden-section step whenever the parabola is untrustworthy.
 *
 * - Unimodal `f`: converges to its maximiser; otherwise to some local maximum.
 * - The location is resolved to `√ε·|x| + tolerance`: near a smooth maximum `f` is flat to second order,
 *   so double precision cannot place it more finely than √ε relative.
 * - Never evaluates the end points; a maximum at an end is approached to within the tolerance.
 * - `lo = hi`: returns that point.
 *
 * Cost: superlinear convergence on smooth `f`, never worse than golden section by more than a factor
 * of about 2: O(log((hi − lo) / tolerance)) evaluations.
 *
 * @example brentMaximize((x) => x * Math.exp(-x), 0, 4).x // => 1.00000000…
 * @throws RangeError for a non-finite or reversed interval, or when `f` returns NaN.
 */
export function brentMaximize(f: (x: number) => number, lo: number, hi: number, options: MaximizeOptions = {}): Maximum {
  assertInterval("brentMaximize", lo, hi);
  const t = options.tolerance ?? defaultTolerance(lo, hi);
  const maxIterations = options.maxIterations ?? DEFAULT_MAX_ITERATIONS;
  const g = (x: number): number => -evaluate("brentMaximize", f, x);
  if (lo === hi) return { x: lo, value: -g(lo), evaluations: 1 };
  let a = lo;
  let b = hi;
  let x = a + GOLDEN * (b - a);
  let w = x;
  let v = x;
  let fx = g(x);
  let fw = fx;
  let fv = fx;
  let d = 0;
  let e = 0;
  let evaluations = 1;
  for (let iteration = 0; iteration < maxIterations; iteration += 1) {
    const m = 0.5 * (a + b);
    const tol = SQRT_EPSILON * Math.abs(x) + t;
    const t2 = 2 * tol;
    if (Math.abs(x - m) <= t2 - 0.5 * (b - a)) break;
    let p = 0;
    let q = 0;
    let r = 0;
    if (Math.abs(e) > tol) {
      r = (x - w) * (fx - fv);
      q = (x - v) * (fx - fw);
      p = (x - v) * q - (x - w) * r;
      q = 2 * (q - r);
      if (q > 0) p = -p;
      else q = -q;
      r = e;
      e = d;
    }
    if (Math.abs(p) < Math.abs(0.5 * q * r) && p > q * (a - x) && p < q * (b - x)) {
      d = p / q; // parabolic step
      const u = x + d;
      if (u - a < t2 || b - u < t2) d = x < m ? tol : -tol; // too close to an end: step by tol inwards
    } else {
      e = (x < m ? b : a) - x; // golden-section step into the larger part
      d = GOLDEN * e;
    }
    const u = Math.abs(d) >= tol ? x + d : x + (d > 0 ? tol : -tol);
    const fu = g(u);
    evaluations += 1;
    if (fu <= fx) {
      if (u < x) b = x;
      else a = x;
      v = w;
      fv = fw;
      w = x;
      fw = fx;
      x = u;
      fx = fu;
    } else {
      if (u < x) a = u;
      else b = u;
      if (fu <= fw || w === x) {
        v = w;
        fv = fw;
        w = u;
        fw = fu;
      } else if (fu <= fv || v === x || v === w) {
        v = u;
        fv = fu;
      }
    }
  }
  return { x, value: -fx, evaluations };
}
