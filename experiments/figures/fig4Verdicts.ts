/**
 * The paper's claims on Fig. 4's synthetic market (issue #14, the claims page's "synthetic market"
 * setting): from the same runs as Fig. 4 and Table 1, fairshare against exploitative paired by seed —
 * the six claims at T (experiments/sweepVerdicts.ts, as for a sweep point), who is ahead in cumulative
 * utility at t = 1 (exploitation should be: it wins early), and how often Algorithm 1 cycled.
 */
import type { RunRecord } from "../records.js";
import { meanInterval } from "../seedStats.js";
import { sweepRows } from "../sweepSummary.js";
import { pointVerdicts, sweepVerdictOf, type PointVerdicts, type SweepVerdict } from "../sweepVerdicts.js";
import type { Interval } from "./studyFindings.js";
import type { Table } from "./table1.js";

/** A buyer's paired difference fairshare − exploitative in cumulative utility at one period. */
export interface EarlyUtility {
  buyer: string;
  period: number;
  difference: Interval | null;
  verdict: SweepVerdict;
}

export interface Fig4Verdicts {
  /** The seeds, and the last period T. */
  seeds: number[];
  periods: number;
  /** The six claims and every difference at T, as one sweep point. */
  atEnd: PointVerdicts;
  /** Each buyer's cumulative utility at t = 1, fairshare − exploitative: `reversed` when exploitation is ahead. */
  early: EarlyUtility[];
  /** Periods in which Algorithm 1 did not converge, over every group and seed, and the periods in all. */
  unconverged: { periods: number; of: number };
}

const interval = (m: ReturnType<typeof meanInterval> | null): Interval | null => (m === null ? null : { mean: m.mean, low: m.low, high: m.high });

/**
 * The synthetic market's verdicts from runs of one config (its seeds), each with a fairshare and an
 * exploitative group.
 *
 * @throws RangeError for no runs, or runs without both groups (pointVerdicts).
 */
export function fig4Verdicts(runs: ReadonlyArray<RunRecord>): Fig4Verdicts {
  if (runs.length === 0) throw new RangeError("fig4Verdicts: needs at least one run");
  const rows = runs.flatMap((run) => sweepRows({ index: 0, overrides: [], config: run.config }, run));
  const atEnd = pointVerdicts({ index: 0, overrides: [] }, rows);
  const utilityAt = (run: RunRecord, group: string, b: number, t: number) => run.groups.find((g) => g.group === group)!.periods[t - 1].buyers[b].cumulativeUtility;
  const early = runs[0].config.buyers.map((buyer, b): EarlyUtility => {
    const differences = runs.map((run) => utilityAt(run, "fairshare", b, 1) - utilityAt(run, "exploitative", b, 1));
    const difference = meanInterval(differences);
    return { buyer: buyer.id, period: 1, difference: interval(difference), verdict: sweepVerdictOf(difference, true) };
  });
  const periods = runs.reduce((sum, run) => sum + run.groups.reduce((s, g) => s + g.periods.length, 0), 0);
  const unconverged = runs.reduce((sum, run) => sum + run.groups.reduce((s, g) => s + g.unconvergedPeriods, 0), 0);
  return { seeds: runs.map((r) => r.seed), periods: runs[0].config.periods, atEnd, early, unconverged: { periods: unconverged, of: periods } };
}

/** The verdicts as a table output (fig4verdicts.json / .md): one row per claim row, and the early utility rows. */
export function fig4VerdictsTable(verdicts: Fig4Verdicts, config: string): Table<Fig4Verdicts> {
  const show = (d: Interval | null) => (d === null ? "—" : `${d.mean.toFixed(3)} [${d.low.toFixed(3)}, ${d.high.toFixed(3)}]`);
  const rows: Array<Array<string | number>> = [
    ...verdicts.early.map((e) => [`exploitation wins early (t = 1)`, "cumulative_utility", e.buyer, show(e.difference), e.verdict]),
    ...verdicts.atEnd.claims.map((c) => [c.claim, c.metric, c.buyer ?? "sellers", show(c.difference), c.verdict]),
  ];
  return {
    caption:
      `The paper's claims on Fig. 4's market: fairshare − exploitative, paired by seed over ${verdicts.seeds.length} seeds, at t = 1 for the early utility and at t = ${verdicts.periods} otherwise; ` +
      `holds when the 95% t-interval of the mean difference lies on fairshare's side. Algorithm 1 did not converge in ${verdicts.unconverged.periods} of ${verdicts.unconverged.of} group-periods.`,
    columns: ["claim", "metric", "buyer", "fairshare − exploitative", "verdict"],
    rows,
    data: [verdicts],
    config,
    seeds: verdicts.seeds,
  };
}
