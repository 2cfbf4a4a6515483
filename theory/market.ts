/**
 * The market of one period (MODEL §1–2): buyers with budgets, sellers with costs, and the money value
 * `V_bj = λ_b · v_bj` of seller j's dataset to buyer b, every amount in whole money units
 * (theory/money.ts: exact money).
 */
import { assertUnits, DEFAULT_MONEY_DECIMALS, MAX_UNITS, toUnits } from "./money.js";

export interface Buyer {
  id: string;
  /** Per-period budget `B_b > 0`. */
  budget: number;
}

export interface Seller {
  id: string;
  /** Per-period production cost `c_j ≥ 0`. */
  cost: number;
}

/**
 * One seller's column of a buyers × sellers matrix (values, MWPs): entry b is buyer b's.
 *
 * @example sellerColumn([[4, 3], [2, 1]], 1) // => [3, 1]
 */
export function sellerColumn(rows: ReadonlyArray<ReadonlyArray<number>>, seller: number): number[] {
  return rows.map((row) => row[seller]);
}

export interface Market {
  buyers: ReadonlyArray<Buyer>;
  /** Listed in id order: ties between bundles and Algorithm 1's sweeps follow this order. */
  sellers: ReadonlyArray<Seller>;
  /** `values[b][j]` is the money value `V_bj ≥ 0`. */
  values: ReadonlyArray<ReadonlyArray<number>>;
}

/**
 * Refuses a market that exact money cannot hold (MODEL §2): a budget or cost that is not a whole number
 * ≥ 0 of money units, or so many buyers with such budgets that `M · B_b` (a bound on every seller's
 * revenue and on Lemma 2's `k · m_(k)`) passes `MAX_UNITS`. Values and prices are checked, with each
 * buyer's sums, by its knapsack (`validateItems`).
 *
 * @throws RangeError naming the buyer or seller.
 */
export function assertMarketMoney(market: Market): void {
  market.buyers.forEach((buyer, b) => {
    assertUnits(`buyer ${b} (${buyer.id})'s budget`, buyer.budget);
    if (market.buyers.length * buyer.budget > MAX_UNITS) {
      throw new RangeError(`buyer ${b} (${buyer.id})'s budget ${buyer.budget} times ${market.buyers.length} buyers is beyond the ${MAX_UNITS} money units that are exact`);
    }
  });
  market.sellers.forEach((seller, j) => assertUnits(`seller ${j} (${seller.id})'s cost`, seller.cost));
}

/**
 * A market written in the currency, in whole money units of `10^−decimals` (MODEL §2): every budget,
 * cost and value rounded half to even by `toUnits`. For amounts someone typed, check them first with
 * `moneyRefusal` (as `solve` does): this conversion rounds a tiny amount to 0 without a word.
 *
 * @example marketInUnits({ buyers: [{ id: "b", budget: 11.61 }], sellers: [{ id: "s", cost: 0.4 }], values: [[3.683]] })
 * // => { buyers: [{ id: "b", budget: 11610000 }], sellers: [{ id: "s", cost: 400000 }], values: [[3683000]] }
 */
export function marketInUnits(market: Market, decimals: number = DEFAULT_MONEY_DECIMALS): Market {
  return {
    buyers: market.buyers.map(({ id, budget }) => ({ id, budget: toUnits(budget, decimals) })),
    sellers: market.sellers.map(({ id, cost }) => ({ id, cost: toUnits(cost, decimals) })),
    values: market.values.map((row) => row.map((value) => toUnits(value, decimals))),
  };
}
