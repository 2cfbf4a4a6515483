import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fairPrice } from "../theory/fairPrice.js";
import type { Market } from "../theory/market.js";
import { marketCases, marketOf } from "../theory/marketCase.js";
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
 * Markets whose sums do not come out exact in floating point: values and prices with full-precision
 * fractions, prices near values (many surpluses close to 0, so bundles tie and budgets bind), up to 12
 * sellers so that frontiers reach hundreds of points.
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
    const values = Array.from({ length: buyers }, () => Array.from({ length: sellers }, () => 0.1 + 9.9 * next()));
    const prices = Array.from({ length: sellers }, (_, j) => values[0][j] * (0.3 + 0.8 * next()));
    const market: Market = {
      buyers: Array.from({ length: buyers }, (_, b) => ({ id: `b${b}`, budget: 1 + 20 * next() })),
      sellers: Array.from({ length: sellers }, (_, j) => ({ id: `s${j}`, cost: 0 })),
      values,
    };
    return { market, prices };
  });

const bitwiseEqual = (a: ReadonlyArray<ReadonlyArray<number>>, b: ReadonlyArray<ReadonlyArray<number>>) =>
  a.length === b.length && a.every((row, i) => row.length === b[i].length && row.every((x, j) => Object.is(x, b[i][j])));

describe("mwpSweep: the fast MWP path equals the plain closed form bit for bit", () => {
  it("on the lemma markets (money in quarters and in 1/10000ths), every cell of the matrix", () => {
    fc.assert(
      fc.property(marketCases({ maxBuyers: 4, maxSellers: 8 }), (c) => {
        const market = marketOf(c);
        expect(bitwiseEqual(mwpMatrix(market, c.prices), plainMatrix(market, c.prices))).toBe(true);
      }),
      { seed: 4101, numRuns: 400 },
    );
  });

  it("on markets with full-precision money and prices near values, where rounding and the affordability step matter", () => {
    fc.assert(
      fc.property(roughMarkets, ({ market, prices }) => {
        expect(bitwiseEqual(mwpMatrix(market, prices), plainMatrix(market, prices))).toBe(true);
      }),
      { seed: 4102, numRuns: 300 },
    );
  });

  it("with repricing, each column is the plain column at the prices of a Gauss–Seidel sweep, fairshare prices or prices cut far below value", () => {
    // Cutting prices tests the pruning: a seller repriced lower than the bound assumed must not have been pruned away.
    const rules: Array<(j: number, column: number[]) => number> = [
      (_, column) => fairPrice(column),
      (j, column) => (j % 2 === 0 ? 0 : Math.min(...column) / 3),
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
        expect(bitwiseEqual(columns, plain.columns)).toBe(true);
        expect(fast.every((p, j) => Object.is(p, plain.prices[j]))).toBe(true);
        expect(bitwiseEqual(matrix, market.buyers.map((_, b) => columns.map((column) => column[b])))).toBe(true);
      }),
      { seed: 4103, numRuns: 300 },
    );
  });

  it("leaves the prices alone when the visit returns nothing, and refuses a visit that returns a negative price", () => {
    const market: Market = { buyers: [{ id: "b", budget: 3 }], sellers: [{ id: "s", cost: 0 }, { id: "t", cost: 0 }], values: [[5, 2]] };
    const prices = [1, 1];
    mwpSweep(market, prices, () => undefined);
    expect(prices).toEqual([1, 1]);
    expect(() => mwpSweep(market, prices, () => -1)).toThrow(/seller 0 was repriced to -1/);
  });

  it("no sellers: one empty row per buyer; no buyers: every visit sees an empty column", () => {
    expect(mwpSweep({ buyers: [{ id: "b", budget: 1 }], sellers: [], values: [[]] }, [])).toEqual([[]]);
    const seen: number[][] = [];
    mwpSweep({ buyers: [], sellers: [{ id: "s", cost: 0 }], values: [] }, [2], (_, column) => (seen.push([...column]), undefined));
    expect(seen).toEqual([[]]);
  });
});
