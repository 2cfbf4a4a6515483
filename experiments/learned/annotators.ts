/**
 * The learned market's data (MODEL §7): a task split into a pool that annotators label, a validation set
 * that valuation methods score against, and a test set that only measures performance; and the sellers,
 * annotators whose labels carry noise that falls with their quality.
 */
import { stream } from "../random.js";
import { emptyDataset, labelledDataset, type Dataset } from "./dataset.js";
import type { Task } from "./tasks.js";

export interface SplitSizes {
  validation: number;
  test: number;
  pool: number;
  /** Clean examples every buyer starts from (the first pool rows, true labels), so that its first model is not a coin. */
  seedExamples: number;
}

/** What a split's rows are labelled in one period: fixed for a table, moving with a drifting teacher. */
export interface PeriodLabels {
  /** The pool rows' true labels, which annotators see through their noise. */
  poolLabels: Int32Array;
  validation: Dataset;
  test: Dataset;
}

export interface TaskSplit extends PeriodLabels {
  task: Task;
  /** The pool's feature rows (row-major, `pool × dims`), shared by every seller's batch and buyer's training set. */
  poolX: Float64Array;
  /** The buyers' common starting data (labelled as in period 1). */
  seedSet: Dataset;
  /** The labels of period `period` (the period-1 ones, the fields above, unless the task's labels move). */
  at(period: number): PeriodLabels;
}

/**
 * Why `sizes` cannot split `task`, with the config field to name (under `valuation`), or null when they can.
 *
 * @example splitRefusal(loadTask("penguins"), { validation: 200, test: 100, pool: 100, seedExamples: 1 })?.message // => "validation + test + pool must be at most the 342 rows of task penguins, got 400"
 */
export function splitRefusal(task: Task, sizes: SplitSizes): { field: string; message: string } | null {
  const { validation, test, pool, seedExamples } = sizes;
  if (validation + test + pool > task.rows) {
    return { field: "valuation", message: `validation + test + pool must be at most the ${task.rows} rows of task ${task.spec.id}, got ${validation + test + pool}` };
  }
  if (seedExamples > pool) return { field: "valuation.seedExamples", message: `must be at most the pool (${pool}), got ${seedExamples}` };
  return null;
}

/**
 * Splits a task's rows, shuffled by the stream (seed, "split", task), into validation, test and pool
 * sets of the given sizes, in that order; rows beyond their sum are not used.
 *
 * @example splitTask(loadTask("penguins"), 7, { validation: 80, test: 120, pool: 140, seedExamples: 6 }).test.rows // => 120
 * @throws RangeError when splitRefusal refuses the sizes (learnedSource turns that into a ConfigError first).
 */
export function splitTask(task: Task, seed: number, sizes: SplitSizes): TaskSplit {
  const refusal = splitRefusal(task, sizes);
  if (refusal !== null) throw new RangeError(`${refusal.field}: ${refusal.message}`);
  const { validation, test, pool, seedExamples } = sizes;
  const order = Array.from({ length: task.rows }, (_, i) => i);
  const u = stream(seed, "split", task.spec.id);
  for (let i = order.length - 1; i > 0; i -= 1) {
    const j = Math.floor(u() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const rowsOf = (from: number, count: number) => order.slice(from, from + count);
  const features = (rows: number[]) => {
    const x = new Float64Array(rows.length * task.dims);
    rows.forEach((r, i) => x.set(task.x.subarray(r * task.dims, (r + 1) * task.dims), i * task.dims));
    return x;
  };
  const classes = task.classes.length;
  const poolRows = rowsOf(validation + test, pool);
  const poolX = features(poolRows);
  const validationX = features(rowsOf(0, validation));
  const testX = features(rowsOf(validation, test));
  const labelled = (all: Int32Array): PeriodLabels => {
    const labels = (rows: number[]) => Int32Array.from(rows, (r) => all[r]);
    return {
      poolLabels: labels(poolRows),
      validation: labelledDataset(validationX, task.dims, classes, labels(rowsOf(0, validation))),
      test: labelledDataset(testX, task.dims, classes, labels(rowsOf(validation, test))),
    };
  };
  const first = labelled(task.labels);
  const seedSet = emptyDataset(poolX, pool, task.dims, classes);
  for (let i = 0; i < seedExamples; i += 1) seedSet.counts[i * classes + first.poolLabels[i]] += 1;
  // A drifting task relabels its rows every period; each period's sets are built once.
  const periods = new Map<number, PeriodLabels>([[1, first]]);
  const at = (period: number): PeriodLabels => {
    if (task.labelsAt === undefined) return first;
    let labels = periods.get(period);
    if (labels === undefined) periods.set(period, (labels = labelled(task.labelsAt(period))));
    return labels;
  };
  return { task, poolX, ...first, seedSet, at };
}

/**
 * Seller `sellerId`'s period-`period` dataset: `size` pool rows drawn uniformly with replacement, each
 * labelled correctly (the row's true label in that period, `split.at(period)`) with probability `quality`
 * (the annotator's `θ_j`) and otherwise with a class drawn uniformly (possibly the right one by chance),
 * so the label error rate is `(1 − θ)(K − 1)/K`. The draws
 * come from the stream (seed, "batch", seller, period): every buyer and every pricing group is offered the
 * same dataset (data is non-rival; groups differ by policy alone).
 *
 * @example annotatorBatch(split, 7, "S1", 3, 1, 10) // => 10 correctly labelled pool examples
 */
export function annotatorBatch(split: TaskSplit, seed: number, sellerId: string, period: number, quality: number, size: number): Dataset {
  const classes = split.task.classes.length;
  const truth = split.at(period).poolLabels;
  const rows = truth.length;
  const batch = emptyDataset(split.poolX, rows, split.task.dims, classes);
  const u = stream(seed, "batch", sellerId, period);
  for (let e = 0; e < size; e += 1) {
    const row = Math.floor(u() * rows);
    const label = u() < quality ? truth[row] : Math.floor(u() * classes);
    batch.counts[row * classes + label] += 1;
  }
  return batch;
}
