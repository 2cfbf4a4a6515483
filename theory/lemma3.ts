/**
 * Lemma 3, the buyer's optimal price is also `p*` (MODEL §8 L3), as an executable check in the
 * one-buyer one-seller market: above the discount threshold `δ̲`, the buyer's best stationary price is the
 * fairshare price in the limit, and for every horizon beyond one that the check finds.
 */
import fc from "fast-check";
import { bestPrice } from "./bestPrice.js";
import { discountThreshold } from "./discountThreshold.js";
import type { Lemma } from "./lemma.js";
import { cumulativeUtility, limitUtility, type OneBuyerMarket } from "./oneBuyerMarket.js";
import { a2Hypothesis, decimal, oneBuyerMarketHypothesis, participationSpecs, toMarket, valueAndFairPrice, type OneBuyerInstance } from "./oneBuyerInstance.js";
import { tradeoffHorizon } from "./tradeoffHorizon.js";
import { verdict } from "./verdict.js";

/** Evenly spaced exploitative prices in `[c, p*)` whose trade-off horizons bound the search. */
const PRICE_CELLS = 32;
/** Prices `p*(1 − 10^−j)`: as `p ↑ p*` the horizon tends to a limit that the grid alone would miss. */
const NEAR_FAIR = [1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8];
/** Times the horizon may grow to cover a price that `bestPrice` found between the grid's prices. */
const MAX_REFINEMENTS = 4;

type Periods = number | "inf";

function exploitativePrices(m: OneBuyerMarket): number[] {
  const grid = Array.from({ length: PRICE_CELLS }, (_, k) => m.cost + ((m.fairPrice - m.cost) * k) / PRICE_CELLS);
  return [...grid, ...NEAR_FAIR.map((h) => m.fairPrice * (1 - h)).filter((p) => p >= m.cost)];
}

function utility(m: OneBuyerMarket, periods: Periods, price: number): number {
  return periods === "inf" ? limitUtility(m, price) : cumulativeUtility(m, price, periods);
}

/**
 * Fairshare's relative gain over `p` per relative price cut, `(U(p*) − U(p))/(U(p*)·(1 − p/p*))`:
 * non-negative iff `p*` does at least as well as `p`, and finite as `p ↑ p*`. With `U_∞(p*) = ∞`: 1 when
 * `U_∞(p)` is finite, else the per-period comparison `−p* / u*` (ρ = 1 at `p`: `p` wins every period).
 */
function gainPerCut(m: OneBuyerMarket, periods: Periods, price: number): number {
  const fair = utility(m, periods, m.fairPrice);
  const other = utility(m, periods, price);
  if (fair === Number.POSITIVE_INFINITY) return Number.isFinite(other) ? 1 : -m.fairPrice / (m.value - m.fairPrice);
  return (fair - other) / (fair * (1 - price / m.fairPrice));
}

/** A condition that failed because `bestPrice` found `price` below `p*`: its margin is negative. */
function strayMargin(m: OneBuyerMarket, periods: Periods, price: number): number {
  return Math.min(-Number.MIN_VALUE, gainPerCut(m, periods, price));
}

/**
 * The check. (1) `bestPrice(m, "inf")` is `p*`. (2) The horizon is the largest `T̂(p, δ)` over 32
 * evenly spaced prices of `[c, p*)` and `p*(1 − 10^−j)`, j = 2..8; `bestPrice` must return `p*` at the
 * horizon, one period later, twice and ten times it. When it returns a price between the grid's prices,
 * the horizon grows to that price's `T̂` and the horizons are checked again (up to 4 times); a price
 * below `p*` that wins beyond its own `T̂` fails at once.
 *
 * Slack (unitless): the smallest `gainPerCut` over the price grid at every checked horizon and in the
 * limit; when `bestPrice` finds a better price than `p*`, its (negative) `gainPerCut`.
 */
function check(i: OneBuyerInstance) {
  const m = toMarket(i);
  const prices = exploitativePrices(m);
  const gridMargin = (periods: Periods) => Math.min(...prices.map((p) => gainPerCut(m, periods, p)));

  const limit = bestPrice(m, "inf");
  const limitMargin = limit.price < m.fairPrice ? strayMargin(m, "inf", limit.price) : gridMargin("inf");

  let horizon = Math.max(...prices.map((p) => tradeoffHorizon(m, p)));
  let horizons: number[] = [];
  let stray: { periods: number; price: number } | null = null;
  for (let round = 0; round <= MAX_REFINEMENTS && Number.isFinite(horizon); round += 1) {
    horizons = [horizon, horizon + 1, 2 * horizon, 10 * horizon];
    stray = null;
    for (const periods of horizons) {
      const found = bestPrice(m, periods);
      if (found.price < m.fairPrice) {
        stray = { periods, price: found.price };
        break;
      }
    }
    if (stray === null) break;
    const strayHorizon = tradeoffHorizon(m, stray.price);
    if (!(strayHorizon > stray.periods)) break; // it wins beyond its own T̂: no horizon can fix that
    horizon = strayHorizon;
  }
  let finiteMargin = -1; // no finite horizon: some price of the grid has δ ≤ δ₀(p)
  if (Number.isFinite(horizon)) {
    finiteMargin = stray !== null ? strayMargin(m, stray.periods, stray.price) : Math.min(...horizons.map(gridMargin));
  }
  return verdict(
    [
      { name: "argmax U_∞ = p*", margin: limitMargin },
      { name: "argmax U_T = p* beyond a finite horizon", margin: finiteMargin },
    ],
    { threshold: discountThreshold(m), limitPrice: limit.price, horizon, horizons, stray },
  );
}

/** Instances with `δ = δ̲ + margin·(1 − δ̲)`, margin in [0.05, 1] (1 gives δ = 1), cost up to 0.9·p*. */
function lemma3Instances(): fc.Arbitrary<OneBuyerInstance> {
  return fc
    .record({ shape: valueAndFairPrice(), costShare: decimal(0, 0.9), rho: participationSpecs(), margin: decimal(0.05, 1) })
    .map(({ shape, costShare, rho, margin }) => {
      const instance: OneBuyerInstance = { ...shape, cost: costShare * shape.fairPrice, discount: 1, rho };
      const threshold = discountThreshold(toMarket(instance));
      return { ...instance, discount: margin === 1 ? 1 : threshold + margin * (1 - threshold) };
    });
}

/** The flat `ρ(x) = x^0.1` with `δ = 0.8`: `δ̲ ≥ p* / (p* + 0.1·u*) ≥ 0.87` once `p* / V ≥ 0.4`. */
function flatInstances(): fc.Arbitrary<OneBuyerInstance> {
  return fc
    .record({ value: decimal(1, 100, 2), share: decimal(0.4, 0.8), costShare: decimal(0, 0.5) })
    .map(({ value, share, costShare }) => ({
      value,
      fairPrice: value * share,
      cost: costShare * value * share,
      discount: 0.8,
      rho: "power:0.1",
    }));
}

export const lemma3: Lemma<OneBuyerInstance> = {
  id: "L3",
  title: "The buyer's optimal price is also p*",
  statement:
    "In the one-buyer one-seller market, if δ ≥ δ̲ then the buyer's best stationary price for its limiting utility is the fairshare price p*; if δ > δ̲, the best price for its T-period utility is also p* for every T beyond a finite horizon.",
  formula:
    "δ ≥ δ̲ = sup_{x∈[c/p*,1)} p*(1 − x)/((V − x·p*) − ρ(x)(V − p*)) ⇒ argmax_{p∈[c,V]} U_∞(p) = p*; δ > δ̲ ⇒ ∃T₀ ∀T ≥ T₀: argmax_p U_T(p) = p*",
  modelSection: "MODEL §8 L3 (docs/lemmas.md#l3-the-buyers-optimal-price-is-also-p)",
  hypotheses: [
    oneBuyerMarketHypothesis,
    a2Hypothesis,
    { name: "δ > δ̲", label: "δ above the discount threshold δ̲ (numerical supremum)", holds: (i) => i.discount > discountThreshold(toMarket(i)) },
  ],
  instances: lemma3Instances(),
  check,
  negativeControl: {
    drops: "δ > δ̲",
    description: "flat ρ(x) = x^0.1 with δ = 0.8 < δ̲: a price below p* keeps the seller almost as well and costs less",
    instances: flatInstances(),
  },
};
