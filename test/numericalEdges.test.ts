/**
 * Numerical edges: discount factors at 0⁺ and 1, money from 1e-9 to 1e9 in a unit that holds it and
 * money no unit holds (1e-300, subnormal, 1e300), zero values, exact ties, one buyer, one seller, a
 * budget below every price. Each answer is checked against an independent oracle (a closed form, a
 * hand-worked market, brute force) or is a documented null or a one-line refusal; never a NaN or an
 * Infinity in an output.
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
import { fromUnits, toUnits } from "../theory/money.js";
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

describe("performance per dollar with the smallest spend (regression)", () => {
  // Found by a property test of test/algorithm2.test.ts when money was a double: a cost of 1e-323 dollars,
  // posted as the price by the exploitative group, made cumulativeScore / cumulativeSpend = 1 / 2e-323
  // overflow to Infinity, which JSON wrote as a bare null that records.ts did not document. With exact
  // money (MODEL §2) that cost is refused, and a spend is 0 or at least one unit of at least 10^-15.
  it("a cost of 1e-323 is refused when the config is read, naming the field: no money unit holds it", () => {
    const tiny = (decimals: number) => () => config({ sellers: { tiers: [{ name: "a", quality: 1, count: 2 }], cost: { base: 1e-323, perQuality: 0 } }, money: { decimals } });
    expect(tiny(6)).toThrow("numericalEdges.test.ts: sellers.cost.base: makes the amount 1e-323, which is not 0 but rounds to 0 money units of 0.000001 (money decimals 6), got 1e-323");
    expect(tiny(15)).toThrow(/sellers\.cost\.base: makes the amount 1e-323, which is not 0 but rounds to 0 money units of 1e-15 \(money decimals 15\), got 1e-323$/);
  });

  it("at the finest unit, a cost of one unit (1e-15) gives the largest performance per dollar there is, 2 / 2e-15, finite", () => {
    const run = simulate(config({ buyers: [{ id: "B1", budget: 3 }], sellers: { tiers: [{ name: "a", quality: 1, count: 2 }], cost: { base: 1e-15, perQuality: 0 } }, money: { decimals: 15 } }), 1);
    const exploitative = run.groups.find((g) => g.group === "exploitative")!;
    const first = exploitative.periods[0].buyers[0];
    // Noise 0: both sellers are worth θ = 1, priced at their cost of one unit; B1 buys both (score 2, spend 2 units).
    expect([first.bought, first.cumulativeScore, first.cumulativeSpend]).toStrictEqual([["S1", "S2"], 2, 2e-15]);
    expect(first.performancePerDollar).toBe(2 / 2e-15);
    // Under fairshare the same sellers cost p* = V = 1 each: 2 score for 2 dollars.
    expect(run.groups[0].periods[0].buyers[0].performancePerDollar).toBe(1);
    for (const group of run.groups) {
      for (const p of group.periods) for (const b of p.buyers) expect(b.performancePerDollar !== null && Number.isFinite(b.performancePerDollar), `${group.group}, t = ${p.period}`).toBe(true);
    }
    expect(checkRun(run)).toStrictEqual([]);
  });
});

/** Every amount of a market in whole units multiplied by the whole number `factor`: the same market in a unit `factor` times finer. */
function scaleMarket(market: Market, factor: number): Market {
  return {
    buyers: market.buyers.map((b) => ({ ...b, budget: b.budget * factor })),
    sellers: market.sellers.map((s) => ({ ...s, cost: s.cost * factor })),
    values: market.values.map((row) => row.map((v) => v * factor)),
  };
}

/** A decimal market in whole units of 10^−decimals (MODEL §2), as solve and Algorithm 2 convert it. */
function inUnits(market: Market, decimals: number): Market {
  return {
    buyers: market.buyers.map((b) => ({ ...b, budget: toUnits(b.budget, decimals) })),
    sellers: market.sellers.map((s) => ({ ...s, cost: toUnits(s.cost, decimals) })),
    values: market.values.map((row) => row.map((v) => toUnits(v, decimals))),
  };
}

/**
 * The best knapsack surplus over `items` within `budget` by brute force over every subset (MODEL §2),
 * in whole units, so exactly: −Infinity below 0. Independent of theory/knapsack*.ts.
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

/**
 * MWP_bj in whole units, exactly: the largest whole q in [0, B_b] with Φ(q) ≥ 0, by bisection on the
 * integers (Φ is strictly decreasing, MODEL §2), with brute-force knapsacks.
 */
function bruteMwp(market: Market, prices: ReadonlyArray<number>, b: number, j: number): number {
  const budget = market.buyers[b].budget;
  const others = market.values[b].map((value, k) => ({ value, price: prices[k] })).filter((_, k) => k !== j);
  const without = bruteSurplus(others, budget);
  const phi = (q: number) => market.values[b][j] - q + bruteSurplus(others, budget - q) - without;
  let [lo, hi] = [0, budget]; // Φ(0) ≥ 0 always; find the last q with Φ(q) ≥ 0
  if (phi(hi) >= 0) return hi;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (phi(mid) >= 0) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** Lemma 2 by enumeration (MODEL §3): the lowest of the MWPs maximising q·#{b : m_b ≥ q}, in whole units. */
function lemma2Price(mwps: ReadonlyArray<number>): number {
  let [best, bestRevenue] = [0, 0];
  for (const q of mwps) {
    const revenue = q * mwps.filter((m) => m >= q).length;
    if (revenue > bestRevenue || (revenue === bestRevenue && q < best)) [best, bestRevenue] = [q, revenue];
  }
  return best;
}

/** A hand-made market with exact ties (B3 values three sellers at 3), in the currency: Algorithm 1 converges in 3 sweeps. */
const tied: Market = {
  buyers: [{ id: "B1", budget: 10 }, { id: "B2", budget: 4 }, { id: "B3", budget: 7 }],
  sellers: [{ id: "S1", cost: 0 }, { id: "S2", cost: 0 }, { id: "S3", cost: 0 }, { id: "S4", cost: 0 }],
  values: [[6, 3, 2.5, 1], [5, 4, 1, 0.5], [3, 3, 3, 2]],
};

/** Whole units in [min, max]: any, or a whole number of quarters of the currency (at 6 decimals), so that ties turn up. */
const unitsIn = (min: number, max: number) =>
  fc.oneof(fc.integer({ min, max }), fc.integer({ min: Math.ceil(min / 250_000), max: Math.floor(max / 250_000) }).map((k) => k * 250_000));

/** Generic small markets in whole units: 1–3 buyers, 1–5 sellers, budgets in [0.5, 10] and values in [0, 6] of the currency at 6 decimals, no cost. */
const genericMarkets = fc
  .record({
    budgets: fc.array(unitsIn(500_000, 10_000_000), { minLength: 1, maxLength: 3 }),
    sellers: fc.integer({ min: 1, max: 5 }),
    seed: fc.array(unitsIn(0, 6_000_000), { minLength: 15, maxLength: 15 }),
  })
  .map(({ budgets, sellers, seed }): Market => ({
    buyers: budgets.map((budget, b) => ({ id: `B${b + 1}`, budget })),
    sellers: Array.from({ length: sellers }, (_, j) => ({ id: `S${j + 1}`, cost: 0 })),
    values: budgets.map((_, b) => Array.from({ length: sellers }, (__, j) => seed[b * 5 + j])),
  }));

/** Whole factors: 2^k, 10^k, and others, each keeping the largest amount (10^7 units) below 10^14 units. */
const FACTORS = [2, 3, 7, 10, 2 ** 10, 1000, 2 ** 23, 10 ** 6];

describe("Algorithm 1 and MWPs in other units (MODEL §2, §6): a unit c times finer multiplies every amount in units by c", () => {
  it("fairsharePrices is exactly scale-invariant in units: c·market gives c·prices and c·MWPs, the same sweeps and the same verdict (c = 2, 3, 7, 10, 2^10, 1000, 2^23, 10^6)", () => {
    let cycled = 0;
    fc.assert(
      fc.property(genericMarkets, fc.constantFrom(...FACTORS), (market, c) => {
        const base = fairsharePrices(market);
        const scaled = fairsharePrices(scaleMarket(market, c));
        if (!base.converged) cycled += 1;
        expect(scaled.prices, `c = ${c}`).toStrictEqual(base.prices.map((p) => p * c));
        expect(scaled.mwp, `c = ${c}`).toStrictEqual(base.mwp.map((row) => row.map((m) => m * c)));
        expect([scaled.rounds, scaled.converged]).toStrictEqual([base.rounds, base.converged]);
      }),
      { seed: 20251, numRuns: 300 },
    );
    // The sample has cycling markets too, whose whole 50-sweep path must scale.
    expect(cycled).toBeGreaterThan(0);
  });

  it("regression: a market priced in nano-dollars, held in units of 10^-15, reaches the fixed point of scale 1, (2.5, 2.5, 2.5, 1)·1e-9, in 3 sweeps, and so does one priced in billions with units of 1 (the old absolute floor of 1 dollar stopped after one sweep)", () => {
    // With `settled ⇔ |q − p| ≤ 1e-9·max(1, |p|)` on float money, every move of a market priced in
    // nano-dollars counted as settled: at 2^-30 (≈ 9.3e-10) the tied market stopped after 1 sweep,
    // "converged", at prices (3, 2, 2.5, 1)·2^-30 that are not a fixed point.
    for (const [factor, decimals] of [[1, 6], [1e-9, 15], [1e9, 0]]) {
      const market = inUnits(scaleMarket(tied, factor), decimals);
      const result = fairsharePrices(market);
      expect(result.prices.map((p) => fromUnits(p, decimals)), `×${factor}`).toStrictEqual([2.5, 2.5, 2.5, 1].map((p) => p * factor));
      expect([result.rounds, result.converged], `×${factor}`).toStrictEqual([3, true]);
      // Independent check that it is a fixed point, exactly: each p_j is the Lemma 2 price of the MWPs
      // found by bisection on the integers with brute-force knapsacks.
      result.prices.forEach((p, j) => {
        const mwps = market.buyers.map((_, b) => bruteMwp(market, result.prices, b, j));
        expect(p, `×${factor}, S${j + 1}: MWPs ${mwps}`).toBe(lemma2Price(mwps));
      });
    }
  });

  it("MWPs at given prices scale exactly with the unit: MWP_bj(c·market, c·p) = c·MWP_bj(market, p) (c = 2, 3, 7, 10, 2^10, 1000, 2^23, 10^6), and match bisection", () => {
    fc.assert(
      fc.property(genericMarkets, fc.array(unitsIn(0, 6_000_000), { minLength: 5, maxLength: 5 }), fc.constantFrom(...FACTORS), (market, raw, c) => {
        const prices = market.sellers.map((_, j) => raw[j]);
        const base = mwpMatrix(market, prices);
        const scaled = mwpMatrix(scaleMarket(market, c), prices.map((p) => p * c));
        expect(scaled, `c = ${c}`).toStrictEqual(base.map((row) => row.map((m) => m * c)));
        base.forEach((row, b) => row.forEach((m, j) => expect(m, `B${b + 1}, S${j + 1}`).toBe(bruteMwp(market, prices, b, j))));
      }),
      { seed: 20252, numRuns: 200 },
    );
  });
});

/**
 * A small market in other units: `money` multiplies budgets, costs and λ; `quality` multiplies θ and
 * divides λ; `decimals` is the money unit's (MODEL §2).
 */
function scaledConfig(money: number, quality: number, decimals = 6) {
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
    money: { decimals },
  });
}

/** The numeric fields that JSON wrote as null, other than the documented nullable ones. */
function undocumentedNulls(run: RunRecord): string[] {
  return [...JSON.stringify(run).matchAll(/"(\w+)":null/g)].map((m) => m[1]).filter((key) => !["configPath", "meanQuality", "performancePerDollar", "learning", "performance", "cycle"].includes(key));
}

/** Every fair price, and every value V_bj, of a run in whole units of its money unit, in record order. */
const fairUnits = (run: RunRecord) => run.groups.flatMap((g) => g.periods.flatMap((p) => p.sellers.map((s) => toUnits(s.fairPrice, run.config.money.decimals))));
const valueUnits = (run: RunRecord) => run.groups.flatMap((g) => g.periods.flatMap((p) => p.sellers.flatMap((s) => s.values.map((v) => toUnits(v, run.config.money.decimals)))));

describe("Algorithm 2 at extreme scales (valueOfPerformance, quality, budget, cost)", () => {
  const reference = { 6: simulate(scaledConfig(1, 1, 6), 3), 9: simulate(scaledConfig(1, 1, 9), 3) };

  /** The run's checks that do not depend on its scale: invariants, documented nulls, spend in period 1. */
  const sound = (run: RunRecord) => {
    expect(checkRun(run)).toStrictEqual([]);
    expect(undocumentedNulls(run)).toStrictEqual([]);
    expect(JSON.stringify(run)).not.toMatch(/"performancePerDollar":null/); // every buyer spends in period 1 here
  };

  it.each([1e-9, 1e9, 1e-300])("quality ×%s (λ ÷ the same): checkRun finds nothing, JSON has no undocumented null, and the values and fair prices are the same whole units as at quality ×1", (quality) => {
    const run = simulate(scaledConfig(1, quality), 3);
    sound(run);
    // λ·θ·noise is rounded differently at each scale in its last bits, then to the unit: the same units here.
    expect(valueUnits(run)).toStrictEqual(valueUnits(reference[6]));
    expect(fairUnits(run)).toStrictEqual(fairUnits(reference[6]));
  });

  it.each([
    [-9, 1, 6],
    [-6, 1, 6],
    [-3, 1, 6],
    [3, 1, 9],
    [6, 1, 9],
    [9, 1, 9],
    [-9, 1e9, 6],
  ])("money ×10^%i, quality ×%s, with the unit 10^k times the reference's (decimals %i − k): the same market in whole units, so every fair price is the reference's with the decimal point moved, exactly", (k, quality, decimals) => {
    const run = simulate(scaledConfig(10 ** k, quality, decimals - k), 3);
    sound(run);
    const ref = reference[decimals as 6 | 9];
    // The values λ·θ·noise round to the same whole units as the reference's (their doubles differ in the last bits).
    expect(valueUnits(run)).toStrictEqual(valueUnits(ref));
    expect(fairUnits(run)).toStrictEqual(fairUnits(ref));
    const prices = run.groups.flatMap((g) => g.periods.flatMap((p) => p.sellers.map((s) => s.fairPrice)));
    expect(prices).toStrictEqual(fairUnits(ref).map((u) => fromUnits(u, decimals - k)));
  });

  it.each([
    ["1e-300", 1e-300, "buyers[0].budget: makes the amount 1.2e-299, which is not 0 but rounds to 0 money units of 0.000001 (money decimals 6), got 1.2e-299"],
    // 12·2^-1000 = 1.1199163422038627e-300, exactly (a power of two times 12).
    ["2^-1000 (about 9e-302)", 2 ** -1000, "buyers[0].budget: makes the amount 1.1199163422038627e-300, which is not 0 but rounds to 0 money units of 0.000001 (money decimals 6), got 1.1199163422038627e-300"],
    ["1e-320 (subnormal)", 1e-320, "buyers[0].budget: makes the amount 1.2e-319, which is not 0 but rounds to 0 money units of 0.000001 (money decimals 6), got 1.2e-319"],
    ["1e300", 1e300, "buyers[0].budget: makes the amount 1.2e+301, which is beyond 9007199254.740991, the 2^53 − 1 money units of 0.000001 that are exact (money decimals 6), got 1.2e+301"],
  ])("money ×%s is refused when the config is read, with one line naming the field: no money unit holds it (not at 15 decimals, not at 0)", (_, money, message) => {
    expect(() => scaledConfig(money, 1)).toThrow(`numericalEdges.test.ts: ${message}`);
    for (const decimals of [0, 15]) {
      expect(() => scaledConfig(money, 1, decimals), `decimals ${decimals}`).toThrow(new RegExp(`^numericalEdges\\.test\\.ts: buyers\\[0\\]\\.budget: makes the amount .*money decimals ${decimals}\\), got ${String(12 * money).replace(/[.+]/g, "\\$&")}$`));
    }
  });

  it("values count too: λ = 1e9 makes period sums beyond 2^53 − 1 millionths and is refused naming the field; units of 1 hold it, and λ = 1e8 fits millionths", () => {
    // Over 4 periods, 1 buyer and 2 sellers of θ = 1 with noise 0.2, values can reach λ·2·(1 + 9·0.2) = 5.6·λ
    // a period, and prices as much again: 2·5.6e9 dollars is 1.12e16 millionths, beyond 2^53 − 1 ≈ 9.007e15.
    const big = (lambda: number, decimals: number) => () => config({ buyers: [{ id: "B1", budget: 5, valueOfPerformance: lambda }], valuation: { source: "synthetic", noise: 0.2 }, money: { decimals } });
    expect(big(1e9, 6)).toThrow(
      /^numericalEdges\.test\.ts: buyers\[0\]\.valueOfPerformance: makes period sums of up to \d+ money units of 0\.000001, beyond the 9007199254740991 that are exact \(a larger money unit, fewer money\.decimals, holds it\), got 1000000000$/,
    );
    expect(checkRun(simulate(big(1e9, 0)(), 1))).toStrictEqual([]);
    expect(checkRun(simulate(big(1e8, 6)(), 1))).toStrictEqual([]);
  });
});

describe("simulate refuses money no money unit holds", () => {
  it.each([
    [1e-300, "is not 0 but rounds to 0 money units of 0.000001 (money decimals 6)"],
    [1e-320, "is not 0 but rounds to 0 money units of 0.000001 (money decimals 6)"],
    [1e300, "is beyond 9007199254.740991, the 2^53 − 1 money units of 0.000001 that are exact (money decimals 6)"],
  ])("a budget of %s: one line naming the field and value, exit 2, nothing written", async (budget, reason) => {
    const dir = mkdtempSync(join(tmpdir(), "fairshare-edges-"));
    const path = join(dir, "config.json");
    writeFileSync(path, JSON.stringify({ ...scaledConfig(1, 1), name: "extreme", buyers: [{ id: "B1", budget }] }));
    const result = await runCommand(["simulate", path, "--out", join(dir, "out")]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`fairshare simulate: ${path}: buyers[0].budget: makes the amount ${budget}, which ${reason}, got ${budget}\n`);
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
    // `cycle` is null whenever the sweeps did not repeat (docs/cli.md, solve); no other null may appear.
    const json = JSON.parse(result.stdout);
    expect(nulls.filter((key) => key !== "cycle")).toStrictEqual([]);
    expect(numbers.every(Number.isFinite)).toBe(true);
    return json;
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

  it("money the money unit cannot hold is refused with one line naming the field and value, exit 2, nothing printed (it printed MWPs of 1e308 and a revenue of null)", async () => {
    const refused = async (instance: object, line: string) => {
      const result = await runCommand(["solve", "-"], JSON.stringify(instance));
      expect([result.code, result.stderr, result.stdout]).toStrictEqual([2, `fairshare solve: ${line}\n`, ""]);
    };
    // Too large for the 2^53 − 1 millionths that are exact: the first amount read (values, then budgets) is named.
    const huge = { buyers: [{ id: "B1", budget: 1.7e308 }, { id: "B2", budget: 1.7e308 }], sellers: sellers(2), values: [[1.7e308, 1.7e308], [1.7e308, 1e308]] };
    await refused(huge, "values[0][0] is beyond 9007199254.740991, the 2^53 − 1 money units of 0.000001 that are exact (money decimals 6), got 1.7e+308");
    // Each amount fits, but a buyer's sums do not: 3e9 + 5e9 + 3e9 (budget, value, start price) is 1.1e16 millionths.
    const large = { buyers: [{ id: "B1", budget: 3e9 }], sellers: sellers(1), values: [[5e9]] };
    await refused(large, "buyers[0].budget with its values and the prices makes sums of 11000000000000000 money units of 0.000001, beyond the 9007199254740991 that are exact (use a larger unit: fewer money.decimals), got 3000000000");
    // Too small: not 0, but under half a millionth.
    const small = { buyers: [{ id: "B1", budget: 5 }], sellers: sellers(1), values: [[4e-7]] };
    await refused(small, "values[0][0] is not 0 but rounds to 0 money units of 0.000001 (money decimals 6), got 4e-7");
    // A unit that holds them gives the hand-worked answers, p* = min(V, B): units of 1 for the large, of 10^-9 for the small.
    expect((await solveJson({ ...large, money: { decimals: 0 } })).fairPrices).toStrictEqual({ S1: 3e9 });
    expect((await solveJson({ ...small, money: { decimals: 9 } })).fairPrices).toStrictEqual({ S1: 4e-7 });
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
