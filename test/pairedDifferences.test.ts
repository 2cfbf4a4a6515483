import { describe, expect, it } from "vitest";
import { cellDifferences, METRICS, pairedDifference, STUDY_METRICS } from "../experiments/figures/pairedDifferences.js";
import { learnedRun, type GroupFinal } from "./fixtures/learnedRuns.js";

// Critical values of Student's t from a printed table (NIST/SEMATECH e-Handbook of Statistical Methods,
// 1.3.6.7.2, upper critical values, α = 0.025 one-sided): t_{0.975,2} = 4.303, t_{0.975,4} = 2.776,
// t_{0.975,19} = 2.093. They are printed to 3 decimals, so a half-width worked from them is off by at most
// 0.0005 · s/√n; each assertion below allows a little more than that.

/** A group's last-period numbers with the fixture's defaults, overridden by `x`. */
const final = (x: Partial<GroupFinal> = {}): GroupFinal => ({ profit: 10, utility: [10, 50], perDollar: [0.01, 0.02], ...x });

describe("pairedDifference(runs, { metric, group }): fairshare − group seed by seed, mean and 95% t-interval", () => {
  it("five known differences of sellers' profit (2, 5, 1, 4, 3): 3 ± 2.776·√2.5/√5 = [1.0371, 4.9629]", () => {
    // By hand: mean 3; s² = (1 + 4 + 4 + 1 + 0)/4 = 2.5; s/√5 = 0.707107; half-width 2.776 · 0.707107 = 1.962929.
    const d = [2, 5, 1, 4, 3];
    const runs = d.map((x, s) => learnedRun("penguins", "influence", s + 1, { fairshare: final({ profit: 10 + x }), exploitative: final() }));
    const { difference, seeds, dropped, buyer, period } = pairedDifference(runs, { metric: "averageCumulativeProfit", group: "exploitative" });
    expect(difference!.mean).toBeCloseTo(3, 12);
    expect(Math.abs(difference!.low - 1.037071)).toBeLessThan(4e-4);
    expect(Math.abs(difference!.high - 4.962929)).toBeLessThan(4e-4);
    expect({ seeds, dropped, buyer, period, n: difference!.n }).toEqual({ seeds: 5, dropped: 0, buyer: null, period: 2, n: 5 });
  });

  it("twenty known differences of B2's cumulative utility (−1, 0, 1, 2, 3 four times): 1 ± 2.093·√(40/19)/√20 = [0.3209, 1.6791]", () => {
    // By hand: mean 1; Σ(d − 1)² = 4 · (4 + 1 + 0 + 1 + 4) = 40; s = √(40/19) = 1.450953; s/√20 = 0.324443;
    // half-width 2.093 · 0.324443 = 0.679060.
    const d = Array.from({ length: 20 }, (_, k) => (k % 5) - 1);
    const runs = d.map((x, s) => learnedRun("weather", "loo", s + 1, { fairshare: final({ utility: [10, 50 + x] }), exploitative: final() }));
    const { difference } = pairedDifference(runs, { metric: "cumulativeUtility", group: "exploitative", buyer: "B2" });
    expect(difference!.mean).toBeCloseTo(1, 12);
    expect(Math.abs(difference!.low - 0.32094)).toBeLessThan(2e-4);
    expect(Math.abs(difference!.high - 1.67906)).toBeLessThan(2e-4);
    expect(difference!.n).toBe(20);
  });

  it("pairs by seed: group means whose unpaired intervals overlap, but whose per-seed differences all favour fairshare, give an interval above 0", () => {
    // B1's utility 10, 20, 30 vs 9, 18.8, 29.2: differences 1, 1.2, 0.8, s = 0.2, half-width 4.303 · 0.2/√3 = 0.496868.
    const pairs = [[10, 9], [20, 18.8], [30, 29.2]];
    const runs = pairs.map(([f, e], s) => learnedRun("cars", "gradient", s + 1, { fairshare: final({ utility: [f, 50] }), exploitative: final({ utility: [e, 50] }) }));
    const d = pairedDifference(runs, { metric: "cumulativeUtility", group: "exploitative", buyer: "B1" });
    expect(Math.abs(d.difference!.low - (1 - 0.496868))).toBeLessThan(1e-4);
    expect(d.fairshare!.mean).toBeCloseTo(20, 12);
    expect(d.other!.mean).toBeCloseTo(19, 12);
    // Unpaired, fairshare's own interval (20 ± 24.8) holds exploitative's mean: the groups alone say nothing.
    expect(d.fairshare!.low).toBeLessThan(d.other!.mean);
  });

  it("drops the seeds in which the metric is missing under either group, and counts them", () => {
    const runs = [1, 2, 3].map((seed) => learnedRun("penguins", "gradient", seed, {
      fairshare: final({ perDollar: [0.01, [0.03, 0.04, 0.05][seed - 1]] }),
      exploitative: final({ perDollar: [0.01, seed === 2 ? null : 0.02], quality: seed === 1 ? null : 0.6, active: seed === 1 ? 0 : 1 }),
    }));
    // Performance per dollar spent: B2 spent nothing under exploitative in seed 2; 0.03 − 0.02 and 0.05 − 0.02 remain.
    const perDollar = pairedDifference(runs, { metric: "performancePerDollar", group: "exploitative", buyer: "B2" });
    expect(perDollar).toMatchObject({ seeds: 2, dropped: 1 });
    expect(perDollar.difference!.mean).toBeCloseTo(0.02, 12);
    // Mean quality: no seller was active under exploitative in seed 1; 0.75 − 0.6 in the other two.
    const quality = pairedDifference(runs, { metric: "meanQuality", group: "exploitative" });
    expect(quality).toMatchObject({ seeds: 2, dropped: 1 });
    expect(quality.difference!.mean).toBeCloseTo(0.15, 12);
    // Active sellers is never missing: 0 sellers is a number (2 − 0, 2 − 1, 2 − 1).
    const active = pairedDifference(runs, { metric: "activeSellers", group: "exploitative" });
    expect(active).toMatchObject({ seeds: 3, dropped: 0 });
    expect(active.difference!.mean).toBeCloseTo(4 / 3, 12);
  });

  it("no seed left gives null intervals, not a throw", () => {
    const runs = [1, 2].map((seed) => learnedRun("penguins", "gradient", seed, { fairshare: final(), exploitative: final({ quality: null, active: 0 }) }));
    expect(pairedDifference(runs, { metric: "meanQuality", group: "exploitative" })).toMatchObject({ seeds: 0, dropped: 2, fairshare: null, other: null, difference: null });
  });

  it("performance per budget dollar is (accuracy_T − start accuracy)/(B_b · T), and test accuracy is read as it is", () => {
    // B1 (budget 40, T = 2): (0.9 − 0.5)/80 = 0.005 under fairshare, (0.7 − 0.5)/80 = 0.0025 under exploitative.
    const runs = [1, 2, 3].map((seed) => learnedRun("cars", "loo", seed, { fairshare: final({ accuracy: [0.9, 0.6] }), exploitative: final({ accuracy: [0.7, 0.6] }) }));
    const perBudget = pairedDifference(runs, { metric: "performancePerBudgetDollar", group: "exploitative", buyer: "B1" });
    expect(perBudget.fairshare!.mean).toBeCloseTo(0.005, 15);
    expect(perBudget.difference).toMatchObject({ n: 3 });
    expect(perBudget.difference!.mean).toBeCloseTo(0.0025, 15);
    expect(perBudget.difference!.high - perBudget.difference!.low).toBeCloseTo(0, 15);
    expect(pairedDifference(runs, { metric: "testAccuracy", group: "exploitative", buyer: "B1" }).difference!.mean).toBeCloseTo(0.2, 15);
    // Period 1 of the fixture holds half the gain: (0.7 − 0.5)/(40 · 1) against (0.6 − 0.5)/40.
    expect(pairedDifference(runs, { metric: "performancePerBudgetDollar", group: "exploitative", buyer: "B1", period: 1 }).difference!.mean).toBeCloseTo(0.0025, 15);
  });

  it("at an earlier period it pairs that period's numbers", () => {
    const runs = [1, 2].map((seed) => learnedRun("penguins", "loo", seed, { fairshare: final({ profit: 10 + 2 * seed }), exploitative: final() }));
    expect(pairedDifference(runs, { metric: "averageCumulativeProfit", group: "exploitative", period: 1 }).difference!.mean).toBeCloseTo(1.5, 12);
  });

  it("refuses no runs, a missing group, a buyer's metric without a buyer, the sellers' with one, and a period outside 1..T", () => {
    const runs = [learnedRun("penguins", "loo", 1, { fairshare: final(), exploitative: final() })];
    expect(() => pairedDifference([], { metric: "activeSellers", group: "exploitative" })).toThrow(/at least one run/);
    expect(() => pairedDifference(runs, { metric: "activeSellers", group: "random" })).toThrow(/needs a fairshare group and another group random/);
    expect(() => pairedDifference(runs, { metric: "activeSellers", group: "fairshare" })).toThrow(/another group fairshare/);
    expect(() => pairedDifference(runs, { metric: "cumulativeUtility", group: "exploitative" })).toThrow(/buyer's metric and needs a buyer of B1, B2/);
    expect(() => pairedDifference(runs, { metric: "cumulativeUtility", group: "exploitative", buyer: "B9" })).toThrow(/got "B9"/);
    expect(() => pairedDifference(runs, { metric: "activeSellers", group: "exploitative", buyer: "B1" })).toThrow(/sellers' metric/);
    expect(() => pairedDifference(runs, { metric: "activeSellers", group: "exploitative", period: 3 })).toThrow(/period must be a whole number in 1..2, got 3/);
  });
});

describe("cellDifferences(runs)", () => {
  const runs = [1, 2].map((seed) => learnedRun("penguins", "influence", seed, { fairshare: final({ profit: 12 }), reduced: final({ profit: 11 }), exploitative: final() }));
  const list = cellDifferences(runs);

  it("has every group other than fairshare (config order) × every metric × each buyer for a buyer's metric", () => {
    const perGroup = STUDY_METRICS.flatMap((m) => (METRICS[m].perBuyer ? [`${m}/B1`, `${m}/B2`] : [`${m}/`]));
    expect(perGroup).toHaveLength(12);
    expect(list.map((d) => `${d.group}:${d.metric}/${d.buyer ?? ""}`)).toEqual(["reduced", "exploitative"].flatMap((g) => perGroup.map((k) => `${g}:${k}`)));
  });

  it("each is fairshare minus that group", () => {
    const profit = (group: string) => list.find((d) => d.group === group && d.metric === "averageCumulativeProfit")!.difference!.mean;
    expect(profit("reduced")).toBe(1);
    expect(profit("exploitative")).toBe(2);
  });
});
