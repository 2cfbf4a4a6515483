/**
 * Every figure of MODEL §9 that `npm run figures` makes, grouped into the jobs that compute them: one
 * simulation (or theory computation) feeds several figures, so asking for fig4a runs the fig4 config once
 * and keeps only fig4a.
 */
import type { z } from "zod";
import { simulate } from "./algorithm2.js";
import { computeCell, type CellRunner } from "./cell.js";
import { mapInOrder } from "./mapInOrder.js";
import { loadConfig, type Config } from "./config.js";
import { ConfigError, readJson, validate } from "./configFile.js";
import type { Figure } from "./figure.js";
import { fig2abFigures } from "./figures/fig2ab.js";
import { fig2cdFigures } from "./figures/fig2cd.js";
import { fig3Figure } from "./figures/fig3.js";
import { fig4Figures } from "./figures/fig4.js";
import { fig5Figures } from "./figures/fig5.js";
import { fig6Figure } from "./figures/fig6.js";
import { fig4Verdicts, fig4VerdictsTable } from "./figures/fig4Verdicts.js";
import { fig7Figure } from "./figures/fig7.js";
import { learningCurveFigure } from "./figures/learningCurve.js";
import { lemma4Figure } from "./figures/lemma4.js";
import { royaltyFigure } from "./figures/royalty.js";
import { table1, table1Markdown, type TableText } from "./figures/table1.js";
import { studyOf, studyProtocols } from "./figures/learnedStudy.js";
import { table2, table2Markdown } from "./figures/table2.js";
import { METHOD_IDS } from "./learned/methods/method.js";
import { TASK_IDS } from "./learned/tasks.js";
import { periodMarket } from "./periodMarket.js";
import { loadValuation } from "./valuation.js";
import type { RunRecord } from "./records.js";
import { protocolId } from "./studyConfig.js";
import { atlasJob, type AtlasSweeps } from "./atlasJob.js";
import { fig3ConfigSchema, lemma4ConfigSchema, royaltyConfigSchema } from "./theoryConfigs.js";

/** Every output id, in the order the manifest and the report list them. */
export const FIGURE_IDS = ["fig2a", "fig2b", "fig2c", "fig2d", "fig3", "fig4a", "fig4b", "fig4c", "fig4d", "fig5a", "fig5b", "lemma4", "royalty", "table1", "fig4verdicts", "learningCurve", "fig6", "fig7", "table2", "atlasUtility", "atlasSellers", "atlasHorizon", "atlas"] as const;
export type FigureId = (typeof FIGURE_IDS)[number];

/** Fig. 4 averages at least this many seeds by default (the floor). */
export const DEFAULT_SEEDS = 20;

/**
 * The learned study (Fig. 6, Fig. 7, Table 2) averages this many seeds per cell by default (the issue's
 * floor: ≥ 20 seeds per cell); a config's `study.seeds` or `figures --seeds` sets another count.
 */
export const LEARNED_SEEDS = 20;

export interface JobOutput {
  figures: Figure[];
  /** Tables, each with its Markdown (`<id>.md`). */
  tables: Array<{ id: FigureId; table: TableText; markdown: string }>;
}

export interface JobOptions {
  /**
   * Seeds averaged by the jobs that average seeds: the config's seed and the next `seeds − 1`; undefined
   * lets each job take its default (DEFAULT_SEEDS for Fig. 4 and Table 1; for the learned study its
   * config's `study.seeds`, else LEARNED_SEEDS).
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
  /**
   * How the learned study's simulations run: in this thread unless given (`figures --workers` runs them
   * on worker threads, cli/learnedWorker.ts). Whichever way, a cell's record is the same.
   */
  simulateCell?: (task: LearnedCellTask) => Promise<RunRecord>;
  /** How many of the learned study's cells may be in flight at once (default 1: one after the other). */
  concurrency?: number;
  /** The atlas's sweep files (`figures --fine`, `--atlas DIR`); experiments/atlasJob.ts's ATLAS_SWEEPS unless given. */
  atlas?: AtlasSweeps;
}

/** One learned-study simulation: a cell's config under one seed, as a worker thread receives it. */
export interface LearnedCellTask {
  config: Config;
  seed: number;
  /** The config file the cell's config was read from (for imports relative to it, and the record). */
  configPath: string;
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
 * The learned study (MODEL §7, §9; issue #13): `config` (a market whose valuation is `learned`) under
 * every task × valuation method × learning protocol, the three overriding the config's, each under the
 * config's seed and the next `seeds − 1`. One cell per task × method × protocol × seed, keyed
 * `learned-<task>-<method>-<protocol>-seed<S>` (protocol `accumulate`, `fresh`, `window<W>`), so an
 * interrupted study resumes. Fig. 6 shows the config's own method and protocol; Fig. 7 every method
 * under the config's own protocol; Table 2 every cell.
 *
 * - Protocols: the config's own `valuation.protocol`, then its `study.protocols` (studyProtocols).
 * - Seeds: `seeds` (`figures --seeds`), else `study.seeds`, else LEARNED_SEEDS.
 * - A cell's config has no `study` block, so changing the study's protocols or seeds reuses every
 *   checkpointed cell it still contains.
 * - Every overridden config and its valuation are checked before the first cell runs.
 * - Only what the asked-for ids need is run: fig6 alone needs the config's own method and protocol,
 *   fig7 every method under that protocol, table2 every protocol too.
 *
 * @throws ConfigError when the config's valuation is not `learned`, or a task's split does not fit it.
 */
export function learnedJob(config: string): Job {
  return {
    config,
    ids: ["fig6", "fig7", "table2"],
    async run({ seeds, only, cell = computeCell, inspect, progress, simulateCell, concurrency = 1 }) {
      const base = loadConfig(config);
      const settings = base.valuation;
      if (settings.source !== "learned") throw new ConfigError(`${config}: valuation.source: the learned study needs "learned", got ${JSON.stringify(settings.source)}`);
      const { study, ...market } = base;
      const count = seeds ?? study?.seeds ?? LEARNED_SEEDS;
      const wants = (id: FigureId) => only === undefined || only.has(id);
      const own = { method: settings.method, protocol: protocolId(settings.protocol) };
      const allMethods = wants("fig7") || wants("table2");
      const methods = allMethods ? METHOD_IDS : [own.method];
      const protocols = wants("table2") ? studyProtocols(base) : [settings.protocol];
      // Task, method and protocol come from their own schemas, so the validated config stays valid;
      // whether each task's rows fit the split is checked here, by loadValuation, before the first cell runs.
      const cells = TASK_IDS.flatMap((task) =>
        methods.flatMap((method) =>
          protocols.map((protocol) => {
            const parsed: Config = { ...market, valuation: { ...settings, task, method, protocol } };
            return { task, method, protocol: protocolId(protocol), parsed, valuation: loadValuation(parsed, config) };
          }),
        ),
      );
      const seedsOf = cells.flatMap((c) => Array.from({ length: count }, (_, k) => ({ ...c, seed: c.parsed.seed + k })));
      let done = 0;
      const runs = await mapInOrder(seedsOf, concurrency, async ({ task, method, protocol, parsed, valuation, seed }) => {
        const key = `learned-${task}-${method}-${protocol}-seed${seed}`;
        const compute = () => (simulateCell === undefined ? simulate(parsed, seed, config, valuation.scores) : simulateCell({ config: parsed, seed, configPath: config }));
        const run = await cell(key, { config: parsed, seed, valuation: valuation.digest }, compute);
        inspect?.(run);
        done += 1;
        progress?.(done, seedsOf.length);
        return run;
      });
      const ownProtocol = runs.filter((run) => studyOf(run).protocol === own.protocol);
      const figures = [fig6Figure(ownProtocol.filter((run) => studyOf(run).method === own.method), config)];
      if (allMethods) figures.push(fig7Figure(ownProtocol, config));
      if (!wants("table2")) return { figures, tables: [] };
      const table = table2(runs, config);
      return { figures, tables: [{ id: "table2", table, markdown: table2Markdown(table) }] };
    },
  };
}

/**
 * The learning curve of every task of the learned study (issue #13): a buyer that buys every seller's
 * batch, labelled correctly, under `accumulate`, with the study config's settings, over its periods and
 * seeds (`study.seeds`, else LEARNED_SEEDS; `--seeds` overrides). One cell per task, so it resumes.
 */
function learningCurveJob(config: string): Job {
  return {
    config,
    ids: ["learningCurve"],
    async run({ seeds, cell = computeCell, progress }) {
      const base = loadConfig(config);
      const settings = base.valuation;
      if (settings.source !== "learned") throw new ConfigError(`${config}: valuation.source: the learning curve needs "learned", got ${JSON.stringify(settings.source)}`);
      const count = seeds ?? base.study?.seeds ?? LEARNED_SEEDS;
      const seedList = Array.from({ length: count }, (_, k) => base.seed + k);
      const tasks = TASK_IDS.map((task) => ({ ...settings, task, protocol: "accumulate" as const }));
      const sellers = base.sellers.tiers.reduce((sum, tier) => sum + tier.count, 0);
      const figure = await cell("learningCurve", { tasks, seeds: seedList, periods: base.periods, sellers }, () =>
        learningCurveFigure(tasks, seedList, base.periods, { config }, { sellers }),
      );
      progress?.(1, 1);
      return { figures: [figure], tables: [] };
    },
  };
}

export const JOBS: ReadonlyArray<Job> = [
  simulationJob("fig2", ["fig2a", "fig2b", "fig2c", "fig2d"], () => 1, ([run], config) => {
    const { market, fairPrices, decimals } = periodMarket(run, "fairshare", 1);
    return { figures: [...fig2abFigures(run, config), ...fig2cdFigures(market, fairPrices, { config, seed: run.seed }, decimals)], tables: [] };
  }),
  theoryJob("fig3", fig3ConfigSchema, (params, config) => fig3Figure(params, { config, seed: null })),
  simulationJob("fig4", ["fig4a", "fig4b", "fig4c", "fig4d", "fig5a", "fig5b", "table1", "fig4verdicts"], ({ seeds }) => seeds ?? DEFAULT_SEEDS, (runs, config) => {
    const table = table1(runs, config);
    // The claims page's synthetic setting (issue #14): the same runs, paired by seed.
    const verdicts = fig4VerdictsTable(fig4Verdicts(runs), config);
    return {
      figures: [...fig4Figures(runs, config), ...fig5Figures(runs[0], config)],
      tables: [{ id: "table1", table, markdown: table1Markdown(table) }, { id: "fig4verdicts", table: verdicts, markdown: table1Markdown(verdicts) }],
    };
  }),
  theoryJob("lemma4", lemma4ConfigSchema, (params, config) => lemma4Figure(params, { config, seed: null })),
  // The royalty figure's markets are drawn from the config's seed, which the figure records.
  theoryJob("royalty", royaltyConfigSchema, (params, config) => royaltyFigure(params, { config, seed: params.seed })),
  learningCurveJob(`${CONFIGS}/learned.json`),
  learnedJob(`${CONFIGS}/learned.json`),
  atlasJob(),
];
