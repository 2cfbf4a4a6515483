import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fairsharePrices } from "../theory/algorithm1.js";
import { fractionalMwpMatrix, greedyPurchases } from "../theory/fractional.js";
import { fairPrice } from "../theory/fairPrice.js";
import { sellerColumn, type Market } from "../theory/market.js";
import { marketCases, marketOf } from "../theory/marketCase.js";
import { mwpMatrix } from "../theory/mwp.js";
import type { RunRecord } from "../experiments/records.js";
import { loadConfig } from "../experiments/config.js";
import { simulate } from "../experiments/algorithm2.js";
import { smallConfigs } from "./fixtures/smallConfigs.js";
import { runCommand } from "./runCommand.js";

/** The LP relaxation's best surplus the slow way: items sorted afresh, filled in whole, the last one in part. */
function lpBest(items: ReadonlyArray<{ value: number; price: number }>, beta: number): number {
  const useful = items.filter(({ value, price }) => value > price);
  useful.sort((a, b) => (b.value - b.price) / b.price - (a.value - a.price) / a.price);
  let left = beta;
  let total = 0;
  for (const { value, price } of useful) {
    const share = price === 0 ? 1 : Math.min(1, left / price);
    if (share <= 0) break;
    total += share * (value - price);
    left -= share * price;
  }
  return total;
}

/** The LP MWP by bisection on Φ̃(q) = V − q + K̃(B − q; −j) − K̃(B; −j), which falls strictly in q. */
function lpMwpByBisection(market: Market, prices: ReadonlyArray<number>, b: number, j: number): number {
  const others = market.values[b].map((value, k) => ({ value, price: prices[k] })).filter((_, k) => k !== j);
  const budget = market.buyers[b].budget;
  const value = market.values[b][j];
  const phi = (q: number) => value - q + lpBest(others, budget - q) - lpBest(others, budget);
  let lo = 0;
  let hi = Math.min(value, budget);
  if (phi(hi) >= 0) return hi;
  for (let step = 0; step < 200; step += 1) {
    const mid = (lo + hi) / 2;
    if (phi(mid) >= 0) lo = mid;
    else hi = mid;
  }
  return lo;
}

describe("fractionalMwpMatrix: the MWP of the knapsack's LP relaxation", () => {
  it("equals bisection on Φ̃ with the LP solved from scratch, to 1e-9 of the market's scale", () => {
    fc.assert(
      fc.property(marketCases({ maxBuyers: 3, maxSellers: 8 }), (c) => {
        const market = marketOf(c);
        const fast = fractionalMwpMatrix(market, c.prices);
        const scale = Math.max(1, ...c.budgets, ...market.values.flat());
        market.buyers.forEach((_, b) =>
          market.sellers.forEach((__, j) => expect(Math.abs(fast[b][j] - lpMwpByBisection(market, c.prices, b, j))).toBeLessThanOrEqual(1e-9 * scale)),
        );
      }),
      { seed: 5201, numRuns: 300 },
    );
  });

  it("is the exact MWP when the budget never binds (the LP and the knapsack agree)", () => {
    fc.assert(
      fc.property(marketCases({ maxBuyers: 3, maxSellers: 6 }), (c) => {
        const market = marketOf(c);
        const rich: Market = { ...market, buyers: market.buyers.map((buyer) => ({ ...buyer, budget: 1e6 })) };
        const exact = mwpMatrix(rich, c.prices);
        const fractional = fractionalMwpMatrix(rich, c.prices);
        exact.forEach((row, b) => row.forEach((x, j) => expect(fractional[b][j]).toBeCloseTo(x, 9)));
      }),
      { seed: 5202, numRuns: 200 },
    );
  });

  it("the LP relaxation over-values a bundle that does not fill the budget: MWP 0.5 in a market where the knapsack's is 0", () => {
    // Budget 2; the other seller costs 2 for surplus 2. The knapsack must drop it to make room, losing 2,
    // so V = 1 buys nothing; the LP drops only a share of it for any q > 0 and pays 1 dollar of surplus per dollar.
    const market: Market = { buyers: [{ id: "b", budget: 2 }], sellers: [{ id: "j", cost: 0 }, { id: "k", cost: 0 }], values: [[1, 4]] };
    expect(mwpMatrix(market, [0, 2])[0][0]).toBe(0);
    expect(fractionalMwpMatrix(market, [0, 2])[0][0]).toBeCloseTo(0.5, 12);
  });
});

describe("greedyPurchases: whole datasets in order of surplus per dollar while they fit", () => {
  it("buys within budget, never a dataset with V < p, and cannot add any unbought dataset with V ≥ p that still fits", () => {
    fc.assert(
      fc.property(marketCases({ maxBuyers: 3, maxSellers: 8 }), (c) => {
        const market = marketOf(c);
        greedyPurchases(market, c.prices).forEach((bundle, b) => {
          const spent = bundle.reduce((sum, j) => sum + c.prices[j], 0);
          expect(spent).toBeLessThanOrEqual(market.buyers[b].budget + 1e-9);
          bundle.forEach((j) => expect(market.values[b][j]).toBeGreaterThanOrEqual(c.prices[j]));
          market.sellers.forEach((_, j) => {
            if (!bundle.includes(j) && market.values[b][j] >= c.prices[j]) expect(spent + c.prices[j]).toBeGreaterThan(market.buyers[b].budget);
          });
        });
      }),
      { seed: 5203, numRuns: 300 },
    );
  });
});

describe("fairsharePrices with mwp: fractional", () => {
  it("a converged result is a fixed point: each price is fairPrice of its LP MWP column at the returned prices", () => {
    let converged = 0;
    fc.assert(
      fc.property(marketCases({ maxBuyers: 3, maxSellers: 6 }), (c) => {
        const market = marketOf(c);
        const result = fairsharePrices(market, { mwp: "fractional" });
        if (!result.converged) return;
        converged += 1;
        const columns = fractionalMwpMatrix(market, result.prices);
        const floor = Math.max(0, ...market.sellers.map((_, j) => Math.max(0, ...market.buyers.map((buyer, b) => Math.min(market.values[b][j], buyer.budget)))));
        result.prices.forEach((p, j) => {
          expect(Math.abs(fairPrice(sellerColumn(columns, j)) - p)).toBeLessThanOrEqual(1e-9 * Math.max(floor, Math.abs(p)));
        });
      }),
      { seed: 5204, numRuns: 200 },
    );
    expect(converged).toBeGreaterThan(100);
  });
});

describe("simulate --mwp fractional", () => {
  it("runs Algorithm 2 in the approximate mode: every buyer's purchases are greedyPurchases at the posted prices", async () => {
    const out = mkdtempSync(join(tmpdir(), "fairshare-fractional-"));
    const result = await runCommand(["simulate", "test/fixtures/sweep/market.json", "--mwp", "fractional", "--out", out]);
    expect(result.code, result.stderr).toBe(0);
    const run = JSON.parse(readFileSync(join(out, "records.json"), "utf8")) as RunRecord;
    expect(run.config.algorithm1.mwp).toBe("fractional");
    for (const group of run.groups) {
      for (const period of group.periods) {
        const market: Market = {
          buyers: run.config.buyers.map(({ id, budget }) => ({ id, budget })),
          sellers: period.sellers.map(({ id, cost }) => ({ id, cost })),
          values: run.config.buyers.map((_, b) => period.sellers.map((s) => s.values[b])),
        };
        const bought = greedyPurchases(market, period.sellers.map((s) => s.price));
        expect(period.buyers.map((buyer) => buyer.bought)).toEqual(bought.map((bundle) => bundle.map((j) => period.sellers[j].id)));
      }
    }
  });
});

describe("experiments/large/scale.json", () => {
  it("is the issue's market for the approximate mode: 10,000 sellers, 100 buyers, 100 periods, fractional MWPs, aggregate records", () => {
    const config = loadConfig("experiments/large/scale.json");
    expect(config.sellers.tiers.reduce((n, tier) => n + tier.count, 0)).toBe(10_000);
    expect(config.buyers).toHaveLength(100);
    expect(config.periods).toBe(100);
    expect(config.algorithm1.mwp).toBe("fractional");
    expect(config.records).toBe("aggregates");
  });
});

describe('records: "aggregates"', () => {
  it("keeps every period's and buyer's totals of the full run, and leaves out only the seller rows and purchase lists", () => {
    fc.assert(
      fc.property(smallConfigs({ entry: fc.constantFrom(0, 0.3) }), fc.integer({ min: 0, max: 1000 }), (config, seed) => {
        const full = simulate(config, seed);
        const aggregates = simulate({ ...config, records: "aggregates" }, seed);
        const strip = (run: RunRecord) =>
          run.groups.map((g) => ({ ...g, periods: g.periods.map((p) => ({ ...p, sellers: [], buyers: p.buyers.map((b) => ({ ...b, bought: [] })) })) }));
        expect(aggregates.groups).toEqual(strip(full));
        expect(aggregates.groups.every((g) => g.periods.every((p) => p.sellers.length === 0 && p.buyers.every((b) => b.bought.length === 0)))).toBe(true);
      }),
      { seed: 5205, numRuns: 40 },
    );
  });
});
