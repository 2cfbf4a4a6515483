/**
 * A fast exact path for the buyer's best response (MODEL §2): a depth-first branch and bound over the
 * items sorted by surplus per dollar, with Dantzig's LP bound, that keeps every bundle which can still
 * tie the optimum, so that it resolves ties by MODEL §2's rules itself. It gives up (returns null, and
 * `bestBundle` falls back to the frontier method of theory/knapsack.ts) when its search grows past a
 * node budget: subset-sum-like inputs, where the LP bound cuts little, or many equal-surplus bundles.
 */
import type { Bundle, KnapsackItem } from "./knapsack.js";
import { MAX_UNITS } from "./money.js";

/** Nodes the search may visit, beyond a few per item, before it gives up. */
const NODE_BUDGET = 200_000;

/** Lexicographic order of ascending index lists; a proper prefix comes first. */
function compareLex(a: ReadonlyArray<number>, b: ReadonlyArray<number>): number {
  for (let k = 0; k < Math.min(a.length, b.length); k += 1) if (a[k] !== b[k]) return a[k] - b[k];
  return a.length - b.length;
}

/**
 * Whether item a has strictly more surplus per dollar than item b, `gA/pA > gB/pB`, decided exactly:
 * the float products settle it unless they are within rounding of each other, and BigInt then does.
 */
function ratioAbove(gA: number, pA: number, gB: number, pB: number): number {
  const left = gA * pB;
  const right = gB * pA;
  // Products of safe integers up to 2^53 are exact doubles; beyond, they are off by a relative 2^−53 at most.
  if ((left <= MAX_UNITS && right <= MAX_UNITS) || Math.abs(left - right) > 1e-9 * Math.max(left, right)) return left > right ? 1 : left < right ? -1 : 0;
  const exact = BigInt(gA) * BigInt(pB) - BigInt(gB) * BigInt(pA);
  return exact > 0n ? 1 : exact < 0n ? -1 : 0;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Sorts `held` (item indices, ascending) in place by surplus per dollar, best first, equal ratios by
 * index: the exact order (the LP bound needs the true order), found fast. Each ratio's double, with its
 * low 16 bits replaced by the position, sorts natively (the bits of a double ≥ 0 order like its value),
 * and an insertion pass with the exact comparison then fixes the few pairs within 2^−36 of each other.
 * `ratio[j]` is item j's float ratio.
 */
function sortByRatio(items: ReadonlyArray<KnapsackItem>, held: number[], ratio: Float64Array): void {
  const n = held.length;
  const before = (a: number, b: number): boolean => {
    const difference = ratio[a] - ratio[b];
    if (Math.abs(difference) > 1e-12 * ratio[a]) return difference > 0;
    const order = ratioAbove(items[a].value - items[a].price, items[a].price, items[b].value - items[b].price, items[b].price);
    return order > 0 || (order === 0 && a < b);
  };
  if (LITTLE_ENDIAN && n <= 0xffff) {
    const keys = new Float64Array(n);
    const words = new Uint32Array(keys.buffer);
    const one = new Float64Array(1);
    const oneWords = new Uint32Array(one.buffer);
    for (let k = 0; k < n; k += 1) {
      one[0] = ratio[held[k]];
      words[2 * k] = ((oneWords[0] & 0xffff0000) | (0xffff - k)) >>> 0;
      words[2 * k + 1] = oneWords[1];
    }
    keys.sort();
    const byPosition = held.slice();
    for (let k = 0; k < n; k += 1) held[k] = byPosition[0xffff - (words[2 * (n - 1 - k)] & 0xffff)];
    for (let i = 1; i < n; i += 1) {
      const x = held[i];
      let j = i - 1;
      while (j >= 0 && before(x, held[j])) {
        held[j + 1] = held[j];
        j -= 1;
      }
      held[j + 1] = x;
    }
  } else held.sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));
}

/**
 * `bestBundle(items, budget)` for an already validated input with a finite budget ≥ 0, or null when the
 * search gave up. Exact: every sum of money is of whole units (safe integers); floats only enter the
 * LP bound's fractional part, which is rounded up by a margin so that it stays an upper bound, and a
 * subtree is cut only when even that bound is strictly below the best surplus found, or when it allows
 * at most a tie and no bundle in it can cost as much as the best one (equal surplus: the larger value,
 * i.e. the larger cost, wins). So every bundle that can win a tie is met, and the tie rules (larger
 * surplus, then larger value, then the lexicographically smallest index list; free items always
 * bought) pick among them. The first leaf is the greedy fill, so a bundle is recorded at once.
 *
 * @example bestBundleCore([{ value: 5, price: 3 }, { value: 4, price: 2 }, { value: 1, price: 1 }], 4)
 * // => { chosen: [0, 2], surplus: 2, value: 6, cost: 4 }
 */
export function bestBundleCore(items: ReadonlyArray<KnapsackItem>, budget: number): Bundle | null {
  const free: number[] = [];
  let freeValue = 0;
  const held: number[] = [];
  const ratio = new Float64Array(items.length);
  for (let j = 0; j < items.length; j += 1) {
    const { value, price } = items[j];
    if (price === 0) {
      free.push(j);
      freeValue += value;
    } else if (value >= price && price <= budget) {
      held.push(j);
      ratio[j] = (value - price) / price;
    }
  }
  sortByRatio(items, held, ratio);
  const n = held.length;
  const price = new Float64Array(n);
  const gain = new Float64Array(n);
  const prefixPrice = new Float64Array(n + 1);
  const prefixGain = new Float64Array(n + 1);
  const cheapestFrom = new Float64Array(n + 1);
  for (let k = 0; k < n; k += 1) {
    price[k] = items[held[k]].price;
    gain[k] = items[held[k]].value - price[k];
    prefixPrice[k + 1] = prefixPrice[k] + price[k];
    prefixGain[k + 1] = prefixGain[k] + gain[k];
  }
  cheapestFrom[n] = Number.POSITIVE_INFINITY;
  for (let k = n - 1; k >= 0; k -= 1) cheapestFrom[k] = Math.min(price[k], cheapestFrom[k + 1]);

  /** The bundle's item indices, ascending: the free items and the held ones at `positions[0…size)`. */
  const full = (positions: Int32Array, size: number): number[] => {
    const out = new Float64Array(free.length + size);
    out.set(free);
    for (let k = 0; k < size; k += 1) out[free.length + k] = held[positions[k]];
    return Array.from(out.sort());
  };

  // A lower bound to cut against from the start: the greedy fill in ratio order. No bundle is recorded
  // for it; the search meets it (or a better one) since it never cuts a subtree that can reach it.
  let best = 0;
  let left0 = budget;
  for (let k = 0; k < n; k += 1) {
    if (price[k] <= left0) {
      left0 -= price[k];
      best += gain[k];
    }
  }
  let bestCost = -1;
  let bestSize = -1;
  const bestChosen = new Int32Array(n);
  const chosen = new Int32Array(n);
  let size = 0;
  let nodes = 0;
  const nodeLimit = NODE_BUDGET + 16 * n;

  /*
   * Depth-first search over the positions in ratio order, without recursion (N can be in the
   * thousands): `branch[k]` says which way position k went on the current path, 1 = taken, 2 = left
   * out. A node (at, left, surplus) is cut when Dantzig's bound on what the items from `at` on add
   * within `left` (the LP relaxation: items in ratio order, the first that does not fit in part) leaves
   * it strictly below the best surplus so far: the whole items' part of the bound is an exact integer;
   * the fractional part is a float, raised by a relative 1e-12 and an absolute 1e-6 so that rounding
   * never lowers it. Strictly: a subtree that can tie the best is searched, for the tie rules.
   */
  const branch = new Uint8Array(n);
  let at = 0;
  let left = budget;
  let surplus = 0;
  let gaveUp = false;
  for (;;) {
    nodes += 1;
    if (nodes > nodeLimit) {
      gaveUp = true;
      break;
    }
    let descend = false;
    if (left < cheapestFrom[at]) {
      // A leaf: nothing more fits. Equal surplus: larger value, i.e. larger cost, then the smaller list.
      const cost = budget - left;
      const better =
        surplus > best ||
        (surplus === best &&
          (bestSize < 0 || cost > bestCost || (cost === bestCost && compareLex(full(chosen, size), full(bestChosen, bestSize)) < 0)));
      if (better) {
        best = surplus;
        bestCost = cost;
        bestSize = size;
        bestChosen.set(chosen.subarray(0, size));
      }
    } else {
      const target = left + prefixPrice[at];
      let lo = at;
      let hi = n;
      while (lo < hi) {
        const mid = (lo + hi + 1) >>> 1;
        if (prefixPrice[mid] <= target) lo = mid;
        else hi = mid - 1;
      }
      const short = best - surplus - (prefixGain[lo] - prefixGain[at]); // exact: whole units
      const part = lo === n ? 0 : (((target - prefixPrice[lo]) * gain[lo]) / price[lo]) * (1 + 1e-12) + 1e-6;
      let cut = short > part;
      // When the bound leaves at most a tie with the recorded best (surplus ≤ best: whole units), a tie
      // must cost at least as much to win, and the cost can reach no more than the budget spent so far
      // plus what is left of it or of the items' total price, whichever is less.
      if (!cut && bestSize >= 0 && short >= 0 && part < short + 1) cut = budget - left + Math.min(left, prefixPrice[n] - prefixPrice[at]) < bestCost;
      if (!cut) {
        descend = true;
        if (price[at] <= left) {
          branch[at] = 1;
          chosen[size] = at;
          size += 1;
          left -= price[at];
          surplus += gain[at];
        } else branch[at] = 2;
        at += 1;
      }
    }
    if (descend) continue;
    // Back up to the last position taken on the path, and leave it out instead.
    at -= 1;
    while (at >= 0 && branch[at] === 2) at -= 1;
    if (at < 0) break;
    branch[at] = 2;
    size -= 1;
    left += price[at];
    surplus -= gain[at];
    at += 1;
  }
  if (gaveUp || bestSize < 0) return null;
  return { chosen: full(bestChosen, bestSize), surplus: freeValue + best, value: freeValue + best + bestCost, cost: bestCost };
}
