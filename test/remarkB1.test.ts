import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { MarketCase } from "../theory/marketCase.js";
import { remarkB1, royaltyFlatRatios } from "../theory/remarkB1.js";
import { runLemma } from "../theory/runLemma.js";

describe("remarkB1 (B.1, flat rate and royalty agree)", () => {
  it("every drawn instance meets every hypothesis", () => {
    fc.assert(
      fc.property(remarkB1.instances, (c) => {
        for (const h of remarkB1.hypotheses) expect(h.holds(c), `${h.name}: ${JSON.stringify(c)}`).toBe(true);
      }),
      { seed: 20250281, numRuns: 300 },
    );
  });

  it("check(instance) holds on 500 drawn markets of one buyer or identical buyers, slack ≥ 0", () => {
    fc.assert(
      fc.property(remarkB1.instances, (c) => {
        const result = remarkB1.check(c);
        expect(result.holds, JSON.stringify({ c, result })).toBe(true);
        expect(result.slack).toBeGreaterThanOrEqual(0);
      }),
      { seed: 20250282, numRuns: 500 },
    );
  });

  it("the negative control (two different buyers) breaks 'identical buyers' and finds a counterexample", () => {
    fc.assert(
      fc.property(remarkB1.negativeControl.instances, (c) => {
        expect(remarkB1.hypotheses.find((h) => h.name === remarkB1.negativeControl.drops)?.holds(c)).toBe(false);
        const result = remarkB1.check(c);
        expect(result.slack >= 0).toBe(result.holds);
      }),
      { seed: 20250283, numRuns: 200 },
    );
    const outcome = runLemma(remarkB1, { runs: 200, seed: 20250284 });
    expect(outcome.holds).toBe(true);
    expect(outcome.negativeControl.detected).toBe(true);
  });

  it("worked example: two identical buyers (budget 4, V 8) pay 4 either way; buyers (m 5, V 10) and (m 3, V 3) do not", () => {
    // MWP = B = 4 for both: p* = 4 earns 8; a = 0.5 for both: α* = 0.5 earns 0.5·16 = 8, and α*·V = 4 = p*.
    const identical: MarketCase = { budgets: [4, 4], values: [[8], [8]], prices: [0], seller: 0, demand: "whole" };
    const result = remarkB1.check(identical);
    expect(result.holds).toBe(true);
    expect(result.witness).toMatchObject({ price: 4, flatRevenue: 8, rate: 0.5, royaltyRevenue: 8 });
    // MWPs 5 (budget-bound) and 3 (slack): flat revenues 5 and 6, so p* = 3 earning 6; rates 0.5 and 1:
    // royalty revenues 0.5·13 = 6.5 and 3, so α* = 0.5 earning 6.5. Buyer 0 pays α*·10 = 5 ≠ 3: relative error 2/3.
    const different: MarketCase = { budgets: [5, 100], values: [[10], [3]], prices: [0], seller: 0, demand: "whole" };
    const failed = remarkB1.check(different);
    expect(failed.holds).toBe(false);
    expect(failed.witness).toMatchObject({ price: 3, flatRevenue: 6, rate: 0.5, royaltyRevenue: 6.5 });
    expect(failed.witness?.relativeError).toBeCloseTo(2 / 3, 15);
  });
});

describe("royaltyFlatRatios (the report's table of royalty/flat revenue)", () => {
  it("is deterministic from its seed, has one row per seller, and ratio = royalty/flat where flat > 0", () => {
    const rows = royaltyFlatRatios(20250285, { markets: 40 });
    expect(royaltyFlatRatios(20250285, { markets: 40 })).toStrictEqual(rows);
    expect(new Set(rows.map((row) => row.market)).size).toBe(40);
    for (const row of rows) {
      expect(row.buyers).toBeGreaterThanOrEqual(2);
      expect(row.ratio).toBe(row.flatRevenue > 0 ? row.royaltyRevenue / row.flatRevenue : null);
    }
    // Heterogeneous buyers: the two contracts do not always earn the same (B.1 needs identical buyers).
    expect(rows.some((row) => row.ratio !== null && Math.abs(row.ratio - 1) > 1e-9)).toBe(true);
  });
});
