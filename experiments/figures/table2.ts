/**
 * Table 2 (MODEL §9, issue #13): the paper's claims on the learned market, one verdict per task ×
 * valuation method × learning protocol × claim, from the paired difference fairshare − exploitative at
 * the last period (studyFindings.ts); then the numbers behind each verdict, and every other group
 * against fairshare.
 */
import type { RunRecord } from "../records.js";
import { table1Markdown, type TableText } from "./table1.js";
import { CLAIMS, formatInterval, formatNumber, studyFindings, studyVerdict, type CellFindings, type ClaimVerdict, type DifferenceRow } from "./studyFindings.js";
import { METRICS, type StudyMetric } from "./pairedDifferences.js";

/** Table 2 as `table2.json` holds it: the verdict matrix (`columns`, `rows`), the numbers, the verdict line, and every cell. */
export interface Table2 extends TableText {
  /** One row per cell × claim row: both groups' means, the paired difference and its interval, the seeds paired. */
  numbers: TableText;
  /** Every group other than fairshare against it, every metric. */
  differences: TableText;
  /** The one-line verdict (studyVerdict). */
  verdict: string;
  config: string;
  /** Every seed of the study. */
  seeds: number[];
  cells: CellFindings[];
}

/** A metric's name in a column header. */
const SHORT: Record<StudyMetric, string> = {
  activeHighQuality: "best-tier sellers",
  meanQuality: "mean quality",
  testAccuracy: "test accuracy",
  activeSellers: "active sellers",
  cumulativeUtility: "utility",
  averageCumulativeProfit: "sellers' profit",
  performancePerDollar: "per $ spent",
  performancePerBudgetDollar: "per budget $",
};

/** The claim's number, "(1)" … "(6)", in CLAIMS order. */
const claimNumber = (claim: string) => `(${CLAIMS.findIndex((c) => c.claim === claim) + 1})`;

/** A claim row's column header: "(2) test accuracy, B1". */
const header = (row: Pick<ClaimVerdict, "claim" | "metric" | "buyer">) => `${claimNumber(row.claim)} ${SHORT[row.metric]}${row.buyer === null ? "" : `, ${row.buyer}`}`;

/** "(1) exploitation drives high-quality sellers out: mean quality of active sellers; (2) …". */
const legend = () => CLAIMS.map(({ claim, metrics }, k) => `(${k + 1}) ${claim}: ${metrics.map((m) => METRICS[m].label).join(", and ")}`).join("; ");

/** Seeds paired, "20" or "18 of 20". */
const paired = (row: Pick<DifferenceRow, "seeds" | "dropped">) => (row.dropped === 0 ? row.seeds : `${row.seeds} of ${row.seeds + row.dropped}`);

/** A paired difference as a cell: "+0.0123 [+0.0045, +0.0201]", or why there is none. */
const differenceText = (row: Pick<DifferenceRow, "difference">) => (row.difference === null ? "— (no seed pairs)" : formatInterval(row.difference, true));

/**
 * Table 2 from the study's runs: the verdict matrix (a row per cell, a column per claim row), the
 * numbers, every group's differences, the one-line verdict, and the cells as data.
 *
 * @example table2(runs, "experiments/configs/learned.json").columns.slice(0, 4) // => ["task", "method", "protocol", "seeds"]
 * @throws RangeError as studyFindings.
 */
export function table2(runs: ReadonlyArray<RunRecord>, config: string): Table2 {
  const cells = studyFindings(runs);
  const seeds = [...new Set(runs.map((r) => r.seed))].sort((a, b) => a - b);
  const periods = [...new Set(cells.map((c) => c.periods))].join(", ");
  const range = seeds.length === 1 ? `seed ${seeds[0]}` : `${seeds.length} seeds (${seeds[0]}–${seeds[seeds.length - 1]})`;
  const how = `at t = ${periods}, paired by seed: in each run every pricing group is offered the same batches, so each seed gives one difference, ` +
    "and the verdict reads the 95% t-interval of their mean: holds when it lies above 0 (fairshare's favour), reversed below 0, " +
    "not resolved when it contains 0 or fewer than two seeds pair";
  const caption = `Table 2: does each of the paper's claims hold on the learned market? One verdict per task × valuation method × learning protocol ` +
    `and claim, from fairshare − exploitative ${how}; over ${range}, from ${config}. Claims: ${legend()}.`;
  const numbersRows = cells.flatMap((cell) => cell.claims.map((row) => {
    const d = cell.differences.find((x) => x.group === "exploitative" && x.metric === row.metric && x.buyer === row.buyer)!;
    return [
      cell.task, cell.method, cell.protocol, claimNumber(row.claim), METRICS[row.metric].label, row.buyer ?? "sellers", paired(d),
      d.fairshare === null ? "—" : formatNumber(d.fairshare.mean), d.other === null ? "—" : formatNumber(d.other.mean), differenceText(d), row.verdict,
    ];
  }));
  return {
    caption,
    columns: ["task", "method", "protocol", "seeds", ...cells[0].claims.map(header)],
    rows: cells.map((cell) => [cell.task, cell.method, cell.protocol, cell.seeds, ...cell.claims.map((row) => row.verdict)]),
    numbers: {
      caption: `The numbers behind Table 2: for each cell and claim, fairshare's and exploitative's means at t = ${periods} over the paired seeds, and the mean of ` +
        "their per-seed differences with its 95% t-interval. " +
        "Seeds in which a metric is missing under either group (a buyer that spent nothing, no active seller) are left out, and the seeds column says how many remain.",
      columns: ["task", "method", "protocol", "claim", "metric", "buyer", "seeds", "fairshare", "exploitative", "fairshare − exploitative [95% CI]", "verdict"],
      rows: numbersRows,
    },
    differences: {
      caption: `Every other pricing group against fairshare, every metric: the mean of the per-seed differences fairshare − group at t = ${periods} ` +
        "with its 95% t-interval, and its verdict by Table 2's rule (a seeds column below the cell's seeds counts the seeds left out where the metric is missing).",
      columns: ["task", "method", "protocol", "group", "metric", "buyer", "seeds", "fairshare − group [95% CI]", "verdict"],
      rows: cells.flatMap((cell) => cell.differences.map((d) => [
        cell.task, cell.method, cell.protocol, d.group, METRICS[d.metric].label, d.buyer ?? "sellers", paired(d), differenceText(d), d.verdict,
      ])),
    },
    verdict: studyVerdict(cells),
    config,
    seeds,
    cells,
  };
}

/** Table 2 as GitHub Markdown: the verdict matrix, the verdict line, the numbers, then every group against fairshare. */
export function table2Markdown(table: Table2): string {
  return [
    table1Markdown(table),
    `**Verdict:** ${table.verdict}`,
    "",
    "### The numbers",
    "",
    table1Markdown(table.numbers),
    "### Every group against fairshare",
    "",
    table1Markdown(table.differences),
  ].join("\n");
}
