import { describe, expect, it } from "vitest";
import { formatInterval, formatNumber, studyFindings, studyVerdict, verdictOf, type Finding } from "../experiments/figures/studyFindings.js";
import type { MethodId } from "../experiments/learned/methods/method.js";
import type { TaskId } from "../experiments/learned/tasks.js";
import { learnedRun } from "./fixtures/learnedRuns.js";

/** Per-seed last-period numbers of one task × method: index s is seed s + 1. */
interface Series {
  profit: [number[], number[]];
  perDollar: { B1: [Array<number | null>, Array<number | null>]; B2: [Array<number | null>, Array<number | null>] };
  utility: { B1: [number[], number[]]; B2: [number[], number[]] };
}

/** The runs of a cell, one per seed, fairshare first in each pair of series. */
function cell(task: TaskId, method: MethodId, x: Series) {
  return x.profit[0].map((_, s) => learnedRun(task, method, s + 1, {
    fairshare: { profit: x.profit[0][s], utility: [x.utility.B1[0][s], x.utility.B2[0][s]], perDollar: [x.perDollar.B1[0][s], x.perDollar.B2[0][s]] },
    exploitative: { profit: x.profit[1][s], utility: [x.utility.B1[1][s], x.utility.B2[1][s]], perDollar: [x.perDollar.B1[1][s], x.perDollar.B2[1][s]] },
  }));
}

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

// penguins × influence, seeds 1–3, fairshare against exploitative:
// (a) profit 10, 11, 12 vs 2, 2.5, 3: fairshare clearly wins → holds;
// (b) B1 0.01, 0.011, 0.012 vs 0.02, 0.022, 0.024 per $: clearly loses → reversed; B2 0.05, 0.06, 0.07 vs
//     0.01 each: wins → holds;
// (c) B1 10, 20, 30 vs 15, 14, 25: differences −5, 6, 5 straddle 0 → not resolved; B2 10, 20, 30 vs 9,
//     18.8, 29.2: the unpaired intervals overlap almost entirely, but the paired differences 1, 1.2, 0.8
//     all favour fairshare → holds (why the comparison is paired by seed);
// (b′) B2 rises by 0.04, 0.05, 0.06 and B1 by −0.01, −0.011, −0.012 → larger for B2 → holds.
const influence: Series = {
  profit: [[10, 11, 12], [2, 2.5, 3]],
  perDollar: { B1: [[0.01, 0.011, 0.012], [0.02, 0.022, 0.024]], B2: [[0.05, 0.06, 0.07], [0.01, 0.01, 0.01]] },
  utility: { B1: [[10, 20, 30], [15, 14, 25]], B2: [[10, 20, 30], [9, 18.8, 29.2]] },
};
// penguins × loo: the same, except that B2 spent nothing under fairshare in seed 2 and gains less:
// 0.01, —, 0.012 vs 0.02 each, paired over seeds 1 and 3: −0.01, −0.008 → interval contains 0.
const loo: Series = { ...influence, perDollar: { B1: influence.perDollar.B1, B2: [[0.01, null, 0.012], [0.02, 0.02, 0.02]] } };

describe("verdictOf(difference)", () => {
  it("holds when the interval lies above 0, reversed below, not resolved when it contains 0 or has one seed", () => {
    expect(verdictOf({ mean: 2, low: 0.1, high: 3.9, n: 3 })).toBe("holds");
    expect(verdictOf({ mean: -2, low: -3.9, high: -0.1, n: 3 })).toBe("reversed");
    expect(verdictOf({ mean: 2, low: -0.1, high: 4.1, n: 3 })).toBe("not resolved");
    expect(verdictOf({ mean: 0, low: 0, high: 0, n: 5 })).toBe("not resolved");
    expect(verdictOf({ mean: 9, low: 9, high: 9, n: 1 })).toBe("not resolved");
    expect(verdictOf(null)).toBe("not resolved");
  });
});

describe("studyFindings(runs)", () => {
  const findings = studyFindings([...cell("penguins", "influence", influence), ...cell("penguins", "loo", loo)]);
  const find = (method: string, claim: string, subject: string) => findings.find((f) => f.method === method && f.claim === claim && f.subject === subject)!;

  it("states every claim for every task × method, in order: (a), (b) and (c) per buyer (high budget first), (b′)", () => {
    expect(findings.map((f) => `${f.method} ${f.claim} ${f.subject}`)).toEqual(["influence", "loo"].flatMap((m) => [
      `${m} a sellers`, `${m} b B1`, `${m} b B2`, `${m} c B1`, `${m} c B2`, `${m} b′ B2`,
    ]));
  });

  it("fairshare clearly ahead → holds, with the paired interval worked out by hand", () => {
    const a = find("influence", "a", "sellers");
    const hand = byHand([10, 11, 12], [2, 2.5, 3]);
    expect(a.verdict).toBe("holds");
    expect(a.difference!.mean).toBeCloseTo(8.5, 12);
    expect(Math.abs(a.difference!.low - hand.low)).toBeLessThan(1e-3 * hand.half);
    expect(a.left!.mean).toBeCloseTo(11, 12);
    expect(a.right!.mean).toBeCloseTo(2.5, 12);
  });

  it("fairshare clearly behind → reversed", () => {
    const b = find("influence", "b", "B1");
    const hand = byHand([0.01, 0.011, 0.012], [0.02, 0.022, 0.024]);
    expect(b.verdict).toBe("reversed");
    expect(b.difference!.mean).toBeCloseTo(-0.011, 12);
    expect(Math.abs(b.difference!.high - hand.high)).toBeLessThan(1e-3 * hand.half);
  });

  it("differences on both sides of 0 → not resolved", () => {
    const c = find("influence", "c", "B1");
    const hand = byHand([10, 20, 30], [15, 14, 25]);
    expect(hand.low).toBeLessThan(0);
    expect(hand.high).toBeGreaterThan(0);
    expect(c.verdict).toBe("not resolved");
    expect(Math.abs(c.difference!.high - hand.high)).toBeLessThan(1e-3 * hand.half);
    expect(c.sentence).toMatch(/not resolved \(the interval contains 0\)\.$/);
  });

  it("pairs by seed: overlapping group means whose seed-by-seed differences all favour fairshare → holds", () => {
    const c = find("influence", "c", "B2");
    const hand = byHand([10, 20, 30], [9, 18.8, 29.2]);
    expect(hand.low).toBeGreaterThan(0);
    expect(c.verdict).toBe("holds");
    expect(Math.abs(c.difference!.low - hand.low)).toBeLessThan(1e-3 * hand.half);
    // Unpaired, fairshare's interval (20 ± 24.8) holds exploitative's mean 19: the groups alone say nothing.
    expect(c.left!.low).toBeLessThan(c.right!.mean);
  });

  it("(b) pairs only the seeds in which the buyer spent under both groups, and says so", () => {
    const b = find("loo", "b", "B2");
    const hand = byHand([0.01, 0.012], [0.02, 0.02]);
    expect(b.difference!.n).toBe(2);
    expect(Math.abs(b.difference!.low - hand.low)).toBeLessThan(1e-3 * hand.half);
    expect(b.verdict).toBe("not resolved");
    expect(b.sentence).toContain("over 2 seeds in which B2 spent under both (of 3)");
  });

  it("(b′) holds when the low-budget buyer's rise is larger seed by seed, and is not resolved without a rise to compare", () => {
    const rises = byHand([0.04, 0.05, 0.06], [-0.01, -0.011, -0.012]);
    expect(find("influence", "b′", "B2").verdict).toBe("holds");
    expect(Math.abs(find("influence", "b′", "B2").difference!.low - rises.low)).toBeLessThan(1e-3 * rises.half);
    expect(find("loo", "b′", "B2")).toMatchObject({ verdict: "not resolved" });
    expect(find("loo", "b′", "B2").sentence).toContain("no rise to compare: (b) is not resolved for B2");
  });

  it("each sentence states the claim with its numbers: both groups' means, the paired difference and interval, the seeds", () => {
    expect(find("influence", "a", "sellers").sentence).toBe(
      "penguins × influence: (a) sellers' average cumulative profit at t = 2: $11.0 under fairshare, $2.50 under exploitative; " +
        "paired difference +8.50 [+7.26, +9.74] (95% CI) over 3 seeds; holds.",
    );
    expect(find("influence", "b", "B1").sentence).toBe(
      "penguins × influence: (b) B1's (high budget, $40) performance per dollar (accuracy gain per $) at t = 2: 0.0110 under fairshare, " +
        "0.0220 under exploitative; paired difference -0.0110 [-0.0135, -0.0085] (95% CI) over 3 seeds; reversed.",
    );
    expect(find("influence", "c", "B1").sentence).toContain("$20.0 under fairshare, $18.0 under exploitative; paired difference +2.0 [-13.1, +17.1]");
  });

  it("one seed gives no interval: every claim is not resolved, however far apart the groups", () => {
    const one = studyFindings(cell("cars", "gradient", { ...influence, profit: [[100], [1]], perDollar: { B1: [[1], [0]], B2: [[1], [0]] }, utility: { B1: [[9], [0]], B2: [[9], [0]] } }));
    expect(one.map((f) => f.verdict)).toEqual(Array(6).fill("not resolved"));
    expect(one[0].sentence).toContain("not resolved (one seed gives no interval)");
  });

  it("refuses runs without an exploitative group", () => {
    const [run] = cell("penguins", "influence", influence);
    const alone = { ...run, config: { ...run.config, groups: ["fairshare" as const] }, groups: run.groups.slice(0, 1) };
    expect(() => studyFindings([alone])).toThrow(/need a fairshare and an exploitative group/);
  });
});

describe("studyVerdict(findings)", () => {
  it("says the gains hold for every method and task only when every (a), (b) and (c) holds", () => {
    const winning: Series = { ...influence, perDollar: { B1: [[0.03, 0.031, 0.032], [0.02, 0.022, 0.024]], B2: influence.perDollar.B2 }, utility: { B1: influence.utility.B2, B2: influence.utility.B2 } };
    const findings = studyFindings(cell("weather", "knnShapley", winning));
    expect(findings.every((f) => f.verdict === "holds")).toBe(true);
    expect(studyVerdict(findings)).toBe("fairshare's gains hold for every method and task (1 task × method cell). (b′) the larger rise for B2 holds in all 1.");
  });

  it("otherwise lists, claim by claim, how often it holds and where it is reversed or not resolved", () => {
    const findings = studyFindings([...cell("penguins", "influence", influence), ...cell("penguins", "loo", loo)]);
    expect(studyVerdict(findings)).toBe(
      "fairshare's gains do not hold everywhere (2 task × method cells): (a) sellers' profit holds in all 2; " +
        "(b) B1's performance per dollar holds in 0 of 2, reversed in all 2; (b) B2's performance per dollar holds in 1 of 2, not resolved in penguins × loo; " +
        "(c) B1's cumulative utility holds in 0 of 2, not resolved in all 2; (c) B2's cumulative utility holds in all 2. " +
        "(b′) the larger rise for B2 holds in 1 of 2, not resolved in penguins × loo.",
    );
  });

  it("names the cells of the rarer failure and counts the others, so a long study keeps a readable line", () => {
    const methods = ["gradient", "influence", "loo"] as const;
    const verdicts = { gradient: "reversed", influence: "not resolved", loo: "not resolved" } as const;
    const findings: Finding[] = methods.flatMap((m) => studyFindings(cell("weather", m, influence)))
      .map((f) => (f.claim === "a" ? { ...f, verdict: verdicts[f.method as keyof typeof verdicts] } : f));
    expect(studyVerdict(findings)).toContain("(a) sellers' profit holds in 0 of 3, reversed in weather × gradient, not resolved in the other 2;");
  });

  it("a (b′) failure alone does not deny the gains", () => {
    const findings: Finding[] = studyFindings(cell("penguins", "influence", influence)).map((f) => (f.claim === "c" || f.claim === "b" ? { ...f, verdict: "holds" } : f.claim === "b′" ? { ...f, verdict: "reversed" } : f));
    expect(studyVerdict(findings)).toMatch(/^fairshare's gains hold for every method and task .*\(b′\) the larger rise for B2 holds in 0 of 1, reversed in all 1\.$/);
  });
});

describe("formatNumber and formatInterval", () => {
  it("give three significant digits, the interval's decimals set by its largest end", () => {
    expect(formatNumber(0.0031249)).toBe("0.00312");
    expect(formatNumber(1234.5)).toBe("1235");
    expect(formatNumber(-0)).toBe("0.00");
    expect(formatInterval({ mean: 7.74, low: 6.1, high: 9.381, n: 5 })).toBe("7.74 [6.10, 9.38]");
    expect(formatInterval({ mean: 8.5, low: -1, high: 18, n: 5 }, true)).toBe("+8.5 [-1.0, +18.0]");
  });
});
