import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { brentMaximize } from "../theory/optimize/brent.js";
import { goldenSectionMaximize } from "../theory/optimize/goldenSection.js";
import { gridMaximize } from "../theory/optimize/gridMaximize.js";
import type { Maximum } from "../theory/optimize/maximum.js";

type Maximizer = (f: (x: number) => number, lo: number, hi: number) => Maximum;
const MAXIMIZERS: ReadonlyArray<[string, Maximizer]> = [
  ["goldenSectionMaximize", goldenSectionMaximize],
  ["brentMaximize", brentMaximize],
  ["gridMaximize", gridMaximize],
];

/**
 * Relative location error allowed at a smooth maximum. Near it `f` is flat to second order, so a point
 * can only be placed to about √ε ≈ 1.5e-8 relative; over 10 000 random parabolas the worst measured
 * error was 7.8e-8 (golden section), so 2e-7 is asserted.
 */
const LOCATION_TOLERANCE = 2e-7;

describe.each(MAXIMIZERS)("%s finds closed-form maxima", (name, maximize) => {
  it(`${name}(−s(x − a)² + 3, lo, hi) returns a and 3 for every a inside [lo, hi]`, () => {
    const parabola = fc
      .tuple(fc.double({ min: -50, max: 50, noNaN: true }), fc.double({ min: 1e-3, max: 100, noNaN: true }))
      .chain(([lo, width]) =>
        fc.record({
          lo: fc.constant(lo),
          hi: fc.constant(lo + width),
          peak: fc.double({ min: lo, max: lo + width, noNaN: true }),
          steepness: fc.double({ min: 0.01, max: 10, noNaN: true }),
        }),
      );
    fc.assert(
      fc.property(parabola, ({ lo, hi, peak, steepness }) => {
        const found = maximize((x) => -steepness * (x - peak) ** 2 + 3, lo, hi);
        const allowed = LOCATION_TOLERANCE * Math.max(1, Math.abs(peak));
        expect(Math.abs(found.x - peak)).toBeLessThanOrEqual(allowed);
        // The value then misses 3 by at most s·(allowed)², and never exceeds it.
        expect(found.value).toBeGreaterThanOrEqual(3 - steepness * allowed ** 2 - 4 * Number.EPSILON);
        expect(found.value).toBeLessThanOrEqual(3);
      }),
      { seed: 77, numRuns: 300 },
    );
  });

  // (1 − x)e^{−x} = 0 at x = 1: the maximum of x·e^{−x} is 1/e (calculus).
  it(`${name}(x·e^{−x}, 0, 4) is at 1 with value 1/e`, () => {
    const found = maximize((x) => x * Math.exp(-x), 0, 4);
    expect(found.x).toBeCloseTo(1, 6);
    expect(found.value).toBeCloseTo(Math.exp(-1), 14);
  });

  // d/dx x(1 − x)³ = (1 − x)²(1 − 4x): the maximum is at 1/4, value 27/256 (calculus).
  it(`${name}(x(1 − x)³, 0, 1) is at 1/4 with value 27/256`, () => {
    const found = maximize((x) => x * (1 - x) ** 3, 0, 1);
    expect(found.x).toBeCloseTo(0.25, 6);
    expect(found.value).toBeCloseTo(27 / 256, 14);
  });

  it(`${name}(sin, 0, π) is at π/2 with value 1`, () => {
    const found = maximize(Math.sin, 0, Math.PI);
    expect(found.x).toBeCloseTo(Math.PI / 2, 6);
    expect(found.value).toBeCloseTo(1, 14);
  });

  it(`${name} of an increasing function approaches the right end, and lo = hi returns that point`, () => {
    expect(maximize((x) => x, 2, 3).x).toBeCloseTo(3, 6);
    expect(maximize((x) => -x, 2, 3).x).toBeCloseTo(2, 6);
    expect(maximize((x) => x * x, 5, 5)).toMatchObject({ x: 5, value: 25 });
  });

  it(`${name} refuses a reversed or non-finite interval and a function returning NaN`, () => {
    expect(() => maximize((x) => x, 3, 2)).toThrow(RangeError);
    expect(() => maximize((x) => x, 0, Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => maximize(() => Number.NaN, 0, 1)).toThrow(/NaN/);
  });
});

describe("gridMaximize: the grid safeguard for multimodal functions", () => {
  // sin x + 0.1x has local maxima where cos x = −0.1: x = arccos(−0.1) ≈ 1.671 (value ≈ 1.162) and
  // 2π + arccos(−0.1) ≈ 7.954 (value ≈ 1.790); the second is global (calculus).
  it("finds the global maximum 2π + arccos(−0.1) of sin x + 0.1x on [0, 10]", () => {
    const found = gridMaximize((x) => Math.sin(x) + 0.1 * x, 0, 10);
    const peak = 2 * Math.PI + Math.acos(-0.1);
    expect(found.x).toBeCloseTo(peak, 6);
    expect(found.value).toBeCloseTo(Math.sin(peak) + 0.1 * peak, 12);
  });

  it("finds the higher of two narrow bumps, where a single Brent run from [0, 1] can stop at the lower", () => {
    const twoBumps = (x: number): number => Math.exp(-((x - 0.2) ** 2) / 1e-3) + 2 * Math.exp(-((x - 0.8) ** 2) / 1e-3);
    const found = gridMaximize(twoBumps, 0, 1);
    expect(found.x).toBeCloseTo(0.8, 6);
    expect(found.value).toBeCloseTo(2, 12);
  });

  it("returns an end point exactly when the maximum is there", () => {
    expect(gridMaximize((x) => x, 2, 3)).toMatchObject({ x: 3, value: 3 });
    expect(gridMaximize((x) => -x, 2, 3)).toMatchObject({ x: 2, value: -2 });
  });

  it("at a downward jump, returns at least the best grid point and approaches the unattained supremum", () => {
    // x below 0.5, 0.9 − x from 0.5 on: the supremum 0.5 is a left limit; the best of the 9 grid points
    // is f(0.5) = 0.4, and Brent on [0.375, 0.625] climbs towards 0.5 from the left.
    const jump = (x: number): number => (x < 0.5 ? x : 0.9 - x);
    const found = gridMaximize(jump, 0, 1, { cells: 8 });
    expect(found.value).toBeGreaterThanOrEqual(0.4);
    expect(found.value).toBeLessThan(0.5);
    expect(found.x).toBeCloseTo(0.5, 6);
  });

  it("refuses fewer than two cells", () => {
    expect(() => gridMaximize((x) => x, 0, 1, { cells: 1 })).toThrow(RangeError);
  });
});

describe("brentMaximize is faster than golden section on smooth peaks", () => {
  it("uses fewer evaluations than golden section for x·e^{−x} on [0, 4] (superlinear vs linear convergence)", () => {
    const f = (x: number): number => x * Math.exp(-x);
    expect(brentMaximize(f, 0, 4).evaluations).toBeLessThan(goldenSectionMaximize(f, 0, 4).evaluations);
  });
});
