/**
 * What a sweep keeps of each run: for every group and buyer, the end-of-horizon figures that the paper's
 * claims are about (MODEL §9), one row each, so that a sweep of thousands of markets stays small.
 */
import { METRICS } from "./figures/pairedDifferences.js";
import { csvCell } from "./recordsCsv.js";
import type { RunRecord } from "./records.js";
import type { SweepPoint, SweepSpec } from "./sweepConfig.js";

export const SWEEP_COLUMNS = [
  "point", "seed", "group", "buyer", "cumulative_utility", "cumulative_spend", "performance_per_dollar",
  "active_sellers", "mean_quality", "average_cumulative_profit", "unconverged_periods",
  "performance", "performance_per_budget_dollar", "active_high_quality",
] as const;

export type SweepRow = Record<(typeof SWEEP_COLUMNS)[number], string | number | null>;

/** What `sweep.json` says of the sweep before its rows: the spec as given, and each point's overrides. */
export interface SweepHead {
  name: string;
  description?: string;
  base: string;
  grid: SweepSpec["grid"];
  seeds: number;
  points: Array<Pick<SweepPoint, "index" | "overrides">>;
}

/** The head of a sweep's summary; a sweep without a description has no `description` key. */
export function sweepHead(spec: SweepSpec, points: ReadonlyArray<SweepPoint>): SweepHead {
  const description = spec.description === undefined ? {} : { description: spec.description };
  return {
    name: spec.name,
    ...description,
    base: spec.base,
    grid: spec.grid,
    seeds: spec.seeds,
    points: points.map(({ index, overrides }) => ({ index, overrides })),
  };
}

/** `sweep.json`'s object: the head, the column names, and the rows in cell order. */
export function sweepJson(head: SweepHead, rows: ReadonlyArray<SweepRow>): SweepHead & { columns: typeof SWEEP_COLUMNS; rows: ReadonlyArray<SweepRow> } {
  return { ...head, columns: SWEEP_COLUMNS, rows };
}

/**
 * The rows of one run: one per group × buyer, read from the last period `T`.
 *
 * - `performance`: the buyer's test accuracy at T with the learned source; null with `synthetic` and
 *   `import`.
 * - `performance_per_budget_dollar`: performance gained per dollar of budget available over the run,
 *   unspent budget included: `(accuracy_T − start accuracy) / (B_b · T)` with the learned source (the
 *   learned study's, experiments/figures/pairedDifferences.ts), `cumulativeScore / (B_b · T)` otherwise
 *   (Table 1's, experiments/figures/table1.ts).
 * - `active_high_quality`: active sellers of the best tier (the highest θ of every seller the run had)
 *   at T, counted from the period's seller rows (the learned study's `activeHighQuality`); null when the
 *   run keeps no seller rows (`records: "aggregates"`).
 *
 * @example sweepRows(point, run).length // => run.groups.length × run.config.buyers.length
 */
export function sweepRows(point: SweepPoint, run: RunRecord): SweepRow[] {
  const sellerRows = run.config.records !== "aggregates";
  return run.groups.flatMap(({ group, periods, unconvergedPeriods }) => {
    const last = periods[periods.length - 1];
    return last.buyers.map((buyer, b) => ({
      point: point.index,
      seed: run.seed,
      group,
      buyer: buyer.id,
      cumulative_utility: buyer.cumulativeUtility,
      cumulative_spend: buyer.cumulativeSpend,
      performance_per_dollar: buyer.performancePerDollar,
      active_sellers: last.activeSellers,
      mean_quality: last.meanQuality,
      average_cumulative_profit: last.averageCumulativeProfit,
      unconverged_periods: unconvergedPeriods,
      performance: METRICS.testAccuracy.read(run, last, b),
      performance_per_budget_dollar:
        run.learning === null ? buyer.cumulativeScore / (buyer.budget * last.period) : METRICS.performancePerBudgetDollar.read(run, last, b),
      active_high_quality: sellerRows ? METRICS.activeHighQuality.read(run, last, b) : null,
    }));
  });
}

/**
 * `sweep.csv`: the grid fields as columns after `point` (a text value as it is, e.g. `loo` for
 * `valuation.method`; any other value as JSON), then the summary columns. Numbers are written in full, so
 * the CSV holds what `sweep.json` holds.
 */
export function sweepCsv(points: ReadonlyArray<Pick<SweepPoint, "overrides">>, rows: ReadonlyArray<SweepRow>): string {
  const fields = points[0]?.overrides.map((o) => o.field) ?? [];
  const header = ["point", ...fields, ...SWEEP_COLUMNS.slice(1)];
  const lines = rows.map((row) => {
    const grid = points[Number(row.point)].overrides.map((o) => (typeof o.value === "string" ? o.value : JSON.stringify(o.value)));
    return [row.point, ...grid, ...SWEEP_COLUMNS.slice(1).map((c) => row[c])].map(csvCell).join(",");
  });
  return `${[header.map(csvCell).join(","), ...lines].join("\n")}\n`;
}
