/**
 * Table 1 (MODEL §9): buyers' performance per dollar by pricing group and budget, at the last period,
 * as the mean over seeds with its 95% interval.
 */
import { budgetBuyers } from "../budgetBuyers.js";
import type { RunRecord } from "../records.js";
import { meanInterval, type MeanInterval } from "../seedStats.js";

export interface Table1Row {
  group: string;
  budget: "high" | "low";
  buyer: string;
  /** Valuation score gained over the run per dollar spent (MODEL §6). */
  performancePerDollar: MeanInterval;
  /**
   * Valuation score gained per dollar of budget available over the run, `score / (B_b · T)`: the reading
   * of "performance per dollar" in which unspent budget counts, shown beside MODEL §6's per dollar spent.
   */
  perBudgetDollar: MeanInterval;
  /** Total valuation score bought over the run. */
  score: MeanInterval;
  /** Total money spent over the run. */
  spend: MeanInterval;
}

/** A table as `table1.json` (or `table2.json`) holds it: the report renders `columns` and `rows` as they are. */
export interface Table<Row = Table1Row> {
  caption: string;
  columns: string[];
  rows: Array<Array<string | number>>;
  /** The data behind the rows, with full precision and intervals. */
  data: Row[];
  config: string;
  seeds: number[];
}

/**
 * One row per group × budget (high, then low): performance per dollar, score and spend over the whole run.
 *
 * - Seeds in which the buyer has no performance per dollar (it spent nothing, or so little that the
 *   quotient is too large for a double; records.ts) are left out of that column's mean;
 *   `performancePerDollar.n` says how many seeds it averages.
 *
 * @throws RangeError for no runs, or when no seed has spending for some row.
 */
export function table1Data(runs: ReadonlyArray<RunRecord>): Table1Row[] {
  if (runs.length === 0) throw new RangeError("table1Data: needs at least one run");
  const buyers = budgetBuyers(runs[0].config);
  const rows: Table1Row[] = [];
  runs[0].groups.forEach(({ group }, g) => {
    for (const budget of ["high", "low"] as const) {
      const { index, id } = buyers[budget];
      const last = runs.map((run) => run.groups[g].periods[run.groups[g].periods.length - 1].buyers[index]);
      const perDollar = last.map((b) => b.performancePerDollar).filter((x): x is number => x !== null);
      if (perDollar.length === 0) throw new RangeError(`table1Data: buyer ${id} spent nothing (or too little for a finite performance per dollar) under ${group} in any seed`);
      rows.push({
        group,
        budget,
        buyer: id,
        performancePerDollar: meanInterval(perDollar),
        perBudgetDollar: meanInterval(last.map((b) => b.cumulativeScore / (b.budget * runs[0].config.periods))),
        score: meanInterval(last.map((b) => b.cumulativeScore)),
        spend: meanInterval(last.map((b) => b.cumulativeSpend)),
      });
    }
  });
  return rows;
}

const interval = (x: MeanInterval, digits: number) => `${x.mean.toFixed(digits)} [${x.low.toFixed(digits)}, ${x.high.toFixed(digits)}]`;

/**
 * Table 1 for the report: formatted cells (mean and 95% interval) and the raw rows.
 *
 * @example table1(runs, "experiments/configs/fig4.json").columns[0] // => "group"
 */
export function table1(runs: ReadonlyArray<RunRecord>, config: string): Table {
  const data = table1Data(runs);
  const seeds = runs.map((r) => r.seed);
  const caption = `Table 1: buyers' performance per dollar by pricing group and budget: valuation score gained over ${runs[0].config.periods} periods ` +
    "per dollar spent (MODEL §6) and per dollar of budget available (B·T); " +
    `mean over ${runs.length} seeds with a 95% t-interval, from ${config}.`;
  return {
    caption,
    columns: ["group", "budget", "buyer", "performance per dollar spent", "performance per budget dollar", "score gained", "money spent ($)", "seeds"],
    rows: data.map((r) => [
      r.group, r.budget, r.buyer, interval(r.performancePerDollar, 3), interval(r.perBudgetDollar, 3), interval(r.score, 1), interval(r.spend, 1), r.performancePerDollar.n,
    ]),
    data,
    config,
    seeds,
  };
}

/** What a table's text needs: its caption, column headers and formatted rows. */
export type TableText = Pick<Table<unknown>, "caption" | "columns" | "rows">;

/** The table as GitHub Markdown, caption first. */
export function table1Markdown(table: TableText): string {
  const line = (cells: ReadonlyArray<string | number>) => `| ${cells.join(" | ")} |`;
  return [table.caption, "", line(table.columns), line(table.columns.map(() => "---")), ...table.rows.map(line), ""].join("\n");
}
