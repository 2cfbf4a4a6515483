/**
 * The float side of the MWP's closed form (MODEL §2): a price at which a seller's dataset really fits
 * beside a bundle when the buyer adds the costs up in seller order, as the knapsack does.
 */
import { nextDown } from "./adjacentDouble.js";

/** Attempts to step a price down past rounding; each step removes the whole overshoot, so two or three suffice. */
const MAX_AFFORDABILITY_STEPS = 64;

/**
 * The largest price ≤ `price` at which the bundle `S' ∪ {seller}` fits the budget when its cost is
 * summed in seller order, as the buyer's knapsack sums it. `B − c(S')` is the exact-arithmetic answer,
 * but the buyer adds the seller's price in among the others, and that sum can round one ulp above the
 * budget; then the seller's data would not fit at its own MWP.
 *
 * - `before` is the cost of the sellers of S' before `seller`, summed in seller order from 0; `after`
 *   lists those after it, ascending; `prices[k]` is seller k's price.
 * - A negative `price` gives 0.
 *
 * @example affordablePrice(0.2, 0.3, 0.1, [], [0.1, 0]) // => 0.19999999999999996  (0.1 + 0.2 rounds to 0.30000000000000004 > 0.3)
 */
export function affordablePrice(price: number, budget: number, before: number, after: ReadonlyArray<number>, prices: ReadonlyArray<number>): number {
  let q = Math.max(0, price);
  for (let step = 0; step < MAX_AFFORDABILITY_STEPS && q > 0; step += 1) {
    let cost = before + q;
    for (const k of after) cost += prices[k];
    if (cost <= budget) return q;
    q = Math.max(0, Math.min(q - (cost - budget), nextDown(q)));
  }
  return q;
}
