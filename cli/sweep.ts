import { join } from "node:path";
import { parseArgs } from "node:util";
import { loadSweep, sweepCells, type SweepCell } from "../experiments/sweepConfig.js";
import { sweepHead } from "../experiments/sweepSummary.js";
import { loadValuation, type Valuation } from "../experiments/valuation.js";
import { withCheckpoint } from "./checkpoint.js";
import { codeVersion } from "./codeVersion.js";
import { EXIT, UsageError } from "./errors.js";
import type { Io } from "./io.js";
import { mapInOrder } from "../experiments/mapInOrder.js";
import { MAX_WORKERS } from "./workerPool.js";
import { withMwpMode } from "./mwpFlag.js";
import { parseInteger } from "./parse.js";
import { sweepDigest, writeShardFile } from "./shardFile.js";
import { cellComputer } from "./sweepCell.js";
import { writeSweepOutputs } from "./sweepOutputs.js";
import { inShard, parseShard, shardName } from "./sweepShard.js";
import { progressLine } from "./progress.js";

export const SWEEP_USAGE = "sweep SWEEP.json [--out DIR] [--check] [--workers N] [--shard I/N] [--mwp exact|fractional]";

export { MAX_WORKERS };

/** The checkpoint key and inputs of a cell: the same whether it runs sharded, on a worker or in-process. */
function cellIdentity({ point, seed }: SweepCell, valuations: ReadonlyArray<Valuation>) {
  return { key: `point${point.index}-seed${seed}`, inputs: { config: point.config, seed, valuation: valuations[point.index].digest } };
}

/**
 * `sweep SWEEP.json [--out DIR] [--check] [--workers N] [--shard I/N] [--mwp exact|fractional]`: the sweep's base config at every
 * grid point under its seeds (one cell per point × seed, in that order), summarised by `sweepRows`, written
 * to `DIR/sweep.json` and `DIR/sweep.csv` (default `reports/sweeps/<name>`), and, when every point's
 * groups include fairshare and exploitative, each point's paired differences and claim verdicts to
 * `DIR/verdicts.json` and `DIR/verdicts.md` (experiments/sweepVerdicts.ts; cli/sweepOutputs.ts).
 *
 * - Every point's config, and an imported valuation file, is validated before the first cell runs: a bad
 *   value writes nothing.
 * - `--check` checks every period of every run against the invariants of experiments/invariants.ts and
 *   stops at the first broken one (exit 1).
 * - `--workers N` (1 to MAX_WORKERS, default 1: in this thread) computes up to N cells at once on worker
 *   threads. The rows are put together in cell order, so the outputs are byte-identical for every N.
 * - `--mwp` sets every point's `algorithm1.mwp` (cli/mwpFlag.ts), as if the base config said so.
 * - `--shard I/N` computes only shard I's cells (cli/sweepShard.ts) and writes them to
 *   `DIR/shard-I-of-N.json` (cli/shardFile.ts) instead of the summary; `merge` joins the N shard files.
 * - Finished cells are checkpointed in `DIR/.checkpoint/` (a shard's in `DIR/.checkpoint-shard-I-of-N/`,
 *   since shards may share DIR); SIGINT or SIGTERM stops at the next cell, once the cells in progress
 *   have finished and been saved (exit 130 or 143), and after that or SIGKILL the same command resumes,
 *   reusing them, with byte-identical outputs. The checkpoint is deleted once the outputs are written.
 *
 * @throws UsageError for a bad `--workers` or `--shard`, naming the flag and the value.
 */
export async function sweep(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { out: { type: "string" }, check: { type: "boolean" }, workers: { type: "string" }, shard: { type: "string" }, mwp: { type: "string" } },
    strict: true,
    allowPositionals: true,
  });
  const workers = values.workers === undefined ? 1 : parseInteger("--workers", values.workers, 1, MAX_WORKERS);
  const shard = values.shard === undefined ? null : parseShard(values.shard);
  if (positionals.length !== 1) throw new UsageError(`expects one SWEEP file, got ${positionals.length === 0 ? "none" : JSON.stringify(positionals.join(" "))}`);
  const loaded = loadSweep(positionals[0]);
  const { spec, basePath } = loaded;
  const points = loaded.points.map((point) => ({ ...point, config: withMwpMode(point.config, values.mwp) }));
  const valuations = points.map((point) => loadValuation(point.config, basePath));
  const outDir = values.out ?? join("reports", "sweeps", spec.name);
  const head = sweepHead(spec, points);
  const cells = sweepCells({ spec, points });
  const mine = shard === null ? cells : cells.filter((cell) => inShard(cell.index, shard));
  const computer = cellComputer(workers, { basePath, check: values.check === true }, valuations);

  try {
    const privateDir = shard === null ? undefined : join(outDir, `.checkpoint-${shardName(shard)}`);
    const { result, resumed } = await withCheckpoint(
      outDir,
      async (cell) => {
        const progress = progressLine(io, spec.name);
        let done = 0;
        progress(done, mine.length);
        const rowsByCell = await mapInOrder(mine, workers, async (c) => {
          const { key, inputs } = cellIdentity(c, valuations);
          const rows = await cell(key, inputs, () => computer.rows(c));
          progress((done += 1), mine.length);
          return rows;
        });
        const rows = rowsByCell.flat().length;
        if (shard === null) {
          return { rows, written: writeSweepOutputs(outDir, head, rowsByCell.flat()) };
        }
        const owned = Object.fromEntries(mine.map((c, k) => [String(c.index), rowsByCell[k]]));
        return { rows, written: writeShardFile(outDir, { shard, sweep: sweepDigest(head, points, valuations), code: codeVersion(), head, cells: owned }) };
      },
      privateDir,
    );
    const share = shard === null ? "" : `shard ${shard.index}/${shard.count}, ${mine.length} of ${cells.length} cells, `;
    io.stdout(`${spec.name}: ${points.length} points × ${spec.seeds} seeds (${share}${result.rows} rows) → ${result.written}${resumed}\n`);
  } finally {
    await computer.close();
  }
  return EXIT.ok;
}
