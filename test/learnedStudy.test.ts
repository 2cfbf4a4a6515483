import { describe, expect, it } from "vitest";
import { parseConfig } from "../experiments/config.js";
import { buyerLabel, cellName, studyCells, studyOf, studyProtocols, taskDescription, taskLabel } from "../experiments/figures/learnedStudy.js";
import { learnedConfig, learnedRun, type GroupFinal } from "./fixtures/learnedRuns.js";

const final: GroupFinal = { profit: 1, utility: [1, 1], perDollar: [0.01, 0.01] };
const run = (task: "penguins" | "cars" | "teacher", method: "loo" | "influence", seed: number, protocol: "accumulate" | "fresh" | { window: number } = "accumulate") =>
  learnedRun(task, method, seed, { fairshare: final, exploitative: final }, protocol);

describe("studyCells(runs)", () => {
  it("groups runs by task × method × protocol: tasks and methods in id order, protocols in order of first appearance", () => {
    const runs = [run("cars", "loo", 1, { window: 5 }), run("penguins", "loo", 1), run("penguins", "loo", 2), run("penguins", "loo", 1, { window: 5 }), run("penguins", "influence", 1, "fresh")];
    expect(studyCells(runs).map((c) => `${cellName(c)}: ${c.runs.map((r) => r.seed).join(",")}`)).toEqual([
      "penguins × influence × fresh: 1",
      "penguins × loo × window5: 1",
      "penguins × loo × accumulate: 1,2",
      "cars × loo × window5: 1",
    ]);
  });

  it("refuses a seed twice in one cell, but not the same seed under two protocols", () => {
    expect(() => studyCells([run("penguins", "loo", 1), run("penguins", "loo", 1)])).toThrow(/penguins × loo × accumulate: seed 1 appears twice/);
    expect(studyCells([run("penguins", "loo", 1), run("penguins", "loo", 1, "fresh")])).toHaveLength(2);
  });

  it("studyOf reads a run's task, method and protocol id from its config", () => {
    expect(studyOf(run("cars", "influence", 3, { window: 7 }))).toEqual({ task: "cars", method: "influence", protocol: "window7" });
  });
});

describe("studyProtocols(config)", () => {
  const base = learnedConfig("penguins", "loo");
  const withStudy = (study: unknown, protocol: unknown = "accumulate") => parseConfig({ ...base, valuation: { ...base.valuation, protocol }, study }, "study");

  it("is the config's own protocol alone without a study block", () => {
    expect(studyProtocols(base)).toEqual(["accumulate"]);
  });

  it("puts the config's own protocol first, then the study's others in their order, the own one not repeated", () => {
    expect(studyProtocols(withStudy({ protocols: ["fresh", { window: 5 }, "accumulate"] }))).toEqual(["accumulate", "fresh", { window: 5 }]);
    expect(studyProtocols(withStudy({ protocols: ["accumulate", { window: 5 }] }, { window: 5 }))).toEqual([{ window: 5 }, "accumulate"]);
  });
});

describe("labels", () => {
  it("a table's description, and the teacher's with its configured numbers", () => {
    expect(taskLabel(run("penguins", "loo", 1))).toBe("penguins: penguin species (3) from beak length and depth, flipper length and body mass");
    const teacher = run("teacher", "loo", 1);
    expect(taskDescription(teacher)).toMatch(/^a seeded linear teacher: /);
    const config = parseConfig({ ...teacher.config, valuation: { ...teacher.config.valuation, teacher: { dimension: 4, classes: 2, labelNoise: 0.2, drift: 0.01 } } }, "teacher");
    expect(taskDescription({ ...teacher, config })).toContain("4 Gaussian features, 2 classes, label noise 0.2, drift 0.01");
  });

  it("a buyer's id, its rank by budget and its budget", () => {
    const { config } = run("cars", "loo", 1);
    expect(buyerLabel(config, "B1")).toBe("B1, high budget ($40)");
    expect(buyerLabel(config, "B2")).toBe("B2, low budget ($10)");
    expect(() => buyerLabel(config, "B3")).toThrow(/no buyer "B3"/);
  });
});
