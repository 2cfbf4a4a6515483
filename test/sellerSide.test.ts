import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fairPrice, revenueAtPrice } from "../theory/fairPrice.js";
import { participationSpecs, decimal } from "../theory/oneBuyerInstance.js";
import { parseParticipation } from "../theory/participation.js";
import { expectedProfit, sellerSide, type SellerSideInstance } from "../theory/sellerSide.js";
import { describeLemmaContract } from "./lemmaContract.js";

const SEED = 9009;

// Worked example, by hand: MWPs 5, 3, 1 give revenues 5, 6, 3 at those prices, so p* = 3 and R(p*) = 6;
// cost 2, ρ(x) = x. The path 1.5, 3, 0 earns 1.5·2 − 2 = 1, then (stay 1/2) ½·(6 − 2) = 2, then
// (stay ρ(1) = 1) ½·(0 − 2) = −1: 2 in all, against fairshare's 3·(6 − 2) = 12.
const example: SellerSideInstance = Object.freeze({ mwps: [5, 3, 1], cost: 2, rho: "power:1", prices: [1.5, 3, 0] });

/** Expected profit by the seller's leaving period L: P(active through exactly L) times the profit to L. */
function profitByLeavingPeriod(mwps: number[], cost: number, rho: (x: number) => number, prices: number[]): number {
  const fair = fairPrice(mwps);
  const stay = prices.map((p) => (fair === 0 ? rho(1) : rho(Math.min(1, p / fair))));
  let expected = 0;
  let reach = 1; // P(active in period L)
  let profitSoFar = 0;
  prices.forEach((p, t) => {
    profitSoFar += revenueAtPrice(mwps, p) - cost;
    const leavesAfter = t === prices.length - 1 ? 1 : 1 - stay[t];
    expected += reach * leavesAfter * profitSoFar;
    reach *= stay[t];
  });
  return expected;
}

describe("sellerSide: fairshare is best for the seller (MODEL §8 Seller side)", () => {
  it("worked example: the path earns 2 in expectation, fairshare 12", () => {
    const { rho } = parseParticipation("power:1");
    expect(expectedProfit(example.mwps, 2, rho, example.prices)).toBe(2);
    const result = sellerSide.check(example);
    expect(result.holds).toBe(true);
    expect(result.witness).toMatchObject({ fairPrice: 3, fairRevenue: 6, fairshare: 12, path: 2 });
    expect(result.slack).toBeCloseTo(10 / 18, 10); // (12 − 2)/(T·max(R(p*), c)) = 10/18
  });

  it("expectedProfit equals the expectation over the seller's leaving period (an independent decomposition)", () => {
    const cases = fc.record({
      mwps: fc.array(decimal(0, 10, 2), { minLength: 1, maxLength: 6 }),
      cost: decimal(0, 20, 2),
      rho: participationSpecs(),
      shares: fc.array(decimal(0, 1.5), { minLength: 1, maxLength: 30 }),
    });
    fc.assert(
      fc.property(cases, ({ mwps, cost, rho: spec, shares }) => {
        const { rho } = parseParticipation(spec);
        const prices = shares.map((s) => s * fairPrice(mwps));
        const direct = expectedProfit(mwps, cost, rho, prices);
        expect(direct).toBeCloseTo(profitByLeavingPeriod(mwps, cost, rho, prices), 9);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  describeLemmaContract(sellerSide, { seed: SEED, hypothesisRuns: 300, checkRuns: 400, controlRuns: 100, everyControlInstanceFails: true });

});
