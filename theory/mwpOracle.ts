/**
 * An independent oracle for the marginal willingness to pay (MODEL §2, §8 L2): bisection on `Φ_bj`,
 * with `K` by brute force over every subset of the other sellers. Slow (2^(N−1) subsets) and simple
 * on purpose, so that it shares nothing with the Pareto-frontier code it checks.
 */
import type { KnapsackItem } from "./knapsack.js";
import { lastTrue } from "./optimize/bisection.js";

/** Bisection bracket, relative to the budget: far below the rounding error of Φ's four-term sum. */
export const ORACLE_BRACKET = 1e-13;

/** Every subset's (cost, surplus), each summed in index order. */
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
 * @example bruteForceSurplus([{ value: 11.5, price: 9.5 }, { value: 2, price: 1 }], 10) // => 2
 * @throws RangeError for more than 20 items (a million subsets).
 */
export function bruteForceSurplus(items: ReadonlyArray<KnapsackItem>, budget: number): number {
  if (items.length > 20) throw new RangeError(`bruteForceSurplus: ${items.length} items is too many to enumerate`);
  return surplusWithin(subsets(items), budget);
}

function surplusWithin(all: ReadonlyArray<{ cost: number; surplus: number }>, budget: number): number {
  let best = Number.NEGATIVE_INFINITY;
  for (const { cost, surplus } of all) if (cost <= budget && surplus > best) best = surplus;
  return best;
}

/**
 * MWP by bisection (MODEL §2): the largest `q ∈ [0, B]` with
 * `Φ(q) = V − q + K(B − q) − K(B) ≥ 0`, `K` by brute force over the other sellers' items.
 *
 * - The result is within `ORACLE_BRACKET · max(1, B)` below the last q where Φ, evaluated in floating
 *   point, is still ≥ 0. `Φ(0) = V ≥ 0`, so the bracket is always valid.
 *
 * Cost: O(N · 2^N + 2^N · log(1/ORACLE_BRACKET)).
 *
 * @example mwpByBisection([{ value: 11.5, price: 9.5 }, { value: 2, price: 1 }], 2, 10) // => 1 (to 1e-12)
 * @throws RangeError for more than 20 items, or a negative budget.
 */
export function mwpByBisection(others: ReadonlyArray<KnapsackItem>, value: number, budget: number): number {
  if (!(budget >= 0)) throw new RangeError(`mwpByBisection: budget must be ≥ 0, got ${budget}`);
  if (others.length > 20) throw new RangeError(`mwpByBisection: ${others.length} items is too many to enumerate`);
  const all = subsets(others);
  const without = surplusWithin(all, budget);
  const phi = (q: number): number => value - q + surplusWithin(all, budget - q) - without;
  return lastTrue(0, budget, (q) => phi(q) >= 0, ORACLE_BRACKET * Math.max(1, budget));
}
