import { describe, expect, it } from "vitest";
import { lemma6 } from "../theory/lemma6.js";
import type { MarketCase } from "../theory/marketCase.js";
import { describeLemmaContract } from "./lemmaContract.js";

describe("lemma6 (L6, the optimal royalty rate)", () => {
  it("regression: a grid rate one ulp below α*, rounding to the same revenue, is not a lower price earning as much", () => {
    // Found by verify-lemmas-sized runs (seed 3, 4000 cases): α* = 22.989/24.25 = 0.9480000000000001 and the
    // grid rate 0.948 both earn 161.44544280000002 in floating point; in exact arithmetic 0.948 earns less.
    const c: MarketCase = {
      budgets: [173.6378, 89.5291, 26.25, 121.0493, 0.25],
      values: [[0, 79.3011, 0, 0, 0], [0, 66.75, 0, 0, 0], [0, 24.25, 0, 0, 27.511], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0]],
      prices: [0, 0, 0, 0, 26.25],
      seller: 1,
      demand: "whole",
    };
    expect(lemma6.check(c).holds).toBe(true);
  });

  it("worked example: a = 0.5 (budget 4, V 8) and a = 1 (V 1) give α* = 0.5 (revenue 4.5 > 1); divisible data peaks at α = 0.25", () => {
    // Buyer 0: budget 4 < V = 8, so MWP = 4 and a = 0.5; buyer 1: slack budget, MWP = V = 1, a = 1 (MODEL §2).
    const whole: MarketCase = { budgets: [4, 100], values: [[8], [1]], prices: [0], seller: 0, demand: "whole" };
    const result = lemma6.check(whole);
    expect(result.holds).toBe(true);
    expect(result.witness).toMatchObject({ rates: [0.5, 1], rate: 0.5, revenueAtChosen: 4.5 });
    expect(result.slack).toBeCloseTo((4.5 - 1) / 4.5, 15);
    // Buyer 0 alone with divisible data: R(α) = α·8·(1 − α/0.5), 0 at α* = 0.5, 1 at α = 0.25 (a grid point).
    const linear: MarketCase = { budgets: [4], values: [[8]], prices: [0], seller: 0, demand: "linear" };
    const failed = lemma6.check(linear);
    expect(failed.holds).toBe(false);
    expect(failed.witness).toMatchObject({ rate: 0.5, revenueAtChosen: 0, bestProbe: 0.25, bestProbeRevenue: 1 });
  });

  describeLemmaContract(lemma6, { seed: 20250271, seeds: { check: 20250272, control: 20250273, runLemma: 20250274 }, hypothesisRuns: 300, checkRuns: 400, controlRuns: 200 });
});
