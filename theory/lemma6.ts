/**
 * Lemma 6, the optimal royalty rate (MODEL §8 L6), as an executable check: the revenue-maximising share
 * of the buyers' value is one of their acceptable rates `a_b = MWP_bj / V_bj`, namely `a_(k*)`.
 */
import type { Lemma } from "./lemma.js";
import { type MarketCase, divisibleDataCases, indivisibleData, marketCases, marketOf, unitPrices, wellFormedMarket } from "./marketCase.js";
import { sellerColumn } from "./market.js";
import { mwpColumn } from "./mwp.js";
import { fromUnits } from "./money.js";
import { bestRevenueCheck, linearDemandRevenue, witnessInMoney } from "./priceCheck.js";
import { royaltyRate, royaltyRevenue } from "./royalty.js";

/**
 * The check: `α* = royaltyRate(m, V)` is one of the rates `a_b` (buyers with `V_b > 0`), maximises
 * revenue over a grid of 2001 rates on `[0, 1]` and at every `a_b`, `a_b(1 ± 1e-9)`, and no lower probe
 * earns as much. Revenue is `R(α) = α·Σ_{a_b ≥ α} V_b` for whole datasets, and for the `linear`
 * control `α·Σ_b V_b·max(0, 1 − α/a_b)`.
 *
 * Slack (unitless, in [−1, 1]): when it holds, the runner-up gap `(R(α*) − max_{a_b ≠ α*} R(a_b)) /
 * max(1, R(α*))`; when it fails, minus the size of the worst violation (see `bestRevenueCheck`).
 */
function check(c: MarketCase) {
  const market = marketOf(c);
  const mwps = mwpColumn(market, unitPrices(c), c.seller);
  const values = sellerColumn(market.values, c.seller);
  const rates = mwps.flatMap((m, b) => (values[b] > 0 ? [m / values[b]] : []));
  const rate = royaltyRate(mwps, values);
  const revenue =
    c.demand === "whole"
      ? (alpha: number) => royaltyRevenue(mwps, values, alpha)
      : (alpha: number) => linearDemandRevenue(mwps.map((m, b) => (values[b] > 0 ? m / values[b] : 0)), alpha, values);
  const verdict = bestRevenueCheck(rates, rate, revenue, 1);
  return { holds: verdict.holds, slack: verdict.slack, witness: { mwps: mwps.map((m) => fromUnits(m)), values: values.map((v) => fromUnits(v)), rates, rate, ...witnessInMoney(verdict.witness, true) } };
}

export const lemma6: Lemma<MarketCase> = {
  id: "L6",
  title: "The optimal royalty rate",
  statement:
    "Under a royalty contract the seller takes a share α of the value its data creates from each buyer who buys, and buyer b buys iff α ≤ a_b = MWP_b / V_b. The revenue-maximising share is one of the a_b: with buyers sorted by a descending, a_(k*) where k* maximises a_(k) times the value of the first k buyers (the largest such k).",
  formula: "α* = argmax_α α·Σ_{b : a_b ≥ α} V_b = a_(k*),  k* = max argmax_k a_(k)·Σ_{i≤k} V_(i),  a_b = MWP_b / V_b",
  modelSection: "MODEL §8 L6 (docs/lemmas.md#l6-the-optimal-royalty-rate)",
  hypotheses: [
    wellFormedMarket,
    indivisibleData,
  ],
  instances: marketCases(),
  check,
  negativeControl: {
    drops: "indivisible data",
    description: "divisible data: buyer b takes the fraction max(0, 1 − α/a_b), so revenue is continuous and peaks between the rates",
    instances: divisibleDataCases(),
  },
};
