/**
 * Independent computations around the trade-off horizon `T̂` for the L4 check (MODEL §8 L4): `D_T` by
 * direct summation, a hand-derived lower bound on `T̂`, and the negative control's mutant `T̂`. None uses
 * the closed form of `tradeoffHorizon.ts`, which they test.
 */
import { stayProbability, type OneBuyerMarket } from "./oneBuyerMarket.js";
import { pathDifferences } from "./pricePath.js";

/** The mutant's direct search stops here. */
const MUTANT_LIMIT = 100_000;

/**
 * `D_T = U_T(p*) − U_T(path)` for `T = 0..periods` (`D_0 = 0`), by direct summation (`pathDifferences`),
 * the path repeating cyclically.
 *
 * Cost: O(periods + L).
 *
 * @example differences({ value: 10, fairPrice: 6, cost: 2, discount: 0.9, participation: parseParticipation("linear:0.5") }, [3], 2) // => [0, -3, -4.125]
 */
export function differences(m: OneBuyerMarket, path: ReadonlyArray<number>, periods: number): number[] {
  const out = [0];
  if (periods === 0) return out;
  for (const difference of pathDifferences(m, path)) {
    out.push(difference);
    if (out.length > periods) break;
  }
  return out;
}

/**
 * `T̂ ≥ ℓ(δ) = ln(a(1 − ρ)/(D_∞(1 − δρ)))/ln(1/δ)`, a lower bound derived by hand: `D_T ≥ 0` forces
 * `δ^T·a(1 − ρ^T)/(1 − δρ) ≤ D_∞(1 − δ^T)`, with `a = V − p`, `ρ = ρ(p/p*)`, `D_∞ = u* / (1 − δ) −
 * a/(1 − δρ)`. It tends to infinity as `D_∞ ↓ 0`, i.e. as `δ ↓ δ₀(p)`.
 *
 * - Meaningful for `δ ∈ (δ₀(p), 1)` and `ρ < 1`; elsewhere it is NaN or not finite.
 *
 * Cost: O(1).
 *
 * @example horizonLowerBound({ value: 10, fairPrice: 6, cost: 2, discount: 0.75 + 0.25e-8, participation: parseParticipation("linear:0.5") }, 3) // => 61.158…  (T̂ = 66)
 */
export function horizonLowerBound(m: OneBuyerMarket, price: number): number {
  const exploit = m.value - price;
  const stay = stayProbability(m, price);
  const gap = 1 - m.discount + m.discount * (1 - stay);
  const limit = (m.value - m.fairPrice) / (1 - m.discount) - exploit / gap;
  return Math.log((exploit * (1 - stay)) / (limit * gap)) / Math.log(1 / m.discount);
}

/**
 * The mutant of the negative control: `T̂` with the discount weights reversed, the first `T` with
 * `Σ_{t=1..T} δ^{T−t}(u* − (V − p)ρ^{t−1}) ≥ 0`, by direct search up to 100 000 periods.
 *
 * - `p ≥ p*`: 1. None within 100 000 periods: Infinity.
 *
 * Cost: O(its result).
 *
 * @example reversedWeightsHorizon({ value: 10, fairPrice: 6, cost: 2, discount: 0.9, participation: parseParticipation("linear:0.5") }, 3) // => 6  (the true T̂ is 7)
 */
export function reversedWeightsHorizon(m: OneBuyerMarket, price: number): number {
  if (price >= m.fairPrice) return 1;
  const stay = stayProbability(m, price);
  let sum = 0;
  let survival = 1;
  for (let periods = 1; periods <= MUTANT_LIMIT; periods += 1) {
    sum = m.discount * sum + (m.value - m.fairPrice) - (m.value - price) * survival;
    if (sum >= 0) return periods;
    survival *= stay;
  }
  return Number.POSITIVE_INFINITY;
}
