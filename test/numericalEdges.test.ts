/**
 * Numerical edges: discount factors at 0⁺ and 1, amounts from 1e-9 to 1e9 and subnormal money, zero
 * values, exact ties, one buyer, one seller, a budget below every price. Each answer is checked against an
 * independent oracle (a closed form, a hand-worked market, brute force) or is a documented null or a
 * one-line refusal; never a NaN or an Infinity in an output.
 */
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { simulate } from "../experiments/algorithm2.js";
import { GROUPS, parseConfig } from "../experiments/config.js";
import { checkRun } from "../experiments/invariants.js";
import type { RunRecord } from "../experiments/records.js";
import { fairsharePrices } from "../theory/algorithm1.js";
import type { Market } from "../theory/market.js";
import { mwpMatrix } from "../theory/mwp.js";
import { runCommand } from "./runCommand.js";

/** A config with every group, from a few fields; the rest are small defaults. */
function config(fields: Record<string, unknown>) {
  return parseConfig(
    {
      name: "edge",
      periods: 4,
      seed: 1,
      discount: 1,
      groups: [...GROUPS],
      participation: "linear:0.5",
      buyers: [{ id: "B1", budget: 5 }],
      sellers: { tiers: [{ name: "a", quality: 1, count: 2 }], cost: { base: 0, perQuality: 0 } },
      valuation: { source: "synthetic", noise: 0 },
      ...fields,
    },
    "numericalEdges.test.ts",
  );
}

describe("performance per dollar with subnormal spend (regression)", () => {
  // Found by a property test of test/algorithm2.test.ts: a cost of 1e-323 dollars, posted as the price by
  // the exploitative group, made cumulativeScore / cumulativeSpend = 1 / 2e-323 overflow to Infinity, which
  // JSON wrote as a bare null that records.ts did not document.
  it("is null, not Infinity, when score / spend is too large for a double, and finite otherwise", () => {
    const run = simulate(config({ sellers: { tiers: [{ name: "a", quality: 1, count: 2 }], cost: { base: 1e-323, perQuality: 0 } } }), 1);
    const exploitative = run.groups.find((g) => g.group === "exploitative")!;
    const first = exploitative.periods[0].buyers[0];
    // Noise 0: both sellers are worth θ = 1, priced at their cost 1e-323; B1 buys both (score 2, spend 2e-323).
    expect([first.bought, first.cumulativeScore, first.cumulativeSpend]).toStrictEqual([["S1", "S2"], 2, 2e-323]);
    expect(first.performancePerDollar).toBeNull();
    // Under fairshare the same sellers cost p* = V = 1 each: 2 score for 2 dollars.
    expect(run.groups[0].periods[0].buyers[0].performancePerDollar).toBe(1);
    for (const group of run.groups) {
      for (const p of group.periods) for (const b of p.buyers) expect(b.performancePerDollar === null || Number.isFinite(b.performancePerDollar)).toBe(true);
    }
    expect(checkRun(run)).toStrictEqual([]);
  });
});

/** Every buyer's budget and value multiplied by `factor` (costs too): the same market in other units. */
function scaleMarket(market: Market, factor: number): Market {
  return {
    buyers: market.buyers.map((b) => ({ ...b, budget: b.budget * factor })),
    sellers: market.sellers.map((s) => ({ ...s, cost: s.cost * factor })),
    values: market.values.map((row) => row.map((v) => v * factor)),
  };
}

/**
 * The best knapsack surplus over `items` within `budget` by brute force over every subset (MODEL §2):
 * −Infinity below 0. Independent of theory/knapsack*.ts.
 */
function bruteSurplus(items: ReadonlyArray<{ value: number; price: number }>, budget: number): number {
  if (budget < 0) return Number.NEGATIVE_INFINITY;
  let best = 0;
  for (let mask = 0; mask < 1 << items.length; mask += 1) {
    let cost = 0;
    let surplus = 0;
    items.forEach((item, i) => {
      if (mask & (1 << i)) [cost, surplus] = [cost + item.price, surplus + item.value - item.price];
    });
    if (cost <= budget && surplus > best) best = surplus;
  }
  return best;
}

/** MWP_bj by bisection on Φ (MODEL §2) to 1e-13 of the budget, relative so it works at every scale. */
function bruteMwp(market: Market, prices: ReadonlyArray<number>, b: number, j: number): number {
  const budget = market.buyers[b].budget;
  const others = market.values[b].map((value, k) => ({ value, price: prices[k] })).filter((_, k) => k !== j);
  const without = bruteSurplus(others, budget);
  const phi = (q: number) => market.values[b][j] - q + bruteSurplus(others, budget - q) - without;
  let [lo, hi] = [0, budget];
  if (phi(hi) >= 0) return hi;
  while (hi - lo > 1e-13 * budget) {
    const mid = lo + (hi - lo) / 2;
    if (phi(mid) >= 0) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** A hand-made market with exact ties (B3 values three sellers at 3): Algorithm 1 converges in 3 sweeps at scale 1. */
const tied: Market = {
  buyers: [{ id: "B1", budget: 10 }, { id: "B2", budget: 4 }, { id: "B3", budget: 7 }],
  sellers: [{ id: "S1", cost: 0 }, { id: "S2", cost: 0 }, { id: "S3", cost: 0 }, { id: "S4", cost: 0 }],
  values: [[6, 3, 2.5, 1], [5, 4, 1, 0.5], [3, 3, 3, 2]],
};

/** Generic small markets: 1–3 buyers, 1–5 sellers, budgets in [0.5, 10], values in [0, 6], no cost. */
const genericMarkets = fc
  .record({
    budgets: fc.array(fc.double({ min: 0.5, max: 10, noNaN: true }), { minLength: 1, maxLength: 3 }),
    sellers: fc.integer({ min: 1, max: 5 }),
    seed: fc.array(fc.double({ min: 0, max: 6, noNaN: true }), { minLength: 15, maxLength: 15 }),
  })
  .map(({ budgets, sellers, seed }): Market => ({
    buyers: budgets.map((budget, b) => ({ id: `B${b + 1}`, budget })),
    sellers: Array.from({ length: sellers }, (_, j) => ({ id: `S${j + 1}`, cost: 0 })),
    values: budgets.map((_, b) => Array.from({ length: sellers }, (__, j) => seed[b * 5 + j])),
  }));

describe("Algorithm 1 and MWPs in other units (MODEL §2, §6): amounts from 1e-9 to 1e9", () => {
  it("fairsharePrices is exactly scale-invariant under powers of two: 2^k·market gives 2^k·prices, the same sweeps and the same verdict", () => {
    fc.assert(
      fc.property(genericMarkets, fc.constantFrom(-100, -60, -30, 30, 60, 100), (market, k) => {
        const base = fairsharePrices(market);
        const scaled = fairsharePrices(scaleMarket(market, 2 ** k));
        expect(scaled.prices, `k = ${k}`).toStrictEqual(base.prices.map((p) => p * 2 ** k));
        expect([scaled.rounds, scaled.converged]).toStrictEqual([base.rounds, base.converged]);
      }),
      { seed: 20251, numRuns: 150 },
    );
  });

  it("regression: a market priced below a dollar is solved to the same relative precision (the old absolute floor of 1 stopped after one sweep)", () => {
    // With `settled ⇔ |q − p| ≤ 1e-9·max(1, |p|)`, every move of a market priced in nano-dollars counted as
    // settled: at 2^-30 (≈ 9.3e-10) the tied market stopped after 1 sweep, "converged", at prices
    // (3, 2, 2.5, 1)·2^-30 that are not a fixed point. At scale 1 it takes 3 sweeps to (2.5, 2.5, 2.5, 1).
    const scale = 2 ** -30;
    const small = scaleMarket(tied, scale);
    const result = fairsharePrices(small);
    expect(result.prices).toStrictEqual([2.5, 2.5, 2.5, 1].map((p) => p * scale));
    expect([result.rounds, result.converged]).toStrictEqual([3, true]);
    // Independent check that it is a fixed point: each p_j maximises q·#{b : MWP_bj ≥ q} over the MWPs
    // found by bisection with brute-force knapsacks (the revenue is maximised at one of the MWPs, MODEL §3).
    for (const factor of [1, 1e-9, scale]) {
      const market = scaleMarket(tied, factor);
      const { prices } = factor === scale ? result : fairsharePrices(market);
      prices.forEach((p, j) => {
        const mwps = market.buyers.map((_, b) => bruteMwp(market, prices, b, j));
        const revenue = (q: number) => q * mwps.filter((m) => m >= q * (1 - 1e-9)).length;
        const best = Math.max(...mwps.map(revenue));
        expect(revenue(p), `scale ${factor}, S${j + 1}: p = ${p}, MWPs ${mwps}`).toBeGreaterThanOrEqual(best * (1 - 1e-9));
      });
    }
  });

  it("MWPs at given prices scale with the market to relative rounding, 10^k for k = −9…9 (MWP_bj(10^k·p) = 10^k·MWP_bj(p))", () => {
    fc.assert(
      fc.property(genericMarkets, fc.array(fc.double({ min: 0, max: 6, noNaN: true }), { minLength: 5, maxLength: 5 }), fc.integer({ min: -9, max: 9 }), (market, raw, k) => {
        const prices = market.sellers.map((_, j) => raw[j]);
        const factor = 10 ** k;
        const base = mwpMatrix(market, prices);
        const scaled = mwpMatrix(scaleMarket(market, factor), prices.map((p) => p * factor));
        // Measured worst: 4e-16 of the budget; MWPs at given generic prices are continuous in the inputs.
        base.forEach((row, b) =>
          row.forEach((m, j) => expect(Math.abs(scaled[b][j] / factor - m), `k = ${k}, B${b + 1}, S${j + 1}`).toBeLessThanOrEqual(1e-12 * market.buyers[b].budget)),
        );
      }),
      { seed: 20252, numRuns: 200 },
    );
  });
});

/** A small market in other units: `money` multiplies budgets, costs and λ; `quality` multiplies θ and divides λ. */
function scaledConfig(money: number, quality: number) {
  return config({
    periods: 8,
    seed: 3,
    discount: 0.9,
    participation: "power:2",
    buyers: [
      { id: "B1", budget: 12 * money, valueOfPerformance: (1.3 * money) / quality },
      { id: "B2", budget: 4 * money, valueOfPerformance: (0.8 * money) / quality },
    ],
    sellers: { tiers: [{ name: "high", quality: 3 * quality, count: 2 }, { name: "low", quality: quality, count: 3 }], cost: { base: 0.3 * money, perQuality: (0.2 * money) / quality } },
    valuation: { source: "synthetic", noise: 0.3, decay: 0.05 },
    entry: { probability: 0.4 },
  });
}

/** The numeric fields that JSON wrote as null, other than the documented nullable ones. */
function undocumentedNulls(run: RunRecord): string[] {
  return [...JSON.stringify(run).matchAll(/"(\w+)":null/g)].map((m) => m[1]).filter((key) => !["configPath", "meanQuality", "performancePerDollar"].includes(key));
}

const fairPrices = (run: RunRecord) => run.groups.flatMap((g) => g.periods.flatMap((p) => p.sellers.map((s) => s.fairPrice)));

describe("Algorithm 2 at extreme scales (valueOfPerformance, quality, budget, cost)", () => {
  const reference = simulate(scaledConfig(1, 1), 3);

  it.each([
    [1e-9, 1],
    [1e9, 1],
    [1, 1e-9],
    [1, 1e9],
    [1e-9, 1e9],
    [1e-300, 1],
    [1e300, 1],
    [1, 1e-300],
  ])("money ×%s, quality ×%s: checkRun finds nothing, JSON has no undocumented null, and fair prices scale with the money to 1e-12", (money, quality) => {
    const run = simulate(scaledConfig(money, quality), 3);
    expect(checkRun(run)).toStrictEqual([]);
    expect(undocumentedNulls(run)).toStrictEqual([]);
    expect(JSON.stringify(run)).not.toMatch(/"performancePerDollar":null/); // every buyer spends in period 1 here
    const prices = fairPrices(run);
    expect(prices.length).toBe(fairPrices(reference).length);
    // Measured worst: 4e-16 (values λ·θ·noise are rounded differently at each scale, so not bit for bit).
    fairPrices(reference).forEach((p, i) => expect(Math.abs(prices[i] / money - p), `price ${i}`).toBeLessThanOrEqual(1e-12 * p));
  });

  it("money ×2^-1000 (about 9e-302) gives exactly 2^-1000 times every fair price", () => {
    const run = simulate(scaledConfig(2 ** -1000, 1), 3);
    expect(checkRun(run)).toStrictEqual([]);
    expect(fairPrices(run)).toStrictEqual(fairPrices(reference).map((p) => p * 2 ** -1000));
  });

  it("subnormal money (×1e-320): precision is lost, but checkRun finds nothing and the only nulls are documented ones", () => {
    const run = simulate(scaledConfig(1e-320, 1), 3);
    expect(checkRun(run)).toStrictEqual([]);
    expect(undocumentedNulls(run)).toStrictEqual([]);
  });

  it("money too large for the run's totals is refused when the config is read, naming the field (it overflowed averageCumulativeProfit to Infinity)", () => {
    expect(() => scaledConfig(1e307, 1)).toThrow(/buyers\[0\]\.budget: must keep every money amount at most 8\.03e\+305 \(the run's totals would overflow\), got 1\.2e\+308/);
    // Values count too: over 4 periods, 1 buyer and 2 sellers the limit is 1.8e308 / 24 = 7.5e306, and
    // λ = 1e307 with θ = 1 and noise 0.2 makes values up to 1e307·(1 + 9·0.2) = 2.8e307 per dataset.
    const big = (lambda: number) => () => config({ buyers: [{ id: "B1", budget: 5, valueOfPerformance: lambda }], valuation: { source: "synthetic", noise: 0.2 } });
    expect(big(1e307)).toThrow(/buyers\[0\]\.valueOfPerformance: must keep every money amount at most 7\.49e\+306 .*, got 1e\+307$/);
    expect(checkRun(simulate(big(1e306)(), 1))).toStrictEqual([]);
  });
});

describe("simulate refuses money too large for its totals", () => {
  it("one line naming the field and value, exit 2, nothing written", async () => {
    const dir = mkdtempSync(join(tmpdir(), "fairshare-edges-"));
    const path = join(dir, "config.json");
    writeFileSync(path, JSON.stringify({ ...scaledConfig(1, 1), name: "huge", buyers: [{ id: "B1", budget: 1e308 }] }));
    const result = await runCommand(["simulate", path, "--out", join(dir, "out")]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^fairshare simulate: .*config\.json: buyers\[0\]\.budget: must keep every money amount at most .* \(the run's totals would overflow\), got 1e\+308\n$/);
    expect(existsSync(join(dir, "out"))).toBe(false);
  });
});
