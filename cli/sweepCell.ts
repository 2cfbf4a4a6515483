/**
 * Computing a sweep's cells: in this thread (`--workers 1`) or on a pool of worker threads, each cell by
 * the same function, so the rows do not depend on where a cell ran.
 */
import { simulate } from "../experiments/algorithm2.js";
import type { SweepCell, SweepPoint } from "../experiments/sweepConfig.js";
import { sweepRows, type SweepRow } from "../experiments/sweepSummary.js";
import type { MarketValuation, Valuation } from "../experiments/valuation.js";
import { requireInvariants } from "./invariantCheck.js";
import { workerPool } from "./workerPool.js";

/** What every worker of a sweep knows: where the base config is, and whether to check invariants. */
export interface SweepWorkerInput {
  basePath: string;
  check: boolean;
}

/** A cell as a worker receives it: plain data (a valuation holds functions, so each worker loads its own). */
export type SweepTask = Pick<SweepCell, "point" | "seed">;

/**
 * One cell's rows: the point's config simulated under `seed`, checked under `--check`.
 *
 * @throws CheckFailed naming the config, seed, group and period of the first broken invariant.
 */
export function sweepCellRows(point: SweepPoint, seed: number, scores: MarketValuation, { basePath, check }: SweepWorkerInput): SweepRow[] {
  const run = simulate(point.config, seed, basePath, scores);
  if (check) requireInvariants(run);
  return sweepRows(point, run);
}

export interface CellComputer {
  rows(cell: SweepCell): SweepRow[] | Promise<SweepRow[]>;
  /** Stops the workers, if any: called however the sweep ends, so no thread keeps the process alive. */
  close(): Promise<void>;
}

/** Computes cells in this thread when `workers` is 1, else on that many worker threads (cli/sweepWorker.ts). */
export function cellComputer(workers: number, input: SweepWorkerInput, valuations: ReadonlyArray<Valuation>): CellComputer {
  if (workers === 1) {
    return { rows: ({ point, seed }) => sweepCellRows(point, seed, valuations[point.index].scores, input), close: async () => {} };
  }
  const pool = workerPool<SweepTask, SweepRow[]>(new URL("./sweepWorker.ts", import.meta.url), workers, input);
  return { rows: ({ point, seed }) => pool.run({ point, seed }), close: () => pool.close() };
}
