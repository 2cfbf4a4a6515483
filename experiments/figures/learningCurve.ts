/**
 * The learning curve of the learned market's tasks (MODEL §7, issue #13): the test accuracy of a buyer
 * that buys every seller's batch each period, labelled correctly, and retrains on all it has bought
 * (the `accumulate` protocol). It shows how long data keeps its value on each task: the tables saturate
 * within a few periods, the teacher task still climbs at period 100. Computed from the learner alone,
 * with no market: data (one simulation of the clean buyer per seed) → spec → the shared renderer.
 */
import { annotatorBatch, splitTask } from "../learned/annotators.js";
import { union } from "../learned/dataset.js";
import { taskFor, taskSettings, type LearnedSettings } from "../learned/learnedValuation.js";
import { accuracy, fit } from "../learned/logistic.js";
import type { TaskId } from "../learned/tasks.js";
import { specHeader, type Figure, type TopLevelSpec } from "../figure.js";
import { meanInterval } from "../seedStats.js";

/** Sellers a period when the options give none: the ten annotators of experiments/configs/learned.json. */
export const DEFAULT_SELLERS = 10;

const TITLE = "Learning curves: a buyer that buys every clean batch (accumulate)";

/** One point of one task's curve: the mean over seeds of the clean buyer's test accuracy after `period`'s training. */
export interface LearningCurveRow {
  task: TaskId;
  /** 0 for the buyers' common starting model (the seed examples alone). */
  period: number;
  mean: number;
  /** The 95% Student-t interval over seeds (experiments/seedStats.ts `meanInterval`). */
  low: number;
  high: number;
}

export interface LearningCurveOptions {
  /** Sellers S1 … Sn whose batches the buyer buys every period; default {@link DEFAULT_SELLERS}. */
  sellers?: number;
}

/** What the caption says of the curves beside their rows. */
export interface LearningCurveAbout {
  seeds: number;
  sellers: number;
  tasks: ReadonlyArray<{ task: TaskId; description: string; batchSize: number; pool: number; test: number }>;
}

/**
 * The clean buyer's test accuracy in periods 0 … `periods` under one seed: it starts from the split's
 * seed examples and, each period t, adds the period-t batches of sellers S1 … Sn drawn by
 * `annotatorBatch` with quality 1 (the same rows the market's sellers of that seed offer, every label
 * right), refits warm from its last model, and is measured on `split.at(t).test`.
 *
 * Cost: `periods · sellers` batches and `periods` fits on at most the pool's rows.
 *
 * @example cleanBuyerAccuracy(settings, 1, 100, 10).length // => 101
 */
export function cleanBuyerAccuracy(given: LearnedSettings, seed: number, periods: number, sellers: number): number[] {
  // The teacher runs with its own data sizes, as the market runs it.
  const settings = taskSettings(given);
  const split = splitTask(taskFor(settings, seed), seed, settings);
  let train = split.seedSet;
  let model = fit(train, settings.l2);
  const out = [accuracy(model, split.at(1).test)];
  for (let period = 1; period <= periods; period += 1) {
    const batches = Array.from({ length: sellers }, (_, j) => annotatorBatch(split, seed, `S${j + 1}`, period, 1, settings.batchSize));
    train = union(train, ...batches);
    model = fit(train, settings.l2, model);
    out.push(accuracy(model, split.at(period).test));
  }
  return out;
}

/**
 * The figure's rows: for each task's settings (in the given order) and each period 0 … `periods`, the
 * mean of `cleanBuyerAccuracy` over the seeds with its 95% t interval. The settings' protocol, method
 * and money are ignored: the curve is the learner's under `accumulate`.
 *
 * - One seed: each interval is its point (meanInterval).
 * - Period 0 is the starting model (`seedExamples` clean examples).
 *
 * Cost: O(tasks · seeds) runs of `cleanBuyerAccuracy`.
 *
 * @example learningCurveData([teacherSettings], [1, 2], 3)[0] // => { task: "teacher", period: 0, mean: …, low: …, high: … }
 * @throws RangeError for no seeds, a task listed twice, a period count or seller count that is not a
 *   whole number (≥ 0, ≥ 1), or settings the split refuses (splitTask).
 */
export function learningCurveData(
  tasks: ReadonlyArray<LearnedSettings>,
  seeds: ReadonlyArray<number>,
  periods: number,
  options: LearningCurveOptions = {},
): LearningCurveRow[] {
  const sellers = options.sellers ?? DEFAULT_SELLERS;
  if (seeds.length === 0) throw new RangeError("learningCurveData: needs at least one seed");
  if (!Number.isInteger(periods) || periods < 0) throw new RangeError(`learningCurveData: periods must be a whole number ≥ 0, got ${periods}`);
  if (!Number.isInteger(sellers) || sellers < 1) throw new RangeError(`learningCurveData: sellers must be a whole number ≥ 1, got ${sellers}`);
  const seen = new Set<TaskId>();
  for (const { task } of tasks) {
    if (seen.has(task)) throw new RangeError(`learningCurveData: task ${task} is listed twice`);
    seen.add(task);
  }
  return tasks.flatMap((settings) => {
    const curves = seeds.map((seed) => cleanBuyerAccuracy(settings, seed, periods, sellers));
    return Array.from({ length: periods + 1 }, (_, period) => {
      const { mean, low, high } = meanInterval(curves.map((curve) => curve[period]));
      return { task: settings.task, period, mean, low, high };
    });
  });
}

/**
 * What the caption needs beside the rows: each task's description (the teacher's with its numbers, as
 * generated for the first seed), batch size, pool and test sizes.
 */
export function learningCurveAbout(tasks: ReadonlyArray<LearnedSettings>, seeds: ReadonlyArray<number>, options: LearningCurveOptions = {}): LearningCurveAbout {
  return {
    seeds: seeds.length,
    sellers: options.sellers ?? DEFAULT_SELLERS,
    tasks: tasks.map(taskSettings).map((settings) => ({
      task: settings.task,
      description: taskFor(settings, seeds[0] ?? 0).spec.description,
      batchSize: settings.batchSize,
      pool: settings.pool,
      test: settings.test,
    })),
  };
}

/** The caption: what is drawn, each task, and each curve's mean at the middle and the last period. */
export function learningCurveCaption(rows: ReadonlyArray<LearningCurveRow>, about: LearningCurveAbout): string {
  const last = Math.max(0, ...rows.map((r) => r.period));
  const middle = Math.floor(last / 2);
  const at = (task: TaskId, period: number) => rows.find((r) => r.task === task && r.period === period)?.mean.toFixed(3) ?? "n/a";
  const tasks = about.tasks
    .map((t) => `${t.task} (${t.description}; batches of ${t.batchSize}, a pool of ${t.pool} rows, ${t.test} test rows): ${at(t.task, middle)} at period ${middle}, ${at(t.task, last)} at period ${last}`)
    .join("; ");
  return (
    `Test accuracy of a buyer that buys, every period, the batch of each of ${about.sellers} sellers, every label right (quality 1), ` +
    `and retrains its L2 logistic regression on all it has bought (the accumulate protocol; MODEL §7). ` +
    `Lines: the mean over ${about.seeds} seeds; bands: its 95% t interval; period 0 is the starting model. ` +
    `A curve that is still rising is data that still has value. Mean accuracy by task: ${tasks}.`
  );
}

/** The Vega-Lite spec: a band (the interval) and a line (the mean) per task, coloured by task; the caption in `description`. */
export function learningCurveSpec(rows: ReadonlyArray<LearningCurveRow>, about: LearningCurveAbout): TopLevelSpec {
  const period = { field: "period", type: "quantitative", title: "period t" } as const;
  const task = { field: "task", type: "nominal", title: "task", sort: about.tasks.map((t) => t.task) } as const;
  return {
    ...specHeader(TITLE, learningCurveCaption(rows, about)),
    data: { values: rows.map((r) => ({ ...r })) },
    layer: [
      {
        mark: { type: "area", opacity: 0.2 },
        encoding: { x: period, y: { field: "low", type: "quantitative", title: "test accuracy", scale: { zero: false } }, y2: { field: "high" }, color: task },
      },
      {
        mark: { type: "line", strokeWidth: 2 },
        encoding: {
          x: period,
          y: { field: "mean", type: "quantitative", title: "test accuracy" },
          color: task,
          tooltip: [{ field: "task" }, { field: "period" }, { field: "mean", format: ".4f" }, { field: "low", format: ".4f" }, { field: "high", format: ".4f" }],
        },
      },
    ],
  };
}

/**
 * The learning-curve figure, id "learningCurve": `learningCurveData` of the tasks' settings, drawn by
 * `learningCurveSpec`.
 *
 * @throws as {@link learningCurveData}.
 */
export function learningCurveFigure(
  tasks: ReadonlyArray<LearnedSettings>,
  seeds: ReadonlyArray<number>,
  periods: number,
  meta: { config: string },
  options: LearningCurveOptions = {},
): Figure {
  const rows = learningCurveData(tasks, seeds, periods, options);
  const about = learningCurveAbout(tasks, seeds, options);
  return { id: "learningCurve", title: TITLE, caption: learningCurveCaption(rows, about), config: meta.config, seed: seeds[0], seeds: [...seeds], spec: learningCurveSpec(rows, about) };
}
