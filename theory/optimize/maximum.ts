/** The result of a 1-D maximiser: the point found, its value, and how many times `f` was called. */
export interface Maximum {
  x: number;
  value: number;
  evaluations: number;
}

/** Options shared by the 1-D maximisers. */
export interface MaximizeOptions {
  /** Absolute tolerance on the location of the maximum; default 1e-10 of the interval's scale. */
  tolerance?: number;
  /** Hard stop on iterations; default 200 (enough for any interval at double precision). */
  maxIterations?: number;
}

export const DEFAULT_MAX_ITERATIONS = 200;
/** √ε: below this relative width a bracket cannot be resolved further in double precision. */
export const SQRT_EPSILON = Math.sqrt(Number.EPSILON);

/** The default location tolerance: 1e-10 of the interval's scale, never below the double grid. */
export function defaultTolerance(lo: number, hi: number): number {
  return 1e-10 * Math.max(1, Math.abs(lo), Math.abs(hi), hi - lo);
}

/** Validates a maximiser's interval; refuses it instead of returning a meaningless point. */
export function assertInterval(name: string, lo: number, hi: number): void {
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo <= hi)) {
    throw new RangeError(`${name}: need a finite interval lo ≤ hi, got [${lo}, ${hi}]`);
  }
}

/** Calls `f` and refuses NaN, which no comparison can rank. */
export function evaluate(name: string, f: (x: number) => number, x: number): number {
  const value = f(x);
  if (Number.isNaN(value)) throw new RangeError(`${name}: f(${x}) is NaN`);
  return value;
}
