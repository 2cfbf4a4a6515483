import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bestBundle } from "../theory/knapsack.js";
import type { Market } from "../theory/market.js";
import { type MarketCase, marketCases, marketOf, unitPrices } from "../theory/marketCase.js";
import { fromUnits, toUnits } from "../theory/money.js";
import { marginalWillingnessToPay, mwpColumn, mwpMatrix, otherItems } from "../theory/mwp.js";
import { mwpByBisection } from "../theory/mwpOracle.js";

/** The MWP of case c's seller for buyer b, in money units (the case's market and prices through `marketOf`, `unitPrices`). */
const mwpOf = (c: MarketCase, b: number) => marginalWillingnessToPay(marketOf(c), unitPrices(c), b, c.seller);

/**
 * Brute force over all subsets of buyer b's items at `prices`, in money units (so every sum is exact):
 * the best surplus of an affordable bundle containing `seller`, and of one without it.
 */
function bestWithAndWithout(values: ReadonlyArray<number>, prices: ReadonlyArray<number>, budget: number, seller: number) {
  let withSeller = Number.NEGATIVE_INFINITY;
  let without = Number.NEGATIVE_INFINITY;
  for (let mask = 0; mask < 2 ** values.length; mask += 1) {
    let cost = 0;
    let surplus = 0;
    values.forEach((v, k) => {
      if ((mask >> k) & 1) {
        cost += prices[k];
        surplus += v - prices[k];
      }
    });
    if (cost > budget) continue;
    if ((mask >> seller) & 1) withSeller = Math.max(withSeller, surplus);
    else without = Math.max(without, surplus);
  }
  return { withSeller, without };
}

/** Quarters up to 100, in units of 10^−6. */
const money100 = fc.integer({ min: 0, max: 400 }).map((k) => toUnits(k / 4));

const withPrice = (prices: ReadonlyArray<number>, seller: number, price: number) => prices.map((p, k) => (k === seller ? price : p));

describe("marginalWillingnessToPay against independent oracles (money in units, so exactly)", () => {
  it("mwp(b, j) equals bisection over whole units on Φ with a brute-force K, exactly", () => {
    fc.assert(
      fc.property(marketCases(), (c) => {
        const market = marketOf(c);
        const prices = unitPrices(c);
        market.buyers.forEach(({ budget }, b) => {
          const oracle = mwpByBisection(otherItems(market, prices, b, c.seller), market.values[b][c.seller], budget);
          expect(mwpOf(c, b), `buyer ${b} of ${JSON.stringify(c)}`).toBe(oracle);
        });
      }),
      { seed: 20250211, numRuns: 600 },
    );
  });

  it("at q = mwp(b, j) a best bundle contains j (Φ(q) ≥ 0: with j at least as good as without, exactly), and at q = mwp + 1 unit every bundle with j is strictly worse", () => {
    fc.assert(
      fc.property(marketCases(), (c) => {
        const market = marketOf(c);
        const prices = unitPrices(c);
        market.buyers.forEach(({ budget }, b) => {
          const m = mwpOf(c, b);
          const at = bestWithAndWithout(market.values[b], withPrice(prices, c.seller, m), budget, c.seller);
          const label = `buyer ${b}, mwp ${m}, ${JSON.stringify(c)}`;
          expect(at.withSeller, label).toBeGreaterThanOrEqual(at.without);
          const past = bestWithAndWithout(market.values[b], withPrice(prices, c.seller, m + 1), budget, c.seller);
          expect(past.withSeller, label).toBeLessThan(past.without);
        });
      }),
      { seed: 20250212, numRuns: 600 },
    );
  });

  it("mwp(b, j) is a whole number of units in [0, min(V_bj, B_b)] and ignores seller j's own price", () => {
    fc.assert(
      fc.property(marketCases(), money100, (c, ownPrice) => {
        const market = marketOf(c);
        market.buyers.forEach(({ budget }, b) => {
          const m = mwpOf(c, b);
          expect(Number.isSafeInteger(m)).toBe(true);
          expect(m).toBeGreaterThanOrEqual(0);
          expect(m).toBeLessThanOrEqual(Math.min(market.values[b][c.seller], budget));
          expect(marginalWillingnessToPay(market, withPrice(unitPrices(c), c.seller, ownPrice), b, c.seller)).toBe(m);
        });
      }),
      { seed: 20250213, numRuns: 400 },
    );
  });

  it("with a slack budget (B ≥ V_bj + Σ_{k≠j} p_k, equality included) mwp(b, j) is exactly V_bj, and bestBundle buys j at that price", () => {
    fc.assert(
      fc.property(marketCases(), fc.integer({ min: 0, max: 100 }), (c, extra) => {
        const market = marketOf(c);
        const prices = unitPrices(c);
        const others = prices.reduce((sum, p, k) => (k === c.seller ? sum : sum + p), 0);
        // extra = 0: the budget is exactly V_bj + Σ_{k≠j} p_k, so buying everything exhausts it to the unit.
        const slack: Market = { ...market, buyers: market.buyers.map((buyer, b) => ({ ...buyer, budget: market.values[b][c.seller] + others + toUnits(extra) })) };
        slack.buyers.forEach(({ budget }, b) => {
          const v = market.values[b][c.seller];
          expect(marginalWillingnessToPay(slack, prices, b, c.seller)).toBe(v);
          const items = market.values[b].map((value, k) => ({ value, price: k === c.seller ? v : prices[k] }));
          expect(bestBundle(items, budget).chosen).toContain(c.seller);
        });
      }),
      { seed: 20250214, numRuns: 300 },
    );
  });
});

/** Buyer 0 with budget B; sellers listed as [value, price] pairs; seller 0 is j. */
function oneBuyer(budget: number, sellers: Array<[number, number]>): { market: Market; prices: number[] } {
  return {
    market: {
      buyers: [{ id: "b", budget }],
      sellers: sellers.map((_, k) => ({ id: `s${k}`, cost: 0 })),
      values: [sellers.map(([v]) => v)],
    },
    prices: sellers.map(([, p]) => p),
  };
}

describe("marginalWillingnessToPay: worked examples (derived by hand from MODEL §2)", () => {
  it("mwpColumn(market, prices, j) lists every buyer's MWP for j: min(V, B) for a lone seller", () => {
    // With no other seller K(β; −j) = 0, so Φ(q) = V − q and MWP = min(V, B): min(5, 3) = 3, min(4, 9) = 4.
    const market: Market = { buyers: [{ id: "a", budget: 3 }, { id: "b", budget: 9 }], sellers: [{ id: "s", cost: 0 }], values: [[5], [4]] };
    expect(mwpColumn(market, [0], 0)).toEqual([3, 4]);
    expect(mwpColumn({ ...market, buyers: [], values: [] }, [0], 0)).toEqual([]);
  });

  it("budget-binding, one seller: B = 3 < V = 5 gives mwp = 3, and at price 3 the buyer buys it (surplus 2)", () => {
    const { market } = oneBuyer(3, [[5, 0]]);
    expect(marginalWillingnessToPay(market, [0], 0, 0)).toBe(3);
    expect(bestBundle([{ value: 5, price: 3 }], 3).chosen).toStrictEqual([0]);
  });

  it("budget-binding with a rival: B = 10, j (V 8), k (V 6, p 4): mwp_j = 6 (room left beside k), bought at 6", () => {
    // K(10; −j) = 2 by {k}. S' = {k}: min(10 − 4, 8 + 2 − 2) = 6; S' = {}: min(10, 8 − 2) = 6. So 6.
    const { market, prices } = oneBuyer(10, [[8, 0], [6, 4]]);
    expect(marginalWillingnessToPay(market, prices, 0, 0)).toBe(6);
    expect(bestBundle([{ value: 8, price: 6 }, { value: 6, price: 4 }], 10).chosen).toStrictEqual([0, 1]);
  });

  it("V_bj = 0 gives mwp 0; mwpMatrix lists buyers × sellers", () => {
    const market: Market = {
      buyers: [{ id: "a", budget: 4 }, { id: "b", budget: 100 }],
      sellers: [{ id: "s", cost: 0 }, { id: "t", cost: 0 }],
      values: [[0, 6], [3, 5]],
    };
    // Buyer a: V = 0 for s; for t, K(4; −t) = 0 (s is worth 0 at price 1), so min(4, 6) = 4. Buyer b: slack budget, V.
    expect(mwpMatrix(market, [1, 2])).toStrictEqual([[0, 4], [3, 5]]);
  });

  it("regression (MODEL §2 inconsistency), in tenths: at its own MWP of 10, seller j is not bought — {k} ties {j, l} at surplus 20 and wins on value", () => {
    // Input from the lead's analysis (MODEL's Finding), in tenths: B = 100; j: V = 20; k: V = 115, p = 95; l: V = 20, p = 10.
    // K(100; −j) = 20 by {k}. S' = {l}: min(100 − 10, 20 + 10 − 20) = 10; S' = {k}: min(5, 20) = 5; S' = {}: 0. So MWP_j = 10.
    // At p_j = 10: {j, l} costs 20 with surplus 10 + 10 = 20 and value 40; {k} costs 95 with surplus 20 and
    // value 115; {j, k} costs 105 > 100. The tie rule "larger total value" picks {k}: Φ_j(10) = 0 says j
    // is bought, the tie rule says it is not. Reported to the lead; the code follows MODEL's tie rule.
    const { market, prices } = oneBuyer(100, [[20, 0], [115, 95], [20, 10]]);
    expect(marginalWillingnessToPay(market, prices, 0, 0)).toBe(10);
    const atMwp = [{ value: 20, price: 10 }, { value: 115, price: 95 }, { value: 20, price: 10 }];
    expect(bestBundle(atMwp, 100)).toStrictEqual({ chosen: [1], surplus: 20, value: 115, cost: 95 });
    expect(bestWithAndWithout([20, 115, 20], [10, 95, 10], 100, 0)).toStrictEqual({ withSeller: 20, without: 20 });
    // The bisection oracle agrees that the MWP is 10, exactly: the inconsistency is in the tie rule, not the number.
    expect(mwpByBisection(otherItems(market, prices, 0, 0), 20, 100)).toBe(10);
  });

  it("where the budget binds, S' ∪ {j} exhausts the budget exactly at j's MWP and bestBundle buys it: MWP_0 = 43.5 − (23.1914 + 0.0016) = 20.307 (the float-era regression market, in units)", () => {
    // Found by the tie property when money was floats: without j the best is {1, 3} (cost 23.193, surplus
    // 54.8086 + 53.176 = 107.9846), so MWP_0 = min(43.5 − 23.193, 31.781 + 107.9846 − 107.9846) = 20.307.
    // In floats {0, 1, 3} at that price, summed in index order, cost one ulp over 43.5, and the float code
    // needed an affordability step to buy it; in units the sum is the budget to the unit.
    expect(20.307 + 23.1914 + 0.0016 > 43.5).toBe(true);
    const sellers: Array<[number, number]> = [[31.781, 7.1978], [78, 23.1914], [95.386, 56.133], [53.1776, 0.0016], [25.4102, 79.4981], [30, 85.5]];
    const { market, prices } = oneBuyer(toUnits(43.5), sellers.map(([v, p]) => [toUnits(v), toUnits(p)]));
    const m = marginalWillingnessToPay(market, prices, 0, 0);
    expect(fromUnits(m)).toBe(20.307);
    expect(m + prices[1] + prices[3]).toBe(market.buyers[0].budget);
    const items = market.values[0].map((value, k) => ({ value, price: k === 0 ? m : prices[k] }));
    // Surplus 11.474 + 107.9846 = 119.4586, value 31.781 + 78 + 53.1776 = 162.9586, cost the whole 43.5.
    expect(bestBundle(items, market.buyers[0].budget)).toStrictEqual({ chosen: [0, 1, 3], surplus: toUnits(119.4586), value: toUnits(162.9586), cost: toUnits(43.5) });
    // One unit more and {0, 1, 3} no longer fits: j is not in the best bundle.
    expect(bestBundle(items.map((item, k) => (k === 0 ? { ...item, price: m + 1 } : item)), market.buyers[0].budget).chosen).not.toContain(0);
  });

  it("mwpMatrix does not modify its (frozen) input", () => {
    const market: Market = Object.freeze({
      buyers: Object.freeze([Object.freeze({ id: "b", budget: 3 })]),
      sellers: Object.freeze([Object.freeze({ id: "s", cost: 0 })]),
      values: Object.freeze([Object.freeze([5])]),
    });
    expect(mwpMatrix(market, Object.freeze([1]))).toStrictEqual([[3]]);
  });

  it("refuses a negative price or value", () => {
    const { market } = oneBuyer(3, [[5, 0], [2, 0]]);
    expect(() => marginalWillingnessToPay(market, [0, -1], 0, 0)).toThrow(RangeError);
  });
});

describe("marginalWillingnessToPay and mwpByBisection refuse amounts that are not whole money units (MODEL §2)", () => {
  it("another seller's fractional price or value, or a fractional budget, is refused with a RangeError pointing to toUnits", () => {
    // mwpMatrix's refusals are in test/exactMoney.test.ts; the single-cell path validates on its own.
    const { market } = oneBuyer(100, [[20, 0], [115, 95], [20, 10]]);
    expect(() => marginalWillingnessToPay(market, [0, 9.5, 10], 0, 0)).toThrow(/price must be a whole number ≥ 0 of money units .*toUnits.*got 9\.5/);
    expect(() => marginalWillingnessToPay({ ...market, values: [[20, 11.5, 20]] }, [0, 95, 10], 0, 0)).toThrow(/value must be a whole number ≥ 0 of money units .*got 11\.5/);
    expect(() => mwpColumn({ ...market, buyers: [{ id: "b", budget: 10.5 }] }, [0, 95, 10], 0)).toThrow(/budget must be a whole number of money units .*got 10\.5/);
    expect(() => mwpByBisection([{ value: 115, price: 95 }], 20, 10.5)).toThrow(/budget must be whole money units ≥ 0, got 10\.5/);
  });
});
