/**
 * Fig. 6 (MODEL §9, "the remaining figures repeat this across tasks"; issue #13): Fig. 4's quantities on
 * the learned market as paired differences, fairshare minus each other pricing group, per period, one
 * row per task, under one valuation method and learning protocol: (a) the high-budget buyer's
 * cumulative utility, (b) the low-budget buyer's, (c) the sellers' average cumulative profit, (d) the
 * active sellers. Each seed gives one difference within one run (common random numbers); the line is
 * their mean, the band its 95% t-interval, and a rule marks 0.
 */
import { budgetBuyers } from "../budgetBuyers.js";
import type { Group } from "../config.js";
import { convergenceNote } from "../convergenceNote.js";
import { specHeader, type Figure, type TopLevelSpec } from "../figure.js";
import { TASK_IDS, type TaskId } from "../learned/tasks.js";
import type { RunRecord } from "../records.js";
import { pairedDifference, type StudyMetric } from "./pairedDifferences.js";
import { studyCells, taskLabel } from "./learnedStudy.js";

/** A column of the grid: a metric, and for a buyer's metric which buyer (by budget). */
export interface Fig6Panel {
  /** The column header: the panel's letter, what it shows and its unit (the y axes are independent). */
  label: string;
  metric: StudyMetric;
  buyer?: "high" | "low";
}

/** The default columns: Fig. 4's four panels. */
export const FIG6_PANELS: ReadonlyArray<Fig6Panel> = [
  { label: "(a) high-budget buyer: cumulative utility ($)", metric: "cumulativeUtility", buyer: "high" },
  { label: "(b) low-budget buyer: cumulative utility ($)", metric: "cumulativeUtility", buyer: "low" },
  { label: "(c) sellers: average cumulative profit ($)", metric: "averageCumulativeProfit" },
  { label: "(d) active sellers", metric: "activeSellers" },
];

export interface Fig6Row {
  task: TaskId;
  /** The task's id and what it predicts from what (the caption lists them; the row header shows the id). */
  taskLabel: string;
  /** The panel's label. */
  panel: string;
  /** The group fairshare is compared with. */
  group: Group;
  period: number;
  /** Mean over the paired seeds of fairshare − group, and its 95% t-interval. */
  mean: number;
  low: number;
  high: number;
  /** Seeds paired. */
  seeds: number;
}

/**
 * One row per task × panel × group other than fairshare × period: the paired difference fairshare −
 * group at that period (pairedDifferences.ts).
 *
 * - Tasks come in TASK_IDS order; a task without runs has no rows.
 * - Each task's runs must form one cell (one valuation method, one protocol): the figure shows one.
 * - A period in which no seed pairs (the metric is missing under a group in every seed) has no row.
 * - One seed: the band has zero width.
 *
 * Cost: O(tasks · panels · groups · T · seeds).
 *
 * @throws RangeError for no runs, runs that are not learned, a task run under two methods or protocols,
 *   runs without a fairshare group or of one task that differ in shape.
 */
export function fig6Data(runs: ReadonlyArray<RunRecord>, { panels = FIG6_PANELS }: { panels?: ReadonlyArray<Fig6Panel> } = {}): Fig6Row[] {
  const cells = studyCells(runs);
  const rows: Fig6Row[] = [];
  for (const task of TASK_IDS) {
    const mine = cells.filter((c) => c.task === task);
    if (mine.length === 0) continue;
    if (mine.length > 1) throw new RangeError(`fig6Data: task ${task} has runs under ${mine.map((c) => `${c.method} × ${c.protocol}`).join(" and ")}; Fig. 6 shows one method and protocol`);
    const cellRuns = mine[0].runs;
    const { config } = cellRuns[0];
    const buyers = budgetBuyers(config);
    const label = taskLabel(cellRuns[0]);
    const periods = cellRuns[0].groups[0].periods.length;
    for (const panel of panels) {
      for (const group of config.groups.filter((g) => g !== "fairshare")) {
        for (let period = 1; period <= periods; period += 1) {
          const buyer = panel.buyer === undefined ? undefined : buyers[panel.buyer].id;
          const { difference } = pairedDifference(cellRuns, { metric: panel.metric, group, buyer, period });
          if (difference === null) continue;
          rows.push({ task, taskLabel: label, panel: panel.label, group, period, mean: difference.mean, low: difference.low, high: difference.high, seeds: difference.n });
        }
      }
    }
  }
  return rows;
}

/** Panel width and height of each grid cell: four across fit the page. */
const CELL = { width: 190, height: 130 } as const;

/** The groups fairshare is compared with, in figure order, with the colours Fig. 4 and Fig. 7 give them (vega's tableau10, fairshare's blue left out). */
const OTHERS = { domain: ["reduced", "random", "exploitative"], range: ["#f58518", "#e45756", "#72b7b2"] } as const;

/**
 * The grid: a row per task, a column per panel; in each cell one line per group over a translucent
 * 95% band, and a dashed rule at 0 (above it fairshare is ahead); every cell has its own y scale.
 */
export function fig6Spec(rows: ReadonlyArray<Fig6Row>, title: string, caption: string, { panels = FIG6_PANELS }: { panels?: ReadonlyArray<Fig6Panel> } = {}): TopLevelSpec {
  const { width: _width, height: _height, ...header } = specHeader(title, caption);
  // Band and line share the legend; its symbols are drawn as the lines are.
  const color = {
    field: "group", type: "nominal", title: "fairshare minus", sort: [...OTHERS.domain], scale: { domain: [...OTHERS.domain], range: [...OTHERS.range] },
    legend: { symbolType: "stroke", symbolOpacity: 1, symbolStrokeWidth: 2 },
  } as const;
  const x = { field: "period", type: "quantitative", title: "period t" } as const;
  return {
    ...header,
    data: { values: rows.map(({ task, panel, group, period, mean, low, high, seeds }) => ({ task, panel, group, period, mean, low, high, seeds })) },
    facet: {
      row: { field: "task", type: "nominal", sort: [...new Set(rows.map((r) => r.task))], header: { title: null, labelFontWeight: "bold" } },
      // Two-line headers: "(a) high-budget buyer" over "cumulative utility ($)".
      column: {
        field: "panel", type: "nominal", sort: panels.map((p) => p.label),
        header: { title: null, labelFontWeight: "bold", labelExpr: "split(datum.value, ': ')" },
      },
    },
    spec: {
      ...CELL,
      layer: [
        {
          // One rule per grid cell: the count collapses the cell's rows to one.
          transform: [{ aggregate: [{ op: "count", as: "rows" }] }],
          mark: { type: "rule", color: "#777", strokeDash: [4, 3] },
          encoding: { y: { datum: 0, type: "quantitative" } },
        },
        {
          mark: { type: "area", opacity: 0.2 },
          encoding: { x, y: { field: "low", type: "quantitative", title: "fairshare − group" }, y2: { field: "high" }, color },
        },
        { mark: { type: "line", strokeWidth: 1.5 }, encoding: { x, y: { field: "mean", type: "quantitative" }, color } },
      ],
    },
    resolve: { scale: { y: "independent" } },
  };
}

/**
 * Fig. 6 from the learned runs of one method and protocol under every task (several seeds each).
 *
 * @example fig6Figure(runs, "experiments/configs/learned.json").id // => "fig6"
 */
export function fig6Figure(runs: ReadonlyArray<RunRecord>, config: string): Figure {
  const rows = fig6Data(runs);
  const cells = studyCells(runs);
  const [first] = runs;
  const { high, low } = budgetBuyers(first.config);
  const seeds = [...new Set(runs.map((r) => r.seed))].sort((a, b) => a - b);
  const { method, protocol } = cells[0];
  const title = `Fig. 6: fairshare minus each other pricing group on the learned market, one row per task (valuation: ${method}, protocol: ${protocol})`;
  const tasks = cells.map((c) => taskLabel(c.runs[0])).join("; ");
  const counts = [...new Set(cells.map((c) => c.runs.length))];
  const seedWords = counts.length === 1 ? `${counts[0]} seed${counts[0] === 1 ? "" : "s"}` : `${counts.join(" or ")} seeds (by task)`;
  const caption = `${title}. Annotators sell noisy labelled batches to buyers ${high.id} (budget ${first.config.buyers[high.index].budget}) and ` +
    `${low.id} (budget ${first.config.buyers[low.index].budget}), who retrain a logistic model; utility is λ_b times the realised test-accuracy ` +
    `gain minus spend. In each run every pricing group is offered the same batches, so each seed gives one paired difference, fairshare's ` +
    `number minus the other group's, at every period; the line is the mean over ${seedWords} (${seeds[0]}–${seeds[seeds.length - 1]}), the ` +
    `band its 95% t-interval, and the dashed rule marks 0 (above it fairshare is ahead). Tasks: ${tasks}. ` +
    `${first.config.periods} periods, δ = ${first.config.discount}, ρ = ${first.config.participation}; each panel has its own y scale.` +
    convergenceNote(runs);
  return { id: "fig6", title, caption, config, seed: seeds[0], seeds, spec: fig6Spec(rows, title, caption) };
}
