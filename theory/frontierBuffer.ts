/**
 * A Pareto frontier of affordable bundles (MODEL §2) in reusable typed arrays, grown one item at a time
 * with the same merge rule as `chainedFrontier`, for the fast MWP paths that build many frontiers.
 */
import type { IndexChain } from "./knapsackFrontier.js";

/**
 * Points sorted by cost ascending, surplus strictly increasing. A point's bundle is told in two parts,
 * so that a long shared frontier stores no bundles at all: the sellers added before `startExtension`,
 * known only by their cost summed in id order (`base[k]`), and those added since, as `chain[k]`.
 */
export class FrontierBuffer {
  cost: Float64Array;
  surplus: Float64Array;
  base: Float64Array;
  chain: Array<IndexChain | null>;
  size = 0;

  constructor(capacity = 64) {
    this.cost = new Float64Array(capacity);
    this.surplus = new Float64Array(capacity);
    this.base = new Float64Array(capacity);
    this.chain = [];
    for (let k = 0; k < capacity; k += 1) this.chain.push(null);
  }

  /** The frontier of no items: the empty bundle alone. */
  clear(): void {
    this.size = 1;
    this.cost[0] = 0;
    this.surplus[0] = 0;
    this.base[0] = 0;
    this.chain[0] = null;
  }

  /** Room for `capacity` points; grows by doubling, so a buffer reused across a run stops allocating. */
  reserve(capacity: number): void {
    if (capacity <= this.cost.length) return;
    let next = this.cost.length * 2;
    while (next < capacity) next *= 2;
    const grow = (old: Float64Array) => {
      const fresh = new Float64Array(next);
      fresh.set(old.subarray(0, this.size));
      return fresh;
    };
    this.cost = grow(this.cost);
    this.surplus = grow(this.surplus);
    this.base = grow(this.base);
    // Grown by push, so it stays a packed array: setting its length, or \`new Array(n)\` for a large n, makes a slow dictionary.
    while (this.chain.length < next) this.chain.push(null);
  }

  /** This frontier := `source`'s points, every bundle so far folded into `base` (its cost): chains start afresh. */
  startExtension(source: FrontierBuffer): void {
    this.reserve(source.size);
    this.cost.set(source.cost.subarray(0, source.size));
    this.surplus.set(source.surplus.subarray(0, source.size));
    this.base.set(source.cost.subarray(0, source.size));
    this.chain.fill(null, 0, source.size);
    this.size = source.size;
  }

  /** The best surplus `K(budget)` over the items added so far. */
  best(): number {
    return this.surplus[this.size - 1];
  }
}

/**
 * Writes into `out` the frontier of `from`'s items plus item `index` (value − price = `gain`), under
 * `budget`; returns false, leaving `out` untouched, when the item changes nothing (V < p, or p > budget),
 * so the caller keeps `from`. With `track` the item joins the chains of the bundles it enters; without,
 * no chain is made (a frontier whose bundles nobody reads).
 *
 * The rule is `chainedFrontier`'s: a free item joins every bundle; otherwise the old points and the
 * points grown by the item (those within budget) are merged by cost, each kept point beating every
 * cheaper one's surplus, and of equal costs only the best (the old one on a full tie).
 */
export function addItem(from: FrontierBuffer, out: FrontierBuffer, index: number, price: number, gain: number, budget: number, track: boolean): boolean {
  const n = from.size;
  if (price === 0) {
    out.reserve(n);
    for (let k = 0; k < n; k += 1) {
      out.cost[k] = from.cost[k] + price;
      out.surplus[k] = from.surplus[k] + gain;
      out.base[k] = from.base[k];
      out.chain[k] = track ? { index, rest: from.chain[k] } : null;
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
    let grown: boolean;
    const grownCost = k < grownEnd ? cost[k] + price : Number.POSITIVE_INFINITY;
    const grownSurplus = k < grownEnd ? surplus[k] + gain : Number.NEGATIVE_INFINITY;
    if (k >= grownEnd || (i < n && (cost[i] < grownCost || (cost[i] === grownCost && surplus[i] >= grownSurplus)))) {
      c = cost[i];
      s = surplus[i];
      grown = false;
      i += 1;
    } else {
      c = grownCost;
      s = grownSurplus;
      grown = true;
      k += 1;
    }
    if (size > 0 && !(s > out.surplus[size - 1])) continue;
    if (size > 0 && c === out.cost[size - 1]) size -= 1;
    const source = grown ? k - 1 : i - 1;
    out.cost[size] = c;
    out.surplus[size] = s;
    out.base[size] = from.base[source];
    // A grown point's chain is made only once it is kept: most grown points are dominated.
    out.chain[size] = grown && track ? { index, rest: from.chain[source] } : from.chain[source];
    size += 1;
  }
  out.size = size;
  return true;
}

/**
 * Upper bounds on the surplus the sellers after k can still add within a budget β, for every k at once:
 * `free + min(total, β · best ratio)` over those sellers, where `free` sums the surplus of the free ones
 * and `total` and the best surplus per dollar are over the priced ones that can be bought (V ≥ p,
 * p ≤ budget). Weaker than the LP bound, but O(1) to read and O(N) to build.
 */
export class SuffixBounds {
  private readonly free: Float64Array;
  private readonly total: Float64Array;
  private readonly ratio: Float64Array;

  constructor(prices: ReadonlyArray<number>, values: ReadonlyArray<number>, budget: number) {
    const n = prices.length;
    this.free = new Float64Array(n + 1);
    this.total = new Float64Array(n + 1);
    this.ratio = new Float64Array(n + 1);
    for (let k = n - 1; k >= 0; k -= 1) {
      const gain = values[k] - prices[k];
      const usable = gain > 0 && prices[k] <= budget;
      this.free[k] = this.free[k + 1] + (usable && prices[k] === 0 ? gain : 0);
      this.total[k] = this.total[k + 1] + (usable && prices[k] > 0 ? gain : 0);
      this.ratio[k] = Math.max(this.ratio[k + 1], usable && prices[k] > 0 ? gain / prices[k] : 0);
    }
  }

  /** The bound for sellers `from`, `from + 1`, … within budget `beta` (−Infinity when `beta < 0`). */
  after(from: number, beta: number): number {
    if (beta < 0) return Number.NEGATIVE_INFINITY;
    const ratio = this.ratio[from];
    // ratio 0 means nothing priced can be added: 0, not Infinity · 0 under an infinite budget.
    return this.free[from] + (ratio === 0 ? 0 : Math.min(this.total[from], beta * ratio));
  }
}

/**
 * Drops, in place, every point that cannot reach surplus `threshold` whatever sellers `from`, … add
 * within the budget left (`surplus + bounds.after(from, budget − cost) < threshold`). A dropped point's
 * dominated points are dropped too (the bound grows with the budget left), so what stays is still a
 * frontier, and its best point always stays when `threshold` is below its surplus.
 */
export function dropHopeless(frontier: FrontierBuffer, bounds: SuffixBounds, from: number, budget: number, threshold: number): void {
  let size = 0;
  for (let k = 0; k < frontier.size; k += 1) {
    if (frontier.surplus[k] + bounds.after(from, budget - frontier.cost[k]) < threshold) continue;
    frontier.cost[size] = frontier.cost[k];
    frontier.surplus[size] = frontier.surplus[k];
    frontier.base[size] = frontier.base[k];
    frontier.chain[size] = frontier.chain[k];
    size += 1;
  }
  frontier.size = size;
}
