/**
 * The Pareto frontier of a buyer's affordable bundles and the best surplus `K(β)` (MODEL §2), which the
 * closed form of the marginal willingness to pay needs; sums run in index order, as in `bestBundle`.
 */
import type { KnapsackItem } from "./knapsack.js";
import { assertUnits, MAX_UNITS } from "./money.js";

/** A point of the (low cost, high surplus) Pareto frontier of affordable bundles, with one bundle attaining it. */
export interface FrontierPoint {
  cost: number;
  surplus: number;
  /** Item indices, ascending, of a bundle with this cost and surplus (sums in index order). */
  chosen: number[];
}

/** Chosen indices as a shared linked list, newest first, so extending a point copies nothing. */
export interface IndexChain {
  index: number;
  rest: IndexChain | null;
}

/** A frontier point with its bundle as an `IndexChain`: for callers that read few of the bundles. */
export interface ChainedPoint {
  cost: number;
  surplus: number;
  chain: IndexChain | null;
}

/** The indices of a chain, ascending. */
export function chainIndices(chain: IndexChain | null): number[] {
  const out: number[] = [];
  for (let link = chain; link !== null; link = link.rest) out.push(link.index);
  return out.reverse();
}

/**
 * Refuses what exact money cannot hold (MODEL §2): a value or price that is not a whole number ≥ 0 of
 * money units, a budget that is neither a whole number of units nor +Infinity, or amounts whose sum
 * (budget + Σ values + Σ prices, a bound on every sum a bundle forms) passes `MAX_UNITS`.
 */
export function validateItems(items: ReadonlyArray<KnapsackItem>, budget: number): void {
  if (!(Number.isSafeInteger(budget) || budget === Number.POSITIVE_INFINITY)) {
    throw new RangeError(`knapsack: the budget must be a whole number of money units or Infinity (theory/money.ts toUnits converts amounts), got ${budget}`);
  }
  let total = Number.isFinite(budget) ? Math.abs(budget) : 0;
  items.forEach(({ value, price }, i) => {
    assertUnits(`knapsack: item ${i}'s value`, value);
    assertUnits(`knapsack: item ${i}'s price`, price);
    total += value + price;
  });
  if (total > MAX_UNITS) throw new RangeError(`knapsack: the budget, values and prices add up to ${total} money units, beyond the ${MAX_UNITS} that are exact`);
}

/**
 * Pareto frontier of affordable bundles (MODEL §2, the closed form of the MWP): the (cost, surplus)
 * pairs no other affordable bundle matches at lower or equal cost with higher or equal surplus.
 *
 * - Sorted by cost ascending; surplus strictly increases along it. Its last point's surplus is K(budget).
 * - Each point names one bundle attaining it (among equal (cost, surplus) bundles, whichever the merge
 *   kept: the frontier's ties are of no concern to the tie rules of `bestBundle`).
 * - Free items are in every bundle and items with V < p in none, as in `bestBundle`.
 * - Negative budget: empty. No items: `[{ cost: 0, surplus: 0, chosen: [] }]`.
 *
 * Cost: O(N · F), F the frontier size (up to 2^N on subset-sum-like inputs), plus O(N) a point for its bundle.
 *
 * @example paretoFrontier([{ value: 115, price: 95 }, { value: 20, price: 10 }], 100) // amounts in tenths
 * // => [{ cost: 0, surplus: 0, chosen: [] }, { cost: 10, surplus: 10, chosen: [1] }, { cost: 95, surplus: 20, chosen: [0] }]
 * @throws RangeError when the budget is not a whole number of money units (or Infinity), an item's value or price is not a whole number ≥ 0 of units, or their sum passes `MAX_UNITS`.
 */
export function paretoFrontier(items: ReadonlyArray<KnapsackItem>, budget: number): FrontierPoint[] {
  return chainedFrontier(items, budget).map(({ cost, surplus, chain }) => ({ cost, surplus, chosen: chainIndices(chain) }));
}

/** `paretoFrontier` with each bundle left as a chain (`chainIndices` reads one); same points, same order. */
export function chainedFrontier(items: ReadonlyArray<KnapsackItem>, budget: number): ChainedPoint[] {
  validateItems(items, budget);
  if (budget < 0) return [];
  let points: ChainedPoint[] = [{ cost: 0, surplus: 0, chain: null }];
  items.forEach((item, index) => {
    const gain = item.value - item.price;
    const extend = ({ cost, surplus, chain }: ChainedPoint): ChainedPoint => ({ cost: cost + item.price, surplus: surplus + gain, chain: { index, rest: chain } });
    if (item.price === 0) points = points.map(extend);
    else if (gain >= 0 && item.price <= budget) {
      const grown: ChainedPoint[] = [];
      for (const point of points) {
        const next = extend(point);
        if (next.cost > budget) break; // costs only grow along the frontier
        grown.push(next);
      }
      points = merge(points, grown);
    }
  });
  return points;
}

/**
 * Merges two lists sorted by cost (ties: higher surplus first; the old list first on full ties) into a
 * frontier: each kept point has more surplus than every cheaper one, and of equal costs only the best
 * stays. Adding one price to a frontier keeps it sorted by cost, though two bundles can cost the same.
 */
function merge(old: ChainedPoint[], grown: ChainedPoint[]): ChainedPoint[] {
  const out: ChainedPoint[] = [];
  let i = 0;
  let k = 0;
  while (i < old.length || k < grown.length) {
    const takeOld =
      k >= grown.length || (i < old.length && (old[i].cost < grown[k].cost || (old[i].cost === grown[k].cost && old[i].surplus >= grown[k].surplus)));
    const next = takeOld ? old[i++] : grown[k++];
    const last = out[out.length - 1];
    if (last === undefined) out.push(next);
    else if (next.surplus > last.surplus) {
      if (next.cost === last.cost) out[out.length - 1] = next;
      else out.push(next);
    }
  }
  return out;
}

/**
 * Best knapsack surplus `K(β)` (MODEL §2): the surplus of `bestBundle(items, β)`, from the frontier.
 *
 * - `β < 0`: −Infinity (not even the empty bundle fits). No items: 0.
 *
 * Cost: that of `paretoFrontier`.
 *
 * @example bestSurplus([{ value: 115, price: 95 }, { value: 20, price: 10 }], 100) // => 20 (amounts in tenths)
 * @throws RangeError when the budget is not a whole number of money units (or Infinity), an item's value or price is not a whole number ≥ 0 of units, or their sum passes `MAX_UNITS`.
 */
export function bestSurplus(items: ReadonlyArray<KnapsackItem>, budget: number): number {
  const points = chainedFrontier(items, budget);
  return points.length === 0 ? Number.NEGATIVE_INFINITY : points[points.length - 1].surplus;
}
