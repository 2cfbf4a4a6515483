/**
 * Whether fairshare's gains over exploitative pricing hold on the learned market (MODEL §9: "fairshare
 * raises seller profit and buyers' performance per dollar, most for low-budget buyers; the conclusions
 * hold across valuation methods"), for every task × method, stated with its numbers. A claim holds only
 * when the seeds show it: the 95% interval of the paired difference must exclude 0.
 */
import { budgetBuyers } from "../budgetBuyers.js";
import type { MethodId } from "../learned/methods/method.js";
import type { TaskId } from "../learned/tasks.js";
import type { PeriodRecord, RunRecord } from "../records.js";
import { meanInterval, type MeanInterval } from "../seedStats.js";
import { studyCells } from "./learnedStudy.js";

/**
 * `holds`: the 95% interval of the paired difference lies above 0 (fairshare's favour); `reversed`: below
 * 0; `not resolved`: it contains 0, or fewer than two seeds give no interval.
 */
export type Verdict = "holds" | "reversed" | "not resolved";

/**
 * The claims: (a) sellers' average cumulative profit, (b) a buyer's performance per dollar, (b′) the
 * rise in (b) is larger for the low-budget buyer, (c) a buyer's cumulative utility; all at the last period.
 */
export type Claim = "a" | "b" | "b′" | "c";

export interface Finding {
  task: TaskId;
  method: MethodId;
  claim: Claim;
  /** "sellers", or the buyer's id. */
  subject: string;
  /** The two sides compared over the paired seeds: fairshare and exploitative (for b′, the low- and the high-budget buyer's rise). */
  left: MeanInterval | null;
  right: MeanInterval | null;
  /** Mean and 95% interval of `left − right` paired by seed; null when no seed pairs. */
  difference: MeanInterval | null;
  verdict: Verdict;
  /** The statement with its numbers, for the report. */
  sentence: string;
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
 * @example formatInterval({ mean: 7.74, low: 6.1, high: 9.381, n: 5 }) // => "7.74 [6.10, 9.38]"
 */
export function formatInterval(x: MeanInterval, sign = false): string {
  const digits = decimals(Math.max(Math.abs(x.mean), Math.abs(x.low), Math.abs(x.high)));
  const f = (v: number) => `${sign && v > 0 ? "+" : ""}${formatNumber(v, digits)}`;
  return `${f(x.mean)} [${f(x.low)}, ${f(x.high)}]`;
}

const last = (run: RunRecord, group: number): PeriodRecord => run.groups[group].periods[run.groups[group].periods.length - 1];

/** Seeds in words: "5 seeds", "1 seed". */
const seedsWord = (n: number) => `${n} seed${n === 1 ? "" : "s"}`;

/** The verdict as the sentence ends it, with why an unresolved one is unresolved. */
function verdictWords(verdict: Verdict, difference: MeanInterval | null): string {
  if (verdict !== "not resolved") return verdict;
  if (difference === null) return "not resolved (no seed to compare)";
  if (difference.n < 2) return "not resolved (one seed gives no interval)";
  return "not resolved (the interval contains 0)";
}

/** Paired values of one cell: `left[s]` and `right[s]` of the same seed, seeds where either is null dropped. */
function paired(pairs: ReadonlyArray<[number | null, number | null]>): { left: MeanInterval | null; right: MeanInterval | null; difference: MeanInterval | null; n: number } {
  const both = pairs.filter((p): p is [number, number] => p[0] !== null && p[1] !== null);
  if (both.length === 0) return { left: null, right: null, difference: null, n: 0 };
  return {
    left: meanInterval(both.map((p) => p[0])),
    right: meanInterval(both.map((p) => p[1])),
    difference: meanInterval(both.map((p) => p[0] - p[1])),
    n: both.length,
  };
}

/**
 * Every claim for every task × method of the study, in task, method, then claim order (a; b and c for the
 * high-budget buyer, then the low-budget one; b′): fairshare against exploitative at the last period,
 * paired by seed (the same run holds both groups, on the same datasets and valuations).
 *
 * - (b) uses the seeds in which the buyer spent something under both groups; the sentence says how many.
 * - (b′) compares the low-budget buyer's rise in performance per dollar with the high-budget one's, seed
 *   by seed; it is `not resolved` unless (b) holds for the low-budget buyer (there is no rise to compare).
 * - Fewer than two seeds: every verdict is `not resolved`, since no interval can be estimated.
 *
 * Cost: O(runs · buyers).
 *
 * @example studyFindings(runs).filter((f) => f.verdict !== "holds").length // => 0 when every gain holds
 * @throws RangeError for no runs, runs that are not learned or differ in shape (studyCells), or runs
 *   without both a fairshare and an exploitative group.
 */
export function studyFindings(runs: ReadonlyArray<RunRecord>): Finding[] {
  const findings: Finding[] = [];
  for (const { task, method, runs: cellRuns } of studyCells(runs)) {
    const { config } = cellRuns[0];
    const fair = config.groups.indexOf("fairshare");
    const exploit = config.groups.indexOf("exploitative");
    if (fair === -1 || exploit === -1) throw new RangeError(`studyFindings: ${task} × ${method}: the runs need a fairshare and an exploitative group, got ${config.groups.join(", ")}`);
    const at = `t = ${config.periods}`;
    const head = `${task} × ${method}:`;
    const record = (claim: Claim, subject: string, sides: ReturnType<typeof paired>, verdict: Verdict, sentence: string): Finding =>
      ({ task, method, claim, subject, left: sides.left, right: sides.right, difference: sides.difference, verdict, sentence });
    const finding = (claim: Claim, subject: string, sides: ReturnType<typeof paired>, what: string, unit: string, note = ""): Finding => {
      const verdict = verdictOf(sides.difference);
      const money = (x: MeanInterval) => `${x.mean < 0 ? "-" : ""}${unit}${formatNumber(Math.abs(x.mean))}`;
      const numbers = sides.difference === null || sides.left === null || sides.right === null
        ? ""
        : ` ${money(sides.left)} under fairshare, ${money(sides.right)} under exploitative; paired difference ${formatInterval(sides.difference, true)} (95% CI) over ${seedsWord(sides.n)}${note};`;
      return record(claim, subject, sides, verdict, `${head} (${claim}) ${what} at ${at}:${numbers} ${verdictWords(verdict, sides.difference)}.`);
    };

    const profit = paired(cellRuns.map((run) => [last(run, fair).averageCumulativeProfit, last(run, exploit).averageCumulativeProfit]));
    findings.push(finding("a", "sellers", profit, "sellers' average cumulative profit", "$"));

    const buyers = budgetBuyers(config);
    const ranked = buyers.high.index === buyers.low.index ? [buyers.high] : [buyers.high, buyers.low];
    const name = ({ index, id }: { index: number; id: string }) =>
      `${id}'s (${index === buyers.high.index && ranked.length > 1 ? "high" : ranked.length > 1 ? "low" : "only"} budget, $${config.buyers[index].budget})`;
    const perDollar = ranked.map(({ index }) => cellRuns.map((run): [number | null, number | null] => [last(run, fair).buyers[index].performancePerDollar, last(run, exploit).buyers[index].performancePerDollar]));
    const perDollarFindings = ranked.map((buyer, k) => {
      const sides = paired(perDollar[k]);
      const note = sides.n < cellRuns.length ? ` in which ${buyer.id} spent under both (of ${cellRuns.length})` : "";
      return finding("b", buyer.id, sides, `${name(buyer)} performance per dollar (accuracy gain per $)`, "", note);
    });
    findings.push(...perDollarFindings);
    for (const buyer of ranked) {
      const utility = paired(cellRuns.map((run) => [last(run, fair).buyers[buyer.index].cumulativeUtility, last(run, exploit).buyers[buyer.index].cumulativeUtility]));
      findings.push(finding("c", buyer.id, utility, `${name(buyer)} cumulative utility`, "$"));
    }

    if (ranked.length === 2) {
      // Each seed's rise for each buyer; a seed counts only when both buyers spent under both groups.
      const rise = (pairs: ReadonlyArray<[number | null, number | null]>) => pairs.map(([f, e]) => (f === null || e === null ? null : f - e));
      const high = rise(perDollar[0]);
      const low = rise(perDollar[1]);
      const sides = paired(low.map((l, s) => [l, high[s]]));
      const lowVerdict = perDollarFindings[1].verdict;
      const what = `the rise in performance per dollar is larger for the low-budget buyer ${buyers.low.id} than for ${buyers.high.id}`;
      // Without a rise for the low-budget buyer there is nothing to compare, whatever the numbers say.
      const verdict = lowVerdict === "holds" ? verdictOf(sides.difference) : "not resolved";
      const numbers = lowVerdict !== "holds" || sides.difference === null || sides.left === null || sides.right === null
        ? ""
        : ` ${buyers.low.id} rises by ${formatNumber(sides.left.mean)}, ${buyers.high.id} by ${formatNumber(sides.right.mean)}; paired difference ${formatInterval(sides.difference, true)} (95% CI) over ${seedsWord(sides.n)};`;
      const ending = lowVerdict === "holds" ? verdictWords(verdict, sides.difference) : `not resolved (no rise to compare: (b) is ${lowVerdict} for ${buyers.low.id})`;
      findings.push(record("b′", buyers.low.id, sides, verdict, `${head} (b′) ${what}:${numbers} ${ending}.`));
    }
  }
  return findings;
}

/** A claim's name in the verdict line, e.g. "(b) B2's performance per dollar". */
function claimName(f: Finding): string {
  switch (f.claim) {
    case "a": return "(a) sellers' profit";
    case "b": return `(b) ${f.subject}'s performance per dollar`;
    case "c": return `(c) ${f.subject}'s cumulative utility`;
    case "b′": return `(b′) the larger rise for ${f.subject}`;
  }
}

/**
 * The one-line verdict over every finding: "fairshare's gains hold for every method and task" when every
 * (a), (b) and (c) holds; otherwise, claim by claim (those that hold everywhere too), how often it holds
 * and where it is reversed or not resolved (naming the cells of the rarer of the two and counting "the
 * other k"); then how often (b′) holds. Claims are summarised in the order they first appear.
 *
 * @example studyVerdict(findings) // => "fairshare's gains hold for every method and task (15 task × method cells). (b′) …"
 */
export function studyVerdict(findings: ReadonlyArray<Finding>): string {
  const cells = new Set(findings.map((f) => `${f.task} × ${f.method}`)).size;
  const claims = new Map<string, Finding[]>();
  for (const f of findings) claims.set(claimName(f), [...(claims.get(claimName(f)) ?? []), f]);
  const summary = (name: string, list: Finding[]) => {
    const held = list.filter((f) => f.verdict === "holds").length;
    if (held === list.length) return `${name} holds in all ${list.length}`;
    const cellsOf = (mine: Finding[]) => (mine.length === list.length ? `all ${list.length}` : mine.map((f) => `${f.task} × ${f.method}`).join(", "));
    const [few, many] = (["reversed", "not resolved"] as const)
      .map((verdict) => ({ verdict, mine: list.filter((f) => f.verdict === verdict) }))
      .filter(({ mine }) => mine.length > 0)
      .sort((x, y) => x.mine.length - y.mine.length);
    // With both kinds, the larger is "the other k", so the line names the fewer cells.
    const where = many === undefined ? `${few.verdict} in ${cellsOf(few.mine)}` : `${few.verdict} in ${cellsOf(few.mine)}, ${many.verdict} in the other ${many.mine.length}`;
    return `${name} holds in ${held} of ${list.length}, ${where}`;
  };
  const gains = [...claims.entries()].filter(([, list]) => list[0].claim !== "b′");
  const lowest = [...claims.entries()].filter(([, list]) => list[0].claim === "b′");
  const failing = gains.filter(([, list]) => list.some((f) => f.verdict !== "holds"));
  const head = failing.length === 0
    ? `fairshare's gains hold for every method and task (${cells} task × method ${cells === 1 ? "cell" : "cells"})`
    : `fairshare's gains do not hold everywhere (${cells} task × method ${cells === 1 ? "cell" : "cells"}): ${gains.map(([name, list]) => summary(name, list)).join("; ")}`;
  return `${head}.${lowest.map(([name, list]) => ` ${summary(name, list)}.`).join("")}`;
}
