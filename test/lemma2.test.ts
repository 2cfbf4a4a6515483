import { describe, expect, it } from "vitest";
import { lemma2 } from "../theory/lemma2.js";
import type { MarketCase } from "../theory/marketCase.js";
import { describeLemmaContract } from "./lemmaContract.js";

describe("lemma2 (L2, characterisation of the optimal price)", () => {
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

  describeLemmaContract(lemma2, { seed: 20250261, seeds: { check: 20250262, control: 20250263, runLemma: 20250264 }, hypothesisRuns: 300, checkRuns: 400, controlRuns: 200 });
});
