/**
 * The approximate mode for large markets (`--mwp fractional`): the buyer's knapsack replaced by its LP
 * relaxation (datasets may be bought in part), which greedy order by surplus per dollar solves exactly.
 * MWPs then cost O(log N) each after one sort per buyer, instead of a Pareto frontier.
 */
import { validateItems } from "./knapsackFrontier.js";
import type { KnapsackItem } from "./knapsack.js";
import type { Market } from "./market.js";
import { greedyFill, ratioOrder } from "./greedy.js";

/**
 * One buyer's LP relaxation, `K̃(β) = max Σ x_k (V_k − p_k)` over `x ∈ [0,1]^N`, `Σ x_k p_k ≤ β`:
 * items by surplus per dollar (free ones first, ties by index), with running sums, so that `K̃` with any
 * one item left out is read by binary search.
 */
class LpRelaxation {
  /** Items with V > p in greedy order; `cost[i]`, `gain[i]` sum the first i of them. */
  private readonly order: Int32Array;
  private readonly position: Int32Array;
  private readonly cost: Float64Array;
  private readonly gain: Float64Array;

  constructor(private readonly items: ReadonlyArray<KnapsackItem>) {
    const useful = ratioOrder(items.map((item) => item.value), items.map((item) => item.price)).filter((k) => items[k].value > items[k].price);
    this.order = Int32Array.from(useful);
    this.position = new Int32Array(items.length).fill(-1);
    this.cost = new Float64Array(useful.length + 1);
    this.gain = new Float64Array(useful.length + 1);
    useful.forEach((k, i) => {
      this.position[k] = i;
      this.cost[i + 1] = this.cost[i] + items[k].price;
      this.gain[i + 1] = this.gain[i] + (items[k].value - items[k].price);
    });
  }

  /** Cost of the first `i` items of the greedy order with the item at place `skip` (or none, −1) left out. */
  private costOf(i: number, skip: number): number {
    return skip < 0 || i <= skip ? this.cost[i] : this.cost[i + 1] - this.items[this.order[skip]].price;
  }

  /** Their surplus, likewise. */
  private gainOf(i: number, skip: number): number {
    if (skip < 0 || i <= skip) return this.gain[i];
    const { value, price } = this.items[this.order[skip]];
    return this.gain[i + 1] - (value - price);
  }

  /** Items in the order with `skip` left out. */
  private count(skip: number): number {
    return this.order.length - (skip < 0 ? 0 : 1);
  }

  /** The item at place `i` of the order with `skip` left out. */
  private itemAt(i: number, skip: number): KnapsackItem {
    return this.items[this.order[skip >= 0 && i >= skip ? i + 1 : i]];
  }

  /**
   * The largest place i (0 … count) whose first i items have cost (or, `withGain`, cost + surplus) at
   * most `target`: both grow along the order.
   */
  private lastWithin(target: number, skip: number, withGain: boolean): number {
    // No closure for the key: under tsx every closure made here would be named at run time, per MWP.
    let lo = 0;
    let hi = this.count(skip);
    if (this.costOf(hi, skip) + (withGain ? this.gainOf(hi, skip) : 0) <= target) return hi;
    while (hi - lo > 1) {
      const mid = (lo + hi) >>> 1;
      if (this.costOf(mid, skip) + (withGain ? this.gainOf(mid, skip) : 0) <= target) lo = mid;
      else hi = mid;
    }
    return lo;
  }

  /** `K̃(β)` without item `without` (an item index, or −1 for none). */
  best(beta: number, without: number): number {
    const skip = without < 0 ? -1 : this.position[without];
    const whole = this.lastWithin(beta, skip, false);
    const cost = this.costOf(whole, skip);
    const gain = this.gainOf(whole, skip);
    if (whole === this.count(skip)) return gain;
    const next = this.itemAt(whole, skip);
    return gain + ((beta - cost) / next.price) * (next.value - next.price);
  }

  /**
   * The largest `q ∈ [0, min(V, B)]` with `V − q + K̃(B − q) − K̃(B) ≥ 0` over the items but `without`.
   * `h(β) = β + K̃(β)` grows strictly, so the condition is `h(B − q) ≥ h(B) − V`: a root found by
   * binary search on the running sums of cost + surplus, then inside the item it falls in.
   */
  mwp(value: number, budget: number, without: number): number {
    const skip = without < 0 ? -1 : this.position[without];
    const target = budget + this.best(budget, without) - value; // h(B − q) must reach this
    if (target <= 0) return Math.min(value, budget);
    const whole = this.lastWithin(target, skip, true);
    const cost = this.costOf(whole, skip);
    const gain = this.gainOf(whole, skip);
    let beta: number;
    if (whole === this.count(skip)) beta = cost + (target - cost - gain);
    else {
      const next = this.itemAt(whole, skip);
      // Inside the next item h rises by V/p per dollar: (p + (V − p)) / p.
      beta = cost + ((target - cost - gain) * next.price) / next.value;
    }
    return Math.max(0, Math.min(value, budget, budget - beta));
  }
}

/**
 * An LP MWP as whole money units: rounded down, except that a root within a few ε of the market's
 * scale below a whole unit is taken as that unit (the root `B − β` is computed in floats, from sums of
 * the budget's and the surpluses' size), and never above `most`.
 */
function wholeUnits(mwp: number, scale: number, most: number): number {
  return Math.min(most, Math.floor(mwp + ROOT_ROUNDING * scale));
}

/** How far, relative to the market's scale (budget plus best LP surplus plus value), the float root of `h` can fall below the exact one. */
const ROOT_ROUNDING = 16 * Number.EPSILON;

/**
 * MWP matrix of the LP relaxation (approximate mode): `M̃_bj = max{ q ∈ [0, min(V_bj, B_b)] :
 * V_bj − q + K̃_b(B_b − q; −j) − K̃_b(B_b; −j) ≥ 0 }`, MODEL §2's MWP with `K` replaced by `K̃`.
 *
 * - `K̃ ≥ K`, and the two agree when the budget ends on an item boundary; how far `M̃` is from the exact
 *   MWP on real markets is measured by `npm run bench` and tested in test/fractional.test.ts.
 * - Each `M̃` is rounded down to whole money units (after allowing for the float root's rounding), so
 *   that the prices made from it stay on the money grid (MODEL §2).
 * - Seller j's own price is ignored, as in `mwpMatrix`.
 *
 * Cost: O(N log N) a buyer: one sort, then O(log N) an MWP.
 *
 * @example fractionalMwpMatrix({ buyers: [{ id: "b", budget: 3 }], sellers: [{ id: "s", cost: 0 }], values: [[5]] }, [1]) // => [[3]]
 * @throws RangeError when a budget is negative, or a budget, value or price is not a whole number of money units.
 */
export function fractionalMwpMatrix(market: Market, prices: ReadonlyArray<number>): number[][] {
  return market.buyers.map(({ budget }, b) => {
    if (!(budget >= 0)) throw new RangeError(`fractionalMwpMatrix: buyer ${b} has budget ${budget}, need ≥ 0`);
    const items = market.values[b].map((value, j) => ({ value, price: prices[j] }));
    validateItems(items, budget);
    const lp = new LpRelaxation(items);
    const scale = budget + lp.best(budget, -1);
    return items.map(({ value }, j) => wholeUnits(lp.mwp(value, budget, j), scale + value, Math.min(value, budget)));
  });
}

/**
 * The approximate mode's purchases: each buyer takes whole datasets in greedy order (free ones, then
 * by surplus per dollar, ties by seller index), skipping any that no longer fits, and never one with
 * V < p. Zero-surplus datasets are bought when they fit, as in `bestBundle`.
 *
 * Cost: O(N log N) a buyer.
 *
 * @example greedyPurchases({ buyers: [{ id: "b", budget: 4 }], sellers: [{ id: "s", cost: 0 }, { id: "t", cost: 0 }], values: [[5, 3]] }, [3, 2])
 * // => [[0]]   (s gives 0.67 of surplus a dollar, t 0.5: s is taken, and then t no longer fits)
 * @throws RangeError when a budget, price or value is not a whole number of money units.
 */
export function greedyPurchases(market: Market, prices: ReadonlyArray<number>): number[][] {
  return market.buyers.map(({ budget }, b) => {
    const items = market.values[b].map((value, j) => ({ value, price: prices[j] }));
    validateItems(items, budget);
    const chosen: number[] = [];
    greedyFill(ratioOrder(market.values[b], prices), market.values[b], prices, budget, -1, new Float64Array(2), chosen);
    return chosen.sort((x, y) => x - y);
  });
}
