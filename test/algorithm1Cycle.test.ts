/**
 * Algorithm 1's cycle detection (issue #16) returns, bit for bit, what the plain loop returns: the same
 * prices, MWPs, rounds and verdict, on random markets that converge, cycle early and cycle late, in both
 * MWP modes and under every round limit.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fairsharePrices, type FairshareOptions, type FairshareResult } from "../theory/algorithm1.js";
import { marketInUnits, type Market } from "../theory/market.js";
import { marketCases, marketOf } from "../theory/marketCase.js";

/** The plain loop: every sweep up to `maxRounds`. */
const plain = (market: Market, options: FairshareOptions) => fairsharePrices(market, { ...options, detectCycles: false });

/** Cycle detection's result equals the plain loop's in every field but `cycle`, which names a real cycle. */
function expectSameAsPlain(market: Market, options: FairshareOptions): FairshareResult {
  const fast = fairsharePrices(market, options);
  const slow = plain(market, options);
  expect(slow.cycle).toBeNull();
  expect({ ...fast, cycle: null }).toStrictEqual(slow);
  if (fast.cycle !== null) {
    const { start, length } = fast.cycle;
    expect(fast.converged).toBe(false);
    expect(length).toBeGreaterThanOrEqual(1);
    expect(start + length).toBeLessThanOrEqual(options.maxRounds ?? 50);
    // The sweeps after `start` and after `start + length` end on the same prices (sweep 0: the start).
    const after = (rounds: number) => plain(market, { ...options, maxRounds: rounds }).prices;
    if (start > 0) expect(after(start + length)).toStrictEqual(after(start));
  }
  return fast;
}

/**
 * Markets of whole currency amounts (1–3 buyers, 2–6 sellers, budgets 1–12, values 0–12): ties
 * everywhere, and about one in ten cycles (the shape of test/algorithm1.test.ts's hand-worked cycle).
 */
const tiedMarkets: fc.Arbitrary<Market> = fc
  .record({ buyers: fc.integer({ min: 1, max: 3 }), sellers: fc.integer({ min: 2, max: 6 }) })
  .chain(({ buyers, sellers }) =>
    fc.record({
      budgets: fc.array(fc.integer({ min: 1, max: 12 }), { minLength: buyers, maxLength: buyers }),
      values: fc.array(fc.array(fc.integer({ min: 0, max: 12 }), { minLength: sellers, maxLength: sellers }), { minLength: buyers, maxLength: buyers }),
    }),
  )
  .map(({ budgets, values }) =>
    marketInUnits({ buyers: budgets.map((budget, b) => ({ id: `b${b}`, budget })), sellers: values[0].map((_, j) => ({ id: `s${j}`, cost: 0 })), values }),
  );

describe("fairsharePrices with cycle detection is the plain loop, bit for bit", () => {
  it("on tied markets of whole amounts, every round limit from 1 to 60, both MWP modes: converging, cycling early and late", () => {
    const seen = { converged: 0, cycled: 0, late: 0 };
    fc.assert(
      fc.property(tiedMarkets, fc.integer({ min: 1, max: 60 }), fc.constantFrom("exact" as const, "fractional" as const), (market, maxRounds, mwp) => {
        const result = expectSameAsPlain(market, { maxRounds, mwp });
        if (result.converged) seen.converged += 1;
        if (result.cycle !== null) seen.cycled += 1;
        if (result.cycle !== null && result.cycle.start >= 5) seen.late += 1;
      }),
      { seed: 20261203, numRuns: 1000 },
    );
    // A property that never saw a cycle, or only ones caught at once, would prove nothing about the shortcut.
    expect(seen.converged).toBeGreaterThan(300);
    expect(seen.cycled).toBeGreaterThan(40);
    expect(seen.late).toBeGreaterThan(5);
  });

  it("on the lemma markets (1–4 buyers, 2–7 sellers, money in quarters or ten-thousandths)", () => {
    fc.assert(
      fc.property(marketCases({ maxBuyers: 4, maxSellers: 7 }).map(marketOf), fc.integer({ min: 1, max: 60 }), (market, maxRounds) => void expectSameAsPlain(market, { maxRounds })),
      { seed: 20261204, numRuns: 300 },
    );
  });
});
