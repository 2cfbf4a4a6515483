/**
 * The teacher task (experiments/learned/teacher.ts, docs/model.md §7): a seeded linear teacher over
 * Gaussian features, with label noise and an optional drift, and its place in the learned market.
 */
import { describe, expect, it } from "vitest";
import { simulate } from "../experiments/algorithm2.js";
import { loadConfig, parseConfig, type Config } from "../experiments/config.js";
import { checkRun } from "../experiments/invariants.js";
import { splitTask } from "../experiments/learned/annotators.js";
import { learnedSource, taskFor, type LearnedSettings } from "../experiments/learned/learnedValuation.js";
import { TEACHER_DEFAULTS, TEACHER_SIZES, teacherTask, type TeacherParams } from "../experiments/learned/teacher.js";
import { loadValuation } from "../experiments/valuation.js";

const defaults: TeacherParams = { ...TEACHER_DEFAULTS };
const bytes = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
/** The share of rows whose labels differ. */
const changed = (a: Int32Array, b: Int32Array) => a.reduce((n, k, i) => n + (k !== b[i] ? 1 : 0), 0) / a.length;

const base = loadConfig("experiments/configs/learned.json");
function teacherConfig(teacher: Partial<TeacherParams>, periods = 3): Config {
  if (base.valuation.source !== "learned") throw new Error("learned.json must use the learned source");
  const valuation: LearnedSettings = { ...base.valuation, task: "teacher", method: "gradient", teacher: { ...defaults, batchSize: base.valuation.batchSize, validation: 60, test: 80, pool: 120, ...teacher } };
  return { ...base, periods, valuation };
}

describe("the teacher task is a function of its seed", () => {
  it("teacherTask(params, rows, seed) gives identical bytes under the same seed, and other rows and labels under another", () => {
    const params = { ...defaults, drift: 0.05 };
    const a = teacherTask(params, 500, 7);
    const b = teacherTask(params, 500, 7);
    expect(bytes(b.x).equals(bytes(a.x))).toBe(true);
    expect(bytes(b.labels).equals(bytes(a.labels))).toBe(true);
    expect(bytes(b.labelsAt!(9)).equals(bytes(a.labelsAt!(9)))).toBe(true);
    expect({ ...b, labelsAt: null }).toEqual({ ...a, labelsAt: null });
    const c = teacherTask(params, 500, 8);
    expect(bytes(c.x).equals(bytes(a.x))).toBe(false);
    expect(changed(c.labels, a.labels)).toBeGreaterThan(0.2);
  });

  it("has d standard normal features a row, K classes named c0 … c(K−1), and says what it is", () => {
    const task = teacherTask({ dimension: 4, classes: 5, labelNoise: 0.2, drift: 0 }, 5000, 3);
    expect([task.rows, task.dims, task.x.length, task.labels.length, task.dropped]).toEqual([5000, 4, 20_000, 5000, 0]);
    expect(task.classes).toEqual(["c0", "c1", "c2", "c3", "c4"]);
    expect(task.spec).toEqual({ id: "teacher", description: "a seeded linear teacher: argmax of W·x over 4 Gaussian features, 5 classes, label noise 0.2, drift 0" });
    // 20,000 draws of N(0, 1): the mean's standard error is 0.007 and the variance's 0.01; bounds at about 4 of them.
    const mean = task.x.reduce((s, v) => s + v, 0) / task.x.length;
    const variance = task.x.reduce((s, v) => s + (v - mean) ** 2, 0) / task.x.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.04);
  });

  it("refuses a shape the config would refuse, naming it", () => {
    expect(() => teacherTask({ ...defaults, classes: 1 }, 10, 1)).toThrow(/^teacherTask: classes must be a whole number ≥ 2, got 1$/);
    expect(() => teacherTask({ ...defaults, labelNoise: 1 }, 10, 1)).toThrow(/^teacherTask: labelNoise must lie in \[0, 1\), got 1$/);
    expect(() => teacherTask({ ...defaults, drift: 0.1 }, 10, 1).labelsAt!(0)).toThrow(/^teacherTask: labelsAt needs a whole period ≥ 1, got 0$/);
  });
});

describe("labels: the teacher's argmax, a share η replaced by a uniform class", () => {
  it("the share of labels that differ from the noiseless argmax lies within a binomial bound of η(K − 1)/K", () => {
    const rows = 20_000;
    // The noise has its own stream, so the η = 0 task of the same seed holds the noiseless labels.
    const clean = teacherTask({ ...defaults, labelNoise: 0 }, rows, 11).labels;
    for (const [labelNoise, classes] of [[0.1, 3], [0.3, 3], [0.2, 5]] as const) {
      const noiseless = teacherTask({ ...defaults, classes, labelNoise: 0 }, rows, 11).labels;
      const noisy = teacherTask({ ...defaults, classes, labelNoise }, rows, 11).labels;
      const expected = (labelNoise * (classes - 1)) / classes;
      // 4.5 standard errors of a binomial share: a false alarm about once in 150,000 runs.
      const bound = 4.5 * Math.sqrt((expected * (1 - expected)) / rows);
      expect(Math.abs(changed(noisy, noiseless) - expected), `η = ${labelNoise}, K = ${classes}`).toBeLessThan(bound);
    }
    // A larger η only replaces more rows: the rows η = 0.1 changes are among those η = 0.3 changes.
    const low = teacherTask({ ...defaults, labelNoise: 0.1 }, rows, 11).labels;
    const high = teacherTask({ ...defaults, labelNoise: 0.3 }, rows, 11).labels;
    low.forEach((k, i) => {
      if (k !== clean[i]) expect(high[i]).toBe(k);
    });
    expect(changed(teacherTask({ ...defaults, labelNoise: 0 }, rows, 11).labels, clean)).toBe(0);
  });

  it("the default teacher's classes are balanced on average over seeds and none is rare in any seed", () => {
    // Measured over seeds 1–40, 2000 noiseless rows each: mean shares 0.329, 0.344, 0.327; the smallest share in any seed 0.136.
    const seeds = 40;
    const means = [0, 0, 0];
    for (let seed = 1; seed <= seeds; seed += 1) {
      const { labels } = teacherTask({ ...defaults, labelNoise: 0 }, 2000, seed);
      const shares = [0, 1, 2].map((k) => labels.filter((l) => l === k).length / labels.length);
      shares.forEach((share, k) => (means[k] += share / seeds));
      expect(Math.min(...shares), `seed ${seed}`).toBeGreaterThan(0.1);
    }
    for (const mean of means) expect(Math.abs(mean - 1 / 3)).toBeLessThan(0.05);
  });
});

describe("drift: the teacher moves a little every period", () => {
  it("with drift 0 the task has no labelsAt, and its split labels every period as period 1", () => {
    const task = teacherTask(defaults, 300, 4);
    expect(task.labelsAt).toBeUndefined();
    const split = splitTask(task, 4, { validation: 50, test: 50, pool: 200, seedExamples: 2 });
    expect(split.at(60)).toEqual({ poolLabels: split.poolLabels, validation: split.validation, test: split.test });
  });

  it("with drift > 0 few labels change from one period to the next, more over longer gaps, and noisy rows never change", () => {
    // Measured, drift 0.05, 2000 rows, mean over seeds 1–5: 0.019 of the labels change over 1 period, 0.071 over 10, 0.169 over 100.
    const params = { ...defaults, drift: 0.05 };
    const gaps = [1, 10, 100];
    const mean = gaps.map(() => 0);
    for (let seed = 1; seed <= 5; seed += 1) {
      const task = teacherTask(params, 2000, seed);
      expect(task.labelsAt!(1)).toEqual(task.labels);
      gaps.forEach((gap, g) => (mean[g] += changed(task.labelsAt!(1), task.labelsAt!(1 + gap)) / 5));
      const noisy = teacherTask({ ...params, drift: 0 }, 2000, seed).labels;
      const noiseless = teacherTask({ ...params, labelNoise: 0, drift: 0 }, 2000, seed).labels;
      const late = task.labelsAt!(101);
      noisy.forEach((k, i) => {
        if (k !== noiseless[i]) expect(late[i]).toBe(k);
      });
    }
    expect(mean[0]).toBeLessThan(0.05);
    expect(mean[0]).toBeLessThan(mean[1]);
    expect(mean[1]).toBeLessThan(mean[2]);
  });

  it("labelsAt(t) does not depend on the order periods are asked for (the teachers are kept, computed incrementally)", () => {
    const params = { ...defaults, drift: 0.1 };
    const inOrder = teacherTask(params, 400, 9);
    const wanted = [1, 2, 3, 7, 12].map((t) => inOrder.labelsAt!(t));
    const outOfOrder = teacherTask(params, 400, 9);
    expect([12, 3, 1, 7, 2].map((t) => outOfOrder.labelsAt!(t))).toEqual([4, 2, 0, 3, 1].map((i) => wanted[i]));
  });

  it("split.at(t) carries the period-t labels of the split's rows", () => {
    const task = teacherTask({ ...defaults, drift: 0.2 }, 300, 5);
    const split = splitTask(task, 5, { validation: 60, test: 40, pool: 200, seedExamples: 3 });
    // Gaussian features are distinct, so a row's first feature finds it in the task.
    const rowOf = new Map(Array.from({ length: task.rows }, (_, i) => [task.x[i * task.dims], i]));
    for (const period of [1, 8, 30]) {
      const truth = task.labelsAt!(period);
      const labels = split.at(period);
      split.poolLabels.forEach((_, i) => expect(labels.poolLabels[i]).toBe(truth[rowOf.get(split.poolX[i * task.dims])!]));
      for (let i = 0; i < 40; i += 1) {
        const k = Array.from(labels.test.counts.subarray(i * 3, i * 3 + 3)).indexOf(1);
        expect(k).toBe(truth[rowOf.get(labels.test.x[i * task.dims])!]);
      }
    }
    expect(changed(split.at(30).poolLabels, split.poolLabels)).toBeGreaterThan(0);
  });
});

describe("the teacher in a learned config", () => {
  const learned = (teacher: unknown, task = "teacher") => {
    const data = JSON.parse(JSON.stringify(base)) as Record<string, Record<string, unknown>>;
    data.valuation = { ...data.valuation, task, teacher };
    return data;
  };

  it("fills the defaults of valuation.teacher, and allows the block beside a table task, where it is ignored", () => {
    const config = parseConfig(learned({ drift: 0.01 }), "x.json");
    expect(config.valuation.source === "learned" && config.valuation.teacher).toEqual({ ...defaults, ...TEACHER_SIZES, drift: 0.01 });
    const table = parseConfig(learned({ dimension: 3 }, "cars"), "x.json");
    if (table.valuation.source !== "learned") throw new Error("unreachable");
    expect(taskFor(table.valuation, 1).spec.id).toBe("cars");
  });

  it.each([
    [{ dimension: 0 }, "valuation.teacher.dimension", "got 0"],
    [{ dimension: 1001 }, "valuation.teacher.dimension", "got 1001"],
    [{ classes: 1 }, "valuation.teacher.classes", "got 1"],
    [{ classes: 51 }, "valuation.teacher.classes", "got 51"],
    [{ labelNoise: 1 }, "valuation.teacher.labelNoise: must lie in [0, 1)", "got 1"],
    [{ labelNoise: -0.1 }, "valuation.teacher.labelNoise: must lie in [0, 1)", "got -0.1"],
    [{ drift: -1 }, "valuation.teacher.drift: must be ≥ 0", "got -1"],
    [{ depth: 2 }, "valuation.teacher: Unrecognized key", "depth"],
  ])("refuses valuation.teacher %j with one line naming the field", (teacher, field, got) => {
    let message = "";
    try {
      parseConfig(learned(teacher), "x.json");
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain(`x.json: ${field}`);
    expect(message).toContain(got);
    expect(message).not.toContain("\n");
  });

  it("taskFor(settings, seed) generates the seed's teacher with exactly validation + test + pool rows", () => {
    const config = teacherConfig({ classes: 4 });
    if (config.valuation.source !== "learned") throw new Error("unreachable");
    const task = taskFor(config.valuation, 6);
    expect(task.rows).toBe(60 + 80 + 120);
    expect(bytes(task.x).equals(bytes(teacherTask({ ...defaults, classes: 4 }, 260, 6).x))).toBe(true);
    expect(learnedSource(config, "x.json").open(6).split.task.classes).toHaveLength(4);
  });

  it.each([0, 0.1])("runs through simulate with drift %s, keeping every invariant and repeating bit for bit under its seed", (drift) => {
    const config = teacherConfig({ drift }, 4);
    const run = () => simulate(config, 3, null, loadValuation(config, null).scores);
    const first = run();
    expect(checkRun(first)).toEqual([]);
    expect(first.groups[0].periods).toHaveLength(4);
    expect(JSON.stringify(run())).toBe(JSON.stringify(first));
  });
});
