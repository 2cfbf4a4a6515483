import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { lemma2 } from "../theory/lemma2.js";
import type { MarketCase } from "../theory/marketCase.js";
import { runLemma } from "../theory/runLemma.js";

describe("lemma2 (L2, characterisation of the optimal price)", () => {
  it("every drawn instance meets every hypothesis", () => {
    fc.assert(
      fc.property(lemma2.instances, (c) => {
        for (const h of lemma2.hypotheses) expect(h.holds(c), `${h.name}: ${JSON.stringify(c)}`).toBe(true);
      }),
      { seed: 20250261, numRuns: 300 },
    );
  });

  it("check(instance) holds on 400 drawn markets, with slack ≥ 0 exactly when it holds", () => {
    fc.assert(
      fc.property(lemma2.instances, (c) => {
        const result = lemma2.check(c);
        expect(result.holds, JSON.stringify({ c, result })).toBe(true);
        expect(result.slack).toBeGreaterThanOrEqual(0);
      }),
      { seed: 20250262, numRuns: 400 },
    );
  });

  it("the negative control (divisible data) breaks 'indivisible data' and finds a counterexample with negative slack", () => {
    fc.assert(
      fc.property(lemma2.negativeControl.instances, (c) => {
        expect(lemma2.hypotheses.find((h) => h.name === lemma2.negativeControl.drops)?.holds(c)).toBe(false);
        const result = lemma2.check(c);
        expect(result.slack >= 0).toBe(result.holds);
      }),
      { seed: 20250263, numRuns: 200 },
    );
    const outcome = runLemma(lemma2, { runs: 200, seed: 20250264 });
    expect(outcome.holds).toBe(true);
    expect(outcome.negativeControl.detected).toBe(true);
    expect(outcome.negativeControl.witness?.slack).toBeLessThan(0);
  });

  it("worked example: MWPs 6 and 4 (slack budgets) give p* = 4 (revenue 8 > 6); with linear demand for m = 4 the grid finds q = 2 earning 1", () => {
    // Two buyers with budget 100, one seller valued 6 and 4: MWP = V with a slack budget (MODEL §2).
    const whole: MarketCase = { budgets: [100, 100], values: [[6], [4]], prices: [0], seller: 0, demand: "whole" };
    const result = lemma2.check(whole);
    expect(result.holds).toBe(true);
    expect(result.witness).toMatchObject({ mwps: [6, 4], price: 4, revenueAtChosen: 8 });
    // Runner-up: R(6) = 6, so the gap is (8 − 6)/8.
    expect(result.slack).toBe(0.25);
    // One buyer with m = 4 and divisible data: R(q) = q(1 − q/4), 0 at the MWP, 1 at q = 2 (grid step 4/2000).
    const linear: MarketCase = { budgets: [100], values: [[4]], prices: [0], seller: 0, demand: "linear" };
    const failed = lemma2.check(linear);
    expect(failed.holds).toBe(false);
    expect(failed.witness).toMatchObject({ price: 4, revenueAtChosen: 0, bestProbe: 2, bestProbeRevenue: 1 });
  });
});
