/**
 * Fig. 2c, 2d (MODEL §9): the profit of sellers S1 and S2 against their own price, with the buyers'
 * MWPs and the fairshare price marked (MODEL §2, §3, §8 L2). Computed from one period's market and its
 * fairshare prices; the simulation that supplies them is not rerun here.
 */
import { nextUp } from "../../theory/adjacentDouble.js";
import { fairPrice, revenueAtPrice } from "../../theory/fairPrice.js";
import type { Market } from "../../theory/market.js";
import { mwpColumn } from "../../theory/mwp.js";
import { DEFAULT_MONEY_DECIMALS, fromUnits } from "../../theory/money.js";
import { specHeader, type Figure, type TopLevelSpec } from "../figure.js";

/** Evenly spaced prices on `[0, 1.15·max m]`, before the breakpoints are added. */
const GRID_POINTS = 400;
/** The price axis runs 15% past the highest MWP, so the last drop is visible. */
const HEADROOM = 1.15;
/** Price range when every MWP is 0 (nobody buys at any positive price). */
const EMPTY_RANGE = 1;
/**
 * Labels of MWPs closer than this share of the price range are stacked: at 600 px, 8% is 48 px, the
 * width of a label such as "B12".
 */
const LABEL_GAP = 0.08;
/** Pixels between stacked labels: one 12-px line and a little air. */
const LABEL_LINE = 15;

/** Room above the profit curve for the labels, as a share of its range: one line, then more per stacked line. */
const LABEL_ROOM = 0.12;
const LABEL_ROOM_PER_LEVEL = 0.05;
/** Room below the curve, so its flat `−c` tail does not run along the axis. */
const BELOW_CURVE = 0.04;

/** One point of the profit curve: `q·#{b : m_b ≥ q} − c_j` (MODEL §3) and the buyers served. */
export interface ProfitRow {
  price: number;
  profit: number;
  buyers: number;
}

/** A buyer's MWP for the seller's data, and the line its label sits on (0 at the top). */
export interface MwpMarker {
  buyer: string;
  mwp: number;
  level: number;
}

export interface Fig2cdData {
  seller: string;
  cost: number;
  /** Profit by increasing price; at each MWP `m`, a row at `m` and one at the next double above it. */
  curve: ProfitRow[];
  /** One per buyer, in buyer order. */
  mwps: MwpMarker[];
  /** The fairshare price `p* = fairPrice(m)` and its profit: one row. */
  fairPrice: Array<{ price: number; profit: number; label: string }>;
  /** The price axis: `[0, 1.15·max m]` (`[0, 1]` when every MWP is 0). */
  domain: [number, number];
  /** The profit axis: the curve's range, with room above for the buyers' labels. */
  profitDomain: [number, number];
}

/**
 * Stacks labels that would overlap: markers sorted by MWP, each one placed a line below the previous
 * when closer than {@link LABEL_GAP} of the range. Buyers with equal MWPs get separate lines.
 */
function labelLevels(mwps: ReadonlyArray<number>, range: number): number[] {
  const order = mwps.map((m, b) => ({ m, b })).sort((x, y) => x.m - y.m || x.b - y.b);
  const levels = new Array<number>(mwps.length).fill(0);
  order.forEach(({ m, b }, i) => {
    if (i > 0 && m - order[i - 1].m < LABEL_GAP * range) levels[b] = levels[order[i - 1].b] + 1;
  });
  return levels;
}

/**
 * Fig. 2c/2d's data for one seller: its MWPs `m = mwpColumn(market, prices, seller)` (MODEL §2, the
 * other sellers at `prices`), `p* = fairPrice(m)` (MODEL §3, §8 L2), and its profit
 * `R(q) − c = q·#{b : m_b ≥ q} − c` sampled exactly as a step function of its price q.
 *
 * - The market and prices are in whole money units of `10^−decimals` (MODEL §2); the data is in the
 *   currency, as the figure shows it.
 * - Sampling: 400 evenly spaced prices on `[0, 1.15·max m]`, every MWP `m_b`, and the next double above
 *   each `m_b`, where buyer b stops buying: the profit drops there, and the row pair draws the drop
 *   upright. Between breakpoints the profit is linear, so a line through the rows is the exact curve.
 * - Every MWP 0: the range is `[0, 1]`, the profit `−c` except `0 − c` at q = 0, and `p* = 0`.
 * - Seller j's own entry of `prices` is ignored (MODEL §2: `MWP_bj` depends on `p_−j`).
 *
 * Cost: M MWPs (see `mwpColumn`) and O((400 + M)·M) for the curve.
 *
 * @example fig2cdData({ buyers: [{ id: "B1", budget: 9 }], sellers: [{ id: "S1", cost: 1 }, { id: "S2", cost: 0 }], values: [[4, 2]] }, [4, 2], 0, 0).fairPrice // => [{ price: 4, profit: 3, label: "p* = 4.00" }]
 * @throws RangeError when `seller` is not an index of `market.sellers`, `prices` does not have one
 *   entry per seller, or (from `mwpColumn`) a value or price is negative or not finite.
 */
export function fig2cdData(market: Market, prices: ReadonlyArray<number>, seller: number, decimals: number = DEFAULT_MONEY_DECIMALS): Fig2cdData {
  if (!(Number.isInteger(seller) && seller >= 0 && seller < market.sellers.length)) {
    throw new RangeError(`fig2cdData: seller index ${seller} is not one of the market's ${market.sellers.length} sellers`);
  }
  if (prices.length !== market.sellers.length) {
    throw new RangeError(`fig2cdData: ${prices.length} prices for ${market.sellers.length} sellers`);
  }
  const { id } = market.sellers[seller];
  const money = (units: number) => fromUnits(units, decimals);
  const cost = money(market.sellers[seller].cost);
  const unitMwps = mwpColumn(market, prices, seller);
  const mwps = unitMwps.map(money);
  const price = money(fairPrice(unitMwps));
  const top = Math.max(0, ...mwps);
  const end = top > 0 ? HEADROOM * top : EMPTY_RANGE;
  const grid = Array.from({ length: GRID_POINTS + 1 }, (_, i) => (i === GRID_POINTS ? end : (end * i) / GRID_POINTS));
  const breakpoints = mwps.flatMap((m) => [m, nextUp(m)]);
  const curve = [...new Set([...grid, ...breakpoints])]
    .sort((a, b) => a - b)
    .map((q) => ({ price: q, profit: revenueAtPrice(mwps, q) - cost, buyers: mwps.filter((m) => m >= q).length }));
  const levels = labelLevels(mwps, end);
  const profits = curve.map((row) => row.profit);
  const low = Math.min(0, ...profits);
  const high = Math.max(0, ...profits);
  const span = high - low > 0 ? high - low : 1;
  return {
    seller: id,
    cost,
    curve,
    mwps: mwps.map((mwp, b) => ({ buyer: market.buyers[b].id, mwp, level: levels[b] })),
    fairPrice: [{ price, profit: revenueAtPrice(mwps, price) - cost, label: `p* = ${price.toFixed(2)}` }],
    domain: [0, end],
    profitDomain: [low - BELOW_CURVE * span, high + (LABEL_ROOM + LABEL_ROOM_PER_LEVEL * Math.max(...levels, 0)) * span],
  };
}

/** The caption: MODEL §9's, what the rules mark, and the numbers. */
export function fig2cdCaption(data: Fig2cdData): string {
  const [star] = data.fairPrice;
  const mwps = data.mwps.map((m) => `${m.buyer} ${m.mwp.toFixed(2)}`).join(", ");
  return (
    `Profit q·#{b : m_b ≥ q} − c of seller ${data.seller} (cost c = ${data.cost.toFixed(2)}) against its own price q, ` +
    `the other sellers at their fairshare prices of the period (MODEL §3, §9 Fig. 2c–d). ` +
    `Dotted rules: the buyers' marginal willingness to pay m_b for its data (${mwps}); the profit drops at each, ` +
    `where that buyer stops buying. Red dashed rule and dot: the fairshare price p* = ${star.price.toFixed(2)}, profit ${star.profit.toFixed(2)}, ` +
    `the lowest revenue-maximising price, which is always one of the MWPs (Lemma 2).`
  );
}

/**
 * Fig. 2c/2d's Vega-Lite spec: the profit line, a dotted rule at each buyer's MWP labelled with its id
 * at the top (stacked where labels would overlap), a red rule, dot and label at `p*`, and a rule at
 * zero profit. The caption goes in `description`.
 */
export function fig2cdSpec(data: Fig2cdData, options: { title: string }): TopLevelSpec {
  const price = { field: "price", type: "quantitative", title: "price q ($)", scale: { domain: data.domain, nice: false } } as const;
  const mwp = { ...price, field: "mwp" } as const;
  const profit = { field: "profit", type: "quantitative", title: "profit q·#{b : m_b ≥ q} − c ($)", scale: { domain: data.profitDomain } } as const;
  const levels = [...new Set(data.mwps.map((m) => m.level))].sort((a, b) => a - b);
  return {
    ...specHeader(options.title, fig2cdCaption(data)),
    layer: [
      { data: { values: [{}] }, mark: { type: "rule", color: "#999" }, encoding: { y: { datum: 0, type: "quantitative" } } },
      {
        data: { values: data.mwps },
        mark: { type: "rule", color: "#555", strokeDash: [2, 3], strokeWidth: 1.5 },
        encoding: { x: mwp },
      },
      ...levels.map((level) => ({
        data: { values: data.mwps.filter((m) => m.level === level) },
        mark: { type: "text" as const, align: "left" as const, baseline: "top" as const, dx: 4, y: 4 + LABEL_LINE * level, fontSize: 12, color: "#333" },
        encoding: { x: mwp, text: { field: "buyer" } },
      })),
      {
        data: { values: data.fairPrice },
        mark: { type: "rule", color: "#d62728", strokeDash: [8, 4], strokeWidth: 1.5 },
        encoding: { x: price },
      },
      {
        data: { values: data.curve },
        mark: { type: "line", strokeWidth: 2, color: "#1f77b4" },
        encoding: {
          x: price,
          y: profit,
          tooltip: [{ field: "price", format: ".3f" }, { field: "profit", format: ".3f" }, { field: "buyers" }],
        },
      },
      {
        data: { values: data.fairPrice },
        mark: { type: "point", filled: true, size: 80, color: "#d62728" },
        encoding: { x: price, y: profit },
      },
      {
        data: { values: data.fairPrice },
        mark: { type: "text", align: "left", baseline: "middle", dx: 8, fontSize: 12, fontWeight: "bold", color: "#d62728" },
        encoding: { x: price, y: profit, text: { field: "label" } },
      },
    ],
  };
}

/**
 * Fig. 2c and 2d as {@link Figure}s: the profit of the first and of the second seller (ids "fig2c",
 * "fig2d"), each against the other sellers' fairshare prices of the same period.
 *
 * @throws RangeError for a market with fewer than 2 sellers, and as {@link fig2cdData}.
 */
export function fig2cdFigures(market: Market, prices: ReadonlyArray<number>, meta: { config: string; seed: number }, decimals: number = DEFAULT_MONEY_DECIMALS): [Figure, Figure] {
  if (market.sellers.length < 2) {
    throw new RangeError(`fig2cdFigures: Fig. 2c–d need at least 2 sellers, got ${market.sellers.length}`);
  }
  const figure = (seller: number, id: string, panel: string): Figure => {
    const data = fig2cdData(market, prices, seller, decimals);
    const title = `Fig. 2${panel}: profit of seller ${data.seller} against its price`;
    return { id, title, caption: fig2cdCaption(data), config: meta.config, seed: meta.seed, spec: fig2cdSpec(data, { title }) };
  };
  return [figure(0, "fig2c", "c"), figure(1, "fig2d", "d")];
}
