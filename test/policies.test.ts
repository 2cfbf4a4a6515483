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
 * `x` rounded half to even to a whole number, from the double `x` itself: the test's own oracle for a
 * policy price that is not a whole money unit (MODEL §2, §4). `x − floor(x)` is exact below 2^52.
 */
function halfEven(x: number): number {
  const floor = Math.floor(x);
  const fraction = x - floor;
  if (fraction !== 0.5) return fraction < 0.5 ? floor : floor + 1;
  return floor % 2 === 0 ? floor : floor + 1;
}

/**
 * Hand-worked market of three sellers (MODEL §4), in whole money units: fair prices 10, 4, 0, costs
 * 1, 5, 1, κ = 0.5. The random group's per-seller draws are 0.25, 0.75, 0.01 on the range
 * [min p*, max p*] = [0, 10].
 */
const input = (): PolicyInput => ({
  fairPrices: Object.freeze([10, 4, 0]),
  costs: Object.freeze([1, 5, 1]),
  reducedFactor: 0.5,
  uniform: (j) => fixed([0.25, 0.75, 0.01][j]),
});

describe("postedPrices(group, input): MODEL §4's policies in whole money units, floored at cost", () => {
  // Every reference value below is worked by hand from the MODEL §4 formulas, max(c_j, price), with a
  // price that is not whole rounded half to even to the unit (MODEL §2).
  it('postedPrices("fairshare") posts max(c, p*): [max(1, 10), max(5, 4), max(1, 0)] = [10, 5, 1]', () => {
    expect(postedPrices("fairshare", input())).toStrictEqual([10, 5, 1]);
  });

  it('postedPrices("reduced") posts max(c, κ·p*) with κ = 0.5: [max(1, 5), max(5, 2), max(1, 0)] = [5, 5, 1]', () => {
    expect(postedPrices("reduced", input())).toStrictEqual([5, 5, 1]);
  });

  it('postedPrices("reduced") rounds κ·p* half to even to a whole unit: κ = 0.5 on p* = (5, 7, 3, 9, 2) gives (2, 4, 2, 4, 1); κ = 0.7 on (5, 3, 10) gives (4, 2, 7)', () => {
    const reduced = (fairPrices: number[], reducedFactor: number) =>
      postedPrices("reduced", { fairPrices, costs: fairPrices.map(() => 0), reducedFactor, uniform: () => fixed(0.5) });
    // 2.5 → 2, 3.5 → 4, 1.5 → 2, 4.5 → 4 (ties to the even unit), 1 → 1.
    expect(reduced([5, 7, 3, 9, 2], 0.5)).toStrictEqual([2, 4, 2, 4, 1]);
    // The double products: 0.7·5 = 3.5 (a tie, to 4), 0.7·3 = 2.0999999999999996 (to 2), 0.7·10 = 7.
    expect([0.7 * 5, 0.7 * 3, 0.7 * 10]).toStrictEqual([3.5, 2.0999999999999996, 7]);
    expect(reduced([5, 3, 10], 0.7)).toStrictEqual([4, 2, 7]);
  });

  it('postedPrices("exploitative") posts the cost c_j whatever p*: [1, 5, 1]', () => {
    expect(postedPrices("exploitative", input())).toStrictEqual([1, 5, 1]);
  });

  it('postedPrices("random") posts max(c_j, round(0 + 10·u_j)) with seller j\'s own draw u_j, half to even: [round(2.5), round(7.5), max(1, round(0.1))] = [2, 8, 1]', () => {
    expect(postedPrices("random", input())).toStrictEqual([2, 8, 1]);
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

  it("on random markets every group posts a whole number of units at least the cost, and exactly its MODEL §4 formula rounded half to even; random stays in [max(c, min p*), max(c, max p*)]", () => {
    // Prices in whole units: small ones (ties of κ·p* at a half unit are common) and large ones.
    const units = fc.oneof(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 10 ** 8 }));
    const market = fc.integer({ min: 1, max: 8 }).chain((n) =>
      fc.record({
        fairPrices: fc.array(units, { minLength: n, maxLength: n }),
        costs: fc.array(units, { minLength: n, maxLength: n }),
        reducedFactor: fc.oneof(fc.constantFrom(0.5, 0.25, 0.7), fc.double({ min: 0, max: 1, noNaN: true })),
        seed: fc.integer({ min: 0, max: 0xffffffff }),
      }),
    );
    let ties = 0;
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
            expect(Number.isSafeInteger(p), `${label}: ${p} is a whole number of units`).toBe(true);
            expect(p, label).toBeGreaterThanOrEqual(costs[j]);
            if (group === "fairshare") expect(p, label).toBe(Math.max(costs[j], fairPrices[j]));
            if (group === "reduced") {
              if (reducedFactor * fairPrices[j] - Math.floor(reducedFactor * fairPrices[j]) === 0.5) ties += 1;
              expect(p, label).toBe(Math.max(costs[j], halfEven(reducedFactor * fairPrices[j])));
            }
            if (group === "exploitative") expect(p, label).toBe(costs[j]);
            if (group === "random") {
              expect(p, label).toBeGreaterThanOrEqual(Math.max(costs[j], low));
              expect(p, label).toBeLessThanOrEqual(Math.max(costs[j], high));
              // Inverse CDF of the uniform on [low, high] at seller j's own first draw, rounded half to even.
              expect(p, label).toBe(Math.max(costs[j], halfEven(low + (high - low) * stream(seed, "policies-test", j)())));
            }
          });
        }
      }),
      { seed: 20260301, numRuns: 500 },
    );
    expect(ties, "the sample has κ·p* ties at a half unit, where half to even decides").toBeGreaterThan(0);
  });
});
