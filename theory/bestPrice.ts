/**
 * The buyer's optimal stationary price in the one-buyer one-seller market (MODEL §5, §8 L3).
 */
import { gridMaximize } from "./optimize/gridMaximize.js";
import { assertMarket, cumulativeUtility, limitUtility, type OneBuyerMarket } from "./oneBuyerMarket.js";

/** Grid cells over `[c, p*]`: `U_T` can have two humps below `p*` and a jump at it. */
const CELLS = 256;
/**
 * A price below `p*` must beat `U(p*)` by more than this (relative) to win: as `p ↑ p*` with a continuous
 * `ρ`, `U(p)` tends to `U(p*)`, and rounding alone must not hand the win to a price a hair below `p*`.
 */
export const TIE_TOLERANCE = 1e-12;

/**
 * Buyer's optimal stationary price, `argmax_{p∈[c,V]} U_T(p)`, or of `U_∞` with `periods = "inf"`
 * (MODEL §5, §8 L3).
 *
 * Above `p*` the seller always stays and `U_T(p) = (V − p)·Σ δ^{t−1}` falls with `p`, so only `[c, p*]`
 * is searched: a 256-cell grid safeguard (both ends included), then Brent's method on the best cell.
 *
 * - Ties go to `p*`: a lower price must beat `U(p*)` by more than a relative 1e-12.
 * - `U_∞(p*) = Infinity` (`δ = 1`): `p*`, with utility `Infinity`.
 * - `T = 0`: every utility is 0, so `p*`.
 * - A winning bump narrower than one cell, `(p* − c)/256`, can be missed.
 *
 * Cost: about 300 utility evaluations, each O(1) whatever `T`.
 *
 * @example bestPrice({ value: 10, fairPrice: 6, cost: 2, discount: 0.9, participation: parseParticipation("linear:0.5") }, "inf") // => { price: 6, utility: 40 }
 * @throws RangeError for a market outside MODEL §5's ranges or `periods` not a non-negative integer or "inf".
 */
export function bestPrice(m: OneBuyerMarket, periods: number | "inf"): { price: number; utility: number } {
  assertMarket(m);
  if (periods !== "inf" && !(Number.isInteger(periods) && periods >= 0)) {
    throw new RangeError(`bestPrice: periods must be a non-negative integer or "inf", got ${periods}`);
  }
  const utility = periods === "inf" ? (p: number) => limitUtility(m, p) : (p: number) => cumulativeUtility(m, p, periods);
  const atFair = utility(m.fairPrice);
  if (atFair === Number.POSITIVE_INFINITY) return { price: m.fairPrice, utility: atFair };
  const below = gridMaximize(utility, m.cost, m.fairPrice, { cells: CELLS });
  if (below.x < m.fairPrice && below.value > atFair + TIE_TOLERANCE * Math.abs(atFair)) {
    return { price: below.x, utility: below.value };
  }
  return { price: m.fairPrice, utility: atFair };
}
