import { ratioOrder } from "./greedy.js";

/**
 * A Pareto frontier of affordable bundles (MODEL §2) in reusable typed arrays, grown one item at a time
 * with the same merge rule as `chainedFrontier`, for the fast MWP paths that build many frontiers.
 * Points are (cost, surplus) pairs in money units; no bundle is stored, since with exact money the
 * MWP's closed form needs only a point's cost and surplus.
 */

/** Points sorted by cost ascending, surplus strictly increasing. */
export class FrontierBuffer {
  cost: Float64Array;
  surplus: Float64Array;
  size = 0;

  constructor(capacity = 64) {
    this.cost = new Float64Array(capacity);
    this.surplus = new Float64Array(capacity);
  }

  /** The frontier of no items: the empty bundle alone. */
  clear(): void {
    this.size = 1;
    this.cost[0] = 0;
    this.surplus[0] = 0;
  }

  /** Room for `capacity` points; grows by doubling, so a buffer reused across a run stops allocating. */
  reserve(capacity: number): void {
    if (capacity <= this.cost.length) return;
    let next = this.cost.length * 2;
    while (next < capacity) next *= 2;
    const grow = (old: Float64Array): Float64Array => {
      const fresh = new Float64Array(next);
      fresh.set(old.subarray(0, this.size));
      return fresh;
    };
    this.cost = grow(this.cost);
    this.surplus = grow(this.surplus);
  }

  /**
   * This frontier := the points of `source` with surplus at least `minSurplus`. Surplus grows along a
   * frontier, so the points below are skipped by binary search without being read.
   */
  copyFrom(source: FrontierBuffer, minSurplus: number): void {
    let first = 0;
    let past = source.size;
    while (first < past) {
      const mid = (first + past) >>> 1;
      if (source.surplus[mid] < minSurplus) first = mid + 1;
      else past = mid;
    }
    const size = source.size - first;
    this.reserve(size);
    this.cost.set(source.cost.subarray(first, source.size));
    this.surplus.set(source.surplus.subarray(first, source.size));
    this.size = size;
  }

  /** The best surplus `K(budget)` over the items added so far. */
  best(): number {
    return this.surplus[this.size - 1];
  }
}

/**
 * Writes into `out` the frontier of `from`'s items plus one item (value − price = `gain`), under
 * `budget`; returns false, leaving `out` untouched, when the item changes nothing (V < p, or p > budget),
 * so the caller keeps `from`. Nothing is allocated unless `out` must grow.
 *
 * The rule is `chainedFrontier`'s: a free item joins every bundle; otherwise the old points and the
 * points grown by the item (those within budget) are merged by cost, each kept point beating every
 * cheaper one's surplus, and of equal costs only the best.
 */
export function addItem(from: FrontierBuffer, out: FrontierBuffer, price: number, gain: number, budget: number): boolean {
  const n = from.size;
  if (price === 0) {
    out.reserve(n);
    for (let k = 0; k < n; k += 1) {
      out.cost[k] = from.cost[k];
      out.surplus[k] = from.surplus[k] + gain;
    }
    out.size = n;
    return true;
  }
  if (!(gain >= 0 && price <= budget)) return false;
  out.reserve(2 * n);
  const cost = from.cost;
  const surplus = from.surplus;
  // Grown points are read on the fly: grown k is old k plus the item, while it stays within budget.
  let grownEnd = 0;
  while (grownEnd < n && cost[grownEnd] + price <= budget) grownEnd += 1;
  let size = 0;
  let i = 0;
  let k = 0;
  while (i < n || k < grownEnd) {
    let c: number;
    let s: number;
    const grownCost = k < grownEnd ? cost[k] + price : Number.POSITIVE_INFINITY;
    const grownSurplus = k < grownEnd ? surplus[k] + gain : Number.NEGATIVE_INFINITY;
    if (k >= grownEnd || (i < n && (cost[i] < grownCost || (cost[i] === grownCost && surplus[i] >= grownSurplus)))) {
      c = cost[i];
      s = surplus[i];
      i += 1;
    } else {
      c = grownCost;
      s = grownSurplus;
      k += 1;
    }
    if (size > 0 && !(s > out.surplus[size - 1])) continue;
    if (size > 0 && c === out.cost[size - 1]) size -= 1;
    out.cost[size] = c;
    out.surplus[size] = s;
    size += 1;
  }
  out.size = size;
  return true;
}

/**
 * An upper bound on the surplus a shrinking set of items can still add within a budget β: the LP
 * relaxation of the knapsack over them (Dantzig's bound), items by surplus per dollar with the last one
 * in part. The items sit in a Fenwick tree in ratio order, so removing one (it has just been added to
 * the frontier) and reading the bound at any β each take O(log N).
 *
 * Items with V ≤ p add nothing and items priced above the budget never fit, so neither is held; free
 * items add their surplus at any β ≥ 0.
 */
export class LpBound {
  /** Place of each item in ratio order, −1 for an item not held. */
  private readonly place: Int32Array;
  private readonly price: Float64Array;
  private readonly gain: Float64Array;
  /** Fenwick sums of price and surplus over places 1…P. */
  private readonly treePrice: Float64Array;
  private readonly treeGain: Float64Array;
  /** Ratio of the item at each place (1-based). */
  private readonly ratioAt: Float64Array;
  private readonly top: number;
  private free = 0;
  private readonly freeGain: Float64Array;
  /**
   * Added to every bound so that rounding never makes it too low. With whole money units the tree's
   * sums are exact; the cut item's share is the product of a rounded ratio and a rounded difference, off
   * by a few ε of the best ratio times the budget at most, which this margin (kept generous) covers.
   */
  private readonly slack: number;

  constructor(prices: ReadonlyArray<number>, values: ReadonlyArray<number>, budget: number) {
    const n = prices.length;
    this.price = Float64Array.from(prices);
    this.gain = new Float64Array(n);
    this.freeGain = new Float64Array(n);
    this.place = new Int32Array(n).fill(-1);
    const held: number[] = [];
    for (const k of ratioOrder(values, prices)) {
      const gain = values[k] - prices[k];
      if (!(gain > 0) || prices[k] > budget) continue;
      if (prices[k] === 0) this.freeGain[k] = gain;
      else {
        this.gain[k] = gain;
        held.push(k);
      }
    }
    let totalPrice = 0;
    let totalGain = 0;
    for (let k = 0; k < n; k += 1) {
      totalPrice += this.gain[k] > 0 ? this.price[k] : 0;
      totalGain += this.gain[k] + this.freeGain[k];
    }
    const bestRatio = held.length === 0 ? 0 : this.gain[held[0]] / this.price[held[0]];
    this.slack = 8 * Number.EPSILON * (n + 2) * (totalGain + totalPrice * bestRatio);
    const size = held.length;
    this.treePrice = new Float64Array(size + 1);
    this.treeGain = new Float64Array(size + 1);
    this.ratioAt = new Float64Array(size + 2);
    held.forEach((k, i) => {
      this.place[k] = i + 1;
      this.ratioAt[i + 1] = this.gain[k] / this.price[k];
    });
    let top = 1;
    while (top * 2 <= size) top *= 2;
    this.top = size === 0 ? 0 : top;
  }

  /** Holds exactly the items `from`, `from + 1`, …: a fresh tree, built in O(N). */
  holdFrom(from: number): void {
    const size = this.treePrice.length - 1;
    this.treePrice.fill(0);
    this.treeGain.fill(0);
    this.free = 0;
    for (let k = from; k < this.place.length; k += 1) {
      this.free += this.freeGain[k];
      const at = this.place[k];
      if (at > 0) {
        this.treePrice[at] += this.price[k];
        this.treeGain[at] += this.gain[k];
      }
    }
    for (let i = 1; i <= size; i += 1) {
      const parent = i + (i & -i);
      if (parent <= size) {
        this.treePrice[parent] += this.treePrice[i];
        this.treeGain[parent] += this.treeGain[i];
      }
    }
  }

  /** Item k is no longer to come (it has been added, or left out). */
  remove(k: number): void {
    this.free -= this.freeGain[k];
    const size = this.treePrice.length - 1;
    for (let i = this.place[k]; i > 0 && i <= size; i += i & -i) {
      this.treePrice[i] -= this.price[k];
      this.treeGain[i] -= this.gain[k];
    }
  }

  /** The bound at budget `beta`; −Infinity when `beta < 0` (nothing fits). */
  at(beta: number): number {
    if (beta < 0) return Number.NEGATIVE_INFINITY;
    // Fenwick descent: the longest prefix of places whose held items cost at most beta; the next held item is cut.
    let at = 0;
    let cost = 0;
    let gain = 0;
    const size = this.treePrice.length - 1;
    for (let step = this.top; step > 0; step >>= 1) {
      const next = at + step;
      if (next <= size && cost + this.treePrice[next] <= beta) {
        at = next;
        cost += this.treePrice[next];
        gain += this.treeGain[next];
      }
    }
    const cut = at < size ? Math.max(0, beta - cost) * this.ratioAt[at + 1] : 0;
    return this.free + gain + cut + this.slack;
  }
}

/**
 * Drops, in place, every point that cannot reach surplus `threshold` whatever the items still to come
 * add within the budget left (`surplus + bound.at(budget − cost) < threshold`), and every point costing
 * more than `costCap` that cannot reach `bestThreshold` either (the MWP's closed form has no use for
 * such a point unless it may be the best bundle). What stays is a subsequence of the frontier, so still
 * sorted by cost with surplus increasing; its best point stays while both thresholds are below it.
 */
export function dropHopeless(frontier: FrontierBuffer, bound: LpBound, budget: number, threshold: number, costCap = Number.POSITIVE_INFINITY, bestThreshold = Number.NEGATIVE_INFINITY): void {
  let size = 0;
  for (let k = 0; k < frontier.size; k += 1) {
    const reach = frontier.surplus[k] + bound.at(budget - frontier.cost[k]);
    if (reach < threshold || (frontier.cost[k] > costCap && reach < bestThreshold)) continue;
    frontier.cost[size] = frontier.cost[k];
    frontier.surplus[size] = frontier.surplus[k];
    size += 1;
  }
  frontier.size = size;
}
