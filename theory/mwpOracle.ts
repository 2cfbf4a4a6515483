/**
 * An independent oracle for the marginal willingness to pay (MODEL §2, §8 L2): bisection on `Φ_bj`
 * over whole money units, with `K` by brute force over every subset of the other sellers. Slow
 * (2^(N−1) subsets) and simple on purpose, so that it shares nothing with the Pareto-frontier code it
 * checks; with exact money it must agree with it exactly.
 */
import type { KnapsackItem } from "./knapsack.js";
// Only the input check is shared with the code under test: what counts as whole money units.
import { validateItems } from "./knapsackFrontier.js";

/** Every subset's (cost, surplus). */
function subsets(items: ReadonlyArray<KnapsackItem>): Array<{ cost: number; surplus: number }> {
  const out: Array<{ cost: number; surplus: number }> = [];
  for (let mask = 0; mask < 2 ** items.length; mask += 1) {
    let cost = 0;
    let surplus = 0;
    items.forEach((item, i) => {
      if ((mask >> i) & 1) {
        cost += item.price;
        surplus += item.value - item.price;
      }
    });
    out.push({ cost, surplus });
  }
  return out;
}

/**
 * Best knapsack surplus `K(β)` by brute force over all `2^N` subsets (MODEL §2), all subsets allowed.
 *
 * - `β < 0`: −Infinity. No items: 0.
 *
 * Cost: O(N · 2^N).
 *
 * @example bruteForceSurplus([{ value: 115, price: 95 }, { value: 20, price: 10 }], 100) // => 20
 * @throws RangeError for more than 20 items (a million subsets), or amounts that are not whole money units.
 */
export function bruteForceSurplus(items: ReadonlyArray<KnapsackItem>, budget: number): number {
  if (items.length > 20) throw new RangeError(`bruteForceSurplus: ${items.length} items is too many to enumerate`);
  validateItems(items, budget);
  return surplusWithin(subsets(items), budget);
}

function surplusWithin(all: ReadonlyArray<{ cost: number; surplus: number }>, budget: number): number {
  let best = Number.NEGATIVE_INFINITY;
  for (const { cost, surplus } of all) if (cost <= budget && surplus > best) best = surplus;
  return best;
}

/**
 * MWP by bisection (MODEL §2): the largest `q ∈ [0, B]` with `Φ(q) = V − q + K(B − q) − K(B) ≥ 0`, `K`
 * by brute force over the other sellers' items, for amounts in whole money units.
 *
 * - `Φ` is strictly decreasing and the MWP is a whole number of units (a maximum of minima of sums of
 *   units), so bisection over the integers finds it exactly. `Φ(0) = V ≥ 0`, so the bracket is valid.
 *
 * Cost: O(N · 2^N + 2^N · log B).
 *
 * @example mwpByBisection([{ value: 115, price: 95 }, { value: 20, price: 10 }], 20, 100) // => 10
 * @throws RangeError for more than 20 items, or a budget, value or price that is not a whole number ≥ 0 of units.
 */
export function mwpByBisection(others: ReadonlyArray<KnapsackItem>, value: number, budget: number): number {
  if (!(Number.isSafeInteger(budget) && budget >= 0)) throw new RangeError(`mwpByBisection: budget must be whole money units ≥ 0, got ${budget}`);
  if (others.length > 20) throw new RangeError(`mwpByBisection: ${others.length} items is too many to enumerate`);
  validateItems([...others, { value, price: 0 }], budget);
  const all = subsets(others);
  const without = surplusWithin(all, budget);
  const phi = (q: number): number => value - q + surplusWithin(all, budget - q) - without;
  let good = 0; // Φ(0) = V ≥ 0
  let bad = budget + 1; // beyond the budget nothing fits: Φ = −∞
  while (bad - good > 1) {
    const mid = Math.floor((good + bad) / 2);
    if (phi(mid) >= 0) good = mid;
    else bad = mid;
  }
  return good;
}
