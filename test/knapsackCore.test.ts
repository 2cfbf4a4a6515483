import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { benchMarket, benchPrices } from "../bench/markets.js";
import { bestBundle, bestBundleFrontier } from "../theory/knapsack.js";
import { bestBundleCore } from "../theory/knapsackCore.js";
import { bindingBudget, eighth, fine, half, itemsOf, nearDouble, sameAsFrontier, totalPrice } from "./fixtures/knapsackArbitraries.js";
import { bruteForce } from "./fixtures/knapsackOracles.js";

/**
 * The branch and bound (theory/knapsackCore.ts) against the frontier method it stands in for, which
 * stays callable as `bestBundleFrontier`: the same bundle, bit for bit (chosen list, surplus, value,
 * cost), under MODEL §2's tie rules, on inputs built for ties (amounts on coarse grids: halves,
 * eighths; free and zero-surplus items) and on random ones; and against brute force (small N) and
 * HiGHS's optimum (larger N). `bestBundle` is checked with the fallback in place, `bestBundleCore`
 * alone wherever it does not give up. The largest inputs are in test/slow/knapsackCoreLarge.test.ts.
 */

describe("bestBundleCore and bestBundle against brute force and the frontier method (N ≤ 12)", () => {
  it("on halves (ties down to the lexicographic rule): bestBundle = bestBundleFrontier = brute force, and bestBundleCore where it settles", () => {
    const settled = { core: 0, all: 0 };
    fc.assert(
      fc.property(itemsOf(half, 0, 12), fc.integer({ min: 0, max: 30 }), (items, budget) => {
        sameAsFrontier(items, budget, settled);
        expect(bestBundle(items, budget), JSON.stringify({ items, budget })).toStrictEqual(bruteForce(items, budget));
      }),
      { seed: 20260316, numRuns: 1500 },
    );
    // Most of these small inputs are settled by the branch and bound itself, ties and all.
    expect(settled.core / settled.all).toBeGreaterThan(0.9);
  });

  it("on eighths (many equal surpluses, zero-surplus and free items): the same", () => {
    const settled = { core: 0, all: 0 };
    fc.assert(
      fc.property(itemsOf(eighth, 0, 12), fc.integer({ min: 0, max: 400 }), (items, budget) => {
        sameAsFrontier(items, budget, settled);
        expect(bestBundle(items, budget), JSON.stringify({ items, budget })).toStrictEqual(bruteForce(items, budget));
      }),
      { seed: 20260317, numRuns: 1500 },
    );
    expect(settled.core / settled.all).toBeGreaterThan(0.9);
  });

  it("on ten-thousandths and near-double values with a binding budget: the same", () => {
    const settled = { core: 0, all: 0 };
    const item = fc.oneof(fc.record({ value: fine, price: fine }), nearDouble);
    fc.assert(
      fc.property(fc.array(item, { maxLength: 12 }), fc.integer({ min: 1, max: 60 }), (items, share) => {
        const budget = bindingBudget(items, share);
        sameAsFrontier(items, budget, settled);
        expect(bestBundle(items, budget), JSON.stringify({ items, budget })).toStrictEqual(bruteForce(items, budget));
      }),
      { seed: 20260318, numRuns: 1000 },
    );
    expect(settled.core).toBe(settled.all);
  });
});

describe("bestBundleCore and bestBundle against the frontier method and HiGHS (N up to 80)", () => {
  it("many ties at N = 13…60 (halves and eighths, binding budgets): bestBundle = bestBundleFrontier, bit for bit", () => {
    const settled = { core: 0, all: 0 };
    fc.assert(
      fc.property(fc.oneof(itemsOf(half, 13, 60), itemsOf(eighth, 13, 40)), fc.integer({ min: 1, max: 60 }), (items, share) => {
        sameAsFrontier(items, bindingBudget(items, share), settled);
      }),
      { seed: 20260319, numRuns: 500 },
    );
    // Ties and all, the branch and bound settles most of these itself (500 of 500 with this seed).
    expect(settled.core / settled.all).toBeGreaterThan(0.9);
  });

  it("every buyer of the bench market at N = 50 and 200 (bench/markets.ts, benchPrices): bestBundleCore settles it, equal to bestBundleFrontier", () => {
    for (const sellers of [50, 200]) {
      const market = benchMarket(sellers, 10);
      const prices = benchPrices(market);
      market.buyers.forEach((buyer, b) => {
        const items = market.values[b].map((value, j) => ({ value, price: prices[j] }));
        expect(bestBundleCore(items, buyer.budget)).toStrictEqual(bestBundleFrontier(items, buyer.budget));
      });
    }
  });
});

describe("bestBundleCore: where it gives up, and edge cases", () => {
  it("subset-sum-like input (V = 2p for all, so the LP bound is the budget and cuts nothing): bestBundleCore gives up; bestBundle falls back to the frontier and stays exact", () => {
    const prices = Array.from({ length: 40 }, (_, k) => 1_000_003 + ((k * 7_919_993) % 999_983));
    const items = prices.map((price) => ({ value: 2 * price, price }));
    const budget = Math.floor(totalPrice(items) / 2) + 1;
    expect(bestBundleCore(items, budget)).toBeNull();
    const bundle = bestBundle(items, budget);
    expect(bundle).toStrictEqual(bestBundleFrontier(items, budget));
    // The optimum is the largest subset sum within the budget: meet in the middle over the two halves,
    // exactly (HiGHS, within its feasibility tolerance, reports the budget itself, one unit more).
    const sums = (part: number[]) => Float64Array.from(part.reduce((all, p) => all.concat(all.map((x) => x + p)), [0])).sort();
    const low = sums(prices.slice(0, 20));
    const high = sums(prices.slice(20));
    let largest = 0;
    for (let i = 0, k = high.length - 1; i < low.length; i += 1) {
      while (k >= 0 && low[i] + high[k] > budget) k -= 1;
      if (k < 0) break;
      largest = Math.max(largest, low[i] + high[k]);
    }
    expect(bundle.surplus).toBe(largest);
    expect(largest).toBe(budget - 1);
  });

  it("30 zero-surplus items (V = p) and a budget that fits everything: bestBundleCore settles it (a tie must cost as much to win, so the 2^30 ways to leave some out are cut) and buys all", () => {
    const items = Array.from({ length: 40 }, (_, k) => ({ price: 100 + k, value: k < 30 ? 100 + k : 150 + 3 * k }));
    const budget = totalPrice(items);
    const bundle = bestBundleCore(items, budget);
    expect(bundle).not.toBeNull();
    expect(bundle).toStrictEqual(bestBundleFrontier(items, budget));
    expect(bundle!.chosen).toStrictEqual(items.map((_, k) => k));
  });

  it("free items are always bought, items with V < p or p > budget never, zero-surplus items when they fit (worked examples)", () => {
    expect(bestBundleCore([{ value: 0, price: 0 }, { value: 1, price: 2 }], 0)).toStrictEqual({ chosen: [0], surplus: 0, value: 0, cost: 0 });
    expect(bestBundleCore([{ value: 3, price: 3 }], 5)).toStrictEqual({ chosen: [0], surplus: 0, value: 3, cost: 3 });
    expect(bestBundleCore([{ value: 3, price: 3 }], 2)).toStrictEqual({ chosen: [], surplus: 0, value: 0, cost: 0 });
    expect(bestBundleCore([], 7)).toStrictEqual({ chosen: [], surplus: 0, value: 0, cost: 0 });
    // {1} and {0, 2}: surplus 2, value 6 each; [0, 2] < [1].
    expect(bestBundleCore([{ value: 3, price: 2 }, { value: 6, price: 4 }, { value: 3, price: 2 }], 4)!.chosen).toStrictEqual([0, 2]);
    expect(bestBundleCore([{ value: 5, price: 3 }, { value: 4, price: 2 }, { value: 1, price: 1 }], 4)).toStrictEqual({ chosen: [0, 2], surplus: 2, value: 6, cost: 4 });
  });

  it("an infinite budget and a negative one behave as bestBundleFrontier's", () => {
    const items = [{ value: 4, price: 1 }, { value: 1, price: 2 }, { value: 2, price: 2 }];
    expect(bestBundle(items, Number.POSITIVE_INFINITY)).toStrictEqual(bestBundleFrontier(items, Number.POSITIVE_INFINITY));
    expect(() => bestBundle(items, -1)).toThrow(RangeError);
    expect(() => bestBundleFrontier(items, -1)).toThrow(RangeError);
  });
});
