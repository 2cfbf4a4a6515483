/**
 * Table 2 (MODEL §9): the numbers behind Fig. 7 — each buyer's performance per dollar at the last period
 * by task, valuation method and pricing group, mean over seeds with its 95% interval — with each group's
 * final sellers' average cumulative profit and the buyer's cumulative utility, and the study's findings
 * (studyFindings.ts): whether fairshare's gains over exploitative pricing hold, task × method by task × method.
 */
import type { RunRecord } from "../records.js";
import { meanInterval, type MeanInterval } from "../seedStats.js";
import { fig7Data, type Fig7Row } from "./fig7.js";
import { buyerLabel, studyCells } from "./learnedStudy.js";
import { formatInterval, studyFindings, studyVerdict, type Finding } from "./studyFindings.js";
import { table1Markdown, type Table } from "./table1.js";

export interface Table2Row extends Fig7Row {
  /** The buyer's cumulative discounted utility at the last period. */
  cumulativeUtility: MeanInterval;
  /** The group's sellers' average cumulative profit at the last period (the same for both buyers' rows). */
  sellerProfit: MeanInterval;
}

/** Table 2 as `table2.json` holds it: the rows, and the findings with their one-line verdict. */
export interface Table2 extends Table<Table2Row> {
  findings: Finding[];
  verdict: string;
}

/**
 * Fig. 7's rows, in its order, each with the group's final sellers' average cumulative profit and the
 * buyer's final cumulative utility over the cell's seeds.
 *
 * Cost: O(runs · groups · buyers).
 *
 * @throws RangeError as fig7Data.
 */
export function table2Data(runs: ReadonlyArray<RunRecord>): Table2Row[] {
  const cells = studyCells(runs);
  return fig7Data(runs).map((row) => {
    const { runs: cellRuns } = cells.find((c) => c.task === row.task && c.method === row.method)!;
    const g = cellRuns[0].config.groups.indexOf(row.group);
    const b = cellRuns[0].config.buyers.findIndex((x) => x.id === row.buyer);
    const last = cellRuns.map((run) => run.groups[g].periods[run.groups[g].periods.length - 1]);
    return {
      ...row,
      cumulativeUtility: meanInterval(last.map((p) => p.buyers[b].cumulativeUtility)),
      sellerProfit: meanInterval(last.map((p) => p.averageCumulativeProfit)),
    };
  });
}

/**
 * Table 2 for the report: formatted cells (mean and 95% interval), the raw rows, and the findings.
 *
 * @example table2(runs, "experiments/configs/learned.json").columns[0] // => "task"
 */
export function table2(runs: ReadonlyArray<RunRecord>, config: string): Table2 {
  const data = table2Data(runs);
  const seeds = [...new Set(runs.map((r) => r.seed))].sort((a, b) => a - b);
  const findings = studyFindings(runs);
  const caption = `Table 2: the learned market at period ${runs[0].config.periods}, by task, valuation method, pricing group and buyer: ` +
    "performance per dollar (test-accuracy gain over the starting model per dollar spent, MODEL §6; over the seeds in which the buyer spent), " +
    "the buyer's cumulative utility and the sellers' average cumulative profit; " +
    `mean over ${seeds.length} seeds (${seeds[0]}–${seeds[seeds.length - 1]}) with a 95% t-interval, from ${config}.`;
  return {
    caption,
    columns: ["task", "method", "group", "buyer", "seeds", "performance per dollar", "cumulative utility ($)", "sellers' average cumulative profit ($)"],
    rows: data.map((r) => [
      r.task, r.method, r.group, buyerLabel(runs[0].config, r.buyer),
      r.performancePerDollar === null ? `0 of ${r.runs}` : r.performancePerDollar.n === r.runs ? r.runs : `${r.performancePerDollar.n} of ${r.runs}`,
      r.performancePerDollar === null ? "— (spent nothing)" : formatInterval(r.performancePerDollar),
      formatInterval(r.cumulativeUtility), formatInterval(r.sellerProfit),
    ]),
    data,
    config,
    seeds,
    findings,
    verdict: studyVerdict(findings),
  };
}

/** Table 2 as GitHub Markdown: the table, then the verdict and every finding. */
export function table2Markdown(table: Table2): string {
  return [
    table1Markdown(table),
    "Does fairshare's advantage over exploitative pricing hold? Each claim is fairshare minus exploitative at the last period, " +
      "paired by seed: `holds` when the 95% interval of the difference lies above 0, `reversed` below 0, `not resolved` otherwise.",
    "",
    `**Verdict:** ${table.verdict}`,
    "",
    ...table.findings.map((f) => `- ${f.sentence}`),
    "",
  ].join("\n");
}
