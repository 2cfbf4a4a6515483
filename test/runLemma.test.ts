import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Lemma } from "../theory/lemma.js";
import { runLemma } from "../theory/runLemma.js";

// A toy "lemma" with a known truth value, kept trivial on purpose so that the runner, not the
// mathematics, is under test: x ≥ 0 ⇒ x·|x| ≥ 0. Its control drops x ≥ 0 and must find some x < 0.
const squareIsAtLeastHalfSigned: Lemma<number> = {
  id: "L1",
  title: "toy: x·|x| ≥ 0 for x ≥ 0",
  statement: "toy",
  formula: "x ≥ 0 ⇒ x·|x| ≥ 0",
  modelSection: "none",
  hypotheses: [{ name: "x ≥ 0", label: "non-negative", holds: (x) => x >= 0 }],
  instances: fc.double({ min: 0, max: 100, noNaN: true }),
  check: (x) => ({ holds: x * Math.abs(x) >= 0, slack: x * Math.abs(x) }),
  negativeControl: {
    drops: "x ≥ 0",
    description: "negative x",
    instances: fc.double({ min: -100, max: 100, noNaN: true }),
  },
};

describe("runLemma", () => {
  it("counts every case, reports the smallest slack and a found control", () => {
    const outcome = runLemma(squareIsAtLeastHalfSigned, { runs: 300, seed: 7 });
    expect(outcome.cases).toBe(300);
    expect(outcome.failures).toBe(0);
    expect(outcome.holds).toBe(true);
    // The instances include x = 0 (fast-check biases towards bounds), whose slack is exactly 0.
    expect(outcome.worstSlack).toBe(0);
    expect(outcome.negativeControl.detected).toBe(true);
    expect(outcome.negativeControl.counterexample as number).toBeLessThan(0);
  });

  it("counts failures instead of stopping at the first, and shrinks a counterexample", () => {
    // Claim "x < 50" over [0, 100]: false on part of the range, true on the rest.
    const wrong: Lemma<number> = { ...squareIsAtLeastHalfSigned, check: (x) => ({ holds: x < 50, slack: 50 - x }) };
    const outcome = runLemma(wrong, { runs: 400, seed: 11 });
    const drawn = fc.sample(wrong.instances, { seed: 11, numRuns: 400 });
    expect(outcome.holds).toBe(false);
    expect(outcome.failures).toBe(drawn.filter((x) => x >= 50).length);
    expect(outcome.failures).toBeGreaterThan(1);
    expect(outcome.failures).toBeLessThan(400);
    // fast-check shrinks towards the boundary of the failing region: exactly 50.
    expect(outcome.counterexample).toBe(50);
    expect(outcome.worstSlack).toBeLessThan(0);
  });

  it("does not count a control whose check throws as having found a counterexample", () => {
    const throwing: Lemma<number> = {
      ...squareIsAtLeastHalfSigned,
      negativeControl: {
        ...squareIsAtLeastHalfSigned.negativeControl,
        check: () => {
          throw new Error("broken control");
        },
      },
    };
    const outcome = runLemma(throwing, { runs: 50, seed: 3 });
    expect(outcome.negativeControl.detected).toBe(false);
    expect(outcome.negativeControl.error).toBe("broken control");
  });

  it("reports a control that never finds a counterexample as not detected", () => {
    const blind: Lemma<number> = {
      ...squareIsAtLeastHalfSigned,
      negativeControl: { ...squareIsAtLeastHalfSigned.negativeControl, instances: fc.double({ min: 0, max: 1, noNaN: true }) },
    };
    expect(runLemma(blind, { runs: 200, seed: 5 }).negativeControl.detected).toBe(false);
  });

  it("draws the same instances and counterexamples from the same seed", () => {
    const a = runLemma(squareIsAtLeastHalfSigned, { runs: 100, seed: 42 });
    const b = runLemma(squareIsAtLeastHalfSigned, { runs: 100, seed: 42 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });
});
