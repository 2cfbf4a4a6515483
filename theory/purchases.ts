/**
 * Purchases and seller revenue at posted prices (MODEL §2, §6 Algorithm 2): each buyer buys its best
 * bundle, and money moves from buyers to the sellers whose data they bought.
 */
import { bestBundle } from "./knapsack.js";
import { assertMarketMoney, type Market } from "./market.js";
import { assertUnits } from "./money.js";

/**
 * Purchases `S_b(p)` (MODEL §2): for each buyer, the seller indices of its best bundle at `prices`,
 * ascending, with the knapsack's tie rules (see `bestBundle`).
 *
 * - No buyers: `[]`. A buyer whose best bundle is empty: `[]`.
 *
 * Cost: M knapsacks over N items.
 *
 * @example purchases({ buyers: [{ id: "b", budget: 4 }], sellers: [{ id: "s", cost: 0 }, { id: "t", cost: 0 }], values: [[5, 3]] }, [3, 2])
 * // => [[0]]   ({s}: surplus 2, value 5; {t}: surplus 1; both cost 5 > 4)
 * @throws RangeError when `prices` does not list one price per seller, or an amount is not whole money units (MODEL §2).
 */
export function purchases(market: Market, prices: ReadonlyArray<number>): number[][] {
  if (prices.length !== market.sellers.length) {
    throw new RangeError(`purchases: need one price per seller (${market.sellers.length}), got ${prices.length}`);
  }
  assertMarketMoney(market);
  return market.buyers.map((buyer, b) =>
    bestBundle(
      market.sellers.map((_, j) => ({ value: market.values[b][j], price: prices[j] })),
      buyer.budget,
    ).chosen,
  );
}

/**
 * Seller revenue (MODEL §6): `revenue[j] = p_j · #{ b : j ∈ bought[b] }`, the money each seller receives.
 *
 * - A seller nobody buys from, or priced 0: revenue 0.
 *
 * Cost: O(N + Σ_b |bought[b]|).
 *
 * @example sellerRevenue(market, [3, 2], [[0], [0, 1]]) // => [6, 2]
 * @throws RangeError when a bought index is not a seller of the market, or a price is not whole money units.
 */
export function sellerRevenue(market: Market, prices: ReadonlyArray<number>, bought: ReadonlyArray<ReadonlyArray<number>>): number[] {
  prices.forEach((price, j) => assertUnits(`sellerRevenue: seller ${j}'s price`, price));
  const revenue = market.sellers.map(() => 0);
  for (const bundle of bought) {
    for (const j of bundle) {
      if (!(Number.isInteger(j) && j >= 0 && j < revenue.length)) throw new RangeError(`sellerRevenue: no seller ${j}`);
      revenue[j] += prices[j];
    }
  }
  return revenue;
}
