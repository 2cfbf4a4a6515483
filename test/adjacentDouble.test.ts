import { describe, expect, it } from "vitest";
import { nextDown, nextUp } from "../theory/adjacentDouble.js";

describe("nextUp and nextDown", () => {
  it("step one ulp: 1 ± Number.EPSILON above 1 and EPSILON/2 below it (IEEE 754 spacing)", () => {
    expect(nextUp(1)).toBe(1 + Number.EPSILON);
    expect(nextDown(1)).toBe(1 - Number.EPSILON / 2);
  });

  it("leave no double between x and its neighbour: their midpoint rounds to one of them", () => {
    for (const x of [1e-300, 0.1, 3, 1e9, 123456.789]) {
      expect(nextDown(nextUp(x))).toBe(x);
      expect([x, nextUp(x)]).toContain((x + nextUp(x)) / 2);
    }
  });

  it("nextUp(0) is the smallest positive double", () => {
    expect(nextUp(0)).toBe(Number.MIN_VALUE);
  });
});
