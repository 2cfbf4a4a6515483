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
import { bestPrice, cumulativeUtility, discountThreshold, exploitThreshold, limitUtility, tradeoffHorizon, type OneBuyerMarket } from "../theory/oneBuyer.js";
import { gridMaximize } from "../theory/optimize/gridMaximize.js";
import { parseParticipation } from "../theory/participation.js";
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
  return [...JSON.stringify(run).matchAll(/"(\w+)":null/g)].map((m) => m[1]).filter((key) => !["configPath", "meanQuality", "performancePerDollar", "learning", "performance"].includes(key));
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

// ---------------------------------------------------------------------------------------------------
// The one-buyer one-seller market (MODEL §5) at the edges of δ and of the unit of money.

/** The market of README's horizon example: V = 10, p* = 6, c = 2, examined at p = 3 (pay ratio 1/2). */
const oneBuyer = (discount: number, rho = "linear:0.5", unit = 1): OneBuyerMarket => ({
  value: 10 * unit,
  fairPrice: 6 * unit,
  cost: 2 * unit,
  discount,
  participation: parseParticipation(rho),
});
const RHOS = ["linear:0.5", "power:2", "gap:0.9:1", "power:0.5"];
const DELTAS = [1, 1 - 1e-12, 0.5, 1e-12, Number.MIN_VALUE];

/** U_T(p) by direct summation of (V − p)·(δr)^{t−1}, r = ρ(p/p*) below p* and 1 at or above (MODEL §5). */
function directUtility(m: OneBuyerMarket, price: number, periods: number): number {
  const r = price >= m.fairPrice ? 1 : m.participation.rho(price / m.fairPrice);
  let sum = 0;
  let weight = 1;
  for (let t = 1; t <= periods; t += 1) {
    sum += (m.value - price) * weight;
    weight *= m.discount * r;
  }
  return sum;
}

/** T̂ = min{T : U_T(p*) ≥ U_T(p)} by direct sums, searched up to `limit`; Infinity beyond. */
function directHorizon(m: OneBuyerMarket, price: number, limit = 2000): number {
  for (let T = 1; T <= limit; T += 1) if (directUtility(m, m.fairPrice, T) >= directUtility(m, price, T)) return T;
  return Number.POSITIVE_INFINITY;
}

describe("one buyer, δ at 1, 1 − 1e-12, 1e-12 and Number.MIN_VALUE (theory/oneBuyer.ts)", () => {
  it.each(RHOS)("%s: every output is finite, or the documented Infinity (U_∞ at δ = 1 from p* up, T̂ when δ ≤ δ₀)", (rho) => {
    for (const delta of DELTAS) {
      const m = oneBuyer(delta, rho);
      const at = `δ = ${delta}`;
      for (const price of [2, 3, 6, 10]) {
        for (const T of [0, 1, 2, 10, 1e6]) expect(Number.isFinite(cumulativeUtility(m, price, T)), `${at}, U_${T}(${price})`).toBe(true);
        const limit = limitUtility(m, price);
        if (delta === 1 && price >= 6 && price < 10) expect(limit, `${at}: U_∞(${price})`).toBe(Number.POSITIVE_INFINITY);
        else expect(Number.isFinite(limit), `${at}: U_∞(${price}) = ${limit}`).toBe(true);
      }
      const d0 = exploitThreshold(m, 3)!;
      expect(d0 > 0 && d0 <= 1, `${at}: δ₀ = ${d0}`).toBe(true);
      const tHat = tradeoffHorizon(m, 3);
      expect(Number.isFinite(tHat) || (tHat === Number.POSITIVE_INFINITY && delta <= d0), `${at}: T̂ = ${tHat}, δ₀ = ${d0}`).toBe(true);
      const low = discountThreshold(m);
      expect(low > 0 && low <= 1, `${at}: δ̲ = ${low}`).toBe(true);
      for (const T of [1, 2, 10, "inf" as const]) {
        const best = bestPrice(m, T);
        expect(best.price >= 2 && best.price <= 6, `${at}: argmax_${T} = ${best.price}`).toBe(true);
        expect(Number.isFinite(best.utility) || (T === "inf" && delta === 1 && best.utility === Number.POSITIVE_INFINITY), `${at}: max U_${T}`).toBe(true);
      }
    }
  });

  it("δ → 0: U_T(p) is the first period's utility V − p for every T, the buyer's best price is the cost, and fairshare never catches up", () => {
    for (const rho of RHOS) {
      const m = oneBuyer(Number.MIN_VALUE, rho);
      for (const T of [1, 2, 10, 1e6]) expect(cumulativeUtility(m, 3, T), `${rho}, T = ${T}`).toBe(7);
      expect(limitUtility(m, 3)).toBe(7);
      for (const T of [1, 2, 10, "inf" as const]) expect(bestPrice(m, T), `${rho}, T = ${T}`).toStrictEqual({ price: 2, utility: 8 });
      expect(tradeoffHorizon(m, 3)).toBe(Number.POSITIVE_INFINITY);
      // δ = 1e-12: U_2 = (V − p)(1 + δ·r) with r = ρ(1/2), written out.
      const small = oneBuyer(1e-12, rho);
      const r = small.participation.rho(0.5);
      expect(Math.abs(cumulativeUtility(small, 3, 2) - 7 * (1 + 1e-12 * r))).toBeLessThanOrEqual(1e-15 * 7);
    }
  });

  it("δ = 1: U_T(p*) = T·u* exactly, U_T(p) = (V − p)(1 − r^T)/(1 − r), U_∞(p) = (V − p)/(1 − r), and T̂ is the direct-sum one", () => {
    for (const rho of RHOS) {
      const m = oneBuyer(1, rho);
      const r = m.participation.rho(0.5);
      for (const T of [1, 2, 10, 1e6]) expect(cumulativeUtility(m, 6, T)).toBe(4 * T);
      for (const T of [2, 10, 40]) {
        const closed = (7 * (1 - r ** T)) / (1 - r);
        expect(Math.abs(cumulativeUtility(m, 3, T) - closed), `${rho}, T = ${T}`).toBeLessThanOrEqual(1e-14 * closed);
        expect(Math.abs(directUtility(m, 3, T) - closed)).toBeLessThanOrEqual(1e-13 * closed);
      }
      expect(Math.abs(limitUtility(m, 3) - 7 / (1 - r))).toBeLessThanOrEqual(1e-15 * (7 / (1 - r)));
      expect(tradeoffHorizon(m, 3), rho).toBe(directHorizon(m, 3));
      expect(bestPrice(m, "inf")).toStrictEqual({ price: 6, utility: Number.POSITIVE_INFINITY });
    }
  });

  it("δ = 1 − 1e-12: U_T(p*) follows its series in h = 1 − δ to 1e-12, U_∞(p*) = u*/h, and T̂ is the direct-sum one", () => {
    const delta = 1 - 1e-12;
    const h = 1 - delta; // exact (Sterbenz): 1.000088900582341e-12, not 1e-12
    for (const rho of RHOS) {
      const m = oneBuyer(delta, rho);
      for (const T of [10, 1e6]) {
        // u*·Σ_{t<T} (1 − h)^t = u*·T·(1 − (T − 1)h/2 + (T − 1)(T − 2)h²/6 − …); the next term is below 1e-19 here.
        const series = 4 * T * (1 - ((T - 1) * h) / 2 + ((T - 1) * (T - 2) * h * h) / 6);
        expect(Math.abs(cumulativeUtility(m, 6, T) - series), `${rho}, T = ${T}`).toBeLessThanOrEqual(1e-12 * series);
      }
      expect(Math.abs(limitUtility(m, 6) - 4 / h)).toBeLessThanOrEqual(1e-15 * (4 / h));
      expect(tradeoffHorizon(m, 3), rho).toBe(directHorizon(m, 3));
    }
  });

  it("δ₀ and δ̲ do not depend on δ: 0.75 for linear:0.5 at p = 3, worked by hand", () => {
    // δ₀ = (p* − p)/((p* − p) + (1 − ρ(1/2))·u*) = 3/(3 + 0.25·4); δ̲: p*(1 − x)/(p*(1 − x) + 0.5(1 − x)·u*) = 6/(6 + 2) at every x.
    for (const delta of DELTAS) {
      expect(exploitThreshold(oneBuyer(delta), 3)).toBe(0.75);
      expect(Math.abs(discountThreshold(oneBuyer(delta)) - 0.75)).toBeLessThanOrEqual(1e-12);
    }
  });
});

/** The numbers of a JSON text, and the keys whose value is null. */
function jsonNumbersAndNulls(text: string): { numbers: number[]; nulls: string[] } {
  const numbers: number[] = [];
  const nulls: string[] = [];
  const walk = (x: unknown, key: string) => {
    if (x === null) nulls.push(key);
    else if (typeof x === "number") numbers.push(x);
    else if (Array.isArray(x)) x.forEach((y, i) => walk(y, `${key}[${i}]`));
    else if (typeof x === "object") for (const [k, y] of Object.entries(x as Record<string, unknown>)) walk(y, key === "" ? k : `${key}.${k}`);
  };
  walk(JSON.parse(text), "");
  return { numbers, nulls };
}

describe("horizon CLI at the edges of δ and money", () => {
  const flags = (delta: string, extra: string[] = []) => ["horizon", "--V", "10", "--pstar", "6", "--c", "2", "--p", "3", "--delta", delta, "--rho", "linear:0.5", ...extra];

  it.each(["1", "0.999999999999", "0.5", "1e-12", "5e-324"])("--delta %s: every number printed is finite, and the only null is T̂ exactly when δ ≤ δ₀ = 0.75", async (delta) => {
    const result = await runCommand(flags(delta, ["--T", "1,2,10,1000000"]));
    expect(result.code, result.stderr).toBe(0);
    const { numbers, nulls } = jsonNumbersAndNulls(result.stdout);
    expect(numbers.every(Number.isFinite)).toBe(true);
    expect(nulls).toStrictEqual(Number(delta) <= 0.75 ? ["That"] : []);
    const json = JSON.parse(result.stdout);
    expect(json.U["1"]).toBe(7); // U_1(p) = V − p whatever δ
    if (delta === "5e-324") expect(Object.values(json.U)).toStrictEqual([7, 7, 7, 7]);
    if (delta === "1") expect(json.Ustar["1000000"]).toBe(4e6);
  });

  it("refuses a δ that rounds to 0, and U_T beyond the largest double, each with one line and exit 2", async () => {
    const zero = await runCommand(flags("2e-324"));
    expect([zero.code, zero.stderr]).toStrictEqual([2, "fairshare horizon: --delta must lie in (0, 1], got 2e-324\n"]);
    const huge = await runCommand(["horizon", "--V", "1e300", "--pstar", "6e299", "--c", "2e299", "--p", "3e299", "--delta", "1", "--rho", "linear:0.5", "--T", "1,10000000000"]);
    expect(huge.code).toBe(2);
    expect(huge.stderr).toMatch(/^fairshare horizon: Ustar at T = 10000000000 is Infinity, beyond the largest double: give --V, --pstar, --c and --p in larger units, or a smaller --T\n$/);
    expect(huge.stdout).toBe("");
  });

  it("money in any unit: V = 1e300 and V = 1.5e-323 print the thresholds of V = 10 and V = 1.5", async () => {
    const json = async (args: string[]) => JSON.parse((await runCommand(["horizon", ...args, "--delta", "0.9", "--rho", "linear:0.5"])).stdout);
    const base = await json(["--V", "10", "--pstar", "6", "--c", "2", "--p", "3"]);
    const big = await json(["--V", "1e300", "--pstar", "6e299", "--c", "2e299", "--p", "3e299"]);
    expect([big.That, big.delta0]).toStrictEqual([base.That, base.delta0]);
    expect(Math.abs(big.deltaLow - base.deltaLow)).toBeLessThanOrEqual(1e-12);
    const unit = await json(["--V", "1.5", "--pstar", "1", "--c", "0", "--p", "0.5"]);
    const tiny = await json(["--V", "1.5e-323", "--pstar", "1e-323", "--c", "0", "--p", "5e-324"]); // 3, 2, 1 × 2^-1074, exact
    expect([tiny.That, tiny.delta0, tiny.deltaLow]).toStrictEqual([unit.That, unit.delta0, unit.deltaLow]);
  });
});

describe("one buyer in other units of money (regression: subnormal and near-overflow amounts)", () => {
  it("V = 1.5e-323, p* = 1e-323, p = 5e-324 (3, 2, 1 × 2^-1074): δ₀ = 0.8 by hand, T̂ as at V = 1.5, δ̲ finite (they were 1, 8 and a NaN throw)", () => {
    // δ₀ = (1 − 1/2)/((1 − 1/2) + (1 − ρ(1/2))·(1.5 − 1)) = 0.5/(0.5 + 0.25·0.5) = 0.8.
    const tiny: OneBuyerMarket = { value: 3 * 2 ** -1074, fairPrice: 2 * 2 ** -1074, cost: 0, discount: 0.9, participation: parseParticipation("linear:0.5") };
    const unit: OneBuyerMarket = { ...tiny, value: 1.5, fairPrice: 1 };
    expect(exploitThreshold(tiny, 2 ** -1074)).toBe(0.8);
    expect(tradeoffHorizon(tiny, 2 ** -1074)).toBe(directHorizon(unit, 0.5));
    expect(tradeoffHorizon(tiny, 2 ** -1074)).toBe(9);
    expect(discountThreshold(tiny)).toBe(discountThreshold(unit));
  });

  it.each([-1000, -500, 500, 1000])("2^%i times every amount: the same δ₀, T̂ and δ̲ bit for bit, and 2^k times every best price and utility", (k) => {
    for (const rho of RHOS) {
      const m = oneBuyer(0.9, rho);
      const scaled = oneBuyer(0.9, rho, 2 ** k);
      expect(exploitThreshold(scaled, 3 * 2 ** k)).toBe(exploitThreshold(m, 3));
      expect(tradeoffHorizon(scaled, 3 * 2 ** k)).toBe(tradeoffHorizon(m, 3));
      expect(discountThreshold(scaled)).toBe(discountThreshold(m));
      for (const T of [1, 5, 10, "inf" as const]) {
        const best = bestPrice(m, T);
        expect(bestPrice(scaled, T), `${rho}, T = ${T}`).toStrictEqual({ price: best.price * 2 ** k, utility: best.utility * 2 ** k });
      }
    }
  });

  it("V = 1e308: the best price is found (the grid of [c, p*] overflowed before), 1e307 times the V = 10 one to a flat maximum's 1e-6", () => {
    for (const rho of RHOS) {
      const m = oneBuyer(0.9, rho);
      const big = oneBuyer(0.9, rho, 1e307);
      for (const T of [1, 5, "inf" as const]) {
        const price = bestPrice(big, T).price / 1e307;
        expect(Math.abs(price - bestPrice(m, T).price), `${rho}, T = ${T}`).toBeLessThanOrEqual(1e-6 * price);
      }
      expect(tradeoffHorizon(big, 3e307)).toBe(tradeoffHorizon(m, 3));
    }
  });

  it("gridMaximize finds the peak of |x − 3e307| on [0, 1e308] (the grid point (hi − lo)·i overflowed)", () => {
    const found = gridMaximize((x) => -Math.abs(x - 3e307), 0, 1e308);
    // Brent resolves a location to √ε ≈ 1.5e-8 of itself (theory/optimize/brent.ts); measured 5.6e-9 here.
    expect(Math.abs(found.x - 3e307)).toBeLessThanOrEqual(2e-8 * 3e307);
  });
});

// ---------------------------------------------------------------------------------------------------
// Degenerate markets: zero values, exact ties, one buyer, one seller, a budget below every price.

describe("solve on degenerate instances: hand-worked answers, no null and no non-finite number", () => {
  const solveJson = async (instance: object) => {
    const result = await runCommand(["solve", "-"], JSON.stringify(instance));
    expect(result.code, result.stderr).toBe(0);
    const { numbers, nulls } = jsonNumbersAndNulls(result.stdout);
    expect(nulls).toStrictEqual([]);
    expect(numbers.every(Number.isFinite)).toBe(true);
    return JSON.parse(result.stdout);
  };
  const sellers = (n: number) => Array.from({ length: n }, (_, j) => ({ id: `S${j + 1}`, cost: 0 }));

  it("a seller every buyer values at 0 is priced 0 and, free, bought by everyone (MODEL §2: a zero-surplus item that fits is bought); its royalty rate is 0", async () => {
    const json = await solveJson({ buyers: [{ id: "B1", budget: 5 }, { id: "B2", budget: 2 }], sellers: sellers(2), values: [[4, 0], [1, 0]] });
    // S1: MWPs min(4, 5) = 4 and min(1, 2) = 1; revenue 4 at 4 beats 2 at 1, so p* = 4. S2: every MWP 0, so p* = 0.
    expect(json.fairPrices).toStrictEqual({ S1: 4, S2: 0 });
    expect(json.purchases).toStrictEqual({ B1: ["S1", "S2"], B2: ["S2"] });
    expect(json.revenue).toStrictEqual({ S1: 4, S2: 0 });
    expect(json.royaltyRates.S2).toBe(0);
  });

  it("a market where every value is 0: every price and MWP 0, converged in one sweep", async () => {
    const json = await solveJson({ buyers: [{ id: "B1", budget: 5 }], sellers: sellers(3), values: [[0, 0, 0]] });
    expect(json).toMatchObject({ fairPrices: { S1: 0, S2: 0, S3: 0 }, mwp: { B1: { S1: 0, S2: 0, S3: 0 } }, rounds: 1, converged: true });
  });

  it("two identical sellers and a budget for one: both priced 4, and the tie goes to the lexicographically smaller id (MODEL §2)", async () => {
    // B = 5, V = 4 each. MWP_1 at p_2 = 4: S' = ∅ gives min(5, 4 − K) with K(5; −1) = 0 (S2 has surplus 0), so 4;
    // S' = {S2} gives min(1, 4). Lemma 2 with one buyer: p* = 4; likewise S2. At (4, 4) only one fits (8 > 5):
    // {S1} and {S2} tie on surplus 0 and value 4, and [S1] < [S2].
    const json = await solveJson({ buyers: [{ id: "B1", budget: 5 }], sellers: sellers(2), values: [[4, 4]] });
    expect(json).toMatchObject({ fairPrices: { S1: 4, S2: 4 }, purchases: { B1: ["S1"] }, revenue: { S1: 4, S2: 0 }, converged: true });
  });

  it("one buyer, one seller: p* = min(V, B)", async () => {
    expect((await solveJson({ buyers: [{ id: "B1", budget: 3 }], sellers: sellers(1), values: [[5]] })).fairPrices).toStrictEqual({ S1: 3 });
    expect((await solveJson({ buyers: [{ id: "B1", budget: 9 }], sellers: sellers(1), values: [[5]] })).fairPrices).toStrictEqual({ S1: 5 });
  });

  it("a budget below every posted price: nothing bought, no revenue, each MWP the budget (the only cap left)", async () => {
    // B = 1, prices (2, 3), values (4, 3): K(1; −j) = 0 as nothing else fits, so MWP_j = min(1, V_j) = 1.
    const json = await solveJson({ buyers: [{ id: "B1", budget: 1 }], sellers: sellers(2), values: [[4, 3]], prices: [2, 3] });
    expect(json).toMatchObject({ mwp: { B1: { S1: 1, S2: 1 } }, purchases: { B1: [] }, revenue: { S1: 0, S2: 0 }, bestResponse: { S1: 1, S2: 1 } });
  });

  it("money whose sums would overflow is refused with one line naming the largest amount (it printed MWPs of 1e308 and a revenue of null)", async () => {
    const instance = { buyers: [{ id: "B1", budget: 1.7e308 }, { id: "B2", budget: 1.7e308 }], sellers: sellers(2), values: [[1.7e308, 1.7e308], [1.7e308, 1e308]] };
    const result = await runCommand(["solve", "-"], JSON.stringify(instance));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^fairshare solve: buyers\[0\]\.budget is 1\.7e\+308: the instance's money .* must add up to less than the largest double, 1\.7976931348623157e\+308\n$/);
    // Amounts of 1e300 still fit, and their answers are the hand-worked ones scaled.
    expect((await solveJson({ buyers: [{ id: "B1", budget: 3e300 }], sellers: sellers(1), values: [[5e300]] })).fairPrices).toStrictEqual({ S1: 3e300 });
  });
});

describe("Algorithm 2 on degenerate markets: checkRun finds nothing and only documented nulls appear", () => {
  it("a single buyer and a single seller (all four groups, 20 periods)", () => {
    const run = simulate(config({ periods: 20, sellers: { tiers: [{ name: "only", quality: 2, count: 1 }], cost: { base: 0.5, perQuality: 0 } }, valuation: { source: "synthetic", noise: 0.3 } }), 4);
    expect(checkRun(run)).toStrictEqual([]);
    expect(undocumentedNulls(run)).toStrictEqual([]);
  });

  it("a buyer whose budget is below every price buys nothing in any group; its performance per dollar stays null (no spend)", () => {
    // Cost 1 floors every posted price (MODEL §4) above B1's budget of 1e-6; B2 can afford them.
    const run = simulate(config({ buyers: [{ id: "B1", budget: 1e-6 }, { id: "B2", budget: 5 }], sellers: { tiers: [{ name: "a", quality: 2, count: 3 }], cost: { base: 1, perQuality: 0 } } }), 1);
    expect(checkRun(run)).toStrictEqual([]);
    for (const group of run.groups) {
      for (const p of group.periods) {
        expect(p.buyers[0], `${group.group}, t = ${p.period}`).toMatchObject({ bought: [], spend: 0, cumulativeSpend: 0, performancePerDollar: null });
      }
    }
  });

  it("values clipped to 0 by large noise (zero-value sellers) keep every invariant", () => {
    const run = simulate(config({ periods: 12, valuation: { source: "synthetic", noise: 3 }, sellers: { tiers: [{ name: "a", quality: 1, count: 4 }], cost: { base: 0, perQuality: 0 } } }), 2);
    expect(run.groups.some((g) => g.periods.some((p) => p.sellers.some((s) => s.values.every((v) => v === 0)))), "some seller is worth 0 to everyone").toBe(true);
    expect(checkRun(run)).toStrictEqual([]);
    expect(undocumentedNulls(run)).toStrictEqual([]);
  });

  it("identical sellers (noise 0): prices tie, and a buyer who can afford only one takes the lowest id (MODEL §2)", () => {
    // Three sellers of θ = 2 (V = 2), cost 0, one buyer with budget 2.5: p* = min(V, B) = 2 for each; one fits.
    const run = simulate(config({ buyers: [{ id: "B1", budget: 2.5 }], sellers: { tiers: [{ name: "a", quality: 2, count: 3 }], cost: { base: 0, perQuality: 0 } } }), 1);
    expect(checkRun(run)).toStrictEqual([]);
    const fairshare = run.groups[0].periods[0];
    expect(fairshare.sellers.map((s) => s.price)).toStrictEqual([2, 2, 2]);
    expect(fairshare.buyers[0].bought).toStrictEqual(["S1"]);
  });
});
