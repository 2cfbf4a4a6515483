/**
 * A cell is the unit of work a long command can checkpoint and resume: one simulation seed, one theory
 * figure, one sweep point under one seed.
 */

/**
 * Computes one cell from its key and its inputs (the validated config and seed), or reuses a saved
 * result for the same key, inputs and code; the CLI's checkpoint (cli/checkpoint.ts) is one such runner.
 * `compute` may return a promise: a sweep's cell can be computed on a worker thread.
 */
export type CellRunner = <T>(key: string, inputs: unknown, compute: () => T | Promise<T>) => Promise<T>;

/** Computes every cell afresh: what a job does without a checkpoint. */
export const computeCell: CellRunner = async (_key, _inputs, compute) => compute();
