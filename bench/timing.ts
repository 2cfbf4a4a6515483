/**
 * Timing for the benchmarks: one untimed warm-up run (module loading, JIT compilation, caches), then K
 * timed runs summarised by their median, which one slow run (a GC pause, another process) does not move.
 */
import { performance } from "node:perf_hooks";

/** K timed runs of one case, in milliseconds. */
export interface Summary {
  runs: number;
  /** The middle sample; with an even count, the mean of the two middle ones. */
  medianMs: number;
  minMs: number;
  maxMs: number;
}

/**
 * The median, min and max of `samples`.
 *
 * @example summarise([3, 1, 2, 10]) // => { runs: 4, medianMs: 2.5, minMs: 1, maxMs: 10 }
 * @throws RangeError when there are no samples or one is not a finite number.
 */
export function summarise(samples: ReadonlyArray<number>): Summary {
  if (samples.length === 0) throw new RangeError("summarise: no samples");
  if (!samples.every(Number.isFinite)) throw new RangeError(`summarise: every sample must be finite, got ${samples.join(", ")}`);
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const medianMs = sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { runs: sorted.length, medianMs, minMs: sorted[0], maxMs: sorted[sorted.length - 1] };
}

/** The milliseconds one call of `fn` takes, by `performance.now()`. */
export function elapsedMs(fn: () => unknown): number {
  const started = performance.now();
  fn();
  return performance.now() - started;
}

/**
 * Calls `fn` once untimed (the warm-up), then `runs` times, each timed with `performance.now()`; returns
 * their summary and what the last call returned.
 *
 * @throws RangeError when `runs` is not a whole number ≥ 1; whatever `fn` throws.
 */
export function time<T>(fn: () => T, runs: number): { summary: Summary; result: T } {
  if (!(Number.isInteger(runs) && runs >= 1)) throw new RangeError(`time: runs must be a whole number ≥ 1, got ${runs}`);
  let result = fn();
  const samples: number[] = [];
  for (let k = 0; k < runs; k += 1) samples.push(elapsedMs(() => (result = fn())));
  return { summary: summarise(samples), result };
}
