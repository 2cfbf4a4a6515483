/**
 * Royalty against flat-rate revenue (MODEL §8 B.1): for one seller facing given MWPs, the revenue of
 * the optimal flat price (Lemma 2) and of the optimal royalty rate (Lemma 6), and their ratio over
 * random heterogeneous markets for the report.
 */
import fc from "fast-check";
import { fairsharePrices } from "./algorithm1.js";
import { fairPrice, revenueAtPrice } from "./fairPrice.js";
import { sellerColumn } from "./market.js";
import { fromUnits } from "./money.js";
import { marketCases, marketOf } from "./marketCase.js";
import { royaltyRate, royaltyRevenue } from "./royalty.js";

export interface RevenuePair {
  price: number;
  flatRevenue: number;
  rate: number;
  royaltyRevenue: number;
}

/**
 * Both optimal revenues for one seller: `p* = fairPrice(m)` with `R(p*)`, and `α* = royaltyRate(m, V)`
 * with `R(α*)` (MODEL §3, §8 L2, L6).
 *
 * - No buyers: everything 0.
 *
 * Cost: O(M²).
 *
 * @example revenuePair([5, 3], [10, 3]) // => { price: 3, flatRevenue: 6, rate: 0.5, royaltyRevenue: 6.5 }
 * @throws RangeError when the lists differ in length or hold a negative or non-finite number.
 */
export function revenuePair(mwps: ReadonlyArray<number>, values: ReadonlyArray<number>): RevenuePair {
  const price = fairPrice(mwps);
  const rate = royaltyRate(mwps, values);
  return { price, flatRevenue: revenueAtPrice(mwps, price), rate, royaltyRevenue: royaltyRevenue(mwps, values, rate) };
}

/** A pair computed in money units, with its price and revenues as amounts of the currency (the rate is unit-free). */
export function revenuePairInMoney(pair: RevenuePair): RevenuePair {
  return { price: fromUnits(pair.price), flatRevenue: fromUnits(pair.flatRevenue), rate: pair.rate, royaltyRevenue: fromUnits(pair.royaltyRevenue) };
}

export interface RoyaltyFlatRow extends RevenuePair {
  /** Index of the drawn market. */
  market: number;
  seller: number;
  buyers: number;
  /** Algorithm 1 converged for this market (otherwise its last sweep's prices were used). */
  converged: boolean;
  /** `royaltyRevenue / flatRevenue`; null when the flat revenue is 0. */
  ratio: number | null;
}

/**
 * Royalty/flat revenue ratios (MODEL §8 B.1, for the report): draws `markets` random markets of 2–4
 * buyers and 2–6 sellers (values, prices and budgets as in `marketCases`, buyers independent, so
 * heterogeneous), computes Algorithm 1's fairshare prices, and for every seller compares the two
 * optimal revenues against its MWPs at those prices.
 *
 * - Deterministic from `seed`. Prices that did not converge are used as they are, and flagged.
 * - Computed in whole money units (the default unit); prices and revenues are reported in the currency.
 *
 * Cost: `markets` runs of Algorithm 1.
 *
 * @example royaltyFlatRatios(7, { markets: 50 }).every((row) => row.buyers >= 2) // => true
 */
export function royaltyFlatRatios(seed: number, options: { markets?: number } = {}): RoyaltyFlatRow[] {
  const drawn = fc.sample(
    marketCases({ maxBuyers: 4, maxSellers: 6 }).filter((c) => c.budgets.length >= 2 && c.prices.length >= 2),
    { seed, numRuns: options.markets ?? 100 },
  );
  return drawn.flatMap((c, index) => {
    const market = marketOf(c);
    const { mwp, converged } = fairsharePrices(market);
    return market.sellers.map((_, j) => {
      const pair = revenuePairInMoney(revenuePair(sellerColumn(mwp, j), sellerColumn(market.values, j)));
      const ratio = pair.flatRevenue > 0 ? pair.royaltyRevenue / pair.flatRevenue : null;
      return { market: index, seller: j, buyers: c.budgets.length, converged, ...pair, ratio };
    });
  });
}
