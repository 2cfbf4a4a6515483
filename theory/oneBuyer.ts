/**
 * The one-buyer one-seller market of MODEL §5 (used by Figures 2a–b and 3 and Lemmas 1, 3, 4), in one
 * place: a seller with cost `c` and fairshare price `p* ∈ (c, V)`, a buyer who values its data at `V`
 * per period and discounts by `δ`, and a participation function `ρ`.
 */

// Stationary prices: utility, its limit, the exploitation threshold δ₀(p).
export {
  cumulativeUtility,
  exploitThreshold,
  limitUtility,
  stayProbability,
  type OneBuyerMarket,
} from "./oneBuyerMarket.js";

// The trade-off horizon T̂(p, δ), in closed form.
export { tradeoffHorizon } from "./tradeoffHorizon.js";

// Price paths: utility, limit and trade-off horizon by direct summation (paths repeat cyclically).
export { pathDifferences, pathLimitUtility, pathUtility, tradeoffHorizonPath } from "./pricePath.js";

// The buyer's side of L3: the discount threshold δ̲ and the optimal stationary price.
export { discountThreshold } from "./discountThreshold.js";
export { bestPrice } from "./bestPrice.js";
