import { join } from "node:path";
import { parseArgs } from "node:util";
import { loadSweep, sweepCells, type SweepCell } from "../experiments/sweepConfig.js";
import { sweepHead } from "../experiments/sweepSummary.js";
import { loadValuation, type Valuation } from "../experiments/valuation.js";
import { withCheckpoint } from "./checkpoint.js";
import { EXIT, UsageError } from "./errors.js";
import type { Io } from "./io.js";
import { mapInOrder } from "./mapInOrder.js";
import { parseInteger } from "./parse.js";
import { cellComputer } from "./sweepCell.js";
import { writeSweepOutputs } from "./sweepOutputs.js";

export const SWEEP_USAGE = "sweep SWEEP.json [--out DIR] [--check] [--workers N]";

/**
 * Each worker thread loads its own copy of the code and of the valuations; past this a typo (`--workers
 * 400`) would exhaust memory long before it bought speed.
 */
export const MAX_WORKERS = 64;

/** The checkpoint key and inputs of a cell: the same whether it runs on a worker or in-process. */
function cellIdentity({ point, seed }: SweepCell, valuations: ReadonlyArray<Valuation>) {
  return { key: `point${point.index}-seed${seed}`, inputs: { config: point.config, seed, valuation: valuations[point.index].digest } };
}

/**
 * `sweep SWEEP.json [--out DIR] [--check] [--workers N]`: the sweep's base config at every grid point
 * under its seeds (one cell per point × seed, in that order), summarised by `sweepRows`, written to
 * `DIR/sweep.json` and `DIR/sweep.csv` (default `reports/sweeps/<name>`).
 *
 * - Every point's config, and an imported valuation file, is validated before the first cell runs: a bad
 *   value writes nothing.
 * - `--check` checks every period of every run against the invariants of experiments/invariants.ts and
 *   stops at the first broken one (exit 1).
 * - `--workers N` (1 to MAX_WORKERS, default 1: in this thread) computes up to N cells at once on worker
 *   threads. The rows are put together in cell order, so the outputs are byte-identical for every N.
 * - Finished cells are checkpointed in `DIR/.checkpoint/`; SIGINT or SIGTERM stops at the next cell, once
 *   the cells in progress have finished and been saved (exit 130 or 143), and after that or SIGKILL the
 *   same command resumes, reusing them, with byte-identical outputs. The checkpoint is deleted once both
 *   files are written.
 *
 * @throws UsageError for a bad `--workers`, naming the flag and the value.
 */
export async function sweep(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { out: { type: "string" }, check: { type: "boolean" }, workers: { type: "string" } },
    strict: true,
    allowPositionals: true,
  });
  const workers = values.workers === undefined ? 1 : parseInteger("--workers", values.workers, 1, MAX_WORKERS);
  if (positionals.length !== 1) throw new UsageError(`expects one SWEEP file, got ${positionals.length === 0 ? "none" : JSON.stringify(positionals.join(" "))}`);
  const { spec, basePath, points } = loadSweep(positionals[0]);
  const valuations = points.map((point) => loadValuation(point.config, basePath));
  const outDir = values.out ?? join("reports", "sweeps", spec.name);
  const head = sweepHead(spec, points);
  const cells = sweepCells({ spec, points });
  const computer = cellComputer(workers, { basePath, check: values.check === true }, valuations);

  try {
    const { result: rows, resumed } = await withCheckpoint(outDir, async (cell) => {
      const rowsByCell = await mapInOrder(cells, workers, (c) => {
        const { key, inputs } = cellIdentity(c, valuations);
        return cell(key, inputs, () => computer.rows(c));
      });
      writeSweepOutputs(outDir, head, rowsByCell.flat());
      return rowsByCell.flat();
    });
    io.stdout(`${spec.name}: ${points.length} points × ${spec.seeds} seeds (${rows.length} rows) → ${outDir}/sweep.{json,csv}${resumed}\n`);
  } finally {
    await computer.close();
  }
  return EXIT.ok;
}
