/**
 * The learned market end to end (MODEL §6–§7): what Algorithm 2 records with the learned source is
 * re-derived here from the records' purchase lists by an independent replay — the buyers' data rebuilt
 * from the annotators' batches, each model refitted from scratch, each score recomputed by its method.
 */
import { describe, expect, it } from "vitest";
import { simulate } from "../experiments/algorithm2.js";
import { loadConfig, type Config } from "../experiments/config.js";
import { checkRun } from "../experiments/invariants.js";
import { annotatorBatch, splitTask } from "../experiments/learned/annotators.js";
import { emptyDataset, union } from "../experiments/learned/dataset.js";
import { learnedSource, taskFor, taskSettings } from "../experiments/learned/learnedValuation.js";
import { accuracy, fit, predictProba, type Model } from "../experiments/learned/logistic.js";
import { VALUATION_METHODS } from "../experiments/learned/methods/index.js";
import { METHOD_IDS, type MethodId } from "../experiments/learned/methods/method.js";
import { loadTask, TASK_IDS, type TaskId } from "../experiments/learned/tasks.js";
import { stream } from "../experiments/random.js";
import { loadValuation } from "../experiments/valuation.js";
import { fromUnits, toUnits } from "../theory/money.js";

const study = loadConfig("experiments/configs/learned.json");

/**
 * The study's market with money typed instead of set by the rule (λ = 2000 a unit of accuracy, costs
 * 0.1 + 0.4θ) and the accumulate protocol: the path these replays re-derive. The money rule and the
 * other protocols have their own tests (test/learnedProtocols.test.ts).
 */
const base: Config = (() => {
  if (study.valuation.source !== "learned") throw new Error("learned.json must use the learned source");
  const { calibration: _, ...valuation } = study.valuation;
  return {
    ...study,
    buyers: study.buyers.map((b) => ({ ...b, valueOfPerformance: 2000 })),
    sellers: { ...study.sellers, cost: { base: 0.1, perQuality: 0.4 } },
    valuation: { ...valuation, protocol: "accumulate" as const },
  };
})();

function learnedConfig(task: TaskId, method: MethodId, periods = 4): Config {
  if (base.valuation.source !== "learned") throw new Error("learned.json must use the learned source");
  return { ...base, periods, valuation: { ...base.valuation, task, method, permutations: 3 } };
}

const run = (config: Config, seed: number) => simulate(config, seed, null, loadValuation(config, null).scores);

describe("the learned market", () => {
  it.each(METHOD_IDS)("with %s, every period of every group keeps the invariants and repeats bit for bit under its seed", (method) => {
    const config = learnedConfig("cars", method);
    const first = run(config, 3);
    expect(checkRun(first)).toEqual([]);
    expect(JSON.stringify(run(config, 3))).toBe(JSON.stringify(first));
  });

  it.each(TASK_IDS)("on %s, a buyer's recorded accuracy is that of a model refitted from scratch on its seed examples and every batch it bought", (task) => {
    const config = learnedConfig(task, "influence", 6);
    const record = run(config, 2);
    if (config.valuation.source !== "learned") throw new Error("unreachable");
    // The teacher runs with its own data sizes (taskSettings), as the market does.
    const settings = taskSettings(config.valuation);
    const split = splitTask(taskFor(settings, 2), 2, settings);
    const quality = new Map(record.sellers.map((s) => [s.id, s.quality]));
    for (const group of record.groups) {
      config.buyers.forEach((buyer, b) => {
        let train = split.seedSet;
        let previous = record.learning!.startAccuracy;
        for (const period of group.periods) {
          const bought = period.buyers[b].bought;
          train = union(train, ...bought.map((id) => annotatorBatch(split, 2, id, period.period, quality.get(id)!, settings.batchSize)));
          const refit = accuracy(fit(train, settings.l2), split.test);
          expect(period.buyers[b].performance).toBe(refit);
          // MODEL §6: with the learned source a buyer's utility is λ times its realised accuracy gain, minus spend
          // (not an amount of money on the unit's grid: the same doubles in the same order, so exactly).
          expect(period.buyers[b].utility).toBe(buyer.valueOfPerformance * (refit - previous) - period.buyers[b].spend);
          previous = refit;
        }
      });
    }
  });

  it("a buyer's values are its method's scores of the offered batches, times the run's factor, floored at 0, as money: rounded half to even to the unit", () => {
    const config = learnedConfig("weather", "gradient", 3);
    const record = run(config, 5);
    if (config.valuation.source !== "learned") throw new Error("unreachable");
    const settings = config.valuation;
    const split = splitTask(loadTask("weather"), 5, settings);
    const start = fit(split.seedSet, settings.l2);
    const period1 = record.groups[0].periods[0];
    const offers = period1.sellers.map((s) => annotatorBatch(split, 5, s.id, 1, s.quality, settings.batchSize));
    const raw = VALUATION_METHODS.gradient.value({
      train: split.seedSet, model: start, l2: settings.l2, validation: split.validation, offers,
      neighbours: settings.neighbours, permutations: settings.permutations, truncation: settings.truncation, convergence: settings.tmcConvergence, uniform: stream(5, "tmc", "B1", 1),
    });
    const decimals = config.money.decimals;
    period1.sellers.forEach((s, j) => {
      const value = config.buyers[0].valueOfPerformance * Math.max(0, record.learning!.scale * raw[j]);
      expect(s.values[0], `${s.id}: λ·v = ${value}`).toBe(fromUnits(toUnits(value, decimals), decimals));
    });
    // Every group starts from the same model and is offered the same batches, so period 1 is valued alike.
    for (const group of record.groups) expect(group.periods[0].sellers.map((s) => s.values)).toEqual(period1.sellers.map((s) => s.values));
  });

  it("the factor prices the clean pool at exactly its gain in validation expected accuracy over the starting model", () => {
    for (const method of METHOD_IDS) {
      const config = learnedConfig("penguins", method);
      if (config.valuation.source !== "learned") throw new Error("unreachable");
      const settings = config.valuation;
      const opened = learnedSource(config, "learned.json").open(4);
      const split = opened.split;
      const classes = split.task.classes.length;
      const clean = emptyDataset(split.poolX, split.poolLabels.length, split.task.dims, classes);
      split.poolLabels.forEach((label, i) => (clean.counts[i * classes + label] += 1));
      const start = fit(split.seedSet, settings.l2);
      // Expected accuracy by hand: the mean probability of the right label, from predictProba row by row.
      const expected = (model: Model) => {
        let sum = 0;
        for (let i = 0; i < split.validation.rows; i += 1) {
          const label = split.validation.counts.subarray(i * classes, (i + 1) * classes).indexOf(1);
          sum += predictProba(model, split.validation.x.subarray(i * split.task.dims, (i + 1) * split.task.dims))[label];
        }
        return sum / split.validation.rows;
      };
      const gain = expected(fit(union(split.seedSet, clean), settings.l2)) - expected(start);
      expect(gain).toBeGreaterThan(0);
      const [score] = VALUATION_METHODS[method].value({
        train: split.seedSet, model: start, l2: settings.l2, validation: split.validation, offers: [clean],
        neighbours: settings.neighbours, permutations: settings.permutations, truncation: settings.truncation, convergence: settings.tmcConvergence, uniform: stream(4, "tmc", "B1", 1),
      });
      expect(opened.scale * score).toBeCloseTo(gain, 9);
      expect(opened.startAccuracy).toBe(accuracy(start, split.test));
    }
  });

  it("refuses, naming the field, a split larger than the task and seed examples beyond the pool", () => {
    const config = learnedConfig("penguins", "loo");
    const settings = config.valuation;
    if (settings.source !== "learned") throw new Error("unreachable");
    expect(() => learnedSource({ ...config, valuation: { ...settings, pool: 300 } }, "x.json")).toThrow(/x\.json: valuation: .*342 rows.*got 500/);
    expect(() => learnedSource({ ...config, valuation: { ...settings, seedExamples: 141 } }, "x.json")).toThrow(/valuation\.seedExamples.*got 141/);
  });
});
