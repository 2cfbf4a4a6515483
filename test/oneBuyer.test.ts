import fc from "fast-check";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import { describe, expect, it } from "vitest";
import { NeumaierSum } from "../theory/compensatedSum.js";
import { geometricSum } from "../theory/geometricSum.js";
import {
  bestPrice,
  cumulativeUtility,
  discountThreshold,
  exploitThreshold,
  limitUtility,
  pathDifferences,
  pathLimitUtility,
  pathUtility,
  tradeoffHorizon,
  tradeoffHorizonPath,
  type OneBuyerMarket,
} from "../theory/oneBuyer.js";
import { decimal, participationSpecs, valueAndFairPrice } from "../theory/oneBuyerInstance.js";
import { parseParticipation } from "../theory/participation.js";
import { geometricSeries, utilityByLoop } from "./reference/oneBuyerLoops.js";

// The worked example used throughout, every number derived by hand (and the sums confirmed by the plain
// loops of test/reference/oneBuyerLoops.ts): V = 10, p* = 6, c = 2, δ = 0.9, ρ(x) = 1 − 0.5(1 − x). At p = 3: x = 1/2, r = 3/4, δr = 27/40.
const example: OneBuyerMarket = Object.freeze({
  value: 10,
  fairPrice: 6,
  cost: 2,
  discount: 0.9,
  participation: parseParticipation("linear:0.5"),
});

/** Random markets of MODEL §5 with every family of ρ, cost below p*, and δ in (0, 1]. */
const markets: fc.Arbitrary<OneBuyerMarket> = fc
  .record({ shape: valueAndFairPrice(), costShare: decimal(0, 0.95), discount: decimal(0.05, 1), rho: participationSpecs() })
  .map(({ shape, costShare, discount, rho }) => ({
    ...shape,
    cost: costShare * shape.fairPrice,
    discount,
    participation: parseParticipation(rho),
  }));

/** Markets with an exploitative price in [c, p*). */
const exploits = fc
  .tuple(markets, decimal(0, 0.999))
  .map(([m, share]) => ({ m, price: m.cost + share * (m.fairPrice - m.cost) }));

/** `E[U_T]` summed period by period (test/reference/oneBuyerLoops.ts), with the market's own ρ. */
const expectedUtilityBySum = (m: OneBuyerMarket, price: number, periods: number): number =>
  utilityByLoop({ value: m.value, fairPrice: m.fairPrice, discount: m.discount, rho: m.participation.rho }, price, periods);

/** `D_T = U_T(p*) − U_T(p)` summed period by period with compensation, independent of the closed form. */
function differenceBySum(m: OneBuyerMarket, price: number, periods: number): number {
  const stay = m.participation.rho(price / m.fairPrice);
  const sum = new NeumaierSum();
  let discount = 1;
  let survival = 1;
  for (let t = 1; t <= periods; t += 1) {
    sum.add(discount * (m.value - m.fairPrice));
    sum.add(-discount * survival * (m.value - price));
    discount *= m.discount;
    survival *= stay;
  }
  return sum.value();
}

/**
 * Relative agreement of the closed form with a period-by-period sum. Measured worst over 20 000 draws
 * of these properties: 1.1e-14 (the plain sum accumulates O(T·ε)); 1e-12 is asserted.
 */
const SUM_TOLERANCE = 1e-12;

describe("cumulativeUtility and limitUtility: U_T(p) and U_∞(p) of MODEL §5", () => {
  it("U_2(3) = 7·(1 + 27/40) = 11.725 and U_2(p*) = 4·1.9 = 7.6 in the worked example", () => {
    expect(cumulativeUtility(example, 3, 2)).toBeCloseTo(11.725, 13);
    expect(cumulativeUtility(example, 6, 2)).toBeCloseTo(7.6, 13);
    expect(cumulativeUtility(example, 3, 0)).toBe(0);
    expect(cumulativeUtility(example, 10, 5)).toBe(0);
  });

  it("U_∞(3) = 7/(1 − 27/40) = 280/13 and U_∞(p*) = 4/0.1 = 40 in the worked example", () => {
    expect(limitUtility(example, 3)).toBeCloseTo(280 / 13, 12);
    expect(limitUtility(example, 6)).toBeCloseTo(40, 12);
    expect(limitUtility({ ...example, discount: 1 }, 6)).toBe(Number.POSITIVE_INFINITY);
    expect(limitUtility({ ...example, discount: 1 }, 10)).toBe(0);
  });

  it("U_T(p) equals the expectation summed period by period over survival probabilities r^{t−1}", () => {
    const prices = fc.tuple(markets, decimal(0, 1), fc.integer({ min: 1, max: 400 }));
    fc.assert(
      fc.property(prices, ([m, share, periods]) => {
        const price = Math.min(m.value, m.cost + share * (m.value - m.cost));
        const direct = expectedUtilityBySum(m, price, periods);
        expect(Math.abs(cumulativeUtility(m, price, periods) - direct)).toBeLessThanOrEqual(SUM_TOLERANCE * Math.max(1, direct));
      }),
      { seed: 101, numRuns: 300 },
    );
  });

  it("U_T(p) agrees with a Monte Carlo simulation of A1 (20 000 seeded runs, 1 − 1e-9 Hoeffding interval)", () => {
    // Each run's utility lies in [0, 7·(1 − 0.9^5)/0.1]; Hoeffding: |mean − E| ≤ range·√(ln(2/α)/(2n)).
    const periods = 5;
    const runs = 20_000;
    const rng = xoroshiro128plus(2024);
    let total = 0;
    for (let run = 0; run < runs; run += 1) {
      for (let t = 0; t < periods; t += 1) {
        total += 0.9 ** t * 7;
        if (uniformFloat64(rng) >= 0.75) break; // the seller leaves with probability 1 − ρ(1/2)
      }
    }
    const range = (7 * (1 - 0.9 ** periods)) / 0.1;
    const halfWidth = range * Math.sqrt(Math.log(2 / 1e-9) / (2 * runs));
    expect(Math.abs(total / runs - cumulativeUtility(example, 3, periods))).toBeLessThanOrEqual(halfWidth);
  });

  it("U_T(p) rises with T to U_∞(p), missing it by exactly U_∞(p)·(δr)^T", () => {
    fc.assert(
      fc.property(exploits, fc.integer({ min: 1, max: 2000 }), ({ m, price }, periods) => {
        const limit = limitUtility(m, price);
        const stay = m.participation.rho(price / m.fairPrice);
        const now = cumulativeUtility(m, price, periods);
        expect(now).toBeLessThanOrEqual(limit * (1 + 1e-15));
        expect(cumulativeUtility(m, price, periods + 1)).toBeGreaterThanOrEqual(now);
        expect(Math.abs(limit - now - limit * (m.discount * stay) ** periods)).toBeLessThanOrEqual(1e-12 * limit);
      }),
      { seed: 102, numRuns: 300 },
    );
  });

  it("refuses a market outside MODEL §5's ranges and a price outside [c, V]", () => {
    expect(() => cumulativeUtility({ ...example, fairPrice: 10 }, 3, 1)).toThrow(/p\* must lie in \(c, V\)/);
    expect(() => cumulativeUtility({ ...example, discount: 0 }, 3, 1)).toThrow(/δ must lie in \(0, 1\]/);
    expect(() => cumulativeUtility({ ...example, discount: 1.1 }, 3, 1)).toThrow(RangeError);
    expect(() => cumulativeUtility(example, 1, 1)).toThrow(/price must lie in \[c, V\]/);
    expect(() => cumulativeUtility(example, 3, 1.5)).toThrow(RangeError);
  });
});

describe("geometricSum keeps its precision when δr is near 1", () => {
  it("Σ_{t<10^6} (1 − 1e-12)^t = 999 999.500000666… (its binomial series), where 1 − q^T over 1 − q is 0/0-prone", () => {
    expect(geometricSeries(1e-12, 1e6)).toBeCloseTo(999999.5000006666, 6);
    expect(geometricSum(1e-12, 1e6)).toBeCloseTo(geometricSeries(1e-12, 1e6), 6);
    expect(geometricSum(0, 7)).toBe(7);
    expect(geometricSum(1, 7)).toBe(1);
    expect(geometricSum(0.5, 3)).toBe(1.75);
    expect(geometricSum(0.25, Number.POSITIVE_INFINITY)).toBe(4);
  });
});

describe("price paths: U_T(path) of MODEL §8 L1, repeating cyclically", () => {
  it("[3, 6] over 3 periods: 7 + 0.9·(3/4)·4 + 0.81·(3/4)·7 = 13.9525 (by hand)", () => {
    expect(pathUtility(example, [3, 6], 3)).toBeCloseTo(13.9525, 12);
  });

  it("a one-price path gives the stationary U_T and U_∞", () => {
    fc.assert(
      fc.property(exploits, fc.integer({ min: 0, max: 500 }), ({ m, price }, periods) => {
        const closed = cumulativeUtility(m, price, periods);
        expect(Math.abs(pathUtility(m, [price], periods) - closed)).toBeLessThanOrEqual(SUM_TOLERANCE * Math.max(1, closed));
        const limit = limitUtility(m, price);
        expect(Math.abs(pathLimitUtility(m, [price]) - limit)).toBeLessThanOrEqual(1e-12 * limit);
      }),
      { seed: 103, numRuns: 300 },
    );
  });

  it("pathLimitUtility is the limit of pathUtility for a cyclic path", () => {
    const paths = fc.tuple(markets, fc.array(decimal(0, 1), { minLength: 1, maxLength: 6 }));
    fc.assert(
      fc.property(paths, ([m, shares]) => {
        const δ = Math.min(m.discount, 0.95); // so that 4000 periods reach the limit to 1e-89
        const market = { ...m, discount: δ };
        const path = shares.map((s) => Math.min(m.value, m.cost + s * (m.value - m.cost)));
        const limit = pathLimitUtility(market, path);
        expect(Math.abs(pathUtility(market, path, 4000) - limit)).toBeLessThanOrEqual(1e-12 * Math.max(1, limit));
      }),
      { seed: 104, numRuns: 200 },
    );
  });
});

describe("exploitThreshold and tradeoffHorizon: δ₀(p) and T̂(p, δ) of MODEL §5, §8 L4", () => {
  it("pathDifferences(m, [3]) runs D_1 = 4 − 7 = −3, D_2 = −3 + 0.9·4 − 0.9·0.75·7 = −4.125, and is first ≥ 0 at T̂ = 7", () => {
    // By hand, as the worked example above (D_6 = −0.7589, D_7 = +0.7048).
    const running = pathDifferences(example, [3]);
    const firstSeven = Array.from({ length: 7 }, () => running.next().value);
    expect(firstSeven[0]).toBe(-3);
    expect(firstSeven[1]).toBeCloseTo(-4.125, 12);
    expect(firstSeven[5]).toBeCloseTo(-0.7589, 4);
    expect(firstSeven[6]).toBeCloseTo(0.7048, 4);
  });

  it("δ₀(3) = (7 − 4)/(7 − (3/4)·4) = 3/4 and T̂(3) = 7 in the worked example", () => {
    // By hand (confirmed with exact fractions): D_6 = −0.7589, D_7 = +0.7048.
    expect(exploitThreshold(example, 3)).toBe(0.75);
    expect(tradeoffHorizon(example, 3)).toBe(7);
    expect(tradeoffHorizonPath(example, [3], 100)).toBe(7);
    expect(exploitThreshold(example, 6)).toBeNull();
    expect(tradeoffHorizon(example, 6)).toBe(1);
    expect(tradeoffHorizon(example, 8)).toBe(1);
  });

  it("δ₀(p) equals MODEL's formula ((V − p) − u*)/((V − p) − ρ_p·u*) evaluated as written", () => {
    fc.assert(
      fc.property(exploits, ({ m, price }) => {
        const fairSurplus = m.value - m.fairPrice;
        const stay = m.participation.rho(price / m.fairPrice);
        const asWritten = (m.value - price - fairSurplus) / (m.value - price - stay * fairSurplus);
        expect(exploitThreshold(m, price)).toBeCloseTo(asWritten, 10);
      }),
      { seed: 105, numRuns: 300 },
    );
  });

  it("δ₀(p) is where U_∞(p*) = U_∞(p): bisection on δ of U_∞(p*) > U_∞(p) lands on it", () => {
    fc.assert(
      fc.property(exploits, ({ m, price }) => {
        let lo = 1e-9;
        let hi = 1 - 1e-12;
        const wins = (δ: number) => limitUtility({ ...m, discount: δ }, m.fairPrice) > limitUtility({ ...m, discount: δ }, price);
        if (!wins(hi)) return; // δ₀ within 1e-12 of 1: beyond the bracket
        for (let i = 0; i < 100; i += 1) {
          const mid = (lo + hi) / 2;
          if (wins(mid)) hi = mid;
          else lo = mid;
        }
        expect(Math.abs(hi - (exploitThreshold(m, price) ?? Number.NaN))).toBeLessThanOrEqual(1e-9);
      }),
      { seed: 106, numRuns: 200 },
    );
  });

  it("T̂(p, δ) meets its definition by direct summation: D_{T̂} ≥ 0 > D_{T̂−1}", () => {
    fc.assert(
      fc.property(exploits, decimal(0.001, 1), ({ m: drawn, price }, margin) => {
        const threshold = exploitThreshold(drawn, price) as number;
        const m = { ...drawn, discount: margin === 1 ? 1 : threshold + margin * (1 - threshold) };
        const horizon = tradeoffHorizon(m, price);
        expect(horizon).toBeLessThan(Number.POSITIVE_INFINITY);
        const scale = cumulativeUtility(m, m.fairPrice, horizon);
        expect(differenceBySum(m, price, horizon)).toBeGreaterThanOrEqual(-1e-12 * scale);
        expect(differenceBySum(m, price, horizon - 1)).toBeLessThan(1e-12 * scale);
      }),
      { seed: 107, numRuns: 300 },
    );
  });

  it("T̂(p, δ) is finite exactly when δ > δ₀(p)", () => {
    fc.assert(
      fc.property(exploits, decimal(0.001, 1), ({ m, price }, margin) => {
        const threshold = exploitThreshold(m, price) as number;
        const above = threshold + margin * (1 - threshold);
        expect(tradeoffHorizon({ ...m, discount: margin === 1 ? 1 : above }, price)).toBeLessThan(Number.POSITIVE_INFINITY);
        expect(tradeoffHorizon({ ...m, discount: threshold * (1 - 1e-6 * margin) }, price)).toBe(Number.POSITIVE_INFINITY);
      }),
      { seed: 108, numRuns: 300 },
    );
  });

  it("T̂(p, δ) is non-increasing in δ", () => {
    fc.assert(
      fc.property(exploits, decimal(0.001, 1), decimal(0.001, 1), ({ m, price }, a, b) => {
        const threshold = exploitThreshold(m, price) as number;
        const [low, high] = [Math.min(a, b), Math.max(a, b)].map((s) => threshold + s * (1 - threshold));
        expect(tradeoffHorizon({ ...m, discount: low }, price)).toBeGreaterThanOrEqual(tradeoffHorizon({ ...m, discount: high }, price));
      }),
      { seed: 109, numRuns: 300 },
    );
  });

  it("T̂ of several million periods is found in closed form and agrees with direct summation", () => {
    // δ = 1 and ρ = 1 − 1e-6(1 − x): r(3) = 1 − 5e-7, so U_T(3) saturates near 7/5e-7 = 1.4e7 and fairshare
    // (4 per period) needs about 3.5e6 periods to catch up.
    const slow = { ...example, discount: 1, participation: parseParticipation("linear:0.000001") };
    const horizon = tradeoffHorizon(slow, 3);
    expect(horizon).toBeGreaterThan(1e6);
    expect(tradeoffHorizonPath(slow, [3], horizon)).toBe(horizon);
  });
});

describe("degenerate inputs return what the doc comments say", () => {
  it("paths: T = 0 gives 0, an empty path is refused, and a buyer never charged below p* with δ = 1 has U_∞ = ∞", () => {
    expect(pathUtility(example, [3, 6], 0)).toBe(0);
    expect(() => pathUtility(example, [], 3)).toThrow(/at least one price/);
    expect(() => pathUtility(example, [1], 3)).toThrow(/price must lie in \[c, V\]/);
    expect(pathLimitUtility({ ...example, discount: 1 }, [6, 7])).toBe(Number.POSITIVE_INFINITY);
    expect(pathLimitUtility({ ...example, discount: 1 }, [10])).toBe(0);
    expect(tradeoffHorizonPath(example, [3], 6)).toBe(Number.POSITIVE_INFINITY); // T̂ = 7 lies beyond 6
  });

  it("without A2 (ρ ≡ 1 below fair pay): T̂ is infinite even at δ = 1, and δ₀ = δ̲ = 1", () => {
    const loyal = { ...example, participation: parseParticipation("expr:1", { requireA2: false }) };
    expect(tradeoffHorizon(loyal, 3)).toBe(Number.POSITIVE_INFINITY);
    expect(tradeoffHorizon({ ...loyal, discount: 1 }, 3)).toBe(Number.POSITIVE_INFINITY);
    expect(exploitThreshold(loyal, 3)).toBe(1);
    expect(discountThreshold(loyal)).toBe(1);
  });

  it("δ̲ with the cost within 1e-6 of p* still reads the ratio's limit at x → 1 (0.75 for linear:0.5)", () => {
    expect(discountThreshold({ ...example, cost: 6 * (1 - 5e-7) })).toBeCloseTo(0.75, 9);
  });
});

describe("discountThreshold: δ̲ of MODEL §8 L3", () => {
  /** MODEL's ratio as written, on a brute grid of 10^5 + 1 points of [c/p*, 1 − 1e-5]. */
  function bruteThreshold(m: OneBuyerMarket): number {
    const start = m.cost / m.fairPrice;
    let best = 0;
    for (let i = 0; i <= 100_000; i += 1) {
      const x = start + ((1 - 1e-5 - start) * i) / 100_000;
      const ratio = (m.fairPrice * (1 - x)) / (m.value - x * m.fairPrice - m.participation.rho(x) * (m.value - m.fairPrice));
      best = Math.max(best, ratio);
    }
    return best;
  }

  it("is p*/(p* + η·u*) = 0.75 for linear ρ, where the ratio is the same at every x (by hand)", () => {
    expect(discountThreshold(example)).toBeCloseTo(0.75, 9);
  });

  it("matches its closed forms for power ρ (measured error ≤ 1.4e-10; 1e-9 asserted)", () => {
    // (1 − x^γ)/(1 − x) falls from 1 to γ for γ < 1 (sup at x → 1: p*/(p* + γu*)) and rises for γ > 1
    // (sup at x = c/p*): derived by hand from the mean value of γt^{γ−1} over [x, 1].
    for (const [gamma, cost] of [[0.5, 0], [0.2, 2], [2, 0], [2, 2], [3, 1]] as const) {
      const m = { ...example, cost, participation: parseParticipation(`power:${gamma}`) };
      const x0 = cost / 6;
      const expected = gamma <= 1 ? 6 / (6 + gamma * 4) : (6 * (1 - x0)) / (6 * (1 - x0) + (1 - x0 ** gamma) * 4);
      expect(Math.abs(discountThreshold(m) - expected), `power:${gamma}, c = ${cost}`).toBeLessThanOrEqual(1e-9);
    }
  });

  it("is never below a brute grid of MODEL's ratio, and within 1e-4 above it (the grid stops at 1 − 1e-5)", () => {
    fc.assert(
      fc.property(markets, (m) => {
        const brute = bruteThreshold(m);
        const found = discountThreshold(m);
        expect(found).toBeGreaterThanOrEqual(brute - 1e-9);
        expect(found).toBeLessThanOrEqual(brute + 1e-4);
      }),
      { seed: 110, numRuns: 40 },
    );
  });
});

describe("bestPrice: argmax_p U_T(p) of MODEL §5, §8 L3", () => {
  it("is p* in the limit when δ ≥ δ̲ (0.9 ≥ 0.75), and the cost when T = 1 (U_1(p) = V − p)", () => {
    expect(bestPrice(example, "inf")).toEqual({ price: 6, utility: limitUtility(example, 6) });
    expect(bestPrice(example, 1)).toEqual({ price: 2, utility: 8 });
  });

  it("gives ties to p*: T = 0 and δ = 1 in the limit", () => {
    expect(bestPrice(example, 0)).toEqual({ price: 6, utility: 0 });
    expect(bestPrice({ ...example, discount: 1 }, "inf")).toEqual({ price: 6, utility: Number.POSITIVE_INFINITY });
  });

  it("is at least as good as the best of a dense grid of 4001 prices in [c, V]", () => {
    const horizons = fc.constantFrom<number | "inf">(1, 2, 5, 10, 50, "inf");
    fc.assert(
      fc.property(markets, horizons, (m, periods) => {
        const utility = (p: number) => (periods === "inf" ? limitUtility(m, p) : cumulativeUtility(m, p, periods));
        const found = bestPrice(m, periods);
        expect(found.utility).toBe(utility(found.price));
        let gridBest = Number.NEGATIVE_INFINITY;
        for (let i = 0; i <= 4000; i += 1) {
          gridBest = Math.max(gridBest, utility(Math.min(m.value, m.cost + ((m.value - m.cost) * i) / 4000)));
        }
        expect(found.utility).toBeGreaterThanOrEqual(gridBest * (1 - 1e-12));
      }),
      { seed: 111, numRuns: 150 },
    );
  });
});
