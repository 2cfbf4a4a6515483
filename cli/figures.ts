import { existsSync, readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { basename, join } from "node:path";
import { parseArgs } from "node:util";
import { manifestSchema, type Figure, type ManifestEntry } from "../experiments/figure.js";
import { ATLAS_FINE_SWEEPS, ATLAS_SWEEPS, type AtlasSweeps } from "../experiments/atlasJob.js";
import { FIGURE_IDS, JOBS, type FigureId, type LearnedCellTask } from "../experiments/figureSet.js";
import type { RunRecord } from "../experiments/records.js";
import { houseStyle, renderPng, renderSvg } from "../experiments/render.js";
import { writeFileAtomic } from "./atomicWrite.js";
import { withCheckpoint } from "./checkpoint.js";
import { EXIT, UsageError } from "./errors.js";
import { requireInvariants } from "./invariantCheck.js";
import type { Io } from "./io.js";
import { parseInteger, parseList } from "./parse.js";
import { progressLine } from "./progress.js";
import { MAX_WORKERS, workerPool } from "./workerPool.js";

export const FIGURES_USAGE = "figures [--only fig3,fig4a] [--seeds N] [--out DIR] [--check] [--workers N] [--fine] [--atlas DIR]";

interface FiguresOptions {
  only: ReadonlySet<FigureId>;
  /** Undefined: each job's own default (experiments/figureSet.ts). */
  seeds: number | undefined;
  outDir: string;
  check: boolean;
  /** Worker threads for the learned study's and the atlas's cells; 1 runs them in this thread. */
  workers: number;
  /** The atlas's sweep files: `--atlas DIR` (default experiments/sweeps), the `Fine` ones under `--fine`. */
  atlas: AtlasSweeps;
}

/** The atlas's sweeps in `dir`: `atlasUtility.json` and `atlasSellers.json`, or their `Fine` versions. */
function atlasSweeps(dir: string | undefined, fine: boolean): AtlasSweeps {
  const chosen = fine ? ATLAS_FINE_SWEEPS : ATLAS_SWEEPS;
  if (dir === undefined) return chosen;
  return { utility: join(dir, basename(chosen.utility)), sellers: join(dir, basename(chosen.sellers)) };
}

function parseFiguresOptions(args: string[]): FiguresOptions {
  const { values } = parseArgs({
    args,
    options: { only: { type: "string" }, seeds: { type: "string" }, out: { type: "string" }, check: { type: "boolean" }, workers: { type: "string" }, fine: { type: "boolean" }, atlas: { type: "string" } },
    strict: true,
    allowPositionals: false,
  });
  const only = new Set<FigureId>();
  for (const id of values.only === undefined ? FIGURE_IDS : parseList("--only", values.only)) {
    const known = FIGURE_IDS.find((candidate) => candidate.toLowerCase() === id.toLowerCase());
    if (known === undefined) throw new UsageError(`--only: unknown figure id ${JSON.stringify(id)} (known: ${FIGURE_IDS.join(", ")})`);
    only.add(known);
  }
  return {
    only,
    seeds: values.seeds === undefined ? undefined : parseInteger("--seeds", values.seeds, 1),
    outDir: values.out ?? join("reports", "figures"),
    check: values.check === true,
    workers: values.workers === undefined ? Math.min(MAX_WORKERS, availableParallelism()) : parseInteger("--workers", values.workers, 1, MAX_WORKERS),
    atlas: atlasSweeps(values.atlas, values.fine === true),
  };
}

/** The manifest entries already in `path` (a previous `--only` run keeps the others), or none. */
function previousManifest(path: string): ManifestEntry[] {
  if (!existsSync(path)) return [];
  try {
    const entries = manifestSchema.safeParse(JSON.parse(readFileSync(path, "utf8")));
    // a manifest we cannot read is rebuilt from what this run makes
    return entries.success ? entries.data : [];
  } catch {
    return [];
  }
}

function manifestEntry({ id, title, caption, config, seed, seeds }: Figure): ManifestEntry {
  return seeds === undefined ? { id, title, caption, config, seed } : { id, title, caption, config, seed, seeds };
}

/**
 * `figures [--only fig3,fig4a] [--seeds N] [--out DIR] [--check] [--workers N] [--fine] [--atlas DIR]`: computes
 * the figures of MODEL §9 and the atlas (issue #14) and writes, for each, `<id>.vl.json` (the Vega-Lite
 * spec, data inline), `<id>.svg` and `<id>.png`, Tables 1 and 2 as `table1.json`, `table1.md`,
 * `table2.json` and `table2.md`, the atlas's panels as `atlas.json` and `atlas.md`, and `manifest.json`,
 * into `DIR` (default `reports/figures`).
 *
 * - `--seeds N` sets how many seeds every seed-averaging job runs; without it each job takes its own
 *   default (20 for Fig. 4 and Table 1, 5 for the learned study of Fig. 6, Fig. 7 and Table 2, the
 *   sweep file's `seeds` for the atlas).
 * - `--check` checks every simulated period against the invariants of experiments/invariants.ts before
 *   any figure is drawn from it, and stops at the first broken one (exit 1).
 * - `--workers N` (default: the machine's cores, at most MAX_WORKERS) computes up to N of the learned
 *   study's and the atlas's cells at once on worker threads (cli/learnedWorker.ts); the outputs are the
 *   same bytes for every N, since each cell is one seed's run and the figures are drawn in cell order.
 * - `--fine` runs the atlas (atlasUtility, atlasSellers, atlasHorizon, atlas) on the finer grids of
 *   `atlasUtilityFine.json` and `atlasSellersFine.json`; `--atlas DIR` reads the atlas's sweep files
 *   (`atlasUtility.json` and `atlasSellers.json`, or the `Fine` ones) from DIR instead of experiments/sweeps.
 * - Every file is written atomically; the manifest last, so it never lists a figure whose files are missing.
 * - Each simulation seed and theory figure is checkpointed in `DIR/.checkpoint/` as it finishes. SIGINT or
 *   SIGTERM stops the run at the next cell (exit 130 or 143); after that, or SIGKILL, the same command
 *   resumes without recomputing finished cells, and writes the same bytes as an uninterrupted run. The
 *   checkpoint is deleted once every output is written.
 */
export async function figures(args: string[], io: Io): Promise<number> {
  const options = parseFiguresOptions(args);
  const manifestPath = join(options.outDir, "manifest.json");
  // Started lazily by the pool: a run without learned cells to compute starts no thread.
  const pool = options.workers > 1 ? workerPool<LearnedCellTask, RunRecord>(new URL("./learnedWorker.ts", import.meta.url), options.workers, null) : null;
  const simulateCell = pool === null ? undefined : (task: LearnedCellTask) => pool.run(task);
  try {
    return await writeFigures(options, manifestPath, io, simulateCell);
  } finally {
    await pool?.close();
  }
}

async function writeFigures(options: FiguresOptions, manifestPath: string, io: Io, simulateCell: ((task: LearnedCellTask) => Promise<RunRecord>) | undefined): Promise<number> {
  const { result: manifest, resumed } = await withCheckpoint(options.outDir, async (cell) => {
    const made = new Map<string, ManifestEntry>(previousManifest(manifestPath).filter((e) => existsSync(join(options.outDir, `${e.id}.vl.json`))).map((e) => [e.id, e]));
    for (const job of JOBS.filter((j) => j.ids.some((id) => options.only.has(id)))) {
      const progress = progressLine(io, job.config.replace(/^.*\/|\.json$/g, ""));
      const inspect = options.check ? requireInvariants : undefined;
      const output = await job.run({ seeds: options.seeds, only: options.only, cell, inspect, progress, simulateCell, concurrency: options.workers, atlas: options.atlas });
      for (const figure of output.figures.filter((f) => options.only.has(f.id as FigureId))) {
        // The spec file carries its provenance too, so a copy taken out of the folder still says what made it.
        const spec = { ...houseStyle(figure.spec), usermeta: manifestEntry(figure) } as typeof figure.spec;
        const svg = await renderSvg(spec);
        writeFileAtomic(join(options.outDir, `${figure.id}.vl.json`), `${JSON.stringify(spec, null, 2)}\n`);
        writeFileAtomic(join(options.outDir, `${figure.id}.svg`), svg);
        writeFileAtomic(join(options.outDir, `${figure.id}.png`), renderPng(svg));
        made.set(figure.id, manifestEntry(figure));
        io.stdout(`${figure.id.padEnd(8)} ${figure.title}\n`);
      }
      for (const { id, table, markdown } of output.tables.filter((t) => options.only.has(t.id))) {
        writeFileAtomic(join(options.outDir, `${id}.json`), `${JSON.stringify(table, null, 2)}\n`);
        writeFileAtomic(join(options.outDir, `${id}.md`), markdown);
        io.stdout(`${id.padEnd(8)} ${table.caption.split(":")[0]}\n`);
      }
    }
    const order = (id: string) => FIGURE_IDS.indexOf(id as FigureId);
    const entries = [...made.values()].sort((a, b) => order(a.id) - order(b.id));
    writeFileAtomic(manifestPath, `${JSON.stringify(entries, null, 2)}\n`);
    return entries;
  });
  io.stdout(`${manifest.length} figures in ${options.outDir}/manifest.json${resumed}\n`);
  return EXIT.ok;
}
