import { describe, expect, it } from "vitest";
import { meanInterval } from "../experiments/seedStats.js";

// Reference quantiles t_{0.975, df} from a printed table (NIST/SEMATECH e-Handbook, table 1.3.6.7.2):
// df 1: 12.706, df 2: 4.303, df 19: 2.093.
describe("meanInterval", () => {
  it("meanInterval([1, 2, 3]) is 2 ± t_{0.975,2} · 1/√3 (t = 4.303 from a printed table)", () => {
    const result = meanInterval([1, 2, 3]);
    expect(result.mean).toBe(2);
    expect(result.high - 2).toBeCloseTo((4.303 * 1) / Math.sqrt(3), 3);
    expect(2 - result.low).toBeCloseTo(result.high - 2, 12);
    expect(result.n).toBe(3);
  });

  it("two values x, y give (x + y)/2 ± 12.706 · |x − y|/2 (s/√n = |x − y|/2 by hand)", () => {
    const result = meanInterval([1, 2]);
    expect(result.mean).toBe(1.5);
    expect(result.high).toBeCloseTo(1.5 + 12.706 * 0.5, 2);
  });

  it("twenty values use t_{0.975,19} = 2.093", () => {
    const values = Array.from({ length: 20 }, (_, i) => i); // mean 9.5, s² = 35
    const result = meanInterval(values);
    expect(result.mean).toBe(9.5);
    expect(result.high - result.mean).toBeCloseTo((2.093 * Math.sqrt(35)) / Math.sqrt(20), 2);
  });

  it("one value or equal values give a zero-width interval", () => {
    expect(meanInterval([4])).toEqual({ mean: 4, low: 4, high: 4, n: 1 });
    expect(meanInterval([4, 4, 4])).toEqual({ mean: 4, low: 4, high: 4, n: 3 });
  });

  it("refuses no values and non-finite values", () => {
    expect(() => meanInterval([])).toThrow(/at least one/);
    expect(() => meanInterval([1, Number.NaN])).toThrow(/finite/);
  });
});
