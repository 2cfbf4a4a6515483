/**
 * Per-period invariants of an Algorithm 2 run (MODEL §2–§6): what every period of every group must
 * satisfy whatever the config and seed. They are read off the record alone, so a run read back from
 * `records.json` can be checked as well as one fresh from `simulate`.
 */
import { fromUnits, moneyUnit, toUnits } from "../theory/money.js";
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
 * - `revenue`: a seller's revenue is its posted price times the number of its buyers;
 * - `money`: every amount of the period (budget, spend, value, utility but with the learned source,
 *   cost, value, MWP, fair and posted price, revenue, profit) is a whole number of the run's money units
 *   (MODEL §2): its decimal converts to units and back unchanged.
 *
 * The money identities are checked exactly, in whole units (MODEL §2: money is exact).
 */
export const INVARIANTS = ["conservation", "budget", "finite", "prices", "mwpRange", "participation", "activeTrade", "spend", "revenue", "money"] as const;
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

/** The run's money unit (MODEL §2): `units` reads a record's decimal as whole units (NaN for JSON's null), `money` writes units back. */
interface Grid {
  units: (amount: number) => number;
  money: (units: number) => number;
}

function gridOf(decimals: number): Grid {
  return {
    units: (amount) => (typeof amount === "number" && Number.isFinite(amount) ? toUnits(amount, decimals) : Number.NaN),
    money: (units) => fromUnits(units, decimals),
  };
}

/** Σ in units; NaN if a term is not a number. */
function sumUnits(xs: ReadonlyArray<number>, { units }: Grid): number {
  return xs.reduce((sum, x) => sum + units(x), 0);
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

/** Every money amount is on the grid of the run's unit: it converts to units and back unchanged. */
function checkGrid(record: PeriodRecord, learned: boolean, decimals: number, report: Report): void {
  const onGrid = (where: string, x: number) => {
    if (typeof x === "number" && Number.isFinite(x) && fromUnits(toUnits(x, decimals), decimals) !== x) {
      report("money", `${where} is ${x}, not a whole number of money units of ${moneyUnit(decimals)}`);
    }
  };
  for (const s of record.sellers) {
    for (const field of ["cost", "fairPrice", "price", "revenue", "profit"] as const) onGrid(`seller ${s.id} ${field}`, s[field]);
    s.values.forEach((v, b) => onGrid(`seller ${s.id} values[${b}]`, v));
    s.mwp.forEach((m, b) => onGrid(`seller ${s.id} mwp[${b}]`, m));
  }
  for (const b of record.buyers) {
    for (const field of ["budget", "spend", "value"] as const) onGrid(`buyer ${b.id} ${field}`, b[field]);
    // With the learned source a utility is λ times an accuracy gain less spend, not an amount of money.
    if (!learned) onGrid(`buyer ${b.id} utility`, b.utility);
  }
}

function checkPrices(sellers: ReadonlyArray<SellerPeriod>, report: Report): void {
  for (const s of sellers) {
    if (s.cost < 0) report("prices", `seller ${s.id} has cost ${s.cost} < 0`);
    if (s.fairPrice < 0) report("prices", `seller ${s.id} has fair price ${s.fairPrice} < 0`);
    if (s.price < 0 || s.price < s.cost) report("prices", `seller ${s.id} posts ${s.price}, below ${s.price < 0 ? "0" : `its cost ${s.cost}`}`);
  }
}

function checkMwps(sellers: ReadonlyArray<SellerPeriod>, buyers: ReadonlyArray<BuyerPeriod>, { units }: Grid, report: Report): void {
  for (const s of sellers) {
    s.mwp.forEach((m, b) => {
      const buyer = buyers[b];
      if (buyer === undefined) return report("mwpRange", `seller ${s.id} has an MWP for buyer #${b + 1}, who is not in the period`);
      const cap = Math.min(units(s.values[b]), units(buyer.budget));
      if (Number.isNaN(units(m)) || Number.isNaN(cap)) return; // reported by `finite`
      if (units(m) < 0 || units(m) > cap) {
        report("mwpRange", `buyer ${buyer.id}'s MWP for seller ${s.id} is ${m}, outside [0, min(V ${s.values[b]}, B ${buyer.budget})]`);
      }
    });
  }
}

/** Budget, trade with active sellers only, and spend = Σ prices, for each buyer. */
function checkBuyers(record: PeriodRecord, grid: Grid, report: Report): void {
  const { units, money } = grid;
  const price = new Map(record.sellers.map((s) => [s.id, s.price]));
  for (const b of record.buyers) {
    if (units(b.spend) > units(b.budget)) report("budget", `buyer ${b.id} spent ${b.spend} > budget ${b.budget}`);
    const inactive = b.bought.filter((id) => !price.has(id));
    for (const id of inactive) report("activeTrade", `buyer ${b.id} bought from ${id}, not an active seller in this period`);
    if (inactive.length > 0) continue; // its spend cannot be priced; the missing seller is the fault
    const paid = sumUnits(b.bought.map((id) => price.get(id)!), grid);
    if (!Number.isNaN(paid) && !Number.isNaN(units(b.spend)) && paid !== units(b.spend)) {
      report("spend", `buyer ${b.id} spent ${b.spend}, but the prices of ${b.bought.join(", ") || "nothing"} add up to ${money(paid)}`);
    }
  }
}

/** Revenue = price × buyers for each seller; who paid whom; Σ spend = Σ revenue. */
function checkMoney(record: PeriodRecord, grid: Grid, report: Report): void {
  const { units, money } = grid;
  for (const s of record.sellers) {
    const expected = units(s.price) * s.buyers.length;
    if (!Number.isNaN(expected) && !Number.isNaN(units(s.revenue)) && units(s.revenue) !== expected) {
      report("revenue", `seller ${s.id} received ${s.revenue}, but price ${s.price} × ${s.buyers.length} buyers is ${money(expected)}`);
    }
    const payers = record.buyers.filter((b) => b.bought.includes(s.id)).map((b) => b.id);
    const listed = [...s.buyers];
    for (const id of payers.filter((id) => !listed.includes(id))) report("conservation", `buyer ${id} bought from seller ${s.id}, which does not list it as a buyer`);
    for (const id of listed.filter((id) => !payers.includes(id))) report("conservation", `seller ${s.id} lists buyer ${id}, who did not buy from it`);
  }
  const spent = sumUnits(record.buyers.map((b) => b.spend), grid);
  const received = sumUnits(record.sellers.map((s) => s.revenue), grid);
  if (!Number.isNaN(spent) && !Number.isNaN(received) && spent !== received) {
    report("conservation", `buyers spent ${money(spent)} in all, but sellers received ${money(received)}`);
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
 * - Money identities hold exactly in whole units of the run's money unit (MODEL §2).
 *
 * Cost: O(T · (N·M + N²)) per group, T periods, N sellers, M buyers.
 *
 * @example checkRun(simulate(config, 7)) // => []
 */
export function checkRun(run: RunRecord): InvariantViolation[] {
  const violations: InvariantViolation[] = [];
  const decimals = run.config.money.decimals;
  const grid = gridOf(decimals);
  for (const { group, periods } of run.groups) {
    periods.forEach((record, index) => {
      const report: Report = (invariant, message) => violations.push({ invariant, group, period: index + 1, message });
      checkFinite(record, report);
      checkGrid(record, run.learning !== null, decimals, report);
      checkPrices(record.sellers, report);
      checkMwps(record.sellers, record.buyers, grid, report);
      checkBuyers(record, grid, report);
      checkMoney(record, grid, report);
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
