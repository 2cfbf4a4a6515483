/**
 * Lemma 2, characterisation of the optimal price (MODEL §3, §8 L2), as an executable check: the
 * seller's revenue-maximising flat price is one of the buyers' MWPs, `m_(k*)`.
 */
import { fairPrice, revenueAtPrice } from "./fairPrice.js";
import type { Lemma } from "./lemma.js";
import { type MarketCase, divisibleDataCases, indivisibleData, marketCases, marketOf, unitPrices, wellFormedMarket } from "./marketCase.js";
import type { Market } from "./market.js";
import { fromUnits } from "./money.js";
import { mwpColumn, otherItems } from "./mwp.js";
import { mwpByBisection } from "./mwpOracle.js";
import { bestRevenueCheck, linearDemandRevenue, witnessInMoney } from "./priceCheck.js";

/** The largest difference, in money units, between an MWP and the bisection oracle's: 0 when they agree. */
function oracleError(c: MarketCase, market: Market, mwps: ReadonlyArray<number>): number {
  let worst = 0;
  mwps.forEach((m, b) => {
    const oracle = mwpByBisection(otherItems(market, unitPrices(c), b, c.seller), market.values[b][c.seller], market.buyers[b].budget);
    worst = Math.max(worst, Math.abs(m - oracle));
  });
  return worst;
}

/**
 * The check, in whole money units (MODEL §2): the buyers' MWPs for the seller equal the brute-force
 * oracle's exactly; `p* = fairPrice(m)` is one of them; and `p*` maximises revenue over a grid of 2001
 * prices on `[0, max m]` and every `m_b`, `m_b(1 ± 1e-9)`, with no lower probe reaching its revenue.
 * Revenue is `R(q) = q·#{m_b ≥ q}` for whole datasets, and for the `linear` control
 * `q·Σ_b max(0, 1 − q/m_b)`.
 *
 * Slack (unitless, in [−1, 1]): when it holds, the runner-up gap `(R(p*) − max_{m_b ≠ p*} R(m_b)) /
 * max(1, R(p*))`; when it fails, minus the size of the worst violation (see `bestRevenueCheck`), or −1
 * when an MWP disagrees with the oracle. The witness shows amounts in the case's currency.
 */
function check(c: MarketCase) {
  const market = marketOf(c);
  const mwps = mwpColumn(market, unitPrices(c), c.seller);
  const error = oracleError(c, market, mwps);
  const price = fairPrice(mwps);
  const revenue = c.demand === "whole" ? (q: number) => revenueAtPrice(mwps, q) : (q: number) => linearDemandRevenue(mwps, q);
  const verdict = bestRevenueCheck(mwps, price, revenue, Math.max(0, ...mwps));
  const holds = error === 0 && verdict.holds;
  const slack = error > 0 ? -1 : verdict.slack;
  return { holds, slack, witness: { mwps: mwps.map((m) => fromUnits(m)), price: fromUnits(price), oracleError: fromUnits(error), ...witnessInMoney(verdict.witness) } };
}

export const lemma2: Lemma<MarketCase> = {
  id: "L2",
  title: "Characterisation of the optimal price",
  statement:
    "Given the buyers' marginal willingness to pay for its data, a seller's revenue-maximising flat price is one of the MWPs: the k*-th largest, where k* maximises k times the k-th largest MWP (the largest such k). MWPs are checked against an independent brute-force knapsack.",
  formula: "p*_j = argmax_q q·#{b : m_b ≥ q} = m_(k*),  k* = max argmax_k k·m_(k),  m_(1) ≥ … ≥ m_(M)",
  modelSection: "MODEL §8 L2 (docs/lemmas.md#l2-characterisation-of-the-optimal-price)",
  hypotheses: [
    wellFormedMarket,
    indivisibleData,
  ],
  instances: marketCases(),
  check,
  negativeControl: {
    drops: "indivisible data",
    description: "divisible data: buyer b takes the fraction max(0, 1 − q/m_b), so revenue is continuous and peaks between MWPs",
    instances: divisibleDataCases(),
  },
};
