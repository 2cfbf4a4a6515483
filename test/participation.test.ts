import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { participationSpecs } from "../theory/oneBuyerInstance.js";
import { parseParticipation, ParticipationError, payRatio } from "../theory/participation.js";

/** Refusal message of a spec, or a failure naming the spec when it was wrongly accepted. */
function refusal(spec: string, options?: { requireA2?: boolean }): string {
  try {
    parseParticipation(spec, options);
  } catch (error) {
    expect(error, spec).toBeInstanceOf(ParticipationError);
    return (error as Error).message;
  }
  throw new Error(`parseParticipation("${spec}") was accepted but should be refused`);
}

describe("parseParticipation: the four families of MODEL §5", () => {
  // Reference values by hand from the family formulas of MODEL §5.
  it('linear:0.5 is ρ(x) = 1 − 0.5(1 − x): ρ(0) = 0.5, ρ(0.6) = 0.8, ρ(1) = 1', () => {
    const { rho, spec } = parseParticipation("linear:0.5");
    expect(spec).toBe("linear:0.5");
    expect([rho(0), rho(0.6), rho(1)]).toEqual([0.5, 0.8, 1]);
  });

  it("power:2 is ρ(x) = x²: ρ(0) = 0, ρ(0.5) = 0.25, ρ(1) = 1", () => {
    const { rho } = parseParticipation("power:2");
    expect([rho(0), rho(0.5), rho(1)]).toEqual([0, 0.25, 1]);
  });

  it("gap:0.9:1 is 0.9·x below fair pay and 1 at it: a strict gap, ρ(1 − 1e-9) < 0.9", () => {
    const { rho } = parseParticipation("gap:0.9:1");
    expect([rho(0), rho(0.5), rho(1)]).toEqual([0, 0.45, 1]);
    expect(rho(1 - 1e-9)).toBeLessThan(0.9);
  });

  it("gap:0.3:0 is the constant 0.3 below fair pay (γ = 0 is allowed)", () => {
    const { rho } = parseParticipation("gap:0.3:0");
    expect([rho(0), rho(0.7), rho(1)]).toEqual([0.3, 0.3, 1]);
  });

  it("expr:x^2 agrees with power:2 on 101 points (mathjs evaluates x^2 as x·x, exact for squares)", () => {
    const formula = parseParticipation("expr:x^2").rho;
    const power = parseParticipation("power:2").rho;
    for (let i = 0; i <= 100; i += 1) expect(formula(i / 100), `x = ${i / 100}`).toBeCloseTo(power(i / 100), 15);
  });

  it("expr accepts a conditional formula with a gap and returns exactly 1 at fair pay", () => {
    const { rho } = parseParticipation("expr:x < 1 ? 0.8*x : 1");
    expect([rho(0.5), rho(1)]).toEqual([0.4, 1]);
  });

  it("every drawn spec satisfies A2 at random points: values in [0, 1], non-decreasing, < 1 below 1 − 1e-9, 1 at 1", () => {
    // Points closer to 1 than 1e-9 are left out: ρ(x) = 1 − η(1 − x) rounds to 1 there in double precision.
    const point = fc.double({ min: 0, max: 1 - 1e-9, noNaN: true });
    fc.assert(
      fc.property(participationSpecs(), point, point, (spec, a, b) => {
        const { rho } = parseParticipation(spec);
        const [x, y] = a <= b ? [a, b] : [b, a];
        expect(rho(x), spec).toBeGreaterThanOrEqual(0);
        expect(rho(x), spec).toBeLessThanOrEqual(rho(y));
        expect(rho(y), spec).toBeLessThan(1);
        expect(rho(1), spec).toBe(1);
      }),
      { seed: 20240611, numRuns: 400 },
    );
  });

  it("the same spec parses to the same frozen object (parsing an expr runs once)", () => {
    const first = parseParticipation("expr:log(1 + x)/log(2)");
    expect(parseParticipation("expr:log(1 + x)/log(2)")).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
  });

  it("rho(x) refuses arguments outside [0, 1]", () => {
    const { rho } = parseParticipation("power:2");
    expect(() => rho(-0.1)).toThrow(RangeError);
    expect(() => rho(1.1)).toThrow(RangeError);
    expect(() => rho(Number.NaN)).toThrow(RangeError);
  });
});

describe("parseParticipation refuses specs that break A2, with a one-line message naming spec and condition", () => {
  it("a value outside [0, 1]", () => {
    expect(refusal("expr:x^2 - 0.5")).toBe('rho "expr:x^2 - 0.5": rho(0) = -0.5 is outside [0, 1]');
  });

  it("not non-decreasing", () => {
    // 0.5 − 0.4x + 0.9x² falls from 0.5 at 0 to 0.4996009 at 0.001 (by hand), then rises to 1 at 1.
    expect(refusal("expr:0.5 - 0.4*x + 0.9*x^2")).toBe(
      'rho "expr:0.5 - 0.4*x + 0.9*x^2": not non-decreasing: rho(0) = 0.5 > rho(0.001) = 0.4996009',
    );
  });

  it("ρ(1) ≠ 1", () => {
    expect(refusal("expr:0.9*x")).toBe('rho "expr:0.9*x": rho(1) = 0.9, but A2 needs rho(1) = 1');
  });

  it("ρ(x) = 1 for some x < 1, including ρ ≡ 1", () => {
    expect(refusal("expr:min(1, 2*x)")).toBe('rho "expr:min(1, 2*x)": rho(0.5) = 1, but A2 needs rho(x) < 1 for x < 1');
    expect(refusal("expr:1")).toBe('rho "expr:1": rho(0) = 1, but A2 needs rho(x) < 1 for x < 1');
  });

  it("ρ(x) = 1 only very near fair pay, caught by the points approaching 1", () => {
    // 1 − 1e-3 and above: min(1, x + 0.0005) reaches 1 at x = 0.9995, between the grid points 0.999 and 1.
    expect(refusal("expr:min(1, x + 0.0005)")).toMatch(/rho\(0\.9999\) = 1, but A2 needs rho\(x\) < 1 for x < 1/);
  });

  it("formulas that do not parse", () => {
    expect(refusal("expr:x +* 2")).toBe('rho "expr:x +* 2": formula does not parse: Value expected (char 4)');
    expect(refusal("expr:")).toBe('rho "expr:": empty formula (expected expr:<formula in x>)');
  });

  it("variables other than x, and assignments", () => {
    expect(refusal("expr:x*y")).toBe('rho "expr:x*y": unknown variable "y" (only x is allowed)');
    expect(refusal("expr:x = 3")).toMatch(/AssignmentNode is not allowed/);
  });

  it("results that are not real numbers, and unknown functions", () => {
    expect(refusal("expr:sqrt(x - 2)")).toMatch(/rho\(0\) = .*i is not a real number/);
    expect(refusal("expr:x > 0.5")).toBe('rho "expr:x > 0.5": rho(0) = false is not a real number');
    expect(refusal("expr:foo(x)")).toBe('rho "expr:foo(x)": evaluation failed at x = 0: Undefined function foo');
  });

  it("parameters out of range, missing parameters and unknown families", () => {
    expect(refusal("linear:1.5")).toBe('rho "linear:1.5": η = 1.5 is outside (0, 1]');
    expect(refusal("linear:0")).toBe('rho "linear:0": η = 0 is outside (0, 1]');
    expect(refusal("power:0")).toBe('rho "power:0": γ = 0 must be > 0');
    expect(refusal("power:-1")).toBe('rho "power:-1": γ = -1 must be > 0');
    expect(refusal("gap:1:2")).toBe('rho "gap:1:2": ρ̄ = 1 is outside [0, 1)');
    expect(refusal("gap:0.5:-1")).toBe('rho "gap:0.5:-1": γ = -1 must be ≥ 0');
    expect(refusal("gap:0.5")).toBe('rho "gap:0.5": gap needs 2 parameter(s) (gap:ρ̄:γ), got 1');
    expect(refusal("linear:abc")).toBe('rho "linear:abc": η = "abc" is not a finite number');
    expect(refusal("foo:1")).toMatch(/^rho "foo:1": unknown family "foo"/);
  });

  it("requireA2: false accepts ρ ≡ 1 for negative controls, and still refuses what is not a function into [0, 1]", () => {
    const { rho } = parseParticipation("expr:1", { requireA2: false });
    expect([rho(0), rho(0.5), rho(1)]).toEqual([1, 1, 1]);
    expect(refusal("expr:x^2 - 0.5", { requireA2: false })).toBe('rho "expr:x^2 - 0.5": rho(0) = -0.5 is outside [0, 1]');
    expect(refusal("expr:x +* 2", { requireA2: false })).toMatch(/does not parse/);
    expect(refusal("expr:x*y", { requireA2: false })).toMatch(/unknown variable "y"/);
  });
});

describe("payRatio(p, p*) = min(1, p/p*), MODEL §4", () => {
  it("is p/p* below fair pay, 1 at and above it, and 1 when p* = 0", () => {
    expect(payRatio(3, 4)).toBe(0.75);
    expect(payRatio(4, 4)).toBe(1);
    expect(payRatio(5, 4)).toBe(1);
    expect(payRatio(0, 4)).toBe(0);
    expect(payRatio(2, 0)).toBe(1);
  });

  it("lies in [0, 1] and is 1 exactly when p ≥ p*", () => {
    const money = fc.double({ min: 0, max: 1e6, noNaN: true });
    fc.assert(
      fc.property(money, money, (price, fair) => {
        const x = payRatio(price, fair);
        expect(x).toBeGreaterThanOrEqual(0);
        expect(x).toBeLessThanOrEqual(1);
        expect(x === 1).toBe(price >= fair);
      }),
      { seed: 4242, numRuns: 500 },
    );
  });

  it("refuses negative or non-finite prices", () => {
    expect(() => payRatio(-1, 4)).toThrow(RangeError);
    expect(() => payRatio(1, -4)).toThrow(RangeError);
    expect(() => payRatio(Number.POSITIVE_INFINITY, 4)).toThrow(RangeError);
  });
});
