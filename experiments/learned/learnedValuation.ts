/**
 * The `learned` valuation source (MODEL §7): each buyer trains a logistic model on everything it has
 * bought, a valuation method scores the period's datasets against the buyer's model, and the buyer's
 * performance is its test accuracy. Unlike `synthetic` and `import`, a score depends on what the buyer
 * bought before, so each pricing group keeps its own buyers' models.
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
import { datasetsFolder, loadTask, type Task, type TaskId } from "./tasks.js";

export type LearnedSettings = Extract<Config["valuation"], { source: "learned" }>;

/** One pricing group's buyers under the learned source: what Algorithm 2 asks of it each period. */
export interface GroupLearning {
  /** `v_{bj,t} ≥ 0` of every active seller's period-t dataset to every buyer, buyers in config order. */
  scores(period: number, active: ReadonlyArray<SyntheticSeller>): number[][];
  /** Adds each buyer's purchases (indices into `active`) to its data, retrains, and returns its test accuracy. */
  learn(period: number, active: ReadonlyArray<SyntheticSeller>, bought: ReadonlyArray<ReadonlyArray<number>>): number[];
}

/** A learned market under one seed: the split, the calibration, and a fresh set of buyers per group. */
export interface LearnedRun {
  split: TaskSplit;
  /** Accuracy per unit of the method's raw score (see calibrate). */
  scale: number;
  /** Test accuracy of the buyers' common starting model, every buyer's performance before any purchase. */
  startAccuracy: number;
  group(group: Group): GroupLearning;
}

/** The learned source of a config, opened once per seed by Algorithm 2. */
export interface LearnedSource {
  kind: "learned";
  settings: LearnedSettings;
  open(seed: number): LearnedRun;
}

const tasks = new Map<TaskId, Task>();
/** Tasks are read from disk once per process: every seed and group splits the same table. */
function cachedTask(id: TaskId): Task {
  let task = tasks.get(id);
  if (task === undefined) tasks.set(id, (task = loadTask(id)));
  return task;
}

/**
 * The learned source of a config whose valuation is `learned`.
 *
 * @throws ConfigError when the split asks for more rows than the task has.
 */
export function learnedSource(config: Config, source: string): LearnedSource {
  if (config.valuation.source !== "learned") throw new Error(`learnedSource: the config's valuation source is ${config.valuation.source}`);
  const settings = config.valuation;
  const refusal = splitRefusal(cachedTask(settings.task), settings);
  if (refusal !== null) throw new ConfigError(`${source}: ${refusal.field}: ${refusal.message}`);
  return { kind: "learned", settings, open: (seed) => openRun(config, settings, source, seed) };
}

/**
 * What a checkpoint must know of the learned source beyond the config and the code: the version of the
 * installed data package, since a new release may change a table.
 */
export function learnedSourceDigest(): string {
  const { version } = JSON.parse(readFileSync(join(datasetsFolder(), "..", "package.json"), "utf8")) as { version: string };
  return `vega-datasets@${version}`;
}

function openRun(config: Config, settings: LearnedSettings, source: string, seed: number): LearnedRun {
  const split = splitTask(cachedTask(settings.task), seed, settings);
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
    validation: split.validation,
    offers,
    neighbours: settings.neighbours,
    permutations: settings.permutations,
    truncation: settings.truncation,
    // The stream ignores the group, so every group's period-1 valuations agree (common random numbers).
    uniform: stream(seed, "tmc", buyerId, period),
  });
  const scale = calibrate(method, problem(split.seedSet, start, [], config.buyers[0].id, 1), split, settings.l2, source);

  const startAccuracy = accuracy(start, split.test);
  return {
    split,
    scale,
    startAccuracy,
    group(): GroupLearning {
      const buyers = config.buyers.map(() => ({ train: split.seedSet, model: start }));
      return {
        scores(period, active) {
          const offers = active.map((s) => batchOf(s, period));
          return buyers.map(({ train, model }, b) => {
            if (offers.length === 0) return [];
            const raw = method.value(problem(train, model, offers, config.buyers[b].id, period));
            return raw.map((r) => Math.max(0, scale * r));
          });
        },
        learn(period, active, bought) {
          return buyers.map((buyer, b) => {
            if (bought[b].length > 0) {
              buyer.train = union(buyer.train, ...bought[b].map((j) => batchOf(active[j], period)));
              buyer.model = fit(buyer.train, settings.l2, buyer.model);
            }
            return accuracy(buyer.model, split.test);
          });
        },
      };
    },
  };
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
