import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fairsharePrices } from "../theory/algorithm1.js";
import { fairPrice } from "../theory/fairPrice.js";
import { bestBundle } from "../theory/knapsack.js";
import { marketInUnits, type Market } from "../theory/market.js";
import { fromUnits, MAX_UNITS, moneyRefusal, toUnits } from "../theory/money.js";
import { marginalWillingnessToPay, mwpMatrix } from "../theory/mwp.js";
import { mwpByBisection } from "../theory/mwpOracle.js";
import { purchases, sellerRevenue } from "../theory/purchases.js";
import { algorithm1Exact, purchasesExact, toDouble, type Market as DecimalMarket } from "./reference/exactMarket.js";

// Exact money (MODEL §2, issue #17): the market computes in whole money units, so its results are
// those of exact rational arithmetic (test/reference/exactMarket.ts, BigInt fractions, brute force)
// bit for bit, and no sum's order can change a decision.

const SEED = 17;

const inUnits = (market: DecimalMarket, decimals?: number): Market => marketInUnits(market, decimals);

// The hidden market of issue #17: budgets with 2 decimals, values with 3.
const ISSUE_17: DecimalMarket = {
  buyers: [
    { id: "B1", budget: 11.61 },
    { id: "B2", budget: 13.82 },
    { id: "B3", budget: 6.98 },
  ],
  sellers: [
    { id: "S1", cost: 0.6 },
    { id: "S2", cost: 0.5 },
    { id: "S3", cost: 0.4 },
    { id: "S4", cost: 0.4 },
    { id: "S5", cost: 0.4 },
    { id: "S6", cost: 0.4 },
  ],
  values: [
    [3.683, 1.306, 4.402, 7.145, 5.149, 4.844],
    [3.29, 3.733, 5.964, 5.271, 5.06, 6.687],
    [0.693, 0.478, 7.061, 4.877, 6.269, 2.745],
  ],
};

describe("issue #17's market: budget boundaries decided exactly", () => {
  it("fairsharePrices reaches the exact fixed point (2.282, 2.725, 3.001, 3.959, 3.748, 3.443), converged, as exact rational arithmetic does", () => {
    const result = fairsharePrices(inUnits(ISSUE_17));
    expect(result.prices.map((p) => fromUnits(p))).toEqual([2.282, 2.725, 3.001, 3.959, 3.748, 3.443]);
    expect(result.converged).toBe(true);
    // Sweep 12 lands on the fixed point and sweep 13 moves nothing (the reference's sweep-by-sweep prices).
    expect(result.rounds).toBe(13);
    const reference = algorithm1Exact(ISSUE_17);
    expect(reference.rounds).toBe(13);
    expect(reference.prices.map(toDouble)).toEqual([2.282, 2.725, 3.001, 3.959, 3.748, 3.443]);
  });

  it("in sweep 6, S1 + S3 + S4 + S6 at (1.72, 3.146, 3.529, 3.215) exhausts B1's 11.61 exactly, so B1's MWP for S5 is 3.215, not 3.52", () => {
    // With floats the issue saw the prices 1.7199999999999989, 3.146000000000001, 3.5290000000000026, 3.215 sum past 11.61.
    expect(1.7199999999999989 + 3.146000000000001 + 3.5290000000000026 + 3.215 > 11.61).toBe(true);
    const sum = [1.72, 3.146, 3.529, 3.215].reduce((total, p) => total + toUnits(p), 0);
    expect(sum).toBe(toUnits(11.61));
    // The prices when sweep 6 reaches S5 on the exact path (test/reference/exactMarket.ts): S1–S4 repriced in sweep 6, S6 from sweep 5.
    const atSweep6 = [1.72, 1.306, 3.146, 3.529, 3.318, 3.215].map((p) => toUnits(p));
    const market = inUnits(ISSUE_17);
    expect(fromUnits(mwpMatrix(market, atSweep6)[0][4])).toBe(3.215);
  });
});

/** Amounts with up to 3 decimals, or quarters: budgets bind and bundles exhaust them exactly, often. */
const amount = (max: number, positive = false): fc.Arbitrary<number> =>
  fc.oneof(
    fc.integer({ min: positive ? 1 : 0, max: 1000 * max }).map((k) => k / 1000),
    fc.integer({ min: positive ? 1 : 0, max: 4 * max }).map((k) => k / 4),
  );

/** Small markets: 1–3 buyers, 1–6 sellers, values up to 8, budgets up to 20 (a bundle of two or three). */
const markets: fc.Arbitrary<DecimalMarket> = fc
  .record({ buyers: fc.integer({ min: 1, max: 3 }), sellers: fc.integer({ min: 1, max: 6 }) })
  .chain(({ buyers, sellers }) =>
    fc.record({
      buyers: fc.array(amount(20, true), { minLength: buyers, maxLength: buyers }).map((budgets) => budgets.map((budget, b) => ({ id: `B${b + 1}`, budget }))),
      sellers: fc.array(amount(1), { minLength: sellers, maxLength: sellers }).map((costs) => costs.map((cost, j) => ({ id: `S${j + 1}`, cost }))),
      values: fc.array(fc.array(amount(8), { minLength: sellers, maxLength: sellers }), { minLength: buyers, maxLength: buyers }),
    }),
  );

describe("Algorithm 1 and the buyers' bundles against exact rational arithmetic, bit for bit", () => {
  it("on 300 random small markets: the same prices, MWP matrix, rounds and convergence, and the same bundles at the prices", () => {
    let cycled = 0;
    fc.assert(
      fc.property(markets, (market) => {
        const reference = algorithm1Exact(market);
        const ours = fairsharePrices(inUnits(market));
        if (!reference.converged) cycled += 1;
        expect(ours.prices.map((p) => fromUnits(p)), JSON.stringify(market)).toEqual(reference.prices.map(toDouble));
        expect(ours.mwp.map((row) => row.map((m) => fromUnits(m)))).toEqual(reference.mwp.map((row) => row.map(toDouble)));
        expect([ours.rounds, ours.converged]).toEqual([reference.rounds, reference.converged]);
        expect(purchases(inUnits(market), ours.prices)).toEqual(purchasesExact(market, reference.prices));
      }),
      { seed: SEED, numRuns: 300 },
    );
    // The sample has cycling markets too, where the whole 50-sweep path must agree.
    expect(cycled).toBeGreaterThan(0);
  });
});

describe("no order of summation changes a decision", () => {
  it("in floats it does: 0.1 + 0.2 + 0.3 exceeds a budget of 0.6 that 0.3 + 0.2 + 0.1 fits; in units both fit", () => {
    expect(0.1 + 0.2 + 0.3 <= 0.6).toBe(false);
    expect(0.3 + 0.2 + 0.1 <= 0.6).toBe(true);
    const [a, b, c, budget] = [0.1, 0.2, 0.3, 0.6].map((x) => toUnits(x));
    expect(a + b + c <= budget && c + b + a <= budget).toBe(true);
    expect(bestBundle([0.1, 0.2, 0.3].map((p) => ({ value: toUnits(1), price: toUnits(p) })), budget).chosen).toEqual([0, 1, 2]);
  });

  const permutations = markets.chain((market) =>
    fc.record({ market: fc.constant(market), order: fc.shuffledSubarray(market.sellers.map((_, j) => j), { minLength: market.sellers.length }) }),
  );

  it("listing the sellers in another order permutes the MWP matrix and leaves each buyer's best surplus and value as they are", () => {
    fc.assert(
      fc.property(permutations, ({ market, order }) => {
        const units = inUnits(market);
        const prices = units.sellers.map((_, j) => Math.max(...units.values.map((row) => row[j])) >> 1);
        const permuted: Market = { ...units, sellers: order.map((j) => units.sellers[j]), values: units.values.map((row) => order.map((j) => row[j])) };
        const permutedPrices = order.map((j) => prices[j]);
        const mwp = mwpMatrix(units, prices);
        expect(mwpMatrix(permuted, permutedPrices)).toEqual(mwp.map((row) => order.map((j) => row[j])));
        units.buyers.forEach((buyer, b) => {
          const items = (m: Market, p: number[]) => m.values[b].map((value, j) => ({ value, price: p[j] }));
          const plain = bestBundle(items(units, prices), buyer.budget);
          const shuffled = bestBundle(items(permuted, permutedPrices), buyer.budget);
          expect([shuffled.surplus, shuffled.value, shuffled.cost]).toEqual([plain.surplus, plain.value, plain.cost]);
        });
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it("listing the buyers in another order leaves every seller's Lemma 2 price as it is", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10 ** 8 }), { minLength: 1, maxLength: 8 }), (mwps) => {
        expect(fairPrice([...mwps].reverse())).toBe(fairPrice(mwps));
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});

describe("a change of money unit that keeps every amount on the grid gives the same prices", () => {
  it("units of 10^−3, 10^−6 and 10^−9 of the currency give the same fair prices and convergence on 200 markets priced to 3 decimals", () => {
    fc.assert(
      fc.property(markets, (market) => {
        const runs = [3, 6, 9].map((decimals) => {
          const result = fairsharePrices(inUnits(market, decimals));
          return { prices: result.prices.map((p) => fromUnits(p, decimals)), rounds: result.rounds, converged: result.converged };
        });
        expect(runs[1]).toEqual(runs[0]);
        expect(runs[2]).toEqual(runs[0]);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});

/** The exact value of a double as a fraction m / 2^k, from its binary digits (V8 prints radix 2 exactly). */
function exactBinary(x: number): { numerator: bigint; shift: bigint } {
  const [whole, fraction = ""] = x.toString(2).split(".");
  return { numerator: BigInt(`0b${whole}${fraction}`), shift: BigInt(fraction.length) };
}

/** `x · 10^d` rounded half to even, from the exact binary value: an oracle that shares no code with toUnits. */
function halfEvenOracle(x: number, decimals: number): number {
  const { numerator, shift } = exactBinary(x);
  const scaled = numerator * 10n ** BigInt(decimals);
  const denominator = 1n << shift;
  const quotient = scaled / denominator;
  const twice = 2n * (scaled % denominator);
  const up = twice > denominator || (twice === denominator && quotient % 2n === 1n);
  return Number(up ? quotient + 1n : quotient);
}

describe("toUnits and fromUnits: the entry and exit rule", () => {
  it("toUnits rounds half to even: 0.5 → 0, 1.5 → 2, 2.5 → 2 units of 1, and the double's exact value decides (0.125 at 2 decimals is a tie → 12)", () => {
    expect([0.5, 1.5, 2.5, 3.5].map((x) => toUnits(x, 0))).toEqual([0, 2, 2, 4]);
    expect(toUnits(0.125, 2)).toBe(12);
    expect(toUnits(0.375, 2)).toBe(38);
    // 1.005 as a double is 1.00499999999999989…, below the tie: it rounds down.
    expect(toUnits(1.005, 2)).toBe(100);
    expect(toUnits(-2.5, 0)).toBe(-2);
    expect(Object.is(toUnits(-0, 6), 0)).toBe(true);
  });

  it("toUnits equals the exact binary value of the double, rounded half to even, on random doubles and on constructed near-ties (2000 cases)", () => {
    const nearTie = fc
      .record({ k: fc.integer({ min: 0, max: 2 ** 40 }), decimals: fc.integer({ min: 0, max: 9 }), ulps: fc.integer({ min: -3, max: 3 }) })
      .map(({ k, decimals, ulps }) => {
        let x = (k + 0.5) / 10 ** decimals;
        const view = new DataView(new ArrayBuffer(8));
        view.setFloat64(0, x);
        view.setBigInt64(0, view.getBigInt64(0) + BigInt(ulps));
        x = view.getFloat64(0);
        return { x, decimals };
      });
    const anyDouble = fc.record({ x: fc.double({ min: 0, max: 1e9, noNaN: true }), decimals: fc.integer({ min: 0, max: 6 }) });
    fc.assert(
      fc.property(fc.oneof(nearTie, anyDouble), ({ x, decimals }) => {
        expect(toUnits(x, decimals), `${x} at ${decimals}`).toBe(halfEvenOracle(x, decimals));
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });

  it("fromUnits(toUnits(x)) is x for every decimal on the grid, and toUnits(fromUnits(u)) is u", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 50 }), fc.integer({ min: 0, max: 9 }), (k, decimals) => {
        const x = k / 10 ** decimals; // the double nearest to the decimal k·10^−d
        expect(toUnits(x, decimals)).toBe(k);
        expect(fromUnits(k, decimals)).toBe(x);
      }),
      { seed: SEED, numRuns: 1000 },
    );
  });

  it("moneyRefusal refuses a non-zero amount that rounds to 0 units and one beyond 2^53 − 1 units, and nothing else", () => {
    expect(moneyRefusal(4e-7, 6)).toMatch(/is not 0 but rounds to 0 money units of 0\.000001/);
    expect(moneyRefusal(5e-7, 6)).toMatch(/rounds to 0/); // a tie: half to even gives 0
    expect(moneyRefusal(6e-7, 6)).toBeNull();
    expect(moneyRefusal(0, 6)).toBeNull();
    expect(moneyRefusal(9.1e9, 6)).toMatch(/is beyond 9007199254\.740991, the 2\^53 − 1 money units of 0\.000001 that are exact/);
    expect(moneyRefusal(9e9, 6)).toBeNull(); // 9·10^15 units < 2^53 − 1 ≈ 9.007·10^15
    expect(moneyRefusal(MAX_UNITS, 0)).toBeNull();
  });
});

describe("the exact kernels refuse amounts that are not whole money units", () => {
  it("bestBundle, marginalWillingnessToPay, mwpMatrix, sellerRevenue, mwpByBisection and fairsharePrices name the amount and point to toUnits", () => {
    expect(() => bestBundle([{ value: 1.5, price: 1 }], 3)).toThrow(/item 0's value must be a whole number ≥ 0 of money units .*toUnits.*got 1\.5/);
    expect(() => bestBundle([{ value: 1, price: 1 }], 2.5)).toThrow(/budget must be a whole number of money units/);
    const market: Market = { buyers: [{ id: "b", budget: 10 }], sellers: [{ id: "s", cost: 0.5 }], values: [[3]] };
    expect(() => fairsharePrices(market)).toThrow(/seller 0 \(s\)'s cost must be a whole number/);
    expect(() => mwpMatrix({ ...market, values: [[Number.NaN]] }, [0])).toThrow(/value must be a whole number/);
    expect(() => bestBundle([{ value: MAX_UNITS, price: 1 }], 1)).toThrow(/beyond the 9007199254740991 that are exact/);
    // The buyer's own value and the (ignored) own price are checked too, and named by seller.
    const two: Market = { buyers: [{ id: "b", budget: 10 }], sellers: [{ id: "j", cost: 0 }, { id: "k", cost: 0 }], values: [[1.5, 4]] };
    expect(() => marginalWillingnessToPay(two, [0, 2], 0, 0)).toThrow(/item 0's value .* got 1\.5/);
    expect(() => marginalWillingnessToPay({ ...two, values: [[1, 4]] }, [0, 2.5], 0, 0)).toThrow(/item 1's price .* got 2\.5/);
    expect(() => sellerRevenue(two, [1.5, 2], [[0]])).toThrow(/seller 0's price must be a whole number/);
    expect(() => mwpByBisection([{ value: 4, price: 2.5 }], 3, 4)).toThrow(/item 0's price/);
  });
});
