/**
 * Remark B.1, flat rate and royalty agree (MODEL §8 B.1), as an executable check: for one buyer, or
 * identical buyers, the optimal royalty takes exactly the optimal flat price, `α*·V = p*`.
 */
import fc from "fast-check";
import type { Lemma } from "./lemma.js";
import { type MarketCase, marketOf, money, unitPrices, wellFormedMarket } from "./marketCase.js";
import { fromUnits } from "./money.js";
import { sellerColumn } from "./market.js";
import { mwpColumn } from "./mwp.js";
import { revenuePair, revenuePairInMoney } from "./royaltyVsFlat.js";

export { type RevenuePair, type RoyaltyFlatRow, revenuePair, royaltyFlatRatios } from "./royaltyVsFlat.js";

/**
 * Relative tolerance of `α*·V = p*` and of equal revenues. `α*·V` rounds m/V and then its product
 * (≤ 2.2e-16 relative each), and the royalty sums up to four equal values; the worst error measured
 * over 20 000 instances was 2.5e-16, so 1e-13 leaves a wide margin and still catches any real gap.
 */
export const B1_TOLERANCE = 1e-13;

/** All buyers have the same budget and the same values (one buyer trivially). */
export const identicalBuyers = (c: MarketCase): boolean =>
  c.budgets.every((b) => b === c.budgets[0]) && c.values.every((row) => row.every((v, j) => v === c.values[0][j]));

/**
 * The check: with MWPs `m` and values `V` for the seller, `p* = fairPrice(m)` and `α* = royaltyRate(m, V)`
 * satisfy `α*·V_b = p*` for every buyer who pays the royalty (`V_b > 0`, `MWP_b/V_b ≥ α*`), and `R_royalty(α*) = R_flat(p*)`, each within
 * `B1_TOLERANCE` relative to max(1, ·).
 *
 * Slack (unitless, in (−1, 1]): `(tol − e) / max(tol, e)` for the worst relative error e.
 */
function check(c: MarketCase) {
  const market = marketOf(c);
  const mwps = mwpColumn(market, unitPrices(c), c.seller);
  const values = sellerColumn(market.values, c.seller);
  const pair = revenuePair(mwps, values);
  let error = Math.abs(pair.royaltyRevenue - pair.flatRevenue) / Math.max(1, pair.flatRevenue);
  values.forEach((v, b) => {
    // A buyer who pays the royalty pays α*·V_b; with identical buyers that is every buyer, or none.
    if (v > 0 && mwps[b] / v >= pair.rate) error = Math.max(error, Math.abs(pair.rate * v - pair.price) / Math.max(1, pair.price));
  });
  const slack = (B1_TOLERANCE - error) / Math.max(B1_TOLERANCE, error);
  return { holds: error <= B1_TOLERANCE, slack, witness: { mwps: mwps.map((m) => fromUnits(m)), values: values.map((v) => fromUnits(v)), ...revenuePairInMoney(pair), relativeError: error } };
}

/** 1–4 copies of one buyer (budget and value row), posted prices and a seller. */
const identicalCases: fc.Arbitrary<MarketCase> = fc.integer({ min: 1, max: 6 }).chain((sellers) =>
  fc
    .record({
      copies: fc.integer({ min: 1, max: 4 }),
      budget: money(300, true),
      row: fc.array(money(), { minLength: sellers, maxLength: sellers }),
      prices: fc.array(money(), { minLength: sellers, maxLength: sellers }),
      seller: fc.integer({ min: 0, max: sellers - 1 }),
    })
    .map(({ copies, budget, row, prices, seller }) => ({
      budgets: Array.from({ length: copies }, () => budget),
      values: Array.from({ length: copies }, () => [...row]),
      prices,
      seller,
      demand: "whole" as const,
    })),
);

/** Two buyers who differ: the second values the seller's data more, by a positive amount, and has its own budget. */
const twoDifferentBuyers: fc.Arbitrary<MarketCase> = identicalCases.chain((c) =>
  fc.record({ extra: money(100, true), budget: money(300, true) }).map(({ extra, budget }) => ({
    ...c,
    budgets: [c.budgets[0], budget],
    values: [c.values[0], c.values[0].map((v, j) => (j === c.seller ? v + extra : v))],
  })),
);

export const remarkB1: Lemma<MarketCase> = {
  id: "B1",
  title: "Flat rate and royalty agree",
  statement:
    "For one buyer, or for identical buyers, the optimal royalty rate takes exactly the optimal flat price: α*·V = p*, and the royalty and flat-rate revenues are equal. (With different buyers they differ in general; the report tabulates the ratio.)",
  formula: "M = 1 or all buyers identical  ⇒  α*·V = p*  and  α*·Σ_{a_b ≥ α*} V_b = p*·#{b : m_b ≥ p*}",
  modelSection: "MODEL §8 B.1 (docs/lemmas.md#b1-flat-rate-and-royalty-agree)",
  hypotheses: [
    wellFormedMarket,
    { name: "identical buyers", label: "one buyer, or buyers with equal budgets and values", holds: identicalBuyers },
  ],
  instances: identicalCases,
  check,
  negativeControl: {
    drops: "identical buyers",
    description: "two buyers who differ in budget and in their value of the seller's data: a royalty payment differs from p*, or the revenues differ",
    instances: twoDifferentBuyers,
  },
};
