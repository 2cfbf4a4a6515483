/**
 * Linear solves with a symmetric positive definite matrix by Cholesky factorisation, for the Newton steps
 * of experiments/learned/logistic.ts and the influence function's `H⁻¹·g` (MODEL §7). Re-exported by
 * logistic.ts, where the rest of the learned market imports it from.
 */

/**
 * Cholesky solve: the `x` with `A·x = b` for a symmetric positive definite `A` (p × p, row-major).
 *
 * - Only the lower triangle of `A` is read: the upper one is taken to mirror it.
 * - Neither argument is changed.
 * - A pivot that is not strictly positive (or NaN) means `A` is not positive definite to working
 *   precision; the solve refuses rather than return a vector that does not solve anything.
 *
 * Cost: p³/6 multiply-adds for the factor, p² for the two triangular solves.
 *
 * @example solveSpd(Float64Array.of(4, 2, 2, 3), 2, Float64Array.of(2, 1)) // => Float64Array [0.5, 0]
 * @throws RangeError when the sizes disagree or `A` is not positive definite.
 */
export function solveSpd(matrix: Float64Array, p: number, rhs: Float64Array): Float64Array {
  if (!Number.isInteger(p) || p < 0 || matrix.length !== p * p || rhs.length !== p) {
    throw new RangeError(`solveSpd: a ${matrix.length}-entry matrix and a ${rhs.length}-entry right-hand side for p = ${p}`);
  }
  return choleskySolve(choleskyFactor(matrix, p), p, rhs);
}

/**
 * The Cholesky factor `L` (lower triangular, row-major p × p, `A = L·Lᵀ`) of a symmetric positive
 * definite `A`, of which only the lower triangle is read; for solving several right-hand sides, or
 * several Newton steps, with one factorisation.
 *
 * Cost: p³/6 multiply-adds.
 *
 * @example choleskyFactor(Float64Array.of(4, 2, 2, 3), 2) // => Float64Array [2, 0, 1, 1.4142135623730951]
 * @throws RangeError when `A` is not positive definite to working precision.
 */
export function choleskyFactor(matrix: Float64Array, p: number): Float64Array {
  const l = new Float64Array(p * p);
  for (let i = 0; i < p; i += 1) for (let j = 0; j <= i; j += 1) l[i * p + j] = matrix[i * p + j];
  for (let j = 0; j < p; j += 1) {
    let pivot = l[j * p + j];
    for (let k = 0; k < j; k += 1) pivot -= l[j * p + k] * l[j * p + k];
    if (!(pivot > 0)) throw new RangeError(`solveSpd: the matrix is not positive definite (pivot ${j} is ${pivot})`);
    const root = Math.sqrt(pivot);
    l[j * p + j] = root;
    for (let i = j + 1; i < p; i += 1) {
      let entry = l[i * p + j];
      for (let k = 0; k < j; k += 1) entry -= l[i * p + k] * l[j * p + k];
      l[i * p + j] = entry / root;
    }
  }
  return l;
}

/**
 * The `x` with `L·Lᵀ·x = b`, for `L` a factor from `choleskyFactor`; `b` is not changed.
 *
 * Cost: p² multiply-adds.
 *
 * @example choleskySolve(choleskyFactor(Float64Array.of(4, 2, 2, 3), 2), 2, Float64Array.of(2, 1)) // => Float64Array [0.5, 0]
 */
export function choleskySolve(l: Float64Array, p: number, rhs: Float64Array): Float64Array {
  const x = Float64Array.from(rhs);
  for (let i = 0; i < p; i += 1) {
    for (let k = 0; k < i; k += 1) x[i] -= l[i * p + k] * x[k];
    x[i] /= l[i * p + i];
  }
  for (let i = p - 1; i >= 0; i -= 1) {
    for (let k = i + 1; k < p; k += 1) x[i] -= l[k * p + i] * x[k];
    x[i] /= l[i * p + i];
  }
  return x;
}
