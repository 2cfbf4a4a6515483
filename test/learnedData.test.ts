import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { annotatorBatch, splitTask } from "../experiments/learned/annotators.js";
import { size } from "../experiments/learned/dataset.js";
import { datasetsFolder, loadTask, TABLE_IDS, TASKS } from "../experiments/learned/tasks.js";

/** The raw records of a task's file, read without the loader (CSV split by hand: these files have no quoting). */
function rawRecords(file: string): Array<Record<string, unknown>> {
  const text = readFileSync(join(datasetsFolder(), file), "utf8");
  if (!file.endsWith(".csv")) return JSON.parse(text) as Array<Record<string, unknown>>;
  const [header, ...lines] = text.trim().split("\n");
  const names = header.split(",");
  return lines.map((line) => Object.fromEntries(line.split(",").map((cell, i) => [names[i], cell])));
}

const split = (seed: number) => splitTask(loadTask("penguins"), seed, { validation: 80, test: 120, pool: 140, seedExamples: 6 });

describe("the learned market's tasks are the installed vega-datasets tables", () => {
  it.each(TABLE_IDS)("%s keeps exactly the records whose label and features are all present, labels in file order", (id) => {
    const spec = TASKS[id];
    const complete = rawRecords(spec.file).filter(
      (r) => typeof r[spec.label] === "string" && r[spec.label] !== "" && spec.features.every((f) => r[f] !== null && r[f] !== "" && Number.isFinite(Number(r[f]))),
    );
    const task = loadTask(id);
    expect(task.rows).toBe(complete.length);
    expect(task.rows + task.dropped).toBe(rawRecords(spec.file).length);
    expect(task.classes).toEqual([...new Set(complete.map((r) => r[spec.label] as string))].sort());
    expect(Array.from(task.labels, (k) => task.classes[k])).toEqual(complete.map((r) => r[spec.label]));
  });

  it.each(TABLE_IDS)("%s's features are standardised: mean 0 and standard deviation 1 each, order kept", (id) => {
    const spec = TASKS[id];
    const task = loadTask(id);
    for (let f = 0; f < task.dims; f += 1) {
      const column = Array.from({ length: task.rows }, (_, i) => task.x[i * task.dims + f]);
      const mean = column.reduce((a, b) => a + b, 0) / task.rows;
      const sd = Math.sqrt(column.reduce((a, b) => a + (b - mean) ** 2, 0) / task.rows);
      expect(Math.abs(mean)).toBeLessThan(1e-12);
      expect(sd).toBeCloseTo(1, 12);
    }
    // Standardising is increasing, so the raw column's order survives it.
    const raw = rawRecords(spec.file).filter((r) => spec.features.every((f) => r[f] !== null && r[f] !== "") && r[spec.label]).map((r) => Number(r[spec.features[0]]));
    for (let i = 1; i < Math.min(50, task.rows); i += 1) expect(Math.sign(task.x[i * task.dims] - task.x[(i - 1) * task.dims])).toBe(Math.sign(raw[i] - raw[i - 1]));
  });
});

describe("a task splits into disjoint validation, test and pool rows", () => {
  it("has the asked sizes, repeats under a seed and changes with it", () => {
    const a = split(7);
    expect([a.validation.rows, a.test.rows, a.poolLabels.length]).toEqual([80, 120, 140]);
    expect(size(a.validation)).toBe(80);
    expect(size(a.seedSet)).toBe(6);
    const { at: _, ...data } = split(7);
    const { at: __, ...again } = a;
    expect(data).toEqual(again);
    // A table's labels do not move: every period is period 1.
    expect(a.at(40)).toEqual({ poolLabels: a.poolLabels, validation: a.validation, test: a.test });
    expect(split(8).poolX).not.toEqual(a.poolX);
  });

  it("uses each task row at most once across the three sets", () => {
    const task = loadTask("penguins");
    const s = split(3);
    const key = (x: Float64Array, i: number) => Array.from(x.subarray(i * task.dims, (i + 1) * task.dims)).join(",");
    const seen = new Map<string, number>();
    for (let i = 0; i < task.rows; i += 1) seen.set(key(task.x, i), (seen.get(key(task.x, i)) ?? 0) + 1);
    const used = new Map<string, number>();
    for (const [x, rows] of [[s.validation.x, 80], [s.test.x, 120], [s.poolX, 140]] as const) {
      for (let i = 0; i < rows; i += 1) used.set(key(x, i), (used.get(key(x, i)) ?? 0) + 1);
    }
    for (const [k, n] of used) expect(n).toBeLessThanOrEqual(seen.get(k)!);
  });

  it("refuses sizes that need more rows than the task has", () => {
    expect(() => splitTask(loadTask("penguins"), 1, { validation: 200, test: 100, pool: 100, seedExamples: 1 })).toThrow(/^valuation: validation \+ test \+ pool must be at most the 342 rows of task penguins, got 400$/);
  });
});

describe("annotators label with noise that falls with quality", () => {
  const errorRate = (quality: number, batches: number) => {
    const s = split(11);
    let wrong = 0;
    let total = 0;
    for (let t = 1; t <= batches; t += 1) {
      const batch = annotatorBatch(s, 11, "S1", t, quality, 50);
      for (let i = 0; i < s.poolLabels.length; i += 1) {
        for (let k = 0; k < 3; k += 1) {
          const n = batch.counts[i * 3 + k];
          total += n;
          if (k !== s.poolLabels[i]) wrong += n;
        }
      }
    }
    return { rate: wrong / total, total };
  };

  it("a perfect annotator's labels are all correct", () => {
    expect(errorRate(1, 20).rate).toBe(0);
  });

  it.each([0.9, 0.6, 0.2])("quality %s gives the label error rate (1 − θ)(K − 1)/K within 4 binomial standard errors", (quality) => {
    const { rate, total } = errorRate(quality, 200);
    const expected = ((1 - quality) * 2) / 3;
    expect(Math.abs(rate - expected)).toBeLessThan(4 * Math.sqrt((expected * (1 - expected)) / total));
  });

  it("a batch is the same for every caller and has the asked size", () => {
    const s = split(5);
    expect(annotatorBatch(s, 5, "S2", 4, 0.7, 12)).toEqual(annotatorBatch(s, 5, "S2", 4, 0.7, 12));
    expect(size(annotatorBatch(s, 5, "S2", 4, 0.7, 12))).toBe(12);
    expect(annotatorBatch(s, 5, "S2", 5, 0.7, 12).counts).not.toEqual(annotatorBatch(s, 5, "S2", 4, 0.7, 12).counts);
  });
});
