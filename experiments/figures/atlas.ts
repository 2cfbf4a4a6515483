/**
 * The atlas's figures (issue #14): heat maps whose cells are sweep points, one view per buyer (or per
 * sellers' metric), coloured by the verdict of a paired difference or by the empirical trade-off
 * horizon, with the one-buyer theory's curves drawn over them. Data (atlasData.ts's panels) → rows →
 * Vega-Lite spec; the shared renderer draws it.
 */
import type { AtlasAxis, AtlasCellVerdict, AtlasPanel } from "../atlasData.js";
import { specHeader, type Figure, type TopLevelSpec } from "../figure.js";
import type { SweepVerdict } from "../sweepVerdicts.js";
import { formatNumber } from "./studyFindings.js";

/** The verdicts' fixed colours: blue holds, grey not resolved, orange reversed (told apart without hue too). */
export const VERDICT_COLOURS: Readonly<Record<SweepVerdict, string>> = {
  holds: "#67a9cf",
  "not resolved": "#e0e0e0",
  reversed: "#ef8a62",
  "not testable here": "#ffffff",
};
const VERDICT_ORDER: ReadonlyArray<SweepVerdict> = ["holds", "not resolved", "reversed", "not testable here"];

/** The colour of a point where fairshare is not ahead at T (atlasHorizon). */
export const NOT_BY_T_COLOUR = "#bdbdbd";

/** Size of one view (a buyer's or a metric's heat map). */
const VIEW = { width: 300, height: 260 } as const;

/** One heat-map cell as drawn: its place in index space (equal cells, whatever the grid's spacing) and what it shows. */
export interface AtlasHeatRow {
  /** The view: a buyer's id, or a sellers' metric. */
  view: string;
  x: number;
  y: number;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  verdict: SweepVerdict;
  /** The paired difference's mean and 95% interval at T; null where there is none (`horizon` cells). */
  mean: number | null;
  low: number | null;
  high: number | null;
  /** The empirical T̂ (atlasHorizon), null when not by T; null on other panels too. */
  horizon: number | null;
  /** The one-buyer theory's T̂ at the point, null when infinite or not drawn. */
  theoryHorizon: number | null;
  /** The text in the cell. */
  label: string;
}

/** One point of a theory line, in the heat map's index space. */
export interface AtlasLineRow {
  line: string;
  /** η and δ of the point, and their index-space positions. */
  parameter: number;
  discount: number;
  x: number;
  y: number;
}

/** The axis's values in increasing order: cell k is centred on index k. */
const sortedValues = (a: AtlasAxis): number[] => [...new Set(a.values)].sort((p, q) => p - q);

/**
 * A value's position on an axis drawn in index space: the grid's k-th value at k, linear in between, and
 * extended linearly past the ends (the views clip what falls outside).
 */
export function indexOf(values: ReadonlyArray<number>, value: number): number {
  if (values.length === 1) return 0;
  let k = 0;
  while (k < values.length - 2 && value > values[k + 1]) k += 1;
  return k + (value - values[k]) / (values[k + 1] - values[k]);
}

/** Views of a panel: its buyers for a buyer's metric, its metrics for the sellers'. */
const viewOf = (cell: AtlasCellVerdict): string => cell.buyer ?? cell.metric;

const sign = (x: number) => `${x > 0 ? "+" : ""}${formatNumber(x)}`;

/**
 * The panel's cells as heat-map rows, in the panel's cell order.
 *
 * - A `horizon` cell's label is its T̂, or "—" when not by T; any other cell's is the mean difference.
 *
 * @example atlasHeatRows(panel)[0].x0 // => -0.5
 */
export function atlasHeatRows(panel: AtlasPanel): AtlasHeatRow[] {
  const xs = sortedValues(panel.x);
  const ys = sortedValues(panel.y);
  return panel.cells.map((cell) => {
    const x = xs.indexOf(cell.x);
    const y = ys.indexOf(cell.y);
    const horizon = cell.metric === "horizon" ? (cell.horizon ?? null) : null;
    const label = cell.metric === "horizon" ? (horizon === null ? "—" : String(horizon)) : cell.difference === null ? "—" : sign(cell.difference.mean);
    return {
      view: viewOf(cell), x, y, x0: x - 0.5, x1: x + 0.5, y0: y - 0.5, y1: y + 0.5, verdict: cell.verdict,
      mean: cell.difference?.mean ?? null, low: cell.difference?.low ?? null, high: cell.difference?.high ?? null,
      horizon, theoryHorizon: cell.theoryHorizon ?? null, label,
    };
  });
}

/**
 * A polyline cut to `low ≤ x ≤ high`: the points inside, and where a segment crosses a bound, the
 * crossing (interpolated linearly in every field). So the views need no clip path, whose generated ids
 * would make a figure's SVG depend on what was rendered before it in the process.
 */
function clipToRange(points: ReadonlyArray<AtlasLineRow>, low: number, high: number): AtlasLineRow[] {
  const inside = (p: AtlasLineRow) => p.x >= low && p.x <= high;
  const between = (p: AtlasLineRow, q: AtlasLineRow, x: number): AtlasLineRow => {
    const s = (x - p.x) / (q.x - p.x);
    const mix = (a: number, b: number) => a + s * (b - a);
    return { line: p.line, parameter: mix(p.parameter, q.parameter), discount: mix(p.discount, q.discount), x, y: mix(p.y, q.y) };
  };
  const out: AtlasLineRow[] = [];
  points.forEach((p, k) => {
    const q = points[k - 1];
    if (q !== undefined && inside(p) !== inside(q)) out.push(between(q, p, (inside(p) ? q.x : p.x) < low ? low : high));
    if (inside(p)) out.push(p);
  });
  return out;
}

/**
 * The panel's theory lines in index space (δ across, η up), each cut to the plot's x range (the cells'
 * outer edges); none when the panel has no theory.
 */
export function atlasLineRows(panel: AtlasPanel): AtlasLineRow[] {
  const xs = sortedValues(panel.x);
  const ys = sortedValues(panel.y);
  return (panel.theory ?? []).flatMap(({ label, points }) =>
    clipToRange(points.map(({ parameter, discount }) => ({ line: label, parameter, discount, x: indexOf(xs, discount), y: indexOf(ys, parameter) })), -0.5, xs.length - 0.5),
  );
}

/** A position channel over index space, ticked and labelled with the grid's values. */
function indexChannel(a: AtlasAxis, field: string, label: (v: number) => string = String) {
  const values = sortedValues(a);
  const labels = JSON.stringify(values.map(label));
  return {
    field,
    type: "quantitative",
    title: a.label,
    scale: { domain: [-0.5, values.length - 0.5] as number[], nice: false, zero: false },
    axis: { values: values.map((_, k) => k), labelExpr: `${labels}[datum.value]`, grid: false },
  };
}

/** The layers that draw the theory's lines: a white halo under a black line, solid or dashed by line. */
function theoryLayers(lines: ReadonlyArray<AtlasLineRow>, x: ReturnType<typeof indexChannel>, y: ReturnType<typeof indexChannel>) {
  if (lines.length === 0) return [];
  const names = [...new Set(lines.map((l) => l.line))];
  const position = { x: { ...x, field: "x" }, y: { ...y, field: "y" }, order: { field: "parameter", type: "quantitative" } } as const;
  return [
    { data: { values: [...lines] }, mark: { type: "line", color: "white", strokeWidth: 5 }, encoding: { ...position, detail: { field: "line", type: "nominal" } } },
    {
      data: { values: [...lines] },
      mark: { type: "line", color: "black", strokeWidth: 2 },
      encoding: { ...position, strokeDash: { field: "line", type: "nominal", title: "one-buyer theory (p = c)", scale: { domain: names, range: [[5, 4], [1, 0]] }, legend: { orient: "bottom", direction: "vertical" } } },
    },
  ];
}

interface HeatOptions {
  title: string;
  caption: string;
  /** The title of each view, by view key (a buyer's id or a metric). */
  viewTitles: Record<string, string>;
  yLabel?: (v: number) => string;
}

/**
 * A panel's spec: one view per buyer (or metric) side by side, each a layer of the cells (rect, coloured
 * by verdict or, on atlasHorizon, by T̂ with a separate colour for "not by T"), the theory's lines, and
 * the cells' numbers on top. Scales and legends are shared across the views.
 */
export function atlasSpec(panel: AtlasPanel, heat: ReadonlyArray<AtlasHeatRow>, lines: ReadonlyArray<AtlasLineRow>, options: HeatOptions): TopLevelSpec {
  const x = indexChannel(panel.x, "x");
  const y = indexChannel(panel.y, "y", options.yLabel);
  const cellPosition = { x: { ...x, field: "x0" }, x2: { field: "x1" }, y: { ...y, field: "y0" }, y2: { field: "y1" } } as const;
  const tooltip = [{ field: "verdict" }, { field: "mean", format: ".4~g" }, { field: "low", format: ".4~g" }, { field: "high", format: ".4~g" }, { field: "horizon" }, { field: "theoryHorizon" }];
  const horizonPanel = panel.id === "atlasHorizon";
  const present = new Set(heat.map((r) => r.verdict));
  const verdicts = VERDICT_ORDER.filter((v) => v !== "not testable here" || present.has(v));
  const notByT = `not by T = ${panel.periods}`;
  const cellLayers = (rows: AtlasHeatRow[]) => {
    if (!horizonPanel) {
      return [{
        data: { values: rows },
        mark: { type: "rect", stroke: "white", strokeWidth: 1 },
        encoding: { ...cellPosition, color: { field: "verdict", type: "nominal", title: `fairshare − ${panel.cells[0]?.group ?? "other"} at T = ${panel.periods}`, scale: { domain: verdicts, range: verdicts.map((v) => VERDICT_COLOURS[v]) } }, tooltip },
      }];
    }
    const ahead = rows.filter((r) => r.horizon !== null);
    const behind = rows.filter((r) => r.horizon === null).map((r) => ({ ...r, status: notByT }));
    return [
      ...(ahead.length === 0 ? [] : [{
        data: { values: ahead },
        mark: { type: "rect", stroke: "white", strokeWidth: 1 },
        encoding: { ...cellPosition, fill: { field: "horizon", type: "quantitative", title: "empirical T̂ (period)", scale: { scheme: "viridis", domain: [1, panel.periods] } }, tooltip },
      }]),
      ...(behind.length === 0 ? [] : [{
        data: { values: behind },
        mark: { type: "rect", stroke: "white", strokeWidth: 1 },
        encoding: { ...cellPosition, color: { field: "status", type: "nominal", title: "fairshare's mean", scale: { domain: [notByT], range: [NOT_BY_T_COLOUR] } }, tooltip },
      }]),
    ];
  };
  const textColour = horizonPanel
    ? { condition: { test: `datum.horizon !== null && datum.horizon < ${panel.periods / 2}`, value: "white" }, value: "black" }
    : { value: "black" };
  const views = Object.keys(options.viewTitles).map((view) => {
    const rows = heat.filter((r) => r.view === view);
    return {
      title: options.viewTitles[view],
      ...VIEW,
      layer: [
        ...cellLayers(rows),
        ...theoryLayers(lines, x, y),
        // The numbers last, so a line never hides one.
        { data: { values: rows }, mark: { type: "text", fontSize: 10 }, encoding: { x: { ...x, field: "x" }, y: { ...y, field: "y" }, text: { field: "label" }, color: textColour } },
      ],
    };
  });
  const { width: _w, height: _h, ...header } = specHeader(options.title, options.caption);
  return { ...header, hconcat: views, resolve: { scale: { x: "shared", y: "shared" } }, config: { legend: { orient: "bottom", titleLimit: 400, labelLimit: 400 } } } as TopLevelSpec;
}

const TITLES = {
  atlasUtility: "Atlas (a): buyers' cumulative utility at T, over δ × η",
  atlasSellers: "Atlas (b): sellers' profit and participation, over κ × budget",
  atlasHorizon: "Atlas (c): when fairshare overtakes (empirical T̂), over δ × η",
} as const;

export const ATLAS_TITLES: Readonly<Record<AtlasPanel["id"], string>> = TITLES;

const seedRange = (p: AtlasPanel) => (p.seeds === 1 ? `seed ${p.firstSeed}` : `${p.seeds} seeds a point (${p.firstSeed}–${p.firstSeed + p.seeds - 1}), paired by seed`);
const points = (p: AtlasPanel) => p.x.values.length * p.y.values.length;
/** The market in words; `swept` names a buyer whose budget the grid sets (its budget is then not given). */
const market = (p: AtlasPanel, swept?: string) =>
  `the market of ${p.market}: ${p.periods} periods, buyers ${p.buyers.map((b) => (b.id === swept ? `${b.id} (budget swept)` : `${b.id} (budget ${b.budget})`)).join(" and ")}, ${p.sellers} sellers in ${p.tiers} quality tiers`;
const count = (cells: ReadonlyArray<AtlasCellVerdict>, test: (c: AtlasCellVerdict) => boolean) => cells.filter(test).length;

/** The theory's part of a caption: the analogue and what the two lines are. */
function theoryCaption(panel: AtlasPanel): string {
  const a = panel.analogue;
  if (a === null) return "";
  const f = (v: number) => v.toFixed(3);
  return (
    ` Lines: the one-buyer one-seller theory (MODEL §5.1) for the market's analogue V = ${f(a.value)} (the mean period-1 value of a dataset to a buyer), ` +
    `p* = ${f(a.fairPrice)} (the mean period-1 fairshare price), c = ${f(a.cost)} (the mean seller cost), read from ${a.source}, with the exploitative price p = c and ρ = ${a.family}:η: ` +
    `dashed, δ₀(η) = ((V − c) − u*)/((V − c) − ρ(c/p*)·u*), below which the theory's T̂ is infinite (Lemmas 1 and 4); ` +
    `solid, the discount at which T̂(c, δ) = ${a.periods} (by bisection on δ; T̂ never rises with δ, L4), right of which the theory has fairshare ahead by T = ${a.periods}. ` +
    "The axes list the grid's values, equally spaced; the lines are placed between them by linear interpolation."
  );
}

/** Whether the theory predicts fairshare ahead at T at the cell: its T̂ is at most T. */
const predictsAhead = (c: AtlasCellVerdict, periods: number) => c.theoryHorizon !== null && c.theoryHorizon !== undefined && c.theoryHorizon <= periods;

function utilityCaption(panel: AtlasPanel): string {
  const byBuyer = panel.buyers.map(({ id }) => {
    const mine = panel.cells.filter((c) => c.buyer === id);
    const agree = count(mine, (c) => predictsAhead(c, panel.periods) === (c.verdict === "holds"));
    return `${id}: holds in ${count(mine, (c) => c.verdict === "holds")}, reversed in ${count(mine, (c) => c.verdict === "reversed")} of ${mine.length}; the theory's side of its T̂ = ${panel.periods} line agrees in ${agree}`;
  });
  return (
    `${TITLES.atlasUtility}. Each buyer's cumulative discounted utility at T = ${panel.periods}, fairshare − exploitative, on ` +
    `${market(panel)}, at the ${points(panel)} points of ${panel.sweep}: the discount δ × the elasticity η of ρ(x) = 1 − η(1 − x); ${seedRange(panel)}. ` +
    "A cell's colour is the verdict of the mean paired difference with its 95% t-interval (holds: above 0; reversed: below 0; not resolved: it contains 0); its number is the mean. " +
    `As measured: ${byBuyer.join("; ")}.${theoryCaption(panel)}`
  );
}

function horizonCaption(panel: AtlasPanel): string {
  const byBuyer = panel.buyers.map(({ id }) => {
    const mine = panel.cells.filter((c) => c.buyer === id);
    const both = mine.filter((c) => c.horizon !== null && c.horizon !== undefined && c.theoryHorizon !== null && c.theoryHorizon !== undefined);
    const earlier = count(both, (c) => c.horizon! <= c.theoryHorizon!);
    return `${id}: fairshare ahead by T in ${count(mine, (c) => c.horizon !== null)} of ${mine.length}; where both T̂ are finite (${both.length}), the market's is at most the theory's in ${earlier}`;
  });
  return (
    `${TITLES.atlasHorizon}. The empirical trade-off horizon T̂ of each buyer: one past the last period t ≤ ${panel.periods} at which the mean over the seeds of the paired difference of cumulative utility, ` +
    `fairshare − exploitative, is ≤ 0 (as L1's check takes T̂), so fairshare's mean is ahead from T̂ through T; grey "${"not by T"}" where it is not ahead at T = ${panel.periods}. ` +
    `On ${market(panel)}, at the ${points(panel)} points of ${panel.sweep} (the runs of atlas (a)); ${seedRange(panel)}. ` +
    `Each cell's number is its T̂. As measured: ${byBuyer.join("; ")}.${theoryCaption(panel)}`
  );
}

const SELLER_VIEWS: Record<string, string> = { average_cumulative_profit: "sellers' average cumulative profit", active_sellers: "active sellers" };

function sellersCaption(panel: AtlasPanel): string {
  const byMetric = Object.entries(SELLER_VIEWS).map(([metric, label]) => {
    const mine = panel.cells.filter((c) => c.metric === metric);
    return `${label}: holds in ${count(mine, (c) => c.verdict === "holds")}, reversed in ${count(mine, (c) => c.verdict === "reversed")}, not resolved in ${count(mine, (c) => c.verdict === "not resolved")} of ${mine.length}`;
  });
  const high = panel.buyers[0];
  return (
    `${TITLES.atlasSellers}. The sellers' average cumulative profit and the number of active sellers at T = ${panel.periods}, fairshare − reduced(κ), where reduced posts max(c, κ·p*): ` +
    `κ only moves the reduced group, so the issue's "fairshare − exploitative" over κ is read as fairshare against exploitation of strength 1 − κ; κ = 0 posts the cost (exploitative's price), ` +
    `κ = 1 the fair price (no difference at all). On ${market(panel, panel.buyers[1]?.id)}, at the ${points(panel)} points of ${panel.sweep}: κ × the low-budget buyer's budget B2, ${high.id}'s staying ${high.budget} ` +
    `(the budget ratio ${high.id}/B2 beside each value); ${seedRange(panel)}. A cell's colour is the verdict of the mean paired difference with its 95% t-interval; its number is the mean. ` +
    `As measured: ${byMetric.join("; ")}.`
  );
}

/** The three atlas figures that `panels` hold (any subset, in the panels' order). */
export function atlasFigures(panels: ReadonlyArray<AtlasPanel>): Figure[] {
  return panels.map((panel) => {
    const caption = panel.id === "atlasUtility" ? utilityCaption(panel) : panel.id === "atlasHorizon" ? horizonCaption(panel) : sellersCaption(panel);
    const viewTitles = panel.id === "atlasSellers" ? SELLER_VIEWS : Object.fromEntries(panel.buyers.map((b) => [b.id, `${b.id} (budget ${b.budget})`]));
    const high = panel.buyers[0];
    const yLabel = panel.id === "atlasSellers" ? (v: number) => `${v} (${Number((high.budget / v).toPrecision(3))}:1)` : undefined;
    const spec = atlasSpec(panel, atlasHeatRows(panel), atlasLineRows(panel), { title: panel.title, caption, viewTitles, yLabel });
    const seeds = Array.from({ length: panel.seeds }, (_, k) => panel.firstSeed + k);
    return { id: panel.id, title: panel.title, caption, config: panel.sweep, seed: panel.firstSeed, seeds, spec };
  });
}
