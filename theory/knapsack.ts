/**
 * The buyer's best response (MODEL §2): an exact 0/1 knapsack over prices in whole money units
 * (theory/money.ts), solved by a branch and bound (theory/knapsackCore.ts) or, where that gives up, a
 * Nemhauser–Ullmann dynamic programme over (cost, surplus) states in seller id order; same results.
 */
import { LpBound } from "./frontierBuffer.js";
import { greedySurplus, ratioOrder } from "./greedy.js";
import { bestBundleCore } from "./knapsackCore.js";
import { chainIndices, validateItems, type IndexChain } from "./knapsackFrontier.js";

/** One dataset on offer: its money value `V_bj` to the buyer and its posted price `p_j`. */
export interface KnapsackItem {
  value: number;
  price: number;
}

/** A set of items: indices ascending, with surplus Σ(V − p), value ΣV and cost Σp, in money units. */
export interface Bundle {
  chosen: number[];
  surplus: number;
  value: number;
  cost: number;
}

export { bestSurplus, paretoFrontier, type FrontierPoint } from "./knapsackFrontier.js";

interface State {
  cost: number;
  surplus: number;
  value: number;
  chain: IndexChain | null;
}

/** Lexicographic order of ascending index lists; a proper prefix comes first. */
function compareLex(a: ReadonlyArray<number>, b: ReadonlyArray<number>): number {
  for (let k = 0; k < Math.min(a.length, b.length); k += 1) if (a[k] !== b[k]) return a[k] - b[k];
  return a.length - b.length;
}

const isPrefix = (a: ReadonlyArray<number>, b: ReadonlyArray<number>): boolean =>
  a.length < b.length && a.every((index, k) => index === b[k]);

/**
 * Keeps every state that can still become the tie-ruled optimum. State X goes when a state at most
 * as costly has more surplus (it stays ahead whatever is added later: money is exact), or when an
 * identical (cost, surplus, value) state comes lexicographically first and is not a prefix of X
 * (appending the same larger indices keeps that order; a prefix would not). Equal-surplus, costlier
 * states stay: their larger total value may win the final tie.
 */
function prune(states: State[]): State[] {
  states.sort((x, y) => x.cost - y.cost || y.surplus - x.surplus || y.value - x.value);
  const kept: State[] = [];
  let bestCheaper = Number.NEGATIVE_INFINITY;
  for (let start = 0; start < states.length; ) {
    let end = start;
    while (end < states.length && states[end].cost === states[start].cost) end += 1;
    const best = Math.max(bestCheaper, states[start].surplus); // a cost group is sorted by surplus, descending
    for (let k = start; k < end; ) {
      let twinsEnd = k + 1;
      while (twinsEnd < end && states[twinsEnd].surplus === states[k].surplus && states[twinsEnd].value === states[k].value) twinsEnd += 1;
      if (best <= states[k].surplus) kept.push(...firstOfTwins(states.slice(k, twinsEnd)));
      k = twinsEnd;
    }
    bestCheaper = best;
    start = end;
  }
  return kept;
}

/** Among states with identical (cost, surplus, value): the lexicographically first, and any it is a prefix of. */
function firstOfTwins(twins: State[]): State[] {
  if (twins.length === 1) return twins;
  const lists = twins.map((state) => chainIndices(state.chain));
  let first = 0;
  for (let k = 1; k < lists.length; k += 1) if (compareLex(lists[k], lists[first]) < 0) first = k;
  return twins.filter((_, k) => k === first || isPrefix(lists[first], lists[k]));
}

/**
 * The states that can still end at the best surplus: a state goes when even the LP bound on what the
 * later items add leaves it below a surplus some state already has (that state stays affordable, so
 * the optimum is at least as high). Ties stay for the tie rules.
 */
function hopeful(states: State[], bound: LpBound, budget: number, floor: number): State[] {
  let best = floor;
  for (const state of states) best = Math.max(best, state.surplus);
  return states.filter((state) => state.surplus + bound.at(budget - state.cost) >= best);
}

function extend(state: State, item: KnapsackItem, index: number): State {
  return {
    cost: state.cost + item.price,
    surplus: state.surplus + (item.value - item.price),
    value: state.value + item.value,
    chain: { index, rest: state.chain },
  };
}

/** Every state that can still be the optimum, after all items; empty when the budget is negative. */
function candidates(items: ReadonlyArray<KnapsackItem>, budget: number): State[] {
  validateItems(items, budget);
  if (budget < 0) return [];
  const prices = items.map((item) => item.price);
  const values = items.map((item) => item.value);
  const bound = new LpBound(prices, values, budget);
  bound.holdFrom(0);
  // A greedy bundle fits, so the optimum is at least its surplus: pruning can start at the first item.
  const floor = greedySurplus(ratioOrder(values, prices), values, prices, budget, -1);
  let states: State[] = [{ cost: 0, surplus: 0, value: 0, chain: null }];
  items.forEach((item, index) => {
    bound.remove(index);
    // A free item always fits and never lowers surplus or value; an item with V < p only lowers surplus.
    if (item.price === 0) states = states.map((state) => extend(state, item, index));
    else if (item.value >= item.price && item.price <= budget) {
      const grown = states.map((state) => extend(state, item, index)).filter((state) => state.cost <= budget);
      if (grown.length > 0) states = hopeful(prune(states.concat(grown)), bound, budget, floor);
    }
  });
  return states;
}

/**
 * Best bundle, the buyer's best response `S_b(p)` (MODEL §2): maximise Σ(V − p) subject to Σp ≤ budget.
 *
 * - Ties: larger surplus, then larger total value, then the lexicographically smallest index list.
 * - A zero-surplus item is bought when it fits (the value rule does it for V = p > 0; free items, p = 0,
 *   are always bought). Items with V < p are never bought.
 * - No items: the empty bundle, surplus 0. Budget 0: the free items only.
 * - Exact: amounts are whole money units (theory/money.ts), so every sum and comparison is exact, and
 *   the bundle is the one a brute force over all subsets in exact arithmetic picks, whatever the order
 *   in which it sums.
 * - An infinite budget is allowed (every item with V ≥ p is bought).
 *
 * Cost: first a depth-first branch and bound over the items by surplus per dollar (theory/knapsackCore.ts
 * `bestBundleCore`): O(N log N) to sort, then O(log N) a node, cutting only subtrees whose Dantzig LP
 * bound is strictly below the best surplus found, so that every tie is met and settled by the rules
 * above. On the bench markets (`npm run bench`, prices at half of Algorithm 1's start) a few hundred to
 * a few thousand nodes: about 0.1 ms a buyer at N = 200 and 0.5 ms at N = 1000, two orders of
 * magnitude ahead of HiGHS's MILP (`knapsackVsHighs`). Past 200,000 + 16·N nodes (many equal-surplus
 * bundles, or subset-sum-like inputs where the bound cuts little) it gives up and the frontier method
 * (`bestBundleFrontier`, O(N · F log F) with F the states kept, worst case O(2^N)) decides instead.
 *
 * @example bestBundle([{ value: 5, price: 3 }, { value: 4, price: 2 }, { value: 1, price: 1 }], 4)
 * // => { chosen: [0, 2], surplus: 2, value: 6, cost: 4 }   ({0}, {1}, {1, 2} also reach surplus 2, with less value)
 * @throws RangeError when the budget is negative or not a whole number of money units (or Infinity), an
 *   item's value or price is not a whole number ≥ 0 of units, or their sum is beyond `MAX_UNITS`.
 */
export function bestBundle(items: ReadonlyArray<KnapsackItem>, budget: number): Bundle {
  if (budget < 0) throw new RangeError(`bestBundle: no bundle fits a negative budget ${budget}`);
  validateItems(items, budget);
  if (budget === Number.POSITIVE_INFINITY) return bestBundleFrontier(items, budget);
  return bestBundleCore(items, budget) ?? bestBundleFrontier(items, budget);
}

/**
 * `bestBundle` by the frontier method alone: the Nemhauser–Ullmann programme over (cost, surplus)
 * states in seller id order, every state that can still be the tie-ruled optimum kept. The same result
 * as `bestBundle`, exactly; `bestBundle` uses it where the branch and bound gives up (and for an
 * infinite budget), and the tests compare the two.
 *
 * Cost: O(N · F log F) with F the number of states kept: those near the Pareto frontier of (cost,
 * surplus) that Dantzig's LP bound on the items still to come cannot rule out against a greedy
 * bundle's surplus; on the bench markets about 0.4 ms at N = 50 and 50 ms at N = 1000 when this was
 * the only method. The worst case is O(2^N): subset-sum-like inputs, surplus proportional to price
 * with distinct subset costs, keep every subset.
 *
 * @throws RangeError as `bestBundle`.
 */
export function bestBundleFrontier(items: ReadonlyArray<KnapsackItem>, budget: number): Bundle {
  if (budget < 0) throw new RangeError(`bestBundle: no bundle fits a negative budget ${budget}`);
  let best: State | null = null;
  let bestChosen: number[] = [];
  for (const state of candidates(items, budget)) {
    const chosen = chainIndices(state.chain);
    const better =
      best === null ||
      state.surplus > best.surplus ||
      (state.surplus === best.surplus && (state.value > best.value || (state.value === best.value && compareLex(chosen, bestChosen) < 0)));
    if (better) {
      best = state;
      bestChosen = chosen;
    }
  }
  const { surplus, value, cost } = best ?? { surplus: 0, value: 0, cost: 0 };
  return { chosen: bestChosen, surplus, value, cost };
}

