/**
 * The report's interactive explorer of the one-buyer one-seller market (MODEL §5): sliders for `V`, `p*`,
 * `c`, `δ` and the participation family's parameter, the curves `U_T(p)` against `p` for
 * `T = 1, 2, 5, 10, 100`, the fairshare price `p*`, the trade-off horizon `T̂(c, δ)` of the most
 * exploitative price `p = c` and the threshold `δ₀(c)`.
 *
 * Everything is computed by the spec itself, in Vega expressions, from the sliders' values: this module
 * only writes the spec. The expressions are the ones of `theory/oneBuyerMarket.ts` and
 * `theory/tradeoffHorizon.ts` operation for operation, so the numbers the page shows are the ones `horizon`
 * prints (test/explorer.test.ts checks them against the theory functions).
 *
 * - Vega's expression language has no `expm1` or `log1p`, which `geometricSum` uses to stay accurate when
 *   `δ·r` is near 1. The spec calls both, so they must be registered before the spec is parsed:
 *   `registerExplorerFunctions(vega)` (the report page does it).
 * - Families: `linear:η` and `power:γ` (a select); `gap:ρ̄:γ` and `expr:` are not offered.
 */
import { PLOT_HEIGHT, specHeader, type TopLevelSpec } from "../figure.js";

/** Where the explorer starts: Fig. 3's market (experiments/configs/fig3.json), `power:0.5`. */
export interface ExplorerStart {
  value: number;
  fairPrice: number;
  cost: number;
  discount: number;
  family: ExplorerFamily;
  /** `η` of `linear:η`. */
  eta: number;
  /** `γ` of `power:γ`. */
  gamma: number;
}

/** The participation families the explorer offers (MODEL §5, A2). */
export const EXPLORER_FAMILIES = ["linear", "power"] as const;
export type ExplorerFamily = (typeof EXPLORER_FAMILIES)[number];

/** Fig. 3's market (experiments/configs/fig3.json), with `η = 0.5` for the linear family. */
export const EXPLORER_START: ExplorerStart = Object.freeze({ value: 10, fairPrice: 6, cost: 1, discount: 0.9, family: "power", eta: 0.5, gamma: 0.5 });

/** The periods `T` of the curves. */
export const EXPLORER_PERIODS = [1, 2, 5, 10, 100] as const;

/** Grid cells of each curve on `[c, V]`; `p*` and a point just below it are added (see `priceExpr`). */
export const EXPLORER_CELLS = 300;

/** Names of the spec's params, as the sliders' `name` attributes and `view.signal` know them. */
export const EXPLORER_PARAMS = { value: "V", fairPrice: "pstar", cost: "c", discount: "delta", eta: "eta", gamma: "gamma", family: "family" } as const;

/**
 * Names of the marks the explorer draws, as vega names them (the Vega-Lite view name plus `_marks`), and
 * as SVG classes of their groups: the curves, the `p*` rule, and the text with `T̂` and `δ₀`, whose datum
 * carries `That` (an integer, or `null` for never), `delta0` and `status`.
 */
export const EXPLORER_MARKS = { curves: "explorer_curves_marks", fairPrice: "explorer_fair_price_marks", horizon: "explorer_horizon_marks" } as const;

/**
 * The functions the spec calls that Vega lacks; register them with `registerExplorerFunctions` before
 * parsing the spec. They are JavaScript's own, as the theory code calls them.
 */
export const EXPLORER_FUNCTIONS: Readonly<Record<"expm1" | "log1p", (x: number) => number>> = Object.freeze({ expm1: Math.expm1, log1p: Math.log1p });

/** The part of the `vega` module `registerExplorerFunctions` needs. */
export interface VegaExpressionRegistry {
  expressionFunction(name: string, fn: (x: number) => number): unknown;
}

/**
 * Registers `expm1` and `log1p` as Vega expression functions (global to that `vega`), so the explorer's
 * spec parses. Idempotent.
 */
export function registerExplorerFunctions(vega: VegaExpressionRegistry): void {
  for (const [name, fn] of Object.entries(EXPLORER_FUNCTIONS)) vega.expressionFunction(name, fn);
}

/** The same, as the line of browser script the report page runs before embedding the spec. */
export const REGISTER_SCRIPT = `for (const name of ${JSON.stringify(Object.keys(EXPLORER_FUNCTIONS))}) vega.expressionFunction(name, Math[name]);`;

/**
 * `T̂` is searched for no further than `2^53`, as `tradeoffHorizon` does (beyond it consecutive integers are
 * not doubles). The search is unrolled into a fixed number of steps: the doubling phase needs at most 53
 * (from `T ≥ 2` up to `2^53`, and one more to give up), the bisection at most 53 (its interval starts no
 * wider than `2^52`) and one to stop; `STEPS` of each leaves a margin, and a search still running after them
 * is shown as "unresolved" (it cannot happen; test/explorer.test.ts checks `status`).
 */
const LARGEST_HORIZON = 2 ** 53;
const STEPS = 56;

const { value: V, fairPrice: P, cost: C, discount: D, eta: ETA, gamma: GAMMA, family: FAMILY } = EXPLORER_PARAMS;

/** MODEL §5's ranges, as the `horizon` command checks them, and the family parameter's range (A2). */
const VALID = `${C} >= 0 && ${P} > ${C} && ${P} < ${V} && ${D} > 0 && ${D} <= 1 && (${FAMILY} === 'linear' ? ${ETA} > 0 && ${ETA} <= 1 : ${GAMMA} > 0)`;

/** `ρ(x)` of theory/participation.ts: `1 − η(1 − x)` or `x^γ`. */
const rho = (x: string): string => `(${FAMILY} === 'linear' ? 1 - ${ETA} * (1 - ${x}) : pow(${x}, ${GAMMA}))`;

/** `r(p)` of `stayProbability`: `ρ(p/p*)` below `p*`, 1 from it on. */
const stay = (p: string): string => `(${p} >= ${P} ? 1 : ${rho(`${p} / ${P}`)})`;

/** `1 − δ·r(p)` as `retentionGap` computes it, `(1 − δ) + δ·(1 − r)`. */
const retentionGap = (r: string): string => `(1 - ${D} + ${D} * (1 - ${r}))`;

/** `geometricSum(gap, T)` for a whole `T ≥ 0`: `−expm1(T·log1p(−gap))/gap`, with its exact cases. */
const geometricSum = (gap: string, T: string): string =>
  `(${T} === 0 ? 0 : ${T} === 1 ? 1 : ${gap} === 0 ? ${T} : -expm1(${T} * log1p(-${gap})) / ${gap})`;

/** `D_T = U_T(p*) − U_T(c)` as `tradeoffHorizon`'s `difference` computes it, from the row's fields. */
const difference = (T: string): string => `(datum.fairSurplus * ${geometricSum("datum.fairGap", T)} - datum.exploitSurplus * ${geometricSum("datum.exploitGap", T)})`;

/**
 * One step of `tradeoffHorizon`'s doubling loop on the search state `datum.s`: `D` at the candidate
 * `t = above`; below 0, give up at `2^53` or move to `[above, min(2^53, 2·above)]`; else bisect.
 */
const DOUBLING_STEP = [
  { calculate: "datum.s.above", as: "t" },
  { calculate: difference("datum.t"), as: "d" },
  {
    calculate: [
      "datum.s.status !== 'double' ? datum.s",
      ": datum.d < 0",
      `? (datum.t >= ${LARGEST_HORIZON} ? {status: 'never', below: datum.s.below, above: datum.t}`,
      `: {status: 'double', below: datum.t, above: min(${LARGEST_HORIZON}, 2 * datum.t)})`,
      ": {status: 'bisect', below: datum.s.below, above: datum.t}",
    ].join(" "),
    as: "s",
  },
];

/** One step of its bisection: `D` at `t = below + ⌊(above − below)/2⌋`, which becomes `above` when `D ≥ 0`, else `below`. */
const BISECTION_STEP = [
  { calculate: "datum.s.below + floor((datum.s.above - datum.s.below) / 2)", as: "t" },
  { calculate: difference("datum.t"), as: "d" },
  {
    calculate: [
      "datum.s.status !== 'bisect' ? datum.s",
      ": datum.s.above - datum.s.below <= 1 ? {status: 'found', below: datum.s.below, above: datum.s.above}",
      ": datum.d >= 0 ? {status: 'bisect', below: datum.s.below, above: datum.t}",
      ": {status: 'bisect', below: datum.t, above: datum.s.above}",
    ].join(" "),
    as: "s",
  },
];

/**
 * The search's start, as in `tradeoffHorizon`: never when `1 − δr = 0` or `D_∞ ≤ 0`; else from the turning
 * point `1 + log(u* / (V − c)) / log r`, clamped to `[1, 2^52]` (back to 1 when `D` is already `≥ 0` there), with
 * `above = max(2, 2·below)`.
 */
const START = [
  `!datum.valid ? {status: 'invalid'}`,
  ": datum.exploitGap === 0 || !(datum.limitDifference > 0) ? {status: 'never'}",
  `: {status: 'double', below: datum.below, above: max(2, 2 * datum.below)}`,
].join(" ");

/**
 * The transforms of the one-row horizon view: the market's fields, `δ₀(c)`, then `T̂(c, δ)` by
 * `tradeoffHorizon`'s search (start, `STEPS` doubling steps, `STEPS` bisection steps), then the labels.
 */
function horizonTransforms(): NonNullable<TopLevelSpec["transform"]> {
  const turning = `(datum.stay === 0 ? 1 : 1 + log(datum.fairSurplus / datum.exploitSurplus) / log(datum.stay))`;
  const firstBelow = `max(1, min(${LARGEST_HORIZON / 2}, floor(${turning})))`;
  return [
    { calculate: VALID, as: "valid" },
    { calculate: `${C}`, as: "price" },
    { calculate: `${P}`, as: "fairPrice" },
    { calculate: `datum.valid ? ${stay(C)} : null`, as: "stay" },
    { calculate: `${V} - ${P}`, as: "fairSurplus" },
    { calculate: `${V} - ${C}`, as: "exploitSurplus" },
    { calculate: `1 - ${D}`, as: "fairGap" },
    { calculate: `datum.valid ? ${retentionGap("datum.stay")} : null`, as: "exploitGap" },
    // δ₀(c) of exploitThreshold: (p* − c)/((p* − c) + (1 − r)·u*).
    { calculate: `datum.valid ? (${P} - ${C}) / ((${P} - ${C}) + (1 - datum.stay) * datum.fairSurplus) : null`, as: "delta0" },
    // D_∞ = u*·(1/(1 − δ)) − (V − c)·(1/(1 − δr)), geometricSum's limit 1/gap (∞ at gap 0).
    { calculate: "datum.valid ? datum.fairSurplus * (1 / datum.fairGap) - datum.exploitSurplus * (1 / datum.exploitGap) : null", as: "limitDifference" },
    { calculate: `datum.valid ? ${firstBelow} : null`, as: "below" },
    { calculate: `datum.valid && datum.exploitGap > 0 && ${difference("datum.below")} >= 0 ? 1 : datum.below`, as: "below" },
    { calculate: START, as: "s" },
    ...Array.from({ length: STEPS }, () => DOUBLING_STEP).flat(),
    ...Array.from({ length: STEPS }, () => BISECTION_STEP).flat(),
    { calculate: "datum.s.status === 'found' || datum.s.status === 'never' || datum.s.status === 'invalid' ? datum.s.status : 'unresolved'", as: "status" },
    { calculate: "datum.status === 'found' ? datum.s.above : null", as: "That" },
    {
      calculate: [
        "datum.status === 'invalid' ? ['The market needs 0 ≤ c < p* < V (and η in (0, 1], γ > 0).']",
        ": ['T̂(c, δ) = ' + (datum.status === 'found' ? datum.That : datum.status),",
        `'δ₀(c) = ' + format(datum.delta0, '.4f') + ', δ = ' + format(${D}, '.4~f') + (${D} > datum.delta0 ? ' > δ₀' : ' ≤ δ₀')`,
        `+ ((${D} > datum.delta0) !== (datum.status === 'found') ? ': δ is δ₀ up to rounding, and D_∞ = U_∞(p*) − U_∞(c) decides T̂'`,
        ": datum.status === 'found' ? ': fairshare overtakes p = c from T̂ on' : ': p = c stays ahead for ever')]",
      ].join(" "),
      as: "label",
    },
  ];
}

/** The price of grid row `i`: `c + (V − c)·i/CELLS` (exactly `V` at the end), then `p*`, then just below it. */
function priceExpr(): string {
  const n = EXPLORER_CELLS;
  return `datum.i === ${n} ? ${V} : datum.i < ${n} ? ${C} + (${V} - ${C}) * datum.i / ${n} : datum.i === ${n + 1} ? ${P} : max(${C}, ${P} - 1e-9 * (${V} - ${C}))`;
}

const range = (min: number, max: number, step: number, name: string) => ({ input: "range" as const, min, max, step, name });

/**
 * The explorer's Vega-Lite spec: one slider per param (`V`, `p*`, `c`, `δ`, `η`, `γ`) and a select of the
 * family, starting at `start`; the curves `U_T(p)` for `T ∈ EXPLORER_PERIODS` on `[c, V]`, a rule at `p*`,
 * and the text `T̂(c, δ) = …` (or "never") and `δ₀(c) = …` with whether `δ > δ₀(c)`.
 *
 * - `U_T(p) = (V − p)·Σ_{t=1..T}(δ r(p))^{t−1}` (MODEL §5) as `cumulativeUtility` computes it.
 * - `T̂` at the most exploitative price `p = c`, as `horizon --p c` prints `That`: the same search as
 *   `tradeoffHorizon` (turning point, doubling, bisection, up to `2^53`), unrolled into a fixed number of
 *   steps; `null`, shown as "never", when `δ ≤ δ₀` (`D_∞ ≤ 0`).
 * - A market outside `0 ≤ c < p* < V` draws no curve and says so.
 * - The y axis is symlog, so that `U_1` stays visible under `U_100`.
 * - Needs `registerExplorerFunctions` (for `expm1`, `log1p`) before Vega parses it.
 *
 * @example explorerSpec().params?.length // => 7
 */
export function explorerSpec(start: ExplorerStart = EXPLORER_START): TopLevelSpec {
  const caption =
    "The one-buyer one-seller market of MODEL §5, computed in the page from the sliders: the buyer's cumulative utility U_T(p) = (V − p)·Σ_{t=1..T}(δ r(p))^{t−1} " +
    "against a stationary price p in [c, V], one curve per T; the rule is p*. T̂(c, δ) is the trade-off horizon of the most exploitative price p = c " +
    "(the first T with U_T(p*) ≥ U_T(c), as `horizon --p c` prints it), never when δ ≤ δ₀(c).";
  const gap = retentionGap(stay("datum.p"));
  return {
    ...specHeader("Explorer: the one-buyer one-seller market", caption),
    params: [
      { name: V, value: start.value, bind: range(1, 20, 0.5, "V ") },
      { name: P, value: start.fairPrice, bind: range(0.5, 19.5, 0.5, "p* ") },
      { name: C, value: start.cost, bind: range(0, 19, 0.5, "c ") },
      { name: D, value: start.discount, bind: range(0.01, 1, 0.01, "δ ") },
      { name: FAMILY, value: start.family, bind: { input: "select", options: [...EXPLORER_FAMILIES], name: "family " } },
      { name: ETA, value: start.eta, bind: range(0.01, 1, 0.01, "η (linear) ") },
      { name: GAMMA, value: start.gamma, bind: range(0.1, 5, 0.1, "γ (power) ") },
    ],
    layer: [
      {
        name: "explorer_curves",
        data: { sequence: { start: 0, stop: EXPLORER_CELLS + 3, step: 1, as: "i" } },
        transform: [
          { filter: VALID },
          { calculate: priceExpr(), as: "p" },
          { calculate: JSON.stringify(EXPLORER_PERIODS), as: "T" },
          { flatten: ["T"] },
          { calculate: `(${V} - datum.p) * ${geometricSum(gap, "datum.T")}`, as: "U" },
        ],
        mark: { type: "line", clip: true },
        encoding: {
          x: { field: "p", type: "quantitative", title: "price p", scale: { zero: false, nice: false } },
          y: { field: "U", type: "quantitative", title: "U_T(p)", scale: { type: "symlog" } },
          color: { field: "T", type: "ordinal", title: "T", scale: { scheme: "viridis" } },
          order: { field: "p", type: "quantitative" },
        },
      },
      {
        name: "explorer_fair_price",
        data: { values: [{}] },
        transform: [{ filter: VALID }, { calculate: P, as: "fairPrice" }],
        mark: { type: "rule", strokeDash: [4, 3], color: "#555" },
        encoding: { x: { field: "fairPrice", type: "quantitative" } },
      },
      {
        name: "explorer_fair_price_label",
        data: { values: [{}] },
        transform: [{ filter: VALID }, { calculate: P, as: "fairPrice" }],
        mark: { type: "text", text: "p*", align: "left", baseline: "bottom", dx: 4, dy: -4, color: "#555" },
        encoding: { x: { field: "fairPrice", type: "quantitative" }, y: { value: PLOT_HEIGHT } },
      },
      {
        // Under the plot, below the x axis's title.
        name: "explorer_horizon",
        data: { values: [{}] },
        transform: horizonTransforms(),
        mark: { type: "text", align: "left", baseline: "top", fontSize: 13, lineHeight: 18 },
        encoding: { x: { value: 0 }, y: { value: PLOT_HEIGHT + 44 }, text: { field: "label" } },
      },
    ],
  };
}
