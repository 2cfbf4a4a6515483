import { join } from "node:path";
import { parseArgs } from "node:util";
import { simulate } from "../experiments/algorithm2.js";
import { loadSweep } from "../experiments/sweepConfig.js";
import { loadValuation } from "../experiments/valuation.js";
import { SWEEP_COLUMNS, sweepCsv, sweepRows, type SweepRow } from "../experiments/sweepSummary.js";
import { writeFileAtomic } from "./atomicWrite.js";
import { withCheckpoint } from "./checkpoint.js";
import { EXIT, UsageError } from "./errors.js";
import { requireInvariants } from "./invariantCheck.js";
import type { Io } from "./io.js";

export const SWEEP_USAGE = "sweep SWEEP.json [--out DIR] [--check]";

/**
 * `sweep SWEEP.json [--out DIR] [--check]`: the sweep's base config at every grid point under its seeds (one cell
 * per point × seed, run in that order), summarised by `sweepRows`, written to `DIR/sweep.json` and
 * `DIR/sweep.csv` (default `reports/sweeps/<name>`).
 *
 * - Every point's config, and an imported valuation file, is validated before the first cell runs: a bad
 *   value writes nothing.
 * - `--check` checks every period of every run against the invariants of experiments/invariants.ts and
 *   stops at the first broken one (exit 1).
 * - Finished cells are checkpointed in `DIR/.checkpoint/`; SIGINT or SIGTERM stops at the next cell (exit
 *   130 or 143), and after that or SIGKILL the same command resumes, reusing them, with byte-identical
 *   outputs. The checkpoint is deleted once both files are written.
 */
export async function sweep(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { out: { type: "string" }, check: { type: "boolean" } }, strict: true, allowPositionals: true });
  if (positionals.length !== 1) throw new UsageError(`expects one SWEEP file, got ${positionals.length === 0 ? "none" : JSON.stringify(positionals.join(" "))}`);
  const { spec, basePath, points } = loadSweep(positionals[0]);
  const valuations = points.map((point) => loadValuation(point.config, basePath));
  const outDir = values.out ?? join("reports", "sweeps", spec.name);

  const { result: rows, resumed } = await withCheckpoint(outDir, async (cell) => {
    const rows: SweepRow[] = [];
    for (const point of points) {
      for (let k = 0; k < spec.seeds; k += 1) {
        const seed = point.config.seed + k;
        const compute = () => {
          const run = simulate(point.config, seed, basePath, valuations[point.index].scores);
          if (values.check === true) requireInvariants(run);
          return sweepRows(point, run);
        };
        rows.push(...(await cell(`point${point.index}-seed${seed}`, { config: point.config, seed, valuation: valuations[point.index].digest }, compute)));
      }
    }
    const description = spec.description === undefined ? {} : { description: spec.description };
    const summary = {
      name: spec.name,
      ...description,
      base: spec.base,
      grid: spec.grid,
      seeds: spec.seeds,
      points: points.map(({ index, overrides }) => ({ index, overrides })),
      columns: SWEEP_COLUMNS,
      rows,
    };
    writeFileAtomic(join(outDir, "sweep.json"), `${JSON.stringify(summary)}\n`);
    writeFileAtomic(join(outDir, "sweep.csv"), sweepCsv(points, rows));
    return rows;
  });
  io.stdout(`${spec.name}: ${points.length} points × ${spec.seeds} seeds (${rows.length} rows) → ${outDir}/sweep.{json,csv}${resumed}\n`);
  return EXIT.ok;
}
