import { describe, expect, it } from "vitest";
import { fig7Data, fig7Figure } from "../experiments/figures/fig7.js";
import { learnedRun } from "./fixtures/learnedRuns.js";
import { compileWarnings, encodedFields, fieldsMissingFromData } from "./specFields.js";

// Hand-made learned runs (test/fixtures/learnedRuns.ts), seeds 1–3 of penguins under influence and loo.
// influence: B1's fairshare performance per dollar is 0.01, 0.02, 0.03 (mean 0.02, s = 0.01, so the 95%
// half-width is t_{0.975,2} · 0.01/√3 with t = 4.303 from a printed table); B2 spent nothing under
// exploitative in seed 2, leaving 0.05 and 0.07 (mean 0.06, n = 2). loo: B2 never spent under fairshare.
// Per budget dollar: the fixture's accuracy is 0.5 + perDollar · 4 (its spend by T = 2), so B1's gain per
// budget dollar under influence × fairshare is 0.04·seed/(40 · 2) = 0.0005·seed (mean 0.001, every seed).
const runs = [1, 2, 3].flatMap((seed) => [
  learnedRun("penguins", "influence", seed, {
    fairshare: { profit: 1, utility: [1, 1], perDollar: [0.01 * seed, 0.04] },
    exploitative: { profit: 1, utility: [1, 1], perDollar: [0.05, [0.05, null, 0.07][seed - 1]] },
  }),
  learnedRun("penguins", "loo", seed, {
    fairshare: { profit: 1, utility: [1, 1], perDollar: [0.01, null] },
    exploitative: { profit: 1, utility: [1, 1], perDollar: [0.02, 0.02] },
  }),
]);

describe("fig7Data", () => {
  const rows = fig7Data(runs);
  const row = (method: string, group: string, buyer: string) => rows.find((r) => r.method === method && r.group === group && r.buyer === buyer)!;

  it("has one row per task × method × group × buyer, methods in METHOD_IDS order, high budget first", () => {
    expect(rows.map((r) => `${r.method}/${r.group}/${r.buyer}/${r.budget}`)).toEqual([
      "influence/fairshare/B1/high", "influence/fairshare/B2/low", "influence/exploitative/B1/high", "influence/exploitative/B2/low",
      "loo/fairshare/B1/high", "loo/fairshare/B2/low", "loo/exploitative/B1/high", "loo/exploitative/B2/low",
    ]);
    expect(row("influence", "fairshare", "B2").budgetAmount).toBe(10);
  });

  it("is the mean performance per dollar at the last period over seeds, with a 95% t-interval", () => {
    const { performancePerDollar } = row("influence", "fairshare", "B1");
    expect(performancePerDollar!.mean).toBeCloseTo(0.02, 15);
    expect(performancePerDollar!.high - 0.02).toBeCloseTo((4.303 * 0.01) / Math.sqrt(3), 4);
    expect(performancePerDollar!.n).toBe(3);
  });

  it("leaves out the seeds in which the buyer spent nothing, and gives null when it never spent", () => {
    expect(row("influence", "exploitative", "B2").performancePerDollar).toMatchObject({ n: 2 });
    expect(row("influence", "exploitative", "B2").performancePerDollar!.mean).toBeCloseTo(0.06, 15);
    expect(row("influence", "exploitative", "B2").runs).toBe(3);
    expect(row("loo", "fairshare", "B2").performancePerDollar).toBeNull();
  });

  it("per budget dollar is (accuracy_T − start accuracy)/(B_b · T) over every seed, an idle buyer's being 0", () => {
    const { perBudgetDollar } = row("influence", "fairshare", "B1");
    expect(perBudgetDollar!.mean).toBeCloseTo(0.001, 15);
    expect(perBudgetDollar!.n).toBe(3);
    expect(row("influence", "exploitative", "B2").perBudgetDollar!.n).toBe(3);
    expect(row("loo", "fairshare", "B2").perBudgetDollar).toMatchObject({ mean: 0, n: 3 });
  });

  it("carries the protocol, and refuses runs under two protocols (the figure shows one)", () => {
    expect(new Set(rows.map((r) => r.protocol))).toEqual(new Set(["accumulate"]));
    const windowed = learnedRun("penguins", "influence", 9, { fairshare: { profit: 1, utility: [1, 1], perDollar: [0.01, 0.01] }, exploitative: { profit: 1, utility: [1, 1], perDollar: [0.01, 0.01] } }, { window: 5 });
    expect(() => fig7Data([...runs, windowed])).toThrow(/protocols accumulate and window5; Fig. 7 shows one/);
  });
});

describe("fig7Spec", () => {
  const figure = fig7Figure(runs, "learned.json");
  const spec = figure.spec as unknown as { facet: { row: { field: string }; column: { field: string } }; spec: { layer: Array<{ encoding: Record<string, { field?: string }> }> }; data: { values: Array<Record<string, unknown>> } };

  it("is a grid of a row per task and a column per buyer × measure, methods across, groups side by side", () => {
    expect(spec.facet.row.field).toBe("task");
    expect(spec.facet.column.field).toBe("panel");
    expect([...new Set(spec.data.values.map((v) => v.panel))]).toEqual([
      "B1, high budget ($40): per dollar spent", "B1, high budget ($40): per budget dollar", "B2, low budget ($10): per dollar spent", "B2, low budget ($10): per budget dollar",
    ]);
    for (const layer of spec.spec.layer) {
      expect(layer.encoding.x.field).toBe("method");
      expect(layer.encoding.xOffset.field).toBe("group");
      expect(layer.encoding.color.field).toBe("group");
    }
    expect(spec.spec.layer[0].encoding.y.field).toBe("low");
    expect(spec.spec.layer[0].encoding.y2.field).toBe("high");
    expect(spec.spec.layer[1].encoding.y.field).toBe("mean");
  });

  it("draws no per-dollar-spent point for a buyer that never spent, and the caption says which", () => {
    expect(spec.data.values).toHaveLength(7 + 8);
    expect(spec.data.values.some((v) => v.method === "loo" && v.group === "fairshare" && v.panel === "B2, low budget ($10): per dollar spent")).toBe(false);
    expect(figure.caption).toContain("No per-dollar-spent point, since the buyer spent nothing in any seed: B2 under fairshare (penguins × loo)");
    expect(figure.caption).toContain("In 1 of the 8 per-dollar-spent points some seeds are left out");
  });

  it("encodes only fields its rows have, and compiles without warnings", () => {
    expect(encodedFields(figure.spec)).toEqual(["method", "group", "low", "high", "mean", "seeds"]);
    expect(fieldsMissingFromData(figure.spec)).toEqual([]);
    expect(compileWarnings(figure.spec)).toEqual([]);
  });

  it("fig7Figure names the protocol, both measures, and records every seed", () => {
    expect(figure).toMatchObject({ id: "fig7", seed: 1, seeds: [1, 2, 3] });
    expect(figure.title).toContain("protocol: accumulate");
    expect(figure.caption).toContain("per dollar spent (MODEL §6) and per dollar of budget available over the run (B·T, unspent budget included)");
  });
});
