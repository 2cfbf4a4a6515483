/**
 * What the atlas keeps of one sweep cell (one grid point under one seed, issue #14): the sweep's
 * end-of-horizon rows, every period's cumulative utility of each group's buyers (the empirical trade-off
 * horizon needs the whole path, not only period T), and the period-1 means the one-buyer analogue is
 * read from. A run record of Fig. 4's market is about a megabyte; this is a few kilobytes, so a
 * checkpoint of hundreds of cells stays small.
 */
import { NeumaierSum } from "../theory/compensatedSum.js";
import type { RunRecord } from "./records.js";
import type { SweepPoint } from "./sweepConfig.js";
import { sweepRows, type SweepRow } from "./sweepSummary.js";

/** One buyer's cumulative utility `Σ_{s≤t} δ^{s−1} u_s` (MODEL §6) under one group, for t = 1..T. */
export interface UtilityPath {
  group: string;
  buyer: string;
  cumulative: number[];
}

/** Period-1 means over the sellers of a run (every seller is active then, whatever the group). */
export interface FirstPeriod {
  /** Mean money value `V_bj` of a dataset, over every buyer and seller. */
  value: number;
  /** Mean fairshare price `p*_j` (Algorithm 1), over the sellers. */
  fairPrice: number;
  /** Mean cost `c_j`, over the sellers. */
  cost: number;
}

export interface AtlasCell {
  /** sweepRows of the run: one per group × buyer, read at T. */
  rows: SweepRow[];
  /** Every group × buyer, in the run's group order then the config's buyer order. */
  utility: UtilityPath[];
  /** The first group's period-1 means; null when the run keeps no seller rows (`records: "aggregates"`). */
  firstPeriod: FirstPeriod | null;
}

const mean = (values: ReadonlyArray<number>): number => {
  const sum = new NeumaierSum();
  for (const value of values) sum.add(value);
  return sum.value() / values.length;
};

/**
 * The atlas's summary of one run at one sweep point.
 *
 * - `firstPeriod` reads the first group's period 1: the values, fair prices and costs of period 1 are the
 *   same under every group (valuations are shared, and no seller has left yet).
 * - A run with no seller in period 1 has `firstPeriod` null too (no mean to take).
 *
 * Cost: O(groups · buyers · T + sellers · buyers).
 *
 * @example atlasCell(point, run).utility[0].cumulative.length // => run.config.periods
 */
export function atlasCell(point: SweepPoint, run: RunRecord): AtlasCell {
  const utility = run.groups.flatMap(({ group, periods }) =>
    run.config.buyers.map((buyer, b) => ({ group, buyer: buyer.id, cumulative: periods.map((p) => p.buyers[b].cumulativeUtility) })),
  );
  const sellers = run.groups[0]?.periods[0]?.sellers ?? [];
  const firstPeriod =
    sellers.length === 0
      ? null
      : { value: mean(sellers.flatMap((s) => s.values)), fairPrice: mean(sellers.map((s) => s.fairPrice)), cost: mean(sellers.map((s) => s.cost)) };
  return { rows: sweepRows(point, run), utility, firstPeriod };
}
