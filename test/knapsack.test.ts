import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bestBundle, bestSurplus, paretoFrontier } from "../theory/knapsack.js";
import { MAX_UNITS, toUnits } from "../theory/money.js";
import { bruteForce, highsSurplus } from "./fixtures/knapsackOracles.js";

/** Eighths up to 10, in units of an eighth (0…80): equal surpluses and zero-surplus items are common. */
const eighth = fc.integer({ min: 0, max: 80 });
/** Halves up to 3, in units of a half (0…6): so few distinct amounts that distinct best bundles with equal surplus and value abound. */
const half = fc.integer({ min: 0, max: 6 });
/**
 * Ten-thousandths up to 100, in the default money unit of 10^−6 (`toUnits`, so 100 units a step): the
 * float sums of these decimals rounded, their unit sums do not; ties are rare.
 */
const fine = fc.integer({ min: 0, max: 1_000_000 }).map((k) => toUnits(k / 10_000));

const itemsOf = (amount: fc.Arbitrary<number>, maxLength: number) =>
  fc.array(fc.record({ value: amount, price: amount }), { maxLength });

describe("bestBundle against brute force over all 2^N subsets (N ≤ 12)", () => {
  it("bestBundle(items, B) equals the brute-force tie-ruled optimum exactly, on eighths (many ties)", () => {
    fc.assert(
      fc.property(itemsOf(eighth, 12), fc.integer({ min: 0, max: 400 }), (items, budget) => {
        expect(bestBundle(items, budget), JSON.stringify({ items, budget })).toStrictEqual(bruteForce(items, budget));
      }),
      { seed: 20250201, numRuns: 1500 },
    );
  });

  it("bestBundle(items, B) equals the brute-force tie-ruled optimum exactly, on halves (ties down to the lexicographic rule)", () => {
    fc.assert(
      fc.property(itemsOf(half, 12), fc.integer({ min: 0, max: 24 }), (items, budget) => {
        expect(bestBundle(items, budget), JSON.stringify({ items, budget })).toStrictEqual(bruteForce(items, budget));
      }),
      { seed: 20250205, numRuns: 1500 },
    );
  });

  it("bestBundle(items, B) equals the brute-force optimum exactly, on ten-thousandths in units of 10^−6 (decimals whose float sums rounded)", () => {
    fc.assert(
      fc.property(itemsOf(fine, 12), fine.map((x) => 3 * x), (items, budget) => {
        expect(bestBundle(items, budget), JSON.stringify({ items, budget })).toStrictEqual(bruteForce(items, budget));
      }),
      { seed: 20250202, numRuns: 1000 },
    );
  });

  it("bestSurplus(items, β) is bestBundle's surplus exactly, and the last point of a valid frontier", () => {
    fc.assert(
      fc.property(itemsOf(fc.oneof(eighth, fine), 16), fine.map((x) => 4 * x), (items, budget) => {
        const frontier = paretoFrontier(items, budget);
        expect(bestSurplus(items, budget)).toBe(bestBundle(items, budget).surplus);
        expect(frontier[frontier.length - 1].surplus).toBe(bestBundle(items, budget).surplus);
        // A frontier: costs and surpluses both strictly increase along it, and each point's bundle has
        // exactly that cost and surplus.
        frontier.slice(1).forEach((point, k) => {
          expect(point.cost).toBeGreaterThan(frontier[k].cost);
          expect(point.surplus).toBeGreaterThan(frontier[k].surplus);
        });
        for (const point of frontier) {
          expect(point.chosen.reduce((c, i) => c + items[i].price, 0)).toBe(point.cost);
          expect(point.chosen.reduce((s, i) => s + (items[i].value - items[i].price), 0)).toBe(point.surplus);
        }
      }),
      { seed: 20250203, numRuns: 500 },
    );
  });
});

describe("bestBundle against HiGHS (N up to 60)", () => {
  // The MILP is written in money units. Amounts are whole units, so an unaffordable set is at least a
  // unit over the budget, far beyond HiGHS's 1e-6 feasibility tolerance; and surpluses are multiples of
  // 100 units (ten-thousandths at the default unit of 10^−6), far above the ~1e-7 below which HiGHS
  // drops an objective coefficient (an early float draw with surpluses of 1e-7 showed HiGHS 5.8e-7 short
  // of the exact optimum). HiGHS works in floats, our optimum is an exact integer: measured worst 2.6e-15
  // relative (8.9e-7 units) over the 100 draws below, asserted 1e-12 relative to max(1, K); and since the
  // optimum is a sum of whole units, HiGHS's rounded to the unit must be ours exactly.
  const HIGHS_TOLERANCE = 1e-12;
  const independent = fc.record({ value: fine, price: fine });
  // Values just above prices: surplus nearly proportional to cost, the hard case for a frontier method.
  const correlated = fc
    .record({ price: fc.integer({ min: 10_000, max: 1_000_000 }), markup: fc.integer({ min: 1, max: 2000 }) })
    .map(({ price, markup }) => ({ price: toUnits(price / 10_000), value: toUnits((price + Math.ceil((price * markup) / 10_000)) / 10_000) }));

  it("bestBundle(items, B) is affordable and reaches the HiGHS optimal surplus: within 1e-12 relative, and exactly once HiGHS's is rounded to whole units", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 20, max: 60 }).chain((n) => fc.array(fc.oneof(independent, correlated), { minLength: n, maxLength: n })),
        fc.integer({ min: 1, max: 25 }),
        (items, share) => {
          const budget = Math.floor((share * items.reduce((sum, item) => sum + item.price, 0)) / 100);
          const bundle = bestBundle(items, budget);
          const reference = highsSurplus(items, budget);
          expect(bundle.cost).toBeLessThanOrEqual(budget);
          const label = JSON.stringify({ items, budget });
          expect(Math.abs(bundle.surplus - reference), label).toBeLessThanOrEqual(HIGHS_TOLERANCE * Math.max(1, reference));
          expect(Math.round(reference), label).toBe(bundle.surplus);
          // The bundle's reported sums are those of its own items, exactly.
          expect(bundle.surplus).toBe(bundle.chosen.reduce((s, i) => s + (items[i].value - items[i].price), 0));
          expect(bundle.cost).toBe(bundle.chosen.reduce((c, i) => c + items[i].price, 0));
        },
      ),
      { seed: 20250204, numRuns: 100 },
    );
  });
});

describe("bestBundle: worked tie examples (derived by hand from MODEL §2)", () => {
  it("bestBundle([{V 3, p 3}], 5) buys the zero-surplus item because it fits; with budget 2 it does not", () => {
    expect(bestBundle([{ value: 3, price: 3 }], 5)).toStrictEqual({ chosen: [0], surplus: 0, value: 3, cost: 3 });
    expect(bestBundle([{ value: 3, price: 3 }], 2)).toStrictEqual({ chosen: [], surplus: 0, value: 0, cost: 0 });
  });

  it("a free item of value 0 is bought, even with budget 0", () => {
    expect(bestBundle([{ value: 1, price: 2 }, { value: 0, price: 0 }], 0).chosen).toStrictEqual([1]);
  });

  it("equal surplus: the larger total value wins ({0}: surplus 2, value 5 beats {1}: surplus 2, value 3)", () => {
    expect(bestBundle([{ value: 5, price: 3 }, { value: 3, price: 1 }], 3).chosen).toStrictEqual([0]);
  });

  it("equal surplus and value: the lexicographically smallest list wins, [0] over [1, 2] and [0, 2] over [1] (amounts in halves)", () => {
    // {0} and {1, 2}: surplus 2, value 6, cost 4 each (1, 3 and 2 in the currency).
    expect(bestBundle([{ value: 6, price: 4 }, { value: 3, price: 2 }, { value: 3, price: 2 }], 4).chosen).toStrictEqual([0]);
    // {1} and {0, 2}: surplus 2, value 6 each; [0, 2] < [1] though it is longer.
    expect(bestBundle([{ value: 3, price: 2 }, { value: 6, price: 4 }, { value: 3, price: 2 }], 4).chosen).toStrictEqual([0, 2]);
  });

  it("the doc example: surplus 2 four ways, {0, 2} has the most value", () => {
    expect(bestBundle([{ value: 5, price: 3 }, { value: 4, price: 2 }, { value: 1, price: 1 }], 4)).toStrictEqual({
      chosen: [0, 2],
      surplus: 2,
      value: 6,
      cost: 4,
    });
  });

  it("a one-unit surplus lead decides beside surpluses near 2^53 units: {0, 2} beats the costlier {1, 2}, at the edge of exact money", () => {
    // The float-era regression market for the knapsack's rounding guard, in halves, with item 2 raised so
    // that the budget, values and prices add up to exactly MAX_UNITS = 2^53 − 1. In floats, with item 2
    // at 2^60, {0}'s lead of 0.5 over {1} was lost beside it and the float tie rule picked [1, 2]. In
    // units every sum is exact: {0, 2} (cost 4, surplus big) beats {1, 2} (cost 2002, surplus big − 1).
    const big = MAX_UNITS - 6011;
    const items = [
      { value: 4, price: 2 },
      { value: 2001, price: 2000 },
      { value: big, price: 2 },
    ];
    expect(2002 + items.reduce((sum, { value, price }) => sum + value + price, 0)).toBe(MAX_UNITS);
    expect(bestBundle(items, 2002)).toStrictEqual({ chosen: [0, 2], surplus: big, value: big + 4, cost: 4 });
    expect(bruteForce(items, 2002).chosen).toStrictEqual([0, 2]);
    // One unit more and the sums could pass 2^53 − 1: refused.
    expect(() => bestBundle([...items.slice(0, 2), { value: big + 1, price: 2 }], 2002)).toThrow(/beyond the 9007199254740991 that are exact/);
  });
});

describe("bestBundle and bestSurplus: degenerate input", () => {
  it("bestBundle([], B) is the empty bundle with surplus 0", () => {
    expect(bestBundle([], 7)).toStrictEqual({ chosen: [], surplus: 0, value: 0, cost: 0 });
    expect(bestSurplus([], 7)).toBe(0);
  });

  it("budget 0 buys only free items; an infinite budget buys every item with V ≥ p", () => {
    expect(bestBundle([{ value: 4, price: 1 }, { value: 2, price: 0 }], 0).chosen).toStrictEqual([1]);
    expect(bestBundle([{ value: 4, price: 1 }, { value: 1, price: 2 }, { value: 2, price: 2 }], Number.POSITIVE_INFINITY).chosen).toStrictEqual([0, 2]);
  });

  it("K(β) is −Infinity for β < 0, and bestBundle refuses a negative budget", () => {
    expect(bestSurplus([{ value: 1, price: 0 }], -1)).toBe(Number.NEGATIVE_INFINITY);
    expect(paretoFrontier([], -1)).toStrictEqual([]);
    expect(() => bestBundle([], -1)).toThrow(RangeError);
  });

  it("bestBundle refuses negative or non-finite values and prices, and a NaN budget", () => {
    expect(() => bestBundle([{ value: -1, price: 0 }], 1)).toThrow(RangeError);
    expect(() => bestBundle([{ value: 1, price: Number.NaN }], 1)).toThrow(RangeError);
    expect(() => bestSurplus([{ value: 1, price: 1 }], Number.NaN)).toThrow(RangeError);
  });

  it("bestBundle does not modify its (frozen) input", () => {
    const items = Object.freeze([Object.freeze({ value: 5, price: 3 }), Object.freeze({ value: 4, price: 2 })]);
    expect(bestBundle(items, 4).chosen).toStrictEqual([0]);
    expect(paretoFrontier(items, 4)).toStrictEqual([
      { cost: 0, surplus: 0, chosen: [] },
      { cost: 2, surplus: 2, chosen: [1] },
    ]);
  });

  it("paretoFrontier on MODEL's Finding market, in tenths: {k} at cost 95 beats {l} at cost 10 by 10 units of surplus", () => {
    // k (V 11.5, p 9.5) and l (V 2, p 1) with budget 10, as 115, 95, 20, 10 and 100 tenths.
    expect(paretoFrontier([{ value: 115, price: 95 }, { value: 20, price: 10 }], 100)).toStrictEqual([
      { cost: 0, surplus: 0, chosen: [] },
      { cost: 10, surplus: 10, chosen: [1] },
      { cost: 95, surplus: 20, chosen: [0] },
    ]);
    expect(bestSurplus([{ value: 115, price: 95 }, { value: 20, price: 10 }], 100)).toBe(20);
  });
});

describe("paretoFrontier and bestSurplus refuse amounts that are not whole money units (MODEL §2)", () => {
  it("a fractional value or price names its item and points to toUnits; a fractional budget is refused too", () => {
    // bestBundle's refusals are in test/exactMoney.test.ts; the frontier validates on its own.
    expect(() => paretoFrontier([{ value: 20, price: 10 }, { value: 11.5, price: 9 }], 100)).toThrow(/item 1's value must be a whole number ≥ 0 of money units .*toUnits.*got 11\.5/);
    expect(() => bestSurplus([{ value: 115, price: 9.5 }], 100)).toThrow(/item 0's price must be a whole number ≥ 0 of money units .*got 9\.5/);
    expect(() => paretoFrontier([{ value: 115, price: 95 }], 10.5)).toThrow(/budget must be a whole number of money units or Infinity .*got 10\.5/);
    expect(() => bestSurplus([], 0.25)).toThrow(RangeError);
  });
});
