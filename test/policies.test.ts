import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { GROUPS } from "../experiments/config.js";
import { postedPrices, type PolicyInput } from "../experiments/policies.js";
import { stream, type Uniform } from "../experiments/random.js";

/** A uniform that returns the listed numbers in turn, for hand-worked random-group prices. */
const fixed = (...draws: number[]): Uniform => {
  let k = 0;
  return () => draws[k++];
};

/**
 * Hand-worked market of three sellers (MODEL §4): fair prices 10, 4, 0, costs 1, 5, 0.5, κ = 0.5.
 * The random group's per-seller draws are 0.25, 0.75, 0.01 on the range [min p*, max p*] = [0, 10].
 */
const input = (): PolicyInput => ({
  fairPrices: Object.freeze([10, 4, 0]),
  costs: Object.freeze([1, 5, 0.5]),
  reducedFactor: 0.5,
  uniform: (j) => fixed([0.25, 0.75, 0.01][j]),
});

describe("postedPrices(group, input): MODEL §4's policies, floored at cost", () => {
  // Every reference value below is worked by hand from the MODEL §4 formulas, max(c_j, price).
  it('postedPrices("fairshare") posts max(c, p*): [max(1, 10), max(5, 4), max(0.5, 0)] = [10, 5, 0.5]', () => {
    expect(postedPrices("fairshare", input())).toStrictEqual([10, 5, 0.5]);
  });

  it('postedPrices("reduced") posts max(c, κ·p*) with κ = 0.5: [max(1, 5), max(5, 2), max(0.5, 0)] = [5, 5, 0.5]', () => {
    expect(postedPrices("reduced", input())).toStrictEqual([5, 5, 0.5]);
  });

  it('postedPrices("exploitative") posts the cost c_j whatever p*: [1, 5, 0.5]', () => {
    expect(postedPrices("exploitative", input())).toStrictEqual([1, 5, 0.5]);
  });

  it('postedPrices("random") posts max(c_j, 0 + 10·u_j) with seller j\'s own draw u_j: [2.5, 7.5, max(0.5, 0.1)] = [2.5, 7.5, 0.5]', () => {
    expect(postedPrices("random", input())).toStrictEqual([2.5, 7.5, 0.5]);
  });

  it('postedPrices("random") asks uniform(j) for seller j, once each, and its range ignores the seller\'s own p*', () => {
    const asked: number[] = [];
    // Seller 0 has the highest p* and gets the lowest draw; seller 2, with p* = 0, the highest.
    const prices = postedPrices("random", {
      fairPrices: [8, 4, 0],
      costs: [0, 0, 0],
      reducedFactor: 0.7,
      uniform: (j) => {
        asked.push(j);
        return fixed([0, 0.5, 0.875][j]);
      },
    });
    expect(asked).toStrictEqual([0, 1, 2]);
    expect(prices).toStrictEqual([0, 4, 7]); // 0 + 8·u_j on [0, 8]
  });

  it("postedPrices(group, no sellers) is [] for every group", () => {
    for (const group of GROUPS) {
      expect(postedPrices(group, { fairPrices: [], costs: [], reducedFactor: 0.7, uniform: () => fixed(0.5) }), group).toStrictEqual([]);
    }
  });

  it("postedPrices does not modify its input (frozen arrays)", () => {
    for (const group of GROUPS) expect(() => postedPrices(group, input()), group).not.toThrow();
  });

  it("on random markets every group posts at least the cost, and exactly its MODEL §4 formula; random stays in [max(c, min p*), max(c, max p*)]", () => {
    const money = fc.double({ min: 0, max: 100, noNaN: true });
    const market = fc.integer({ min: 1, max: 8 }).chain((n) =>
      fc.record({
        fairPrices: fc.array(money, { minLength: n, maxLength: n }),
        costs: fc.array(money, { minLength: n, maxLength: n }),
        reducedFactor: fc.double({ min: 0, max: 1, noNaN: true }),
        seed: fc.integer({ min: 0, max: 0xffffffff }),
      }),
    );
    fc.assert(
      fc.property(market, ({ fairPrices, costs, reducedFactor, seed }) => {
        // The random group's draws come from a real seeded stream per seller, as Algorithm 2 passes them.
        const uniform = (j: number) => stream(seed, "policies-test", j);
        const low = Math.min(...fairPrices);
        const high = Math.max(...fairPrices);
        for (const group of GROUPS) {
          const prices = postedPrices(group, { fairPrices, costs, reducedFactor, uniform });
          expect(prices.length, group).toBe(fairPrices.length);
          prices.forEach((p, j) => {
            const label = `${group}, seller ${j}: p* = ${fairPrices[j]}, c = ${costs[j]}, κ = ${reducedFactor}`;
            expect(Number.isFinite(p), label).toBe(true);
            expect(p, label).toBeGreaterThanOrEqual(costs[j]);
            if (group === "fairshare") expect(p, label).toBe(Math.max(costs[j], fairPrices[j]));
            if (group === "reduced") expect(p, label).toBe(Math.max(costs[j], reducedFactor * fairPrices[j]));
            if (group === "exploitative") expect(p, label).toBe(costs[j]);
            if (group === "random") {
              expect(p, label).toBeGreaterThanOrEqual(Math.max(costs[j], low));
              expect(p, label).toBeLessThanOrEqual(Math.max(costs[j], high));
              // Inverse CDF of the uniform on [low, high] at seller j's own first draw.
              expect(p, label).toBe(Math.max(costs[j], low + (high - low) * stream(seed, "policies-test", j)()));
            }
          });
        }
      }),
      { seed: 20260301, numRuns: 500 },
    );
  });
});
