import { describe, expect, it } from "vitest";
import { cellDifferences } from "../experiments/figures/pairedDifferences.js";
import { verdictOf } from "../experiments/figures/studyFindings.js";
import { SWEEP_COLUMNS, sweepRows, type SweepHead, type SweepRow } from "../experiments/sweepSummary.js";
import { hasVerdicts, METRIC_COLUMNS, pairedColumn, pointVerdicts, sweepVerdicts, type SweepMetric } from "../experiments/sweepVerdicts.js";
import { learnedRun, type GroupFinal } from "./fixtures/learnedRuns.js";

// Critical values of Student's t from a printed table (NIST/SEMATECH e-Handbook of Statistical Methods,
// 1.3.6.7.2, upper critical values, α = 0.025 one-sided): t_{0.975,1} = 12.706, t_{0.975,2} = 4.303.
// Printed to 3 decimals, a half-width worked from them is off by at most 0.0005 · s/√n: 0.0003 for s = 1,
// n = 3 and 0.0005 for s = √2, n = 2; the assertions allow 4e-4 and 6e-4.
const HALF_3 = 4.303 / Math.sqrt(3); // s = 1, n = 3: 2.484339
const HALF_2 = 12.706; // s = √2, n = 2: 12.706 · √2/√2

/** Per seed (three seeds, 7, 8, 9), a group's numbers: the sellers' columns, and each buyer's. */
interface GroupRows {
  sellers: Partial<Record<SweepMetric, Array<number | null>>>;
  B1: Partial<Record<SweepMetric, Array<number | null>>>;
  B2: Partial<Record<SweepMetric, Array<number | null>>>;
}

const SEEDS = [7, 8, 9];

/** One point's rows, seed by seed, each group and buyer; a column not given is null (performance among them). */
function rowsOf(groups: Record<string, GroupRows>, point = 0): SweepRow[] {
  return SEEDS.flatMap((seed, s) =>
    Object.entries(groups).flatMap(([group, g]) =>
      (["B1", "B2"] as const).map((buyer) => {
        const row = Object.fromEntries(SWEEP_COLUMNS.map((c) => [c, null])) as SweepRow;
        Object.assign(row, { point, seed, group, buyer, cumulative_spend: 1, unconverged_periods: 0 });
        for (const [column, values] of Object.entries({ ...g.sellers, ...g[buyer] })) row[column as SweepMetric] = values![s];
        return row;
      }),
    ),
  );
}

const fairshare: GroupRows = {
  sellers: { active_sellers: [10, 10, 10], mean_quality: [2, 2, 2], average_cumulative_profit: [5, 6, 7], active_high_quality: [3, 3, 3] },
  B1: { cumulative_utility: [10, 12, 14], performance_per_dollar: [1, 1, 1], performance_per_budget_dollar: [0.2, 0.2, 0.2] },
  B2: { cumulative_utility: [5, 5, 5], performance_per_dollar: [1, 1, 1], performance_per_budget_dollar: [0.1, 0.1, 0.1] },
};
const exploitative: GroupRows = {
  // No seller is active under exploitative in any seed, so its mean quality is null throughout.
  sellers: { active_sellers: [9, 8, 7], mean_quality: [null, null, null], average_cumulative_profit: [1, 1, 1], active_high_quality: [1, 1, 1] },
  // B1 spent nothing in seed 8: no performance per dollar there.
  B1: { cumulative_utility: [8, 9, 10], performance_per_dollar: [0, null, -2], performance_per_budget_dollar: [0.1, 0.1, 0.1] },
  B2: { cumulative_utility: [7, 8, 9], performance_per_dollar: [1, 1, 1], performance_per_budget_dollar: [0.1, 0.1, 0.1] },
};
const ROWS = Object.freeze(rowsOf({ fairshare, reduced: fairshare, exploitative }).map((r) => Object.freeze(r)));
const POINT = { index: 0, overrides: [{ field: "valuation.task", value: "cars" }] };

describe("pairedColumn(rows, { metric, group, buyer }): fairshare − group seed by seed, on one point's sweep rows", () => {
  it("B1's cumulative utility, differences 2, 3, 4: mean 3, 3 ± 4.303·1/√3 = [0.5157, 5.4843], holds", () => {
    const d = pairedColumn(ROWS, { metric: "cumulative_utility", group: "exploitative", buyer: "B1" });
    expect(d.difference!.mean).toBeCloseTo(3, 12);
    expect(Math.abs(d.difference!.low - (3 - HALF_3))).toBeLessThan(4e-4);
    expect(Math.abs(d.difference!.high - (3 + HALF_3))).toBeLessThan(4e-4);
    expect(d).toMatchObject({ group: "exploitative", metric: "cumulative_utility", buyer: "B1", seeds: 3, dropped: 0, verdict: "holds" });
    expect(d.fairshare!.mean).toBeCloseTo(12, 12);
    expect(d.other!.mean).toBeCloseTo(9, 12);
  });

  it("B2's cumulative utility, differences −2, −3, −4: [−5.4843, −0.5157], reversed", () => {
    const d = pairedColumn(ROWS, { metric: "cumulative_utility", group: "exploitative", buyer: "B2" });
    expect(Math.abs(d.difference!.high - (-3 + HALF_3))).toBeLessThan(4e-4);
    expect(d.verdict).toBe("reversed");
  });

  it("active sellers, differences 1, 2, 3: [−0.4843, 4.4843] contains 0, not resolved", () => {
    const d = pairedColumn(ROWS, { metric: "active_sellers", group: "exploitative" });
    expect(Math.abs(d.difference!.low - (2 - HALF_3))).toBeLessThan(4e-4);
    expect(d).toMatchObject({ buyer: null, seeds: 3, verdict: "not resolved" });
  });

  it("drops a seed with a null under either group and counts it: B1's performance per dollar pairs seeds 7 and 9, 2 ± 12.706", () => {
    const d = pairedColumn(ROWS, { metric: "performance_per_dollar", group: "exploitative", buyer: "B1" });
    expect(d).toMatchObject({ seeds: 2, dropped: 1, verdict: "not resolved" });
    expect(d.difference!.mean).toBeCloseTo(2, 12);
    expect(Math.abs(d.difference!.high - (2 + HALF_2))).toBeLessThan(6e-4);
  });

  it("a column null in every seed under both groups (test accuracy here) is not testable here; null under one group only is not resolved", () => {
    expect(pairedColumn(ROWS, { metric: "performance", group: "exploitative", buyer: "B1" })).toEqual({
      group: "exploitative", metric: "performance", buyer: "B1", seeds: 0, dropped: 3, fairshare: null, other: null, difference: null, verdict: "not testable here",
    });
    expect(pairedColumn(ROWS, { metric: "mean_quality", group: "exploitative" })).toMatchObject({ seeds: 0, dropped: 3, difference: null, verdict: "not resolved" });
  });

  it("one paired seed gives a zero-width interval and not resolved, as verdictOf says", () => {
    const one = ROWS.filter((r) => r.seed === 7);
    const d = pairedColumn(one, { metric: "cumulative_utility", group: "exploitative", buyer: "B1" });
    expect(d.difference).toEqual({ mean: 2, low: 2, high: 2 });
    expect(d.verdict).toBe("not resolved");
  });

  it("refuses a group the rows lack, a buyer's column without a buyer, a sellers' column with one, and a seed missing a group's row", () => {
    expect(() => pairedColumn(ROWS, { metric: "active_sellers", group: "random" })).toThrow(/needs rows of fairshare and of another group random/);
    expect(() => pairedColumn(ROWS, { metric: "cumulative_utility", group: "exploitative" })).toThrow(/buyer's column/);
    expect(() => pairedColumn(ROWS, { metric: "active_sellers", group: "exploitative", buyer: "B1" })).toThrow(/sellers' column/);
    const gap = ROWS.filter((r) => !(r.seed === 8 && r.group === "exploitative"));
    expect(() => pairedColumn(gap, { metric: "active_sellers", group: "exploitative" })).toThrow(/no row of group exploitative, seed 8/);
  });
});

describe("pointVerdicts(point, rows): every group against fairshare, and the six claims from fairshare − exploitative", () => {
  const verdicts = pointVerdicts(POINT, ROWS);

  it("the claims in CLAIMS order, one row per metric and buyer, with the verdicts worked out above", () => {
    expect(verdicts.claims.map((c) => [c.metric, c.buyer, c.seeds, c.verdict])).toEqual([
      ["active_high_quality", null, 3, "holds"],
      ["performance", "B1", 0, "not testable here"],
      ["performance", "B2", 0, "not testable here"],
      ["active_sellers", null, 3, "not resolved"],
      ["cumulative_utility", "B1", 3, "holds"],
      ["cumulative_utility", "B2", 3, "reversed"],
      ["average_cumulative_profit", null, 3, "holds"],
      ["performance_per_dollar", "B1", 2, "not resolved"],
      ["performance_per_dollar", "B2", 3, "not resolved"],
      ["performance_per_budget_dollar", "B1", 3, "holds"],
      ["performance_per_budget_dollar", "B2", 3, "not resolved"],
    ]);
    expect(verdicts.claims[0].claim).toBe("exploitation drives high-quality sellers out");
    expect(verdicts.claims.at(-1)!.claim).toBe("fairshare gives higher performance per dollar");
    // Sellers' profit: differences 4, 5, 6, so 5 ± 4.303/√3.
    expect(Math.abs(verdicts.claims[6].difference!.low - (5 - HALF_3))).toBeLessThan(4e-4);
  });

  it("differences: each group other than fairshare (row order) × each metric (the learned study's order) × each buyer for a buyer's metric", () => {
    expect(verdicts.differences).toHaveLength(2 * (4 * 2 + 4));
    expect(verdicts.differences.slice(0, 4).map((d) => [d.group, d.metric, d.buyer])).toEqual([
      ["reduced", "cumulative_utility", "B1"], ["reduced", "cumulative_utility", "B2"], ["reduced", "performance_per_dollar", "B1"], ["reduced", "performance_per_dollar", "B2"],
    ]);
    // reduced equals fairshare seed for seed: every difference 0, so nothing is resolved (test accuracy is not testable).
    const reduced = verdicts.differences.filter((d) => d.group === "reduced");
    expect(reduced.filter((d) => d.verdict !== "not resolved").map((d) => [d.metric, d.verdict])).toEqual([["performance", "not testable here"], ["performance", "not testable here"]]);
    const claim = verdicts.claims[4];
    expect(verdicts.differences.find((d) => d.group === "exploitative" && d.metric === "cumulative_utility" && d.buyer === "B1")).toMatchObject({ difference: claim.difference, verdict: claim.verdict });
  });

  it("on rows of hand-made learned runs, equals the learned study's cellDifferences on the runs themselves, metric for metric", () => {
    const final = (x: Partial<GroupFinal> = {}): GroupFinal => ({ profit: 10, utility: [10, 50], perDollar: [0.01, 0.02], ...x });
    const runs = [1, 2, 3].map((seed) =>
      learnedRun("teacher", "influence", seed, {
        fairshare: final({ profit: 10 + seed, utility: [10 + seed, 50], accuracy: [0.7 + seed / 100, 0.6] }),
        exploitative: final({ perDollar: [0.01, seed === 2 ? null : 0.015], active: seed === 1 ? 0 : 1, quality: seed === 1 ? null : 0.6 }),
        reduced: final({ active: 1, quality: 0.9, utility: [9, 49 + seed] }),
      }),
    );
    const rows = runs.flatMap((run) => sweepRows({ index: 0, overrides: [], config: run.config }, run));
    const mine = pointVerdicts({ index: 0, overrides: [] }, rows).differences;
    const theirs = cellDifferences(runs);
    expect(mine).toHaveLength(theirs.length);
    for (const d of theirs) {
      const m = mine.find((x) => x.group === d.group && x.metric === METRIC_COLUMNS[d.metric] && x.buyer === d.buyer)!;
      const strip = (x: typeof d.difference) => (x === null ? null : { mean: x.mean, low: x.low, high: x.high });
      expect([m.seeds, m.dropped, m.fairshare, m.other, m.difference, m.verdict], `${d.group} ${d.metric} ${d.buyer}`).toEqual([
        d.seeds, d.dropped, strip(d.fairshare), strip(d.other), strip(d.difference), verdictOf(d.difference),
      ]);
    }
  });
});

describe("sweepVerdicts(head, rows): verdicts.json", () => {
  const head: Pick<SweepHead, "name" | "seeds" | "points"> = { name: "tiny", seeds: 3, points: [POINT, { index: 1, overrides: [{ field: "valuation.task", value: "weather" }] }] };
  const rows = [...ROWS, ...rowsOf({ fairshare, exploitative: fairshare }, 1)];

  it("has the schema {name, seeds, points: [{index, overrides, claims: [...], differences: [...]}]}, and survives a JSON round trip", () => {
    const verdicts = JSON.parse(JSON.stringify(sweepVerdicts(head, rows))) as Record<string, unknown> & { points: Array<Record<string, unknown> & { claims: object[]; differences: object[] }> };
    expect(Object.keys(verdicts)).toEqual(["name", "seeds", "points"]);
    expect(verdicts).toMatchObject({ name: "tiny", seeds: 3 });
    expect(verdicts.points.map((p) => Object.keys(p))).toEqual([["index", "overrides", "claims", "differences"], ["index", "overrides", "claims", "differences"]]);
    expect(verdicts.points[1].overrides).toEqual([{ field: "valuation.task", value: "weather" }]);
    expect(Object.keys(verdicts.points[0].claims[0])).toEqual(["claim", "metric", "buyer", "difference", "seeds", "verdict"]);
    expect(Object.keys(verdicts.points[0].differences[0])).toEqual(["group", "metric", "buyer", "seeds", "dropped", "fairshare", "other", "difference", "verdict"]);
    expect((verdicts.points[0].claims[0] as { difference: object }).difference).toEqual({ mean: 2, low: expect.any(Number), high: expect.any(Number) });
    expect(verdicts).toEqual(sweepVerdicts(head, rows));
  });

  it("point 1, exploitative equal to fairshare in every seed, resolves nothing and leaves test accuracy not testable", () => {
    const [, one] = sweepVerdicts(head, rows).points;
    expect(new Set(one.claims.map((c) => c.verdict))).toEqual(new Set(["not resolved", "not testable here"]));
    expect(one.differences.every((d) => d.group === "exploitative")).toBe(true);
  });

  it("hasVerdicts is false, and sweepVerdicts refuses, when a point lacks exploitative rows; a row of no point is refused", () => {
    expect(hasVerdicts(head, rows)).toBe(true);
    const lacking = [...ROWS, ...rowsOf({ fairshare, reduced: fairshare }, 1)];
    expect(hasVerdicts(head, lacking)).toBe(false);
    expect(() => sweepVerdicts(head, lacking)).toThrow(/point 1 needs rows of fairshare and exploitative, got fairshare, reduced/);
    expect(() => sweepVerdicts(head, [...rows, ...rowsOf({ fairshare, exploitative }, 5)])).toThrow(/a row of point 5/);
  });
});
