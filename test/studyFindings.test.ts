import { describe, expect, it } from "vitest";
import { CLAIMS, claimName, formatInterval, formatNumber, studyFindings, studyVerdict, verdictOf, type CellFindings } from "../experiments/figures/studyFindings.js";
import type { MethodId } from "../experiments/learned/methods/method.js";
import type { TaskId } from "../experiments/learned/tasks.js";
import type { LearningProtocol } from "../experiments/studyConfig.js";
import { learnedRun, type RunFinals } from "./fixtures/learnedRuns.js";

/** The runs of one cell, seeds 1..n, each from `finals(s)` (s = 0..n−1). */
const cell = (task: TaskId, method: MethodId, n: number, finals: (s: number) => RunFinals, protocol: LearningProtocol = "accumulate") =>
  Array.from({ length: n }, (_, s) => learnedRun(task, method, s + 1, finals(s), protocol));

/**
 * The paired 95% interval worked out here, apart from the code: mean of the differences ± t · s/√n, with
 * t_{0.975,1} = 12.706 and t_{0.975,2} = 4.303 from a printed table (NIST/SEMATECH e-Handbook 1.3.6.7.2).
 */
function byHand(left: number[], right: number[]) {
  const d = left.map((l, i) => l - right[i]);
  const n = d.length;
  const mean = d.reduce((a, b) => a + b, 0) / n;
  const s = Math.sqrt(d.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
  const half = ({ 2: 12.706, 3: 4.303 } as Record<number, number>)[n] * (s / Math.sqrt(n));
  return { mean, low: mean - half, high: mean + half, half };
}

// penguins × influence, seeds 1–3, fairshare against exploitative at t = 2, each claim built to one verdict:
// (1) best-tier sellers 1 vs 0 in every seed (exploitative keeps only the low-quality S2): a zero-width
//     interval above 0 → holds (the mean quality, 0.75 vs 0.6, 0.62, 0.64, is among the differences);
// (2) accuracy B1 0.8, 0.81, 0.82 vs 0.85, 0.87, 0.89 → reversed; B2 0.7, 0.72, 0.74 vs 0.72, 0.70, 0.73 → not resolved;
// (3) active sellers 2 vs 1 in every seed: a difference of exactly 1, a zero-width interval above 0 → holds;
// (4) utility B1 10, 20, 30 vs 15, 14, 25 (−5, 6, 5) → not resolved; B2 10, 20, 30 vs 9, 18.8, 29.2 → holds;
// (5) profit 10, 11, 12 vs 2, 2.5, 3 → holds;
// (6) per $ spent B1 0.01, 0.011, 0.012 vs 0.02, 0.022, 0.024 → reversed; B2 0.05, 0.06, 0.07 vs 0.01, —, 0.01
//     (B2 spent nothing under exploitative in seed 2): over 2 seeds 0.04, 0.06 → not resolved;
//     per budget $ follows the accuracies: B1 reversed, B2 not resolved.
const mixed = (s: number): RunFinals => ({
  fairshare: { profit: [10, 11, 12][s], utility: [[10, 20, 30][s], [10, 20, 30][s]], perDollar: [[0.01, 0.011, 0.012][s], [0.05, 0.06, 0.07][s]], accuracy: [[0.8, 0.81, 0.82][s], [0.7, 0.72, 0.74][s]] },
  exploitative: {
    profit: [2, 2.5, 3][s], utility: [[15, 14, 25][s], [9, 18.8, 29.2][s]], perDollar: [[0.02, 0.022, 0.024][s], [0.01, null, 0.01][s]],
    accuracy: [[0.85, 0.87, 0.89][s], [0.72, 0.7, 0.73][s]], active: 1, quality: [0.6, 0.62, 0.64][s],
  },
});
const EXPECTED = [
  "holds", "reversed", "not resolved", "holds", "not resolved", "holds", "holds", "reversed", "not resolved", "reversed", "not resolved",
];

describe("verdictOf(difference)", () => {
  it("holds when the interval lies above 0, reversed below, not resolved when it contains 0 or has one seed", () => {
    expect(verdictOf({ mean: 2, low: 0.1, high: 3.9, n: 3 })).toBe("holds");
    expect(verdictOf({ mean: -2, low: -3.9, high: -0.1, n: 3 })).toBe("reversed");
    expect(verdictOf({ mean: 2, low: -0.1, high: 4.1, n: 3 })).toBe("not resolved");
    expect(verdictOf({ mean: 0, low: 0, high: 0, n: 5 })).toBe("not resolved");
    expect(verdictOf({ mean: 1, low: 1, high: 1, n: 5 })).toBe("holds");
    expect(verdictOf({ mean: 9, low: 9, high: 9, n: 1 })).toBe("not resolved");
    expect(verdictOf(null)).toBe("not resolved");
  });

  it("an interval touching 0 is not resolved: the rule asks for the whole interval on one side", () => {
    expect(verdictOf({ mean: 1, low: 0, high: 2, n: 4 })).toBe("not resolved");
    expect(verdictOf({ mean: -1, low: -2, high: 0, n: 4 })).toBe("not resolved");
  });
});

describe("studyFindings(runs)", () => {
  const [influence, fresh] = studyFindings([...cell("penguins", "influence", 3, mixed), ...cell("penguins", "influence", 3, mixed, "fresh")]);
  const claim = (metric: string, buyer: string | null) => influence.claims.find((c) => c.metric === metric && c.buyer === buyer)!;

  it("gives one cell per task × method × protocol, with its seeds and periods", () => {
    expect([influence, fresh].map(({ task, method, protocol, seeds, periods }) => ({ task, method, protocol, seeds, periods }))).toEqual([
      { task: "penguins", method: "influence", protocol: "accumulate", seeds: 3, periods: 2 },
      { task: "penguins", method: "influence", protocol: "fresh", seeds: 3, periods: 2 },
    ]);
  });

  it("states every claim in CLAIMS order, one row per metric and, for a buyer's metric, per buyer", () => {
    expect(influence.claims.map((c) => `${CLAIMS.findIndex((x) => x.claim === c.claim) + 1} ${c.metric} ${c.buyer ?? "sellers"}`)).toEqual([
      "1 activeHighQuality sellers", "2 testAccuracy B1", "2 testAccuracy B2", "3 activeSellers sellers", "4 cumulativeUtility B1", "4 cumulativeUtility B2",
      "5 averageCumulativeProfit sellers", "6 performancePerDollar B1", "6 performancePerDollar B2", "6 performancePerBudgetDollar B1", "6 performancePerBudgetDollar B2",
    ]);
  });

  it("each verdict is the one its data was built for: holds, reversed, not resolved", () => {
    expect(influence.claims.map((c) => c.verdict)).toEqual(EXPECTED);
    expect(fresh.claims.map((c) => c.verdict)).toEqual(EXPECTED);
  });

  it("the claim's difference is fairshare − exploitative, paired by seed, with the interval worked out by hand", () => {
    const profit = claim("averageCumulativeProfit", null).difference!;
    const hand = byHand([10, 11, 12], [2, 2.5, 3]);
    expect(profit.mean).toBeCloseTo(8.5, 12);
    expect(Math.abs(profit.low - hand.low)).toBeLessThan(1e-3 * hand.half);
    expect(Math.abs(profit.high - hand.high)).toBeLessThan(1e-3 * hand.half);
    const utility = claim("cumulativeUtility", "B1").difference!;
    const straddle = byHand([10, 20, 30], [15, 14, 25]);
    expect(straddle.low).toBeLessThan(0);
    expect(Math.abs(utility.high - straddle.high)).toBeLessThan(1e-3 * straddle.half);
  });

  it("performance per dollar spent pairs only the seeds in which the buyer spent under both groups, and the differences say how many", () => {
    const b2 = influence.differences.find((d) => d.group === "exploitative" && d.metric === "performancePerDollar" && d.buyer === "B2")!;
    const hand = byHand([0.05, 0.07], [0.01, 0.01]);
    expect(b2).toMatchObject({ seeds: 2, dropped: 1, verdict: "not resolved" });
    expect(Math.abs(b2.difference!.low - hand.low)).toBeLessThan(1e-3 * hand.half);
  });

  it("lists every group against fairshare, every metric, each with its verdict", () => {
    const [only] = studyFindings(cell("cars", "loo", 3, (s) => ({ ...mixed(s), reduced: mixed(s).exploitative, random: mixed(s).fairshare })));
    expect(only.differences).toHaveLength(3 * 12);
    expect([...new Set(only.differences.map((d) => d.group))]).toEqual(["reduced", "random", "exploitative"]);
    // random holds fairshare's own numbers: every difference is 0 and nothing is resolved.
    expect(only.differences.filter((d) => d.group === "random").every((d) => d.verdict === "not resolved" && (d.difference === null || d.difference.mean === 0))).toBe(true);
    // reduced holds exploitative's: the same verdicts as the claims.
    expect(only.differences.filter((d) => d.group === "reduced").map((d) => `${d.metric}/${d.buyer}:${d.verdict}`).sort())
      .toEqual(only.differences.filter((d) => d.group === "exploitative").map((d) => `${d.metric}/${d.buyer}:${d.verdict}`).sort());
  });

  it("one seed gives no interval: every claim is not resolved, however far apart the groups", () => {
    const [one] = studyFindings(cell("cars", "gradient", 1, mixed));
    expect(one.claims.map((c) => c.verdict)).toEqual(Array(11).fill("not resolved"));
  });

  it("no seed that pairs gives a null difference and not resolved, while the best tier's count still resolves when every seller has left", () => {
    const [none] = studyFindings(cell("cars", "gradient", 3, (s) => ({ ...mixed(s), exploitative: { ...mixed(s).exploitative, quality: null, active: 0 } })));
    const quality = none.differences.find((d) => d.group === "exploitative" && d.metric === "meanQuality")!;
    expect(quality).toMatchObject({ seeds: 0, dropped: 3, difference: null, verdict: "not resolved" });
    expect(none.claims[0]).toEqual({ claim: "exploitation drives high-quality sellers out", metric: "activeHighQuality", buyer: null, difference: { mean: 1, low: 1, high: 1 }, verdict: "holds" });
  });

  it("refuses runs without an exploitative group", () => {
    const alone = cell("penguins", "influence", 2, (s) => ({ ...mixed(s), reduced: mixed(s).exploitative })).map((run) => ({
      ...run, config: { ...run.config, groups: ["fairshare" as const, "reduced" as const] }, groups: run.groups.slice(0, 2),
    }));
    expect(() => studyFindings(alone)).toThrow(/penguins × influence × accumulate: the runs need a fairshare and an exploitative group/);
  });
});

describe("claimName(row)", () => {
  it("names the claim, with its buyer, and its metric when the claim has two", () => {
    expect(claimName({ claim: "fairshare sustains participation", metric: "activeSellers", buyer: null })).toBe("fairshare sustains participation");
    expect(claimName({ claim: "exploitation degrades long-term model performance", metric: "testAccuracy", buyer: "B1" })).toBe("exploitation degrades long-term model performance (B1)");
    expect(claimName({ claim: "fairshare gives higher performance per dollar", metric: "performancePerBudgetDollar", buyer: "B2" })).toBe("fairshare gives higher performance per dollar (performance per budget dollar, B2)");
  });
});

describe("studyVerdict(cells)", () => {
  const findings = studyFindings([...cell("penguins", "influence", 3, mixed), ...cell("weather", "loo", 3, mixed)]);

  it("says every claim holds in every cell only when every claim row holds in every cell", () => {
    const holding: CellFindings[] = findings.map((c) => ({ ...c, claims: c.claims.map((row) => ({ ...row, verdict: "holds" as const })) }));
    expect(studyVerdict(holding)).toBe("Every claim holds in every cell (2 task × method × protocol cells at t = 2).");
  });

  it("otherwise goes claim row by claim row, from the verdicts alone: how often it holds, and where it is reversed or not resolved", () => {
    const line = studyVerdict(findings);
    expect(line.startsWith("Over 2 task × method × protocol cells at t = 2: exploitation drives high-quality sellers out holds in all 2; ")).toBe(true);
    expect(line).toContain("exploitation degrades long-term model performance (B1) holds in 0 of 2, reversed in all 2; ");
    expect(line).toContain("exploitation degrades long-term model performance (B2) holds in 0 of 2, not resolved in all 2; ");
    expect(line).toContain("fairshare gives buyers higher long-term utility (B2) holds in all 2; ");
    expect(line.endsWith("fairshare gives higher performance per dollar (performance per budget dollar, B2) holds in 0 of 2, not resolved in all 2.")).toBe(true);
  });

  it("names the cells of the rarer failure and counts the others, so a long study keeps a readable line", () => {
    const three = studyFindings(["gradient", "influence", "loo"].flatMap((m) => cell("weather", m as MethodId, 3, mixed)));
    const verdicts = { gradient: "reversed", influence: "not resolved", loo: "not resolved" } as const;
    const edited: CellFindings[] = three.map((c) => ({ ...c, claims: c.claims.map((row) => (row.metric === "averageCumulativeProfit" ? { ...row, verdict: verdicts[c.method as keyof typeof verdicts] } : row)) }));
    expect(studyVerdict(edited)).toContain("fairshare gives sellers higher profit holds in 0 of 3, reversed in weather × gradient × accumulate, not resolved in the other 2;");
  });

  it("refuses no cells", () => {
    expect(() => studyVerdict([])).toThrow(/at least one cell/);
  });
});

describe("formatNumber and formatInterval", () => {
  it("give three significant digits, the interval's decimals set by its largest end", () => {
    expect(formatNumber(0.0031249)).toBe("0.00312");
    expect(formatNumber(1234.5)).toBe("1235");
    expect(formatNumber(-0)).toBe("0.00");
    expect(formatInterval({ mean: 7.74, low: 6.1, high: 9.381 })).toBe("7.74 [6.10, 9.38]");
    expect(formatInterval({ mean: 8.5, low: -1, high: 18 }, true)).toBe("+8.5 [-1.0, +18.0]");
  });
});
