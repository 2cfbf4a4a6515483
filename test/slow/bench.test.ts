import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { algorithm1Case, algorithm2Case, algorithm2FractionalCase, CASES, cliStartCase, fractionalError, knapsackCase, knapsackVsHighsCase, learnedStudyCase, mwpFractionalCase, mwpMatrixCase, verifyLemmasCase, type BenchCase } from "../../bench/cases.js";
import { METHOD_IDS } from "../../experiments/learned/methods/method.js";
import { TASK_IDS } from "../../experiments/learned/tasks.js";
import { benchConfig, benchMarket, benchPrices, proportionalCounts } from "../../bench/markets.js";
import { bench, crashLine, targetVerdict, type BenchReport, type BenchSuite } from "../../bench/run.js";
import { runCase } from "../../bench/runCase.js";
import { summarise, time } from "../../bench/timing.js";
import type { Io } from "../../cli/io.js";
import { BENCH_FIXTURE } from "../fixtures/benchCases.js";
import { fromUnits, toUnits } from "../../theory/money.js";

// No timing is asserted here: the benchmark measures, the tests check what it computes and writes.

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), "fairshare-bench-test-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function runBench(args: string[], suite?: BenchSuite, onStderr?: (text: string) => void): { code: number; stdout: string; stderr: string } {
  let stdout = "";
  let stderr = "";
  const io: Io = { stdout: (t) => (stdout += t), stderr: (t) => ((stderr += t), onStderr?.(t)), readStdin: () => "" };
  const code = bench(args, io, suite);
  return { code, stdout, stderr };
}

const readReport = (path: string): BenchReport => JSON.parse(readFileSync(path, "utf8")) as BenchReport;

describe("bench/timing", () => {
  it("summarise gives the middle sorted sample (the mean of the two middle ones for an even count), the min and the max", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true, noDefaultInfinity: true, min: 0, max: 1e6 }), { minLength: 1, maxLength: 50 }), (samples) => {
        const sorted = [...samples].sort((a, b) => a - b);
        const n = sorted.length;
        const median = n % 2 === 1 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        expect(summarise(samples)).toEqual({ runs: n, medianMs: median, minMs: sorted[0], maxMs: sorted[n - 1] });
      }),
      { seed: 5, numRuns: 200 },
    );
  });

  it("summarise refuses no samples and a non-finite one", () => {
    expect(() => summarise([])).toThrow(RangeError);
    expect(() => summarise([1, Number.NaN])).toThrow(RangeError);
  });

  it("time calls the function once to warm up, then once per timed run, and returns the last result", () => {
    let calls = 0;
    const { summary, result } = time(() => (calls += 1), 4);
    expect(calls).toBe(5);
    expect(result).toBe(5);
    expect(summary.runs).toBe(4);
    expect(() => time(() => 0, 0)).toThrow(RangeError);
  });
});

describe("bench/markets", () => {
  it("proportionalCounts splits a total in proportion, summing to it exactly", () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 5000 }), (total) => {
        const counts = proportionalCounts([5, 7, 8], total);
        expect(counts.reduce((a, b) => a + b, 0)).toBe(total);
        counts.forEach((count, i) => expect(Math.abs(count - (total * [5, 7, 8][i]) / 20)).toBeLessThan(1));
      }),
      { seed: 5, numRuns: 200 },
    );
    expect(proportionalCounts([5, 7, 8], 20)).toEqual([5, 7, 8]);
  });

  it.each([
    [20, 2],
    [50, 10],
    [200, 10],
    [1000, 10],
    [2000, 10],
    [3, 1],
  ])("the N = %i, M = %i market has exactly N sellers in fig4's 5:7:8 tiers and M buyers with budgets spaced evenly from 12·N/20 to 40·N/20", (n, m) => {
    const config = benchConfig(n, m);
    const tiers = config.sellers.tiers;
    expect(tiers.map((t) => t.name)).toEqual(["high", "medium", "low"]);
    expect(tiers.reduce((sum, t) => sum + t.count, 0)).toBe(n);
    tiers.forEach((tier, i) => expect(Math.abs(tier.count - (n * [5, 7, 8][i]) / 20)).toBeLessThan(1));

    const market = benchMarket(n, m);
    expect(market.sellers).toHaveLength(n);
    expect(market.sellers.map((s) => s.id)).toEqual(Array.from({ length: n }, (_, j) => `S${j + 1}`));
    expect(market.buyers.map((b) => b.id)).toEqual(Array.from({ length: m }, (_, b) => `B${b + 1}`));
    // Budgets in whole money units (MODEL §2): each the spaced decimal, rounded half to even to the unit.
    const budgets = market.buyers.map((b) => b.budget);
    const spaced = (b: number) => (12 * n) / 20 + (m > 1 ? (28 * n * b) / 20 / (m - 1) : 0);
    budgets.forEach((budget, b) => expect(budget).toBe(toUnits(spaced(b))));
    expect(fromUnits(budgets[0])).toBe((12 * n) / 20);
    if (m > 1) expect(fromUnits(budgets[m - 1])).toBe((40 * n) / 20);
    expect(config.buyers.every((b) => b.valueOfPerformance === 1)).toBe(true);
    expect(market.values).toHaveLength(m);
    expect(market.values.every((row) => row.length === n && row.every((v) => Number.isSafeInteger(v) && v >= 0))).toBe(true);
  });

  it("the same N, M and seed give the identical market, and another seed other values", () => {
    expect(benchMarket(200, 10, 7)).toEqual(benchMarket(200, 10, 7));
    expect(benchMarket(200, 10)).toEqual(benchMarket(200, 10, benchConfig(200, 10).seed));
    expect(benchMarket(200, 10, 8).values).not.toEqual(benchMarket(200, 10, 7).values);
  });

  it("the knapsack and MWP prices are half of Algorithm 1's start price, max over buyers of min(V, B), to the nearest unit (ties to even)", () => {
    const market = benchMarket(50, 10);
    const prices = benchPrices(market);
    prices.forEach((price, j) => {
      const start = Math.max(...market.buyers.map((buyer, b) => Math.min(market.values[b][j], buyer.budget)));
      expect(price).toBe(start % 2 === 0 ? start / 2 : (start - 1) / 2 + (((start - 1) / 2) % 2));
    });
  });
});

describe("bench/cases", () => {
  const summaryOf = (c: BenchCase) => ({ name: c.name, params: c.params, target: c.target?.maxMs ?? null });

  it("lists the issue's cases: knapsack at N = 50, 200, 1000, mwpMatrix 10 × 200 (50 ms), algorithm1 at N = 50 … 2000, algorithm2 200 × 10 × 100 (5 s), verifyLemmas (20 s), and the fractional mode's", () => {
    expect(CASES.map(summaryOf)).toEqual([
      // Issue #15: `npm run --silent fairshare -- horizon …` within 0.5 s (and 8 × node -e 1, an extra).
      { name: "cliStart", params: {}, target: 500 },
      { name: "knapsack", params: { N: 50 }, target: null },
      { name: "knapsack", params: { N: 200 }, target: null },
      { name: "knapsack", params: { N: 1000 }, target: null },
      // Issue #16: bestBundle against HiGHS's MILP on every buyer's knapsack, side by side (ratio ≥ 100, an extra).
      { name: "knapsackVsHighs", params: { N: 50, M: 10 }, target: null },
      { name: "knapsackVsHighs", params: { N: 150, M: 10 }, target: null },
      { name: "knapsackVsHighs", params: { N: 200, M: 10 }, target: null },
      { name: "mwpMatrix", params: { M: 10, N: 200 }, target: 50 },
      { name: "algorithm1", params: { N: 50, M: 10 }, target: null },
      { name: "algorithm1", params: { N: 200, M: 10 }, target: null },
      { name: "algorithm1", params: { N: 1000, M: 10 }, target: null },
      { name: "algorithm1", params: { N: 2000, M: 10 }, target: null },
      { name: "algorithm2", params: { N: 200, M: 10, T: 100, seeds: 1 }, target: 5000 },
      { name: "verifyLemmas", params: { casesPerLemma: 1000 }, target: 20_000 },
      { name: "mwpFractional", params: { M: 10, N: 50 }, target: null },
      { name: "mwpFractional", params: { M: 10, N: 200 }, target: null },
      { name: "mwpFractional", params: { M: 100, N: 10_000 }, target: null },
      { name: "algorithm2Fractional", params: { N: 10_000, M: 100, T: 10, seeds: 1, maxRounds: 5 }, target: null },
      // One seed of the learned study on 2 workers: 20 seeds in 10 minutes allows 60 s a seed.
      { name: "learnedStudy", params: { seeds: 1 }, target: 60_000 },
    ]);
    // One run of the 10,000-seller market, or of a learned study's seed, takes minutes; every other case runs at least three times.
    expect(CASES.filter((c) => c.name !== "algorithm2Fractional" && c.name !== "learnedStudy").every((c) => c.runs >= 3)).toBe(true);
  });

  it("every kind of case runs on a tiny market and reports its extras", () => {
    expect(runCase(knapsackCase(10), 1).extra).toEqual({});
    const versus = runCase(knapsackVsHighsCase(10, 1), 1).extra;
    expect([versus.optimaEqual, versus.optimaTotal]).toEqual([10, 10]);
    expect(versus.ratio).toBeGreaterThan(0);
    expect(versus.ratioMet).toBe(versus.ratio! >= 100);
    expect(runCase(mwpMatrixCase(3, 10), 1).target?.maxMs).toBe(50);
    const algorithm1 = runCase(algorithm1Case(10, 3, 1), 1).extra;
    expect(algorithm1.rounds).toBeGreaterThanOrEqual(1);
    expect(typeof algorithm1.converged).toBe("boolean");
    const algorithm2 = runCase(algorithm2Case(6, 2, 3), 1).extra;
    expect(algorithm2.sellerPeriodsPerSecond).toBeGreaterThan(0);
    expect(algorithm2.secondsPerSeed).toBeGreaterThanOrEqual(0);
    const fractional = runCase(mwpFractionalCase(3, 10, true), 1).extra;
    expect(fractional.maxAbsError).toBeGreaterThanOrEqual(fractional.meanAbsError!);
    expect(runCase(algorithm2FractionalCase(8, 2, 3, 2), 1).extra.sellerPeriodsPerSecond).toBeGreaterThan(0);
    const study = runCase(learnedStudyCase(2, 2), 1).extra;
    expect(Object.keys(study.cellSecondsPerSeed!)).toHaveLength(TASK_IDS.length * METHOD_IDS.length);
    // 20 seeds on 2 workers: ten times a seed's seconds, to the second.
    expect(Math.abs(study.projectedStudySeconds! - 10 * study.secondsPerSeed!)).toBeLessThanOrEqual(1);
  });

  it("the cliStart case times npm run fairshare, node -e 1 and node dist/cli/fairshare.js in the same rounds and reports the medians and the ratio", () => {
    const report = runCase(cliStartCase(2, false), 2);
    expect(report).toMatchObject({ name: "cliStart", runs: 2, target: { maxMs: 500 } });
    const { baselineMedianMs, ratio, ratioTarget, ratioMet, distFresh } = report.extra;
    expect(baselineMedianMs).toBeGreaterThan(0);
    expect(ratio).toBeCloseTo(report.medianMs / baselineMedianMs!, 0);
    expect(ratioTarget).toBe(8);
    expect(ratioMet).toBe(ratio! <= 8);
    expect(typeof distFresh).toBe("boolean");
  });

  it("fractionalError: mean and largest |exact − fractional|, and the mean over the mean exact MWP, worked by hand", () => {
    expect(fractionalError([[2, 4], [0, 2]], [[2, 3], [1, 2.5]])).toEqual({ meanAbsError: 0.625, maxAbsError: 1, relativeError: 0.313 }); // 0.3125 to three digits
  });

  it("the verifyLemmas case runs verify-lemmas in a fresh process, and a failing run is an error", () => {
    expect(() => verifyLemmasCase(1, 100).prepare().run()).not.toThrow();
    // --runs 0 is refused by verify-lemmas with exit code 2.
    expect(() => verifyLemmasCase(1, 0).prepare().run()).toThrow(/verify-lemmas exited with 2: .*--runs/);
  });

  it("a target is met when the median is at most it, and missed by how far the median is over it", () => {
    expect(targetVerdict(50, { maxMs: 50 })).toBe("met");
    expect(targetVerdict(75, { maxMs: 50 })).toBe("MISSED by 50%");
    expect(targetVerdict(50.25, { maxMs: 50 })).toBe("MISSED by 0.5%");
    expect(targetVerdict(1, undefined)).toBe("—");
  });
});

describe("npm run bench", () => {
  it.each([
    [["--runs", "0"], "--runs"],
    [["--runs", "two"], "--runs"],
    [["--only", "knapsak"], "knapsak"],
    [["--only", "knapsack,"], "--only"],
    [["--sizes", "50,x"], "--sizes"],
    [["--sizes", "7"], "--sizes"],
    [["--only", "verifyLemmas", "--sizes", "50"], "--sizes"],
    [["--out", ""], "--out"],
    [["--limit", "0"], "--limit"],
    [["--limit", "1.5"], "--limit"],
    [["--limit", "soon"], "--limit"],
    [["--limit", "86401"], "--limit"],
    [["--limit"], "--limit"],
    [["--fast"], "--fast"],
    [["--runs"], "--runs"],
    [["knapsack"], "knapsack"],
  ])("refuses %j with exit code 2 and one line naming %s, writing nothing", (args, named) => {
    const out = join(scratch, `refused-${args.join("_")}.json`);
    // --out first, so that the flag under test, last, is the one that counts.
    const { code, stdout, stderr } = runBench(["--out", out, ...args]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr.endsWith("\n")).toBe(true);
    expect(stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(stderr).toContain(named);
    expect(existsSync(out)).toBe(false);
  });

  it("exits 2 from the shell too, with the one line on stderr", () => {
    const child = spawnSync(process.execPath, ["--import", "tsx", "bench/run.ts", "--runs", "0"], { cwd: ROOT, encoding: "utf8" });
    expect(child.status).toBe(2);
    expect(child.stderr).toBe('bench: --runs must be a whole number ≥ 1, got "0"\n');
  });

  it("names the bad --limit value in its one line", () => {
    expect(runBench(["--limit", "0"]).stderr).toBe('bench: --limit must be a whole number in 1..86400, got "0"\n');
  });

  it("a smoke run of --only knapsack --runs 1 --sizes 50 writes a complete report of the documented shape and prints its table", () => {
    const out = join(scratch, "bench.json");
    const { code, stdout } = runBench(["--only", "knapsack", "--runs", "1", "--sizes", "50", "--out", out]);
    expect(code).toBe(0);
    const report = readReport(out);
    expect(Object.keys(report)).toEqual(["machine", "date", "commit", "complete", "cases"]);
    expect(report.complete).toBe(true);
    expect(Object.keys(report.machine)).toEqual(["node", "cpus", "platform"]);
    expect(report.machine.node).toBe(process.version);
    expect(report.machine.cpus.count).toBeGreaterThanOrEqual(1);
    expect(typeof report.machine.cpus.model).toBe("string");
    expect(new Date(report.date).toISOString()).toBe(report.date);
    expect(report.commit === null || /^[0-9a-f]{40}$/.test(report.commit)).toBe(true);
    expect(report.cases).toHaveLength(1);
    const [row] = report.cases;
    expect(Object.keys(row)).toEqual(["name", "params", "status", "runs", "medianMs", "minMs", "maxMs", "extra"]);
    expect(row).toMatchObject({ name: "knapsack", params: { N: 50 }, status: "ok", runs: 1, extra: {} });
    if (row.status !== "ok") throw new Error("unreachable");
    expect(row.minMs).toBeLessThanOrEqual(row.medianMs);
    expect(row.medianMs).toBeLessThanOrEqual(row.maxMs);
    const lines = stdout.split("\n");
    expect(lines[0]).toMatch(/^case\s+params\s+status\s+runs\s+median ms\s+min ms\s+max ms\s+extra\s+target\s+verdict$/);
    expect(lines[2]).toMatch(/^knapsack\s+N=50\s+ok\s+1\s/);
    expect(stdout).toContain(`wrote ${out}`);
  });
});

describe("npm run bench, one child process per case", () => {
  it("reports a case that outlasts --limit as a timeout with the limit and no timings, its target missed, and still writes a complete report", () => {
    const out = join(scratch, "timeout.json");
    const { code, stdout, stderr } = runBench(["--only", "sleep", "--limit", "1", "--out", out], BENCH_FIXTURE);
    expect(code).toBe(0);
    const report = readReport(out);
    expect(report.complete).toBe(true);
    expect(report.cases).toEqual([{ name: "sleep", params: { S: 600 }, status: "timeout", limitS: 1, target: { maxMs: 10, met: false } }]);
    expect(stderr).toContain("bench: sleep S=600: timeout (1 s)\n");
    expect(stdout.split("\n")[2]).toMatch(/^sleep\s+S=600\s+timeout \(1 s\)\s+—\s+—\s+—\s+—\s+—\s+≤ 10 ms\s+MISSED: did not finish in 1 s$/);
  });

  describe("a run where cases crash before one that finishes", () => {
    const out = join(scratch, "crashes.json");
    /** The report as it was on disk when each case's progress line was printed, i.e. before that case ran. */
    const before: BenchReport[] = [];
    let run: ReturnType<typeof runBench>;
    beforeAll(() => {
      run = runBench(["--only", "throws,heap,knapsack", "--runs", "1", "--out", out], BENCH_FIXTURE, (text) => {
        if (text.includes("warm-up")) before.push(readReport(out));
      });
    });

    it("reports a case that throws as crashed, with the error line its child printed", () => {
      expect(run.code).toBe(0);
      expect(readReport(out).cases[0]).toEqual({ name: "throws", params: {}, status: "crashed", error: "runCase: throws threw Error: boom" });
      expect(run.stdout.split("\n")[2]).toMatch(/^throws\s+crashed: runCase: throws threw Error: boom\s+—/);
    });

    it("reports a case whose child runs out of heap as crashed with V8's fatal error line, shown as 'crashed: heap out of memory'", () => {
      expect(readReport(out).cases[1]).toEqual({ name: "heap", params: {}, status: "crashed", error: expect.stringMatching(/^FATAL ERROR: .*JavaScript heap out of memory$/) });
      expect(run.stdout.split("\n")[3]).toMatch(/^heap\s+crashed: heap out of memory\s+—/);
      expect(run.stderr).toContain("bench: heap: crashed: heap out of memory\n");
    });

    it("goes on after a crash and times the next case", () => {
      expect(readReport(out).cases[2]).toMatchObject({ name: "knapsack", params: { N: 10 }, status: "ok", runs: 1 });
    });

    it("rewrites the report before the first case and after every case, complete only once the last is in", () => {
      expect(before.map((report) => [report.complete, report.cases.map((c) => c.status)])).toEqual([
        [false, []],
        [false, ["crashed"]],
        [false, ["crashed", "crashed"]],
      ]);
      const final = readReport(out);
      expect(final.complete).toBe(true);
      expect(final.cases.map((c) => c.name)).toEqual(["throws", "heap", "knapsack"]);
      expect(before.every((report) => report.date === final.date)).toBe(true);
    });
  });

  it("crashLine picks V8's FATAL ERROR line over the native stack after it, else the last line that is not a stack frame or Node's version banner", () => {
    expect(crashLine("<--- JS stacktrace --->\n\nFATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory\n----- Native stack trace -----\n 1: 0xb78db3 node::OOMErrorHandler\n")).toBe(
      "FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory",
    );
    expect(crashLine("file:1\nthrow x\n^\n\nError: boom\n    at f (file:1:7)\n    at g (file:2:3)\n\nNode.js v20.19.0\n")).toBe("Error: boom");
    expect(crashLine("")).toBeNull();
  });
});
