/**
 * Fig. 6 (MODEL §9, "the remaining figures repeat this across tasks"): Fig. 4's four panels on the learned
 * market, one row per task, under one valuation method: (a) the high-budget buyer's cumulative utility,
 * (b) the low-budget buyer's, (c) the sellers' average cumulative profit, (d) the active sellers; the mean
 * over seeds with a 95% band.
 */
import { budgetBuyers } from "../budgetBuyers.js";
import { convergenceNote } from "../convergenceNote.js";
import { specHeader, type Figure, type TopLevelSpec } from "../figure.js";
import { TASK_IDS, TASKS, type TaskId } from "../learned/tasks.js";
import type { RunRecord } from "../records.js";
import { fig4Data, FIG4_PANELS, type Fig4Panel, type Fig4Row } from "./fig4.js";
import { studyCells, taskLabel } from "./learnedStudy.js";

export interface Fig6Row extends Fig4Row {
  task: TaskId;
  /** The row header: the task's id and what is predicted from what. */
  taskLabel: string;
  /** The column header: the panel's letter and what it shows. */
  panelLabel: string;
}

/** Column headers, in panel order; the y axes are independent, so each header carries its unit. */
export const FIG6_PANEL_LABELS: Record<Fig4Panel, string> = {
  fig4a: "(a) high-budget buyer: cumulative utility ($)",
  fig4b: "(b) low-budget buyer: cumulative utility ($)",
  fig4c: "(c) sellers: average cumulative profit ($)",
  fig4d: "(d) active sellers",
};

/**
 * fig4Data's rows for each task's runs, tagged with the task: one row per task × panel × group × period.
 *
 * - Tasks come in TASK_IDS order; a task without runs has no rows.
 * - Each task's runs must share one valuation method (the figure shows one method).
 *
 * Cost: O(tasks · panels · groups · T · seeds).
 *
 * @throws RangeError for no runs, runs that are not learned, a task run under two methods, or runs of a
 *   task that differ in shape (fig4Data).
 */
export function fig6Data(runs: ReadonlyArray<RunRecord>): Fig6Row[] {
  const cells = studyCells(runs);
  const rows: Fig6Row[] = [];
  for (const task of TASK_IDS) {
    const mine = cells.filter((c) => c.task === task);
    if (mine.length === 0) continue;
    if (mine.length > 1) throw new RangeError(`fig6Data: task ${task} has runs under ${mine.map((c) => c.method).join(" and ")}; Fig. 6 shows one method`);
    for (const row of fig4Data(mine[0].runs)) rows.push({ ...row, task, taskLabel: taskLabel(task), panelLabel: FIG6_PANEL_LABELS[row.panel] });
  }
  return rows;
}

/** Panel width and height of each grid cell: four across fit the page. */
const CELL = { width: 190, height: 130 } as const;

/**
 * The grid: a row per task, a column per panel, each cell Fig. 4's line over a translucent band, one
 * colour per pricing group; every cell has its own y scale.
 */
export function fig6Spec(rows: ReadonlyArray<Fig6Row>, title: string, caption: string): TopLevelSpec {
  const { width: _width, height: _height, ...header } = specHeader(title, caption);
  // Band and line share the legend; its symbols are drawn as the lines are.
  const color = {
    field: "group", type: "nominal", title: "pricing", sort: ["fairshare", "reduced", "random", "exploitative"],
    legend: { symbolType: "stroke", symbolOpacity: 1, symbolStrokeWidth: 2 },
  } as const;
  const x = { field: "period", type: "quantitative", title: "period t" } as const;
  const taskOrder = [...new Set(rows.map((r) => r.taskLabel))];
  return {
    ...header,
    data: { values: rows.map(({ taskLabel: task, panelLabel: panel, group, period, mean, low, high }) => ({ task, panel, group, period, mean, low, high })) },
    facet: {
      // Two-line headers, "penguins" over "(for medical diagnosis)" and "(a) high-budget buyer" over "cumulative utility ($)".
      row: {
        field: "task", type: "nominal", sort: taskOrder,
        header: { title: null, labelFontWeight: "bold", labelExpr: "[split(datum.value, ' (')[0], '(' + split(datum.value, ' (')[1]]" },
      },
      column: {
        field: "panel", type: "nominal", sort: FIG4_PANELS.map((p) => FIG6_PANEL_LABELS[p]),
        header: { title: null, labelFontWeight: "bold", labelExpr: "split(datum.value, ': ')" },
      },
    },
    spec: {
      ...CELL,
      layer: [
        {
          mark: { type: "area", opacity: 0.2 },
          encoding: { x, y: { field: "low", type: "quantitative", title: null }, y2: { field: "high" }, color },
        },
        { mark: { type: "line", strokeWidth: 1.5 }, encoding: { x, y: { field: "mean", type: "quantitative" }, color } },
      ],
    },
    resolve: { scale: { y: "independent" } },
  };
}

/**
 * Fig. 6 from the learned runs of one method under every task (several seeds each).
 *
 * @example fig6Figure(runs, "experiments/configs/learned.json").id // => "fig6"
 */
export function fig6Figure(runs: ReadonlyArray<RunRecord>, config: string): Figure {
  const rows = fig6Data(runs);
  const cells = studyCells(runs);
  const [first] = runs;
  const { high, low } = budgetBuyers(first.config);
  const seeds = [...new Set(runs.map((r) => r.seed))].sort((a, b) => a - b);
  const method = cells[0].method;
  const title = `Fig. 6: Fig. 4 on the learned market, one row per task (valuation: ${method})`;
  const tasks = cells.map((c) => `${c.task}: ${TASKS[c.task].description}`).join("; ");
  const caption = `${title}. Each row repeats Fig. 4's panels for one task: annotators sell noisy labelled batches of a real table to ` +
    `buyers ${high.id} (budget ${first.config.buyers[high.index].budget}) and ${low.id} (budget ${first.config.buyers[low.index].budget}), who retrain a ` +
    `logistic model; utility is λ_b times the realised test-accuracy gain minus spend. ${tasks}. ` +
    `${first.config.periods} periods, δ = ${first.config.discount}, ρ = ${first.config.participation}; mean over ${seeds.length} seeds ` +
    `(${seeds[0]}–${seeds[seeds.length - 1]}) with a 95% t-interval band; each panel has its own y scale.` + convergenceNote(runs);
  return { id: "fig6", title, caption, config, seed: seeds[0], seeds, spec: fig6Spec(rows, title, caption) };
}
