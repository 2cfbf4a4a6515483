/**
 * The learning-curve figure (experiments/figures/learningCurve.ts): its data recomputed directly from
 * the learner, its spec checked against its rows.
 */
import { describe, expect, it } from "vitest";
import { loadConfig } from "../experiments/config.js";
import { annotatorBatch, splitTask } from "../experiments/learned/annotators.js";
import { union } from "../experiments/learned/dataset.js";
import { taskFor, taskSettings, type LearnedSettings } from "../experiments/learned/learnedValuation.js";
import { accuracy, fit } from "../experiments/learned/logistic.js";
import { cleanBuyerAccuracy, learningCurveAbout, learningCurveData, learningCurveFigure, learningCurveSpec } from "../experiments/figures/learningCurve.js";
import { compileWarnings, encodedFields, fieldsMissingFromData } from "./specFields.js";

const base = loadConfig("experiments/configs/learned.json").valuation;
if (base.source !== "learned") throw new Error("learned.json must use the learned source");
const teacher: LearnedSettings = { ...base, task: "teacher", seedExamples: 2, teacher: { dimension: 3, classes: 3, labelNoise: 0.1, drift: 0.2, batchSize: 1, validation: 20, test: 30, pool: 60 } };
const cars: LearnedSettings = { ...base, task: "cars", batchSize: 1 };
/** t_{0.975, 1}, from a t-table (scipy.stats.t.ppf(0.975, 1) = 12.706204736174698). */
const T_975_1 = 12.706204736174698;

/** The clean buyer's accuracies, refitted from scratch each period on the seed examples and every batch so far. */
function byHand(given: LearnedSettings, seed: number, periods: number, sellers: number): number[] {
  const settings = taskSettings(given);
  const split = splitTask(taskFor(settings, seed), seed, settings);
  let train = split.seedSet;
  const out = [accuracy(fit(train, settings.l2), split.test)];
  for (let t = 1; t <= periods; t += 1) {
    for (let j = 1; j <= sellers; j += 1) train = union(train, annotatorBatch(split, seed, `S${j}`, t, 1, settings.batchSize));
    out.push(accuracy(fit(train, settings.l2), split.at(t).test));
  }
  return out;
}

describe("learningCurveData: the clean buyer's mean accuracy over seeds, with a 95% t interval", () => {
  it("cleanBuyerAccuracy(settings, seed, T, n) is the accuracy of a model refitted from scratch on every clean batch so far, on a drifting teacher and a table", () => {
    for (const settings of [teacher, cars]) expect(cleanBuyerAccuracy(settings, 4, 4, 3), settings.task).toEqual(byHand(settings, 4, 4, 3));
  });

  it("learningCurveData(tasks, [1, 2], 3) gives each period's mean of the two seeds and the interval mean ± t_{0.975,1}·|a − b|/2", () => {
    const rows = learningCurveData([teacher, cars], [1, 2], 3, { sellers: 3 });
    expect(rows.map((r) => `${r.task}@${r.period}`)).toEqual(["teacher@0", "teacher@1", "teacher@2", "teacher@3", "cars@0", "cars@1", "cars@2", "cars@3"]);
    for (const settings of [teacher, cars]) {
      const [a, b] = [1, 2].map((seed) => byHand(settings, seed, 3, 3));
      for (let t = 0; t <= 3; t += 1) {
        const row = rows.find((r) => r.task === settings.task && r.period === t)!;
        // With two values s = |a − b|/√2, so the half-width t·s/√2 is t·|a − b|/2.
        const half = (T_975_1 * Math.abs(a[t] - b[t])) / 2;
        expect(row.mean, `${settings.task} period ${t}`).toBeCloseTo((a[t] + b[t]) / 2, 14);
        expect(row.low).toBeCloseTo((a[t] + b[t]) / 2 - half, 12);
        expect(row.high).toBeCloseTo((a[t] + b[t]) / 2 + half, 12);
      }
    }
  });

  it("refuses no seeds, a task listed twice and a negative period count", () => {
    expect(() => learningCurveData([teacher], [], 2)).toThrow(/^learningCurveData: needs at least one seed$/);
    expect(() => learningCurveData([teacher, teacher], [1], 2)).toThrow(/^learningCurveData: task teacher is listed twice$/);
    expect(() => learningCurveData([teacher], [1], -1)).toThrow(/periods must be a whole number ≥ 0, got -1/);
  });
});

describe("learningCurveSpec: what it encodes exists, and vega-lite compiles it", () => {
  const rows = learningCurveData([teacher, cars], [1, 2], 2, { sellers: 2 });
  const about = learningCurveAbout([teacher, cars], [1, 2], { sellers: 2 });
  const spec = learningCurveSpec(rows, about);

  it("every field learningCurveSpec(rows) encodes is in every row it draws", () => {
    expect(encodedFields(spec)).toEqual(expect.arrayContaining(["period", "low", "high", "mean", "task"]));
    expect(fieldsMissingFromData(spec)).toEqual([]);
  });

  it("vega-lite compiles learningCurveSpec(rows) without throwing or warning", () => {
    expect(compileWarnings(spec)).toEqual([]);
  });

  it("learningCurveFigure(...) is learningCurve, with the caption in the spec's description naming each task and its numbers", () => {
    const figure = learningCurveFigure([teacher, cars], [1, 2], 2, { config: "experiments/configs/learned.json" }, { sellers: 2 });
    expect(figure).toMatchObject({ id: "learningCurve", config: "experiments/configs/learned.json", seed: 1, seeds: [1, 2] });
    expect(figure.spec.description).toBe(figure.caption);
    expect(figure.caption).toContain("a seeded linear teacher: argmax of W·x over 3 Gaussian features, 3 classes, label noise 0.1, drift 0.2");
    expect(figure.caption).toContain("each of 2 sellers");
    expect(figure.caption).toContain(`${rows.find((r) => r.task === "cars" && r.period === 2)!.mean.toFixed(3)} at period 2`);
  });
});
