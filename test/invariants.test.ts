import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { simulate } from "../experiments/algorithm2.js";
import { GROUPS, parseConfig } from "../experiments/config.js";
import { checkRun, firstViolationLine, formatViolation, INVARIANTS, type Invariant } from "../experiments/invariants.js";
import type { BuyerPeriod, PeriodRecord, RunRecord, SellerPeriod } from "../experiments/records.js";
import { fromUnits, toUnits } from "../theory/money.js";
import { smallConfigs } from "./fixtures/smallConfigs.js";

/** The invariants a run breaks, each named once, in `INVARIANTS` order. */
const broken = (run: RunRecord): Invariant[] => {
  const names = new Set(checkRun(run).map((v) => v.invariant));
  return INVARIANTS.filter((name) => names.has(name));
};

describe("checkRun(simulate(config, seed)) finds nothing", () => {
  it.each([
    ["off", 0],
    ["on (probability 0.5)", 0.5],
  ])("on 60 generated small markets, all four groups, entry %s", (_, entry) => {
    fc.assert(
      fc.property(smallConfigs({ entry: fc.constant(entry) }), (config) => {
        const run = simulate(config, config.seed);
        expect(checkRun(run), `seed ${config.seed}`).toStrictEqual([]);
        // A run read back from records.json is checked the same way.
        expect(checkRun(JSON.parse(JSON.stringify(run)) as RunRecord)).toStrictEqual([]);
      }),
      { seed: 20251, numRuns: 60 },
    );
  });
});

// The negative controls corrupt one real run. Its market has leavers (power:2 under the cheaper groups),
// entrants (probability 0.5), sellers nobody buys from and buyers with slack, so each corruption below can
// target a field that only its own invariant reads.
const base = simulate(
  parseConfig(
    {
      name: "controls",
      periods: 10,
      seed: 7,
      discount: 0.9,
      groups: [...GROUPS],
      participation: "power:2",
      buyers: [{ id: "B1", budget: 12 }, { id: "B2", budget: 4 }, { id: "B3", budget: 7, valueOfPerformance: 1.5 }],
      sellers: { tiers: [{ name: "high", quality: 3, count: 2 }, { name: "low", quality: 1, count: 3 }], cost: { base: 0.3, perQuality: 0.2 } },
      valuation: { source: "synthetic", noise: 0.3 },
      entry: { probability: 0.5 },
    },
    "invariants.test.ts",
  ),
  7,
);

// The controls tamper in whole money units (MODEL §2: the invariants are exact in units), so that every
// tampered amount stays on the grid and only the invariant under test, not `money`, reads the change.
const DECIMALS = base.config.money.decimals;
/** A record's decimal amount in whole units of the control run. */
const units = (amount: number) => toUnits(amount, DECIMALS);
/** Whole units as the record's decimal amount. */
const money = (whole: number) => fromUnits(whole, DECIMALS);
/** `amount` moved by `whole` units, on the grid. */
const plus = (amount: number, whole: number) => money(units(amount) + whole);

interface Site {
  run: RunRecord;
  period: PeriodRecord;
  next: PeriodRecord | undefined;
}

/** A fresh copy of the run and the first period (of any group) where `where` holds, with the next period. */
function site(where: (p: PeriodRecord, next: PeriodRecord | undefined) => boolean): Site {
  const run = structuredClone(base);
  for (const { periods } of run.groups) {
    const index = periods.findIndex((p, i) => where(p, periods[i + 1]));
    if (index >= 0) return { run, period: periods[index], next: periods[index + 1] };
  }
  throw new Error("the control run has no period to corrupt for this control; change its config");
}

const spenders = (p: PeriodRecord) => p.buyers.filter((b) => b.spend > 0);
const unsold = (p: PeriodRecord) => p.sellers.filter((s) => s.buyers.length === 0);
const maxMwp = (p: PeriodRecord, b: number) => Math.max(0, ...p.sellers.map((s) => units(s.mwp[b])));

describe("each invariant can fail: one corrupted field, exactly that invariant reported", () => {
  it("the uncorrupted control run passes", () => {
    expect(checkRun(base)).toStrictEqual([]);
  });

  it("conservation: a seller credits a buyer who did not buy from it (and takes its price as revenue)", () => {
    const { run, period } = site((p) => p.sellers.some((s) => s.price > 0 && s.buyers.length < p.buyers.length));
    const seller = period.sellers.find((s) => s.price > 0 && s.buyers.length < period.buyers.length)!;
    const outsider = period.buyers.find((b) => !seller.buyers.includes(b.id))!;
    seller.buyers.push(outsider.id);
    seller.revenue = plus(seller.revenue, units(seller.price)); // still price × buyers, so `revenue` holds; the money came from nowhere
    expect(broken(run)).toStrictEqual(["conservation"]);
    expect(checkRun(run).map((v) => v.message)).toContain(`seller ${seller.id} lists buyer ${outsider.id}, who did not buy from it`);
  });

  it("conservation: a seller lists the wrong buyer (same count, so every total still adds up)", () => {
    const { run, period } = site((p) => p.sellers.some((s) => s.buyers.length > 0 && s.buyers.length < p.buyers.length));
    const seller = period.sellers.find((s) => s.buyers.length > 0 && s.buyers.length < period.buyers.length)!;
    seller.buyers[0] = period.buyers.find((b) => !seller.buyers.includes(b.id))!.id;
    expect(broken(run)).toStrictEqual(["conservation"]);
  });

  it("budget: a buyer's budget lowered to one money unit below its spend, still at least every MWP it has", () => {
    const fits = (p: PeriodRecord, b: BuyerPeriod) => units(b.spend) - 1 >= maxMwp(p, p.buyers.indexOf(b));
    const { run, period } = site((p) => p.buyers.some((b) => fits(p, b)));
    const buyer = period.buyers.find((b) => fits(period, b))!;
    buyer.budget = plus(buyer.spend, -1);
    expect(broken(run)).toStrictEqual(["budget"]);
    const violation = checkRun(run)[0];
    expect(formatViolation(violation)).toBe(`${violation.group} period ${period.period}: buyer ${buyer.id} spent ${buyer.spend} > budget ${buyer.budget}`);
  });

  it.each<[string, (p: PeriodRecord) => void]>([
    ["a utility set to NaN", (p) => (p.buyers[0].utility = Number.NaN)],
    ["a cumulative profit set to Infinity", (p) => (p.sellers[0].cumulativeProfit = Number.POSITIVE_INFINITY)],
    ["a value set to -Infinity", (p) => (p.sellers[0].values[0] = Number.NEGATIVE_INFINITY)],
    ["a posted price set to NaN", (p) => (p.sellers[0].price = Number.NaN)],
    ["a spend set to NaN", (p) => (p.buyers.find((b) => b.spend > 0)!.spend = Number.NaN)],
    ["performancePerDollar null after spending", (p) => (p.buyers.find((b) => b.cumulativeSpend > 0)!.performancePerDollar = null)],
    ["meanQuality null with sellers listed", (p) => (p.meanQuality = null)],
    ["a NaN read back from JSON, i.e. null", (p) => ((p.sellers[0] as unknown as Record<string, unknown>).revenue = null)],
  ])("finite: %s", (_, corrupt) => {
    const { run, period } = site((p) => p.sellers.length > 0 && spenders(p).length > 0);
    corrupt(period);
    expect(broken(run)).toStrictEqual(["finite"]);
  });

  it("prices: a fair price of −1, and a posted price of −1 or one money unit below cost on a seller nobody bought from", () => {
    let { run, period } = site((p) => p.sellers.length > 0);
    period.sellers[0].fairPrice = -1;
    expect(broken(run)).toStrictEqual(["prices"]);
    for (const price of [-1, (s: SellerPeriod) => plus(s.cost, -1)] as const) {
      ({ run, period } = site((p) => unsold(p).some((s) => s.cost > 0)));
      const seller = unsold(period).find((s) => s.cost > 0)!;
      seller.price = typeof price === "number" ? price : price(seller);
      expect(broken(run), `price ${seller.price}`).toStrictEqual(["prices"]);
    }
  });

  it("mwpRange: an MWP one money unit above min(V, B), and one a unit below 0", () => {
    for (const mwp of [(cap: number) => money(cap + 1), () => money(-1)]) {
      const { run, period } = site((p) => p.sellers.length > 0);
      const seller = period.sellers[0];
      seller.mwp[1] = mwp(Math.min(units(seller.values[1]), units(period.buyers[1].budget)));
      expect(broken(run), `MWP ${seller.mwp[1]}`).toStrictEqual(["mwpRange"]);
    }
  });

  it("participation: a seller that left is still active next period", () => {
    const { run, period, next } = site((p, n) => n !== undefined && p.sellers.some((s) => s.stays));
    period.sellers.find((s) => s.stays && next!.sellers.some((x) => x.id === s.id))!.stays = false;
    expect(broken(run)).toStrictEqual(["participation"]);
  });

  it("participation: a seller that left comes back without entry, and an entrant goes missing", () => {
    let { run, period, next } = site((p, n) => n !== undefined && p.sellers.some((s) => !s.stays));
    const leaver = period.sellers.find((s) => !s.stays)!;
    next!.sellers.push({ ...structuredClone(leaver), buyers: [], revenue: 0, stays: false });
    next!.activeSellers += 1;
    expect(broken(run)).toStrictEqual(["participation"]);
    expect(checkRun(run)[0].message).toBe(`seller ${leaver.id} is active, but it left in period ${period.period}`);

    // Its trades go with it (purchases and their spend), so only its absence is wrong.
    const entrantIn = (p: PeriodRecord) => p.sellers.find((s) => base.sellers.find((x) => x.id === s.id)!.entered === p.period);
    ({ run, period } = site((p) => entrantIn(p) !== undefined));
    const entrant = entrantIn(period)!;
    period.sellers.splice(period.sellers.indexOf(entrant), 1);
    period.activeSellers -= 1;
    for (const buyer of period.buyers.filter((b) => b.bought.includes(entrant.id))) {
      buyer.bought = buyer.bought.filter((id) => id !== entrant.id);
      buyer.spend = plus(buyer.spend, -units(entrant.price));
    }
    const violations = checkRun(run);
    expect(broken(run)).toStrictEqual(["participation"]);
    expect(violations[0].message).toBe(`seller ${entrant.id} entered in period ${period.period} but is not active`);
  });

  it("participation: activeSellers miscounts the listed sellers", () => {
    const { run, period } = site((p) => p.sellers.length > 0);
    period.activeSellers += 1;
    expect(broken(run)).toStrictEqual(["participation"]);
  });

  it("activeTrade: a buyer lists a purchase from a seller not active in the period", () => {
    const { run, next } = site((p, n) => n !== undefined && p.sellers.some((s) => !n.sellers.some((x) => x.id === s.id)));
    const gone = run.groups.flatMap((g) => g.periods).find((p) => p === next)!;
    const previous = run.groups.flatMap((g) => g.periods)[run.groups.flatMap((g) => g.periods).indexOf(gone) - 1];
    const departed = previous.sellers.find((s) => !gone.sellers.some((x) => x.id === s.id))!;
    gone.buyers[0].bought.push(departed.id);
    expect(broken(run)).toStrictEqual(["activeTrade"]);
  });

  it("spend: one money unit moved from one buyer's spend to another's (the total, and both budgets, still hold)", () => {
    const donorAndTaker = (p: PeriodRecord) => {
      const donor = p.buyers.find((b) => b.spend > 0);
      const taker = p.buyers.find((b) => b !== donor && units(b.budget) - units(b.spend) >= 1);
      return donor && taker ? { donor, taker } : null;
    };
    const { run, period } = site((p) => donorAndTaker(p) !== null);
    const { donor, taker } = donorAndTaker(period)!;
    donor.spend = plus(donor.spend, -1);
    taker.spend = plus(taker.spend, 1);
    expect(broken(run)).toStrictEqual(["spend"]);
    expect(checkRun(run).map((v) => v.message)).toContain(`buyer ${donor.id} spent ${donor.spend}, but the prices of ${donor.bought.join(", ")} add up to ${plus(donor.spend, 1)}`);
  });

  it("revenue: one money unit moved from one seller's revenue to another's (the total still holds)", () => {
    const { run, period } = site((p) => p.sellers.some((s) => s.revenue > 0) && p.sellers.length > 1);
    const giver = period.sellers.find((s) => s.revenue > 0)!;
    const receiver = period.sellers.find((s) => s !== giver)!;
    giver.revenue = plus(giver.revenue, -1);
    receiver.revenue = plus(receiver.revenue, 1);
    expect(broken(run)).toStrictEqual(["revenue"]);
  });

  // An amount off the grid by 0.4 of a unit converts to the same whole units, so every other invariant,
  // read in units, still holds: only `money` sees it.
  const OFF_GRID = 0.4 * 10 ** -DECIMALS;
  it.each<[string, (p: PeriodRecord) => [string, number]]>([
    ["a budget", (p) => ["buyer B1 budget", (p.buyers[0].budget += OFF_GRID)]],
    ["a spend", (p) => { const b = spenders(p)[0]; return [`buyer ${b.id} spend`, (b.spend += OFF_GRID)]; }],
    ["a bundle's value", (p) => { const b = spenders(p)[0]; return [`buyer ${b.id} value`, (b.value += OFF_GRID)]; }],
    ["a utility", (p) => ["buyer B1 utility", (p.buyers[0].utility += OFF_GRID)]],
    ["a cost", (p) => [`seller ${p.sellers[0].id} cost`, (p.sellers[0].cost += OFF_GRID)]],
    ["a fair price", (p) => [`seller ${p.sellers[0].id} fairPrice`, (p.sellers[0].fairPrice += OFF_GRID)]],
    ["a posted price", (p) => [`seller ${p.sellers[0].id} price`, (p.sellers[0].price += OFF_GRID)]],
    ["a revenue", (p) => [`seller ${p.sellers[0].id} revenue`, (p.sellers[0].revenue += OFF_GRID)]],
    ["a profit", (p) => [`seller ${p.sellers[0].id} profit`, (p.sellers[0].profit += OFF_GRID)]],
    ["a value V_bj", (p) => [`seller ${p.sellers[0].id} values[1]`, (p.sellers[0].values[1] += OFF_GRID)]],
    ["an MWP", (p) => [`seller ${p.sellers[0].id} mwp[1]`, (p.sellers[0].mwp[1] += OFF_GRID)]],
  ])("money: %s 0.4 of a money unit off the grid (it converts to the same units, so nothing else breaks)", (_, corrupt) => {
    const { run, period } = site((p) => p.sellers.length > 0 && spenders(p).length > 0);
    const [where, amount] = corrupt(period);
    expect(broken(run)).toStrictEqual(["money"]);
    expect(checkRun(run).map((v) => v.message)).toStrictEqual([`${where} is ${amount}, not a whole number of money units of 0.000001`]);
  });

  it("money: the grid is the run's own unit; an amount on the grid of millionths but not of cents breaks a run in cents", () => {
    const cents = simulate({ ...base.config, money: { decimals: 2 } }, 7);
    expect(checkRun(cents)).toStrictEqual([]);
    const run = structuredClone(cents);
    const buyer = run.groups[0].periods[0].buyers[0];
    buyer.budget += 0.001; // 12.001: a whole number of millionths, 100.1 cents
    expect(broken(run)).toStrictEqual(["money"]);
    expect(checkRun(run)[0].message).toBe(`buyer ${buyer.id} budget is 12.001, not a whole number of money units of 0.01`);
  });

  it("every invariant has a negative control above", () => {
    // The controls above cover, in order: conservation, budget, finite, prices, mwpRange, participation,
    // activeTrade, spend, revenue, money — the whole list.
    expect([...INVARIANTS].sort()).toStrictEqual(["activeTrade", "budget", "conservation", "finite", "money", "mwpRange", "participation", "prices", "revenue", "spend"]);
  });
});

describe("firstViolationLine", () => {
  it("is null when nothing broke, and otherwise one line: the first violation, its invariant and the count", () => {
    expect(firstViolationLine([])).toBeNull();
    const line = firstViolationLine([
      { invariant: "budget", group: "fairshare", period: 12, message: "buyer B2 spent 12.000001 > budget 12" },
      { invariant: "spend", group: "random", period: 3, message: "…" },
    ]);
    expect(line).toBe("fairshare period 12: buyer B2 spent 12.000001 > budget 12 (budget; 2 violations in all)");
  });
});
