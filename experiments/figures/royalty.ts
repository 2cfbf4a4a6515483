/**
 * Royalty against flat-rate revenue (MODEL §8 L6, B.1): for each seller of random heterogeneous
 * markets, the revenue of its optimal royalty rate against that of its optimal flat price, both facing
 * the MWPs at Algorithm 1's fairshare prices. Computed from the theory alone: no simulation.
 */
import { royaltyFlatRatios, type RoyaltyFlatRow } from "../../theory/royaltyVsFlat.js";
import { specHeader, type Figure, type TopLevelSpec } from "../figure.js";
import type { RoyaltyParams } from "../theoryConfigs.js";

/**
 * Royalty revenue counts as equal to the flat one within this relative difference. B.1's ties
 * (`α*·V = p*`, one buyer served) come out up to an ulp apart: measured 1.5e-16 on 200 markets of seed
 * 2025; a genuine difference is a share of a price, many orders above.
 */
export const TIE_TOLERANCE = 1e-12;

/** The label of the line `y = x` sits this far up it, just right of and below it, clear of the plot's corner. */
const DIAGONAL_LABEL_AT = 0.9;

/** The figure's title (MODEL §8 B.1). */
const ROYALTY_TITLE = "Remark B.1: royalty against flat-rate revenue, one point per seller";

export const AT_LEAST_FLAT = "royalty ≥ flat";
export const BELOW_FLAT = "royalty < flat";
export const CONVERGED = "converged";
export const CYCLED = "not converged";

/** One seller of one drawn market, with how it compares and whether Algorithm 1 converged. */
export interface RoyaltyPoint extends RoyaltyFlatRow {
  outcome: typeof AT_LEAST_FLAT | typeof BELOW_FLAT;
  algorithm1: typeof CONVERGED | typeof CYCLED;
}

export interface RoyaltySummary {
  markets: number;
  sellers: number;
  /** Sellers whose royalty revenue is at least the flat one (within {@link TIE_TOLERANCE}). */
  atLeastFlat: number;
  /** Of those, the ones where the two agree. */
  equal: number;
  /** Markets whose Algorithm 1 run did not converge. */
  cycledMarkets: number;
}

export interface RoyaltyData {
  points: RoyaltyPoint[];
  /** The line `y = x` across the plot: two rows. */
  diagonal: Array<{ flatRevenue: number; royaltyRevenue: number }>;
  /** Where the line's label "y = x" sits: one row, at 90% of the way up the line. */
  diagonalLabel: Array<{ flatRevenue: number; royaltyRevenue: number; label: string }>;
  summary: RoyaltySummary;
  params: RoyaltyParams;
}

/** Royalty at least flat, ties within {@link TIE_TOLERANCE} included. */
function atLeastFlat(row: RoyaltyFlatRow): boolean {
  return row.royaltyRevenue >= row.flatRevenue * (1 - TIE_TOLERANCE);
}

/**
 * The figure's rows from `royaltyFlatRatios` rows: each tagged with its outcome and with whether
 * Algorithm 1 converged, plus the summary the caption states.
 *
 * - No rows: no points, every count 0, and the diagonal from 0 to 1.
 *
 * Cost: O(rows).
 *
 * @example royaltyRows([{ market: 0, seller: 0, buyers: 2, converged: true, price: 3, flatRevenue: 6, rate: 0.5, royaltyRevenue: 6.5, ratio: 6.5 / 6 }], { seed: 1, markets: 1 }).summary.atLeastFlat // => 1
 */
export function royaltyRows(rows: ReadonlyArray<RoyaltyFlatRow>, params: RoyaltyParams): RoyaltyData {
  const points: RoyaltyPoint[] = rows.map((row) => ({
    ...row,
    outcome: atLeastFlat(row) ? AT_LEAST_FLAT : BELOW_FLAT,
    algorithm1: row.converged ? CONVERGED : CYCLED,
  }));
  const top = Math.max(0, ...points.flatMap((p) => [p.flatRevenue, p.royaltyRevenue]));
  const end = top > 0 ? top : 1;
  const markets = new Set(points.map((p) => p.market));
  const cycled = new Set(points.filter((p) => !p.converged).map((p) => p.market));
  const summary: RoyaltySummary = {
    markets: markets.size,
    sellers: points.length,
    atLeastFlat: points.filter((p) => p.outcome === AT_LEAST_FLAT).length,
    equal: points.filter((p) => Math.abs(p.royaltyRevenue - p.flatRevenue) <= TIE_TOLERANCE * p.flatRevenue).length,
    cycledMarkets: cycled.size,
  };
  return {
    points,
    diagonal: [
      { flatRevenue: 0, royaltyRevenue: 0 },
      { flatRevenue: end, royaltyRevenue: end },
    ],
    diagonalLabel: [{ flatRevenue: DIAGONAL_LABEL_AT * end, royaltyRevenue: DIAGONAL_LABEL_AT * end, label: "y = x" }],
    summary,
    params,
  };
}

/**
 * The royalty figure's data: `royaltyFlatRatios(seed, { markets })` (MODEL §8 B.1: random markets of
 * 2–4 buyers and 2–6 sellers, Algorithm 1's prices, each seller's optimal flat and royalty revenue
 * against its MWPs), tagged by {@link royaltyRows}.
 *
 * Cost: `markets` runs of Algorithm 1.
 *
 * @example royaltyData({ seed: 2025, markets: 5 }).summary.markets // => 5
 */
export function royaltyData(params: RoyaltyParams): RoyaltyData {
  return royaltyRows(royaltyFlatRatios(params.seed, { markets: params.markets }), params);
}

/** Percent with one decimal. */
function percent(part: number, whole: number): string {
  return whole === 0 ? "0%" : `${((100 * part) / whole).toFixed(1)}%`;
}

/** The caption: what is compared, over how many markets, and the share where royalty earns at least as much. */
export function royaltyCaption(data: RoyaltyData): string {
  const s = data.summary;
  return (
    `Optimal royalty revenue R(α*) = α*·Σ_{b : a_b ≥ α*} V_b (L6) against optimal flat-rate revenue R(p*) = p*·#{b : m_b ≥ p*} (L2), ` +
    `one point per seller of ${s.markets} random markets of 2–4 buyers and 2–6 sellers (seed ${data.params.seed}), ` +
    `each seller facing its buyers' MWPs at Algorithm 1's fairshare prices (MODEL §8 B.1). ` +
    `Royalty earns at least the flat rate for ${s.atLeastFlat} of ${s.sellers} sellers (${percent(s.atLeastFlat, s.sellers)}), ` +
    `${s.equal} of them exactly as much (on the line y = x, as B.1 says for one buyer or identical buyers); ` +
    `below the line, the flat rate earns more. ` +
    `Algorithm 1 did not converge in ${s.cycledMarkets} of ${s.markets} markets; their sellers (crosses) use its last sweep's prices.`
  );
}

/**
 * The royalty figure's Vega-Lite spec: a scatter of flat (x) against royalty (y) revenue, colour by
 * outcome, shape by whether Algorithm 1 converged, with the line `y = x`. The caption goes in
 * `description`.
 */
export function royaltySpec(data: RoyaltyData, options: { title?: string } = {}): TopLevelSpec {
  const end = data.diagonal[1].flatRevenue;
  const flat = { field: "flatRevenue", type: "quantitative", title: "flat-rate revenue R(p*) ($ per period)", scale: { domain: [0, end] as number[] } } as const;
  const royalty = { field: "royaltyRevenue", type: "quantitative", title: "royalty revenue R(α*) ($ per period)", scale: { domain: [0, end] as number[] } } as const;
  return {
    ...specHeader(options.title ?? ROYALTY_TITLE, royaltyCaption(data)),
    layer: [
      {
        data: { values: data.diagonal },
        mark: { type: "line", color: "#555", strokeDash: [6, 4] },
        encoding: { x: flat, y: royalty },
      },
      {
        data: { values: data.diagonalLabel },
        mark: { type: "text", align: "left", baseline: "top", dx: 8, dy: 4, fontSize: 12, color: "#333" },
        encoding: { x: flat, y: royalty, text: { field: "label" } },
      },
      {
        data: { values: data.points },
        mark: { type: "point", filled: false, size: 36, opacity: 0.75, strokeWidth: 1.5 },
        encoding: {
          x: flat,
          y: royalty,
          color: {
            field: "outcome",
            type: "nominal",
            title: "revenue",
            scale: { domain: [AT_LEAST_FLAT, BELOW_FLAT], range: ["#1f77b4", "#d62728"] },
          },
          shape: {
            field: "algorithm1",
            type: "nominal",
            title: "Algorithm 1",
            scale: { domain: [CONVERGED, CYCLED], range: ["circle", "cross"] },
          },
          tooltip: [
            { field: "market" },
            { field: "seller" },
            { field: "buyers" },
            { field: "price", format: ".3f" },
            { field: "rate", format: ".3f" },
            { field: "ratio", format: ".3f" },
          ],
        },
      },
    ],
  };
}

/**
 * The royalty figure as a {@link Figure}: id "royalty". Its seed is `params.seed`, the one that drew the
 * markets; `meta.seed` is not used, so the manifest cannot name a seed that did not make the figure.
 *
 * @throws as `royaltyFlatRatios` (an invalid seed or market count).
 */
export function royaltyFigure(params: RoyaltyParams, meta: { config: string; seed: number }): Figure {
  const data = royaltyData(params);
  return { id: "royalty", title: ROYALTY_TITLE, caption: royaltyCaption(data), config: meta.config, seed: params.seed, spec: royaltySpec(data) };
}
