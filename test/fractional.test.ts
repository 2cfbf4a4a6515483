import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fairsharePrices } from "../theory/algorithm1.js";
import { fractionalMwpMatrix, greedyPurchases } from "../theory/fractional.js";
import { fairPrice } from "../theory/fairPrice.js";
import { sellerColumn, type Market } from "../theory/market.js";
import { marketCases, marketOf, unitPrices } from "../theory/marketCase.js";
import { fromUnits, toUnits } from "../theory/money.js";
import { mwpMatrix } from "../theory/mwp.js";
import type { RunRecord } from "../experiments/records.js";
import { loadConfig } from "../experiments/config.js";
import { simulate } from "../experiments/algorithm2.js";
import { smallConfigs } from "./fixtures/smallConfigs.js";
import { Rational } from "./reference/exactMarket.js";
import { runCommand } from "./runCommand.js";

type Item = { value: number; price: number };
const exact = (units: number) => Rational.of(BigInt(units));

/**
 * The LP relaxation's best surplus `K̃(β)` the slow way and exactly (BigInt fractions,
 * test/reference/exactMarket.ts): items with V > p sorted afresh by surplus per unit of price (free ones
 * first), ratios compared by cross-multiplying, filled in whole while they fit, the next one in part.
 */
function lpBestExact(items: ReadonlyArray<Item>, beta: Rational): Rational {
  const useful = items.filter(({ value, price }) => value > price);
  useful.sort((a, b) => {
    if (a.price === 0 || b.price === 0) return (a.price === 0 ? 0 : 1) - (b.price === 0 ? 0 : 1);
    const left = BigInt(b.value - b.price) * BigInt(a.price);
    const right = BigInt(a.value - a.price) * BigInt(b.price);
    return left < right ? -1 : left > right ? 1 : 0;
  });
  let left = beta;
  let total = Rational.ZERO;
  for (const { value, price } of useful) {
    if (left.compare(exact(price)) >= 0) {
      total = total.add(exact(value - price));
      left = left.sub(exact(price));
    } else {
      total = total.add(left.mul(Rational.of(BigInt(value - price), BigInt(price))));
      break;
    }
  }
  return total;
}

/**
 * The LP MWP rounded down to whole units, exactly: the largest whole q ∈ [0, min(V, B)] with
 * Φ̃(q) = V − q + K̃(B − q; −j) − K̃(B; −j) ≥ 0, by bisection over the integers (Φ̃ falls strictly in q,
 * and Φ̃(0) = V ≥ 0), every Φ̃ an exact fraction.
 */
function lpMwpExact(market: Market, prices: ReadonlyArray<number>, b: number, j: number): number {
  const others = market.values[b].map((value, k) => ({ value, price: prices[k] })).filter((_, k) => k !== j);
  const budget = market.buyers[b].budget;
  const value = market.values[b][j];
  const without = lpBestExact(others, exact(budget));
  const phi = (q: number) => exact(value - q).add(lpBestExact(others, exact(budget - q))).sub(without);
  let good = 0;
  let bad = Math.min(value, budget) + 1;
  while (bad - good > 1) {
    const mid = Math.floor((good + bad) / 2);
    if (phi(mid).compare(Rational.ZERO) >= 0) good = mid;
    else bad = mid;
  }
  return good;
}

describe("fractionalMwpMatrix: the MWP of the knapsack's LP relaxation, in whole money units", () => {
  it("equals the exact LP MWP rounded down to whole units (exact rational bisection on Φ̃ with the LP solved from scratch)", () => {
    // The kernel finds the root in floats and then rounds down, taking a float root a few ε below a
    // whole unit as that unit; on these 2316 MWPs the float root and the exact one never straddle a unit.
    fc.assert(
      fc.property(marketCases({ maxBuyers: 3, maxSellers: 8 }), (c) => {
        const market = marketOf(c);
        const prices = unitPrices(c);
        const fast = fractionalMwpMatrix(market, prices);
        market.buyers.forEach((_, b) =>
          market.sellers.forEach((__, j) => expect(fast[b][j], `buyer ${b}, seller ${j} of ${JSON.stringify(c)}`).toBe(lpMwpExact(market, prices, b, j))),
        );
      }),
      { seed: 5201, numRuns: 300 },
    );
  });

  it("is the exact MWP when the budget never binds (the LP and the knapsack agree, to the unit)", () => {
    fc.assert(
      fc.property(marketCases({ maxBuyers: 3, maxSellers: 6 }), (c) => {
        const market = marketOf(c);
        const prices = unitPrices(c);
        const rich: Market = { ...market, buyers: market.buyers.map((buyer) => ({ ...buyer, budget: toUnits(1e6) })) };
        expect(fractionalMwpMatrix(rich, prices)).toEqual(mwpMatrix(rich, prices));
      }),
      { seed: 5202, numRuns: 200 },
    );
  });

  it("the LP relaxation over-values a bundle that does not fill the budget: MWP 0.5 in a market where the knapsack's is 0", () => {
    // Budget 2; the other seller costs 2 for surplus 2. The knapsack must drop it to make room, losing 2,
    // so V = 1 buys nothing; the LP drops only a share of it for any q > 0 and pays 1 dollar of surplus per dollar.
    const market: Market = {
      buyers: [{ id: "b", budget: toUnits(2) }],
      sellers: [{ id: "j", cost: 0 }, { id: "k", cost: 0 }],
      values: [[toUnits(1), toUnits(4)]],
    };
    const prices = [0, toUnits(2)];
    expect(mwpMatrix(market, prices)[0][0]).toBe(0);
    expect(fromUnits(fractionalMwpMatrix(market, prices)[0][0])).toBe(0.5);
  });

  it("the LP MWP is rounded down to whole units, not to the nearest: 3V/5 = 0.6 of the currency is 6 in tenths and 0 in whole currency units", () => {
    // Budget 3; the other seller costs 3 for surplus 2, so K̃(3 − q; −j) = 2 − 2q/3 and Φ̃(q) = V − 5q/3:
    // the LP MWP is 3V/5, with V = 1 the value of j. The knapsack's is 0 (k must go whole).
    const inUnitsOf = (scale: number): Market => ({
      buyers: [{ id: "b", budget: 3 * scale }],
      sellers: [{ id: "j", cost: 0 }, { id: "k", cost: 0 }],
      values: [[1 * scale, 5 * scale]],
    });
    expect(fractionalMwpMatrix(inUnitsOf(10), [0, 30])[0][0]).toBe(6);
    expect(fractionalMwpMatrix(inUnitsOf(1), [0, 3])[0][0]).toBe(0);
    expect(fractionalMwpMatrix(inUnitsOf(10 ** 6), [0, 3 * 10 ** 6])[0][0]).toBe(600_000);
  });

  it("regression: an LP MWP that is a whole number of units is not rounded down past it (the float root falls a hair below on a budget-sized scale)", () => {
    // Found by checking against lpMwpExact on roots built to be whole: the allowance was relative to
    // min(V, B) while the float root B − β carries an error relative to the budget and surpluses.
    const cases: Array<{ budget: number; values: number[]; prices: number[] }> = [
      { budget: 113416693, values: [4, 1779884828], prices: [0, 444971207] },
      { budget: 521455258, values: [1161850, 2744501360], prices: [0, 548900272] },
    ];
    for (const { budget, values, prices } of cases) {
      const market: Market = { buyers: [{ id: "b", budget }], sellers: [{ id: "j", cost: 0 }, { id: "k", cost: 0 }], values: [values] };
      expect(fractionalMwpMatrix(market, prices)[0][0]).toBe(lpMwpExact(market, prices, 0, 0));
    }
    expect(lpMwpExact({ buyers: [{ id: "b", budget: 113416693 }], sellers: [{ id: "j", cost: 0 }, { id: "k", cost: 0 }], values: [[4, 1779884828]] }, [0, 444971207], 0, 0)).toBe(1);
  });

  it("refuses amounts that are not whole money units (MODEL §2), pointing to toUnits", () => {
    const market: Market = { buyers: [{ id: "b", budget: 3 }], sellers: [{ id: "j", cost: 0 }, { id: "k", cost: 0 }], values: [[1, 5]] };
    expect(() => fractionalMwpMatrix(market, [0, 0.3])).toThrow(/item 1's price must be a whole number ≥ 0 of money units .*toUnits.*got 0\.3/);
    expect(() => fractionalMwpMatrix({ ...market, values: [[0.1, 5]] }, [0, 3])).toThrow(/item 0's value must be a whole number/);
    expect(() => greedyPurchases({ ...market, buyers: [{ id: "b", budget: 2.5 }] }, [0, 3])).toThrow(/budget must be a whole number of money units .*got 2\.5/);
    expect(() => greedyPurchases(market, [0.5, 3])).toThrow(/item 0's price must be a whole number/);
  });
});

describe("greedyPurchases: whole datasets in order of surplus per dollar while they fit", () => {
  it("buys within budget, never a dataset with V < p, and cannot add any unbought dataset with V ≥ p that still fits (exact sums of units)", () => {
    fc.assert(
      fc.property(marketCases({ maxBuyers: 3, maxSellers: 8 }), (c) => {
        const market = marketOf(c);
        const prices = unitPrices(c);
        greedyPurchases(market, prices).forEach((bundle, b) => {
          const spent = bundle.reduce((sum, j) => sum + prices[j], 0);
          expect(spent).toBeLessThanOrEqual(market.buyers[b].budget);
          bundle.forEach((j) => expect(market.values[b][j]).toBeGreaterThanOrEqual(prices[j]));
          market.sellers.forEach((_, j) => {
            if (!bundle.includes(j) && market.values[b][j] >= prices[j]) expect(spent + prices[j]).toBeGreaterThan(market.buyers[b].budget);
          });
        });
      }),
      { seed: 5203, numRuns: 300 },
    );
  });

  it("worked example, in whole units: at prices [3, 2] with budget 4, s (2/3 of surplus a unit) is taken, and then t no longer fits", () => {
    const market: Market = { buyers: [{ id: "b", budget: 4 }], sellers: [{ id: "s", cost: 0 }, { id: "t", cost: 0 }], values: [[5, 3]] };
    expect(greedyPurchases(market, [3, 2])).toStrictEqual([[0]]);
  });
});

describe("fairsharePrices with mwp: fractional", () => {
  it("a converged result is an exact fixed point: each price is fairPrice of its LP MWP column at the returned prices, to the unit", () => {
    // The default tolerance 1e-9 times the largest start price (at most 10^8 units here) is under a unit:
    // a settled price is an unchanged one.
    let converged = 0;
    fc.assert(
      fc.property(marketCases({ maxBuyers: 3, maxSellers: 6 }), (c) => {
        const market = marketOf(c);
        const result = fairsharePrices(market, { mwp: "fractional" });
        if (!result.converged) return;
        converged += 1;
        const columns = fractionalMwpMatrix(market, result.prices);
        expect(result.mwp).toStrictEqual(columns);
        result.prices.forEach((p, j) => expect(fairPrice(sellerColumn(columns, j)), JSON.stringify(c)).toBe(p));
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
    // The records hold decimals; the market ran in units of 10^−decimals, which toUnits recovers exactly.
    const units = (amount: number) => toUnits(amount, run.config.money.decimals);
    for (const group of run.groups) {
      for (const period of group.periods) {
        const market: Market = {
          buyers: run.config.buyers.map(({ id, budget }) => ({ id, budget: units(budget) })),
          sellers: period.sellers.map(({ id, cost }) => ({ id, cost: units(cost) })),
          values: run.config.buyers.map((_, b) => period.sellers.map((s) => units(s.values[b]))),
        };
        const bought = greedyPurchases(market, period.sellers.map((s) => units(s.price)));
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
