/**
 * Shapley values of an n-player cooperative game (MODEL §7, the Shapley-based valuation methods): exactly,
 * by enumerating every coalition, and by Truncated Monte-Carlo over random permutations (Ghorbani & Zou
 * 2019, "Data Shapley"). The game is any utility of a coalition; the data-valuation methods supply one
 * (a KNN classifier's accuracy, a refitted model's validation loss).
 *
 * φ_i = Σ_{S ⊆ N∖{i}} |S|!·(n − |S| − 1)!/n! · (U(S ∪ {i}) − U(S)), the average over the n! orderings of the
 * players of i's marginal contribution to the players before it.
 */
import { NeumaierSum } from "../../theory/compensatedSum.js";
import type { Uniform } from "../random.js";

/** The worth of a coalition: its members are players `0..n−1`, listed ascending. Must be deterministic. */
export type Utility = (members: ReadonlyArray<number>) => number;

/** Above this, 2^n coalitions no longer fit in memory and time: 2^20 utility calls is about a million. */
const MAX_EXACT_PLAYERS = 20;

/** The members of coalition `mask` (bit i set ⇔ player i is in), ascending. */
function membersOf(mask: number, n: number): number[] {
  const members: number[] = [];
  for (let i = 0; i < n; i += 1) if ((mask >>> i) & 1) members.push(i);
  return members;
}

/** `utility(members)`, refused when it is not a finite number: a NaN would silently poison every value. */
function worth(utility: Utility, members: ReadonlyArray<number>, caller: string): number {
  const value = utility(members);
  if (!Number.isFinite(value)) throw new RangeError(`${caller}: utility of coalition [${members.join(", ")}] is ${value}`);
  return value;
}

/** C(n, k) for n ≤ 20: every intermediate product is an integer below 2^53, so it is exact. */
function binomial(n: number, k: number): number {
  let c = 1;
  for (let j = 1; j <= k; j += 1) c = (c * (n - k + j)) / j;
  return c;
}

/**
 * Exact Shapley values by enumeration over all 2^n coalitions.
 *
 * - The utility is called once per coalition (2^n calls), with members ascending.
 * - No players (`n = 0`): the empty array, without calling the utility.
 * - Each player's weighted sum is compensated (Neumaier), so efficiency Σφ = U(all) − U(∅) holds to a few ulps
 *   of the largest |U| rather than to 2^n of them.
 *
 * Cost: O(2^n) utility calls and O(n·2^n) arithmetic; memory O(2^n).
 *
 * @example exactShapley(2, (s) => (s.length === 2 ? 1 : 0)) // => [0.5, 0.5]
 * @throws RangeError when `n` is not an integer in [0, 20], or the utility returns a non-finite number.
 */
export function exactShapley(n: number, utility: Utility): number[] {
  if (!Number.isInteger(n) || n < 0 || n > MAX_EXACT_PLAYERS) {
    throw new RangeError(`exactShapley: n must be an integer in [0, ${MAX_EXACT_PLAYERS}], got ${n}`);
  }
  if (n === 0) return [];
  const coalitions = 2 ** n;
  const table = new Float64Array(coalitions);
  const sizes = new Uint8Array(coalitions);
  for (let mask = 0; mask < coalitions; mask += 1) {
    table[mask] = worth(utility, membersOf(mask, n), "exactShapley");
    sizes[mask] = sizes[mask >>> 1] + (mask & 1);
  }
  // |S|!·(n − |S| − 1)!/n! = 1 / (n·C(n − 1, |S|)).
  const weights = Array.from({ length: n }, (_, s) => 1 / (n * binomial(n - 1, s)));
  return Array.from({ length: n }, (_, i) => {
    const bit = 2 ** i;
    const sum = new NeumaierSum();
    for (let mask = 0; mask < coalitions; mask += 1) {
      if (mask & bit) continue;
      sum.add(weights[sizes[mask]] * (table[mask | bit] - table[mask]));
    }
    return sum.value();
  });
}

/** A Monte-Carlo Shapley estimate with its sampling error. */
export interface MonteCarloShapley {
  /** The mean marginal contribution of each player over the permutations drawn. */
  values: number[];
  /** Sample standard deviation of each player's marginal contributions / √permutations (NaN for one permutation). */
  standardErrors: number[];
  permutations: number;
  /** How many times the utility was called (U(∅) and U(all) once each, then once per untruncated step). */
  utilityCalls: number;
}

export interface TmcOptions {
  /** How many random orderings to walk (≥ 1). */
  permutations: number;
  /** Stop a permutation once |U(all) − U(prefix)| ≤ truncation·|U(all) − U(∅)|; 0 walks every permutation fully. */
  truncation: number;
  /** The stream the Fisher–Yates shuffles draw from. */
  uniform: Uniform;
  /**
   * The stopping rule: after at least `MIN_PERMUTATIONS`, stop once the last permutation moved no
   * player's running mean by more than `convergence · |U(all) − U(∅)| / n` (a share of the mean value a
   * player); `permutations` stays the most walked. 0 or absent: walk them all.
   */
  convergence?: number;
}

/** Permutations walked before the stopping rule may stop: three give every player a standard error. */
export const MIN_PERMUTATIONS = 3;

/**
 * Truncated Monte-Carlo Shapley (Ghorbani & Zou 2019): walks `permutations` uniformly random orderings,
 * drawn by Fisher–Yates from `uniform`, and averages each player's marginal contribution
 * U(prefix ∪ {j}) − U(prefix).
 *
 * - Truncation: once the prefix is within `truncation·|U(all) − U(∅)|` of U(all), the rest of the
 *   permutation scores 0 without calling the utility. That biases each value, but the values still sum to
 *   within `truncation·|U(all) − U(∅)|` of U(all) − U(∅). With `truncation = 0` nothing is cut and the
 *   estimate is unbiased; its values then sum to exactly U(all) − U(∅), up to rounding. When
 *   U(all) = U(∅) and `truncation > 0`, every permutation is cut at once and all values are 0.
 * - The last player of a permutation is scored against U(all), computed once, not by another call.
 * - Stopping rule (`convergence`): the walk ends early once the running means have settled; `permutations`
 *   in the result says how many were walked.
 * - Deterministic for a given stream: n − 1 draws per permutation.
 * - No players (`n = 0`): empty values and no utility calls.
 *
 * Cost: at most 2 + P·(n − 1) utility calls, each given a fresh ascending member list (O(n)).
 *
 * @example tmcShapley(2, (s) => s.length, { permutations: 10, truncation: 0, uniform: stream(1, "tmc") }).values // => [1, 1]
 * @throws RangeError when `n` is not a non-negative integer, `permutations` not a positive integer,
 *   `truncation` not in [0, 1), `convergence` negative, or the utility returns a non-finite number.
 */
export function tmcShapley(n: number, utility: Utility, options: TmcOptions): MonteCarloShapley {
  const { permutations, truncation, uniform, convergence = 0 } = options;
  if (!(convergence >= 0)) throw new RangeError(`tmcShapley: convergence must be ≥ 0, got ${convergence}`);
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`tmcShapley: n must be a non-negative integer, got ${n}`);
  if (!Number.isInteger(permutations) || permutations < 1) {
    throw new RangeError(`tmcShapley: permutations must be a positive integer, got ${permutations}`);
  }
  if (!(truncation >= 0 && truncation < 1)) throw new RangeError(`tmcShapley: truncation must lie in [0, 1), got ${truncation}`);
  if (n === 0) return { values: [], standardErrors: [], permutations, utilityCalls: 0 };

  let utilityCalls = 0;
  const inPrefix = new Uint8Array(n);
  const call = (): number => {
    utilityCalls += 1;
    const members: number[] = [];
    for (let i = 0; i < n; i += 1) if (inPrefix[i]) members.push(i);
    return worth(utility, members, "tmcShapley");
  };
  const empty = call();
  inPrefix.fill(1);
  const full = call();
  const tolerance = truncation * Math.abs(full - empty);
  const settled = (convergence * Math.abs(full - empty)) / n;

  // Welford's running mean and sum of squared deviations: one pass, no cancellation of large squares.
  const mean = new Float64Array(n);
  const squares = new Float64Array(n);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const marginal = new Float64Array(n);
  let walked = 0;
  for (let p = 1; p <= permutations; p += 1) {
    for (let i = n - 1; i > 0; i -= 1) {
      const j = Math.min(i, Math.floor(uniform() * (i + 1))); // min: a stream returning 1 must not index past i
      const t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    inPrefix.fill(0);
    marginal.fill(0);
    let previous = empty;
    for (let step = 0; step < n; step += 1) {
      if (truncation > 0 && Math.abs(full - previous) <= tolerance) break;
      const player = order[step];
      inPrefix[player] = 1;
      const current = step === n - 1 ? full : call();
      marginal[player] = current - previous;
      previous = current;
    }
    let moved = 0;
    for (let i = 0; i < n; i += 1) {
      const delta = marginal[i] - mean[i];
      mean[i] += delta / p;
      squares[i] += delta * (marginal[i] - mean[i]);
      moved = Math.max(moved, Math.abs(delta / p));
    }
    walked = p;
    if (convergence > 0 && p >= MIN_PERMUTATIONS && moved <= settled) break;
  }
  const standardErrors = Array.from(squares, (s) => (walked > 1 ? Math.sqrt(s / (walked - 1) / walked) : Number.NaN));
  return { values: Array.from(mean), standardErrors, permutations: walked, utilityCalls };
}
