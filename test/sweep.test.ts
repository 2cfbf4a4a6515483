import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { simulate } from "../experiments/algorithm2.js";
import { parseConfig } from "../experiments/config.js";
import { loadSweep } from "../experiments/sweepConfig.js";
import { initialSellers, syntheticScore } from "../experiments/synthetic.js";
import { loadValuation } from "../experiments/valuation.js";
import { requireInvariants } from "../cli/invariantCheck.js";
import { CheckFailed } from "../cli/errors.js";
import { runCommand } from "./runCommand.js";

const FIXTURE = "test/fixtures/sweep";
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
    expect(csv[0]).toBe("point,discount,seed,group,buyer,cumulative_utility,cumulative_spend,performance_per_dollar,active_sellers,mean_quality,average_cumulative_profit,unconverged_periods");
    expect(csv).toHaveLength(1 + written.rows.length);
    expect(csv).toContain(`1,0.9,4,${row.group},B2,${row.cumulative_utility},${row.cumulative_spend},${row.performance_per_dollar ?? ""},${row.active_sellers},${row.mean_quality ?? ""},${row.average_cumulative_profit},${row.unconverged_periods}`);
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
    expect(csv).toContain(`1,loo,${config.seed},${run.groups[0].group},B1,${last.buyers[0].cumulativeUtility},${last.buyers[0].cumulativeSpend},${last.buyers[0].performancePerDollar ?? ""},${last.activeSellers},${last.meanQuality ?? ""},${last.averageCumulativeProfit},${run.groups[0].unconvergedPeriods}`);
  }, 60_000);

  it("an absolute base path is used as given, not joined to the sweep file's folder", () => {
    const dir = mkdtempSync(join(tmpdir(), "fairshare-sweep-abs-"));
    writeFileSync(join(dir, "grid.json"), JSON.stringify({ name: "a", base: join(process.cwd(), FIXTURE, "market.json"), grid: { discount: [0.9] } }));
    expect(loadSweep(join(dir, "grid.json")).points[0].config.discount).toBe(0.9);
  });
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
