import { compile } from "vega-lite";
import { describe, expect, it } from "vitest";
import { fig6Data, fig6Figure, fig6Spec, FIG6_PANELS } from "../experiments/figures/fig6.js";
import { learnedRun, type GroupFinal } from "./fixtures/learnedRuns.js";
import { compileWarnings, encodedFields, fieldsMissingFromData } from "./specFields.js";

// Hand-made learned runs (test/fixtures/learnedRuns.ts; period 1 holds half of each last-period number).
// penguins, seeds 1 and 2, groups fairshare, reduced, exploitative: B1's cumulative utility ends at 10
// and 30 under fairshare, 40 under exploitative, so the paired differences are −30 and −10 at t = 2
// (mean −20; s = 10√2, so the 95% half-width is t_{0.975,1} · s/√2 = 12.706 · 10, t from a printed table)
// and −15 and −5 at t = 1 (mean −10); under reduced (20) they are −10 and +10 (mean 0).
// cars, seeds 1 and 2: the sellers' average profit ends at 4 and 8 under fairshare, 1 under
// exploitative (differences 3 and 7, mean 5); 2 sellers stay under fairshare and 1 under exploitative,
// a difference of exactly 1 in both seeds (a zero-width band).
const final = (profit: number, utility: number, active = 2): GroupFinal => ({ profit, utility: [utility, utility / 2], perDollar: [0.01, 0.02], active });
const penguins = [1, 2].map((seed) => learnedRun("penguins", "influence", seed, { fairshare: final(5, seed === 1 ? 10 : 30), reduced: final(5, 20), exploitative: final(2, 40) }));
const cars = [1, 2].map((seed) => learnedRun("cars", "influence", seed, { fairshare: final(seed === 1 ? 4 : 8, 6), exploitative: final(1, 3, 1) }));
// Cars first: the rows must still come in task order (penguins, weather, cars).
const runs = [...cars, ...penguins];

describe("fig6Data: fairshare minus each other group, paired by seed, per period", () => {
  const rows = fig6Data(runs);
  const row = (task: string, panel: number, group: string, period: number) =>
    rows.find((r) => r.task === task && r.panel === FIG6_PANELS[panel].label && r.group === group && r.period === period)!;

  it("gives one row per task × panel × group other than fairshare × period, tasks in TASK_IDS order", () => {
    expect(rows).toHaveLength(4 * 2 * 2 + 4 * 1 * 2);
    expect([...new Set(rows.map((r) => r.task))]).toEqual(["penguins", "cars"]);
    expect(rows.some((r) => r.group === "fairshare")).toBe(false);
    expect([...new Set(rows.filter((r) => r.task === "penguins").map((r) => r.group))]).toEqual(["reduced", "exploitative"]);
  });

  it("(a) the high-budget buyer's cumulative utility: the mean paired difference with its t band, worked out by hand", () => {
    expect(row("penguins", 0, "exploitative", 1).mean).toBe(-10);
    expect(row("penguins", 0, "exploitative", 2).mean).toBe(-20);
    expect(row("penguins", 0, "exploitative", 2).high).toBeCloseTo(-20 + 12.706 * 10, 1);
    expect(row("penguins", 0, "exploitative", 2).seeds).toBe(2);
    expect(row("penguins", 0, "reduced", 2).mean).toBe(0);
    // (b) the low-budget buyer's is half of it in the fixture.
    expect(row("penguins", 1, "exploitative", 2).mean).toBe(-10);
  });

  it("(c) the sellers' profit and (d) the active sellers, a zero-width band when every seed differs by the same", () => {
    expect(row("cars", 2, "exploitative", 2).mean).toBe(5);
    expect(row("cars", 3, "exploitative", 2)).toMatchObject({ mean: 1, low: 1, high: 1 });
    expect(row("cars", 3, "exploitative", 1)).toMatchObject({ mean: 0, low: 0, high: 0 });
  });

  it("labels each row with its task and what it predicts from what", () => {
    expect(row("penguins", 0, "exploitative", 1).taskLabel).toBe("penguins: penguin species (3) from beak length and depth, flipper length and body mass");
  });

  it("takes other panels as an option: the high-budget buyer's test accuracy", () => {
    const accuracy = fig6Data(penguins, { panels: [{ label: "accuracy", metric: "testAccuracy", buyer: "high" }] });
    // The fixture's accuracy is 0.5 + perDollar · spend: the same 0.54 under every group, so every difference is 0.
    expect(accuracy).toHaveLength(2 * 2);
    expect(accuracy.every((r) => r.mean === 0)).toBe(true);
  });

  it("refuses a task run under two methods or two protocols, runs that are not learned, and no runs", () => {
    const loo = learnedRun("penguins", "loo", 3, { fairshare: final(1, 1), exploitative: final(1, 1) });
    expect(() => fig6Data([...penguins, loo])).toThrow(/penguins has runs under influence × accumulate and loo × accumulate/);
    const fresh = learnedRun("penguins", "influence", 3, { fairshare: final(1, 1), reduced: final(1, 1), exploitative: final(1, 1) }, "fresh");
    expect(() => fig6Data([...penguins, fresh])).toThrow(/influence × accumulate and influence × fresh; Fig. 6 shows one method and protocol/);
    const synthetic = { ...penguins[0], config: { ...penguins[0].config, valuation: { source: "synthetic" as const, noise: 0, decay: 0 } } };
    expect(() => fig6Data([synthetic])).toThrow(/not learned/);
    expect(() => fig6Data([])).toThrow(/at least one run/);
  });
});

describe("fig6Spec", () => {
  const figure = fig6Figure(runs, "learned.json");
  const spec = figure.spec as unknown as {
    facet: { row: { field: string }; column: { field: string } };
    resolve: unknown;
    data: { values: Array<Record<string, unknown>> };
    spec: { layer: Array<{ mark: { type: string }; encoding: Record<string, { datum?: number; field?: string; scale?: { domain: string[] } }> }> };
  };

  it("is a grid: a row per task, a column per panel, each cell with its own y scale", () => {
    expect(spec.facet.row.field).toBe("task");
    expect(spec.facet.column.field).toBe("panel");
    expect(spec.resolve).toEqual({ scale: { y: "independent" } });
    expect(new Set(spec.data.values.map((v) => v.task))).toEqual(new Set(["penguins", "cars"]));
  });

  it("draws a rule at 0 under each cell's band and line, and colours only the groups compared with fairshare", () => {
    const [rule, band, line] = spec.spec.layer;
    expect(rule.mark.type).toBe("rule");
    expect(rule.encoding.y.datum).toBe(0);
    expect(band.mark.type).toBe("area");
    expect(line.mark.type).toBe("line");
    expect(line.encoding.color.scale!.domain).toEqual(["reduced", "random", "exploitative"]);
  });

  it("encodes only fields its rows have, and compiles without warnings", () => {
    expect(encodedFields(figure.spec)).toEqual(["period", "low", "high", "group", "mean"]);
    expect(fieldsMissingFromData(figure.spec)).toEqual([]);
    expect(compileWarnings(figure.spec)).toEqual([]);
  });

  it("has one legend for the whole grid, drawn as lines", () => {
    const vega = compile(fig6Spec(fig6Data(runs), "t", "c")).spec as { legends?: Array<{ symbolType?: string }> };
    expect(vega.legends).toHaveLength(1);
    expect(vega.legends![0].symbolType).toBe("stroke");
  });

  it("fig6Figure names the method and protocol, says what was computed and over how many seeds, and lists every task", () => {
    expect(figure).toMatchObject({ id: "fig6", seed: 1, seeds: [1, 2], config: "learned.json" });
    expect(figure.title).toContain("fairshare minus each other pricing group");
    expect(figure.title).toContain("valuation: influence, protocol: accumulate");
    expect(figure.caption).toContain("each seed gives one paired difference, fairshare's number minus the other group's, at every period");
    expect(figure.caption).toContain("the line is the mean over 2 seeds (1–2), the band its 95% t-interval, and the dashed rule marks 0");
    expect(figure.caption).toContain("penguins: penguin species");
    expect(figure.caption).toContain("cars: a car's region of origin");
  });
});
