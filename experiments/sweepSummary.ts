/**
 * What a sweep keeps of each run: for every group and buyer, the end-of-horizon figures that the paper's
 * claims are about (MODEL §9), one row each, so that a sweep of thousands of markets stays small.
 */
import { csvCell } from "./recordsCsv.js";
import type { RunRecord } from "./records.js";
import type { SweepPoint } from "./sweepConfig.js";

export const SWEEP_COLUMNS = [
  "point", "seed", "group", "buyer", "cumulative_utility", "cumulative_spend", "performance_per_dollar",
  "active_sellers", "mean_quality", "average_cumulative_profit", "unconverged_periods",
] as const;

export type SweepRow = Record<(typeof SWEEP_COLUMNS)[number], string | number | null>;

/**
 * The rows of one run: one per group × buyer, read from the last period.
 *
 * @example sweepRows(point, run).length // => run.groups.length × run.config.buyers.length
 */
export function sweepRows(point: SweepPoint, run: RunRecord): SweepRow[] {
  return run.groups.flatMap(({ group, periods, unconvergedPeriods }) => {
    const last = periods[periods.length - 1];
    return last.buyers.map((buyer) => ({
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
    }));
  });
}

/**
 * `sweep.csv`: the grid fields as columns after `point` (a text value as it is, e.g. `loo` for
 * `valuation.method`; any other value as JSON), then the summary columns. Numbers are written in full, so
 * the CSV holds what `sweep.json` holds.
 */
export function sweepCsv(points: ReadonlyArray<SweepPoint>, rows: ReadonlyArray<SweepRow>): string {
  const fields = points[0]?.overrides.map((o) => o.field) ?? [];
  const header = ["point", ...fields, ...SWEEP_COLUMNS.slice(1)];
  const lines = rows.map((row) => {
    const grid = points[Number(row.point)].overrides.map((o) => (typeof o.value === "string" ? o.value : JSON.stringify(o.value)));
    return [row.point, ...grid, ...SWEEP_COLUMNS.slice(1).map((c) => row[c])].map(csvCell).join(",");
  });
  return `${[header.map(csvCell).join(","), ...lines].join("\n")}\n`;
}
