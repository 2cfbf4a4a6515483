/**
 * A labelled dataset of the learned market (MODEL §7), stored as label counts over a table of feature
 * rows. Every seller's batch and every buyer's training set draws its items from one pool, so a union of
 * datasets is a sum of counts, and a learner's cost per pass is bounded by the pool's size, not by how
 * many examples a buyer has bought over a long run.
 */

export interface Dataset {
  /** Feature rows, row-major, `rows × dims`; datasets over the same pool share this array. */
  readonly x: Float64Array;
  readonly rows: number;
  readonly dims: number;
  readonly classes: number;
  /** `counts[i · classes + k]`: how many examples have the features of row i and label k (whole numbers ≥ 0). */
  readonly counts: Float64Array;
}

/** The dataset over `x` with no examples. */
export function emptyDataset(x: Float64Array, rows: number, dims: number, classes: number): Dataset {
  return { x, rows, dims, classes, counts: new Float64Array(rows * classes) };
}

/**
 * The dataset with one example per row, row i labelled `labels[i]`: a validation or test set.
 *
 * @throws RangeError when a label lies outside `[0, classes)` or the lengths disagree.
 */
export function labelledDataset(x: Float64Array, dims: number, classes: number, labels: ArrayLike<number>): Dataset {
  const rows = labels.length;
  if (x.length !== rows * dims) throw new RangeError(`labelledDataset: ${x.length} features for ${rows} rows of ${dims}`);
  const data = emptyDataset(x, rows, dims, classes);
  for (let i = 0; i < rows; i += 1) {
    const k = labels[i];
    if (!Number.isInteger(k) || k < 0 || k >= classes) throw new RangeError(`labelledDataset: label ${k} of row ${i} is not a class in [0, ${classes})`);
    data.counts[i * classes + k] += 1;
  }
  return data;
}

/**
 * The multiset union of datasets over the same pool: their counts added.
 *
 * @throws RangeError when the datasets do not share one feature table.
 */
export function union(first: Dataset, ...rest: ReadonlyArray<Dataset>): Dataset {
  const counts = Float64Array.from(first.counts);
  for (const other of rest) {
    if (other.x !== first.x || other.classes !== first.classes) throw new RangeError("union: datasets over different pools");
    for (let i = 0; i < counts.length; i += 1) counts[i] += other.counts[i];
  }
  return { ...first, counts };
}

/** The number of examples in a dataset. */
export function size(data: Dataset): number {
  let n = 0;
  for (let i = 0; i < data.counts.length; i += 1) n += data.counts[i];
  return n;
}
