/**
 * The learned market's learner (MODEL §7): multinomial logistic regression with an L2 penalty, fitted by
 * Newton's method. The training objective over a dataset of label counts c_ik on feature rows x_i is
 *
 *   J(W) = Σ_{i,k} c_ik · (−log softmax(W·[x_i, 1])_k) + (l2/2)·‖W‖²,
 *
 * the bias inside the penalty so that J is strictly convex for l2 > 0 (softmax alone is unchanged by
 * adding one vector to every class's row, so without it the optimum is not unique). A count is a
 * repetition: c copies of an example weigh exactly like one example counted c times. Rows with no
 * examples are skipped, so a pass costs O(rows with data · p) and a Hessian O(rows with data · p²), with
 * p = classes·(dims + 1) weights. Everything is deterministic.
 */
import { size, type Dataset } from "./dataset.js";
import { choleskyFactor, choleskySolve, solveSpd } from "./cholesky.js";

export { solveSpd };

/**
 * A fitted classifier: `weights` holds `classes × (dims + 1)` entries, row-major; row k is class k's
 * feature weights followed by its bias.
 */
export interface Model {
  readonly weights: Float64Array;
  readonly dims: number;
  readonly classes: number;
}

/** Newton stops once ‖∇J‖∞ falls to this fraction of the number of examples (floored at one example). */
const GRADIENT_TOLERANCE = 1e-10;
const MAX_NEWTON_STEPS = 100;
/** Armijo's sufficient-decrease fraction of the predicted decrease. */
const ARMIJO = 1e-4;
/** Step halvings before the line search gives up: 2^-60 of a Newton step changes no weight. */
const MAX_HALVINGS = 60;
/**
 * The rounding of J, relative to J + (number of examples): each example's loss log-sum-exp − z_k carries
 * a rounding of a few ε·|z|. Within it the line search cannot tell better from worse by J, so it judges
 * a step by whether ‖∇J‖∞ falls instead.
 */
const OBJECTIVE_ROUNDING = 1e-12;

/**
 * The model with every weight 0: it predicts the uniform distribution over the classes.
 *
 * @example zeroModel(2, 3).weights.length // => 9
 * @throws RangeError when `dims` or `classes` is not a whole number (classes ≥ 1).
 */
export function zeroModel(dims: number, classes: number): Model {
  if (!Number.isInteger(dims) || dims < 0 || !Number.isInteger(classes) || classes < 1) {
    throw new RangeError(`zeroModel: need whole dims ≥ 0 and classes ≥ 1, got ${dims} and ${classes}`);
  }
  return { weights: new Float64Array(classes * (dims + 1)), dims, classes };
}

function checkShape(model: Model, data: Dataset, caller: string): void {
  const { dims, classes } = data;
  if (model.dims !== dims || model.classes !== classes || model.weights.length !== classes * (dims + 1)) {
    throw new RangeError(`${caller}: a model of ${model.classes} classes × ${model.dims} dims (${model.weights.length} weights) for data of ${classes} × ${dims}`);
  }
}

/** Writes row `row`'s logits W·[x, 1] into `logits` and returns their log-sum-exp, computed from the largest. */
function logitsOf(weights: Float64Array, x: Float64Array, row: number, dims: number, classes: number, logits: Float64Array): number {
  const stride = dims + 1;
  const base = row * dims;
  let largest = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < classes; k += 1) {
    let z = weights[k * stride + dims];
    for (let f = 0; f < dims; f += 1) z += weights[k * stride + f] * x[base + f];
    logits[k] = z;
    if (z > largest) largest = z;
  }
  let total = 0;
  for (let k = 0; k < classes; k += 1) total += Math.exp(logits[k] - largest);
  return largest + Math.log(total);
}

/** Σ_k counts of row `row`. */
function rowTotal(counts: Float64Array, row: number, classes: number): number {
  let n = 0;
  for (let k = 0; k < classes; k += 1) n += counts[row * classes + k];
  return n;
}

/**
 * The rows of a dataset that hold examples, ascending, with their totals: a buyer's data fills a few of
 * a large pool's rows, and every pass of a fit need visit only those.
 */
interface ActiveRows {
  rows: Int32Array;
  totals: Float64Array;
}

function activeRows(data: Dataset): ActiveRows {
  const rows: number[] = [];
  const totals: number[] = [];
  for (let i = 0; i < data.rows; i += 1) {
    const n = rowTotal(data.counts, i, data.classes);
    if (n === 0) continue;
    rows.push(i);
    totals.push(n);
  }
  return { rows: Int32Array.from(rows), totals: Float64Array.from(totals) };
}

/** Σ_{i,k} c_ik · (log-sum-exp_i − z_ik): the summed cross-entropy, each term ≥ 0. */
function summedLoss(weights: Float64Array, data: Dataset, active: ActiveRows = activeRows(data)): number {
  const { x, dims, classes, counts } = data;
  const logits = new Float64Array(classes);
  let loss = 0;
  for (let r = 0; r < active.rows.length; r += 1) {
    const i = active.rows[r];
    const lse = logitsOf(weights, x, i, dims, classes, logits);
    for (let k = 0; k < classes; k += 1) {
      const c = counts[i * classes + k];
      if (c !== 0) loss += c * (lse - logits[k]);
    }
  }
  return loss;
}

function squaredNorm(weights: Float64Array): number {
  let s = 0;
  for (let q = 0; q < weights.length; q += 1) s += weights[q] * weights[q];
  return s;
}

/**
 * J at `weights`, with ∇J written into `out`, in one pass over the rows: a Newton step's trial point
 * needs both, and the logits are the work they share.
 */
function objectiveAndGradientInto(weights: Float64Array, data: Dataset, l2: number, out: Float64Array, active: ActiveRows = activeRows(data)): number {
  const { x, dims, classes, counts } = data;
  const stride = dims + 1;
  const logits = new Float64Array(classes);
  for (let q = 0; q < out.length; q += 1) out[q] = l2 * weights[q];
  let loss = 0;
  for (let r = 0; r < active.rows.length; r += 1) {
    const i = active.rows[r];
    const n = active.totals[r];
    const lse = logitsOf(weights, x, i, dims, classes, logits);
    for (let k = 0; k < classes; k += 1) {
      const c = counts[i * classes + k];
      if (c !== 0) loss += c * (lse - logits[k]);
      const residual = n * Math.exp(logits[k] - lse) - c;
      for (let f = 0; f < dims; f += 1) out[k * stride + f] += residual * x[i * dims + f];
      out[k * stride + dims] += residual;
    }
  }
  return loss + (l2 / 2) * squaredNorm(weights);
}

/** Writes ∇J at `weights` into `out`: Σ_i (n_i·π_ik − c_ik)·[x_i, 1] for class k's row, plus l2·W. */
function gradientInto(weights: Float64Array, data: Dataset, l2: number, out: Float64Array, active: ActiveRows = activeRows(data)): void {
  const { x, dims, classes, counts } = data;
  const stride = dims + 1;
  const logits = new Float64Array(classes);
  for (let q = 0; q < out.length; q += 1) out[q] = l2 * weights[q];
  for (let r = 0; r < active.rows.length; r += 1) {
    const i = active.rows[r];
    const n = active.totals[r];
    const lse = logitsOf(weights, x, i, dims, classes, logits);
    for (let k = 0; k < classes; k += 1) {
      const residual = n * Math.exp(logits[k] - lse) - counts[i * classes + k];
      for (let f = 0; f < dims; f += 1) out[k * stride + f] += residual * x[i * dims + f];
      out[k * stride + dims] += residual;
    }
  }
}

/**
 * The objective J(W) of the module comment: summed cross-entropy of the counted examples, in nats, plus
 * (l2/2)·‖W‖² (bias included).
 *
 * Cost: O(rows with data · p).
 *
 * @example objective(zeroModel(1, 2), labelledDataset(Float64Array.of(0), 1, 2, [1]), 1) // => Math.LN2
 * @throws RangeError when the model's shape does not match the data.
 */
export function objective(model: Model, data: Dataset, l2: number): number {
  checkShape(model, data, "objective");
  return summedLoss(model.weights, data) + (l2 / 2) * squaredNorm(model.weights);
}

/**
 * ∇J, in the layout of `model.weights`. With `l2 = 0` it is the gradient of the summed loss alone, the
 * per-dataset gradient the valuation methods compare.
 *
 * Cost: O(rows with data · p).
 *
 * @example gradient(zeroModel(1, 2), labelledDataset(Float64Array.of(2), 1, 2, [1]), 0) // => Float64Array [1, 0.5, -1, -0.5]
 * @throws RangeError when the model's shape does not match the data.
 */
export function gradient(model: Model, data: Dataset, l2: number): Float64Array {
  checkShape(model, data, "gradient");
  const out = new Float64Array(model.weights.length);
  gradientInto(model.weights, data, l2, out);
  return out;
}

/**
 * ∇²J, p × p row-major (p = classes·(dims + 1)): for each row, n_i·(diag π_i − π_i π_iᵀ) ⊗ [x_i, 1][x_i, 1]ᵀ,
 * summed, plus l2·I. Positive definite for l2 > 0.
 *
 * Cost: O(rows with data · p²).
 *
 * @example hessian(zeroModel(0, 2), labelledDataset(new Float64Array(0), 0, 2, [0]), 1) // => Float64Array [1.25, -0.25, -0.25, 1.25]
 * @throws RangeError when the model's shape does not match the data.
 */
export function hessian(model: Model, data: Dataset, l2: number): Float64Array {
  checkShape(model, data, "hessian");
  const out = lowerHessian(model.weights, data, l2);
  const p = model.weights.length;
  for (let r = 0; r < p; r += 1) for (let c = r + 1; c < p; c += 1) out[r * p + c] = out[c * p + r];
  return out;
}

/**
 * ∇²J's lower triangle (entry (r, c) with c ≤ r; the rest 0), all that a Cholesky factor reads: half
 * the work of the whole matrix, which a Newton step spends most of its time on.
 */
function lowerHessian(weights: Float64Array, data: Dataset, l2: number, active: ActiveRows = activeRows(data)): Float64Array {
  const { x, dims, classes } = data;
  const stride = dims + 1;
  const p = classes * stride;
  const out = new Float64Array(p * p);
  for (let q = 0; q < p; q += 1) out[q * p + q] = l2;
  const logits = new Float64Array(classes);
  const probs = new Float64Array(classes);
  const row = new Float64Array(stride);
  row[dims] = 1;
  for (let r = 0; r < active.rows.length; r += 1) {
    const i = active.rows[r];
    const n = active.totals[r];
    const lse = logitsOf(weights, x, i, dims, classes, logits);
    for (let k = 0; k < classes; k += 1) probs[k] = Math.exp(logits[k] - lse);
    for (let f = 0; f < dims; f += 1) row[f] = x[i * dims + f];
    for (let k = 0; k < classes; k += 1) {
      for (let l = 0; l <= k; l += 1) {
        const a = n * ((k === l ? probs[k] : 0) - probs[k] * probs[l]);
        for (let f = 0; f < stride; f += 1) {
          const af = a * row[f];
          const at = (k * stride + f) * p + l * stride;
          // Below the diagonal: all of an off-diagonal block, the lower half of a diagonal one.
          const last = l === k ? f : stride - 1;
          for (let g = 0; g <= last; g += 1) out[at + g] += af * row[g];
        }
      }
    }
  }
  return out;
}

/**
 * The Cholesky factor of ∇²J at `model` over `data` (see `hessian`): the metric of the Newton steps of
 * every refit near that model on nearly that data, which `fit` accepts as `options.factor` (the
 * valuation methods refit one buyer's model on many coalitions of a period's offers).
 *
 * Cost: O(rows with data · p²) + p³/6.
 *
 * @throws RangeError when the model's shape does not match the data, or the Hessian is not positive definite in doubles.
 */
export function hessianFactor(model: Model, data: Dataset, l2: number): Float64Array {
  checkShape(model, data, "hessianFactor");
  return choleskyFactor(lowerHessian(model.weights, data, l2), model.weights.length);
}

/**
 * The model's class probabilities softmax(W·[x, 1]) for one row of `dims` features.
 *
 * @example predictProba(zeroModel(2, 4), Float64Array.of(3, -1)) // => Float64Array [0.25, 0.25, 0.25, 0.25]
 * @throws RangeError when `features` does not hold `dims` numbers.
 */
export function predictProba(model: Model, features: Float64Array): Float64Array {
  const { weights, dims, classes } = model;
  if (features.length !== dims) throw new RangeError(`predictProba: ${features.length} features for a model of ${dims} dims`);
  const probs = new Float64Array(classes);
  const lse = logitsOf(weights, features, 0, dims, classes, probs);
  for (let k = 0; k < classes; k += 1) probs[k] = Math.exp(probs[k] - lse);
  return probs;
}

function examplesOf(data: Dataset, caller: string): number {
  const n = size(data);
  if (!(n > 0)) throw new RangeError(`${caller} requires at least one example`);
  return n;
}

/**
 * Mean cross-entropy in nats, Σ counts·ℓ / Σ counts: the buyer's validation loss that the valuation
 * methods predict the change of.
 *
 * @example meanLoss(zeroModel(1, 3), labelledDataset(Float64Array.of(5, 6), 1, 3, [0, 2])) // => Math.log(3)
 * @throws RangeError when the data has no examples or its shape does not match the model.
 */
export function meanLoss(model: Model, data: Dataset): number {
  checkShape(model, data, "meanLoss");
  return summedLoss(model.weights, data) / examplesOf(data, "meanLoss");
}

/**
 * ∇meanLoss with respect to the weights, in their layout: `gradient(model, data, 0)` over the number of
 * examples.
 *
 * @example meanLossGradient(zeroModel(1, 2), labelledDataset(Float64Array.of(2, 2), 1, 2, [1, 1])) // => Float64Array [1, 0.5, -1, -0.5]
 * @throws RangeError when the data has no examples or its shape does not match the model.
 */
export function meanLossGradient(model: Model, data: Dataset): Float64Array {
  const out = gradient(model, data, 0);
  const n = examplesOf(data, "meanLossGradient");
  for (let q = 0; q < out.length; q += 1) out[q] /= n;
  return out;
}

/**
 * Expected accuracy: the count-weighted mean probability the model gives each example's label, which is
 * the accuracy of a classifier that draws its answer from the model's probabilities. Unlike `accuracy` it
 * moves smoothly with the weights, so a small validation set still registers a better model.
 *
 * @example expectedAccuracy(zeroModel(1, 4), labelledDataset(Float64Array.of(1, 2), 1, 4, [0, 3])) // => 0.25
 * @throws RangeError when the data has no examples or its shape does not match the model.
 */
export function expectedAccuracy(model: Model, data: Dataset): number {
  return meanOverExamples(model, data, "expectedAccuracy", (logits, lse, counts, at) => {
    let credit = 0;
    for (let k = 0; k < logits.length; k += 1) credit += counts[at + k] * Math.exp(logits[k] - lse);
    return credit;
  });
}

/**
 * Count-weighted accuracy: the fraction of examples whose label is the model's predicted class, the
 * largest logit (the same order as the probabilities, but logits that differ never tie by rounding).
 *
 * - Ties go to the lowest class index, so the zero model predicts class 0 everywhere.
 *
 * Cost: O(rows · classes · dims).
 *
 * @example accuracy(zeroModel(1, 2), labelledDataset(Float64Array.of(1, 2, 3), 1, 2, [0, 1, 0])) // => 2 / 3
 * @throws RangeError when the data has no examples or its shape does not match the model.
 */
export function accuracy(model: Model, data: Dataset): number {
  return meanOverExamples(model, data, "accuracy", (logits, _lse, counts, at) => {
    let predicted = 0;
    for (let k = 1; k < logits.length; k += 1) if (logits[k] > logits[predicted]) predicted = k;
    return counts[at + predicted];
  });
}

/**
 * The count-weighted mean of a per-example credit: `credit(logits, lse, counts, at)` returns the credit
 * summed over the examples of one row, whose label counts start at `counts[at]`; rows without examples
 * are skipped.
 */
function meanOverExamples(
  model: Model,
  data: Dataset,
  caller: string,
  credit: (logits: Float64Array, lse: number, counts: Float64Array, at: number) => number,
): number {
  checkShape(model, data, caller);
  const { x, rows, dims, classes, counts } = data;
  const logits = new Float64Array(classes);
  let total = 0;
  for (let i = 0; i < rows; i += 1) {
    if (rowTotal(counts, i, classes) === 0) continue;
    const lse = logitsOf(model.weights, x, i, dims, classes, logits);
    total += credit(logits, lse, counts, i * classes);
  }
  return total / examplesOf(data, caller);
}

function largestMagnitude(v: Float64Array): number {
  let m = 0;
  for (let q = 0; q < v.length; q += 1) m = Math.max(m, Math.abs(v[q]));
  return m;
}

/** How `fit` may save Hessians; the optimum it reaches does not depend on them. */
export interface FitOptions {
  /**
   * A Cholesky factor of the Hessian near the optimum (`hessianFactor` of a nearby model on nearby
   * data), used as the first steps' metric instead of computing one at the start.
   */
  factor?: Float64Array;
  /**
   * Stop once ‖∇J‖∞ ≤ tolerance · max(1, number of examples) (default `GRADIENT_TOLERANCE`, 1e-10): a
   * valuation's refits, whose worth is a validation loss compared across coalitions, may stop sooner
   * (`VALUATION_TOLERANCE`).
   */
  tolerance?: number;
}

/**
 * The gradient tolerance of a valuation's refits (LOO, TMC-Shapley): at ‖∇J‖∞ ≤ 1e-7 an example the
 * weights are within about 1e-7·n·√p / l2 of the optimum, and a validation loss moves at most its
 * Lipschitz constant times that: measured, 8e-8 on LOO scores up to 0.11 (1e-10 gave 1.3e-10), against
 * differences between coalitions of order 1e-3 and TMC-Shapley's own sampling error of tens of per
 * cent. It saves about a third of a refit's Newton steps; the buyer's own model keeps 1e-10.
 */
export const VALUATION_TOLERANCE = 1e-7;

/**
 * A Newton step's metric is kept for the next step while the step cuts ‖∇J‖∞ at least to this share of
 * what it was; a slower fall means the Hessian has moved, and it is recomputed. Exact Newton steps near
 * the optimum cut it far more (quadratic convergence), so the rule only bites on a stale metric.
 */
const REFRESH_RATIO = 0.25;

/**
 * Fits the model: the unique minimiser of J (module comment) by Newton's method, each step `−H⁻¹∇J`
 * solved by Cholesky and shortened by halving until J falls by at least 10⁻⁴ of its predicted decrease
 * (Armijo).
 *
 * - The Hessian is computed at the start (or taken from `options.factor`) and kept while each step cuts
 *   the gradient to a quarter or less (`REFRESH_RATIO`), else recomputed: near the optimum one Hessian
 *   serves several steps, each of which costs only a gradient and a loss.
 * - Starts from `start` when given (a warm start: the buyer's last model converges in a step or two),
 *   else from the zero model; the optimum, and so the result up to the tolerance, does not depend on it.
 * - Stops once ‖∇J‖∞ ≤ 1e-10 · max(1, number of examples), or after 100 Newton steps.
 * - When J's change drops below its rounding, a step is kept only if it lowers ‖∇J‖∞; if no step does,
 *   the fit stops there, at the floor of double precision.
 * - Counts may be any non-negative reals (a fraction weighs an example fractionally); no examples
 *   gives the zero model.
 * - Deterministic: the same data, l2 and start give the same bits.
 *
 * Cost per Newton step: O(rows with data · p) for the gradient and losses, plus, when the metric is
 * refreshed, O(rows with data · p²) for the Hessian and p³/6 for its factor; from a cold start
 * typically 5–10 steps.
 *
 * @example accuracy(fit(labelledDataset(Float64Array.of(-1, 1), 1, 2, [0, 1]), 1), labelledDataset(Float64Array.of(-1, 1), 1, 2, [0, 1])) // => 1
 * @throws RangeError when `l2` is not a positive finite number, when `start` does not match the data's
 *   shape or has a weight that is not finite, or when l2 is so small against the data that the Hessian
 *   is not positive definite in doubles.
 */
export function fit(data: Dataset, l2: number, start?: Model, options: FitOptions = {}): Model {
  if (!(l2 > 0) || !Number.isFinite(l2)) throw new RangeError(`fit: l2 must be a positive finite number, got ${l2}`);
  const initial = start ?? zeroModel(data.dims, data.classes);
  checkShape(initial, data, "fit");
  // A NaN weight would make every comparison below false and come back as a NaN model.
  if (!initial.weights.every(Number.isFinite)) throw new RangeError("fit: the start model has a weight that is not finite");
  const { dims, classes } = data;
  const p = initial.weights.length;
  const examples = size(data);
  const tolerance = (options.tolerance ?? GRADIENT_TOLERANCE) * Math.max(1, examples);
  let weights = Float64Array.from(initial.weights);
  const active = activeRows(data);
  let grad = new Float64Array(p);
  let value = objectiveAndGradientInto(weights, data, l2, grad, active);
  let trial = new Float64Array(p);
  let trialGrad = new Float64Array(p);
  // The step's metric: a Hessian factor, kept while it keeps the gradient falling fast (see FitOptions).
  let factor = options.factor ?? null;
  let fresh = false;
  for (let step = 0; step < MAX_NEWTON_STEPS && largestMagnitude(grad) > tolerance; step += 1) {
    if (factor === null) {
      factor = choleskyFactor(lowerHessian(weights, data, l2, active), p);
      fresh = true;
    }
    const direction = choleskySolve(factor, p, grad); // the step is −direction
    let slope = 0;
    for (let q = 0; q < p; q += 1) slope -= grad[q] * direction[q];
    let accepted = false;
    for (let t = 1, halvings = 0; halvings <= MAX_HALVINGS && !accepted; t /= 2, halvings += 1) {
      for (let q = 0; q < p; q += 1) trial[q] = weights[q] - t * direction[q];
      // The full step is usually taken, so its gradient is computed with its loss; a shortened one's only if it is taken.
      const trialValue = t === 1 ? objectiveAndGradientInto(trial, data, l2, trialGrad, active) : summedLoss(trial, data, active) + (l2 / 2) * squaredNorm(trial);
      if (trialValue <= value + ARMIJO * t * slope) {
        if (t !== 1) gradientInto(trial, data, l2, trialGrad, active);
        accepted = true;
      } else if (trialValue <= value + OBJECTIVE_ROUNDING * (value + examples)) {
        if (t !== 1) gradientInto(trial, data, l2, trialGrad, active);
        accepted = largestMagnitude(trialGrad) < largestMagnitude(grad);
      }
      if (accepted) {
        // A metric that no longer cuts the gradient to a quarter is refreshed at the new point.
        if (largestMagnitude(trialGrad) > REFRESH_RATIO * largestMagnitude(grad)) factor = null;
        [weights, trial] = [trial, weights];
        [grad, trialGrad] = [trialGrad, grad];
        value = trialValue;
      }
    }
    if (!accepted) {
      // A stale metric gets one more chance as the true Hessian; a fresh one that finds no step is the end.
      if (fresh) break;
      factor = null;
      continue;
    }
    fresh = false;
  }
  return { weights, dims, classes };
}
