import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bestBundle } from "../theory/knapsack.js";
import type { Market } from "../theory/market.js";
import { marketCases, marketOf } from "../theory/marketCase.js";
import { purchases, sellerRevenue } from "../theory/purchases.js";

const market: Market = {
  buyers: [{ id: "a", budget: 4 }, { id: "b", budget: 10 }],
  sellers: [{ id: "s", cost: 0 }, { id: "t", cost: 0 }],
  values: [[5, 3], [4, 6]],
};

describe("purchases and sellerRevenue", () => {
  it("purchases(market, p)[b] is buyer b's bestBundle at p, and sellerRevenue sums p_j over the buyers of j", () => {
    fc.assert(
      fc.property(marketCases(), (c) => {
        const m = marketOf(c);
        const bought = purchases(m, c.prices);
        bought.forEach((bundle, b) => {
          expect(bundle).toStrictEqual(bestBundle(c.values[b].map((value, j) => ({ value, price: c.prices[j] })), c.budgets[b]).chosen);
        });
        const revenue = sellerRevenue(m, c.prices, bought);
        revenue.forEach((r, j) => expect(r).toBe(c.prices[j] * bought.filter((bundle) => bundle.includes(j)).length));
      }),
      { seed: 20250251, numRuns: 200 },
    );
  });

  it("worked example: at prices [3, 2], a (budget 4) buys {s} (surplus 2 beats t's 1, both cost 5), b buys both; s earns 6, t earns 2", () => {
    const bought = purchases(market, [3, 2]);
    expect(bought).toStrictEqual([[0], [0, 1]]);
    expect(sellerRevenue(market, [3, 2], bought)).toStrictEqual([6, 2]);
  });

  it("refuses a price list of the wrong length and a bought index that is no seller", () => {
    expect(() => purchases(market, [3])).toThrow(RangeError);
    expect(() => sellerRevenue(market, [3, 2], [[2]])).toThrow(RangeError);
  });
});
