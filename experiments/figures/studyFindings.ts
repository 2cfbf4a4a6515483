/**
 * The paper's claims (MODEL §9, issue #13) tested cell by cell on the learned market: for each task ×
 * valuation method × learning protocol, fairshare against exploitative at the last period, paired by
 * seed (pairedDifferences.ts). A claim holds only when the seeds show it: the 95% interval of the paired
 * difference must lie on fairshare's side of 0.
 */
import type { MethodId } from "../learned/methods/method.js";
import type { TaskId } from "../learned/tasks.js";
import type { RunRecord } from "../records.js";
import type { MeanInterval } from "../seedStats.js";
import { cellDifferences, METRICS, type PairedDifference, type StudyMetric } from "./pairedDifferences.js";
import { cellName, studyCells } from "./learnedStudy.js";

/**
 * `holds`: the 95% interval of the paired difference lies above 0 (fairshare's favour); `reversed`: below
 * 0; `not resolved`: it contains 0, or fewer than two seeds give no interval.
 */
export type Verdict = "holds" | "reversed" | "not resolved";

/**
 * The paper's claims, each with the metrics that test it; for every one, fairshare − exploitative > 0
 * is in fairshare's favour (so "exploitation drives high-quality sellers out" holds when the active
 * sellers' mean quality is higher under fairshare).
 */
export const CLAIMS = [
  // The best tier's count, not the mean quality: when exploitation drives every seller out the mean is undefined.
  { claim: "exploitation drives high-quality sellers out", metrics: ["activeHighQuality"] },
  { claim: "exploitation degrades long-term model performance", metrics: ["testAccuracy"] },
  { claim: "fairshare sustains participation", metrics: ["activeSellers"] },
  { claim: "fairshare gives buyers higher long-term utility", metrics: ["cumulativeUtility"] },
  { claim: "fairshare gives sellers higher profit", metrics: ["averageCumulativeProfit"] },
  { claim: "fairshare gives higher performance per dollar", metrics: ["performancePerDollar", "performancePerBudgetDollar"] },
] as const satisfies ReadonlyArray<{ claim: string; metrics: ReadonlyArray<StudyMetric> }>;
export type Claim = (typeof CLAIMS)[number]["claim"];

/** A mean and its 95% interval as table2.json holds it. */
export interface Interval {
  mean: number;
  low: number;
  high: number;
}

/** One claim tested on one metric (and buyer) of one cell, as table2.json's `claims` hold it. */
export interface ClaimVerdict {
  claim: Claim;
  metric: StudyMetric;
  /** The buyer's id for a buyer's metric, null for the sellers'. */
  buyer: string | null;
  /** Fairshare − exploitative, paired by seed; null when no seed pairs (the metric is missing in every seed). */
  difference: Interval | null;
  verdict: Verdict;
}

/**
 * One group against fairshare on one metric (and buyer) of one cell, as table2.json's `differences`
 * hold it; a sweep's verdicts.json holds the same shape with its own columns and verdicts.
 */
export interface DifferenceRow<Metric extends string = StudyMetric, V extends string = Verdict> {
  group: PairedDifference["group"];
  metric: Metric;
  /** The buyer's id for a buyer's metric, null for the sellers'. */
  buyer: string | null;
  /** Seeds paired, and seeds dropped because the metric was missing under either group. */
  seeds: number;
  dropped: number;
  /** Each group's mean over the paired seeds, and the mean of the differences `fairshare − group`, each with its 95% interval; null when no seed pairs. */
  fairshare: Interval | null;
  other: Interval | null;
  difference: Interval | null;
  verdict: V;
}

/** One task × method × protocol of the study. */
export interface CellFindings {
  task: TaskId;
  method: MethodId;
  protocol: string;
  /** Runs (seeds) of the cell. */
  seeds: number;
  /** `T`: the claims are about period T. */
  periods: number;
  claims: ClaimVerdict[];
  differences: DifferenceRow[];
}

/**
 * The verdict of a paired difference.
 *
 * @example verdictOf({ mean: 2, low: 0.5, high: 3.5, n: 5 }) // => "holds"
 */
export function verdictOf(difference: MeanInterval | null): Verdict {
  if (difference === null || difference.n < 2) return "not resolved";
  if (difference.low > 0) return "holds";
  if (difference.high < 0) return "reversed";
  return "not resolved";
}

/** Decimals that give `x` three significant digits (at most 12; 2 for 0). */
function decimals(x: number): number {
  if (x === 0 || !Number.isFinite(x)) return 2;
  return Math.min(12, Math.max(0, 2 - Math.floor(Math.log10(Math.abs(x)))));
}

/**
 * A number to three significant digits (all digits left of the point are kept).
 *
 * @example formatNumber(0.0031249) // => "0.00312"
 */
export function formatNumber(x: number, digits = decimals(x)): string {
  return x.toFixed(digits).replace(/^-(0\.?0*)$/, "$1");
}

/**
 * A mean and its 95% interval, `mean [low, high]`, all with the decimals that give the largest of the
 * three three significant digits; `sign` puts + before a positive number.
 *
 * @example formatInterval({ mean: 7.74, low: 6.1, high: 9.381 }) // => "7.74 [6.10, 9.38]"
 */
export function formatInterval(x: Interval, sign = false): string {
  const digits = decimals(Math.max(Math.abs(x.mean), Math.abs(x.low), Math.abs(x.high)));
  const f = (v: number) => `${sign && v > 0 ? "+" : ""}${formatNumber(v, digits)}`;
  return `${f(x.mean)} [${f(x.low)}, ${f(x.high)}]`;
}

const interval = (x: MeanInterval | null): Interval | null => (x === null ? null : { mean: x.mean, low: x.low, high: x.high });

const key = (d: { group: string; metric: string; buyer: string | null }) => `${d.group}/${d.metric}/${d.buyer ?? ""}`;

/**
 * Every claim of CLAIMS and every paired difference for every task × method × protocol of the study,
 * cells in studyCells order.
 *
 * - `claims`: in CLAIMS order; a claim on a buyer's metric has one row per buyer (config order), and
 *   the performance-per-dollar claim one row per metric and buyer. Each is fairshare − exploitative at T.
 * - `differences`: every group other than fairshare against it, every metric (cellDifferences order).
 * - Seeds in which a metric is missing (a buyer that spent nothing, no active seller) are dropped from
 *   its pair; a cell with fewer than two paired seeds gets `not resolved`.
 *
 * Cost: O(runs · groups · metrics · buyers).
 *
 * @example studyFindings(runs)[0].claims[0] // => { claim: "exploitation drives high-quality sellers out", metric: "meanQuality", buyer: null, difference: { mean: 0.1, low: 0.05, high: 0.15 }, verdict: "holds" }
 * @throws RangeError for no runs, runs that are not learned or differ in shape (studyCells), or runs
 *   without both a fairshare and an exploitative group.
 */
export function studyFindings(runs: ReadonlyArray<RunRecord>): CellFindings[] {
  return studyCells(runs).map((cell) => {
    const { config } = cell.runs[0];
    if (!config.groups.includes("fairshare") || !config.groups.includes("exploitative")) {
      throw new RangeError(`studyFindings: ${cellName(cell)}: the runs need a fairshare and an exploitative group, got ${config.groups.join(", ")}`);
    }
    const paired = cellDifferences(cell.runs);
    const differences: DifferenceRow[] = paired.map((d) => ({
      group: d.group, metric: d.metric, buyer: d.buyer, seeds: d.seeds, dropped: d.dropped,
      fairshare: interval(d.fairshare), other: interval(d.other), difference: interval(d.difference), verdict: verdictOf(d.difference),
    }));
    const byKey = new Map(paired.map((d) => [key(d), d]));
    const claims: ClaimVerdict[] = CLAIMS.flatMap(({ claim, metrics }) =>
      metrics.flatMap((metric) =>
        (METRICS[metric].perBuyer ? config.buyers.map((b) => b.id) : [null]).map((buyer): ClaimVerdict => {
          const d = byKey.get(key({ group: "exploitative", metric, buyer }))!;
          return { claim, metric, buyer, difference: interval(d.difference), verdict: verdictOf(d.difference) };
        }),
      ),
    );
    return { task: cell.task, method: cell.method, protocol: cell.protocol, seeds: cell.runs.length, periods: config.periods, claims, differences };
  });
}

/** A claim row's name: the claim, and its metric and buyer when the claim has several rows. */
export function claimName(row: Pick<ClaimVerdict, "claim" | "metric" | "buyer">): string {
  const { metrics } = CLAIMS.find((c) => c.claim === row.claim)!;
  const parts = [...(metrics.length > 1 ? [METRICS[row.metric].label.replace(/ \(.*\)$/, "")] : []), ...(row.buyer === null ? [] : [row.buyer])];
  return parts.length === 0 ? row.claim : `${row.claim} (${parts.join(", ")})`;
}

/**
 * The one-line verdict over every cell, written from the verdicts alone: "every claim holds in every
 * cell" when it does; otherwise, claim row by claim row (CLAIMS order), how often it holds and where it
 * is reversed or not resolved (naming the cells of the rarer of the two and counting "the other k").
 *
 * @example studyVerdict(cells) // => "Over 20 task × method × protocol cells at t = 100: exploitation drives high-quality sellers out holds in 12 of 20, …"
 * @throws RangeError for no cells.
 */
export function studyVerdict(cells: ReadonlyArray<CellFindings>): string {
  if (cells.length === 0) throw new RangeError("studyVerdict: needs at least one cell");
  const periods = [...new Set(cells.map((c) => c.periods))].join(", ");
  const head = `${cells.length} task × method × protocol ${cells.length === 1 ? "cell" : "cells"} at t = ${periods}`;
  const rows = new Map<string, Array<{ cell: string; verdict: Verdict }>>();
  for (const cell of cells) {
    for (const row of cell.claims) rows.set(claimName(row), [...(rows.get(claimName(row)) ?? []), { cell: cellName(cell), verdict: row.verdict }]);
  }
  const summary = (name: string, list: Array<{ cell: string; verdict: Verdict }>) => {
    const held = list.filter((r) => r.verdict === "holds").length;
    if (held === list.length) return `${name} holds in all ${list.length}`;
    const cellsOf = (mine: typeof list) => (mine.length === list.length ? `all ${list.length}` : mine.map((r) => r.cell).join(", "));
    const [few, many] = (["reversed", "not resolved"] as const)
      .map((verdict) => ({ verdict, mine: list.filter((r) => r.verdict === verdict) }))
      .filter(({ mine }) => mine.length > 0)
      .sort((x, y) => x.mine.length - y.mine.length);
    // With both kinds, the larger is "the other k", so the line names the fewer cells.
    const where = many === undefined ? `${few.verdict} in ${cellsOf(few.mine)}` : `${few.verdict} in ${cellsOf(few.mine)}, ${many.verdict} in the other ${many.mine.length}`;
    return `${name} holds in ${held} of ${list.length}, ${where}`;
  };
  const all = [...rows.values()].every((list) => list.every((r) => r.verdict === "holds"));
  if (all) return `Every claim holds in every cell (${head}).`;
  return `Over ${head}: ${[...rows.entries()].map(([name, list]) => summary(name, list)).join("; ")}.`;
}
