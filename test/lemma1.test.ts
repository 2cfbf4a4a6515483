import { describe, expect, it } from "vitest";
import { explicitBound, lemma1, lemma1Threshold, type Lemma1Instance } from "../theory/lemma1.js";
import { describeLemmaContract } from "./lemmaContract.js";
import { horizonByLoop, utilityByLoop } from "./reference/oneBuyerLoops.js";

const SEED = 1001;

// Worked example, by hand (and confirmed by the plain loops of test/reference/oneBuyerLoops.ts): V = 10, p* = 6, c = 2, ρ(x) = 1 − 0.5(1 − x),
// κ̄ = 1/2, the path [3] = κ̄p*. Then ū = 8, u* = 4, ρ̄ = 3/4, δ₀ = (8 − 4)/(8 − 3) = 0.8. With δ = 0.9:
// U_T(p*) = 40(1 − 0.9^T) first exceeds ū/(1 − δρ̄) = 8/0.325 = 24.615 at T = 10 (26.05; T = 9 gives
// 24.50), and D_T = U_T(p*) − U_T(3) is −0.7589 at T = 6 and +0.7048 at T = 7, so T̂ = 7 ≤ 10.
const example: Lemma1Instance = Object.freeze({
  value: 10,
  fairPrice: 6,
  cost: 2,
  discount: 0.9,
  rho: "linear:0.5",
  kappaBar: 0.5,
  path: Object.freeze([3]) as number[],
});

describe("lemma1: inevitable failure of exploitative pricing (MODEL §8 L1)", () => {
  it("worked example: T̂ = 7, explicit bound 10, δ₀ = 0.8", () => {
    expect(lemma1Threshold(example)).toBeCloseTo(0.8, 14);
    expect(explicitBound(4, 8, 0.9, 0.75)).toBe(10);
    const result = lemma1.check(example);
    expect(result.holds).toBe(true);
    expect(result.slack).toBeGreaterThan(0);
    expect(result.witness).toMatchObject({ horizon: 7, firstCrossing: 7, bound: 10 });
    // The same numbers period by period: D_6 = −0.7589, D_7 = +0.7048, U_9(p*) = 24.50, U_10(p*) = 26.05.
    const loops = { value: 10, fairPrice: 6, discount: 0.9, rho: "linear:0.5" };
    expect(horizonByLoop(loops, 3)).toBe(7);
    expect(utilityByLoop(loops, 6, 6) - utilityByLoop(loops, 3, 6)).toBeCloseTo(-0.7589, 4);
    expect(utilityByLoop(loops, 6, 7) - utilityByLoop(loops, 3, 7)).toBeCloseTo(0.7048, 4);
    expect([utilityByLoop(loops, 6, 9), utilityByLoop(loops, 6, 10)].map((u) => u > 8 / 0.325)).toEqual([false, true]);
  });

  it("worked example with δ = 0.7 ≤ δ₀ = 0.8: the check fails, as U_∞(p*) = 13.33 < U_∞(3) = 14.74 (by hand)", () => {
    const result = lemma1.check({ ...example, discount: 0.7 });
    expect(result.holds).toBe(false);
    expect(result.slack).toBeLessThan(0);
    expect(result.witness?.failed).toContain("U_∞(path) < U_∞(p*)");
  });

  it("the explicit bound is u*T > ū/(1 − ρ̄) at δ = 1: T = 9 for u* = 4, ū = 8, ρ̄ = 0.75 (32/4 = 8, so 9)", () => {
    expect(explicitBound(4, 8, 1, 0.75)).toBe(9);
    expect(explicitBound(4, 8, 0.7, 0.75)).toBe(Number.POSITIVE_INFINITY);
  });

  it("for a path, fairshare can draw level (T = 4) and fall behind again (T = 6): T̂ is where it stays ahead, 7", () => {
    // By hand: V = 10, p* = 6, c = 0, δ = 1, ρ(x) = x, κ̄ = 0.9, path 5.4 ×5 then 0, repeating. Survival
    // is 0.9^{t−1} through period 6 and 0 after it (ρ(0) = 0). D_T = −0.6, −0.74, −0.466, +0.181, +1.163,
    // then period 6 pays the buyer 10·0.9^5 = 5.905 > u* = 4: D_6 = −0.742, and D_7 = +3.258 onwards.
    // So min{T : D_T ≥ 0} = 4 does not give "ahead for every later T"; the check's T̂ is 7 ≤ bound 26.
    const zigzag: Lemma1Instance = { value: 10, fairPrice: 6, cost: 0, discount: 1, rho: "linear:1", kappaBar: 0.9, path: [5.4, 5.4, 5.4, 5.4, 5.4, 0] };
    const result = lemma1.check(zigzag);
    expect(result.holds).toBe(true);
    expect(result.witness).toMatchObject({ firstCrossing: 4, horizon: 7, bound: 26 });
  });

  describeLemmaContract(lemma1, { seed: SEED, hypothesisRuns: 300, checkRuns: 400, controlRuns: 100, everyControlInstanceFails: true });

});
