/**
 * Paired differences of the learned study (issue #13, MODEL §6, §9): in one run every pricing group is
 * offered the same batches under the same seed (common random numbers), so for each seed the study
 * takes fairshare's number minus another group's from the same run, and reports the mean of those
 * differences with its 95% t-interval. Pairing removes the seed-to-seed spread the groups share.
 */
import type { Group } from "../config.js";
import type { PeriodRecord, RunRecord } from "../records.js";
import { meanInterval, type MeanInterval } from "../seedStats.js";

/** The numbers compared, each read from one group's period record of one run. */
export const STUDY_METRICS = [
  "cumulativeUtility",
  "performancePerDollar",
  "performancePerBudgetDollar",
  "testAccuracy",
  "averageCumulativeProfit",
  "activeSellers",
  "activeHighQuality",
  "meanQuality",
] as const;
export type StudyMetric = (typeof STUDY_METRICS)[number];

export interface MetricSpec {
  /** What it is, in words, for captions and tables. */
  label: string;
  /** Whether it is a buyer's number (one difference per buyer) or the sellers' (one per group). */
  perBuyer: boolean;
  /** Why a seed can lack it; undefined when it never does. */
  missing?: string;
  /** Its value in period record `p` of `run` for buyer index `b` (ignored by the sellers' metrics); null when undefined. */
  read(run: RunRecord, p: PeriodRecord, b: number): number | null;
}

/**
 * Each metric: how it is read, and when it is missing.
 *
 * - `performancePerDollar`: BuyerPeriod's, the accuracy gained over the starting model per dollar spent
 *   (MODEL §6); missing when the buyer has spent nothing.
 * - `performancePerBudgetDollar`: `(accuracy_t − start accuracy) / (B_b · t)`, the same gain per dollar of
 *   budget available up to period t, unspent budget included (Table 1's second reading).
 * - `testAccuracy`: the buyer's test accuracy after period t (the learned source only).
 * - `activeHighQuality`: how many sellers of the best tier (the highest θ of the run) are active; it
 *   measures "the best leave first" even when every seller has left, where the mean quality is undefined.
 * - `meanQuality`: the mean θ of the active sellers; missing when none is active.
 */
export const METRICS: Readonly<Record<StudyMetric, MetricSpec>> = {
  cumulativeUtility: { label: "cumulative utility ($)", perBuyer: true, read: (_, p, b) => p.buyers[b].cumulativeUtility },
  performancePerDollar: {
    label: "performance per dollar spent (accuracy gain per $)", perBuyer: true, missing: "the buyer had spent nothing under one of the groups",
    read: (_, p, b) => p.buyers[b].performancePerDollar,
  },
  performancePerBudgetDollar: {
    label: "performance per budget dollar (accuracy gain per $ of B·t)", perBuyer: true, missing: "the run has no test accuracy",
    read: (run, p, b) => {
      const { performance, budget } = p.buyers[b];
      return performance === null || run.learning === null ? null : (performance - run.learning.startAccuracy) / (budget * p.period);
    },
  },
  testAccuracy: { label: "final test accuracy", perBuyer: true, missing: "the run has no test accuracy", read: (_, p, b) => p.buyers[b].performance },
  averageCumulativeProfit: { label: "sellers' average cumulative profit ($)", perBuyer: false, read: (_, p) => p.averageCumulativeProfit },
  activeSellers: { label: "active sellers", perBuyer: false, read: (_, p) => p.activeSellers },
  activeHighQuality: {
    label: "active sellers of the best tier", perBuyer: false, missing: "the run keeps no seller rows (records: aggregates)",
    read: (run, p) => {
      if (p.sellers.length !== p.activeSellers) return null;
      const best = Math.max(...run.sellers.map((s) => s.quality));
      return p.sellers.filter((s) => s.quality === best).length;
    },
  },
  meanQuality: { label: "mean quality of active sellers", perBuyer: false, missing: "no seller was active under one of the groups", read: (_, p) => p.meanQuality },
};

/** One paired comparison: fairshare minus `group` in `metric` at `period`, over a cell's seeds. */
export interface PairedDifference {
  /** The group compared with fairshare. */
  group: Group;
  metric: StudyMetric;
  /** The buyer's id for a buyer's metric, null for the sellers'. */
  buyer: string | null;
  period: number;
  /** Seeds in which both groups have the metric (the n of every interval here). */
  seeds: number;
  /** Seeds left out because the metric is missing (null) under either group. */
  dropped: number;
  /** Fairshare's and the other group's mean over the paired seeds, each with its own 95% interval; null when no seed pairs. */
  fairshare: MeanInterval | null;
  other: MeanInterval | null;
  /** Mean of the per-seed differences `fairshare − group` with its 95% t-interval; null when no seed pairs. */
  difference: MeanInterval | null;
}

export interface PairedOptions {
  metric: StudyMetric;
  /** The group compared with fairshare. */
  group: Group;
  /** The buyer's id, for a buyer's metric. */
  buyer?: string;
  /** The period, 1-based; the last period by default. */
  period?: number;
}

/**
 * Fairshare minus `group` in `metric`, seed by seed within each run, at one period: the mean of the
 * differences and its 95% t-interval (seedStats.ts meanInterval).
 *
 * - A seed in which either value is null is dropped, and `dropped` counts it.
 * - One seed left: a zero-width interval (no verdict can rest on it; verdictOf says not resolved).
 * - No seed left: `difference`, `fairshare` and `other` are null.
 *
 * Cost: O(seeds).
 *
 * @example pairedDifference(runs, { metric: "activeSellers", group: "exploitative" }).difference // => { mean: 2, low: 1.1, high: 2.9, n: 20 }
 * @throws RangeError for no runs, runs without fairshare or `group`, a buyer's metric without a known
 *   buyer (or a sellers' metric with one), or a period outside 1..T.
 */
export function pairedDifference(runs: ReadonlyArray<RunRecord>, options: PairedOptions): PairedDifference {
  const { metric, group, buyer } = options;
  if (runs.length === 0) throw new RangeError("pairedDifference: needs at least one run");
  const spec = METRICS[metric];
  const { config } = runs[0];
  const fair = config.groups.indexOf("fairshare");
  const other = config.groups.indexOf(group);
  if (fair === -1 || other === -1 || group === "fairshare") {
    throw new RangeError(`pairedDifference: needs a fairshare group and another group ${group}, got ${config.groups.join(", ")}`);
  }
  const b = buyer === undefined ? -1 : config.buyers.findIndex((x) => x.id === buyer);
  if (spec.perBuyer && b === -1) throw new RangeError(`pairedDifference: ${metric} is a buyer's metric and needs a buyer of ${config.buyers.map((x) => x.id).join(", ")}, got ${JSON.stringify(buyer)}`);
  if (!spec.perBuyer && buyer !== undefined) throw new RangeError(`pairedDifference: ${metric} is the sellers' metric, not a buyer's (got buyer ${buyer})`);
  const periods = runs[0].groups[fair].periods.length;
  const period = options.period ?? periods;
  if (!Number.isInteger(period) || period < 1 || period > periods) throw new RangeError(`pairedDifference: period must be a whole number in 1..${periods}, got ${period}`);

  const pairs: Array<[number, number]> = [];
  for (const run of runs) {
    const f = spec.read(run, run.groups[fair].periods[period - 1], b);
    const g = spec.read(run, run.groups[other].periods[period - 1], b);
    if (f !== null && g !== null) pairs.push([f, g]);
  }
  const base = { group, metric, buyer: buyer ?? null, period, seeds: pairs.length, dropped: runs.length - pairs.length };
  if (pairs.length === 0) return { ...base, fairshare: null, other: null, difference: null };
  return {
    ...base,
    fairshare: meanInterval(pairs.map((p) => p[0])),
    other: meanInterval(pairs.map((p) => p[1])),
    difference: meanInterval(pairs.map((p) => p[0] - p[1])),
  };
}

/**
 * Every paired difference of one cell at its last period: for each group other than fairshare (config
 * order), each metric (STUDY_METRICS order), and for a buyer's metric each buyer (config order).
 *
 * Cost: O(groups · metrics · buyers · seeds).
 *
 * @throws RangeError as pairedDifference.
 */
export function cellDifferences(runs: ReadonlyArray<RunRecord>): PairedDifference[] {
  if (runs.length === 0) throw new RangeError("cellDifferences: needs at least one run");
  const { config } = runs[0];
  if (!config.groups.includes("fairshare")) throw new RangeError(`cellDifferences: needs a fairshare group, got ${config.groups.join(", ")}`);
  return config.groups.filter((g) => g !== "fairshare").flatMap((group) =>
    STUDY_METRICS.flatMap((metric) =>
      METRICS[metric].perBuyer
        ? config.buyers.map((b) => pairedDifference(runs, { metric, group, buyer: b.id }))
        : [pairedDifference(runs, { metric, group })],
    ),
  );
}
