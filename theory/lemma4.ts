/**
 * Lemma 4, the trade-off threshold increases as `δ` decreases (MODEL §8 L4), as an executable check:
 * `T̂(p, δ)` is finite exactly above `δ₀(p)`, non-increasing in `δ` (for price paths too), and unbounded
 * as `δ ↓ δ₀(p)`. The check takes the `T̂` computation as an argument, so that the negative control (a
 * mutation) can run the same check on a deliberately wrong one.
 */
import fc from "fast-check";
import type { CheckResult, Lemma } from "./lemma.js";
import { a2Hypothesis, decimal, participationSpecs, toMarket, valueAndFairPrice } from "./oneBuyerInstance.js";
import { exploitThreshold, type OneBuyerMarket } from "./oneBuyerMarket.js";
import { tradeoffHorizonPath } from "./pricePath.js";
import { tradeoffHorizon } from "./tradeoffHorizon.js";
import { differences, horizonLowerBound, reversedWeightsHorizon } from "./tradeoffHorizonOracles.js";
import { type Condition, verdict } from "./verdict.js";

export { horizonLowerBound, reversedWeightsHorizon };

/** A one-buyer one-seller market without its δ, which the check varies. */
export interface Lemma4Instance {
  value: number;
  fairPrice: number;
  cost: number;
  rho: string;
  /** The stationary exploitative price `p ∈ [c, p*)`. */
  price: number;
  /** Discounts `δ = δ₀(p) + margin·(1 − δ₀(p))`, margin in (0, 1]. */
  margins: number[];
  /** Any price path in `[c, V]`, repeating cyclically, for the monotonicity of the path's `T̂`. */
  path: number[];
  /** Discounts at which the path's `T̂` is compared. */
  pathDiscounts: number[];
}

/** A `T̂(p, δ)` computation: the real `tradeoffHorizon`, or the control's mutant. */
export type HorizonFunction = (m: OneBuyerMarket, price: number) => number;

/** `δ = δ₀ + ε(1 − δ₀)` for these ε: `T̂` must grow without bound as `ε → 0`. */
const EPSILONS = [1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8];
/** Discounts at or below δ₀, as fractions of δ₀, where `T̂` must be infinite. */
const BELOW = [1 - 1e-6, 0.5];
/** The path's `T̂` is searched this far; beyond it, it counts as infinite (and larger than any other). */
const PATH_PERIODS = 2000;
/**
 * `D_T` by direct summation and the closed-form `T̂` may disagree in sign when `|D_T|` is within rounding
 * of 0: measured at most 1.1e-14 of `U_T(p*)`; a `D` is taken as ≥ 0 when above −1e-12 of it.
 */
export const DEFINITION_TOLERANCE = 1e-12;

/**
 * How far `value` (a `D_T` or `min(D_T, −D_{T−1})`) clears 0, in units of the period's increment
 * `D_T − D_{T−1}` (or of `U_T(p*)` when the increment is not positive), the rounding tolerance included.
 * Near `δ₀` every `D` is tiny; the increment keeps the margin scale-free.
 */
function clearance(m: OneBuyerMarket, d: ReadonlyArray<number>, periods: number, value: number): number {
  const fair = (m.value - m.fairPrice) * (m.discount === 1 ? periods : (1 - m.discount ** periods) / (1 - m.discount));
  const step = d[periods] - d[periods - 1];
  return (value + DEFINITION_TOLERANCE * fair) / (step > 0 ? step : fair);
}

/** The check with a given `T̂` computation (see `lemma4.check` for what it verifies). */
export function checkTradeoffHorizon(i: Lemma4Instance, horizonOf: HorizonFunction): CheckResult {
  const at = (discount: number): OneBuyerMarket => toMarket({ ...i, discount });
  const threshold = exploitThreshold(at(1), i.price) as number;
  const above = [...i.margins.map((s) => (s === 1 ? 1 : threshold + s * (1 - threshold))), ...EPSILONS.map((e) => threshold + e * (1 - threshold))]
    .sort((x, y) => x - y)
    .map((discount) => ({ discount, horizon: horizonOf(at(discount), i.price) }));
  const conditions: Condition[] = [];
  const booleanMargin = (ok: boolean): number => (ok ? 1 : -1);

  for (const { discount, horizon } of above) {
    conditions.push({ name: "T̂ finite for δ > δ₀", margin: booleanMargin(Number.isFinite(horizon) && horizon >= 1) });
    if (!Number.isFinite(horizon) || horizon < 1) continue;
    const m = at(discount);
    const d = differences(m, [i.price], horizon);
    const definition = clearance(m, d, horizon, horizon === 1 ? d[1] : Math.min(d[horizon], -d[horizon - 1]));
    conditions.push({ name: "D_T̂ ≥ 0 > D_{T̂−1} by direct summation", margin: definition });
  }
  for (const factor of BELOW) {
    conditions.push({ name: "T̂ infinite for δ ≤ δ₀", margin: booleanMargin(horizonOf(at(threshold * factor), i.price) === Number.POSITIVE_INFINITY) });
  }
  for (let k = 1; k < above.length; k += 1) {
    const [low, high] = [above[k - 1], above[k]];
    if (!Number.isFinite(low.horizon) || !Number.isFinite(high.horizon)) continue;
    const m = at(high.discount);
    const d = differences(m, [i.price], low.horizon);
    // T̂(δ') ≤ T̂(δ) for δ' > δ: the Abel argument's D_{T̂(δ)}(δ') ≥ 0, and the integers themselves.
    const margin = high.horizon <= low.horizon ? clearance(m, d, low.horizon, d[low.horizon]) : (low.horizon - high.horizon) / high.horizon;
    conditions.push({ name: "T̂ non-increasing in δ", margin });
  }
  const epsilonHorizons = EPSILONS.map((e) => {
    const discount = threshold + e * (1 - threshold);
    const horizon = above.find((a) => a.discount === discount)?.horizon ?? Number.NaN;
    const bound = horizonLowerBound(at(discount), i.price);
    conditions.push({ name: "T̂ ≥ ℓ(δ) → ∞ as δ ↓ δ₀", margin: (horizon - bound) / horizon });
    return horizon;
  });

  const pathDiscounts = [...i.pathDiscounts].sort((x, y) => x - y);
  const pathHorizons = pathDiscounts.map((discount) => tradeoffHorizonPath(at(discount), i.path, PATH_PERIODS));
  for (let k = 1; k < pathDiscounts.length; k += 1) {
    const [low, high] = [pathHorizons[k - 1], pathHorizons[k]];
    if (!Number.isFinite(low)) continue; // beyond the search: larger than anything
    const m = at(pathDiscounts[k]);
    const d = differences(m, i.path, low);
    const margin = high <= low ? clearance(m, d, low, d[low]) : (low - high) / high;
    conditions.push({ name: "path T̂ non-increasing in δ", margin });
  }
  return verdict(conditions, { threshold, epsilonHorizons, pathHorizons });
}

function lemma4Instances(): fc.Arbitrary<Lemma4Instance> {
  return fc
    .record({
      shape: valueAndFairPrice(),
      costShare: decimal(0, 0.9),
      rho: participationSpecs(),
      priceShare: decimal(0, 0.999),
      margins: fc.array(decimal(0.001, 1), { minLength: 2, maxLength: 5 }),
      pathShares: fc.array(decimal(0, 1), { minLength: 1, maxLength: 6 }),
      pathDiscounts: fc.array(decimal(0.3, 1), { minLength: 2, maxLength: 4 }),
    })
    .map(({ shape, costShare, rho, priceShare, margins, pathShares, pathDiscounts }) => {
      const cost = costShare * shape.fairPrice;
      const price = cost + priceShare * (shape.fairPrice - cost);
      const path = pathShares.map((s) => Math.min(shape.value, cost + s * (shape.value - cost)));
      return { ...shape, cost, rho, price, margins, path, pathDiscounts };
    });
}

/**
 * The check: for `δ` at every drawn margin above `δ₀(p)` and at `δ₀ + ε(1 − δ₀)`, ε = 1e-1..1e-8, `T̂` is
 * finite and meets its definition by direct summation (`D_T̂ ≥ 0 > D_{T̂−1}`); at `δ₀(1 − 1e-6)` and
 * `δ₀/2` it is infinite; along increasing `δ` it does not increase, and `D_{T̂(δ)}(δ') ≥ 0` for the next
 * `δ'`; on the ε sequence `T̂ ≥ ℓ(δ)`, a bound that tends to infinity; and for the drawn price path, its
 * `T̂` (direct summation, up to 2000 periods) does not increase along the drawn discounts either.
 *
 * Slack (unitless): how far each `D` clears 0, in units of its period's increment `D_T − D_{T−1}`
 * (so that the ε sequence, where every `D` is tiny, is not always the worst case), the 1e-12·U_T(p*)
 * rounding tolerance included; `(T̂ − ℓ)/T̂` for the divergence; `(T̂ − T̂')/T̂'` (negative) when an
 * integer horizon increases; and ±1 for the finite/infinite verdicts.
 */
function check(i: Lemma4Instance): CheckResult {
  return checkTradeoffHorizon(i, tradeoffHorizon);
}

export const lemma4: Lemma<Lemma4Instance> = {
  id: "L4",
  title: "The trade-off threshold increases as δ decreases",
  statement:
    "For a stationary exploitative price p in [c, p*), the trade-off horizon T̂(p, δ) is finite exactly when δ > δ₀(p), is non-increasing in δ on (δ₀(p), 1], and tends to infinity as δ decreases to δ₀(p); the monotonicity holds for any price path.",
  formula: "T̂(p, δ) = min{T : U_T(p*) ≥ U_T(p)} < ∞ ⟺ δ > δ₀(p) = ((V − p) − u*)/((V − p) − ρ_p·u*);  δ < δ' ⇒ T̂(δ) ≥ T̂(δ');  T̂ → ∞ as δ ↓ δ₀(p)",
  modelSection: "MODEL §8 L4 (docs/lemmas.md#l4-the-trade-off-threshold-increases-as-δ-decreases)",
  hypotheses: [
    { name: "market", label: "0 ≤ c < p* < V (MODEL §5); δ is varied by the check", holds: (i) => i.cost >= 0 && i.cost < i.fairPrice && i.fairPrice < i.value },
    a2Hypothesis,
    { name: "c ≤ p < p*", label: "a stationary exploitative price", holds: (i) => i.price >= i.cost && i.price < i.fairPrice },
    { name: "path in [c, V]", label: "every price of the path in [c, V]", holds: (i) => i.path.length > 0 && i.path.every((p) => p >= i.cost && p <= i.value) },
  ],
  instances: lemma4Instances(),
  check,
  negativeControl: {
    drops: "mutation: discount weights reversed",
    description: "T̂ computed with δ^{T−t} in place of δ^{t−1} must be rejected (no hypothesis of L4 can be dropped: it holds for every path)",
    instances: lemma4Instances(),
    check: (i) => checkTradeoffHorizon(i, reversedWeightsHorizon),
  },
};
