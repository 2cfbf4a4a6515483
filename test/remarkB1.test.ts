import { describe, expect, it } from "vitest";
import type { MarketCase } from "../theory/marketCase.js";
import { remarkB1, royaltyFlatRatios } from "../theory/remarkB1.js";
import { describeLemmaContract } from "./lemmaContract.js";

describe("remarkB1 (B.1, flat rate and royalty agree)", () => {
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

  describeLemmaContract(remarkB1, { seed: 20250281, seeds: { check: 20250282, control: 20250283, runLemma: 20250284 }, hypothesisRuns: 300, checkRuns: 500, controlRuns: 200 });
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
