import { describe, expect, it } from "vitest";
import { checkTradeoffHorizon, horizonLowerBound, lemma4, reversedWeightsHorizon, type Lemma4Instance } from "../theory/lemma4.js";
import { toMarket } from "../theory/oneBuyerInstance.js";
import { tradeoffHorizon } from "../theory/tradeoffHorizon.js";
import { describeLemmaContract } from "./lemmaContract.js";
import { horizonByLoop } from "./reference/oneBuyerLoops.js";

const SEED = 4004;

// Worked example: V = 10, p* = 6, c = 2, ρ(x) = 1 − 0.5(1 − x), p = 3, so r = 3/4, u* = 4, V − p = 7 and
// δ₀(3) = 3/(3 + 4/4) = 0.75 (by hand). Reference horizons from an independent loop over periods
// (test/reference/oneBuyerLoops.ts: D_T += δ^{t−1}(4 − 7·(3/4)^{t−1}) until D_T ≥ 0), which the tests run:
//   δ = 0.76 → 14, 0.8 → 10, 0.9 → 7, 0.95 → 6, 1 → 6;
//   δ = 0.75 + 0.25·10^−k, k = 1..8 → 11, 19, 26, 34, 42, 50, 58, 66 (about ln 10/ln(4/3) = 8 more per decade);
//   reversed weights δ^{T−t}: δ = 0.5 → 4, 0.76 → 5, 0.8 → 5, 0.9 → 6, 1 → 6 (finite below δ₀ and increasing).
const example: Lemma4Instance = Object.freeze({
  value: 10,
  fairPrice: 6,
  cost: 2,
  rho: "linear:0.5",
  price: 3,
  margins: [0.04, 0.2, 0.6, 0.8, 1],
  path: [3, 7],
  pathDiscounts: [0.8, 0.9, 1],
});
const marketAt = (discount: number) => toMarket({ ...example, discount });

describe("lemma4: the trade-off threshold increases as δ decreases (MODEL §8 L4)", () => {
  it("worked example: T̂(3, δ) = 14, 10, 7, 6, 6 at δ = 0.76, 0.8, 0.9, 0.95, 1, and ∞ at δ = 0.75·(1 − 1e-6)", () => {
    expect([0.76, 0.8, 0.9, 0.95, 1].map((δ) => tradeoffHorizon(marketAt(δ), 3))).toEqual([14, 10, 7, 6, 6]);
    expect([0.76, 0.8, 0.9, 0.95, 1].map((δ) => horizonByLoop({ ...example, discount: δ }, 3))).toEqual([14, 10, 7, 6, 6]);
    expect(horizonByLoop({ ...example, discount: 0.75 * (1 - 1e-6) }, 3)).toBeNull();
    expect(tradeoffHorizon(marketAt(0.75 * (1 - 1e-6)), 3)).toBe(Number.POSITIVE_INFINITY);
    expect(lemma4.check(example).holds).toBe(true);
  });

  it("worked example: T̂ on δ₀ + 0.25·10^−k grows by about 8 per decade, above ℓ(δ)", () => {
    const result = lemma4.check(example);
    expect(result.witness?.epsilonHorizons).toEqual([11, 19, 26, 34, 42, 50, 58, 66]);
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((k) => horizonByLoop({ ...example, discount: 0.75 + 0.25 * 10 ** -k }, 3))).toEqual([11, 19, 26, 34, 42, 50, 58, 66]);
    // ℓ(δ) = ln(a(1 − ρ)/(D_∞(1 − δρ)))/ln(1/δ) with a = V − p = 7, ρ = 3/4, u* = 4 and
    // D_∞ = u*/(1 − δ) − a/(1 − δρ): 61.16 at k = 8, below T̂ = 66.
    const δ = 0.75 + 0.25e-8;
    const dInfinity = 4 / (1 - δ) - 7 / (1 - δ * 0.75);
    const byFormula = Math.log((7 * 0.25) / (dInfinity * (1 - δ * 0.75))) / Math.log(1 / δ);
    expect(byFormula).toBeCloseTo(61.158, 2);
    expect(horizonLowerBound(marketAt(δ), 3)).toBeCloseTo(byFormula, 6);
  });

  it("worked example: the reversed-weights mutant gives 4, 5, 5, 6, 6 at δ = 0.5, 0.76, 0.8, 0.9, 1 and is rejected", () => {
    expect([0.5, 0.76, 0.8, 0.9, 1].map((δ) => reversedWeightsHorizon(marketAt(δ), 3))).toEqual([4, 5, 5, 6, 6]);
    const result = checkTradeoffHorizon(example, reversedWeightsHorizon);
    expect(result.holds).toBe(false);
    expect(result.witness?.failed).toEqual(
      expect.arrayContaining(["T̂ infinite for δ ≤ δ₀", "T̂ non-increasing in δ", "D_T̂ ≥ 0 > D_{T̂−1} by direct summation"]),
    );
  });

  it("a horizon off by one either way is rejected by the definition check", () => {
    for (const shift of [-1, 1]) {
      const shifted = (m: ReturnType<typeof marketAt>, price: number) => tradeoffHorizon(m, price) + shift;
      const result = checkTradeoffHorizon(example, shifted);
      expect(result.holds, `shift ${shift}`).toBe(false);
      expect(result.witness?.failed).toContain("D_T̂ ≥ 0 > D_{T̂−1} by direct summation");
    }
  });

  describeLemmaContract(lemma4, { seed: SEED, hypothesisRuns: 300, checkRuns: 300, controlRuns: 100, everyControlInstanceFails: true });

});
