import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bestBundle } from "../theory/knapsack.js";
import type { Market } from "../theory/market.js";
import { type MarketCase, marketCases, marketOf, unitPrices } from "../theory/marketCase.js";
import { purchases, sellerRevenue } from "../theory/purchases.js";
import { purchasesExact, Rational, type Market as DecimalMarket } from "./reference/exactMarket.js";

/** The case's market in decimals, as the exact rational reference takes it. */
const decimalMarket = (c: MarketCase): DecimalMarket => ({
  buyers: c.budgets.map((budget, b) => ({ id: `b${b}`, budget })),
  sellers: c.prices.map((_, j) => ({ id: `s${j}`, cost: 0 })),
  values: c.values,
});

const market: Market = {
  buyers: [{ id: "a", budget: 4 }, { id: "b", budget: 10 }],
  sellers: [{ id: "s", cost: 0 }, { id: "t", cost: 0 }],
  values: [[5, 3], [4, 6]],
};

describe("purchases and sellerRevenue", () => {
  it("purchases(market, p)[b] is buyer b's bestBundle at p and the exact rational brute force's bundle, and sellerRevenue sums p_j over the buyers of j exactly", () => {
    fc.assert(
      fc.property(marketCases(), (c) => {
        const m = marketOf(c);
        const prices = unitPrices(c);
        const bought = purchases(m, prices);
        bought.forEach((bundle, b) => {
          expect(bundle).toStrictEqual(bestBundle(m.values[b].map((value, j) => ({ value, price: prices[j] })), m.buyers[b].budget).chosen);
        });
        // test/reference/exactMarket.ts: BigInt fractions of the case's decimals, every subset.
        expect(bought, JSON.stringify(c)).toStrictEqual(purchasesExact(decimalMarket(c), c.prices.map(Rational.fromNumber)));
        const revenue = sellerRevenue(m, prices, bought);
        revenue.forEach((r, j) => expect(r).toBe(prices[j] * bought.filter((bundle) => bundle.includes(j)).length));
      }),
      { seed: 20250251, numRuns: 200 },
    );
  });

  it("worked example, in whole units: at prices [3, 2], a (budget 4) buys {s} (surplus 2 beats t's 1, both cost 5), b buys both; s earns 6, t earns 2", () => {
    const bought = purchases(market, [3, 2]);
    expect(bought).toStrictEqual([[0], [0, 1]]);
    expect(sellerRevenue(market, [3, 2], bought)).toStrictEqual([6, 2]);
  });

  it("refuses a price list of the wrong length and a bought index that is no seller", () => {
    expect(() => purchases(market, [3])).toThrow(RangeError);
    expect(() => sellerRevenue(market, [3, 2], [[2]])).toThrow(RangeError);
  });

  it("purchases refuses a price, budget or value that is not a whole number of money units (MODEL §2), pointing to toUnits", () => {
    expect(() => purchases(market, [3, 2.5])).toThrow(/item 1's price must be a whole number ≥ 0 of money units .*toUnits.*got 2\.5/);
    expect(() => purchases({ ...market, buyers: [{ id: "a", budget: 4.5 }, { id: "b", budget: 10 }] }, [3, 2])).toThrow(/buyer 0 \(a\)'s budget must be a whole number/);
    expect(() => purchases({ ...market, values: [[5, 3], [4, 0.6]] }, [3, 2])).toThrow(/item 1's value must be a whole number/);
  });
});
