import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fairPrice, revenueAtPrice } from "../theory/fairPrice.js";

/** Quarters (many equal MWPs and equal revenues) or ten-thousandths, up to 100. */
const mwp = fc.oneof(
  fc.integer({ min: 0, max: 400 }).map((k) => k / 4),
  fc.integer({ min: 0, max: 1_000_000 }).map((k) => k / 10_000),
);

/**
 * The reference: R(q) = q·#{m ≥ q} counted directly, maximised over every MWP (a step function that
 * rises between MWPs peaks at one of them), the lowest maximiser taken; 0 when there is none.
 */
function lowestMaximiser(mwps: ReadonlyArray<number>): { price: number; revenue: number } {
  let best = { price: 0, revenue: 0 };
  for (const q of mwps) {
    const revenue = q * mwps.filter((m) => m >= q).length;
    if (revenue > best.revenue || (revenue === best.revenue && q < best.price)) best = { price: q, revenue };
  }
  return best;
}

describe("fairPrice (Lemma 2 price) against a dense grid", () => {
  it("fairPrice(m) earns at least R(q) at 2001 grid prices on [0, max m], and is the lowest MWP earning its revenue", () => {
    fc.assert(
      fc.property(fc.array(mwp, { maxLength: 8 }), (mwps) => {
        const price = fairPrice(mwps);
        const revenue = revenueAtPrice(mwps, price);
        const top = Math.max(0, ...mwps);
        let gridBest = 0;
        let belowBest = Number.NEGATIVE_INFINITY; // the best revenue at grid prices below fairPrice
        for (let i = 0; i <= 2000; i += 1) {
          const q = (top * i) / 2000;
          gridBest = Math.max(gridBest, revenueAtPrice(mwps, q));
          if (q < price) belowBest = Math.max(belowBest, revenueAtPrice(mwps, q));
        }
        expect(gridBest, JSON.stringify(mwps)).toBeLessThanOrEqual(revenue);
        expect(belowBest, JSON.stringify(mwps)).toBeLessThan(revenue);
        expect(price).toBe(lowestMaximiser(mwps).price);
        if (mwps.length > 0) expect(mwps).toContain(price);
      }),
      { seed: 20250221, numRuns: 500 },
    );
  });
});

describe("fairPrice: worked examples (by hand from MODEL §3)", () => {
  it("fairPrice([5, 3, 1]) is 3: revenues 5, 6, 3", () => {
    expect(fairPrice([5, 3, 1])).toBe(3);
    expect(revenueAtPrice([5, 3, 1], 3)).toBe(6);
  });

  it("ties go to the lowest price: fairPrice([2, 1]) is 1 (revenues 2 and 2), fairPrice([6, 3, 2]) is 2 (6, 6, 6)", () => {
    expect(fairPrice([2, 1])).toBe(1);
    expect(fairPrice([6, 3, 2])).toBe(2);
  });

  it("equal MWPs count together: fairPrice([4, 4, 1]) is 4 (revenue 8, not 4), and their order does not matter", () => {
    expect(fairPrice([4, 4, 1])).toBe(4);
    expect(fairPrice([1, 4, 4])).toBe(4);
  });

  it("no buyers, or every MWP 0: price 0", () => {
    expect(fairPrice([])).toBe(0);
    expect(fairPrice([0, 0])).toBe(0);
    expect(revenueAtPrice([], 3)).toBe(0);
  });

  it("refuses a negative or non-finite MWP, and leaves its (frozen) input alone", () => {
    expect(() => fairPrice([1, -1])).toThrow(RangeError);
    expect(() => fairPrice([Number.NaN])).toThrow(RangeError);
    expect(() => fairPrice([Number.POSITIVE_INFINITY])).toThrow(RangeError);
    expect(fairPrice(Object.freeze([5, 3, 1]))).toBe(3);
  });
});
