/**
 * The one-buyer theory drawn over the atlas (issue #14, MODEL §5, §8 L1 and L4): the one-buyer one-seller
 * analogue of a multi-seller market, and on a discount × elasticity plane the two curves where its
 * trade-off horizon changes character: `δ₀(η)`, below which exploitation is never overtaken, and the
 * discount at which `T̂(p = c, δ)` falls to the market's horizon T.
 */
import { exploitThreshold, tradeoffHorizon, type OneBuyerMarket } from "../theory/oneBuyer.js";
import { parseParticipation } from "../theory/participation.js";
import type { FirstPeriod } from "./atlasCell.js";

/**
 * Bisection on δ stops once the bracket is this narrow: a million times below the finest δ step of any
 * atlas grid (0.005), so the curve is exact to far below a pixel.
 */
export const DISCOUNT_TOLERANCE = 1e-9;

/**
 * The analogue (MODEL §5.1): `V`, `p*` and `c` are the market's period-1 means (atlasCell's
 * `firstPeriod`), and the exploitative price is the cost, `p = c`, as the `exploitative` group posts.
 */
export type OneBuyerAnalogue = FirstPeriod;

/** A one-parameter participation spec as its family and parameter: `linear:0.3` → linear, 0.3. */
export function specParameter(spec: string): { family: string; parameter: number } {
  const match = /^([a-z]+):([^:]+)$/.exec(spec);
  const parameter = match === null ? Number.NaN : Number(match[2]);
  if (match === null || !Number.isFinite(parameter)) throw new RangeError(`specParameter: expects a one-parameter spec such as linear:0.3, got ${JSON.stringify(spec)}`);
  return { family: match[1], parameter };
}

function market(analogue: OneBuyerAnalogue, discount: number, rho: string): OneBuyerMarket {
  return { value: analogue.value, fairPrice: analogue.fairPrice, cost: analogue.cost, discount, participation: parseParticipation(rho) };
}

/**
 * `T̂(c, δ)` of the analogue under `ρ = rho` (tradeoffHorizon): the first `T` with `U_T(p*) ≥ U_T(c)`;
 * `Infinity` for `δ ≤ δ₀`.
 *
 * @throws RangeError when the analogue has no `p* ∈ (c, V)`; ParticipationError for a bad `rho`.
 */
export function analogueHorizon(analogue: OneBuyerAnalogue, discount: number, rho: string): number {
  return tradeoffHorizon(market(analogue, discount, rho), analogue.cost);
}

/** `δ₀(c)` of the analogue under `ρ = rho` (exploitThreshold; it does not depend on the market's δ). */
export function analogueThreshold(analogue: OneBuyerAnalogue, rho: string): number {
  return exploitThreshold(market(analogue, 1, rho), analogue.cost) as number;
}

/**
 * The smallest discount at which the analogue's `T̂(c, δ)` is at most `periods`, by bisection on
 * `(δ₀, 1]`: `T̂` is infinite at `δ₀` and non-increasing in `δ` above it (L4), so `{δ : T̂ ≤ T}` is an
 * interval `[δ_T, 1]`.
 *
 * - `T̂(c, 1) > periods`: null (no discount in (0, 1] brings the crossing within T).
 * - The result is within DISCOUNT_TOLERANCE above the boundary, and `T̂ ≤ periods` holds at it.
 *
 * Cost: O(log(1/tolerance)) horizons.
 *
 * @example horizonDiscount({ value: 10, fairPrice: 6, cost: 1 }, "linear:0.5", 10) // => 0.7758… (T̂ = 10 there; 11 just below)
 */
export function horizonDiscount(analogue: OneBuyerAnalogue, rho: string, periods: number): number | null {
  if (analogueHorizon(analogue, 1, rho) > periods) return null;
  let below = analogueThreshold(analogue, rho);
  let above = 1;
  while (above - below > DISCOUNT_TOLERANCE) {
    const middle = below + (above - below) / 2;
    if (analogueHorizon(analogue, middle, rho) <= periods) above = middle;
    else below = middle;
  }
  return above;
}

/** One curve over the δ × η plane: a discount for each elasticity at which it is defined. */
export interface TheoryLine {
  /** `threshold`: `δ₀(η)`, below which the theory's T̂ is infinite; `horizon`: `T̂(c, δ) = T`, right of which fairshare is ahead by T. */
  id: "threshold" | "horizon";
  label: string;
  points: Array<{ parameter: number; discount: number }>;
}

/**
 * The two theory curves over `parameters` (the η of `family:η`): `δ₀(η)` (`threshold`) and `δ_T(η)`, the
 * discount from which `T̂(c, δ) ≤ T` (`horizon`, left out where no δ ≤ 1 gets there).
 *
 * Cost: O(parameters · log(1/tolerance)) horizons.
 *
 * @throws as analogueHorizon, for a parameter that makes no valid spec.
 */
export function theoryLines(analogue: OneBuyerAnalogue, family: string, parameters: ReadonlyArray<number>, periods: number): TheoryLine[] {
  const spec = (parameter: number) => `${family}:${parameter}`;
  const horizon = parameters.flatMap((parameter) => {
    const discount = horizonDiscount(analogue, spec(parameter), periods);
    return discount === null ? [] : [{ parameter, discount }];
  });
  return [
    { id: "threshold", label: "δ₀(η)", points: parameters.map((parameter) => ({ parameter, discount: analogueThreshold(analogue, spec(parameter)) })) },
    { id: "horizon", label: `T̂(c, δ) = ${periods}`, points: horizon },
  ];
}
