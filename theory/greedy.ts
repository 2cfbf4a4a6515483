/**
 * Greedy bundles of a buyer's datasets (MODEL §2's knapsack, filled by surplus per dollar): the order,
 * shared by the LP relaxation, its bound and the greedy bundles so that they all break ties alike, and
 * the fill itself, a lower bound for the fast exact paths and the purchases of the approximate mode.
 */

/**
 * Item indices by surplus per dollar `(V − p)/p`, best first: free items (p = 0) first, ties by index.
 *
 * @example ratioOrder([3, 5, 2], [1, 1, 0]) // => [2, 1, 0]   (free, then 4 a dollar, then 2)
 */
export function ratioOrder(values: ReadonlyArray<number>, prices: ReadonlyArray<number>): number[] {
  const ratio = values.map((value, k) => (prices[k] === 0 ? Number.POSITIVE_INFINITY : (value - prices[k]) / prices[k]));
  return values.map((_, k) => k).sort((a, b) => (ratio[a] === ratio[b] ? a - b : ratio[b] - ratio[a]));
}

/**
 * A bundle that fits `budget`, filled greedily in `order` (whole items, any that no longer fits skipped,
 * none with V < p, item `skip` (−1: none) left out): its cost and surplus, written into `out`, and its
 * items, in the order taken, pushed onto `chosen` when given. Its surplus is a lower bound on the best
 * `K(budget)`, which pruning needs from the start, before the frontier has met the best items.
 */
export function greedyFill(
  order: ReadonlyArray<number>,
  values: ReadonlyArray<number>,
  prices: ReadonlyArray<number>,
  budget: number,
  skip: number,
  out: Float64Array,
  chosen?: number[],
): void {
  let spent = 0;
  let surplus = 0;
  for (const k of order) {
    if (k === skip || values[k] < prices[k] || spent + prices[k] > budget) continue;
    spent += prices[k];
    surplus += values[k] - prices[k];
    chosen?.push(k);
  }
  out[0] = spent;
  out[1] = surplus;
}

/** The surplus of `greedyFill`'s bundle. */
export function greedySurplus(order: ReadonlyArray<number>, values: ReadonlyArray<number>, prices: ReadonlyArray<number>, budget: number, skip: number): number {
  const out = new Float64Array(2);
  greedyFill(order, values, prices, budget, skip, out);
  return out[1];
}
