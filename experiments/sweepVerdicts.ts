/**
 * A sweep's paired differences and the paper's claims at every grid point (MODEL §9, issues #13 and
 * #14): the learned study's statistics (experiments/figures/pairedDifferences.ts, studyFindings.ts) read
 * from a sweep's rows instead of run records. Every group of a run sees the same draws under the same
 * seed (common random numbers), so at each point and seed fairshare's row is paired with the other
 * group's, and the mean of the differences `fairshare − group` gets a 95% t-interval (meanInterval).
 * Pure functions on rows, so an atlas can colour sweep points by them without rerunning anything.
 */
import { METRICS, STUDY_METRICS, type StudyMetric } from "./figures/pairedDifferences.js";
import { CLAIMS, verdictOf, type Claim, type DifferenceRow, type Interval, type Verdict } from "./figures/studyFindings.js";
import { meanInterval, type MeanInterval } from "./seedStats.js";
import type { SweepHead, SweepRow } from "./sweepSummary.js";

/**
 * studyFindings' verdicts, and `not testable here`: the metric is null in every seed under both groups
 * (a test accuracy without the learned source, seller counts of a run that keeps no seller rows), so the
 * point cannot speak to it at all, which `not resolved` would hide.
 */
export type SweepVerdict = Verdict | "not testable here";

/** The sweep column of each of the learned study's metrics. */
export const METRIC_COLUMNS = {
  cumulativeUtility: "cumulative_utility",
  performancePerDollar: "performance_per_dollar",
  performancePerBudgetDollar: "performance_per_budget_dollar",
  testAccuracy: "performance",
  averageCumulativeProfit: "average_cumulative_profit",
  activeSellers: "active_sellers",
  activeHighQuality: "active_high_quality",
  meanQuality: "mean_quality",
} as const satisfies Record<StudyMetric, keyof SweepRow>;
export type SweepMetric = (typeof METRIC_COLUMNS)[StudyMetric];

/** The columns compared, in the learned study's order (STUDY_METRICS). */
export const SWEEP_METRICS: ReadonlyArray<SweepMetric> = STUDY_METRICS.map((m) => METRIC_COLUMNS[m]);

const STUDY_METRIC_OF = new Map<string, StudyMetric>(STUDY_METRICS.map((m) => [METRIC_COLUMNS[m], m]));

/** Whether a column is a buyer's number (one comparison per buyer) or the sellers' (the same in every buyer's row). */
export function perBuyer(metric: SweepMetric): boolean {
  return METRICS[STUDY_METRIC_OF.get(metric)!].perBuyer;
}

/** One group against fairshare on one column (and buyer) at one point, as verdicts.json's `differences` hold it. */
export type SweepDifference = Omit<DifferenceRow<SweepMetric, SweepVerdict>, "group"> & { group: string };

/** One claim on one column (and buyer) at one point: fairshare − exploitative, as verdicts.json's `claims` hold it. */
export interface SweepClaim {
  claim: Claim;
  metric: SweepMetric;
  buyer: string | null;
  difference: Interval | null;
  /** Seeds paired. */
  seeds: number;
  verdict: SweepVerdict;
}

export interface PointVerdicts {
  index: number;
  overrides: SweepHead["points"][number]["overrides"];
  claims: SweepClaim[];
  differences: SweepDifference[];
}

/** verdicts.json. */
export interface SweepVerdicts {
  name: string;
  /** Seeds per point. */
  seeds: number;
  points: PointVerdicts[];
}

/**
 * The verdict of a paired difference, `not testable here` when the column was null in every seed under
 * both groups.
 *
 * @example sweepVerdictOf({ mean: 2, low: 0.5, high: 3.5, n: 5 }, true) // => "holds"
 */
export function sweepVerdictOf(difference: MeanInterval | null, testable: boolean): SweepVerdict {
  return testable ? verdictOf(difference) : "not testable here";
}

const interval = (x: MeanInterval | null): Interval | null => (x === null ? null : { mean: x.mean, low: x.low, high: x.high });
const distinct = <T>(values: ReadonlyArray<T>): T[] => [...new Set(values)];

/** One point's rows by group, seed and buyer, and its groups, seeds and buyers in the order the rows first give them. */
function indexed(rows: ReadonlyArray<SweepRow>) {
  const at = new Map<string, SweepRow>(rows.map((r) => [`${r.group}\0${r.seed}\0${r.buyer}`, r]));
  return { at, groups: distinct(rows.map((r) => String(r.group))), seeds: distinct(rows.map((r) => Number(r.seed))), buyers: distinct(rows.map((r) => String(r.buyer))) };
}
type Indexed = ReturnType<typeof indexed>;

export interface PairOptions {
  metric: SweepMetric;
  /** The group compared with fairshare. */
  group: string;
  /** The buyer's id for a buyer's column; for the sellers' ones, omitted (the first buyer's row is read). */
  buyer?: string;
}

function paired(index: Indexed, { metric, group, buyer }: PairOptions): SweepDifference {
  if (group === "fairshare" || !index.groups.includes("fairshare") || !index.groups.includes(group)) {
    throw new RangeError(`pairedColumn: needs rows of fairshare and of another group ${group}, got ${index.groups.join(", ")}`);
  }
  const mine = perBuyer(metric);
  if (mine && (buyer === undefined || !index.buyers.includes(buyer))) throw new RangeError(`pairedColumn: ${metric} is a buyer's column and needs a buyer of ${index.buyers.join(", ")}, got ${JSON.stringify(buyer)}`);
  if (!mine && buyer !== undefined) throw new RangeError(`pairedColumn: ${metric} is the sellers' column, not a buyer's (got buyer ${buyer})`);
  const read = (g: string, seed: number): number | null => {
    const row = index.at.get(`${g}\0${seed}\0${buyer ?? index.buyers[0]}`);
    if (row === undefined) throw new RangeError(`pairedColumn: no row of group ${g}, seed ${seed}, buyer ${buyer ?? index.buyers[0]}`);
    const value = row[metric];
    if (value !== null && typeof value !== "number") throw new RangeError(`pairedColumn: ${metric} must be a number or null, got ${JSON.stringify(value)}`);
    return value;
  };
  const pairs: Array<[number, number]> = [];
  let testable = false;
  for (const seed of index.seeds) {
    const f = read("fairshare", seed);
    const g = read(group, seed);
    testable ||= f !== null || g !== null;
    if (f !== null && g !== null) pairs.push([f, g]);
  }
  const difference = pairs.length === 0 ? null : meanInterval(pairs.map(([f, g]) => f - g));
  return {
    group, metric, buyer: buyer ?? null, seeds: pairs.length, dropped: index.seeds.length - pairs.length,
    fairshare: pairs.length === 0 ? null : interval(meanInterval(pairs.map((p) => p[0]))),
    other: pairs.length === 0 ? null : interval(meanInterval(pairs.map((p) => p[1]))),
    difference: interval(difference),
    verdict: sweepVerdictOf(difference, testable),
  };
}

/**
 * Fairshare minus `group` in one column at one point, seed by seed: pairedDifference on sweep rows.
 *
 * - A seed in which either value is null is dropped and counted in `dropped`; one seed left gives a
 *   zero-width interval and `not resolved`; none left gives null intervals.
 * - `not testable here` when the column is null in every seed under both groups.
 *
 * Cost: O(rows).
 *
 * @example pairedColumn(rowsOfPoint0, { metric: "active_sellers", group: "exploitative" }).verdict // => "holds"
 * @throws RangeError for rows without fairshare or `group`, a buyer's column without a known buyer (or a
 *   sellers' column with one), a seed that lacks a group's row, or a value that is not a number or null.
 */
export function pairedColumn(rows: ReadonlyArray<SweepRow>, options: PairOptions): SweepDifference {
  return paired(indexed(rows), options);
}

/**
 * Every difference and claim of one point, from its rows (all of one point).
 *
 * - `differences`: every group other than fairshare (row order) × every column (SWEEP_METRICS order) ×,
 *   for a buyer's column, every buyer (row order), as studyFindings' `differences`.
 * - `claims`: CLAIMS in order, each on its metrics' columns (and buyers), fairshare − exploitative.
 *
 * Cost: O(groups · metrics · buyers · seeds).
 *
 * @throws RangeError as pairedColumn, and for rows without an exploitative group.
 */
export function pointVerdicts(point: Pick<PointVerdicts, "index" | "overrides">, rows: ReadonlyArray<SweepRow>): PointVerdicts {
  const index = indexed(rows);
  if (!index.groups.includes("fairshare") || !index.groups.includes("exploitative")) {
    throw new RangeError(`pointVerdicts: point ${point.index} needs rows of fairshare and exploitative, got ${index.groups.join(", ") || "none"}`);
  }
  const compare = (group: string, metric: SweepMetric) =>
    perBuyer(metric) ? index.buyers.map((buyer) => paired(index, { metric, group, buyer })) : [paired(index, { metric, group })];
  const differences = index.groups.filter((g) => g !== "fairshare").flatMap((group) => SWEEP_METRICS.flatMap((metric) => compare(group, metric)));
  const claims = CLAIMS.flatMap(({ claim, metrics }) =>
    metrics.flatMap((m) => compare("exploitative", METRIC_COLUMNS[m]).map(({ metric, buyer, difference, seeds, verdict }): SweepClaim => ({ claim, metric, buyer, difference, seeds, verdict }))),
  );
  return { index: point.index, overrides: point.overrides, claims, differences };
}

/** Whether every point of the sweep has rows of both fairshare and exploitative: then `sweep` writes verdicts. */
export function hasVerdicts(head: Pick<SweepHead, "points">, rows: ReadonlyArray<SweepRow>): boolean {
  const groups = head.points.map(() => new Set<unknown>());
  for (const row of rows) groups[Number(row.point)]?.add(row.group);
  return groups.every((g) => g.has("fairshare") && g.has("exploitative"));
}

/**
 * verdicts.json's object: every point of the head (in order) with pointVerdicts of its rows.
 *
 * Cost: O(rows · metrics).
 *
 * @example sweepVerdicts(head, rows).points[0].claims[0].claim // => "exploitation drives high-quality sellers out"
 * @throws RangeError as pointVerdicts, for a point without rows, and for a row of no point of the head.
 */
export function sweepVerdicts(head: Pick<SweepHead, "name" | "seeds" | "points">, rows: ReadonlyArray<SweepRow>): SweepVerdicts {
  const byPoint = head.points.map((): SweepRow[] => []);
  for (const row of rows) {
    const mine = byPoint[Number(row.point)];
    if (mine === undefined) throw new RangeError(`sweepVerdicts: a row of point ${JSON.stringify(row.point)}, which the sweep does not have`);
    mine.push(row);
  }
  return { name: head.name, seeds: head.seeds, points: head.points.map((point, k) => pointVerdicts(point, byPoint[k])) };
}
