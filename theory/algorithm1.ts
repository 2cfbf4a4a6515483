/**
 * Algorithm 1 (MODEL §6): the fairshare prices of one period, as a fixed point of the sellers' Lemma 2
 * best responses to each other's prices, found by Gauss–Seidel sweeps.
 */
import { fairPrice } from "./fairPrice.js";
import { assertMarketMoney, sellerColumn, type Market } from "./market.js";
import { mwpMatrix } from "./mwp.js";
import { mwpSweep } from "./mwpSweep.js";
import { fractionalMwpMatrix } from "./fractional.js";

export interface FairshareOptions {
  /** Relative tolerance of a converged sweep (see `fairsharePrices`); default 1e-9. */
  tolerance?: number;
  /** Sweeps before giving up; default 50. */
  maxRounds?: number;
  /**
   * `exact` (default): MWPs of the buyers' knapsacks, Gauss–Seidel sweeps. `fractional`: MWPs of the
   * knapsacks' LP relaxations (theory/fractional.ts), each sweep a Jacobi step (every seller answers the
   * previous sweep's prices), for markets too large for the exact knapsack.
   */
  mwp?: MwpMode;
  /** Stop once the sweeps repeat themselves (default true); false runs every sweep up to `maxRounds`, the same result more slowly. */
  detectCycles?: boolean;
}

/** How MWPs are computed: the exact knapsack, or its LP relaxation (approximate mode). */
export const MWP_MODES = ["exact", "fractional"] as const;
export type MwpMode = (typeof MWP_MODES)[number];

export interface FairshareResult {
  prices: number[];
  /** MWP matrix (buyers × sellers) at the returned prices. */
  mwp: number[][];
  /** Sweeps performed. */
  rounds: number;
  /** The returned prices are a fixed point within the tolerance (see `fairsharePrices`). */
  converged: boolean;
  /**
   * Where the sweeps became periodic, when they did before `maxRounds`: the prices after sweep
   * `start + length` equal, exactly, those after sweep `start` (sweep 0: the start prices), so every later
   * sweep repeats the cycle and the rest of the run was not swept. null when the run converged or reached
   * `maxRounds` without repeating itself.
   */
  cycle: SweepCycle | null;
}

/** A cycle of Algorithm 1's sweeps: the prices after sweep `start + k·length + i` are those after `start + i`. */
export interface SweepCycle {
  start: number;
  length: number;
}

/**
 * MODEL §6's default. Prices are whole money units, so below a billion units (a thousand of the
 * currency at the default unit of 10^−6) any move of a unit or more is unsettled: the fixed point is exact.
 */
const DEFAULT_TOLERANCE = 1e-9;
/** MODEL §6's default round limit. */
const DEFAULT_MAX_ROUNDS = 50;

/**
 * Best responses (MODEL §3): each seller's Lemma 2 price `fairPrice(MWP_·j(p_−j))` against the other
 * sellers' given prices, all computed from the same `prices` (a Jacobi step, not a sweep).
 *
 * - No sellers: `[]`. No buyers: every price 0.
 *
 * Cost: M · N MWPs.
 *
 * @example bestResponses({ buyers: [{ id: "b", budget: 3 }], sellers: [{ id: "s", cost: 0 }], values: [[5]] }, [1]) // => [3]
 * @throws RangeError when a budget, cost, value or price is not a whole number of money units (MODEL §2).
 */
export function bestResponses(market: Market, prices: ReadonlyArray<number>): number[] {
  return fairPrices(market, mwpMatrix(market, prices));
}

/** Every seller's Lemma 2 price against an MWP matrix: `fairPrice` of its column. */
function fairPrices(market: Market, mwp: ReadonlyArray<ReadonlyArray<number>>): number[] {
  return market.sellers.map((_, j) => fairPrice(sellerColumn(mwp, j)));
}

/**
 * Fairshare prices by Algorithm 1 (MODEL §6). Start from `p_j = max_b min(V_bj, B_b)`; each sweep visits
 * the sellers in id order and sets `p_j` to its Lemma 2 price against the current prices, the ones
 * already updated in this sweep included (Gauss–Seidel).
 *
 * - Stopping rule: with `settled(q, p) ⇔ |q − p| ≤ tolerance · max(f, |p|)`, stop with `converged: true`
 *   after a sweep in which every update was settled and every seller's best response to the final
 *   prices is settled too (a verified fixed point); after `maxRounds` sweeps without that, return the
 *   last sweep's prices with `converged: false`. The second condition matters: an update later in the
 *   sweep, even by a rounding error, can carry an earlier seller's MWP across a budget boundary (a
 *   random 3-buyer 5-seller market "settled" 0.22 away from s0's best response without it).
 * - The floor `f` is the largest start price (no price can exceed it; 0 only when every value is 0), so
 *   the rule is relative to the market's own scale and 2^k times a market gives exactly 2^k times its
 *   prices. A fixed floor of one dollar let every move of a market priced below about 1e-9 count as
 *   settled: one sweep, wrong prices, `converged: true` (test/numericalEdges.test.ts).
 * - A fixed point need not exist, and even where one does, the sweeps can cycle round it (MODEL §6;
 *   test/algorithm1.test.ts has one). A cycle is reported, never hidden.
 * - Cycle detection: a sweep is a function of the prices it starts from, so once a sweep's prices equal,
 *   exactly, those after an earlier one (or the start prices), the run is periodic from there and can
 *   neither converge nor leave the cycle. The loop stops and returns exactly what running to `maxRounds`
 *   would have returned: the cycle's prices at the phase of sweep `maxRounds`, `rounds: maxRounds`,
 *   `converged: false`, and `cycle` saying where it began and how long it is
 *   (test/algorithm1Cycle.test.ts compares it bit for bit with the plain loop).
 * - `mwp` is recomputed at the returned prices; `rounds` counts the sweeps the plain loop would run.
 * - Sweeps run on `mwpSweep`, equal bit for bit to a fresh frontier per seller. With `mwp: "fractional"`
 *   each sweep is a Jacobi step on the LP relaxation's MWPs instead; a fixed point is the same notion
 *   (every price is its seller's best response), the path to it may differ.
 * - Money is exact (MODEL §2): the market's amounts are whole money units (theory/money.ts), and so are
 *   the MWPs and prices, so no comparison on the path depends on rounding. With the default tolerance
 *   and a largest start price below 10^9 units, "settled" means "unchanged".
 * - No sellers: `{ prices: [], rounds: 1, converged: true, cycle: null }`. No buyers: every price 0.
 * - The input is not modified.
 *
 * Cost: up to 2 · rounds · M · N MWPs (a sweep, and a check when it settles, whose MWPs are the ones
 * returned), a sweep costing what `mwpSweep` costs; with `fractional`, O(M · N log N) a sweep.
 *
 * @example
 * // MWPs 6 and 4 (slack budgets): revenue 6 at price 6, 8 at price 4; the start price 6 moves to 4, then stays.
 * fairsharePrices({ buyers: [{ id: "a", budget: 10 }, { id: "b", budget: 10 }], sellers: [{ id: "s", cost: 0 }], values: [[6], [4]] })
 * // => { prices: [4], mwp: [[6], [4]], rounds: 2, converged: true, cycle: null }
 * @throws RangeError when `tolerance` is negative or NaN, `maxRounds` is not a positive integer, or the
 *   market's money is not whole units or passes `MAX_UNITS` (`assertMarketMoney`, `validateItems`).
 */
export function fairsharePrices(market: Market, options: FairshareOptions = {}): FairshareResult {
  const tolerance = options.tolerance ?? DEFAULT_TOLERANCE;
  const maxRounds = options.maxRounds ?? DEFAULT_MAX_ROUNDS;
  const mode = options.mwp ?? "exact";
  const matrixOf = mode === "exact" ? mwpMatrix : fractionalMwpMatrix;
  if (!(tolerance >= 0)) throw new RangeError(`fairsharePrices: tolerance must be ≥ 0, got ${tolerance}`);
  if (!(Number.isInteger(maxRounds) && maxRounds >= 1)) throw new RangeError(`fairsharePrices: maxRounds must be a positive integer, got ${maxRounds}`);
  assertMarketMoney(market);

  const prices = market.sellers.map((_, j) => Math.max(0, ...market.buyers.map((buyer, b) => Math.min(market.values[b][j], buyer.budget))));
  const floor = Math.max(0, ...prices);
  const settled = (next: number, old: number) => Math.abs(next - old) <= tolerance * Math.max(floor, Math.abs(old));
  let rounds = 0;
  let converged = false;
  let mwp: number[][] | null = null; // at the current prices, once computed
  // The prices after each sweep so far (sweep 0: the start), keyed exactly: a repeat closes a cycle.
  const seen = new Map<string, number>([[priceKey(prices), 0]]);
  const history: number[][] = [[...prices]];
  while (!converged && rounds < maxRounds) {
    rounds += 1;
    let still = true;
    if (mode === "exact") {
      mwpSweep(market, prices, (j, column) => {
        const next = fairPrice(column);
        if (!settled(next, prices[j])) still = false;
        return next;
      });
    } else {
      // The LP's MWPs come a whole matrix at a time, O(N log N) a buyer; re-sorting after each seller would cost O(N²).
      fairPrices(market, matrixOf(market, prices)).forEach((next, j) => {
        if (!settled(next, prices[j])) still = false;
        prices[j] = next;
      });
    }
    mwp = null;
    if (still) {
      // The verification's MWPs are the ones to report if it passes: compute them once.
      const atPrices = matrixOf(market, prices);
      mwp = atPrices;
      converged = fairPrices(market, atPrices).every((next, j) => settled(next, prices[j]));
    }
    if (converged || options.detectCycles === false) continue;
    const key = priceKey(prices);
    const start = seen.get(key);
    if (start !== undefined) {
      // Sweep `rounds` repeats sweep `start`: sweep s ≥ start ends where sweep start + (s − start) mod length does.
      const length = rounds - start;
      const last = history[start + ((maxRounds - start) % length)];
      return { prices: last, mwp: matrixOf(market, last), rounds: maxRounds, converged: false, cycle: { start, length } };
    }
    seen.set(key, rounds);
    history.push([...prices]);
  }
  return { prices, mwp: mwp ?? matrixOf(market, prices), rounds, converged, cycle: null };
}

/** A price vector as an exact key: the shortest round-trip decimal of each price (whole money units). */
function priceKey(prices: ReadonlyArray<number>): string {
  return prices.join(",");
}
