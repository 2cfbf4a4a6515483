import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseConfig, type Config } from "../experiments/config.js";
import { entrant, initialSellers, syntheticScore, type SyntheticSeller } from "../experiments/synthetic.js";
import { fromUnits, toUnits } from "../theory/money.js";

/** A valid config around the given tiers, cost and valuation; everything else fixed. */
function configOf(options: {
  tiers: Array<{ name: string; quality: number; count: number }>;
  cost?: { base: number; perQuality: number };
  noise?: number;
  decay?: number;
  entry?: number;
  buyers?: number;
  decimals?: number;
}): Config {
  return parseConfig(
    {
      name: "synthetic-test",
      periods: 10,
      seed: 1,
      discount: 1,
      groups: ["fairshare"],
      participation: "linear:0.3",
      buyers: Array.from({ length: options.buyers ?? 1 }, (_, b) => ({ id: `B${b + 1}`, budget: 10 })),
      sellers: { tiers: options.tiers, cost: options.cost ?? { base: 0, perQuality: 0 } },
      valuation: { source: "synthetic", noise: options.noise ?? 0.2, decay: options.decay ?? 0 },
      entry: { probability: options.entry ?? 0 },
      money: { decimals: options.decimals ?? 6 },
    },
    "synthetic.test.ts",
  );
}

const sellerOf = (quality: number): SyntheticSeller => ({ id: "S1", tier: "t", quality, cost: 0, entered: 1 });

describe("initialSellers(config): S1, S2, … tier by tier, c_j = base + perQuality·θ_j rounded half to even to the money unit", () => {
  it("worked example: tiers high (θ 4) ×2 and low (θ 1.5) ×3, cost 0.5 + 0.25·θ give S1–S2 at cost 1.5 and S3–S5 at cost 0.875", () => {
    const config = configOf({
      tiers: [{ name: "high", quality: 4, count: 2 }, { name: "low", quality: 1.5, count: 3 }],
      cost: { base: 0.5, perQuality: 0.25 },
    });
    // By hand: 0.5 + 0.25·4 = 1.5, 0.5 + 0.25·1.5 = 0.875 (both exact in binary).
    expect(initialSellers(config)).toStrictEqual([
      { id: "S1", tier: "high", quality: 4, cost: 1.5, entered: 1 },
      { id: "S2", tier: "high", quality: 4, cost: 1.5, entered: 1 },
      { id: "S3", tier: "low", quality: 1.5, cost: 0.875, entered: 1 },
      { id: "S4", tier: "low", quality: 1.5, cost: 0.875, entered: 1 },
      { id: "S5", tier: "low", quality: 1.5, cost: 0.875, entered: 1 },
    ]);
  });

  it("rounds the cost half to even to the money unit (MODEL §2): with whole units (money.decimals 0) and cost 0.5·θ, θ = 5, 7, 2.2 cost 2, 4, 1", () => {
    // By hand: 0.5·5 = 2.5 and 0.5·7 = 3.5 are ties (exact in binary), to the even 2 and 4; 0.5·2.2 = 1.1 → 1.
    const config = configOf({ tiers: [5, 7, 2.2].map((quality, i) => ({ name: `t${i}`, quality, count: 1 })), cost: { base: 0, perQuality: 0.5 }, decimals: 0 });
    expect(initialSellers(config).map((s) => s.cost)).toStrictEqual([2, 4, 1]);
    // At the default millionth, 0.1 + 0.2·θ with θ = 1/3 is 0.16666666666666669, whose nearest millionth is 0.166667.
    const thirds = configOf({ tiers: [{ name: "t", quality: 1 / 3, count: 1 }], cost: { base: 0.1, perQuality: 0.2 } });
    expect(0.1 + 0.2 * (1 / 3)).toBe(0.16666666666666669);
    expect(initialSellers(thirds)[0].cost).toBe(0.166667);
  });

  it("on random tier lists: one seller per tier slot, numbered S1…SN in config order, each with its tier's θ and base + perQuality·θ rounded half to even to the unit, within half a unit", () => {
    const tier = fc.record({ quality: fc.double({ min: 0.01, max: 10, noNaN: true }), count: fc.integer({ min: 1, max: 5 }) });
    // Costs the unit holds: a base and perQuality of 0, or of at least 100 units (so perQuality·θ ≥ θ_min·100 = 1 unit).
    const money = (decimals: number, max: number) => fc.oneof(fc.constant(0), fc.double({ min: 100 * 10 ** -decimals, max, noNaN: true }));
    const unitAndCost = fc
      .constantFrom(6, 4, 9)
      .chain((decimals) => fc.record({ decimals: fc.constant(decimals), c: fc.record({ base: money(decimals, 5), perQuality: money(decimals, 2) }) }));
    fc.assert(
      fc.property(fc.array(tier, { minLength: 1, maxLength: 4 }), unitAndCost, (tiers, { c, decimals }) => {
        const config = configOf({ tiers: tiers.map((t, i) => ({ name: `tier${i}`, ...t })), cost: c, decimals });
        const expected = tiers.flatMap((t, i) => Array.from({ length: t.count }, () => ({ tier: `tier${i}`, quality: t.quality })));
        const sellers = initialSellers(config);
        expect(sellers.length).toBe(expected.length);
        sellers.forEach((s, j) => {
          const exact = c.base + c.perQuality * expected[j].quality;
          expect(s, `seller ${j}`).toStrictEqual({
            id: `S${j + 1}`,
            tier: expected[j].tier,
            quality: expected[j].quality,
            cost: fromUnits(toUnits(exact, decimals), decimals),
            entered: 1,
          });
          // Independently of toUnits: within a double's rounding of the grid, and within half a unit of base + perQuality·θ.
          const scaled = s.cost * 10 ** decimals;
          expect(Math.abs(scaled - Math.round(scaled)), `seller ${j}: ${s.cost} on the grid of 10^-${decimals}`).toBeLessThanOrEqual(1e-12 * Math.max(1, scaled));
          expect(Math.abs(s.cost - exact), `seller ${j}: ${s.cost} vs ${exact}`).toBeLessThanOrEqual(0.5 * 10 ** -decimals * (1 + 1e-9));
        });
      }),
      { seed: 20260311, numRuns: 200 },
    );
  });

  it("refuses, naming the field, a cost that is not 0 but rounds to 0 money units, and accepts it in a unit that holds it", () => {
    const tiers = [{ name: "t", quality: 1, count: 1 }];
    expect(() => configOf({ tiers, cost: { base: 4e-7, perQuality: 0 } })).toThrow(
      "synthetic.test.ts: sellers.cost.base: makes the amount 4e-7, which is not 0 but rounds to 0 money units of 0.000001 (money decimals 6), got 4e-7",
    );
    expect(() => configOf({ tiers, cost: { base: 0, perQuality: 4e-7 } })).toThrow(/^synthetic\.test\.ts: sellers\.cost\.perQuality: makes the amount 4e-7, which is not 0 but rounds to 0 money units/);
    expect(initialSellers(configOf({ tiers, cost: { base: 4e-7, perQuality: 0 }, decimals: 7 }))[0].cost).toBe(4e-7);
  });
});

describe("entrant(config, seed, period, number): MODEL §5's optional entry", () => {
  it("is null when entry is off (probability 0), and a seller numbered S<number> entering at period when it is certain (probability 1)", () => {
    const tiers = [{ name: "only", quality: 2, count: 3 }];
    expect(entrant(configOf({ tiers }), 5, 4, 4)).toBeNull();
    const config = configOf({ tiers, cost: { base: 1, perQuality: 0.5 }, entry: 1 });
    // One tier, so the tier draw has no choice; cost by hand 1 + 0.5·2 = 2.
    expect(entrant(config, 5, 4, 7)).toStrictEqual({ id: "S7", tier: "only", quality: 2, cost: 2, entered: 4 });
  });


  // Reference: each period's entry is a Bernoulli(p) draw and an entrant's tier a draw proportional to the
  // tier sizes (MODEL §5, config `entry`); 4000 independent periods (seed 77), bounds of 4 binomial standard errors.
  it("entrants arrive in a fraction p of periods and land in a tier with probability ∝ its size (tiers of 1 and 3: 3/4 in the second)", () => {
    const tiers = [{ name: "small", quality: 4, count: 1 }, { name: "large", quality: 1, count: 3 }];
    const n = 4000;
    const binomialBound = (q: number) => 4 * Math.sqrt((q * (1 - q)) / n);
    const certain = configOf({ tiers, entry: 1 });
    const large = Array.from({ length: n }, (_, t) => entrant(certain, 77, t + 1, 5)).filter((s) => s?.tier === "large").length;
    expect(Math.abs(large / n - 0.75), `share in "large" ${large / n}`).toBeLessThanOrEqual(binomialBound(0.75));
    const sometimes = configOf({ tiers, entry: 0.3 });
    const arrivals = Array.from({ length: n }, (_, t) => entrant(sometimes, 77, t + 1, 5)).filter((s) => s !== null).length;
    expect(Math.abs(arrivals / n - 0.3), `arrival rate ${arrivals / n}`).toBeLessThanOrEqual(binomialBound(0.3));
  });
});

describe("syntheticScore(config, seed, buyer, seller, t): v = θ·max(0, 1 + noise·Z)/(1 + decay·(t − 1))", () => {
  it("is ≥ 0 for every draw, even when the noise is large enough to clip (noise up to 3)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 10, noNaN: true }),
        fc.double({ min: 0, max: 3, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.integer({ min: 1, max: 1000 }),
        (quality, noise, decay, seed, period) => {
          const score = syntheticScore(configOf({ tiers: [{ name: "t", quality, count: 1 }], noise, decay }), seed, "B1", sellerOf(quality), period);
          expect(Number.isFinite(score), `θ ${quality}, noise ${noise}, decay ${decay}, seed ${seed}, t ${period}`).toBe(true);
          expect(score, `θ ${quality}, noise ${noise}, decay ${decay}, seed ${seed}, t ${period}`).toBeGreaterThanOrEqual(0);
        },
      ),
      { seed: 20260312, numRuns: 1000 },
    );
  });

  it("with noise 0 is exactly θ/(1 + decay·(t − 1)) (closed form), for every buyer and seed", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 10, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.integer({ min: 1, max: 1000 }),
        fc.constantFrom("B1", "B2", "x"),
        (quality, decay, seed, period, buyer) => {
          const config = configOf({ tiers: [{ name: "t", quality, count: 1 }], noise: 0, decay });
          expect(syntheticScore(config, seed, buyer, sellerOf(quality), period), `θ ${quality}, decay ${decay}, seed ${seed}, t ${period}`).toBe(
            quality / (1 + decay * (period - 1)),
          );
        },
      ),
      { seed: 20260313, numRuns: 500 },
    );
  });

  it("worked example, noise 0: θ = 3, decay 0.5 gives 3, 2, 1.5 in periods 1, 2, 3", () => {
    const config = configOf({ tiers: [{ name: "t", quality: 3, count: 1 }], noise: 0, decay: 0.5 });
    expect([1, 2, 3].map((t) => syntheticScore(config, 9, "B1", sellerOf(3), t))).toStrictEqual([3, 2, 1.5]);
  });

  // 20 buyers × 500 periods = 10,000 draws of one seller with θ = 3, noise 0.2, decay 0 (seed pinned: 2026).
  // Reference: v = θ·max(0, 1 + 0.2·Z), Z standard normal, so E[v] = θ·(Φ(5) + 0.2·φ(5)) = θ·(1 + 1.1e-8)
  // (the clip at 0 only acts when Z < −5) and sd(v) = 0.2·θ to the same precision. By the central limit
  // theorem the sample mean lies within 4 standard errors of E[v] with probability 1 − 6.3e-5; for a
  // normal sample the sample sd has standard error ≈ σ/√(2(n − 1)), giving the second bound.
  const draws = (() => {
    const theta = 3;
    const config = configOf({ tiers: [{ name: "t", quality: theta, count: 1 }], noise: 0.2, decay: 0, buyers: 20 });
    const rows = config.buyers.map((buyer) => Array.from({ length: 500 }, (_, t) => syntheticScore(config, 2026, buyer.id, sellerOf(theta), t + 1)));
    return { theta, rows, all: rows.flat() };
  })();

  it("with noise 0.2 the sample mean of 10,000 (buyer, period) draws is θ within 4 standard errors (seed 2026)", () => {
    const { theta, all } = draws;
    const n = all.length;
    const mean = all.reduce((s, x) => s + x, 0) / n;
    const sd = Math.sqrt(all.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1));
    const standardError = sd / Math.sqrt(n);
    expect(Math.abs(mean - theta), `mean ${mean}, θ ${theta}, SE ${standardError}`).toBeLessThanOrEqual(4 * standardError);
  });

  it("with noise 0.2 the sample standard deviation of the same draws is 0.2·θ within 4 of its standard errors (seed 2026)", () => {
    const { theta, all } = draws;
    const n = all.length;
    const mean = all.reduce((s, x) => s + x, 0) / n;
    const sd = Math.sqrt(all.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1));
    const sigma = 0.2 * theta;
    expect(Math.abs(sd - sigma), `sd ${sd}, 0.2·θ ${sigma}`).toBeLessThanOrEqual((4 * sigma) / Math.sqrt(2 * (n - 1)));
  });

  it("draws of different buyers are uncorrelated: |corr(B1, B2)| over 500 periods is within 4/√500 of 0 (seed 2026)", () => {
    // Reference: independent streams give a sample correlation with standard error ≈ 1/√n.
    const [a, b] = draws.rows;
    const n = a.length;
    const ma = a.reduce((s, x) => s + x, 0) / n;
    const mb = b.reduce((s, x) => s + x, 0) / n;
    let sab = 0;
    let saa = 0;
    let sbb = 0;
    for (let t = 0; t < n; t += 1) {
      sab += (a[t] - ma) * (b[t] - mb);
      saa += (a[t] - ma) ** 2;
      sbb += (b[t] - mb) ** 2;
    }
    const corr = sab / Math.sqrt(saa * sbb);
    expect(Math.abs(corr), `corr ${corr}`).toBeLessThanOrEqual(4 / Math.sqrt(n));
  });
});
