/**
 * Numerical edges: discount factors at 0⁺ and 1, amounts from 1e-9 to 1e9 and subnormal money, zero
 * values, exact ties, one buyer, one seller, a budget below every price. Each answer is checked against an
 * independent oracle (a closed form, a hand-worked market, brute force) or is a documented null or a
 * one-line refusal; never a NaN or an Infinity in an output.
 */
import { describe, expect, it } from "vitest";
import { simulate } from "../experiments/algorithm2.js";
import { GROUPS, parseConfig } from "../experiments/config.js";
import { checkRun } from "../experiments/invariants.js";

/** A config with every group, from a few fields; the rest are small defaults. */
function config(fields: Record<string, unknown>) {
  return parseConfig(
    {
      name: "edge",
      periods: 4,
      seed: 1,
      discount: 1,
      groups: [...GROUPS],
      participation: "linear:0.5",
      buyers: [{ id: "B1", budget: 5 }],
      sellers: { tiers: [{ name: "a", quality: 1, count: 2 }], cost: { base: 0, perQuality: 0 } },
      valuation: { source: "synthetic", noise: 0 },
      ...fields,
    },
    "numericalEdges.test.ts",
  );
}

describe("performance per dollar with subnormal spend (regression)", () => {
  // Found by a property test of test/algorithm2.test.ts: a cost of 1e-323 dollars, posted as the price by
  // the exploitative group, made cumulativeScore / cumulativeSpend = 1 / 2e-323 overflow to Infinity, which
  // JSON wrote as a bare null that records.ts did not document.
  it("is null, not Infinity, when score / spend is too large for a double, and finite otherwise", () => {
    const run = simulate(config({ sellers: { tiers: [{ name: "a", quality: 1, count: 2 }], cost: { base: 1e-323, perQuality: 0 } } }), 1);
    const exploitative = run.groups.find((g) => g.group === "exploitative")!;
    const first = exploitative.periods[0].buyers[0];
    // Noise 0: both sellers are worth θ = 1, priced at their cost 1e-323; B1 buys both (score 2, spend 2e-323).
    expect([first.bought, first.cumulativeScore, first.cumulativeSpend]).toStrictEqual([["S1", "S2"], 2, 2e-323]);
    expect(first.performancePerDollar).toBeNull();
    // Under fairshare the same sellers cost p* = V = 1 each: 2 score for 2 dollars.
    expect(run.groups[0].periods[0].buyers[0].performancePerDollar).toBe(1);
    for (const group of run.groups) {
      for (const p of group.periods) for (const b of p.buyers) expect(b.performancePerDollar === null || Number.isFinite(b.performancePerDollar)).toBe(true);
    }
    expect(checkRun(run)).toStrictEqual([]);
  });
});
