/**
 * The `learned` valuation source (MODEL §7): each buyer trains a logistic model on what it has bought
 * (all of it, the last W periods' or this period's, by the learning protocol), a valuation method scores
 * the period's datasets against what the buyer would train on without them, and the buyer's performance
 * is its test accuracy. Unlike `synthetic` and `import`, a score depends on what the buyer bought
 * before, so each pricing group keeps its own buyers' models.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Config, Group } from "../config.js";
import { ConfigError } from "../configFile.js";
import { stream } from "../random.js";
import type { SyntheticSeller } from "../synthetic.js";
import { annotatorBatch, splitRefusal, splitTask, type TaskSplit } from "./annotators.js";
import { emptyDataset, union, type Dataset } from "./dataset.js";
import { accuracy, expectedAccuracy, fit, type Model } from "./logistic.js";
import { VALUATION_METHODS } from "./methods/index.js";
import type { ValuationMethod, ValuationProblem } from "./methods/method.js";
import { datasetsFolder, loadTask, type TableId, type Task } from "./tasks.js";
import { TEACHER_DEFAULTS, TEACHER_SIZES, teacherTask } from "./teacher.js";

export type LearnedSettings = Extract<Config["valuation"], { source: "learned" }>;
export type LearningProtocol = LearnedSettings["protocol"];

/** What a period's training does for each buyer (buyers in config order). */
export interface Learned {
  /** Test accuracy of the buyer's model after this period's training. */
  performance: number[];
  /**
   * What this period's purchases added: its test accuracy less that of the model it would have had
   * without them (trained on the same older data). Under `accumulate` that model is last period's, so
   * the gain is the rise in accuracy; under a window the older data left out is left out of both.
   */
  gain: number[];
}

/** One pricing group's buyers under the learned source: what Algorithm 2 asks of it each period. */
export interface GroupLearning {
  /** `v_{bj,t} ≥ 0` of every active seller's period-t dataset to every buyer, buyers in config order. */
  scores(period: number, active: ReadonlyArray<SyntheticSeller>): number[][];
  /** Trains each buyer on its protocol's data with this period's purchases (indices into `active`). */
  learn(period: number, active: ReadonlyArray<SyntheticSeller>, bought: ReadonlyArray<ReadonlyArray<number>>): Learned;
}

/** A learned market under one seed: the split, the calibration, and a fresh set of buyers per group. */
export interface LearnedRun {
  split: TaskSplit;
  /** Accuracy per unit of the method's raw score (see calibrate). */
  scale: number;
  /** Test accuracy of the buyers' common starting model, every buyer's performance before any purchase. */
  startAccuracy: number;
  /**
   * `λ_b` of every buyer, in dollars per unit of accuracy: the config's `valueOfPerformance`, or under
   * `valuation.calibration` the money rule's `batchValue / ḡ` (see `moneyRule`).
   */
  worth: number[];
  /** `ḡ`: the mean period-1 gain in validation expected accuracy of one clean batch (`moneyRule`); null without calibration. */
  cleanBatchGain: number | null;
  group(group: Group): GroupLearning;
}

/** The learned source of a config, opened once per seed by Algorithm 2. */
export interface LearnedSource {
  kind: "learned";
  settings: LearnedSettings;
  open(seed: number): LearnedRun;
}

const tasks = new Map<TableId, Task>();
/** Tasks are read from disk once per process: every seed and group splits the same table. */
function cachedTask(id: TableId): Task {
  let task = tasks.get(id);
  if (task === undefined) tasks.set(id, (task = loadTask(id)));
  return task;
}

/**
 * The task a run under `seed` splits: a table, read once per process, or the teacher generated from the
 * seed with exactly validation + test + pool rows (`valuation.teacher`, else TEACHER_DEFAULTS).
 *
 * @example taskFor({ ...settings, task: "teacher" }, 7).rows // => settings.validation + settings.test + settings.pool
 */
export function taskFor(settings: LearnedSettings, seed: number): Task {
  if (settings.task !== "teacher") return cachedTask(settings.task);
  const sized = taskSettings(settings);
  return teacherTask(settings.teacher ?? TEACHER_DEFAULTS, sized.validation + sized.test + sized.pool, seed);
}

/**
 * The settings a task runs with: as given for a table; for the teacher, with its own `batchSize`,
 * `validation`, `test` and `pool` (`valuation.teacher`, else TEACHER_SIZES) in place of the block's.
 *
 * @example taskSettings({ ...settings, task: "teacher" }).pool // => 1000
 */
export function taskSettings(settings: LearnedSettings): LearnedSettings {
  if (settings.task !== "teacher") return settings;
  const { batchSize, validation, test, pool } = settings.teacher ?? TEACHER_SIZES;
  return { ...settings, batchSize, validation, test, pool };
}

/**
 * The learned source of a config whose valuation is `learned`.
 *
 * @throws ConfigError when the split asks for more rows than the task has.
 */
export function learnedSource(config: Config, source: string): LearnedSource {
  if (config.valuation.source !== "learned") throw new Error(`learnedSource: the config's valuation source is ${config.valuation.source}`);
  const settings = taskSettings(config.valuation);
  const refusal = splitRefusal(taskFor(settings, config.seed), settings);
  if (refusal !== null) throw new ConfigError(`${source}: ${refusal.field}: ${refusal.message}`);
  // The money rule is one convention for every seed of the market, set on seeds of its own.
  const rule = settings.calibration === undefined ? null : moneyRule(settings, source);
  return { kind: "learned", settings, open: (seed) => openRun(config, settings, source, seed, rule) };
}

/**
 * What a checkpoint must know of the learned source beyond the config and the code: the version of the
 * installed data package, since a new release may change a table.
 */
export function learnedSourceDigest(): string {
  const { version } = JSON.parse(readFileSync(join(datasetsFolder(), "..", "package.json"), "utf8")) as { version: string };
  return `vega-datasets@${version}`;
}

function openRun(config: Config, settings: LearnedSettings, source: string, seed: number, rule: MoneyRule | null): LearnedRun {
  const split = splitTask(taskFor(settings, seed), seed, settings);
  const method = VALUATION_METHODS[settings.method];
  const batches = new Map<string, Dataset>();
  // A seller's dataset of a period is the same for every buyer and group; it is drawn once.
  const batchOf = (seller: SyntheticSeller, period: number): Dataset => {
    const key = `${seller.id}/${period}`;
    let batch = batches.get(key);
    if (batch === undefined) batches.set(key, (batch = annotatorBatch(split, seed, seller.id, period, seller.quality, settings.batchSize)));
    return batch;
  };
  const start = fit(split.seedSet, settings.l2);
  const problem = (train: Dataset, model: Model, offers: Dataset[], buyerId: string, period: number): ValuationProblem => ({
    train,
    model,
    l2: settings.l2,
    validation: split.at(period).validation,
    offers,
    neighbours: settings.neighbours,
    permutations: settings.permutations,
    truncation: settings.truncation,
    convergence: settings.tmcConvergence,
    // The stream ignores the group, so every group's period-1 valuations agree (common random numbers).
    uniform: stream(seed, "tmc", buyerId, period),
  });
  const scale = rule?.scale ?? calibrate(method, problem(split.seedSet, start, [], config.buyers[0].id, 1), split, settings.l2, source);
  const gain = rule?.gain ?? null;
  const worth = config.buyers.map((buyer) => (rule === null ? buyer.valueOfPerformance : rule.worth));

  const startAccuracy = accuracy(start, split.test);
  const keep = periodsKept(settings.protocol);
  return {
    split,
    scale,
    startAccuracy,
    worth,
    cleanBatchGain: gain,
    group(): GroupLearning {
      const buyers = config.buyers.map((): BuyerState => ({ purchases: [], model: start, base: null }));
      // What the buyer trains on without period t's purchases: its seed and the purchases its protocol still keeps.
      const baseOf = (buyer: BuyerState, period: number): Base => {
        if (buyer.base?.period === period) return buyer.base;
        const kept = buyer.purchases.filter((p) => p.period > period - keep);
        const dropped = kept.length < buyer.purchases.length;
        buyer.purchases = kept;
        const train = kept.length === 0 ? split.seedSet : union(split.seedSet, ...kept.map((p) => p.data));
        // Unless data has aged out, the base is the model last trained, not a refit of the same data.
        const model = kept.length === 0 ? start : dropped ? fit(train, settings.l2, buyer.model) : buyer.model;
        return (buyer.base = { period, train, model });
      };
      return {
        scores(period, active) {
          const offers = active.map((s) => batchOf(s, period));
          return buyers.map((buyer, b) => {
            const base = baseOf(buyer, period);
            if (offers.length === 0) return [];
            const raw = method.value(problem(base.train, base.model, offers, config.buyers[b].id, period));
            return raw.map((r) => Math.max(0, scale * r));
          });
        },
        learn(period, active, bought) {
          const { test } = split.at(period);
          const performance: number[] = [];
          const gains: number[] = [];
          buyers.forEach((buyer, b) => {
            const base = baseOf(buyer, period);
            let model = base.model;
            if (bought[b].length > 0) {
              const data = union(emptyLike(split), ...bought[b].map((j) => batchOf(active[j], period)));
              buyer.purchases.push({ period, data });
              model = fit(union(base.train, data), settings.l2, base.model);
            }
            buyer.model = model;
            const after = accuracy(model, test);
            performance.push(after);
            gains.push(model === base.model ? 0 : after - accuracy(base.model, test));
          });
          return { performance, gain: gains };
        },
      };
    },
  };
}

/** A buyer's training state: its purchases still kept, by period, its current model, and the period's base. */
interface BuyerState {
  purchases: Array<{ period: number; data: Dataset }>;
  model: Model;
  base: Base | null;
}

/** What a buyer trains on in `period` before its purchases, and the model of that data. */
interface Base {
  period: number;
  train: Dataset;
  model: Model;
}

/**
 * How many periods of purchases a buyer trains on, this one included: all of them under `accumulate`,
 * W under `{ window: W }`, 1 under `fresh`.
 */
export function periodsKept(protocol: LearningProtocol): number {
  return protocol === "accumulate" ? Number.POSITIVE_INFINITY : protocol === "fresh" ? 1 : protocol.window;
}

/** The dataset of a split's pool with no examples. */
function emptyLike(split: TaskSplit): Dataset {
  return emptyDataset(split.poolX, split.poolLabels.length, split.task.dims, split.task.classes.length);
}

/**
 * The money rule's own seeds: split and calibrated apart from every run (the study's seeds are 1, 2, …),
 * so that money is one convention for a market, the same in every seed, and no run prices its own data.
 */
export const CALIBRATION_SEEDS = Array.from({ length: 8 }, (_, k) => 4_000_000_000 + k);
/** Clean batches drawn in each calibration seed: 8 × 4 = 32 batches in all. */
export const CALIBRATION_BATCHES = 4;

/** What the money rule fixes for a market: its ḡ, the dollars a unit of accuracy is worth, and each score's factor. */
export interface MoneyRule {
  /** ḡ: a clean batch's mean period-1 gain in validation expected accuracy. */
  gain: number;
  /** λ = batchValue / ḡ, every buyer's. */
  worth: number;
  /** ḡ / s̄: the factor from the method's raw score to accuracy. */
  scale: number;
}

const rules = new Map<string, MoneyRule>();

/**
 * The money rule of `valuation.calibration`, fixed before any run and the same for every seed: over the
 * `CALIBRATION_SEEDS`, each split as a run would be, `CALIBRATION_BATCHES` clean batches (`batchSize`
 * pool rows drawn with replacement, labelled correctly in period 1, as the annotator "calibration-k" of
 * `annotatorBatch` would sell them), each offered alone to that seed's starting model:
 *
 * - `gain` = ḡ, their mean gain in validation expected accuracy (the mean probability of the right
 *   label, smooth where argmax accuracy is not: on `cars`, two clean examples beside the starting ones
 *   can lower 80 validation rows' argmax accuracy), and `worth` = λ_b = batchValue / ḡ; a buyer's
 *   utility then counts λ_b times its realised gain in test (argmax) accuracy, a unit close to it on
 *   average but not the same;
 * - `scale` = ḡ / s̄, s̄ the method's mean score of the same batches: the factor that makes the method's
 *   value of a clean batch in period 1 equal what it adds on average. (Without the rule the factor is
 *   set on the whole clean pool, `calibrate`; an additive method, such as `gradient`, then values a
 *   batch at the pool's gain per example, far below what a first batch adds.) Averaged over 32 batches
 *   of 8 seeds because one seed's batches need not agree in sign: with 10 starting examples, LOO and
 *   TMC-Shapley score clean batches below 0 on average in 14 of 40 `cars` seeds.
 *
 * So with the rule a clean batch is worth `batchValue` dollars in period 1 on average, both by the
 * method's value and by what it adds. Computed once per market and process (memoised).
 *
 * @throws ConfigError when the batches do not raise validation expected accuracy, or score above 0, on average.
 */
export function moneyRule(settings: LearnedSettings, source: string): MoneyRule {
  const { calibration } = settings;
  if (calibration === undefined) throw new Error("moneyRule: the settings state no valuation.calibration");
  const key = JSON.stringify(settings);
  const known = rules.get(key);
  if (known !== undefined) return known;
  const method = VALUATION_METHODS[settings.method];
  let gain = 0;
  let score = 0;
  for (const seed of CALIBRATION_SEEDS) {
    const split = splitTask(taskFor(settings, seed), seed, settings);
    const start = fit(split.seedSet, settings.l2);
    const before = expectedAccuracy(start, split.validation);
    for (let k = 0; k < CALIBRATION_BATCHES; k += 1) {
      const batch = annotatorBatch(split, seed, `calibration-${k}`, 1, 1, settings.batchSize);
      gain += expectedAccuracy(fit(union(split.seedSet, batch), settings.l2, start), split.validation) - before;
      score += method.value({
        train: split.seedSet, model: start, l2: settings.l2, validation: split.validation, offers: [batch], neighbours: settings.neighbours,
        permutations: settings.permutations, truncation: settings.truncation, convergence: settings.tmcConvergence, uniform: stream(seed, "calibration", k),
      })[0];
    }
  }
  const draws = CALIBRATION_SEEDS.length * CALIBRATION_BATCHES;
  gain /= draws;
  score /= draws;
  if (!(gain > 0) || !(score > 0)) {
    throw new ConfigError(
      `${source}: valuation.calibration: a clean batch must raise the starting model's validation expected accuracy and score above 0 on average to price accuracy, got a gain of ${gain} and a score of ${score}; use fewer seedExamples or a larger batchSize`,
    );
  }
  const rule = { gain, worth: calibration.batchValue / gain, scale: gain / score };
  rules.set(key, rule);
  return rule;
}


/**
 * Accuracy per unit of the method's raw score. Methods score in their own units (validation-loss
 * decrease, a KNN classifier's accuracy), while a buyer's utility is `λ_b` times its realised accuracy
 * gain (MODEL §6), so each run fixes one factor against a reference every method can score: the whole
 * pool with its true labels, offered as one dataset to the buyers' common starting model. The factor is
 * that dataset's gain in validation expected accuracy (the mean probability of the right label) divided
 * by the method's score of it. Expected accuracy, not the argmax accuracy that measures performance,
 * because it is smooth: on 80 validation rows the argmax accuracy of the clean pool's model failed to
 * beat a two-example model in about 2% of `cars` seeds, while the expected accuracy rose in every one
 * of 300 seeds of every task, by about as much as the argmax accuracy does on average. Later scores keep
 * the method's own ranking and its diminishing returns.
 *
 * @throws ConfigError when the clean pool does not raise the starting model's validation expected
 * accuracy, or the method does not score it above 0.
 */
function calibrate(method: ValuationMethod, problem: ValuationProblem, split: TaskSplit, l2: number, source: string): number {
  const clean = emptyDataset(split.poolX, split.poolLabels.length, split.task.dims, split.task.classes.length);
  split.poolLabels.forEach((label, i) => (clean.counts[i * split.task.classes.length + label] += 1));
  const trained = fit(union(problem.train, clean), l2, problem.model);
  const gain = expectedAccuracy(trained, split.validation) - expectedAccuracy(problem.model, split.validation);
  const [score] = method.value({ ...problem, offers: [clean] });
  if (!(gain > 0) || !(score > 0)) {
    throw new ConfigError(
      `${source}: valuation: the whole pool, correctly labelled, must raise the starting model's validation expected accuracy and score above 0 to price scores in accuracy, got a gain of ${gain} and a score of ${score}; use fewer seedExamples or a larger pool`,
    );
  }
  return gain / score;
}
