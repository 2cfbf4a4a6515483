import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  algorithm1Exact,
  bestBundleExact,
  fairPriceExact,
  maxSurplusExact,
  mwpExact,
  phiExact,
  purchasesExact,
  Rational,
  toDouble,
  type Market,
} from "./reference/exactMarket.js";

const q = Rational.fromNumber;
const qs = (xs: number[]): Rational[] => xs.map(q);
const fields = (r: Rational): [bigint, bigint] => [r.num, r.den];

describe("Rational: exact decimals", () => {
  it("fromNumber takes String(x)'s decimal exactly: 11.61 is 1161/100, 1e-7 is 1/10^7, 1.5e+21 is 15·10^20", () => {
    expect(fields(q(11.61))).toEqual([1161n, 100n]);
    expect(fields(q(1e-7))).toEqual([1n, 10n ** 7n]);
    expect(fields(q(1.5e21))).toEqual([15n * 10n ** 20n, 1n]);
    expect(fields(q(-0.25))).toEqual([-1n, 4n]);
    expect(fields(q(-0))).toEqual([0n, 1n]);
    expect(() => q(Number.NaN)).toThrow(RangeError);
  });

  it("results are gcd-reduced with a positive denominator, and add/sub/mul/compare/min/max are exact", () => {
    expect(fields(Rational.of(6n, -4n))).toEqual([-3n, 2n]);
    expect(q(0.1).add(q(0.2)).equals(q(0.3))).toBe(true); // 0.1 + 0.2 = 0.3 exactly, unlike doubles
    expect(fields(q(1.5).sub(q(2)))).toEqual([-1n, 2n]);
    expect(fields(q(0.4).mul(q(2.5)))).toEqual([1n, 1n]);
    expect([q(1).compare(q(2)), q(2).compare(q(2)), q(3).compare(q(2))]).toEqual([-1, 0, 1]);
    expect(q(1).min(q(2)).equals(q(1)) && q(1).max(q(2)).equals(q(2))).toBe(true);
    expect(q(0).isZero() && !q(1e-9).isZero()).toBe(true);
  });

  it("toDouble(fromNumber(x)) === x on decimals, and toDouble refuses non-decimals and over-2^53 numerators", () => {
    for (const x of [0, 0.1, 2.282, 11.61, 3.52, 1e-6, 123456.789, -7.125, 0.125, 1e-22, 9007199254740992])
      expect(toDouble(q(x))).toBe(x);
    expect(toDouble(Rational.of(1n, 8n))).toBe(0.125);
    expect(() => toDouble(Rational.of(1n, 3n))).toThrow(RangeError);
    expect(() => toDouble(Rational.of(2n ** 53n + 1n))).toThrow(RangeError);
  });
});

describe("bestBundleExact: the buyer's knapsack (MODEL §2) by brute force", () => {
  it("items (5,3), (4,2), (1,1) with budget 4 give [0, 2]: surplus 2, value 6, cost 4 ({0}, {1}, {1,2} reach surplus 2 with less value)", () => {
    const bundle = bestBundleExact(qs([5, 4, 1]), qs([3, 2, 1]), q(4));
    expect(bundle.chosen).toEqual([0, 2]);
    expect([bundle.surplus, bundle.value, bundle.cost].map(toDouble)).toEqual([2, 6, 4]);
  });

  it("a worthless free item is bought, an item with V < p is not, and a zero-surplus item is bought when it fits", () => {
    expect(bestBundleExact(qs([0, 3, 1]), qs([0, 2, 2]), q(4)).chosen).toEqual([0, 1]);
    expect(bestBundleExact(qs([2, 2]), qs([2, 1]), q(3)).chosen).toEqual([0, 1]);
    expect(bestBundleExact(qs([2]), qs([2]), q(2)).chosen).toEqual([0]); // zero surplus, exhausts the budget exactly
    expect(bestBundleExact(qs([2]), qs([2]), q(1.999)).chosen).toEqual([]);
  });

  it("equal surplus and value go to the lexicographically smallest index list", () => {
    expect(bestBundleExact(qs([3, 3]), qs([1, 1]), q(1)).chosen).toEqual([0]);
    expect(bestBundleExact(qs([2, 1, 1]), qs([1, 0.5, 0.5]), q(1)).chosen).toEqual([0]); // {0} before {1, 2}
  });
});

describe("mwpExact: the marginal willingness to pay (MODEL §2)", () => {
  // MODEL's finding: one buyer, budget 10; others k (V 11.5, p 9.5), l (V 2, p 1); seller j with V 2.
  const values = qs([2, 11.5, 2]);
  const prices = qs([0, 9.5, 1]);

  it("MODEL's finding: K(10; −j) = 2 (k alone), and MWP_j = 1 (switching to l, not B − p_k = 0.5)", () => {
    expect(toDouble(maxSurplusExact(values, prices, q(10), 0)!)).toBe(2);
    expect(toDouble(mwpExact(values, prices, q(10), 0))).toBe(1);
    expect(toDouble(phiExact(values, prices, q(10), 0, q(1))!)).toBe(0);
    expect(phiExact(values, prices, q(10), 0, q(1.000000001))!.compare(Rational.ZERO)).toBe(-1);
  });

  it("with a slack budget the MWP is V_j; with a tiny budget it is B; phi is −∞ (null) above B", () => {
    expect(toDouble(mwpExact(values, prices, q(100), 0))).toBe(2);
    expect(toDouble(mwpExact(values, prices, q(0.5), 0))).toBe(0.5);
    expect(phiExact(values, prices, q(0.5), 0, q(0.6))).toBeNull();
  });
});

describe("fairPriceExact: the Lemma 2 price (MODEL §3)", () => {
  it("takes m_(k*) with the largest k* maximising k·m_(k); no MWPs or all 0 give 0", () => {
    expect(toDouble(fairPriceExact(qs([3, 1, 1, 1])))).toBe(1); // revenues 3, 2, 3, 4
    expect(toDouble(fairPriceExact(qs([2, 4])))).toBe(2); // 4 = 2·2: the tie goes to k = 2
    expect(fairPriceExact([]).isZero()).toBe(true);
    expect(fairPriceExact(qs([0, 0])).isZero()).toBe(true);
  });
});

/** The instance of the issue: 3 buyers, 6 sellers. */
const issue: Market = {
  buyers: [
    { id: "B1", budget: 11.61 },
    { id: "B2", budget: 13.82 },
    { id: "B3", budget: 6.98 },
  ],
  sellers: ["S1", "S2", "S3", "S4", "S5", "S6"].map((id, j) => ({ id, cost: j === 0 ? 0.6 : j === 1 ? 0.5 : 0.4 })),
  values: [
    [3.683, 1.306, 4.402, 7.145, 5.149, 4.844],
    [3.29, 3.733, 5.964, 5.271, 5.06, 6.687],
    [0.693, 0.478, 7.061, 4.877, 6.269, 2.745],
  ],
};
const issuePrices = [2.282, 2.725, 3.001, 3.959, 3.748, 3.443];

describe("algorithm1Exact: Algorithm 1 (MODEL §6) with zero tolerance", () => {
  const result = algorithm1Exact(issue);

  it("algorithm1Exact reaches the issue's fixed point (2.282, 2.725, 3.001, 3.959, 3.748, 3.443) after 12 sweeps and stops after the unchanged 13th", () => {
    expect(result.converged).toBe(true);
    expect(result.prices.map(fields)).toEqual(issuePrices.map((p) => fields(q(p))));
    expect(result.rounds).toBe(13);
    expect(result.pricesAfterSweep).toHaveLength(13);
    const same = (a: Rational[], b: Rational[]) => a.every((p, j) => p.equals(b[j]));
    expect(same(result.pricesAfterSweep[11], result.prices)).toBe(true);
    expect(same(result.pricesAfterSweep[10], result.prices)).toBe(false);
  });

  it("the returned prices are a fixed point: each is fairPriceExact of its column of the returned MWP matrix", () => {
    result.prices.forEach((p, j) => expect(fairPriceExact(result.mwp.map((row) => row[j])).equals(p)).toBe(true));
  });

  it("a 1-sweep limit stops unconverged at the first sweep's prices", () => {
    const one = algorithm1Exact(issue, { maxRounds: 1 });
    expect([one.rounds, one.converged]).toEqual([1, false]);
    expect(one.prices.map(toDouble)).toEqual([3.29, 3.733, 4.402, 5.271, 3.61, 2.745]);
  });

  it("purchasesExact gives each buyer's best bundle at the fixed point", () => {
    const bought = purchasesExact(issue, result.prices);
    expect(bought).toHaveLength(3);
    bought.forEach((chosen, b) => {
      const cost = chosen.reduce((s, j) => s.add(result.prices[j]), Rational.ZERO);
      expect(cost.compare(q(issue.buyers[b].budget))).toBeLessThanOrEqual(0);
    });
  });
});

// Random small markets: amounts on a grid of quarters or thousandths, up to 20.
const amount = fc.oneof(
  fc.integer({ min: 0, max: 80 }).map((k) => k / 4),
  fc.integer({ min: 0, max: 20_000 }).map((k) => k / 1000),
);
const budget = fc.oneof(
  fc.integer({ min: 1, max: 80 }).map((k) => k / 4),
  fc.integer({ min: 1, max: 20_000 }).map((k) => k / 1000),
);
/** One buyer's values, the prices and a budget, over 1–6 sellers. */
const buyerCase = fc
  .integer({ min: 1, max: 6 })
  .chain((n) =>
    fc.record({ values: fc.array(amount, { minLength: n, maxLength: n }), prices: fc.array(amount, { minLength: n, maxLength: n }), budget }),
  );
/** A market of 1–3 buyers and 1–6 sellers, with prices. */
const marketCase = fc.record({ m: fc.integer({ min: 1, max: 3 }), n: fc.integer({ min: 1, max: 6 }) }).chain(({ m, n }) =>
  fc.record({
    budgets: fc.array(budget, { minLength: m, maxLength: m }),
    values: fc.array(fc.array(amount, { minLength: n, maxLength: n }), { minLength: m, maxLength: m }),
    prices: fc.array(amount, { minLength: n, maxLength: n }),
  }),
);
const EPS = Rational.of(1n, 10n ** 9n);

describe("properties on random small markets (fast-check, seed 17)", () => {
  it("mwpExact lies in [0, min(V, B)], Φ(MWP) ≥ 0 and Φ(MWP + 1e-9) < 0 (also at MWP = min(V, B))", () => {
    fc.assert(
      fc.property(marketCase, ({ budgets, values, prices }) => {
        const p = qs(prices);
        budgets.forEach((bNum, b) => {
          const [v, B] = [qs(values[b]), q(bNum)];
          v.forEach((vj, j) => {
            const m = mwpExact(v, p, B, j);
            expect(m.compare(Rational.ZERO) >= 0 && m.compare(vj.min(B)) <= 0).toBe(true);
            const at = phiExact(v, p, B, j, m);
            expect(at !== null && at.compare(Rational.ZERO) >= 0).toBe(true);
            const above = phiExact(v, p, B, j, m.add(EPS));
            expect(above === null || above.compare(Rational.ZERO) < 0).toBe(true);
          });
        });
      }),
      { seed: 17, numRuns: 300 },
    );
  });

  it("fairPriceExact of each MWP column is the lowest maximiser of q·#{b : m_b ≥ q} over the m_b", () => {
    fc.assert(
      fc.property(marketCase, ({ budgets, values, prices }) => {
        const p = qs(prices);
        prices.forEach((_, j) => {
          const column = budgets.map((bNum, b) => mwpExact(qs(values[b]), p, q(bNum), j));
          const revenue = (x: Rational) => x.mul(Rational.of(BigInt(column.filter((m) => m.compare(x) >= 0).length)));
          let best = { price: Rational.ZERO, revenue: Rational.ZERO };
          for (const x of column) {
            const r = revenue(x);
            if (r.compare(best.revenue) > 0 || (r.equals(best.revenue) && x.compare(best.price) < 0)) best = { price: x, revenue: r };
          }
          expect(fields(fairPriceExact(column))).toEqual(fields(best.price));
        });
      }),
      { seed: 17, numRuns: 300 },
    );
  });

  it("bestBundleExact fits the budget, holds every free item, no item with V < p, and reaches the best surplus K(B)", () => {
    fc.assert(
      fc.property(buyerCase, ({ values, prices, budget: bNum }) => {
        const [v, p, B] = [qs(values), qs(prices), q(bNum)];
        const bundle = bestBundleExact(v, p, B);
        expect(bundle.cost.compare(B)).toBeLessThanOrEqual(0);
        p.forEach((pj, j) => {
          if (pj.isZero()) expect(bundle.chosen).toContain(j);
          if (v[j].compare(pj) < 0) expect(bundle.chosen).not.toContain(j);
        });
        expect(bundle.surplus.equals(maxSurplusExact(v, p, B, -1)!)).toBe(true);
      }),
      { seed: 17, numRuns: 300 },
    );
  });

  it("a converged algorithm1Exact returns a fixed point: every price is the Lemma 2 price of its MWP column", () => {
    fc.assert(
      fc.property(marketCase, ({ budgets, values }) => {
        const market: Market = {
          buyers: budgets.map((budget, b) => ({ id: `B${b}`, budget })),
          sellers: values[0].map((_, j) => ({ id: `S${j}`, cost: 0 })),
          values,
        };
        const result = algorithm1Exact(market, { maxRounds: 20 });
        expect(result.rounds).toBe(result.pricesAfterSweep.length);
        if (result.converged)
          result.prices.forEach((p, j) => expect(fairPriceExact(result.mwp.map((row) => row[j])).equals(p)).toBe(true));
      }),
      { seed: 17, numRuns: 100 },
    );
  });
});
