/**
 * The branch and bound's largest inputs (slow: `npm run test:slow`): random and near-double items up to
 * N = 80 against the frontier method and HiGHS, and the bench market at N = 2000.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { benchMarket, benchPrices } from "../../bench/markets.js";
import { bestBundle, bestBundleFrontier } from "../../theory/knapsack.js";
import { bestBundleCore } from "../../theory/knapsackCore.js";
import { bindingBudget, fine, nearDouble, sameAsFrontier } from "../fixtures/knapsackArbitraries.js";
import { highsSurplus } from "../fixtures/knapsackOracles.js";

describe("bestBundleCore and bestBundle on large inputs", () => {
  it("random and near-double items at N = 13…80: bestBundle = bestBundleFrontier bit for bit, and its surplus is HiGHS's optimum rounded to whole units", () => {
    const settled = { core: 0, all: 0 };
    const item = fc.oneof(fc.record({ value: fine, price: fine }), nearDouble);
    fc.assert(
      fc.property(fc.array(item, { minLength: 13, maxLength: 80 }), fc.integer({ min: 1, max: 60 }), fc.boolean(), (items, share, withHighs) => {
        const budget = bindingBudget(items, share);
        sameAsFrontier(items, budget, settled);
        if (withHighs) expect(Math.round(highsSurplus(items, budget)), JSON.stringify({ items, budget })).toBe(bestBundle(items, budget).surplus);
      }),
      { seed: 20260320, numRuns: 500 },
    );
    expect(settled.core / settled.all).toBeGreaterThan(0.95);
  });

  it("a long input (the bench market at N = 2000, the lowest budget; no recursion): bestBundleCore settles it, equal to bestBundleFrontier", () => {
    const market = benchMarket(2000, 3);
    const prices = benchPrices(market);
    const items = market.values[0].map((value, j) => ({ value, price: prices[j] }));
    const bundle = bestBundleCore(items, market.buyers[0].budget);
    expect(bundle).not.toBeNull();
    expect(bundle).toStrictEqual(bestBundleFrontier(items, market.buyers[0].budget));
  });

});
