/**
 * Fig. 3 (MODEL §9): the buyer's cumulative net utility as a function of the price, for several
 * horizons `T`; one buyer, one seller (MODEL §5). Computed from the theory alone: no simulation.
 */
import { bestPrice } from "../../theory/bestPrice.js";
import { cumulativeUtility, type OneBuyerMarket } from "../../theory/oneBuyerMarket.js";
import { parseParticipation } from "../../theory/participation.js";
import { specHeader, type Figure, type TopLevelSpec } from "../figure.js";
import type { Fig3Params } from "../theoryConfigs.js";

/** Grid points on `[c, V]` when the params give none: about one every 1.5 px of a 600-px plot. */
const DEFAULT_POINTS = 400;

/**
 * Just below `p*`, as a share of `V − c`: far below a pixel, far above rounding. `r(p)` jumps to 1 at
 * `p*` (MODEL §5), so the curve can jump there (e.g. `gap:ρ̄:γ`); a point just below draws the jump
 * upright instead of as a slope across the last grid cell.
 */
const BELOW_FAIR_PRICE = 1e-9;

/** The figure's title (MODEL §9 Fig. 3). */
const FIG3_TITLE = "Fig. 3: buyer's cumulative utility against the price (one buyer, one seller)";

/** One point of one curve: `U_T(p)` at price `p` for horizon `T`. */
export interface Fig3Row {
  price: number;
  periods: number;
  utility: number;
}

/** The buyer's best stationary price for one horizon (`bestPrice`, MODEL §8 L3), a point on that curve. */
export interface Fig3Best extends Fig3Row {
  label: string;
}

export interface Fig3Data {
  /** Every curve, by horizon in the params' order, each by increasing price. */
  curves: Fig3Row[];
  /** The best price of each curve, by `bestPrice` (ties to `p*`). */
  best: Fig3Best[];
  /** The fairshare price marker: one row. */
  fairPrice: Array<{ price: number; label: string }>;
  params: Fig3Params;
}

/** The one-buyer one-seller market of the params (MODEL §5). */
function marketOf(params: Fig3Params): OneBuyerMarket {
  return {
    value: params.value,
    fairPrice: params.fairPrice,
    cost: params.cost,
    discount: params.discount,
    participation: parseParticipation(params.rho),
  };
}

/**
 * The prices of the grid: `points` evenly spaced on `[c, V]`, `p*` exactly, and a point just below `p*`.
 * Sorted, without repeats.
 */
export function fig3Prices(params: Fig3Params): number[] {
  const { cost, value, fairPrice } = params;
  const points = params.points ?? DEFAULT_POINTS;
  const grid = Array.from({ length: points }, (_, i) => (i === points - 1 ? value : cost + ((value - cost) * i) / (points - 1)));
  grid.push(fairPrice, fairPrice - BELOW_FAIR_PRICE * (value - cost));
  return [...new Set(grid)].sort((a, b) => a - b);
}

/**
 * Fig. 3's data: `U_T(p) = (V − p)·Σ_{t=1..T} (δ r(p))^{t−1}` (MODEL §5, `cumulativeUtility`) on the
 * grid of `fig3Prices`, for each horizon `T` of the params.
 *
 * - `p*` is on the grid exactly: `r(p) = 1` from `p*` on, so the curve has a kink, or a jump, there.
 * - Each curve's best price is `bestPrice(market, T)` (MODEL §8 L3), not a grid maximum: the dot sits
 *   on the true peak even between grid points.
 * - `U_T(V) = 0` for every `T`.
 *
 * Cost: O(points · horizons).
 *
 * @example fig3Data({ value: 10, fairPrice: 6, cost: 1, discount: 0.9, rho: "power:0.5", horizons: [1], points: 10 }).curves[0] // => { price: 1, periods: 1, utility: 9 }
 * @throws RangeError for a market outside MODEL §5's ranges or a horizon that is not a non-negative
 *   integer; ParticipationError for a `rho` spec that does not parse or breaks A2.
 */
export function fig3Data(params: Fig3Params): Fig3Data {
  const market = marketOf(params);
  const prices = fig3Prices(params);
  const curves = params.horizons.flatMap((periods) => prices.map((price) => ({ price, periods, utility: cumulativeUtility(market, price, periods) })));
  const best = params.horizons.map((periods) => ({ ...bestPrice(market, periods), periods, label: `best p for T = ${periods}` }));
  return { curves, best, fairPrice: [{ price: params.fairPrice, label: `p* = ${params.fairPrice}` }], params };
}

/** The caption: MODEL §9's, the market, and where each curve peaks. */
export function fig3Caption(data: Fig3Data): string {
  const { value, fairPrice, cost, discount, rho } = data.params;
  const peaks = data.best.map((b) => `T = ${b.periods}: ${b.price === fairPrice ? "p*" : `p = ${b.price.toFixed(2)}`}`).join("; ");
  const shortest = data.best.reduce((a, b) => (b.periods < a.periods ? b : a), data.best[0]);
  const longest = data.best.reduce((a, b) => (b.periods > a.periods ? b : a), data.best[0]);
  // Said only when this market shows it: with δ below L3's δ̲ the best price can stay below p* for every T.
  const reading =
    data.best.length > 0 && shortest.price < fairPrice && longest.price === fairPrice
      ? ": a low price wins over a short horizon, the fairshare price p* (dashed rule) over a long one."
      : "; the dashed rule marks p*.";
  return (
    `The buyer's cumulative net utility U_T(p) = (V − p)·Σ_{t=1..T} (δ·r(p))^{t−1} as a function of a stationary price p ∈ [c, V], ` +
    `for T = ${data.params.horizons.join(", ")}; one buyer, one seller (MODEL §5, §9 Fig. 3). ` +
    `V = ${value}, p* = ${fairPrice}, c = ${cost}, δ = ${discount}, ρ = ${rho}; the seller stays with probability r(p) = ρ(p/p*) ` +
    `below p* and 1 from p* on. Dots mark each curve's best price (${peaks})${reading}`
  );
}

/**
 * Fig. 3's Vega-Lite spec: one line per horizon (colour by `T`, ordinal), a dot at each curve's best
 * price, and a dashed rule labelled `p*`. The caption goes in `description`.
 */
export function fig3Spec(data: Fig3Data, options: { title?: string } = {}): TopLevelSpec {
  const { cost, value } = data.params;
  const price = { field: "price", type: "quantitative", title: "price p ($ per period)", scale: { domain: [cost, value] as number[], nice: false } } as const;
  const periods = {
    field: "periods",
    type: "ordinal",
    title: "horizon T (periods)",
    scale: { scheme: "viridis", reverse: true },
  } as const;
  return {
    ...specHeader(options.title ?? FIG3_TITLE, fig3Caption(data)),
    layer: [
      {
        data: { values: data.fairPrice },
        mark: { type: "rule", color: "#555", strokeDash: [6, 4] },
        encoding: { x: price },
      },
      {
        data: { values: data.fairPrice },
        mark: { type: "text", align: "left", dx: 4, y: 8, fontSize: 12, color: "#333" },
        encoding: { x: { field: "price", type: "quantitative" }, text: { field: "label" } },
      },
      {
        data: { values: data.curves },
        mark: { type: "line", strokeWidth: 2 },
        encoding: {
          x: price,
          y: { field: "utility", type: "quantitative", title: "cumulative utility U_T(p) ($)" },
          color: periods,
        },
      },
      {
        data: { values: data.best },
        mark: { type: "point", filled: true, size: 70, stroke: "black", strokeWidth: 1 },
        encoding: {
          x: { field: "price", type: "quantitative" },
          y: { field: "utility", type: "quantitative" },
          color: periods,
          tooltip: [{ field: "label" }, { field: "price", format: ".3f" }, { field: "utility", format: ".3f" }],
        },
      },
    ],
  };
}

/**
 * Fig. 3 as a {@link Figure}: id "fig3".
 *
 * @throws as {@link fig3Data}.
 */
export function fig3Figure(params: Fig3Params, meta: { config: string; seed: number | null }): Figure {
  const data = fig3Data(params);
  return { id: "fig3", title: FIG3_TITLE, caption: fig3Caption(data), config: meta.config, seed: meta.seed, spec: fig3Spec(data) };
}
