/**
 * Every figure of MODEL §9 that `npm run figures` makes, grouped into the jobs that compute them: one
 * simulation (or theory computation) feeds several figures, so asking for fig4a runs the fig4 config once
 * and keeps only fig4a.
 */
import type { z } from "zod";
import { simulate } from "./algorithm2.js";
import { computeCell, type CellRunner } from "./cell.js";
import { loadConfig } from "./config.js";
import { readJson, validate } from "./configFile.js";
import type { Figure } from "./figure.js";
import { fig2abFigures } from "./figures/fig2ab.js";
import { fig2cdFigures } from "./figures/fig2cd.js";
import { fig3Figure } from "./figures/fig3.js";
import { fig4Figures } from "./figures/fig4.js";
import { fig5Figures } from "./figures/fig5.js";
import { lemma4Figure } from "./figures/lemma4.js";
import { royaltyFigure } from "./figures/royalty.js";
import { table1, type Table } from "./figures/table1.js";
import { periodMarket } from "./periodMarket.js";
import { loadValuation } from "./valuation.js";
import type { RunRecord } from "./records.js";
import { fig3ConfigSchema, lemma4ConfigSchema, royaltyConfigSchema } from "./theoryConfigs.js";

/** Every output id, in the order the manifest and the report list them. */
export const FIGURE_IDS = ["fig2a", "fig2b", "fig2c", "fig2d", "fig3", "fig4a", "fig4b", "fig4c", "fig4d", "fig5a", "fig5b", "lemma4", "royalty", "table1"] as const;
export type FigureId = (typeof FIGURE_IDS)[number];

/** Fig. 4 averages at least this many seeds by default (the floor). */
export const DEFAULT_SEEDS = 20;

export interface JobOutput {
  figures: Figure[];
  tables: Array<{ id: FigureId; table: Table }>;
}

export interface JobOptions {
  /** Seeds averaged by Fig. 4 and Table 1: the config's seed and the next `seeds − 1`. */
  seeds: number;
  /** How cells are computed; `computeCell` (no checkpoint) unless given. */
  cell?: CellRunner;
  /** Called with every run before a figure is drawn from it (`figures --check` passes the invariant check). */
  inspect?: (run: RunRecord) => void;
  /** Called after each step (a simulation, or the one computation of a theory figure) with (finished, total), for a progress bar. */
  progress?: (done: number, total: number) => void;
}

export interface Job {
  /** The config file, relative to the repository root. */
  config: string;
  ids: ReadonlyArray<FigureId>;
  run(options: JobOptions): Promise<JobOutput>;
}

const CONFIGS = "experiments/configs";

/** Runs of `config` under its seed and the next `seeds − 1`, one cell each, reporting progress after each. */
async function runSeeds(name: string, config: string, seeds: number, { cell = computeCell, inspect, progress }: JobOptions): Promise<RunRecord[]> {
  const parsed = loadConfig(config);
  const { scores, digest: valuation } = loadValuation(parsed, config);
  const runs: RunRecord[] = [];
  for (let k = 0; k < seeds; k += 1) {
    const seed = parsed.seed + k;
    const run = await cell(`${name}-seed${seed}`, { config: parsed, seed, valuation }, () => simulate(parsed, seed, config, scores));
    inspect?.(run);
    runs.push(run);
    progress?.(k + 1, seeds);
  }
  return runs;
}

/**
 * Figures drawn from simulations: `experiments/configs/<name>.json` run under `seeds(options)` seeds
 * (its own seed first), the runs handed to `build`.
 */
function simulationJob(
  name: string,
  ids: ReadonlyArray<FigureId>,
  seeds: (options: JobOptions) => number,
  build: (runs: RunRecord[], config: string) => JobOutput,
): Job {
  const config = `${CONFIGS}/${name}.json`;
  return { config, ids, run: async (options) => build(await runSeeds(name, config, seeds(options), options), config) };
}

/**
 * A figure computed from the theory alone: validate `experiments/configs/<id>.json` with its schema and
 * build the one figure from it. The deterministic ones record seed null.
 */
function theoryJob<Schema extends z.ZodType<{ figure: string }>>(
  id: FigureId,
  schema: Schema,
  build: (params: Omit<z.output<Schema>, "figure">, config: string) => Figure,
): Job {
  const config = `${CONFIGS}/${id}.json`;
  return {
    config,
    ids: [id],
    async run({ cell = computeCell, progress }) {
      const { figure: _, ...params } = validate(schema, readJson(config), config);
      const figure = await cell(id, params, () => build(params, config));
      progress?.(1, 1);
      return { figures: [figure], tables: [] };
    },
  };
}

export const JOBS: ReadonlyArray<Job> = [
  simulationJob("fig2", ["fig2a", "fig2b", "fig2c", "fig2d"], () => 1, ([run], config) => {
    const { market, fairPrices } = periodMarket(run, "fairshare", 1);
    return { figures: [...fig2abFigures(run, config), ...fig2cdFigures(market, fairPrices, { config, seed: run.seed })], tables: [] };
  }),
  theoryJob("fig3", fig3ConfigSchema, (params, config) => fig3Figure(params, { config, seed: null })),
  simulationJob("fig4", ["fig4a", "fig4b", "fig4c", "fig4d", "fig5a", "fig5b", "table1"], ({ seeds }) => seeds, (runs, config) => ({
    figures: [...fig4Figures(runs, config), ...fig5Figures(runs[0], config)],
    tables: [{ id: "table1", table: table1(runs, config) }],
  })),
  theoryJob("lemma4", lemma4ConfigSchema, (params, config) => lemma4Figure(params, { config, seed: null })),
  // The royalty figure's markets are drawn from the config's seed, which the figure records.
  theoryJob("royalty", royaltyConfigSchema, (params, config) => royaltyFigure(params, { config, seed: params.seed })),
];
