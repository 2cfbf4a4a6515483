/**
 * The greedy order of a buyer's datasets (MODEL §2's knapsack relaxed): surplus per dollar, best first,
 * shared by the LP relaxation, its bound and the greedy bundles so that they all break ties alike.
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
