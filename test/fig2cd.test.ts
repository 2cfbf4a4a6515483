import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fig2cdData, fig2cdFigures, fig2cdSpec } from "../experiments/figures/fig2cd.js";
import { fairsharePrices } from "../theory/algorithm1.js";
import { marketInUnits, type Market } from "../theory/market.js";
import { marketCases, marketOf } from "../theory/marketCase.js";
import { compileWarnings, encodedFields, fieldsMissingFromData } from "./specFields.js";

/**
 * A hand-worked market (MODEL §2–3), prices p = (3, 2):
 * - B1 has a slack budget (100), so its MWPs are its values: 5 for S1, 1 for S2.
 * - B2 (budget 5) for S1: the other item is S2 (value 5, price 2, surplus 3), K(5; −S1) = 3. Buying S1 at
 *   q keeps S2 while 5 − q ≥ 2, Φ = 4 − q ≥ 0, so up to q = 3; above 3 S2 no longer fits and
 *   Φ = 4 − q − 3 < 0. MWP = 3 (the budget binds).
 * - B2 for S2: the other item is S1 (value 4, price 3, surplus 1), K(5; −S2) = 1. For q ≤ 2 both fit,
 *   Φ = 5 − q ≥ 0; for q > 2 S1 is dropped, Φ = 5 − q + 0 − 1 ≥ 0 up to q = 4. MWP = 4.
 * So S1 faces m = (5, 3): revenues 1·5 = 5 and 2·3 = 6, p* = 3, profit 6 − c = 5 (c = 1).
 * S2 faces m = (1, 4): revenues 1·4 = 4 and 2·1 = 2, p* = 4, profit 4 − 0.5 = 3.5.
 * The market is held in whole money units of a tenth (MODEL §2), `TENTHS` decimals; the data comes back
 * in the currency.
 */
const TENTHS = 1;
const inTenths = (m: Market): Market => marketInUnits(m, TENTHS);
const market: Market = Object.freeze(
  inTenths({
    buyers: [{ id: "B1", budget: 100 }, { id: "B2", budget: 5 }],
    sellers: [{ id: "S1", cost: 1 }, { id: "S2", cost: 0.5 }],
    values: [[5, 1], [4, 5]],
  }),
);
const prices = Object.freeze([30, 20]);
const data = (m: Market, p: ReadonlyArray<number>, seller: number) => fig2cdData(m, p, seller, TENTHS);

/** S1's profit by hand: 2q − 1 up to 3 (both buy), q − 1 up to 5 (B1 alone), −1 above. */
const profitS1 = (q: number): number => (q <= 3 ? 2 * q - 1 : q <= 5 ? q - 1 : -1);
/** S2's profit by hand: 2q − 0.5 up to 1, q − 0.5 up to 4 (B2 alone), −0.5 above. */
const profitS2 = (q: number): number => (q <= 1 ? 2 * q - 0.5 : q <= 4 ? q - 0.5 : -0.5);

/** The smallest double above x > 0. */
function nextUp(x: number): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  view.setBigUint64(0, view.getBigUint64(0) + 1n);
  return view.getFloat64(0);
}

describe("fig2cdData: a hand-worked 2-buyer market (MWPs and p* derived above)", () => {
  it("S1 faces MWPs B1 5, B2 3, and p* = 3 with profit 5", () => {
    const s1 = data(market, prices, 0);
    expect(s1.seller).toBe("S1");
    expect(s1.mwps).toEqual([
      { buyer: "B1", mwp: 5, level: 0 },
      { buyer: "B2", mwp: 3, level: 0 },
    ]);
    expect(s1.fairPrice).toEqual([{ price: 3, profit: 5, label: "p* = 3.00" }]);
    expect(s1.domain).toEqual([0, 1.15 * 5]);
  });

  it("S1's profit at every sampled price is the hand-derived step function, exactly", () => {
    const { curve } = data(market, prices, 0);
    for (const row of curve) expect(row.profit, `q = ${row.price}`).toBe(profitS1(row.price));
    expect(curve[0].price).toBe(0);
    expect(curve.at(-1)!.price).toBe(1.15 * 5);
  });

  it("S1's curve is sampled at each MWP and just above it, where the profit drops", () => {
    const { curve } = data(market, prices, 0);
    const at = (q: number) => curve.find((row) => row.price === q);
    expect(at(3)).toEqual({ price: 3, profit: 5, buyers: 2 });
    expect(at(nextUp(3))).toEqual({ price: nextUp(3), profit: nextUp(3) - 1, buyers: 1 });
    expect(at(5)).toEqual({ price: 5, profit: 4, buyers: 1 });
    expect(at(nextUp(5))).toEqual({ price: nextUp(5), profit: -1, buyers: 0 });
    // 401 grid prices 5.75·i/400, none of them 3 or 5 (i = 208.7, 347.8), and the four breakpoints.
    expect(curve.length).toBe(401 + 4);
  });

  it("S2 faces MWPs B1 1, B2 4, and p* = 4 with profit 3.5; its profit is the hand-derived step function", () => {
    const s2 = data(market, prices, 1);
    expect(s2.mwps.map((m) => m.mwp)).toEqual([1, 4]);
    expect(s2.fairPrice).toEqual([{ price: 4, profit: 3.5, label: "p* = 4.00" }]);
    for (const row of s2.curve) expect(row.profit, `q = ${row.price}`).toBe(profitS2(row.price));
  });

  it("a seller's own price is ignored: S1's data is the same whatever prices[0] is", () => {
    expect(data(market, [0, 20], 0)).toEqual(data(market, [990, 20], 0));
  });

  it("labels of MWPs closer than 8% of the range are stacked, equal MWPs included", () => {
    const crowded = inTenths({
      buyers: [{ id: "B1", budget: 100 }, { id: "B2", budget: 100 }, { id: "B3", budget: 100 }],
      sellers: [{ id: "S1", cost: 0 }, { id: "S2", cost: 0 }],
      values: [[4, 0], [4, 0], [4.1, 0]],
    });
    expect(data(crowded, [0, 0], 0).mwps.map((m) => m.level)).toEqual([0, 1, 2]);
  });

  it("every MWP 0: the price range is [0, 1], p* = 0 and the profit is −c throughout", () => {
    const nobody = inTenths({ buyers: [{ id: "B1", budget: 5 }], sellers: [{ id: "S1", cost: 2 }, { id: "S2", cost: 0 }], values: [[0, 3]] });
    const s1 = data(nobody, [10, 10], 0);
    expect(s1.domain).toEqual([0, 1]);
    expect(s1.fairPrice[0]).toMatchObject({ price: 0, profit: -2 });
    expect(s1.curve.every((row) => row.profit === -2)).toBe(true);
  });

  it("fig2cdData refuses a seller index outside the market and prices of the wrong length", () => {
    expect(() => data(market, prices, 2)).toThrow(RangeError);
    expect(() => data(market, prices, -1)).toThrow(RangeError);
    expect(() => data(market, [30], 0)).toThrow(/1 prices for 2 sellers/);
  });
});

describe("fig2cdData on random markets at Algorithm 1's prices (Lemma 2)", () => {
  it("the highest profit on the sampled curve is the profit at p*, p* is the lowest price reaching it, and p* is an MWP", () => {
    fc.assert(
      fc.property(marketCases({ maxBuyers: 4, maxSellers: 5 }), (c) => {
        const random = marketOf(c);
        const { prices: fair } = fairsharePrices(random);
        const data = fig2cdData(random, fair, c.seller);
        const best = Math.max(...data.curve.map((row) => row.profit));
        const [star] = data.fairPrice;
        expect(best).toBe(star.profit);
        expect(data.curve.find((row) => row.profit === best)!.price).toBe(star.price);
        expect(data.mwps.map((m) => m.mwp)).toContain(star.price);
      }),
      { seed: 20260214, numRuns: 200 },
    );
  });
});

describe("fig2cdSpec and fig2cdFigures", () => {
  const [c, d] = fig2cdFigures(market, prices, { config: "experiments/configs/fig2.json", seed: 7 }, TENTHS);

  it("fig2cdFigures(market, prices, meta) gives fig2c for the first seller and fig2d for the second", () => {
    expect(c).toMatchObject({ id: "fig2c", title: "Fig. 2c: profit of seller S1 against its price", config: "experiments/configs/fig2.json", seed: 7 });
    expect(d).toMatchObject({ id: "fig2d", title: "Fig. 2d: profit of seller S2 against its price" });
    expect(c.spec.description).toBe(c.caption);
    expect(c.caption).toContain("B1 5.00, B2 3.00");
    expect(c.caption).toContain("p* = 3.00, profit 5.00");
  });

  it("fig2cdFigures refuses a market with fewer than 2 sellers", () => {
    const single: Market = { buyers: [{ id: "B1", budget: 5 }], sellers: [{ id: "S1", cost: 0 }], values: [[3]] };
    expect(() => fig2cdFigures(single, [3], { config: "x", seed: 0 }, 0)).toThrow(RangeError);
  });

  it("every field fig2cdSpec(rows) encodes is in every row of the data its layer draws", () => {
    for (const figure of [c, d]) {
      expect(encodedFields(figure.spec)).toEqual(expect.arrayContaining(["price", "profit", "mwp", "buyer", "label"]));
      expect(fieldsMissingFromData(figure.spec)).toEqual([]);
    }
  });

  it("vega-lite compiles fig2cdSpec(rows) without throwing or warning, with stacked labels too", () => {
    expect(compileWarnings(c.spec)).toEqual([]);
    const crowded: Market = {
      buyers: [{ id: "B1", budget: 100 }, { id: "B2", budget: 100 }],
      sellers: [{ id: "S1", cost: 0 }, { id: "S2", cost: 0 }],
      values: [[4, 0], [4, 0]],
    };
    expect(compileWarnings(fig2cdSpec(fig2cdData(crowded, [0, 0], 0), { title: "t" }))).toEqual([]);
  });
});
