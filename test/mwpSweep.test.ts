import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fairPrice } from "../theory/fairPrice.js";
import type { Market } from "../theory/market.js";
import { marketCases, marketOf, unitPrices } from "../theory/marketCase.js";
import { toUnits } from "../theory/money.js";
import { marginalWillingnessToPay, mwpMatrix } from "../theory/mwp.js";
import { mwpSweep } from "../theory/mwpSweep.js";

/** The plain path: a fresh frontier per cell. */
const plainMatrix = (market: Market, prices: ReadonlyArray<number>): number[][] =>
  market.buyers.map((_, b) => market.sellers.map((__, j) => marginalWillingnessToPay(market, prices, b, j)));

/** The plain Gauss–Seidel sweep: seller by seller, a fresh column at the current prices, then the new price. */
function plainSweep(market: Market, start: ReadonlyArray<number>, reprice: (j: number, column: number[]) => number): { prices: number[]; columns: number[][] } {
  const prices = [...start];
  const columns = market.sellers.map((_, j) => {
    const column = market.buyers.map((__, b) => marginalWillingnessToPay(market, prices, b, j));
    prices[j] = reprice(j, column);
    return column;
  });
  return { prices, columns };
}

/**
 * Markets with every digit of the money unit in use: values and prices drawn as full-precision doubles
 * and entered in units of 10^−6 (`toUnits`), prices near values (many surpluses close to 0, so bundles
 * tie and budgets bind), up to 12 sellers so that frontiers reach hundreds of points. With float money
 * these were the markets whose sums did not come out exact, where the sweep needed its rounding guards
 * and the affordability step; in units they must agree exactly all the same.
 */
const roughMarkets = fc
  .record({
    buyers: fc.integer({ min: 1, max: 4 }),
    sellers: fc.integer({ min: 1, max: 12 }),
    seed: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 80, maxLength: 80 }),
  })
  .map(({ buyers, sellers, seed }) => {
    let k = 0;
    const next = () => seed[k++ % seed.length];
    const decimalValues = Array.from({ length: buyers }, () => Array.from({ length: sellers }, () => 0.1 + 9.9 * next()));
    const prices = Array.from({ length: sellers }, (_, j) => toUnits(decimalValues[0][j] * (0.3 + 0.8 * next())));
    const market: Market = {
      buyers: Array.from({ length: buyers }, (_, b) => ({ id: `b${b}`, budget: toUnits(1 + 20 * next()) })),
      sellers: Array.from({ length: sellers }, (_, j) => ({ id: `s${j}`, cost: 0 })),
      values: decimalValues.map((row) => row.map((v) => toUnits(v))),
    };
    return { market, prices };
  });

describe("mwpSweep: the fast MWP path equals the plain closed form exactly", () => {
  it("on the lemma markets (money in quarters and in 1/10000ths, in units of 10^−6), every cell of the matrix", () => {
    fc.assert(
      fc.property(marketCases({ maxBuyers: 4, maxSellers: 8 }), (c) => {
        const market = marketOf(c);
        const prices = unitPrices(c);
        expect(mwpMatrix(market, prices)).toEqual(plainMatrix(market, prices));
      }),
      { seed: 4101, numRuns: 400 },
    );
  });

  it("on markets using every digit of the money unit, prices near values (where float money needed the affordability step), every cell", () => {
    fc.assert(
      fc.property(roughMarkets, ({ market, prices }) => {
        expect(mwpMatrix(market, prices)).toEqual(plainMatrix(market, prices));
      }),
      { seed: 4102, numRuns: 300 },
    );
  });

  it("with repricing, each column is the plain column at the prices of a Gauss–Seidel sweep, fairshare prices or prices cut far below value", () => {
    // Cutting prices tests the pruning: a seller repriced lower than the bound assumed must not have been pruned away.
    const rules: Array<(j: number, column: number[]) => number> = [
      (_, column) => fairPrice(column),
      (j, column) => (j % 2 === 0 ? 0 : Math.floor(Math.min(...column) / 3)),
    ];
    fc.assert(
      fc.property(roughMarkets, fc.integer({ min: 0, max: 1 }), ({ market, prices }, rule) => {
        const reprice = rules[rule];
        const plain = plainSweep(market, prices, reprice);
        const fast = [...prices];
        const columns: number[][] = [];
        const matrix = mwpSweep(market, fast, (j, column) => {
          columns.push([...column]);
          return reprice(j, [...column]);
        });
        expect(columns).toEqual(plain.columns);
        expect(fast).toEqual(plain.prices);
        expect(matrix).toEqual(market.buyers.map((_, b) => columns.map((column) => column[b])));
      }),
      { seed: 4103, numRuns: 300 },
    );
  });

  it("leaves the prices alone when the visit returns nothing, and refuses a visit that returns a negative or fractional price", () => {
    const market: Market = { buyers: [{ id: "b", budget: 3 }], sellers: [{ id: "s", cost: 0 }, { id: "t", cost: 0 }], values: [[5, 2]] };
    const prices = [1, 1];
    mwpSweep(market, prices, () => undefined);
    expect(prices).toEqual([1, 1]);
    expect(() => mwpSweep(market, prices, () => -1)).toThrow(/seller 0's new price must be a whole number ≥ 0 of money units .*got -1/);
    expect(() => mwpSweep(market, [1, 1], (j) => (j === 1 ? 1.5 : undefined))).toThrow(/seller 1's new price must be a whole number ≥ 0 of money units .*toUnits.*got 1\.5/);
  });

  it("no sellers: one empty row per buyer; no buyers: every visit sees an empty column", () => {
    expect(mwpSweep({ buyers: [{ id: "b", budget: 1 }], sellers: [], values: [[]] }, [])).toEqual([[]]);
    const seen: number[][] = [];
    mwpSweep({ buyers: [], sellers: [{ id: "s", cost: 0 }], values: [] }, [2], (_, column) => (seen.push([...column]), undefined));
    expect(seen).toEqual([[]]);
  });
});
