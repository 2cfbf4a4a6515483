import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bestResponses, fairsharePrices } from "../theory/algorithm1.js";
import { fairPrice } from "../theory/fairPrice.js";
import { marketInUnits, type Market } from "../theory/market.js";
import { marketCases, marketOf, unitPrices } from "../theory/marketCase.js";
import { fromUnits, toUnits } from "../theory/money.js";
import { mwpMatrix } from "../theory/mwp.js";
import { algorithm1Exact, toDouble, type Market as DecimalMarket } from "./reference/exactMarket.js";

/** The lemma markets (money in quarters or ten-thousandths), in units of 10^−6. */
const markets = marketCases({ maxBuyers: 4, maxSellers: 7 }).map(marketOf);
const column = (rows: number[][], j: number) => rows.map((row) => row[j]);

/** A decimal market in units of 10^−6, as `solve` and Algorithm 2 convert it. */
const inUnits = (market: DecimalMarket): Market => marketInUnits(market);
/** Prices in units as decimals of the currency. */
const decimals = (prices: ReadonlyArray<number>) => prices.map((p) => fromUnits(p));
const units = (prices: ReadonlyArray<number>) => prices.map((p) => toUnits(p));

/**
 * One buyer with budget 3 and values 9, 11, 3 for sellers s0, s1, s2 (found by a search over 20 000
 * small markets), in units of 10^−6: its fixed point has half-currency prices.
 */
const cycling: Market = inUnits({
  buyers: [{ id: "b", budget: 3 }],
  sellers: [{ id: "s0", cost: 0 }, { id: "s1", cost: 0 }, { id: "s2", cost: 0 }],
  values: [[9, 11, 3]],
});

describe("fairsharePrices (Algorithm 1)", () => {
  it("a converged result is an exact fixed point: each p_j is fairPrice of its MWP column, to the unit", () => {
    // The default tolerance 1e-9 times the largest start price (at most 100 here, 10^8 units) is under a
    // unit, so a settled price is an unchanged one and the fixed point is exact.
    let converged = 0;
    fc.assert(
      fc.property(markets, (market) => {
        const result = fairsharePrices(market);
        expect(result.mwp).toStrictEqual(mwpMatrix(market, result.prices));
        expect(result.rounds).toBeLessThanOrEqual(50);
        if (!result.converged) {
          expect(result.rounds).toBe(50);
          return;
        }
        converged += 1;
        result.prices.forEach((p, j) => {
          expect(fairPrice(column(result.mwp, j)), JSON.stringify(market)).toBe(p);
        });
      }),
      { seed: 20250241, numRuns: 400 },
    );
    // Most random markets settle (MODEL §6 reports 284 of 300); a property that only ever saw cycles would prove nothing.
    expect(converged).toBeGreaterThan(300);
  });

  it("regression, in units: no sweep settles falsely — the market that 'settled' within 1e-9 in floats stops unconverged at 50 sweeps, and converges at 59 to the verified fixed point exact arithmetic finds", () => {
    // Found by the property above with float money when a settled sweep alone meant "converged": after 45
    // sweeps no price moved by more than 1e-9 relative, yet a rounding-sized change of s1 later in the
    // sweep had moved s0's best response by 0.218. In units the sweeps are those of exact rational
    // arithmetic (test/reference/exactMarket.ts): prices still step by 0.25 at sweep 50, and settle at
    // sweep 58, which sweep 59 and the check of every best response confirm.
    const decimal: DecimalMarket = {
      buyers: [{ id: "b0", budget: 0.0001 }, { id: "b1", budget: 0.25 }, { id: "b2", budget: 25.4041 }],
      sellers: ["s0", "s1", "s2", "s3", "s4"].map((id) => ({ id, cost: 0 })),
      values: [[0, 0, 0, 0, 0], [0, 0.0001, 0, 0.25, 0], [98, 51.2821, 95.5, 9.75, 42.25]],
    };
    const market = inUnits(decimal);
    const short = fairsharePrices(market);
    expect([short.rounds, short.converged]).toEqual([50, false]);
    expect(decimals(short.prices)).toEqual([13.622, 10.5321, 13.372, 0.25, 1.5]);
    expect(decimals(short.prices)).toEqual(algorithm1Exact(decimal).prices.map(toDouble));
    expect(bestResponses(market, short.prices)).not.toEqual(short.prices);
    const long = fairsharePrices(market, { maxRounds: 100 });
    expect([long.rounds, long.converged]).toEqual([59, true]);
    expect(decimals(long.prices)).toEqual([13.9041, 12.1541, 12.5321, 8.622, 4.25]);
    expect(bestResponses(market, long.prices)).toEqual(long.prices);
    const reference = algorithm1Exact(decimal, { maxRounds: 100 });
    expect([reference.rounds, reference.converged]).toEqual([59, true]);
    expect(reference.prices.map(toDouble)).toEqual(decimals(long.prices));
  });

  it("bestResponses(market, p)[j] is fairPrice of column j of mwpMatrix(market, p), all from the same p", () => {
    fc.assert(
      fc.property(marketCases({ maxBuyers: 4, maxSellers: 7 }), (c) => {
        const market = marketOf(c);
        const prices = unitPrices(c);
        const mwp = mwpMatrix(market, prices);
        expect(bestResponses(market, prices)).toStrictEqual(market.sellers.map((_, j) => fairPrice(column(mwp, j))));
      }),
      { seed: 20250242, numRuns: 200 },
    );
  });

  it("worked example: MWPs 6 and 4 with slack budgets; the start price 6 moves to 4 (revenue 8 > 6) and stays", () => {
    const market: Market = { buyers: [{ id: "a", budget: 10 }, { id: "b", budget: 10 }], sellers: [{ id: "s", cost: 0 }], values: [[6], [4]] };
    expect(fairsharePrices(market)).toStrictEqual({ prices: [4], mwp: [[6], [4]], rounds: 2, converged: true, cycle: null });
  });

  it("reports a cycle as converged: false — B = 3, V = [9, 11, 3] alternates [1, 3, 2] ↔ [1, 2, 0] (in units of 10^−6)", () => {
    // Derived by hand (MWP closed form, MODEL §2), in the currency. Start p = [3, 3, 3].
    // Sweep 1: s0 against {s1 (surplus 8 at 3), s2 (0)}: K = 8, MWP = min(3, 9 − 8) = 1 → p0 = 1.
    //   s1 against {s0 (8 at 1), s2 (0 at 3)}: K = 8, MWP = max(min(3, 11 − 8), min(2, 11)) = 3 → p1 = 3.
    //   s2 against {s0 (8 at 1), s1 (8 at 3)}: K = 8, MWP = min(3 − 1, 3 + 8 − 8) = 2 → p2 = 2.
    // Sweep 2: p0 stays 1; s1 against {s0 at 1, s2 (1 at 2)}: K = 9 by {s0, s2}, MWP = max(min(3, 2), min(2, 10)) = 2;
    //   s2 against {s0 at 1, s1 (9 at 2)}: K = 17 by both, which fill the budget exactly, so MWP = 0.
    // Sweep 3: s2 is free, so s1 can ask 3 again (MWP = min(3, 11 + 3 − 11) = 3), and s2 then 2: back to sweep 1.
    // Each seller's rival for the money left beside s0 keeps undercutting: Edgeworth's cycle (MODEL §6).
    const result = fairsharePrices(cycling);
    expect(result.converged).toBe(false);
    expect(result.rounds).toBe(50);
    expect(decimals(result.prices)).toStrictEqual([1, 2, 0]);
    // Sweep 3 ends where sweep 1 did: the cycle starts after sweep 1 and is 2 sweeps long.
    expect(result.cycle).toStrictEqual({ start: 1, length: 2 });
    expect(decimals(fairsharePrices(cycling, { maxRounds: 1 }).prices)).toStrictEqual([1, 3, 2]);
    expect(decimals(fairsharePrices(cycling, { maxRounds: 49 }).prices)).toStrictEqual([1, 3, 2]);
    // The returned prices are no fixed point: s1's best response to them is 3 (s2 is free).
    expect(decimals(bestResponses(cycling, result.prices))).toStrictEqual([1, 3, 0]);
    // Exact rational arithmetic walks the same cycle.
    const reference = algorithm1Exact({ buyers: [{ id: "b", budget: 3 }], sellers: [{ id: "s0", cost: 0 }, { id: "s1", cost: 0 }, { id: "s2", cost: 0 }], values: [[9, 11, 3]] });
    expect([reference.rounds, reference.converged, reference.prices.map(toDouble)]).toEqual([50, false, [1, 2, 0]]);
  });

  it("the cycling market has a fixed point all the same, [0.5, 2.5, 0]: the cycle belongs to the iteration, not the market", () => {
    // By hand: s0 against {s1 (8.5 at 2.5), s2 free (3)}: K = 11.5, MWP = max(min(3, 9 + 3 − 11.5), min(0.5, 9)) = 0.5;
    // s1 against {s0 (8.5 at 0.5), s2 free}: K = 11.5, MWP = max(min(3, 11 + 3 − 11.5), min(2.5, 11)) = 2.5;
    // s2 against {s0 at 0.5, s1 at 2.5}: K = 17 by both, filling the budget exactly, so MWP = 0.
    // In units (500 000, 2 500 000, 0) of 10^−6: a fixed point off the whole-currency grid.
    expect(bestResponses(cycling, units([0.5, 2.5, 0]))).toStrictEqual(units([0.5, 2.5, 0]));
    expect(units([0.5, 2.5, 0])).toStrictEqual([500_000, 2_500_000, 0]);
  });

  it("leaves a frozen market alone", () => {
    const frozen: Market = Object.freeze({
      buyers: Object.freeze([Object.freeze({ id: "b", budget: 3 })]),
      sellers: Object.freeze([Object.freeze({ id: "s0", cost: 0 }), Object.freeze({ id: "s1", cost: 0 })]),
      values: Object.freeze([Object.freeze([9, 11])]),
    });
    expect(fairsharePrices(frozen).converged).toBe(true);
  });

  it("degenerate markets: no sellers gives no prices; no buyers gives price 0 for everyone", () => {
    expect(fairsharePrices({ buyers: [{ id: "b", budget: 1 }], sellers: [], values: [[]] })).toStrictEqual({
      prices: [],
      mwp: [[]],
      rounds: 1,
      converged: true,
      cycle: null,
    });
    expect(fairsharePrices({ buyers: [], sellers: [{ id: "s", cost: 0 }], values: [] }).prices).toStrictEqual([0]);
  });

  it("refuses a negative tolerance and a round limit that is not a positive integer", () => {
    expect(() => fairsharePrices(cycling, { tolerance: -1 })).toThrow(RangeError);
    expect(() => fairsharePrices(cycling, { maxRounds: 0 })).toThrow(RangeError);
    expect(() => fairsharePrices(cycling, { maxRounds: 2.5 })).toThrow(RangeError);
  });

  it("bestResponses refuses prices that are not whole money units (MODEL §2), pointing to toUnits", () => {
    // fairsharePrices' refusals of the market's own money are in test/exactMoney.test.ts.
    expect(() => bestResponses(cycling, [0.5, 2.5, 0])).toThrow(/price must be a whole number ≥ 0 of money units .*toUnits.*got 0\.5/);
  });
});
