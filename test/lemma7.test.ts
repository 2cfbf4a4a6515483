import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expectedActive, lemma7, simulatedActive, type Lemma7Instance } from "../theory/lemma7.js";
import { participationSpecs, decimal } from "../theory/oneBuyerInstance.js";
import { parseParticipation } from "../theory/participation.js";
import { describeLemmaContract } from "./lemmaContract.js";

const SEED = 7007;

// Worked example, by hand: ρ(x) = 1 − 0.5(1 − x), κ̄ = 1/2, so ρ(1/2) = 3/4 and ρ(1/4) = 5/8. Seller A is
// paid 1/2, 1/2, 1/2 and seller B 1/4, 1/2, 0. E[N_3] = (3/4)² + (5/8)(3/4) = 0.5625 + 0.46875 = 1.03125,
// below the bound 2·(3/4)² = 1.125; E[N_2] = 3/4 + 5/8 = 1.375 ≤ 2·3/4 = 1.5.
const example: Lemma7Instance = Object.freeze({
  rho: "linear:0.5",
  kappaBar: 0.5,
  payRatios: [
    [0.5, 0.5, 0.5],
    [0.25, 0.5, 0],
  ],
  seed: 1,
});

/** `E[N_t]` by enumerating every stay/leave outcome of every seller up to t (brute force, A1 independence). */
function expectedByEnumeration(rho: (x: number) => number, payRatios: number[][], t: number): number {
  let total = 0;
  for (const ratios of payRatios) {
    const steps = t - 1;
    for (let outcome = 0; outcome < 2 ** steps; outcome += 1) {
      let probability = 1;
      let alive = true;
      for (let s = 0; s < steps; s += 1) {
        const stays = ((outcome >> s) & 1) === 1;
        probability *= stays ? rho(ratios[s]) : 1 - rho(ratios[s]);
        alive &&= stays;
      }
      if (alive) total += probability;
    }
  }
  return total;
}

describe("lemma7: participation loss is lower-bounded (MODEL §8 L7)", () => {
  it("worked example: E[N_t] = 2, 1.375, 1.03125 against the bound 2, 1.5, 1.125", () => {
    const { rho } = parseParticipation("linear:0.5");
    expect(expectedActive(rho, example.payRatios)).toEqual([2, 1.375, 1.03125]);
    const result = lemma7.check(example);
    expect(result.holds).toBe(true);
    expect(result.witness).toMatchObject({ sellers: 2, periods: 3, expected: 1.03125, bound: 1.125 });
    // Hoeffding half-width N_1·√(ln(1/α)/(2n)) = 2·√(13.8155/400) = 0.37169 (by hand).
    expect(result.witness?.halfWidth as number).toBeCloseTo(0.37169, 4);
  });

  it("E[N_t] equals the sum over every stay/leave outcome (brute-force enumeration, up to 2^8 per seller)", () => {
    const schedules = fc.record({
      rho: participationSpecs(),
      payRatios: fc.array(fc.array(decimal(0, 1), { minLength: 9, maxLength: 9 }), { minLength: 1, maxLength: 4 }),
    });
    fc.assert(
      fc.property(schedules, ({ rho: spec, payRatios }) => {
        const { rho } = parseParticipation(spec);
        const expected = expectedActive(rho, payRatios);
        for (let t = 1; t <= 9; t += 1) expect(expected[t - 1]).toBeCloseTo(expectedByEnumeration(rho, payRatios, t), 12);
      }),
      { seed: SEED, numRuns: 100 },
    );
  });

  it("the simulation is reproducible from its seed and differs across seeds", () => {
    const { rho } = parseParticipation("linear:0.5");
    const ratios = Array.from({ length: 6 }, () => [0.5, 0.5, 0.5, 0.5]);
    expect(simulatedActive(rho, ratios, 11)).toBe(simulatedActive(rho, ratios, 11));
    const means = new Set([1, 2, 3, 4, 5].map((seed) => simulatedActive(rho, ratios, seed)));
    expect(means.size).toBeGreaterThan(1);
  });

  describeLemmaContract(lemma7, {
    seed: SEED,
    hypothesisRuns: 300,
    checkRuns: 300,
    controlRuns: 100,
    everyControlInstanceFails: true,
    // Fair pay in half the periods breaks the exact bound itself, not only the Monte Carlo estimate.
    controlCase: (_, result) => expect(result.witness?.failed).toContain("E[N_t] ≤ N_1·ρ(κ̄)^{t−1} (exact)"),
  });

});
