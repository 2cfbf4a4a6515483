import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { royaltyRate, royaltyRevenue } from "../theory/royalty.js";

/** A buyer's (MWP, value) with MWP ≤ V as MODEL §2 guarantees; values often 0, rates often equal. */
const buyer = fc.oneof(
  fc.record({ value: fc.integer({ min: 0, max: 8 }), share: fc.integer({ min: 0, max: 4 }) }).map(({ value, share }) => ({ mwp: (value * share) / 4, value })),
  fc.record({ value: fc.integer({ min: 0, max: 1_000_000 }), share: fc.double({ min: 0, max: 1, noNaN: true }) }).map(({ value, share }) => ({
    mwp: (value / 10_000) * share,
    value: value / 10_000,
  })),
);

/** MODEL §8 L6 transcribed: R(α) = α · Σ_{b : V_b > 0, MWP_b/V_b ≥ α} V_b. */
const revenueOf = (mwps: number[], values: number[], alpha: number) =>
  alpha * values.reduce((sum, v, b) => (v > 0 && mwps[b] / v >= alpha ? sum + v : sum), 0);

describe("royaltyRate (Lemma 6 rate) against a dense grid", () => {
  it("royaltyRate(m, V) earns at least R(α) at 2001 rates on [0, 1] and at every a_b, and no lower a_b earns as much", () => {
    fc.assert(
      fc.property(fc.array(buyer, { maxLength: 8 }), (buyers) => {
        const mwps = buyers.map((b) => b.mwp);
        const values = buyers.map((b) => b.value);
        const rate = royaltyRate(mwps, values);
        const revenue = revenueOf(mwps, values, rate);
        expect(royaltyRevenue(mwps, values, rate)).toBe(revenue);
        const rates = buyers.filter((b) => b.value > 0).map((b) => b.mwp / b.value);
        let best = 0;
        for (let i = 0; i <= 2000; i += 1) best = Math.max(best, revenueOf(mwps, values, i / 2000));
        for (const a of rates) {
          best = Math.max(best, revenueOf(mwps, values, a));
          if (a < rate) expect(revenueOf(mwps, values, a), JSON.stringify(buyers)).toBeLessThan(revenue);
        }
        expect(best, JSON.stringify(buyers)).toBeLessThanOrEqual(revenue);
        expect(rates.length === 0 ? [0] : rates).toContain(rate);
      }),
      { seed: 20250231, numRuns: 500 },
    );
  });
});

describe("royaltyRate: worked examples (by hand from MODEL §8 L6)", () => {
  it("royaltyRate([4, 1], [8, 1]) is 0.5: rates 0.5 and 1, revenues 1·1 = 1 and 0.5·9 = 4.5", () => {
    expect(royaltyRate([4, 1], [8, 1])).toBe(0.5);
    expect(royaltyRevenue([4, 1], [8, 1], 0.5)).toBe(4.5);
    expect(royaltyRevenue([4, 1], [8, 1], 1)).toBe(1);
  });

  it("ties go to the lowest rate: m = [2, 1], V = [2, 2] earns 2 at α = 1 and at α = 0.5, so 0.5", () => {
    expect(royaltyRate([2, 1], [2, 2])).toBe(0.5);
  });

  it("equal rates are one step: m = [1, 1, 3], V = [2, 2, 3] earns 3 at α = 1 and 0.5·7 = 3.5 at α = 0.5", () => {
    expect(royaltyRate([1, 1, 3], [2, 2, 3])).toBe(0.5);
  });

  it("buyers with V = 0 pay nothing and are left out; none left, or every rate 0, gives rate 0", () => {
    expect(royaltyRate([0, 3], [0, 6])).toBe(0.5);
    expect(royaltyRevenue([0, 3], [0, 6], 0.5)).toBe(3);
    expect(royaltyRate([0], [0])).toBe(0);
    expect(royaltyRate([], [])).toBe(0);
    expect(royaltyRate([0, 0], [2, 5])).toBe(0);
  });

  it("refuses lists of different lengths and negative or non-finite numbers; leaves frozen input alone", () => {
    expect(() => royaltyRate([1], [1, 2])).toThrow(RangeError);
    expect(() => royaltyRevenue([-1], [1], 0.5)).toThrow(RangeError);
    expect(() => royaltyRate([1], [Number.POSITIVE_INFINITY])).toThrow(RangeError);
    expect(royaltyRate(Object.freeze([4, 1]), Object.freeze([8, 1]))).toBe(0.5);
  });
});
