/**
 * The one-buyer one-seller market under a price path (MODEL §8 L1, L4): the buyer's utility
 * `U_T(path) = Σ_{t=1..T} δ^{t−1}(V − p_t)·Π_{s<t} r(p_s)` and the path's trade-off horizon, by direct
 * compensated summation.
 *
 * A path shorter than `T` **repeats cyclically**: `p_t = path[(t − 1) mod L]`. A stationary price is the
 * path `[p]`; every path is then infinite and periodic, so its limit has a closed form.
 */
import { NeumaierSum } from "./compensatedSum.js";
import { assertMarket, assertPrice, stayProbability, type OneBuyerMarket } from "./oneBuyerMarket.js";

function assertPath(m: OneBuyerMarket, path: ReadonlyArray<number>): void {
  assertMarket(m);
  if (path.length === 0) throw new RangeError("price path: need at least one price");
  for (const price of path) assertPrice(m, price);
}

function assertPeriods(name: string, periods: number): void {
  if (!(Number.isInteger(periods) && periods >= 0)) throw new RangeError(`${name}: periods must be a non-negative integer, got ${periods}`);
}

/**
 * Buyer's cumulative utility along a price path, `U_T(path)` (MODEL §8 L1), the path repeating
 * cyclically.
 *
 * - `T = 0`: 0. Once the weight `δ^{t−1}Π r` underflows to 0 the remaining terms are 0 and skipped.
 *
 * Cost: O(T + L) (one `ρ` evaluation per distinct position of the path).
 *
 * @example pathUtility({ value: 10, fairPrice: 6, cost: 2, discount: 0.9, participation: parseParticipation("linear:0.5") }, [3, 6], 3) // => 13.9525  (7 + 0.9·0.75·4 + 0.81·0.75·7)
 * @throws RangeError for an invalid market, an empty path, a price outside [c, V], or a bad `T`.
 */
export function pathUtility(m: OneBuyerMarket, path: ReadonlyArray<number>, periods: number): number {
  assertPath(m, path);
  assertPeriods("pathUtility", periods);
  const stays = path.map((price) => stayProbability(m, price));
  const sum = new NeumaierSum();
  let weight = 1; // δ^{t−1}·Π_{s<t} r(p_s)
  for (let t = 0; t < periods && weight > 0; t += 1) {
    const k = t % path.length;
    sum.add(weight * (m.value - path[k]));
    weight *= m.discount * stays[k];
  }
  return sum.value();
}

/**
 * Buyer's limiting utility along a cyclic path, `U_∞(path) = C/(1 − G)`, where `C` is one cycle's
 * utility `U_L(path)` and `G = δ^L·Π_{t≤L} r(p_t)` the weight a cycle carries into the next.
 *
 * - `G = 1` (δ = 1 and every price at least `p*`, or a ρ ≡ 1 without A2): `Infinity` when `C > 0`, 0 when
 *   `C = 0`.
 *
 * Cost: O(L).
 *
 * @example pathLimitUtility({ value: 10, fairPrice: 6, cost: 2, discount: 0.9, participation: parseParticipation("linear:0.5") }, [6]) // => 40
 * @throws RangeError for an invalid market, an empty path, or a price outside [c, V].
 */
export function pathLimitUtility(m: OneBuyerMarket, path: ReadonlyArray<number>): number {
  assertPath(m, path);
  const cycle = pathUtility(m, path, path.length);
  let carried = 1;
  for (const price of path) carried *= m.discount * stayProbability(m, price);
  if (carried >= 1) return cycle > 0 ? Number.POSITIVE_INFINITY : 0;
  return cycle / (1 - carried);
}

/**
 * Running difference `D_T = U_T(p*) − U_T(path)` for `T = 1, 2, …` (MODEL §8 L1, L4): one compensated
 * sum of `δ^{t−1}(u* − (V − p_t)·Π_{s<t} r(p_s))`, the path repeating cyclically. Endless: the caller
 * stops taking values.
 *
 * Cost: O(1) a period, after O(L) to read the path's stay probabilities.
 *
 * @example
 * const d = pathDifferences({ value: 10, fairPrice: 6, cost: 2, discount: 0.9, participation: parseParticipation("linear:0.5") }, [3]);
 * [d.next().value, d.next().value] // => [-3, -4.125]   (4 − 7, then + 0.9·4 − 0.9·0.75·7)
 * @throws RangeError for an invalid market, an empty path, or a price outside [c, V].
 */
export function* pathDifferences(m: OneBuyerMarket, path: ReadonlyArray<number>): Generator<number, never> {
  assertPath(m, path);
  const stays = path.map((price) => stayProbability(m, price));
  const fairSurplus = m.value - m.fairPrice;
  const difference = new NeumaierSum();
  let discount = 1; // δ^{t−1}
  let survival = 1; // Π_{s<t} r(p_s)
  for (let t = 0; ; t += 1) {
    const k = t % path.length;
    difference.add(discount * fairSurplus);
    difference.add(-discount * survival * (m.value - path[k]));
    yield difference.value();
    discount *= m.discount;
    survival *= stays[k];
  }
}

/**
 * Trade-off horizon of a price path, `min{ T ≤ maxPeriods : U_T(p*) ≥ U_T(path) }` (MODEL §8 L4): the
 * first `T` at which `pathDifferences` reaches 0.
 *
 * - None up to `maxPeriods`: `Infinity` (for a general path `D_T` need not be monotone, so nothing is
 *   claimed beyond `maxPeriods`).
 *
 * Cost: O(min(T̂, maxPeriods) + L).
 *
 * @example tradeoffHorizonPath({ value: 10, fairPrice: 6, cost: 2, discount: 0.9, participation: parseParticipation("linear:0.5") }, [3], 100) // => 7
 * @throws RangeError for an invalid market, an empty path, a price outside [c, V], or a bad `maxPeriods`.
 */
export function tradeoffHorizonPath(m: OneBuyerMarket, path: ReadonlyArray<number>, maxPeriods: number): number {
  assertPeriods("tradeoffHorizonPath", maxPeriods);
  let periods = 0;
  for (const difference of pathDifferences(m, path)) {
    periods += 1;
    if (periods > maxPeriods) break;
    if (difference >= 0) return periods;
  }
  return Number.POSITIVE_INFINITY;
}
