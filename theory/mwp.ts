/**
 * Marginal willingness to pay (MODEL §2): the highest price at which a buyer's best bundle can still
 * include a seller's dataset, given the other sellers' prices and the buyer's budget.
 */
import { mwpSweep } from "./mwpSweep.js";
import type { KnapsackItem } from "./knapsack.js";
import { chainedFrontier, validateItems } from "./knapsackFrontier.js";
import type { Market } from "./market.js";

/**
 * The other sellers' datasets as knapsack items for buyer b (MODEL §2, the `−j` of `K_b(β; −j)`), in
 * seller order with seller j's own entry left out: item k is seller k for k < j and seller k + 1 after.
 */
export function otherItems(market: Market, prices: ReadonlyArray<number>, buyer: number, seller: number): KnapsackItem[] {
  const items: KnapsackItem[] = [];
  market.sellers.forEach((_, k) => {
    if (k !== seller) items.push({ value: market.values[buyer][k], price: prices[k] });
  });
  return items;
}

/**
 * Marginal willingness to pay `MWP_bj(p_−j)` (MODEL §2): `max{ q ∈ [0, B_b] : Φ_bj(q) ≥ 0 }` with
 * `Φ_bj(q) = V_bj − q + K_b(B_b − q; −j) − K_b(B_b; −j)`, by the closed form
 * `max over frontier subsets S' of the other sellers of min(B_b − c(S'), V_bj + s(S') − K_b(B_b; −j))`.
 *
 * - Seller j's own price `prices[seller]` is ignored.
 * - The result lies in `[0, min(V_bj, B_b)]`. It is `V_bj` when the budget is slack, `0` when `V_bj = 0`.
 * - Exact: amounts are whole money units (theory/money.ts), so where the budget binds the MWP is
 *   exactly `B_b − c(S')` and `S' ∪ {j}` exactly exhausts the budget: it fits, whatever order its
 *   cost is summed in. The MWP is a whole number of units.
 * - At exactly this price the bundle with j only ties the best bundle without it (Φ = 0), and the tie
 *   rule "larger total value" can then leave j out (see test/mwp.test.ts, the regression case).
 *
 * Cost: one Pareto frontier over the N − 1 other sellers, O(N · F). F stays in the hundreds for random
 * prices but reaches thousands when prices sit near values under tight budgets, as at Algorithm 1's
 * prices.
 *
 * @example
 * // B = 10; others: k (V 11.5, p 9.5) and l (V 2, p 1); K(10; −j) = 2 by {k}; S' = {l} gives min(9, 2 + 1 − 2); in tenths:
 * marginalWillingnessToPay(
 *   { buyers: [{ id: "b", budget: 100 }], sellers: [{ id: "j", cost: 0 }, { id: "k", cost: 0 }, { id: "l", cost: 0 }], values: [[20, 115, 20]] },
 *   [0, 95, 10], 0, 0) // => 10
 * @throws RangeError when the budget is negative, or a budget, value or price is not a whole number of money units.
 */
export function marginalWillingnessToPay(market: Market, prices: ReadonlyArray<number>, buyer: number, seller: number): number {
  const value = market.values[buyer][seller];
  const budget = market.buyers[buyer].budget;
  if (!(budget >= 0)) throw new RangeError(`marginalWillingnessToPay: buyer ${buyer} has budget ${budget}, need ≥ 0`);
  // Every seller's amounts, the buyer's own value and the ignored own price too, so a refusal names the seller.
  validateItems(market.values[buyer].map((v, k) => ({ value: v, price: prices[k] })), budget);
  const frontier = chainedFrontier(otherItems(market, prices, buyer, seller), budget);
  const bestWithout = frontier[frontier.length - 1].surplus;
  let mwp = 0;
  for (const { cost, surplus } of frontier) mwp = Math.max(mwp, Math.min(budget - cost, value - (bestWithout - surplus)));
  return Math.min(mwp, value, budget);
}

/**
 * Every buyer's MWP for one seller's data (MODEL §2): the `m_1..m_M` that the seller's Lemma 2 price and
 * royalty rate are computed from.
 *
 * - No buyers: `[]`.
 *
 * Cost: M frontiers over N − 1 items.
 *
 * @example mwpColumn({ buyers: [{ id: "a", budget: 3 }, { id: "b", budget: 9 }], sellers: [{ id: "s", cost: 0 }], values: [[5], [4]] }, [0], 0) // => [3, 4]
 * @throws RangeError when a budget, value or price is not a whole number of money units.
 */
export function mwpColumn(market: Market, prices: ReadonlyArray<number>, seller: number): number[] {
  return market.buyers.map((_, b) => marginalWillingnessToPay(market, prices, b, seller));
}

/**
 * MWP matrix (MODEL §2): `mwpMatrix(market, prices)[b][j] = MWP_bj(p_−j)`, buyers × sellers.
 *
 * - No buyers: `[]`; no sellers: one empty row per buyer.
 *
 * - Computed by `mwpSweep` (one shared, growing frontier per buyer and pruned extensions), which equals
 *   `marginalWillingnessToPay` cell by cell, bit for bit.
 *
 * Cost: that of `mwpSweep`; at worst that of M · N frontiers over N − 1 items.
 *
 * @example mwpMatrix({ buyers: [{ id: "b", budget: 3 }], sellers: [{ id: "s", cost: 0 }], values: [[5]] }, [1]) // => [[3]]
 * @throws RangeError when a budget, value or price is not a whole number of money units, or a buyer's sums pass `MAX_UNITS`.
 */
export function mwpMatrix(market: Market, prices: ReadonlyArray<number>): number[][] {
  return mwpSweep(market, [...prices]);
}
