/**
 * Fig. 7 (MODEL §9, "the remaining figures … report performance per dollar" across tasks and valuation
 * methods): each buyer's performance per dollar spent and per budget dollar at the last period, by
 * task, valuation method and pricing group, under one learning protocol, as the mean over seeds with
 * its 95% interval.
 */
import { budgetBuyers } from "../budgetBuyers.js";
import type { Group } from "../config.js";
import { convergenceNote } from "../convergenceNote.js";
import { specHeader, type Figure, type TopLevelSpec } from "../figure.js";
import type { MethodId } from "../learned/methods/method.js";
import type { TaskId } from "../learned/tasks.js";
import type { RunRecord } from "../records.js";
import { meanInterval, type MeanInterval } from "../seedStats.js";
import { METRICS } from "./pairedDifferences.js";
import { buyerLabel, studyCells, taskLabel } from "./learnedStudy.js";

export interface Fig7Row {
  task: TaskId;
  method: MethodId;
  /** The learning protocol's id (one for the whole figure). */
  protocol: string;
  group: Group;
  budget: "high" | "low";
  buyer: string;
  /** The buyer's budget `B_b`. */
  budgetAmount: number;
  /**
   * Test-accuracy gain over the starting model per dollar spent, at the last period (MODEL §6), over the
   * seeds in which the buyer spent something; null when it spent nothing in every seed.
   */
  performancePerDollar: MeanInterval | null;
  /**
   * The same gain per dollar of budget available over the run, `(accuracy_T − start) / (B_b · T)`, over
   * every seed with a test accuracy (all, on the learned source); null when none has one.
   */
  perBudgetDollar: MeanInterval | null;
  /** Runs (seeds) of the cell; each interval's `n` may be fewer. */
  runs: number;
}

/** The two measures, as Fig. 7 labels its columns. */
export const FIG7_MEASURES = [
  { key: "performancePerDollar", label: "per dollar spent" },
  { key: "perBudgetDollar", label: "per budget dollar" },
] as const;

/**
 * One row per task × method × group × buyer (high budget, then low), tasks and methods in their id
 * order, groups in config order.
 *
 * - Seeds in which the buyer spent nothing (or too little for a finite quotient, records.ts) are left out
 *   of the per-dollar-spent mean, and its `n` says how many remain; none left gives null, not a throw,
 *   so one idle buyer does not sink the whole study.
 * - One buyer: it is both the high- and the low-budget buyer, and gets one row (high).
 *
 * Cost: O(runs · groups · buyers).
 *
 * @throws RangeError for no runs, runs that are not learned, runs of one cell that differ in shape
 *   (studyCells), or runs under more than one learning protocol (the figure shows one).
 */
export function fig7Data(runs: ReadonlyArray<RunRecord>): Fig7Row[] {
  const cells = studyCells(runs);
  const protocols = [...new Set(cells.map((c) => c.protocol))];
  if (protocols.length > 1) throw new RangeError(`fig7Data: the runs are under protocols ${protocols.join(" and ")}; Fig. 7 shows one`);
  const rows: Fig7Row[] = [];
  for (const { task, method, protocol, runs: cellRuns } of cells) {
    const { config } = cellRuns[0];
    const buyers = budgetBuyers(config);
    const ranks = buyers.high.index === buyers.low.index ? (["high"] as const) : (["high", "low"] as const);
    cellRuns[0].groups.forEach(({ group }, g) => {
      for (const budget of ranks) {
        const { index, id } = buyers[budget];
        const values = (read: (typeof METRICS)[keyof typeof METRICS]["read"]) => {
          const present = cellRuns.map((run) => read(run, run.groups[g].periods[run.groups[g].periods.length - 1], index)).filter((x): x is number => x !== null);
          return present.length === 0 ? null : meanInterval(present);
        };
        rows.push({
          task, method, protocol, group, budget, buyer: id, budgetAmount: config.buyers[index].budget,
          performancePerDollar: values(METRICS.performancePerDollar.read),
          perBudgetDollar: values(METRICS.performancePerBudgetDollar.read),
          runs: cellRuns.length,
        });
      }
    });
  }
  return rows;
}

/**
 * A grid: a row per task, a column per buyer × measure (per dollar spent, per budget dollar); in each
 * cell, per valuation method, one point per pricing group (side by side) at the mean with a rule over
 * the 95% interval. Each cell has its own y scale. A measure a buyer has in no seed is not drawn.
 */
export function fig7Spec(rows: ReadonlyArray<Fig7Row>, title: string, caption: string, runs: ReadonlyArray<RunRecord>): TopLevelSpec {
  const { width: _width, height: _height, ...header } = specHeader(title, caption);
  const { config } = runs[0];
  const color = { field: "group", type: "nominal", title: "pricing", sort: ["fairshare", "reduced", "random", "exploitative"] } as const;
  const methods = [...new Set(rows.map((r) => r.method))];
  const x = { field: "method", type: "nominal", title: "valuation method", sort: methods, axis: { labelAngle: -30 } } as const;
  const xOffset = { field: "group", type: "nominal", sort: color.sort } as const;
  const values = rows.flatMap((r) =>
    FIG7_MEASURES.flatMap(({ key, label }) => {
      const value = r[key];
      return value === null
        ? []
        : [{ task: r.task, panel: `${buyerLabel(config, r.buyer)}: ${label}`, method: r.method, group: r.group, mean: value.mean, low: value.low, high: value.high, seeds: value.n }];
    }),
  );
  return {
    ...header,
    data: { values },
    facet: {
      row: { field: "task", type: "nominal", sort: [...new Set(values.map((v) => v.task))], header: { title: null, labelFontWeight: "bold" } },
      // Two-line headers: "B1, high budget ($40)" over "per dollar spent".
      column: { field: "panel", type: "nominal", sort: [...new Set(values.map((v) => v.panel))], header: { title: null, labelFontWeight: "bold", labelExpr: "split(datum.value, ': ')" } },
    },
    spec: {
      width: 220,
      height: 150,
      layer: [
        { mark: { type: "rule", strokeWidth: 1.5 }, encoding: { x, xOffset, y: { field: "low", type: "quantitative", title: "accuracy gain per $" }, y2: { field: "high" }, color } },
        {
          mark: { type: "point", filled: true, size: 30 },
          encoding: {
            x, xOffset, y: { field: "mean", type: "quantitative" }, color,
            tooltip: [{ field: "group" }, { field: "method" }, { field: "mean", format: ".3g" }, { field: "low", format: ".3g" }, { field: "high", format: ".3g" }, { field: "seeds" }],
          },
        },
      ],
    },
    resolve: { scale: { y: "independent" } },
  };
}

/**
 * Fig. 7 from the learned runs of every task × method under one protocol (several seeds each).
 *
 * @example fig7Figure(runs, "experiments/configs/learned.json").id // => "fig7"
 */
export function fig7Figure(runs: ReadonlyArray<RunRecord>, config: string): Figure {
  const rows = fig7Data(runs);
  const [first] = runs;
  const seeds = [...new Set(runs.map((r) => r.seed))].sort((a, b) => a - b);
  const cells = studyCells(runs);
  const tasks = [...new Map(cells.map((c) => [c.task, taskLabel(c.runs[0])])).values()].join("; ");
  const idle = rows.filter((r) => r.performancePerDollar === null).map((r) => `${r.buyer} under ${r.group} (${r.task} × ${r.method})`);
  const fewer = rows.filter((r) => r.performancePerDollar !== null && r.performancePerDollar.n < r.runs).length;
  const title = `Fig. 7: performance per dollar by task, valuation method and pricing group (protocol: ${cells[0].protocol})`;
  const caption = `${title}. Each buyer's test-accuracy gain over its starting model at period ${first.config.periods}, per dollar spent ` +
    `(MODEL §6) and per dollar of budget available over the run (B·T, unspent budget included), on the learned market (${tasks}); ` +
    `mean over seeds ${seeds[0]}–${seeds[seeds.length - 1]} (${seeds.length}) with a 95% t-interval; each cell has its own y scale.` +
    (fewer === 0 ? "" : ` In ${fewer} of the ${rows.length} per-dollar-spent points some seeds are left out because the buyer spent nothing in them.`) +
    (idle.length === 0 ? "" : ` No per-dollar-spent point, since the buyer spent nothing in any seed: ${idle.join(", ")}.`) +
    convergenceNote(runs);
  return { id: "fig7", title, caption, config, seed: seeds[0], seeds, spec: fig7Spec(rows, title, caption, runs) };
}
