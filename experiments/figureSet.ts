/**
 * Every figure of MODEL §9 that `npm run figures` makes, grouped into the jobs that compute them: one
 * simulation (or theory computation) feeds several figures, so asking for fig4a runs the fig4 config once
 * and keeps only fig4a.
 */
import type { z } from "zod";
import { simulate } from "./algorithm2.js";
import { computeCell, type CellRunner } from "./cell.js";
import { loadConfig, type Config } from "./config.js";
import { ConfigError, readJson, validate } from "./configFile.js";
import type { Figure } from "./figure.js";
import { fig2abFigures } from "./figures/fig2ab.js";
import { fig2cdFigures } from "./figures/fig2cd.js";
import { fig3Figure } from "./figures/fig3.js";
import { fig4Figures } from "./figures/fig4.js";
import { fig5Figures } from "./figures/fig5.js";
import { fig6Figure } from "./figures/fig6.js";
import { fig7Figure } from "./figures/fig7.js";
import { lemma4Figure } from "./figures/lemma4.js";
import { royaltyFigure } from "./figures/royalty.js";
import { table1, table1Markdown, type Table } from "./figures/table1.js";
import { table2, table2Markdown } from "./figures/table2.js";
import { METHOD_IDS } from "./learned/methods/method.js";
import { TASK_IDS } from "./learned/tasks.js";
import { periodMarket } from "./periodMarket.js";
import { loadValuation } from "./valuation.js";
import type { RunRecord } from "./records.js";
import { fig3ConfigSchema, lemma4ConfigSchema, royaltyConfigSchema } from "./theoryConfigs.js";

/** Every output id, in the order the manifest and the report list them. */
export const FIGURE_IDS = ["fig2a", "fig2b", "fig2c", "fig2d", "fig3", "fig4a", "fig4b", "fig4c", "fig4d", "fig5a", "fig5b", "lemma4", "royalty", "table1", "fig6", "fig7", "table2"] as const;
export type FigureId = (typeof FIGURE_IDS)[number];

/** Fig. 4 averages at least this many seeds by default (the floor). */
export const DEFAULT_SEEDS = 20;

/**
 * The learned study (Fig. 6, Fig. 7, Table 2) averages this many seeds by default: each is a learned
 * market run per task × method, far slower than a synthetic run.
 */
export const LEARNED_SEEDS = 5;

export interface JobOutput {
  figures: Figure[];
  /** Tables, each with its Markdown (`<id>.md`). */
  tables: Array<{ id: FigureId; table: Table<unknown>; markdown: string }>;
}

export interface JobOptions {
  /**
   * Seeds averaged by the jobs that average seeds: the config's seed and the next `seeds − 1`; undefined
   * lets each job take its default (DEFAULT_SEEDS for Fig. 4 and Table 1, LEARNED_SEEDS for the learned study).
   */
  seeds: number | undefined;
  /** The ids asked for, when not all: a job may skip work that only the others need. */
  only?: ReadonlySet<FigureId>;
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

/**
 * The learned robustness study (MODEL §7, §9): `config` (a market whose valuation is `learned`) under
 * every task × valuation method, the task and method overriding the config's, each under the config's
 * seed and the next `seeds − 1` (default LEARNED_SEEDS). One cell per task × method × seed, keyed
 * `learned-<task>-<method>-seed<S>`, so an interrupted study resumes. Fig. 6 shows the config's own
 * method; Fig. 7 and Table 2 every method.
 *
 * - Every overridden config and its valuation are checked before the first cell runs.
 * - When only fig6 is asked for, only the config's own method is run.
 *
 * @throws ConfigError when the config's valuation is not `learned`, or a task's split does not fit it.
 */
export function learnedJob(config: string): Job {
  return {
    config,
    ids: ["fig6", "fig7", "table2"],
    async run({ seeds = LEARNED_SEEDS, only, cell = computeCell, inspect, progress }) {
      const base = loadConfig(config);
      const settings = base.valuation;
      if (settings.source !== "learned") throw new ConfigError(`${config}: valuation.source: the learned study needs "learned", got ${JSON.stringify(settings.source)}`);
      const own = settings.method;
      const methods = only !== undefined && !only.has("fig7") && !only.has("table2") ? [own] : METHOD_IDS;
      // Task and method come from their own enums, so the validated config stays valid; whether each
      // task's rows fit the split is checked here, by loadValuation, before the first cell runs.
      const cells = TASK_IDS.flatMap((task) =>
        methods.map((method) => {
          const parsed: Config = { ...base, valuation: { ...settings, task, method } };
          return { task, method, parsed, valuation: loadValuation(parsed, config) };
        }),
      );
      const total = cells.length * seeds;
      const runs: RunRecord[] = [];
      for (const { task, method, parsed, valuation } of cells) {
        for (let k = 0; k < seeds; k += 1) {
          const seed = parsed.seed + k;
          const key = `learned-${task}-${method}-seed${seed}`;
          const run = await cell(key, { config: parsed, seed, valuation: valuation.digest }, () => simulate(parsed, seed, config, valuation.scores));
          inspect?.(run);
          runs.push(run);
          progress?.(runs.length, total);
        }
      }
      const fig6 = fig6Figure(runs.filter((run) => run.config.valuation.source === "learned" && run.config.valuation.method === own), config);
      if (methods.length < METHOD_IDS.length) return { figures: [fig6], tables: [] };
      const table = table2(runs, config);
      return { figures: [fig6, fig7Figure(runs, config)], tables: [{ id: "table2", table, markdown: table2Markdown(table) }] };
    },
  };
}

export const JOBS: ReadonlyArray<Job> = [
  simulationJob("fig2", ["fig2a", "fig2b", "fig2c", "fig2d"], () => 1, ([run], config) => {
    const { market, fairPrices, decimals } = periodMarket(run, "fairshare", 1);
    return { figures: [...fig2abFigures(run, config), ...fig2cdFigures(market, fairPrices, { config, seed: run.seed }, decimals)], tables: [] };
  }),
  theoryJob("fig3", fig3ConfigSchema, (params, config) => fig3Figure(params, { config, seed: null })),
  simulationJob("fig4", ["fig4a", "fig4b", "fig4c", "fig4d", "fig5a", "fig5b", "table1"], ({ seeds }) => seeds ?? DEFAULT_SEEDS, (runs, config) => {
    const table = table1(runs, config);
    return { figures: [...fig4Figures(runs, config), ...fig5Figures(runs[0], config)], tables: [{ id: "table1", table, markdown: table1Markdown(table) }] };
  }),
  theoryJob("lemma4", lemma4ConfigSchema, (params, config) => lemma4Figure(params, { config, seed: null })),
  // The royalty figure's markets are drawn from the config's seed, which the figure records.
  theoryJob("royalty", royaltyConfigSchema, (params, config) => royaltyFigure(params, { config, seed: params.seed })),
  learnedJob(`${CONFIGS}/learned.json`),
];
