import { compile } from "vega-lite";
import { describe, expect, it } from "vitest";
import { fig6Data, fig6Figure, fig6Spec, FIG6_PANEL_LABELS } from "../experiments/figures/fig6.js";
import { learnedRun, type GroupFinal } from "./fixtures/learnedRuns.js";
import { compileWarnings, fieldsMissingFromData } from "./specFields.js";

// Hand-made learned runs (test/fixtures/learnedRuns.ts; period 1 holds half of each last-period number).
// penguins, seeds 1 and 2: B1's fairshare cumulative utility ends at 10 and 30, so its mean is 10 at
// t = 1 and 20 at t = 2, and the 95% half-width at t = 2 is t_{0.975,1} · |10 − 30|/2 = 12.706 · 10
// (t from a printed table). cars, seeds 1 and 2: the fairshare sellers' average profit ends at 4 and 8
// (mean 6), exploitative at 1 in both (mean 1, zero-width band); 1 active seller left under exploitative.
const final = (profit: number, utility: number, active = 2): GroupFinal => ({ profit, utility: [utility, utility / 2], perDollar: [0.01, 0.02], active });
const penguins = [1, 2].map((seed) => learnedRun("penguins", "influence", seed, { fairshare: final(5, seed === 1 ? 10 : 30), exploitative: final(2, 40) }));
const cars = [1, 2].map((seed) => learnedRun("cars", "influence", seed, { fairshare: final(seed === 1 ? 4 : 8, 6), exploitative: final(1, 3, 1) }));
// Cars first: the rows must still come in task order (penguins, weather, cars).
const runs = [...cars, ...penguins];

describe("fig6Data", () => {
  const rows = fig6Data(runs);
  const row = (task: string, panel: string, group: string, period: number) =>
    rows.find((r) => r.task === task && r.panel === panel && r.group === group && r.period === period)!;

  it("gives one row per task × panel × group × period, tasks in TASK_IDS order", () => {
    expect(rows).toHaveLength(2 * 4 * 2 * 2);
    expect([...new Set(rows.map((r) => r.task))]).toEqual(["penguins", "cars"]);
  });

  it("each task's rows are Fig. 4's for its own runs: B1's mean cumulative utility with a t band", () => {
    expect(row("penguins", "fig4a", "fairshare", 1).mean).toBe(10);
    expect(row("penguins", "fig4a", "fairshare", 2).mean).toBe(20);
    expect(row("penguins", "fig4a", "fairshare", 2).high).toBeCloseTo(20 + 12.706 * 10, 1);
    expect(row("penguins", "fig4b", "exploitative", 2)).toMatchObject({ mean: 20, low: 20, high: 20, seeds: 2 });
  });

  it("fig4c and fig4d read each task's sellers", () => {
    expect(row("cars", "fig4c", "fairshare", 2).mean).toBe(6);
    expect(row("cars", "fig4c", "exploitative", 2)).toMatchObject({ mean: 1, low: 1, high: 1 });
    expect(row("cars", "fig4d", "exploitative", 2).mean).toBe(1);
    expect(row("penguins", "fig4d", "exploitative", 2).mean).toBe(2);
  });

  it("labels each row with its task and what the task stands in for, and its panel with a unit", () => {
    expect(row("penguins", "fig4a", "fairshare", 1).taskLabel).toBe("penguins: penguin species (3) from beak length and depth, flipper length and body mass");
    expect(row("cars", "fig4c", "fairshare", 1).panelLabel).toBe(FIG6_PANEL_LABELS.fig4c);
  });

  it("refuses a task run under two methods, runs that are not learned, and no runs", () => {
    const loo = learnedRun("penguins", "loo", 3, { fairshare: final(1, 1), exploitative: final(1, 1) });
    expect(() => fig6Data([...penguins, loo])).toThrow(/penguins has runs under influence and loo/);
    const synthetic = { ...penguins[0], config: { ...penguins[0].config, valuation: { source: "synthetic" as const, noise: 0, decay: 0 } } };
    expect(() => fig6Data([synthetic])).toThrow(/not learned/);
    expect(() => fig6Data([])).toThrow(/at least one run/);
  });
});

describe("fig6Spec", () => {
  const figure = fig6Figure(runs, "learned.json");

  it("is a grid: a row per task, a column per panel, each cell with its own y scale", () => {
    const spec = figure.spec as unknown as { facet: { row: { field: string }; column: { field: string } }; resolve: unknown; data: { values: Array<Record<string, unknown>> } };
    expect(spec.facet.row.field).toBe("task");
    expect(spec.facet.column.field).toBe("panel");
    expect(spec.resolve).toEqual({ scale: { y: "independent" } });
    expect(new Set(spec.data.values.map((v) => v.task))).toEqual(new Set(["penguins (for medical diagnosis)", "cars (for math)"]));
  });

  it("encodes only fields its rows have, and compiles without warnings", () => {
    expect(fieldsMissingFromData(figure.spec)).toEqual([]);
    expect(compileWarnings(figure.spec)).toEqual([]);
  });

  it("has one legend for the whole grid, drawn as lines", () => {
    const vega = compile(fig6Spec(fig6Data(runs), "t", "c")).spec as { legends?: Array<{ symbolType?: string }> };
    expect(vega.legends).toHaveLength(1);
    expect(vega.legends![0].symbolType).toBe("stroke");
  });

  it("fig6Figure names the method, every task and what it stands in for, and the seeds", () => {
    expect(figure).toMatchObject({ id: "fig6", seed: 1, seeds: [1, 2], config: "learned.json" });
    expect(figure.title).toContain("influence");
    expect(figure.caption).toContain("penguins: penguin species");
    expect(figure.caption).toContain("standing in for math");
    expect(figure.caption).toContain("mean over 2 seeds");
  });
});
