/**
 * Means over seeds with a 95% confidence band, for the figures that average independent runs (Fig. 4,
 * Table 1).
 */
import tQuantile from "@stdlib/stats-base-dists-t-quantile";
import { NeumaierSum } from "../theory/compensatedSum.js";

export interface MeanInterval {
  mean: number;
  /** Lower end of the 95% interval `mean ± t_{0.975, n−1} · s / √n`. */
  low: number;
  high: number;
  /** Number of values (seeds). */
  n: number;
}

/**
 * Sample mean and its 95% Student-t confidence interval, `mean ± t_{0.975, n−1} · s / √n`, with `s` the
 * sample standard deviation (n − 1 in the denominator). Runs under different seeds are independent, so
 * the interval is exact for normal data and a fair approximation for 20 seeds otherwise.
 *
 * - One value: the interval is that value (no spread can be estimated; figures then show no band).
 * - Equal values: a zero-width interval.
 *
 * Cost: O(n).
 *
 * @example meanInterval([1, 2, 3]) // => { mean: 2, low: -0.484…, high: 4.484…, n: 3 }   (t_{0.975,2} = 4.303)
 * @throws RangeError for no values or a non-finite value.
 */
export function meanInterval(values: ReadonlyArray<number>): MeanInterval {
  const n = values.length;
  if (n === 0) throw new RangeError("meanInterval: needs at least one value");
  const sum = new NeumaierSum();
  for (const value of values) {
    if (!Number.isFinite(value)) throw new RangeError(`meanInterval: values must be finite, got ${value}`);
    sum.add(value);
  }
  const mean = sum.value() / n;
  if (n === 1) return { mean, low: mean, high: mean, n };
  const squares = new NeumaierSum();
  for (const value of values) squares.add((value - mean) ** 2);
  const half = tQuantile(0.975, n - 1) * Math.sqrt(squares.value() / (n - 1) / n);
  return { mean, low: mean - half, high: mean + half, n };
}
