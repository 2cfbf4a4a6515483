import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { simulate } from "../experiments/algorithm2.js";
import { parseConfig } from "../experiments/config.js";
import { pairedDifference, type StudyMetric } from "../experiments/figures/pairedDifferences.js";
import { table1Data } from "../experiments/figures/table1.js";
import { loadSweep } from "../experiments/sweepConfig.js";
import { sweepCsv, sweepRows } from "../experiments/sweepSummary.js";
import type { SweepVerdicts } from "../experiments/sweepVerdicts.js";
import { initialSellers, syntheticScore } from "../experiments/synthetic.js";
import { loadValuation } from "../experiments/valuation.js";
import { requireInvariants } from "../cli/invariantCheck.js";
import { CheckFailed } from "../cli/errors.js";
import { learnedRun } from "./fixtures/learnedRuns.js";
import { runCommand } from "./runCommand.js";

const FIXTURE = "test/fixtures/sweep";
const finalOf = () => ({ profit: 10, utility: [10, 50] as [number, number], perDollar: [0.01, 0.02] as [number, number] });
const base = JSON.parse(readFileSync(join(FIXTURE, "market.json"), "utf8")) as Record<string, unknown>;

/** A sweep file in a fresh folder beside a copy of the fixture market. */
function sweepFile(sweep: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), "fairshare-sweep-"));
  writeFileSync(join(dir, "market.json"), JSON.stringify(base));
  writeFileSync(join(dir, "grid.json"), JSON.stringify(sweep));
  return join(dir, "grid.json");
}

describe("loadSweep: every point of the grid is the base config with its overrides, validated", () => {
  it("points are every combination, the first field varying slowest, each equal to the base edited by hand", () => {
    const { points } = loadSweep(join(FIXTURE, "grid.json"));
    expect(points.map((p) => p.overrides.map((o) => o.value))).toEqual([
      [0.9, 0.5], [0.9, 0.7], [0.9, 0.9], [0.99, 0.5], [0.99, 0.7], [0.99, 0.9],
    ]);
    const byHand = parseConfig({ ...base, discount: 0.99, policy: { reducedFactor: 0.7 } }, "by hand");
    expect(points[4].config).toEqual(byHand);
  });

  it("the learned sensitivity sweeps: each point is learned.json with its cost share (or protocol, an object value included) and task set by hand", () => {
    const learned = JSON.parse(readFileSync("experiments/configs/learned.json", "utf8")) as { valuation: Record<string, unknown> };
    const byHand = (valuation: Record<string, unknown>) => parseConfig({ ...learned, valuation: { ...learned.valuation, ...valuation } }, "by hand");
    const cost = loadSweep("experiments/sweeps/learnedCostShare.json");
    expect(cost.spec.seeds).toBe(20);
    expect(cost.points).toHaveLength(16);
    expect(cost.points[6].config).toEqual(byHand({ calibration: { batchValue: 1, costShare: 0.5 }, task: "cars" }));
    expect(cost.points[12].config).toEqual(byHand({ calibration: { batchValue: 1, costShare: 1 }, task: "penguins" }));
    const protocols = loadSweep("experiments/sweeps/learnedProtocols.json");
    expect(protocols.points).toHaveLength(12);
    const expected: unknown[] = ["accumulate", "fresh", { window: 5 }].flatMap((protocol) => [protocol, protocol, protocol, protocol]);
    expect(protocols.points.map((p) => p.config.valuation.source === "learned" && p.config.valuation.protocol)).toEqual(expected);
    expect(protocols.points[11].config).toEqual(byHand({ protocol: { window: 5 }, task: "teacher" }));
    expect(protocols.points[1].config).toEqual(byHand({ protocol: "accumulate", task: "weather" }));
    // The CSV writes an object value as its JSON, quoted.
    const [row] = sweepRows(protocols.points[9], learnedRun("weather", "influence", 1, { fairshare: finalOf(), exploitative: finalOf() }));
    expect(sweepCsv(protocols.points, [row]).split("\n")[1].startsWith('9,"{""window"":5}",weather,1,fairshare,B1,')).toBe(true);
  });

  it("an override into an array element reaches that element only", () => {
    const { points } = loadSweep(sweepFile({ name: "b", base: "market.json", grid: { "buyers[1].budget": [3, 30] } }));
    expect(points.map((p) => p.config.buyers.map((b) => b.budget))).toEqual([[20, 3], [20, 30]]);
  });
});

describe("sweep: one row per point × seed × group × buyer, read from the run's last period", () => {
  it("rows match a direct simulation of each point's config, and the CSV holds the same numbers", async () => {
    const file = sweepFile({ name: "s", base: "market.json", grid: { discount: [0.5, 0.9] }, seeds: 2 });
    const out = mkdtempSync(join(tmpdir(), "fairshare-sweep-out-"));
    const result = await runCommand(["sweep", file, "--out", out]);
    expect(result.code, result.stderr).toBe(0);
    const written = JSON.parse(readFileSync(join(out, "sweep.json"), "utf8")) as { rows: Array<Record<string, unknown>> };
    expect(written.rows).toHaveLength(2 * 2 * 4 * 2);
    const run = simulate(parseConfig({ ...base, discount: 0.9 }, "by hand"), 4);
    const last = run.groups[3].periods.at(-1)!;
    const row = written.rows.find((r) => r.point === 1 && r.seed === 4 && r.group === run.groups[3].group && r.buyer === "B2")!;
    expect(row).toMatchObject({
      cumulative_utility: last.buyers[1].cumulativeUtility,
      cumulative_spend: last.buyers[1].cumulativeSpend,
      active_sellers: last.activeSellers,
      average_cumulative_profit: last.averageCumulativeProfit,
      unconverged_periods: run.groups[3].unconvergedPeriods,
    });
    const csv = readFileSync(join(out, "sweep.csv"), "utf8").trim().split("\n");
    expect(csv[0]).toBe(
      "point,discount,seed,group,buyer,cumulative_utility,cumulative_spend,performance_per_dollar,active_sellers,mean_quality,average_cumulative_profit,unconverged_periods," +
        "performance,performance_per_budget_dollar,active_high_quality",
    );
    expect(csv).toHaveLength(1 + written.rows.length);
    expect(csv).toContain(
      `1,0.9,4,${row.group},B2,${row.cumulative_utility},${row.cumulative_spend},${row.performance_per_dollar ?? ""},${row.active_sellers},${row.mean_quality ?? ""},${row.average_cumulative_profit},${row.unconverged_periods},` +
        `,${row.performance_per_budget_dollar},${row.active_high_quality}`,
    );
  }, 60_000);

  it("--mwp fractional runs every point in the approximate mode: each row is that mode's own run", async () => {
    const file = sweepFile({ name: "f", base: "market.json", grid: { discount: [0.9] }, seeds: 1 });
    const out = mkdtempSync(join(tmpdir(), "fairshare-sweep-mwp-"));
    const result = await runCommand(["sweep", file, "--out", out, "--mwp", "fractional"]);
    expect(result.code, result.stderr).toBe(0);
    const written = JSON.parse(readFileSync(join(out, "sweep.json"), "utf8")) as { rows: Array<Record<string, unknown>> };
    const config = parseConfig({ ...base, discount: 0.9, algorithm1: { mwp: "fractional" } }, "by hand");
    const run = simulate(config, config.seed);
    run.groups.forEach((group) =>
      config.buyers.forEach((buyer, b) => {
        const row = written.rows.find((r) => r.group === group.group && r.buyer === buyer.id)!;
        expect(row.cumulative_utility).toBe(group.periods.at(-1)!.buyers[b].cumulativeUtility);
      }),
    );
    // The two modes differ on this market, so the rows above could not have come from an exact run.
    const exact = simulate(parseConfig({ ...base, discount: 0.9 }, "by hand"), config.seed);
    expect(exact.groups.map((g) => g.periods.at(-1)!.buyers.map((x) => x.cumulativeUtility))).not.toEqual(
      run.groups.map((g) => g.periods.at(-1)!.buyers.map((x) => x.cumulativeUtility)),
    );
  }, 60_000);

  it("a learned market sweeps over valuation methods: each row is that method's own run, the method named plainly in the CSV", async () => {
    const dir = mkdtempSync(join(tmpdir(), "fairshare-sweep-learned-"));
    const market = JSON.parse(readFileSync("test/fixtures/learnedStudy.json", "utf8")) as Record<string, unknown>;
    writeFileSync(join(dir, "market.json"), JSON.stringify(market));
    writeFileSync(join(dir, "grid.json"), JSON.stringify({ name: "m", base: "market.json", grid: { "valuation.method": ["gradient", "loo"] }, seeds: 1 }));
    const out = join(dir, "out");
    const result = await runCommand(["sweep", join(dir, "grid.json"), "--out", out, "--check"]);
    expect(result.code, result.stderr).toBe(0);
    const config = parseConfig({ ...market, valuation: { ...(market.valuation as object), method: "loo" } }, "by hand");
    const run = simulate(config, config.seed, null, loadValuation(config, null).scores);
    const last = run.groups[0].periods.at(-1)!;
    const csv = readFileSync(join(out, "sweep.csv"), "utf8").trim().split("\n");
    expect(csv[0].startsWith("point,valuation.method,seed,")).toBe(true);
    // With the learned source test accuracy is there, so its claim is testable (one seed: not resolved).
    const verdicts = JSON.parse(readFileSync(join(out, "verdicts.json"), "utf8")) as SweepVerdicts;
    expect(verdicts.points.flatMap((p) => p.claims).filter((c) => c.metric === "performance").map((c) => c.verdict)).toEqual(["not resolved", "not resolved", "not resolved", "not resolved"]);
    const B1 = last.buyers[0];
    const best = last.sellers.filter((s) => s.quality === 0.95).length;
    expect(csv).toContain(
      `1,loo,${config.seed},${run.groups[0].group},B1,${B1.cumulativeUtility},${B1.cumulativeSpend},${B1.performancePerDollar ?? ""},${last.activeSellers},${last.meanQuality ?? ""},${last.averageCumulativeProfit},${run.groups[0].unconvergedPeriods},` +
        `${B1.performance},${(B1.performance! - run.learning!.startAccuracy) / (40 * 3)},${best}`,
    );
  }, 60_000);

  it("an absolute base path is used as given, not joined to the sweep file's folder", () => {
    const dir = mkdtempSync(join(tmpdir(), "fairshare-sweep-abs-"));
    writeFileSync(join(dir, "grid.json"), JSON.stringify({ name: "a", base: join(process.cwd(), FIXTURE, "market.json"), grid: { discount: [0.9] } }));
    expect(loadSweep(join(dir, "grid.json")).points[0].config.discount).toBe(0.9);
  });
});

describe("sweepRows' last three columns: test accuracy, performance per budget dollar, active sellers of the best tier", () => {
  const config = parseConfig({ ...base, periods: 12 }, "by hand");
  const point = { index: 0, overrides: [], config };

  it("on a synthetic run: performance is null, performance per budget dollar is Table 1's score / (B·T) for that run, the best tier's count is the θ = 4 sellers of period T", () => {
    const run = simulate(config, 5);
    const rows = sweepRows(point, run);
    const table = table1Data([run]);
    expect(rows).toHaveLength(4 * 2);
    run.groups.forEach(({ group, periods }) => {
      const last = periods.at(-1)!;
      config.buyers.forEach((buyer, b) => {
        const row = rows.find((r) => r.group === group && r.buyer === buyer.id)!;
        const table1 = table.find((r) => r.group === group && r.buyer === buyer.id)!;
        expect(row.performance, `${group} ${buyer.id}`).toBeNull();
        expect(row.performance_per_budget_dollar, `${group} ${buyer.id}`).toBe(table1.perBudgetDollar.mean);
        expect(row.performance_per_budget_dollar).toBe(last.buyers[b].cumulativeScore / (buyer.budget * 12));
        expect(row.active_high_quality, `${group} ${buyer.id}`).toBe(last.sellers.filter((s) => s.quality === 4).length);
      });
    });
    // Not every group keeps all four θ = 4 sellers, so the count is read, not assumed.
    expect(new Set(rows.map((r) => r.active_high_quality)).size).toBeGreaterThan(1);
  });

  it('with records: "aggregates" (no seller rows) the best tier\'s count is null and every other column is the full run\'s', () => {
    const full = sweepRows(point, simulate(config, 5));
    const aggregates = sweepRows(point, simulate({ ...config, records: "aggregates" }, 5));
    expect(aggregates.map((r) => r.active_high_quality)).toEqual(full.map(() => null));
    expect(aggregates.map((r) => ({ ...r, active_high_quality: null }))).toEqual(full.map((r) => ({ ...r, active_high_quality: null })));
  });

  it("on a hand-made learned run (start accuracy 0.5, T = 2, budgets 40 and 10): accuracy, (accuracy − 0.5)/(B·2), and S1 (θ 0.9) counted when active", () => {
    const run = learnedRun("penguins", "influence", 1, {
      fairshare: { ...finalOf(), accuracy: [0.8, 0.6] },
      exploitative: { ...finalOf(), accuracy: [0.7, 0.55], active: 1, quality: 0.6 },
    });
    const rows = sweepRows({ index: 0, overrides: [], config: run.config }, run);
    expect(rows.map((r) => [r.group, r.buyer, r.performance, r.performance_per_budget_dollar, r.active_high_quality])).toEqual([
      // (0.8 − 0.5)/80 = 0.00375, (0.6 − 0.5)/20 = 0.005, (0.7 − 0.5)/80 = 0.0025, (0.55 − 0.5)/20 = 0.0025, up to rounding
      ["fairshare", "B1", 0.8, expect.closeTo(0.00375, 15), 1],
      ["fairshare", "B2", 0.6, expect.closeTo(0.005, 15), 1],
      ["exploitative", "B1", 0.7, expect.closeTo(0.0025, 15), 0],
      ["exploitative", "B2", 0.55, expect.closeTo(0.0025, 15), 0],
    ]);
  });
});

describe("sweep's verdicts.json and verdicts.md: written when the groups include fairshare and exploitative", () => {
  it("on the synthetic fixture: every number is pairedDifference on the same runs simulated directly, and the test-accuracy claim is not testable here", async () => {
    const dir = mkdtempSync(join(tmpdir(), "fairshare-verdicts-"));
    writeFileSync(join(dir, "market.json"), JSON.stringify({ ...base, periods: 20 }));
    writeFileSync(join(dir, "grid.json"), JSON.stringify({ name: "v", base: "market.json", grid: { discount: [0.5, 0.9] }, seeds: 3 }));
    const out = join(dir, "out");
    const result = await runCommand(["sweep", join(dir, "grid.json"), "--out", out]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(`v: 2 points × 3 seeds (48 rows) → ${out}/sweep.{json,csv}, ${out}/verdicts.{json,md}\n`);
    const verdicts = JSON.parse(readFileSync(join(out, "verdicts.json"), "utf8")) as SweepVerdicts;
    expect(verdicts.points.map((p) => p.overrides)).toEqual([[{ field: "discount", value: 0.5 }], [{ field: "discount", value: 0.9 }]]);
    for (const claim of verdicts.points.flatMap((p) => p.claims).filter((c) => c.metric === "performance")) expect(claim.verdict).toBe("not testable here");
    const config = parseConfig({ ...base, periods: 20, discount: 0.9 }, "by hand");
    const runs = [3, 4, 5].map((seed) => simulate(config, seed));
    const [, point] = verdicts.points;
    // Every column whose definition is the learned study's (performance per budget dollar is Table 1's here).
    const cases: Array<{ metric: StudyMetric; column: string; buyer?: string }> = [
      { metric: "activeHighQuality", column: "active_high_quality" }, { metric: "activeSellers", column: "active_sellers" },
      { metric: "averageCumulativeProfit", column: "average_cumulative_profit" }, { metric: "meanQuality", column: "mean_quality" },
      { metric: "cumulativeUtility", column: "cumulative_utility", buyer: "B2" }, { metric: "performancePerDollar", column: "performance_per_dollar", buyer: "B1" },
    ];
    for (const { metric, column, buyer } of cases) {
      for (const group of ["reduced", "random", "exploitative"] as const) {
        const direct = pairedDifference(runs, { metric, group, ...(buyer === undefined ? {} : { buyer }) });
        const mine = point.differences.find((d) => d.group === group && d.metric === column && d.buyer === (buyer ?? null))!;
        expect([mine.seeds, mine.dropped, mine.difference], `${group} ${column}`).toEqual([direct.seeds, direct.dropped, direct.difference && { mean: direct.difference.mean, low: direct.difference.low, high: direct.difference.high }]);
      }
    }
    const md = readFileSync(join(out, "verdicts.md"), "utf8");
    expect(md.split("\n")[0]).toBe("# v: where the paper's claims hold");
    expect(md).toMatch(/\n\| 1 \| 0\.9 \| [a-z ]+ \| not testable here \| not testable here \|/);
  }, 60_000);

  it("a sweep without exploitative writes no verdict files, and removes those an earlier run left in the folder", async () => {
    const file = sweepFile({ name: "g", base: "market.json", grid: { periods: [5] } });
    const without = sweepFile({ name: "g", base: "market.json", grid: { periods: [5], groups: [["fairshare", "reduced"]] } });
    const out = mkdtempSync(join(tmpdir(), "fairshare-noverdicts-"));
    expect((await runCommand(["sweep", file, "--out", out])).code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(["sweep.csv", "sweep.json", "verdicts.json", "verdicts.md"]);
    const result = await runCommand(["sweep", without, "--out", out]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(`g: 1 points × 1 seeds (4 rows) → ${out}/sweep.{json,csv}\n`);
    expect(readdirSync(out).sort()).toEqual(["sweep.csv", "sweep.json"]);
  }, 60_000);
});

describe("sweep with --check and with imported valuations", () => {
  it("--check passes on the fixture grid, and an imported copy of the synthetic scores gives the synthetic sweep's rows", async () => {
    const file = sweepFile({ name: "i", base: "market.json", grid: { discount: [0.5, 0.9] } });
    const dir = join(file, "..");
    const config = parseConfig(base, "market.json");
    const rows = initialSellers(config).flatMap((seller) =>
      config.buyers.flatMap((buyer) => Array.from({ length: config.periods }, (_, k) => `${buyer.id},${seller.id},${k + 1},${syntheticScore(config, config.seed, buyer.id, seller, k + 1)}`)),
    );
    writeFileSync(join(dir, "scores.csv"), `buyer,seller,period,value\n${rows.join("\n")}\n`);
    writeFileSync(join(dir, "imported.json"), JSON.stringify({ ...base, valuation: { source: "import", file: "scores.csv" } }));
    writeFileSync(join(dir, "imported-grid.json"), JSON.stringify({ name: "i", base: "imported.json", grid: { discount: [0.5, 0.9] } }));
    const synthetic = await runCommand(["sweep", file, "--check", "--out", join(dir, "a")]);
    const imported = await runCommand(["sweep", join(dir, "imported-grid.json"), "--check", "--out", join(dir, "b")]);
    expect(synthetic.code, synthetic.stderr).toBe(0);
    expect(imported.code, imported.stderr).toBe(0);
    const rowsOf = (out: string) => (JSON.parse(readFileSync(join(dir, out, "sweep.json"), "utf8")) as { rows: unknown[] }).rows;
    expect(rowsOf("b")).toEqual(rowsOf("a"));
  }, 60_000);

  it("requireInvariants, which --check calls on every run, throws CheckFailed naming the config, seed, group and period", () => {
    const run = simulate(parseConfig({ ...base, periods: 3 }, "by hand"), 5);
    expect(() => requireInvariants(run)).not.toThrow();
    run.groups[1].periods[2].buyers[0].spend += 1;
    expect(() => requireInvariants(run)).toThrow(CheckFailed);
    expect(() => requireInvariants(run)).toThrow(/^sweep-fixture seed 5, reduced period 3: /);
  });
});

describe("loadValuation(...).digest: what a checkpoint knows of imported scores", () => {
  it("is null for synthetic scores, changes with any imported score, and ignores the file's formatting", () => {
    const dir = mkdtempSync(join(tmpdir(), "fairshare-digest-"));
    const config = parseConfig({ ...base, periods: 1, buyers: [{ id: "B1", budget: 20 }], sellers: { ...(base.sellers as object), tiers: [{ name: "t", quality: 1, count: 1 }] }, valuation: { source: "import", file: "v.csv" } }, "c.json");
    const digest = (csv: string) => {
      writeFileSync(join(dir, "v.csv"), csv);
      return loadValuation(config, join(dir, "c.json")).digest;
    };
    expect(loadValuation(parseConfig(base, "c.json"), null).digest).toBeNull();
    const before = digest("buyer,seller,period,value\nB1,S1,1,0.5\n");
    expect(before).toMatch(/^[0-9a-f]{64}$/);
    expect(digest("buyer,seller,period,value\nB1,S1,1,0.6\n")).not.toBe(before);
    expect(digest("value,period,seller,buyer\r\n0.50,1,S1,B1\r\n")).toBe(before);
  });
});
