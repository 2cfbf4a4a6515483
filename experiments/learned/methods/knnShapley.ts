/**
 * KNN-Shapley (Jia et al. 2019, "Efficient task-specific data valuation for nearest neighbor
 * algorithms"; MODEL §7): the exact Shapley value of every training point in the game whose worth is a
 * k-nearest-neighbour classifier's validation accuracy,
 *
 *   U(S) = mean over validation points v of (1/k)·Σ_{r=1}^{min(k,|S|)} 1[y of the r-th nearest point of S to v = y_v],
 *
 * U(∅) = 0. Per validation point, with the N points sorted nearest first (Euclidean distance, ties to the
 * smaller point index) as α_1..α_N and m_i = 1[y_{α_i} = y_v], Theorem 1 of the paper gives
 *
 *   s_{α_N} = m_N·min(k, N)/(N·k),   s_{α_i} = s_{α_{i+1}} + (m_i − m_{i+1})/k · min(k, i)/i,
 *
 * in O(N log N) instead of 2^N utilities. (The paper writes s_{α_N} = m_N/N, which assumes N ≥ k; for
 * N < k the farthest point always counts, and its value is m_N/k.) Points at the same distance with the same
 * label get the same value, so a run of c copies of one example is one step of the recursion, not c.
 */
import { size, type Dataset } from "../dataset.js";
import type { ValuationMethod, ValuationProblem } from "./method.js";

/** Points given one by one: row i of `x` (`dims` features) has label `labels[i]`. */
export interface LabelledPoints {
  x: Float64Array;
  dims: number;
  labels: ArrayLike<number>;
}

/**
 * Adds `weight · s` to `values[run]` for every run, where s is the KNN-Shapley value of each point of that
 * run for one validation point of label `label`: `order[0..length)` lists the runs nearest first, and run r
 * holds `sizes[r]` points of label `labels[r]` at consecutive positions. `total` is the number of points.
 */
function addRunValues(
  order: Int32Array,
  length: number,
  labels: ArrayLike<number>,
  sizes: ArrayLike<number>,
  total: number,
  label: number,
  k: number,
  weight: number,
  values: Float64Array,
): void {
  if (length === 0) return;
  let run = order[length - 1];
  let match = labels[run] === label ? 1 : 0;
  let value = (match * Math.min(k, total)) / (total * k);
  values[run] += weight * value;
  let position = total - sizes[run]; // the last position of the next-nearer run
  for (let t = length - 2; t >= 0; t -= 1) {
    run = order[t];
    const nearer = labels[run] === label ? 1 : 0;
    value += ((nearer - match) / k) * (Math.min(k, position) / position);
    values[run] += weight * value;
    match = nearer;
    position -= sizes[run];
  }
}

function squaredDistance(a: Float64Array, i: number, b: Float64Array, j: number, dims: number): number {
  let d = 0;
  for (let f = 0; f < dims; f += 1) {
    const e = a[i * dims + f] - b[j * dims + f];
    d += e * e;
  }
  return d;
}

function checkFeatures(x: Float64Array, caller: string): void {
  for (let q = 0; q < x.length; q += 1) {
    if (!Number.isFinite(x[q])) throw new RangeError(`${caller}: feature ${q} is ${x[q]}; distances need finite features`);
  }
}

function checkNeighbours(k: number, caller: string): void {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`${caller}: k must be a positive integer, got ${k}`);
}

function checkPoints(points: LabelledPoints, name: string): void {
  if (!Number.isInteger(points.dims) || points.dims < 0 || points.x.length !== points.labels.length * points.dims) {
    throw new RangeError(`knnShapleyPoints: ${name} has ${points.x.length} features for ${points.labels.length} labels of ${points.dims} dims`);
  }
  checkFeatures(points.x, "knnShapleyPoints");
}

/**
 * The exact KNN-Shapley value of each point, averaged over the validation points.
 *
 * - Ties in distance go to the smaller point index, which is the nearer.
 * - Efficiency: the values sum to U(all points), since U(∅) = 0.
 * - No points: an empty array.
 *
 * Cost: O(V·(N·dims + N log N)) for N points and V validation points; memory O(N).
 *
 * @example knnShapleyPoints({ x: Float64Array.of(0, 5), dims: 1, labels: [1, 0] }, { x: Float64Array.of(1), dims: 1, labels: [1] }, 1) // => Float64Array [1, 0]
 * @throws RangeError when `k` is not a positive integer, there are no validation points, the dims disagree,
 *   a feature count does not match its labels, or a feature is not finite.
 */
export function knnShapleyPoints(points: LabelledPoints, validation: LabelledPoints, k: number): Float64Array {
  checkNeighbours(k, "knnShapleyPoints");
  checkPoints(points, "points");
  checkPoints(validation, "validation");
  if (points.dims !== validation.dims) throw new RangeError(`knnShapleyPoints: points of ${points.dims} dims, validation of ${validation.dims}`);
  const n = points.labels.length;
  const v = validation.labels.length;
  if (v === 0) throw new RangeError("knnShapleyPoints: no validation points");
  const values = new Float64Array(n);
  const ones = new Float64Array(n).fill(1);
  const distance = new Float64Array(n);
  const order = new Int32Array(n);
  for (let t = 0; t < v; t += 1) {
    for (let i = 0; i < n; i += 1) {
      distance[i] = squaredDistance(points.x, i, validation.x, t, points.dims);
      order[i] = i;
    }
    order.sort((a, b) => distance[a] - distance[b] || a - b);
    addRunValues(order, n, points.labels, ones, n, validation.labels[t], k, 1 / v, values);
  }
  return values;
}

/**
 * The problem's examples as runs: every (row, label, source) with a positive count, grouped by row in
 * `rowStart` (CSR), labels ascending, then sources in order (0 = the buyer's training set, then the
 * offers). That is the point index order: rows ascending, then label, then source, then copy.
 */
interface Runs {
  rowStart: Int32Array;
  source: Int32Array;
  label: Int32Array;
  size: Float64Array;
  total: number;
}

function runsOf(sources: ReadonlyArray<Dataset>): Runs {
  const { rows, classes, x } = sources[0];
  const rowStart = new Int32Array(rows + 1);
  const source: number[] = [];
  const label: number[] = [];
  const size: number[] = [];
  let total = 0;
  for (let i = 0; i < rows; i += 1) {
    rowStart[i] = source.length;
    // Label before source: equal examples from different sources sit side by side in the tie order, so
    // equal datasets are symmetric players and get exactly equal values.
    for (let c = 0; c < classes; c += 1) {
      sources.forEach((data, s) => {
        if (data.x !== x || data.rows !== rows || data.classes !== classes) throw new RangeError("knnShapley: an offer over a different pool than the training set");
        const count = data.counts[i * classes + c];
        if (count === 0) return;
        if (!Number.isInteger(count) || count < 0) throw new RangeError(`knnShapley: count ${count} at row ${i}, label ${c} is not a whole number`);
        source.push(s);
        label.push(c);
        size.push(count);
        total += count;
      });
    }
  }
  rowStart[rows] = source.length;
  return { rowStart, source: Int32Array.from(source), label: Int32Array.from(label), size: Float64Array.from(size), total };
}

/**
 * Each offer's KNN-Shapley score: the sum of its examples' values, with the buyer's training examples and
 * every offer's examples as the players and the validation set's examples as the validation points.
 *
 * - A count c at (row i, label y) is c points with row i's features; validation counts likewise.
 * - Point index order, which breaks distance ties: pool rows ascending, then labels ascending, then the
 *   training set before the offers in their order (so equal datasets score exactly alike).
 * - An offer with no examples scores 0. The training set's own share is not returned, so the scores sum
 *   to U(all) − (the training set's share), not to U(all).
 *
 * Cost: O(V·(R·dims + R log R + G·L)) for V validation rows, R pool rows holding examples, G runs (distinct
 * (row, source, label) with a positive count) and L distinct labels per validation row; independent of how
 * many copies a count stands for.
 *
 * @example knnShapley.value({ ...problem, neighbours: 1 }) // => a score per offer; with the training set's share they sum to the 1-NN validation accuracy
 * @throws RangeError when `neighbours` is not a positive integer, the validation set is empty or of another
 *   shape, the offers and the training set do not share one pool, a count is fractional, or a feature is not finite.
 */
export const knnShapley: ValuationMethod = {
  id: "knnShapley",
  description: "KNN-Shapley (Jia et al. 2019): an offer's exact Shapley share of a k-NN classifier's validation accuracy",
  value(problem: ValuationProblem): number[] {
    const { train, offers, validation, neighbours: k } = problem;
    checkNeighbours(k, "knnShapley");
    if (validation.dims !== train.dims || validation.classes !== train.classes) {
      throw new RangeError(`knnShapley: validation of ${validation.classes} classes × ${validation.dims} dims, training set of ${train.classes} × ${train.dims}`);
    }
    checkFeatures(train.x, "knnShapley");
    checkFeatures(validation.x, "knnShapley");
    const runs = runsOf([train, ...offers]);
    const validationExamples = size(validation);
    if (!(validationExamples > 0)) throw new RangeError("knnShapley: the validation set has no examples");
    const scores = new Array<number>(offers.length).fill(0);
    if (runs.total === 0) return scores;
    const active = Int32Array.from({ length: train.rows }, (_, i) => i).filter((i) => runs.rowStart[i + 1] > runs.rowStart[i]);
    const distance = new Float64Array(train.rows);
    const order = new Int32Array(runs.size.length);
    const values = new Float64Array(runs.size.length);
    const { classes, counts } = validation;
    for (let t = 0; t < validation.rows; t += 1) {
      let weight = 0;
      for (let c = 0; c < classes; c += 1) weight += counts[t * classes + c];
      if (weight === 0) continue;
      // One distance per pool row and one sort per validation row, shared by all its labels and copies.
      for (const i of active) distance[i] = squaredDistance(train.x, i, validation.x, t, train.dims);
      active.sort((a, b) => distance[a] - distance[b] || a - b);
      let length = 0;
      for (const i of active) for (let r = runs.rowStart[i]; r < runs.rowStart[i + 1]; r += 1) order[length++] = r;
      for (let c = 0; c < classes; c += 1) {
        if (counts[t * classes + c] > 0) addRunValues(order, length, runs.label, runs.size, runs.total, c, k, counts[t * classes + c], values);
      }
    }
    for (let r = 0; r < values.length; r += 1) {
      if (runs.source[r] > 0) scores[runs.source[r] - 1] += (runs.size[r] * values[r]) / validationExamples;
    }
    return scores;
  },
};
