/**
 * Lemma 4's figure (MODEL §8 L4): the trade-off horizon `T̂(p, δ)` of a stationary exploitative price
 * against the discount factor `δ`, one curve per price `p = ratio · p*`, in the one-buyer one-seller
 * market of MODEL §5. Computed from the theory alone: no simulation.
 */
import { exploitThreshold, type OneBuyerMarket } from "../../theory/oneBuyerMarket.js";
import { parseParticipation } from "../../theory/participation.js";
import { tradeoffHorizon } from "../../theory/tradeoffHorizon.js";
import { specHeader, type Figure, type TopLevelSpec } from "../figure.js";
import type { Lemma4Params } from "../theoryConfigs.js";

/** The δ grid when the params give none: 0.5 to 1 in steps of 0.0025. */
export const DEFAULT_DELTAS = { from: 0.5, to: 1, points: 201 } as const;

/**
 * Extra points approaching each curve's threshold, at `δ₀ + (to − δ₀)·10^−k/2`, k = 2..12: `T̂` grows
 * like `log(1/(δ − δ₀))`, so an even grid would show only the first step of its climb.
 */
const APPROACH = Array.from({ length: 11 }, (_, i) => 10 ** (-(i + 2) / 2));

/** Above this ratio of the largest to the smallest `T̂` the y axis is logarithmic. */
const LOG_SCALE_RATIO = 20;

/** The figure's title (MODEL §8 L4). */
const LEMMA4_TITLE = "Lemma 4: trade-off horizon T̂(p, δ) against the discount factor δ";

/** One point of one curve: `T̂(p, δ)` for the price `p = ratio · p*`. */
export interface Lemma4Row {
  ratio: number;
  price: number;
  discount: number;
  /** `T̂(p, δ)`, finite: points with no crossing are left out. */
  horizon: number;
}

/** Where a curve starts: `δ₀(p)`, below which `T̂` is infinite. */
export interface Lemma4Threshold {
  ratio: number;
  price: number;
  threshold: number;
}

export interface Lemma4Data {
  /** Every curve, by ratio in the params' order, each by increasing `δ`. */
  curves: Lemma4Row[];
  thresholds: Lemma4Threshold[];
  params: Lemma4Params;
}

/** The δ values of one curve: the grid above `δ₀`, and the approach points inside `[from, to]`. */
function discountsAbove(threshold: number, deltas: { from: number; to: number; points: number }): number[] {
  const { from, to, points } = deltas;
  const grid = Array.from({ length: points }, (_, i) => (i === points - 1 ? to : from + ((to - from) * i) / (points - 1)));
  const approach = APPROACH.map((share) => threshold + (to - threshold) * share).filter((d) => d >= from && d <= to);
  return [...new Set([...grid, ...approach])].filter((d) => d > threshold).sort((a, b) => a - b);
}

/**
 * Lemma 4's data: for each ratio, `p = ratio · p*`, its threshold `δ₀(p)` (`exploitThreshold`) and
 * `T̂(p, δ) = min{ T : U_T(p*) ≥ U_T(p) }` (`tradeoffHorizon`, MODEL §5, §8 L4) on a grid of `δ`.
 *
 * - `T̂` is finite exactly when `δ > δ₀(p)`; `tradeoffHorizon` reports `Infinity` otherwise. Those
 *   points are left out, so each curve starts just above `δ₀(p)`; a grid point above `δ₀` whose `T̂` is
 *   still `Infinity` by rounding is left out too.
 * - Each curve also gets points at `δ₀ + (to − δ₀)·10^−k/2`, k = 2..12, to show `T̂` rising as `δ ↓ δ₀`.
 * - A ratio whose price falls below the cost is refused rather than clamped.
 *
 * Cost: O((points + 11) · ratios) horizons, each O(log T̂).
 *
 * @example lemma4Data({ value: 10, fairPrice: 6, cost: 1, rho: "linear:0.5", ratios: [0.5], deltas: { from: 0.9, to: 1, points: 2 } }).curves.at(-1) // => { ratio: 0.5, price: 3, discount: 1, horizon: 6 }
 * @throws RangeError for a market outside MODEL §5's ranges or a ratio not in (0, 1) or giving a price
 *   below the cost; ParticipationError for a `rho` spec that does not parse or breaks A2.
 */
export function lemma4Data(params: Lemma4Params): Lemma4Data {
  const deltas = params.deltas ?? DEFAULT_DELTAS;
  const participation = parseParticipation(params.rho);
  const market = (discount: number): OneBuyerMarket => ({ value: params.value, fairPrice: params.fairPrice, cost: params.cost, discount, participation });
  const curves: Lemma4Row[] = [];
  const thresholds: Lemma4Threshold[] = [];
  for (const ratio of params.ratios) {
    const price = ratio * params.fairPrice;
    if (!(ratio > 0 && ratio < 1)) throw new RangeError(`lemma4Data: ratio p/p* must lie in (0, 1), got ${ratio}`);
    if (price < params.cost) throw new RangeError(`lemma4Data: ratio ${ratio} gives the price ${price}, below the cost ${params.cost}`);
    // δ₀(p) does not depend on the market's own δ; any δ in (0, 1] will do.
    const threshold = exploitThreshold(market(1), price) as number;
    thresholds.push({ ratio, price, threshold });
    for (const discount of discountsAbove(threshold, deltas)) {
      const horizon = tradeoffHorizon(market(discount), price);
      if (Number.isFinite(horizon)) curves.push({ ratio, price, discount, horizon });
    }
  }
  return { curves, thresholds, params };
}

/** The caption: the claim of L4, the market, and where each curve starts. */
export function lemma4Caption(data: Lemma4Data): string {
  const { value, fairPrice, cost, rho } = data.params;
  const starts = data.thresholds.map((t) => `p = ${t.ratio}·p*: δ₀ = ${t.threshold.toFixed(3)}`).join("; ");
  const ends = data.thresholds
    .map((t) => data.curves.filter((row) => row.ratio === t.ratio).at(-1))
    .filter((row): row is Lemma4Row => row !== undefined)
    .map((row) => `${row.horizon} at p = ${row.ratio}·p*`)
    .join(", ");
  return (
    `The trade-off horizon T̂(p, δ) = min{T : U_T(p*) ≥ U_T(p)}, the first horizon from which fairshare pricing has given the buyer ` +
    `at least as much as the stationary exploitative price p, against the discount factor δ (MODEL §5, §8 L4). ` +
    `One buyer, one seller: V = ${value}, p* = ${fairPrice}, c = ${cost}, ρ = ${rho}. ` +
    `T̂ is infinite for δ ≤ δ₀(p) = ((V − p) − u*)/((V − p) − ρ(p/p*)·u*), u* = V − p*, so each curve starts just above δ₀(p) ` +
    `(dashed rules; ${starts}); it rises without bound as δ falls towards δ₀(p) and never rises as δ grows, as Lemma 4 states. ` +
    `At the largest δ drawn, T̂ is ${ends}.`
  );
}

/**
 * Lemma 4's Vega-Lite spec: one stepped line per ratio (colour by `p/p*`), a dashed rule at each
 * curve's `δ₀(p)`, and a logarithmic y axis when the horizons span more than a factor 20. The caption
 * goes in `description`.
 */
export function lemma4Spec(data: Lemma4Data, options: { title?: string } = {}): TopLevelSpec {
  const deltas = data.params.deltas ?? DEFAULT_DELTAS;
  const horizons = data.curves.map((row) => row.horizon);
  const logScale = horizons.length > 0 && Math.max(...horizons) > LOG_SCALE_RATIO * Math.min(...horizons);
  const discount = {
    field: "discount",
    type: "quantitative",
    title: "discount factor δ",
    scale: { domain: [deltas.from, deltas.to] as number[], nice: false },
  } as const;
  const ratio = { field: "ratio", type: "ordinal", title: "price p / p*", scale: { scheme: "dark2" } } as const;
  return {
    ...specHeader(options.title ?? LEMMA4_TITLE, lemma4Caption(data)),
    layer: [
      {
        data: { values: data.thresholds },
        mark: { type: "rule", strokeDash: [4, 4], strokeWidth: 1.5 },
        encoding: { x: { ...discount, field: "threshold" }, color: ratio },
      },
      {
        data: { values: data.curves },
        mark: { type: "line", interpolate: "step", strokeWidth: 2, clip: true },
        encoding: {
          x: discount,
          y: {
            field: "horizon",
            type: "quantitative",
            title: "trade-off horizon T̂(p, δ) (periods)",
            scale: logScale ? { type: "log" } : { zero: true },
          },
          color: ratio,
          tooltip: [{ field: "ratio" }, { field: "discount", format: ".4f" }, { field: "horizon" }],
        },
      },
    ],
  };
}

/**
 * Lemma 4's figure as a {@link Figure}: id "lemma4".
 *
 * @throws as {@link lemma4Data}.
 */
export function lemma4Figure(params: Lemma4Params, meta: { config: string; seed: number | null }): Figure {
  const data = lemma4Data(params);
  return { id: "lemma4", title: LEMMA4_TITLE, caption: lemma4Caption(data), config: meta.config, seed: meta.seed, spec: lemma4Spec(data) };
}
