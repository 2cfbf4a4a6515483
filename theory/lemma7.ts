/**
 * Lemma 7, participation loss is lower-bounded (MODEL §8 L7), as an executable check: when every active
 * seller is paid at most `κ̄ < 1` of its fair price, the expected number of sellers still active decays at
 * least like `ρ(κ̄)^{t−1}`. Checked exactly (products of stay probabilities under A1) and by a seeded
 * Monte Carlo simulation of A1 with a stated Hoeffding confidence bound.
 */
import fc from "fast-check";
import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import type { CheckResult, Lemma } from "./lemma.js";
import { a2Hypothesis, decimal, participationSpecs } from "./oneBuyerInstance.js";
import { parseParticipation } from "./participation.js";
import { verdict } from "./verdict.js";

/** Sellers active in period 1 and the pay ratio each would receive in each period. */
export interface Lemma7Instance {
  rho: string;
  /** `κ̄ < 1`, the cap on every pay ratio. */
  kappaBar: number;
  /** `payRatios[j][t − 1]`: seller j's pay ratio in period t = 1..T (the last one cannot affect N_T). */
  payRatios: number[][];
  /** Seed of the Monte Carlo simulation (pure-rand xoroshiro128+). */
  seed: number;
}

/** Simulated markets per instance. */
export const RUNS = 200;
/** One-sided error probability of the Monte Carlo bound (and two-sided, of its agreement with the exact value). */
export const ALPHA = 1e-6;
/**
 * `E[N_t]` (a sum of products) and `N_1·ρ̄^{t−1}` are rounded differently; with at most 25 factors and 8
 * sellers they differ by under (25 + 8)·ε ≈ 4e-15 of the bound when equal in exact arithmetic: 1e-13.
 */
const EXACT_TOLERANCE = 1e-13;

/**
 * Expected active sellers `E[N_t] = Σ_j Π_{s<t} ρ(x_{j,s})` for `t = 1..T` (A1: independent stays).
 *
 * Cost: O(N·T).
 */
export function expectedActive(rho: (x: number) => number, payRatios: ReadonlyArray<ReadonlyArray<number>>): number[] {
  const periods = payRatios[0]?.length ?? 0;
  const expected = new Array<number>(periods).fill(0);
  for (const ratios of payRatios) {
    let survival = 1;
    for (let t = 0; t < periods; t += 1) {
      expected[t] += survival;
      survival *= rho(ratios[t]);
    }
  }
  return expected;
}

/** Mean of `N_T` over `RUNS` simulated markets: each active seller stays with probability `ρ(x)`. */
export function simulatedActive(rho: (x: number) => number, payRatios: ReadonlyArray<ReadonlyArray<number>>, seed: number): number {
  const stays = payRatios.map((ratios) => ratios.slice(0, -1).map(rho));
  const rng = xoroshiro128plus(seed);
  let active = 0;
  for (let run = 0; run < RUNS; run += 1) {
    for (const sellerStays of stays) {
      let alive = true;
      for (let t = 0; t < sellerStays.length && alive; t += 1) alive = uniformFloat64(rng) < sellerStays[t];
      if (alive) active += 1;
    }
  }
  return active / RUNS;
}

/**
 * The check. Exactly: `E[N_t] ≤ N_1·ρ(κ̄)^{t−1}` for every `t = 1..T`. By simulation: with `n = 200` runs
 * and `N_T ∈ [0, N_1]`, Hoeffding gives `P(mean − E[N_T] ≥ h) ≤ α` for `h = N_1·√(ln(1/α)/(2n))`,
 * α = 1e-6; the check requires `mean − h ≤ N_1·ρ(κ̄)^{T−1}` (the data do not reject the bound at level α)
 * and `|mean − E[N_T]| ≤ N_1·√(ln(2/α)/(2n))` (the simulation agrees with the exact expectation).
 *
 * Slack (unitless): the smallest of `(bound_t − E[N_t])/bound_t` over t = 2..T (a fraction of the bound,
 * plus the 1e-13 rounding tolerance; it is the tolerance alone when every ratio equals κ̄, where the bound
 * is attained), and, as fractions of `N_1`, `(bound_T − (mean − h))/N_1` and the agreement margin.
 */
function check(i: Lemma7Instance): CheckResult {
  const { rho } = parseParticipation(i.rho, { requireA2: false });
  const sellers = i.payRatios.length;
  const periods = i.payRatios[0].length;
  const cap = rho(i.kappaBar);
  const expected = expectedActive(rho, i.payRatios);
  let bound = sellers; // N_1·ρ̄^{t−1}, multiplied period by period like the survival products
  let finalBound = sellers;
  let exactMargin = EXACT_TOLERANCE; // t = 1: E[N_1] = N_1, equality by definition
  for (let t = 1; t < periods; t += 1) {
    bound *= cap;
    finalBound = bound;
    const margin = bound > 0 ? (bound - expected[t]) / bound : expected[t] === 0 ? 0 : -1;
    exactMargin = Math.min(exactMargin, margin + EXACT_TOLERANCE);
  }
  const mean = simulatedActive(rho, i.payRatios, i.seed);
  const oneSided = sellers * Math.sqrt(Math.log(1 / ALPHA) / (2 * RUNS));
  const twoSided = sellers * Math.sqrt(Math.log(2 / ALPHA) / (2 * RUNS));
  return verdict(
    [
      { name: "E[N_t] ≤ N_1·ρ(κ̄)^{t−1} (exact)", margin: exactMargin },
      { name: "Monte Carlo does not reject the bound", margin: (finalBound - (mean - oneSided)) / sellers },
      { name: "Monte Carlo agrees with E[N_T]", margin: (twoSided - Math.abs(mean - expected[periods - 1])) / sellers },
    ],
    { sellers, periods, expected: expected[periods - 1], bound: finalBound, simulated: mean, halfWidth: oneSided },
  );
}

/** Sellers 1..8, periods 1..25, ratios `κ̄·share` with shares in [0, 1]. */
function lemma7Instances(): fc.Arbitrary<Lemma7Instance> {
  return fc
    .record({ sellers: fc.integer({ min: 1, max: 8 }), periods: fc.integer({ min: 1, max: 25 }) })
    .chain(({ sellers, periods }) =>
      fc.record({
        rho: participationSpecs(),
        kappaBar: decimal(0.05, 0.95),
        shares: fc.array(fc.array(decimal(0, 1), { minLength: periods, maxLength: periods }), { minLength: sellers, maxLength: sellers }),
        seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      }),
    )
    .map(({ rho, kappaBar, shares, seed }) => ({ rho, kappaBar, payRatios: shares.map((row) => row.map((s) => kappaBar * s)), seed }));
}

/**
 * Schedules with fair pay (ratio 1) in at least half of the periods before T and `κ̄` in the others, for
 * everyone: `E[N_T] = N_1·ρ̄^k` with `k ≤ (T − 1)/2` exceeds `N_1·ρ̄^{T−1}` by far more than the rounding
 * tolerance (κ̄ ≥ 0.5 and T ≤ 12 keep `ρ̄^k` above 1e-6).
 */
function fairPayInstances(): fc.Arbitrary<Lemma7Instance> {
  return fc
    .record({ sellers: fc.integer({ min: 1, max: 8 }), periods: fc.integer({ min: 2, max: 12 }) })
    .chain(({ sellers, periods }) =>
      fc.record({
        sellers: fc.constant(sellers),
        rho: participationSpecs(),
        kappaBar: decimal(0.5, 0.9),
        fair: fc.array(fc.boolean(), { minLength: periods, maxLength: periods }),
        seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      }),
    )
    .map(({ sellers, rho, kappaBar, fair, seed }) => {
      const before = fair.length - 1;
      const flags = [...fair];
      for (let t = 0; t < before && flags.slice(0, before).filter(Boolean).length * 2 < before; t += 1) flags[t] = true;
      const row = flags.map((isFair) => (isFair ? 1 : kappaBar));
      return { rho, kappaBar, payRatios: Array.from({ length: sellers }, () => [...row]), seed };
    });
}

export const lemma7: Lemma<Lemma7Instance> = {
  id: "L7",
  title: "Participation loss is lower-bounded",
  statement:
    "If every active seller's pay ratio is at most κ̄ < 1 in every period, the expected number of active sellers in period T is at most N_1·ρ(κ̄)^{T−1}: the expected loss is at least N_1·(1 − ρ(κ̄)^{T−1}).",
  formula: "x_{j,t} ≤ κ̄ < 1 ∀j,t ⇒ E[N_T] ≤ N_1·ρ(κ̄)^{T−1}",
  modelSection: "MODEL §8 L7 (docs/lemmas.md#l7-participation-loss-is-lower-bounded)",
  hypotheses: [
    a2Hypothesis,
    {
      name: "x ≤ κ̄ < 1",
      label: "every pay ratio in [0, κ̄], κ̄ < 1",
      holds: (i) => i.kappaBar < 1 && i.payRatios.length > 0 && i.payRatios.every((row) => row.length > 0 && row.every((x) => x >= 0 && x <= i.kappaBar)),
    },
  ],
  instances: lemma7Instances(),
  check,
  negativeControl: {
    drops: "x ≤ κ̄ < 1",
    description: "fair pay (x = 1) in at least half of the periods: ρ(1) = 1 keeps sellers beyond the bound",
    instances: fairPayInstances(),
  },
};
