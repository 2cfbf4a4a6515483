/**
 * The buyer's optimal stationary price in the one-buyer one-seller market (MODEL §5, §8 L3).
 */
import { gridMaximize } from "./optimize/gridMaximize.js";
import { assertMarket, cumulativeUtility, limitUtility, rescaled, type OneBuyerMarket } from "./oneBuyerMarket.js";

/** Grid cells over `[c, p*]`: `U_T` can have two humps below `p*` and a jump at it. */
const CELLS = 256;
/**
 * A price below `p*` must beat `U(p*)` by more than this (relative) to win: as `p ↑ p*` with a continuous
 * `ρ`, `U(p)` tends to `U(p*)`, and rounding alone must not hand the win to a price a hair below `p*`.
 */
export const TIE_TOLERANCE = 1e-12;
/**
 * Brent's location tolerance, relative to `p*`. The optimiser's default, `1e-10·max(1, |x|)` around the
 * best grid cell, is absolute below a dollar: at `p* = 6e-8` it exceeded the cell and left the price
 * resolved only to 2e-4 of itself. Against the default, on 400 random markets priced above a dollar,
 * the price moved by at most 1.2e-7 of itself and its utility by 2.6e-16: points of one flat maximum.
 */
const LOCATION_TOLERANCE = 1e-10;

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
 * - Computed on the market rescaled by a power of two (`rescaled`) with a tolerance relative to `p*`, so
 *   the price found scales with the unit of money, subnormal and near-overflow amounts included; the
 *   utility is `Infinity` only when it exceeds the largest double.
 *
 * Cost: about 300 utility evaluations, each O(1) whatever `T`.
 *
 * @example bestPrice({ value: 10, fairPrice: 6, cost: 2, discount: 0.9, participation: parseParticipation("linear:0.5") }, "inf") // => { price: 6, utility: 40 }
 * @throws RangeError for a market outside MODEL §5's ranges or `periods` not a non-negative integer or "inf".
 */
export function bestPrice(original: OneBuyerMarket, periods: number | "inf"): { price: number; utility: number } {
  assertMarket(original);
  if (periods !== "inf" && !(Number.isInteger(periods) && periods >= 0)) {
    throw new RangeError(`bestPrice: periods must be a non-negative integer or "inf", got ${periods}`);
  }
  const { market: m, toMoney } = rescaled(original);
  const utility = periods === "inf" ? (p: number) => limitUtility(m, p) : (p: number) => cumulativeUtility(m, p, periods);
  const atFair = utility(m.fairPrice);
  if (atFair === Number.POSITIVE_INFINITY) return { price: original.fairPrice, utility: atFair };
  const below = gridMaximize(utility, m.cost, m.fairPrice, { cells: CELLS, tolerance: LOCATION_TOLERANCE * m.fairPrice });
  if (below.x < m.fairPrice && below.value > atFair + TIE_TOLERANCE * Math.abs(atFair)) {
    // The cost itself (the grid's first point) is returned as given, not as a rescaled round trip.
    return { price: below.x === m.cost ? original.cost : toMoney(below.x), utility: toMoney(below.value) };
  }
  return { price: original.fairPrice, utility: toMoney(atFair) };
}
