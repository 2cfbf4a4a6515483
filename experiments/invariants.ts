/**
 * Per-period invariants of an Algorithm 2 run (MODEL §2–§6): what every period of every group must
 * satisfy whatever the config and seed. They are read off the record alone, so a run read back from
 * `records.json` can be checked as well as one fresh from `simulate`.
 */
import type { Group } from "./config.js";
import type { BuyerPeriod, PeriodRecord, RunRecord, SellerPeriod } from "./records.js";

/**
 * The invariants, each checked in every period of every group:
 * - `conservation`: money moves only between the buyers and sellers that traded: `Σ spend = Σ revenue`,
 *   and a seller's buyers are exactly the buyers whose bundles list it (MODEL §6);
 * - `budget`: no buyer spends more than its budget (MODEL §2);
 * - `finite`: every number is finite; `meanQuality` is null only with no seller, `performancePerDollar`
 *   only before any spend or when the quotient exceeds the largest double, `performance` except with the
 *   learned source (records.ts);
 * - `prices`: `p*_j ≥ 0` and the posted price is at least the cost `c_j ≥ 0` (MODEL §3–§4);
 * - `mwpRange`: `MWP_bj ∈ [0, min(V_bj, B_b)]` (MODEL §2);
 * - `participation`: periods are numbered 1, 2, …, `activeSellers` counts the listed sellers, period 1
 *   lists the sellers present from the start, and period t + 1 exactly the sellers that stayed in t plus
 *   those entering at t + 1: a seller who leaves never returns (A1, MODEL §5);
 * - `activeTrade`: a buyer buys only from sellers active in the period;
 * - `spend`: a buyer's spend is the sum of the posted prices of what it bought;
 * - `revenue`: a seller's revenue is its posted price times the number of its buyers.
 */
export const INVARIANTS = ["conservation", "budget", "finite", "prices", "mwpRange", "participation", "activeTrade", "spend", "revenue"] as const;
export type Invariant = (typeof INVARIANTS)[number];

/** One broken invariant in one period of one group. */
export interface InvariantViolation {
  invariant: Invariant;
  group: Group;
  /** The period's position in the group's run, 1-based (which `period` should equal). */
  period: number;
  /** What broke, naming the agent and the numbers, e.g. `buyer B2 spent 12.000001 > budget 12`. */
  message: string;
}

/**
 * Relative rounding allowed in money identities. The run sums with Neumaier and these checks sum plainly
 * in another order, over at most a few hundred terms: the largest error measured on the small markets of
 * test/algorithm2.test.ts was 1.7e-15 relative. 1e-9 leaves a million-fold margin and still catches a
 * cent in ten million dollars. The bound scales with the magnitude of the terms (not with max(1, ·)), so
 * a market priced in nano-dollars is held to the same relative standard as one priced in billions.
 */
const ROUNDING = 1e-9;

/** `|a − b|` within rounding of the terms' magnitude `scale` (exact equality when the scale is 0). */
const close = (a: number, b: number, scale: number): boolean => Math.abs(a - b) <= ROUNDING * scale;
/** `a ≤ b` up to rounding of `|b|`. */
const atMost = (a: number, b: number): boolean => a <= b + ROUNDING * Math.abs(b);

/** Sums plainly; the magnitude `Σ|x|` is the scale of its rounding. NaN if a term is not a number (JSON's null). */
function total(xs: ReadonlyArray<number>): { sum: number; scale: number } {
  let sum = 0;
  let scale = 0;
  for (const x of xs) {
    sum += typeof x === "number" ? x : Number.NaN;
    scale += Math.abs(x);
  }
  return { sum, scale };
}

type Report = (invariant: Invariant, message: string) => void;

/** Numbers that are not finite (a NaN read back from JSON is null), outside the documented nulls. */
function checkFinite(record: PeriodRecord, report: Report): void {
  const number = (where: string, x: unknown) => {
    if (!(typeof x === "number" && Number.isFinite(x))) report("finite", `${where} is ${String(x)}, not a finite number`);
  };
  number("activeSellers", record.activeSellers);
  number("rounds", record.rounds);
  number("averageCumulativeProfit", record.averageCumulativeProfit);
  if (record.meanQuality !== null || record.sellers.length > 0) number("meanQuality", record.meanQuality);
  for (const s of record.sellers) {
    const where = `seller ${s.id}`;
    for (const field of ["quality", "cost", "fairPrice", "price", "payRatio", "revenue", "profit", "cumulativeProfit"] as const) {
      number(`${where} ${field}`, s[field]);
    }
    s.values.forEach((v, b) => number(`${where} values[${b}]`, v));
    s.mwp.forEach((m, b) => number(`${where} mwp[${b}]`, m));
  }
  for (const b of record.buyers) {
    const where = `buyer ${b.id}`;
    for (const field of ["budget", "spend", "value", "score", "utility", "cumulativeUtility", "cumulativeSpend", "cumulativeScore"] as const) {
      number(`${where} ${field}`, b[field]);
    }
    if (b.performance !== null) number(`${where} performance`, b.performance);
    // records.ts: null before any spend, or when the gain / cumulativeSpend is too large for a double (a
    // learned buyer's gain is an accuracy difference, at most 1).
    const gained = b.performance === null ? b.cumulativeScore : 1;
    const nullable = b.cumulativeSpend === 0 || !Number.isFinite(gained / b.cumulativeSpend);
    if (b.performancePerDollar !== null || !nullable) number(`${where} performancePerDollar`, b.performancePerDollar);
  }
}

function checkPrices(sellers: ReadonlyArray<SellerPeriod>, report: Report): void {
  for (const s of sellers) {
    if (s.cost < 0) report("prices", `seller ${s.id} has cost ${s.cost} < 0`);
    if (s.fairPrice < 0) report("prices", `seller ${s.id} has fair price ${s.fairPrice} < 0`);
    if (s.price < 0 || s.price < s.cost) report("prices", `seller ${s.id} posts ${s.price}, below ${s.price < 0 ? "0" : `its cost ${s.cost}`}`);
  }
}

function checkMwps(sellers: ReadonlyArray<SellerPeriod>, buyers: ReadonlyArray<BuyerPeriod>, report: Report): void {
  for (const s of sellers) {
    s.mwp.forEach((m, b) => {
      const buyer = buyers[b];
      if (buyer === undefined) return report("mwpRange", `seller ${s.id} has an MWP for buyer #${b + 1}, who is not in the period`);
      const cap = Math.min(s.values[b], buyer.budget);
      if (!Number.isFinite(m) || !Number.isFinite(cap)) return; // reported by `finite`
      if (m < -ROUNDING * cap || !atMost(m, cap)) {
        report("mwpRange", `buyer ${buyer.id}'s MWP for seller ${s.id} is ${m}, outside [0, min(V ${s.values[b]}, B ${buyer.budget})]`);
      }
    });
  }
}

/** Budget, trade with active sellers only, and spend = Σ prices, for each buyer. */
function checkBuyers(record: PeriodRecord, report: Report): void {
  const price = new Map(record.sellers.map((s) => [s.id, s.price]));
  for (const b of record.buyers) {
    if (Number.isFinite(b.spend) && Number.isFinite(b.budget) && !atMost(b.spend, b.budget)) {
      report("budget", `buyer ${b.id} spent ${b.spend} > budget ${b.budget}`);
    }
    const inactive = b.bought.filter((id) => !price.has(id));
    for (const id of inactive) report("activeTrade", `buyer ${b.id} bought from ${id}, not an active seller in this period`);
    if (inactive.length > 0) continue; // its spend cannot be priced; the missing seller is the fault
    const paid = b.bought.map((id) => price.get(id)!);
    const { sum, scale } = total(paid);
    if (Number.isFinite(sum) && Number.isFinite(b.spend) && !close(b.spend, sum, Math.max(scale, Math.abs(b.spend)))) {
      report("spend", `buyer ${b.id} spent ${b.spend}, but the prices of ${b.bought.join(", ") || "nothing"} add up to ${sum}`);
    }
  }
}

/** Revenue = price × buyers for each seller; who paid whom; Σ spend = Σ revenue. */
function checkMoney(record: PeriodRecord, report: Report): void {
  for (const s of record.sellers) {
    const expected = s.price * s.buyers.length;
    if (Number.isFinite(expected) && Number.isFinite(s.revenue) && !close(s.revenue, expected, Math.max(Math.abs(expected), Math.abs(s.revenue)))) {
      report("revenue", `seller ${s.id} received ${s.revenue}, but price ${s.price} × ${s.buyers.length} buyers is ${expected}`);
    }
    const payers = record.buyers.filter((b) => b.bought.includes(s.id)).map((b) => b.id);
    const listed = [...s.buyers];
    for (const id of payers.filter((id) => !listed.includes(id))) report("conservation", `buyer ${id} bought from seller ${s.id}, which does not list it as a buyer`);
    for (const id of listed.filter((id) => !payers.includes(id))) report("conservation", `seller ${s.id} lists buyer ${id}, who did not buy from it`);
  }
  const spent = total(record.buyers.map((b) => b.spend));
  const received = total(record.sellers.map((s) => s.revenue));
  if (Number.isFinite(spent.sum) && Number.isFinite(received.sum) && !close(spent.sum, received.sum, Math.max(spent.scale, received.scale))) {
    report("conservation", `buyers spent ${spent.sum} in all, but sellers received ${received.sum}`);
  }
}

/** Who is in the market: stayers of the previous period plus this period's entrants, no one else. */
function checkParticipation(run: RunRecord, records: ReadonlyArray<PeriodRecord>, index: number, report: Report): void {
  const record = records[index];
  const t = index + 1;
  if (record.period !== t) report("participation", `the record says period ${record.period}, but it is number ${t} of the run`);
  if (record.activeSellers !== record.sellers.length) {
    report("participation", `activeSellers is ${record.activeSellers}, but ${record.sellers.length} sellers are listed`);
  }
  const entered = new Map(run.sellers.map((s) => [s.id, s.entered]));
  const previous = index === 0 ? [] : records[index - 1].sellers;
  const expected = new Set([...previous.filter((s) => s.stays).map((s) => s.id), ...run.sellers.filter((s) => s.entered === t).map((s) => s.id)]);
  const listed = new Set<string>();
  for (const s of record.sellers) {
    if (listed.has(s.id)) report("participation", `seller ${s.id} is listed twice`);
    listed.add(s.id);
    if (expected.has(s.id)) continue;
    const why =
      !entered.has(s.id) ? "not among the run's sellers"
      : previous.some((p) => p.id === s.id) ? `it left in period ${t - 1}`
      : `it neither was active in period ${t - 1} nor entered now (entered ${entered.get(s.id)})`;
    report("participation", `seller ${s.id} is active, but ${why}`);
  }
  for (const id of expected) {
    if (listed.has(id)) continue;
    report("participation", `seller ${id} ${entered.get(id) === t ? `entered in period ${t}` : `stayed after period ${t - 1}`} but is not active`);
  }
}

/**
 * Checks a run record against the invariants (see `INVARIANTS`) in every period of every group.
 *
 * - Returns every violation found, in group order, then period order; `[]` when all hold.
 * - One fault, one report where possible: a non-finite number is reported by `finite` alone, and the
 *   money identities that would read it are skipped; a purchase from an inactive seller is reported by
 *   `activeTrade` alone, without a `spend` mismatch.
 * - Money identities hold to a relative 1e-9 of the amounts involved (`ROUNDING`), so they are
 *   scale-free; exact equality when every amount is 0.
 *
 * Cost: O(T · (N·M + N²)) per group, T periods, N sellers, M buyers.
 *
 * @example checkRun(simulate(config, 7)) // => []
 */
export function checkRun(run: RunRecord): InvariantViolation[] {
  const violations: InvariantViolation[] = [];
  for (const { group, periods } of run.groups) {
    periods.forEach((record, index) => {
      const report: Report = (invariant, message) => violations.push({ invariant, group, period: index + 1, message });
      checkFinite(record, report);
      checkPrices(record.sellers, report);
      checkMwps(record.sellers, record.buyers, report);
      checkBuyers(record, report);
      checkMoney(record, report);
      checkParticipation(run, periods, index, report);
    });
  }
  return violations;
}

/**
 * One violation as one line: `<group> period <t>: <message>`.
 *
 * @example formatViolation({ invariant: "budget", group: "fairshare", period: 12, message: "buyer B2 spent 12.000001 > budget 12" })
 * // => "fairshare period 12: buyer B2 spent 12.000001 > budget 12"
 */
export function formatViolation(violation: InvariantViolation): string {
  return `${violation.group} period ${violation.period}: ${violation.message}`;
}

/**
 * The first violation as one line, with the invariant's name and how many there are in all, for a
 * command to print; null when there is none.
 *
 * @example firstViolationLine(checkRun(run)) // => "fairshare period 12: buyer B2 spent 12.000001 > budget 12 (budget; 1 violation in all)"
 */
export function firstViolationLine(violations: ReadonlyArray<InvariantViolation>): string | null {
  if (violations.length === 0) return null;
  const [first] = violations;
  return `${formatViolation(first)} (${first.invariant}; ${violations.length} violation${violations.length === 1 ? "" : "s"} in all)`;
}
