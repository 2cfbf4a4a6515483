import { describe, expect, it } from "vitest";
import { bestPrice } from "../theory/bestPrice.js";
import { lemma3 } from "../theory/lemma3.js";
import { toMarket, type OneBuyerInstance } from "../theory/oneBuyerInstance.js";
import { describeLemmaContract } from "./lemmaContract.js";
import { gridArgmax, limitUtility, utilityByLoop } from "./reference/oneBuyerLoops.js";

const SEED = 3003;

// Worked example: V = 10, p* = 6, c = 2, ρ(x) = 1 − 0.5(1 − x), δ = 0.9. The ratio of δ̲ is
// 6(1 − x)/(6(1 − x) + 0.5(1 − x)·4) = 0.75 at every x (by hand), so δ = 0.9 > δ̲. Reference values from
// independent plain loops (test/reference/oneBuyerLoops.ts: sums period by period, an 8001-point price
// grid on [2, 10]), which the test runs: some price below p* beats p* up to T = 8 only.
const example: OneBuyerInstance = Object.freeze({ value: 10, fairPrice: 6, cost: 2, discount: 0.9, rho: "linear:0.5" });

describe("lemma3: the buyer's optimal price is also p* (MODEL §8 L3)", () => {
  it("worked example: δ̲ = 0.75, p* is best in the limit, and from the horizon T = 9 on", () => {
    const result = lemma3.check(example);
    expect(result.holds).toBe(true);
    expect(result.witness?.threshold as number).toBeCloseTo(0.75, 9);
    expect(result.witness).toMatchObject({ limitPrice: 6, horizon: 9, horizons: [9, 10, 18, 90] });
    // The horizon is not loose here: at T = 8 a lower price still wins (the grid above), at T = 9 none does.
    expect(bestPrice(toMarket(example), 8).price).toBeLessThan(6);
    const loops = { value: 10, fairPrice: 6, discount: 0.9, rho: "linear:0.5" };
    const gridBest = (T: number) => gridArgmax((p) => utilityByLoop(loops, p, T), 2, 10, 8001);
    expect(gridBest(8).price).toBeLessThan(6);
    expect(gridBest(8).utility).toBeGreaterThan(utilityByLoop(loops, 6, 8));
    expect(gridBest(9).price).toBe(6);
  });

  it("negative-control example: ρ = x^0.1, δ = 0.8 < δ̲ = 0.9375 puts argmax U_∞ near 2.0273, below p* = 6", () => {
    // δ̲ ≥ limit at x → 1 of 6(1 − x)/(6(1 − x) + (1 − x^0.1)·4) = 6/(6 + 0.4) = 0.9375 (by hand); the
    // argmax 2.0273 with U_∞ = 28.2459 > U_∞(p*) = 20 comes from a 100 001-point grid on [0, 10] of the
    // closed limit (V − p)/(1 − δρ(p/p*)) (test/reference/oneBuyerLoops.ts), run here.
    const flat: OneBuyerInstance = { value: 10, fairPrice: 6, cost: 0, discount: 0.8, rho: "power:0.1" };
    const grid = gridArgmax((p) => limitUtility({ value: 10, fairPrice: 6, discount: 0.8, rho: "power:0.1" }, p), 0, 10, 100_001);
    expect(grid.price).toBeCloseTo(2.0273, 3);
    expect(grid.utility).toBeCloseTo(28.2459, 3);
    const found = bestPrice(toMarket(flat), "inf");
    expect(found.price).toBeCloseTo(2.0273, 3);
    expect(found.utility).toBeCloseTo(28.2459, 3);
    const result = lemma3.check(flat);
    expect(result.holds).toBe(false);
    expect(result.witness?.failed).toContain("argmax U_∞ = p*");
  });

  describeLemmaContract(lemma3, {
    seed: SEED,
    hypothesisRuns: 200,
    checkRuns: 300,
    controlRuns: 100,
    everyControlInstanceFails: true,
    // The flat ρ makes a lower price better in the limit: the argmax itself moves below p*.
    controlCase: (instance, result) => expect(result.witness?.limitPrice as number).toBeLessThan(instance.fairPrice),
  });

});
