/**
 * Lemma 1, inevitable failure of exploitative pricing (MODEL §8 L1), as an executable check: along any
 * path of prices at most `κ̄·p*`, exploitation wins the first period and loses for good from a finite
 * horizon on, which is at most an explicit bound.
 */
import fc from "fast-check";
import { geometricSum } from "./geometricSum.js";
import type { Lemma } from "./lemma.js";
import { a2Hypothesis, decimal, oneBuyerMarketHypothesis, participationSpecs, toMarket, valueAndFairPrice, type OneBuyerInstance } from "./oneBuyerInstance.js";
import { limitUtility } from "./oneBuyerMarket.js";
import { parseParticipation } from "./participation.js";
import { pathDifferences, pathLimitUtility } from "./pricePath.js";
import { verdict } from "./verdict.js";

/** A one-buyer one-seller market with an exploitative price path (repeating cyclically) and its cap κ̄. */
export interface Lemma1Instance extends OneBuyerInstance {
  /** `κ̄ < 1`: every price of the path is at most `κ̄·p*`. */
  kappaBar: number;
  /** Prices `p_1..p_L` in `[c, κ̄·p*]`; period t pays `path[(t − 1) mod L]`. */
  path: number[];
}

/** `H`: periods checked beyond the explicit bound, where fairshare must stay strictly ahead. */
const WINDOW = 50;
/** Periods scanned when the explicit bound never holds (δ ≤ δ₀, or ρ ≡ 1 in the negative control). */
const UNBOUNDED_SCAN = 2000;
/** The explicit bound is searched this far; the generated instances need a few thousand periods at most. */
const BOUND_LIMIT = 1_000_000;

/** `ρ̄ = ρ(κ̄)`, the largest stay probability along the path (A2: ρ is non-decreasing). */
function capStay(i: Lemma1Instance): number {
  return parseParticipation(i.rho, { requireA2: false }).rho(i.kappaBar);
}

/** `δ₀ = (ū − u*)/(ū − ρ̄u*)` with `ū = V − c`, `u* = V − p*`. */
export function lemma1Threshold(i: Lemma1Instance): number {
  const best = i.value - i.cost;
  const fair = i.value - i.fairPrice;
  return (best - fair) / (best - capStay(i) * fair);
}

/** `min{T : u*(1 − δ^T)/(1 − δ) > ū/(1 − δρ̄)}` (`T·u*` on the left at δ = 1); Infinity when none. */
export function explicitBound(fair: number, best: number, discount: number, capStayProbability: number): number {
  const target = best / (1 - discount * capStayProbability);
  if (!Number.isFinite(target) || (discount < 1 && fair / (1 - discount) <= target)) return Number.POSITIVE_INFINITY;
  for (let periods = 1; periods <= BOUND_LIMIT; periods += 1) {
    if (fair * geometricSum(1 - discount, periods) > target) return periods;
  }
  return Number.POSITIVE_INFINITY;
}

/**
 * The check. It scans `D_T = U_T(p*) − U_T(path)` by direct compensated summation for `T` up to the
 * explicit bound plus `H = 50` and takes `T̂` = one past the last `T` with `D_T ≤ 0`. Conditions:
 * exploitation wins at `T = 1`; `D_T > 0` on `[T̂, T̂ + H]`; `T̂` is at most the explicit bound; and
 * `U_∞(path) < U_∞(p*)` (closed form over one cycle).
 *
 * Slack (unitless, a fraction of the buyer's fairshare utility): the smallest of
 * `(U_1(path) − u*)/U_1(path)`, `min D_T / U_T(p*)` over `[T̂, T̂ + H]` and over `[bound, bound + H]`
 * (`T̂ ≤ bound` exactly when the latter is positive; the integer gap `bound − T̂` is often 0, as the bound
 * is tight when the path sits at its cap), and `1 − U_∞(path)/U_∞(p*)` (with δ = 1 and both infinite,
 * the long-run comparison `(u* − mean(V − p_t))/u*`).
 */
function check(i: Lemma1Instance) {
  const m = toMarket(i);
  const fair = i.value - i.fairPrice;
  const capStayProbability = capStay(i);
  const bound = explicitBound(fair, i.value - i.cost, i.discount, capStayProbability);
  const end = (Number.isFinite(bound) ? bound : UNBOUNDED_SCAN) + WINDOW;
  let lastNotAhead = 0; // the last T with D_T ≤ 0
  let lastNotAheadMargin = 0;
  let windowMargin = Number.POSITIVE_INFINITY; // min D_T / U_T(p*) since lastNotAhead
  let boundMargin = Number.POSITIVE_INFINITY; // min D_T / U_T(p*) from the explicit bound on
  let firstCrossing = Number.POSITIVE_INFINITY;
  let t = 0;
  for (const difference of pathDifferences(m, i.path)) {
    t += 1;
    if (t > end) break;
    const relative = difference / (fair * geometricSum(1 - i.discount, t));
    if (relative >= 0 && t < firstCrossing) firstCrossing = t;
    if (relative <= 0) {
      lastNotAhead = t;
      lastNotAheadMargin = relative;
      windowMargin = Number.POSITIVE_INFINITY;
    } else windowMargin = Math.min(windowMargin, relative);
    if (t >= bound) boundMargin = Math.min(boundMargin, relative);
  }
  const horizon = lastNotAhead === end ? Number.POSITIVE_INFINITY : lastNotAhead + 1;
  const fairLimit = limitUtility(m, i.fairPrice);
  const pathLimit = pathLimitUtility(m, i.path);
  const meanSurplus = i.path.reduce((sum, p) => sum + (i.value - p), 0) / i.path.length;
  const limitMargin = Number.isFinite(pathLimit) ? 1 - pathLimit / fairLimit : Number.isFinite(fairLimit) ? -1 : (fair - meanSurplus) / fair;
  const aheadMargin = Number.isFinite(horizon) ? windowMargin : lastNotAheadMargin;
  return verdict(
    [
      { name: "exploitation wins at T = 1", margin: (i.value - i.path[0] - fair) / (i.value - i.path[0]), strict: true },
      { name: "U_T(path) < U_T(p*) on [T̂, T̂ + H]", margin: aheadMargin, strict: true },
      // T̂ ≤ bound iff D_T > 0 on [bound, bound + H]; with no bound (δ ≤ δ₀) the claim is the one above.
      { name: "T̂ ≤ explicit bound", margin: Number.isFinite(bound) ? boundMargin : aheadMargin, strict: true },
      { name: "U_∞(path) < U_∞(p*)", margin: limitMargin, strict: true },
    ],
    { horizon, firstCrossing, bound, capStay: capStayProbability, threshold: lemma1Threshold(i) },
  );
}

/** Instances of L1: the path's prices in `[c, κ̄p*]`, `δ = δ₀ + margin·(1 − δ₀)` (margin 1 gives δ = 1). */
function lemma1Instances(options: { rho?: fc.Arbitrary<string>; discount?: fc.Arbitrary<number> } = {}): fc.Arbitrary<Lemma1Instance> {
  return fc
    .record({
      shape: valueAndFairPrice(),
      rho: options.rho ?? participationSpecs(),
      kappaBar: decimal(0.05, 0.9),
      costShare: decimal(0, 1),
      shares: fc.array(decimal(0, 1), { minLength: 1, maxLength: 6 }),
      margin: decimal(0.05, 1),
      discount: options.discount ?? fc.constant(Number.NaN),
    })
    .map(({ shape, rho, kappaBar, costShare, shares, margin, discount }) => {
      const top = kappaBar * shape.fairPrice;
      const cost = costShare * top;
      const path = shares.map((s) => Math.min(top, cost + s * (top - cost)));
      const instance: Lemma1Instance = { ...shape, cost, discount: 1, rho, kappaBar, path };
      const threshold = lemma1Threshold(instance);
      const drawn = Number.isNaN(discount) ? (margin === 1 ? 1 : threshold + margin * (1 - threshold)) : discount;
      return { ...instance, discount: drawn };
    });
}

export const lemma1: Lemma<Lemma1Instance> = {
  id: "L1",
  title: "Inevitable failure of exploitative pricing",
  statement:
    "In the one-buyer one-seller market, under A1–A3, for any price path with c ≤ p_t ≤ κ̄·p* (κ̄ < 1) and δ > δ₀, exploitation wins the first period but loses from a finite horizon T̂ on, for every later T and in the limit, and T̂ is at most an explicit bound.",
  formula:
    "δ > δ₀ = (ū − u*)/(ū − ρ̄u*), ū = V − c, ρ̄ = ρ(κ̄) ⇒ U_1(path) > U_1(p*) and ∃T̂ ≤ min{T : u*(1 − δ^T)/(1 − δ) > ū/(1 − δρ̄)} with U_T(path) < U_T(p*) ∀T ≥ T̂",
  modelSection: "MODEL §8 L1 (docs/lemmas.md#l1-inevitable-failure-of-exploitative-pricing)",
  hypotheses: [
    oneBuyerMarketHypothesis,
    a2Hypothesis,
    {
      name: "c ≤ p_t ≤ κ̄p*",
      label: "κ̄ < 1 and every price of the path in [c, κ̄·p*]",
      holds: (i) => i.kappaBar < 1 && i.path.length > 0 && i.path.every((p) => p >= i.cost && p <= i.kappaBar * i.fairPrice),
    },
    { name: "δ > δ₀", label: "δ above (ū − u*)/(ū − ρ̄u*)", holds: (i) => i.discount > lemma1Threshold(i) },
  ],
  instances: lemma1Instances(),
  check,
  negativeControl: {
    drops: "A2",
    description: "ρ ≡ 1 below fair pay (expr:1): the seller never leaves, so the exploitative path stays ahead for ever",
    instances: lemma1Instances({ rho: fc.constant("expr:1"), discount: decimal(0.3, 1) }),
  },
};
