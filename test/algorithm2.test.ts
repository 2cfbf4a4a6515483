import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { simulate, simulateGroup } from "../experiments/algorithm2.js";
import { GROUPS, parseConfig, type Config, type Group } from "../experiments/config.js";
import { stream } from "../experiments/random.js";
import type { GroupRun, RunRecord } from "../experiments/records.js";
import { syntheticScore } from "../experiments/synthetic.js";
import { fromUnits, toUnits } from "../theory/money.js";
import { smallConfigs } from "./fixtures/smallConfigs.js";

/**
 * A period's money is exact (MODEL §2): budgets, costs, values, prices, MWPs, spend, value, utility,
 * revenue and profit are whole money units, and are checked exactly, in units. The running totals over
 * periods (cumulative profit, utility, spend and score, the average cumulative profit) are float sums
 * of those decimals, and scores are not money: those allow a relative error of 1e-9. The code sums
 * with Neumaier, the test with plain addition in another order, over at most 15 periods and 6 sellers;
 * the largest error measured over the property's 200 cases was 1.7e-15 relative (an
 * averageCumulativeProfit), so 1e-9 leaves room without hiding a wrong term (the smallest deliberate
 * error tried, 0.1 %, is a million times larger).
 */
const RELATIVE = 1e-9;

/**
 * `x` rounded half to even to a whole number, from the double `x` itself: the test's own oracle for a
 * policy price that is not a whole money unit (MODEL §4). `x − floor(x)` is exact below 2^52.
 */
function halfEven(x: number): number {
  const floor = Math.floor(x);
  const fraction = x - floor;
  if (fraction !== 0.5) return fraction < 0.5 ? floor : floor + 1;
  return floor % 2 === 0 ? floor : floor + 1;
}

function expectClose(got: number, want: number, label: string, scale = 1): void {
  const bound = RELATIVE * Math.max(1, Math.abs(want), scale);
  if (Number.isFinite(got) && Math.abs(got - want) <= bound) return;
  expect(Number.isFinite(got), `${label}: ${got} is not finite`).toBe(true);
  expect(Math.abs(got - want), `${label}: got ${got}, want ${want}`).toBeLessThanOrEqual(bound);
}

// The property below makes millions of checks, and a vitest `expect` costs about 10 µs: these call it
// only when the check fails, so that the failure still reads as an assertion with its label.
function same(got: unknown, want: unknown, label: string): void {
  if (!Object.is(got, want)) expect(got, label).toBe(want);
}
function atLeast(got: number, bound: number, label: string): void {
  if (!(got >= bound)) expect(got, label).toBeGreaterThanOrEqual(bound);
}
function atMost(got: number, bound: number, label: string): void {
  if (!(got <= bound)) expect(got, label).toBeLessThanOrEqual(bound);
}

/** The participation specs drawn, with ρ written out from MODEL §5 as the test's own oracle. */
const RHO = {
  "linear:0.3": (x: number) => 1 - 0.3 * (1 - x),
  "power:2": (x: number) => x ** 2,
  "gap:0.8:1": (x: number) => (x === 1 ? 1 : 0.8 * x),
} as const;
type Spec = keyof typeof RHO;

interface Bundle {
  chosen: number[];
  surplus: number;
  value: number;
}

/**
 * The buyer's best response by brute force over all 2^N subsets (MODEL §2), in whole money units, so
 * every sum and comparison is exact. `maxSurplus` is the best surplus over every affordable subset. `tieRuled` is the bundle
 * MODEL §2's conventions pick: among subsets that take every free item (p = 0, "a zero-surplus item
 * counts as bought when it fits") and no item with V < p (it can only lower the surplus), the largest
 * surplus, then the largest value, then the lexicographically smallest id list.
 */
function bruteForce(values: ReadonlyArray<number>, prices: ReadonlyArray<number>, budget: number): { maxSurplus: number; tieRuled: Bundle } {
  const n = values.length;
  let maxSurplus = 0;
  let best: Bundle = { chosen: [], surplus: Number.NEGATIVE_INFINITY, value: 0 };
  for (let mask = 0; mask < 1 << n; mask += 1) {
    const chosen: number[] = [];
    let cost = 0;
    let surplus = 0;
    let value = 0;
    for (let j = 0; j < n; j += 1) {
      if (!(mask & (1 << j))) continue;
      chosen.push(j);
      cost += prices[j];
      surplus += values[j] - prices[j];
      value += values[j];
    }
    if (!(cost <= budget)) continue;
    maxSurplus = Math.max(maxSurplus, surplus);
    const conventional = chosen.every((j) => values[j] >= prices[j]) && prices.every((p, j) => p !== 0 || chosen.includes(j));
    if (!conventional) continue;
    const lexSmaller = (() => {
      for (let k = 0; k < Math.min(chosen.length, best.chosen.length); k += 1) if (chosen[k] !== best.chosen[k]) return chosen[k] < best.chosen[k];
      return chosen.length < best.chosen.length;
    })();
    if (surplus > best.surplus || (surplus === best.surplus && (value > best.value || (value === best.value && lexSmaller)))) best = { chosen, surplus, value };
  }
  return { maxSurplus, tieRuled: best };
}

/** Lemma 2 by enumeration (MODEL §3), in whole units: the lowest price among the MWPs maximising q·#{b : m_b ≥ q}; 0 when every MWP is 0. */
function lemma2Price(mwps: ReadonlyArray<number>): number {
  let best = 0;
  let bestRevenue = 0;
  for (const q of mwps) {
    const revenue = q * mwps.filter((m) => m >= q).length;
    if (revenue > bestRevenue || (revenue === bestRevenue && q < best)) [best, bestRevenue] = [q, revenue];
  }
  return best;
}

/** Checks every claim of MODEL §2–§6 that one group's periods must satisfy. */
function checkGroup(config: Config, seed: number, run: GroupRun, everyone: RunRecord["sellers"]): void {
  const group: Group = run.group;
  const rho = RHO[config.participation as Spec];
  const entryOn = config.entry.probability > 0;
  const initialCount = config.sellers.tiers.reduce((sum, tier) => sum + tier.count, 0);
  // Money in whole units of the config's unit (MODEL §2): `units` reads a record's decimal, `money` writes one.
  const decimals = config.money.decimals;
  const units = (amount: number) => toUnits(amount, decimals);
  const money = (whole: number) => fromUnits(whole, decimals);
  const lastCumulative = new Map<string, number>(); // every seller ever present → its latest cumulative profit
  const runningProfit = new Map<string, number>();
  const discountedUtility = config.buyers.map(() => ({ sum: 0, scale: 0 }));
  const cumulativeSpend = config.buyers.map(() => 0);
  const cumulativeScore = config.buyers.map(() => 0);
  let unconverged = 0;

  same(run.periods.length, config.periods, `${group}: one record per period`);
  run.periods.forEach((record, index) => {
    const t = index + 1;
    const at = `${group}, seed ${seed}, t = ${t}`;
    const { sellers, buyers } = record;
    expect(record.period, at).toBe(t);
    same(record.activeSellers, sellers.length, `${at}: activeSellers`);
    if (!record.converged) unconverged += 1;
    atLeast(record.rounds, 1, `${at}: rounds`);
    atMost(record.rounds, config.algorithm1.maxRounds, `${at}: rounds`);

    // Who is in the market: period 1 is S1…SN; later, the stayers of t − 1 in order, then at most one entrant.
    if (t === 1) {
      expect(sellers.map((s) => s.id), `${at}: initial sellers`).toStrictEqual(Array.from({ length: initialCount }, (_, j) => `S${j + 1}`));
    } else {
      const previous = run.periods[index - 1].sellers;
      const stayers = previous.filter((s) => s.stays).map((s) => s.id);
      const ids = sellers.map((s) => s.id);
      expect(ids.slice(0, stayers.length), `${at}: the listed sellers are the ones who stayed in t − 1`).toStrictEqual(stayers);
      const newcomers = ids.slice(stayers.length);
      atMost(newcomers.length, entryOn ? 1 : 0, `${at}: at most one entrant`);
      for (const id of newcomers) same(id, `S${lastCumulative.size + 1}`, `${at}: the entrant continues the numbering`);
      if (!entryOn) atMost(record.activeSellers, run.periods[index - 1].activeSellers, `${at}: no entry, so no more sellers than in t − 1`);
    }

    // meanQuality: the mean θ of the listed sellers, null when none.
    if (sellers.length === 0) expect(record.meanQuality, `${at}: meanQuality`).toBeNull();
    else expectClose(record.meanQuality ?? Number.NaN, sellers.reduce((s, x) => s + x.quality, 0) / sellers.length, `${at}: meanQuality`);

    // The period's market in units, as the test reads it off the record: budgets, values, fair and posted prices.
    const budgetUnits = config.buyers.map((b) => units(b.budget));
    const fairUnits = sellers.map((s) => units(s.fairPrice));
    const priceUnits = sellers.map((s) => units(s.price));
    const valueUnits = sellers.map((s) => s.values.map(units));
    const low = Math.min(...fairUnits);
    const high = Math.max(...fairUnits);
    // Algorithm 1's settled rule, |q − p| ≤ tolerance·max(f, |p|), f the largest start price max_j max_b min(V_bj, B_b) (MODEL §6).
    const floor = Math.max(0, ...sellers.map((_, j) => Math.max(...budgetUnits.map((budget, b) => Math.min(valueUnits[j][b], budget)))));
    sellers.forEach((s, j) => {
      const who = `${at}, seller ${s.id}`;
      const known = everyone.find((e) => e.id === s.id);
      expect(known, `${who}: listed in simulate(...).sellers`).toBeDefined();
      expect([s.quality, s.cost], `${who}: θ and c as in simulate(...).sellers`).toStrictEqual([known!.quality, known!.cost]);
      same(s.cost, money(units(config.sellers.cost.base + config.sellers.cost.perQuality * s.quality)), `${who}: c = base + perQuality·θ, rounded half to even to the unit`);

      // Values (MODEL §7, §2): V = λ_b·v with v the seller's synthetic score, entered rounded half to even to the unit, exactly;
      // with noise 0, v has the closed form θ/(1 + decay·(t − 1)), so V is within half a unit of λ_b·θ/(1 + decay·(t − 1)).
      expect(s.values.length, who).toBe(config.buyers.length);
      s.values.forEach((v, b) => {
        const score = syntheticScore(config, seed, config.buyers[b].id, known!, t);
        same(v, money(units(config.buyers[b].valueOfPerformance * score)), `${who}: V_${b} = fromUnits(toUnits(λ·v)), v = ${score}`);
        atLeast(v, 0, `${who}: V_${b}`);
        if (config.valuation.source === "synthetic" && config.valuation.noise === 0) {
          const closed = (config.buyers[b].valueOfPerformance * s.quality) / (1 + config.valuation.decay * (t - 1));
          atMost(Math.abs(v - closed), 0.5 * 10 ** -decimals + 1e-15 * closed, `${who}: V_${b} = ${v} vs λθ/(1 + decay·(t − 1)) = ${closed}, noise 0`);
        }
      });

      // Prices (MODEL §4), whole units: at least the cost, and the group's own formula, rounded half to even where not whole.
      const cost = units(s.cost);
      same(s.fairPrice, money(fairUnits[j]), `${who}: p* is a whole number of units`);
      same(s.price, money(priceUnits[j]), `${who}: the price is a whole number of units`);
      atLeast(s.price, s.cost, `${who}: price ≥ cost`);
      if (group === "fairshare") same(priceUnits[j], Math.max(cost, fairUnits[j]), `${who}: max(c, p*)`);
      if (group === "exploitative") same(priceUnits[j], cost, `${who}: c`);
      if (group === "reduced") same(priceUnits[j], Math.max(cost, halfEven(config.policy.reducedFactor * fairUnits[j])), `${who}: max(c, round(κp*))`);
      if (group === "random") {
        atLeast(priceUnits[j], Math.max(cost, low), `${who}: ≥ max(c, min p*)`);
        atMost(priceUnits[j], Math.max(cost, high), `${who}: ≤ max(c, max p*)`);
        // Its draw is the first uniform of the seller's own stream (seed, "price", j, t), shared by no other seller.
        const u = stream(seed, "price", s.id, t)();
        same(priceUnits[j], Math.max(cost, halfEven(low + (high - low) * u)), `${who}: max(c, round(min p* + (max p* − min p*)·u)) with u = ${u}`);
      }

      // Pay ratio (MODEL §4), of the prices in units, and MWPs in [0, min(V_bj, B_b)] (MODEL §2), exactly.
      same(s.payRatio, fairUnits[j] === 0 ? 1 : Math.min(1, priceUnits[j] / fairUnits[j]), `${who}: payRatio`);
      expect(s.mwp.length, who).toBe(config.buyers.length);
      const mwpUnits = s.mwp.map(units);
      mwpUnits.forEach((m, b) => {
        same(s.mwp[b], money(m), `${who}: MWP_${b} is a whole number of units`);
        atLeast(m, 0, `${who}: MWP_${b} ≥ 0`);
        atMost(m, Math.min(valueUnits[j][b], budgetUnits[b]), `${who}: MWP_${b} ≤ min(V, B)`);
      });
      // When Algorithm 1 converged, p* is the Lemma 2 price of the recorded MWPs, found here by trying every
      // MWP as the price, to within the settled rule: exactly when tolerance·f < 1 unit, as with the default
      // unit here. Unconverged periods return the last sweep's prices, whose MWPs are recomputed afterwards,
      // so there p* need not be among them (MODEL §6).
      if (record.converged) {
        const lemma2 = lemma2Price(mwpUnits);
        expect(Math.abs(fairUnits[j] - lemma2), `${who}: p* ${fairUnits[j]} vs Lemma 2 price ${lemma2} of MWPs ${mwpUnits} (units)`).toBeLessThanOrEqual(
          config.algorithm1.tolerance * Math.max(floor, lemma2),
        );
      }

      // A1: stays is seller j's draw from its stream (seed, "stay", group, j, t) against ρ(x), ρ from MODEL §5.
      same(s.stays, stream(seed, "stay", group, s.id, t)() < rho(s.payRatio), `${who}: stays`);
      if (group === "fairshare") same(s.stays, true, `${who}: under fairshare x = 1, ρ(1) = 1, nobody leaves`);

      // Money (MODEL §6): revenue is the price times the buyers who bought and profit = revenue − c, exactly; running sums.
      const buyerIds = config.buyers.filter((_, b) => buyers[b].bought.includes(s.id)).map((b) => b.id);
      expect(s.buyers, `${who}: buyers are those whose bundle lists it, in config order`).toStrictEqual(buyerIds);
      same(s.revenue, money(priceUnits[j] * buyerIds.length), `${who}: revenue = price × buyers`);
      same(s.profit, money(units(s.revenue) - cost), `${who}: profit = revenue − c`);
      const running = (runningProfit.get(s.id) ?? 0) + s.profit;
      runningProfit.set(s.id, running);
      expectClose(s.cumulativeProfit, running, `${who}: cumulativeProfit`, t * (s.price * config.buyers.length + s.cost));
      lastCumulative.set(s.id, s.cumulativeProfit);
    });

    // averageCumulativeProfit: the mean over every seller ever present, those who left included.
    const ever = [...runningProfit.values()];
    expectClose(record.averageCumulativeProfit, ever.reduce((a, x) => a + x, 0) / ever.length, `${at}: averageCumulativeProfit`);

    // Money is conserved, exactly: what buyers spend is what sellers receive.
    const spent = buyers.reduce((a, b) => a + units(b.spend), 0);
    const received = sellers.reduce((a, s) => a + units(s.revenue), 0);
    same(spent, received, `${at}: Σ spend = Σ revenue (units)`);

    expect(buyers.map((b) => b.id), at).toStrictEqual(config.buyers.map((b) => b.id));
    buyers.forEach((buyer, b) => {
      const who = `${at}, buyer ${buyer.id}`;
      const budget = budgetUnits[b];
      const values = sellers.map((_, j) => valueUnits[j][b]);
      const picked = buyer.bought.map((id) => sellers.findIndex((s) => s.id === id));
      same(picked.every((j) => j >= 0), true, `${who}: bought only from active sellers`);
      same(buyer.budget, config.buyers[b].budget, `${who}: the config's budget, on the grid`);
      same(buyer.spend, money(picked.reduce((a, j) => a + priceUnits[j], 0)), `${who}: spend = Σ p_j`);
      same(buyer.value, money(picked.reduce((a, j) => a + values[j], 0)), `${who}: value = Σ V_bj`);
      atMost(units(buyer.spend), budget, `${who}: spend ≤ budget`);

      // Optimal bundle: its surplus is the brute-force best over all 2^N subsets, and it is the subset MODEL §2's tie rules pick.
      const oracle = bruteForce(values, priceUnits, budget);
      same(buyer.utility, money(oracle.maxSurplus), `${who}: surplus = brute-force max over 2^${sellers.length} subsets`);
      expect(picked, `${who}: the tie-ruled brute-force bundle (values ${values}, prices ${priceUnits}, budget ${budget}, units)`).toStrictEqual(oracle.tieRuled.chosen);

      // Utility and its discounted running sum Σ δ^{s−1} u_s (MODEL §6).
      same(buyer.utility, money(units(buyer.value) - units(buyer.spend)), `${who}: u = value − spend`);
      const term = config.discount ** (t - 1) * buyer.utility;
      discountedUtility[b].sum += term;
      discountedUtility[b].scale += Math.abs(term);
      expectClose(buyer.cumulativeUtility, discountedUtility[b].sum, `${who}: cumulativeUtility`, discountedUtility[b].scale);
      // Performance: the score bought is the sum of the bought datasets' scores; per dollar, cumulative score over cumulative spend.
      const score = buyer.bought.reduce((a, id) => a + syntheticScore(config, seed, buyer.id, everyone.find((e) => e.id === id)!, t), 0);
      expectClose(buyer.score, score, `${who}: score = Σ v_bj`);
      cumulativeSpend[b] += buyer.spend;
      cumulativeScore[b] += buyer.score;
      expectClose(buyer.cumulativeSpend, cumulativeSpend[b], `${who}: cumulativeSpend`);
      expectClose(buyer.cumulativeScore, cumulativeScore[b], `${who}: cumulativeScore`);
      if (buyer.cumulativeSpend === 0) {
        expect(buyer.performancePerDollar, `${who}: performancePerDollar before any spend`).toBeNull();
      } else expectClose(buyer.performancePerDollar ?? Number.NaN, cumulativeScore[b] / cumulativeSpend[b], `${who}: performancePerDollar`);
    });
  });
  same(run.unconvergedPeriods, unconverged, `${group}: unconvergedPeriods counts the unconverged periods`);
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object") {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

describe("simulate(config, seed): Algorithm 2 (MODEL §6) on small synthetic markets", () => {
  it("in every period of every group, exactly in whole money units: money is conserved, budgets hold, values are λ·v rounded to the unit, bundles are brute-force optimal, prices follow the group, MWPs lie in [0, min(V, B)]; sellers leave only by A1, and the running totals add up", () => {
    fc.assert(
      fc.property(smallConfigs(), (config) => {
        deepFreeze(config); // simulate must not modify its config
        const record = simulate(config, config.seed);
        expect(record.groups.map((g) => g.group)).toStrictEqual(config.groups);
        for (const run of record.groups) checkGroup(config, config.seed, run, record.sellers);
        // Every seller ever present, and no one else, is in simulate(...).sellers, in id order.
        const seen = new Set(record.groups.flatMap((g) => g.periods.flatMap((p) => p.sellers.map((s) => s.id))));
        expect(record.sellers.map((s) => s.id)).toStrictEqual(Array.from({ length: record.sellers.length }, (_, j) => `S${j + 1}`));
        expect([...seen].sort(), "ids traded in some group are the ids of simulate(...).sellers").toStrictEqual(record.sellers.map((s) => s.id).sort());
      }),
      { seed: 20260321, numRuns: 200 },
    );
  });

  it("common random numbers: in period 1 every group sees identical values, MWPs and fair prices for each seller", () => {
    fc.assert(
      fc.property(smallConfigs(), (config) => {
        const [first, ...rest] = simulate(config, config.seed).groups.map((g) => g.periods[0].sellers.map(({ id, values, mwp, fairPrice }) => ({ id, values, mwp, fairPrice })));
        for (const other of rest) expect(other).toStrictEqual(first);
      }),
      { seed: 20260322, numRuns: 100 },
    );
  });

  it("determinism: the same config and seed give the identical JSON; another seed gives different groups (noise > 0)", () => {
    fc.assert(
      fc.property(smallConfigs({ noise: fc.double({ min: 0.05, max: 0.5, noNaN: true }) }), fc.integer({ min: 1, max: 1000 }), (config, shift) => {
        const a = JSON.stringify(simulate(config, config.seed));
        const b = JSON.stringify(simulate(config, config.seed));
        expect(b === a, "same seed, same bytes").toBe(true);
        const other = (config.seed + shift) % 0x1_0000_0000;
        expect(JSON.stringify(simulate(config, other).groups) === JSON.stringify(JSON.parse(a).groups), `seeds ${config.seed} and ${other}`).toBe(false);
      }),
      { seed: 20260323, numRuns: 100 },
    );
  });

  it("entry with probability 1 adds one seller a period, numbered on from the initial ones, and simulate(...).sellers lists them with their entry period", () => {
    const config = parseConfig(
      {
        name: "entry",
        periods: 6,
        seed: 3,
        discount: 1,
        groups: [...GROUPS],
        participation: "power:2",
        buyers: [{ id: "B1", budget: 10 }, { id: "B2", budget: 3 }],
        sellers: { tiers: [{ name: "high", quality: 4, count: 1 }, { name: "low", quality: 1, count: 1 }], cost: { base: 0.5, perQuality: 0.25 } },
        valuation: { source: "synthetic", noise: 0.2, decay: 0 },
        entry: { probability: 1 },
      },
      "algorithm2.test.ts",
    );
    const record = simulate(config, 3);
    // Two initial sellers, then one entrant at each of periods 2..6: S3 at 2, …, S7 at 6 (none after the last period).
    expect(record.sellers.map((s) => [s.id, s.entered])).toStrictEqual([["S1", 1], ["S2", 1], ["S3", 2], ["S4", 3], ["S5", 4], ["S6", 5], ["S7", 6]]);
    for (const s of record.sellers.slice(2)) {
      expect([4, 1], `${s.id}: θ of one of the tiers`).toContain(s.quality);
      expect(s.cost, `${s.id}: c = 0.5 + 0.25·θ`).toBe(0.5 + 0.25 * s.quality);
    }
    for (const run of record.groups) {
      run.periods.forEach((p, index) => {
        if (index === 0) return;
        const entrant = `S${index + 2}`;
        expect(p.sellers.map((s) => s.id), `${run.group}, t = ${p.period}: the entrant is listed last`).toContain(entrant);
        expect(p.sellers[p.sellers.length - 1].id, `${run.group}, t = ${p.period}`).toBe(entrant);
        expect(p.activeSellers, `${run.group}, t = ${p.period}: stayers + 1`).toBe(run.periods[index - 1].sellers.filter((s) => s.stays).length + 1);
      });
      checkGroup(config, 3, run, record.sellers);
    }
    // Under fairshare nobody leaves, so the count climbs by one a period: 2, 3, …, 7.
    expect(record.groups[0].periods.map((p) => p.activeSellers)).toStrictEqual([2, 3, 4, 5, 6, 7]);
  });
});

describe("simulateGroup: a one-seller market worked by hand", () => {
  // Seller S1: θ = 4, cost 1 + 0·θ = 1, noise 0, decay 0. B1: λ = 2, budget 10, so V = 8, MWP = min(8, 10) = 8.
  // B2: λ = 1, budget 3, so V = 4, MWP = min(4, 3) = 3. Revenue 8 at p = 8 (B1 only) beats 3·2 = 6 at p = 3: p* = 8.
  const config = parseConfig(
    {
      name: "by-hand",
      periods: 3,
      seed: 11,
      discount: 0.5,
      groups: [...GROUPS],
      policy: { reducedFactor: 0.5 },
      participation: "linear:0.3",
      buyers: [{ id: "B1", budget: 10, valueOfPerformance: 2 }, { id: "B2", budget: 3, valueOfPerformance: 1 }],
      sellers: { tiers: [{ name: "only", quality: 4, count: 1 }], cost: { base: 1, perQuality: 0 } },
      valuation: { source: "synthetic", noise: 0, decay: 0 },
    },
    "algorithm2.test.ts",
  );

  it("fairshare: p* = 8, B1 buys at 8 (u = 0), B2 cannot afford it; revenue 8, profit 7 a period, 7, 14, 21 cumulated; x = 1, nobody leaves", () => {
    const run = simulateGroup(config, 11, "fairshare");
    for (const p of run.periods) {
      expect(p.sellers[0]).toMatchObject({ id: "S1", values: [8, 4], mwp: [8, 3], fairPrice: 8, price: 8, payRatio: 1, buyers: ["B1"], revenue: 8, profit: 7, stays: true });
      expect(p.buyers.map((b) => [b.bought, b.spend, b.utility])).toStrictEqual([[["S1"], 8, 0], [[], 0, 0]]);
    }
    expect(run.periods.map((p) => p.averageCumulativeProfit)).toStrictEqual([7, 14, 21]);
  });

  it("reduced (κ = 0.5): price 4, B1 buys (u = 8 − 4 = 4), B2's budget 3 < 4; x = 0.5; B1's cumulative utility 4, 4 + 0.5·4 = 6 while S1 stays", () => {
    const run = simulateGroup(config, 11, "reduced");
    const first = run.periods[0];
    expect(first.sellers[0]).toMatchObject({ price: 4, payRatio: 0.5, buyers: ["B1"], revenue: 4, profit: 3 });
    expect(first.buyers[0]).toMatchObject({ bought: ["S1"], spend: 4, utility: 4, cumulativeUtility: 4 });
    expect(first.buyers[1]).toMatchObject({ bought: [], spend: 0, utility: 0 });
    // ρ(0.5) = 1 − 0.3·0.5 = 0.85: whether S1 stays is its draw; if it does, period 2 repeats period 1 at weight δ = 0.5.
    if (first.sellers[0].stays) expect(run.periods[1].buyers[0].cumulativeUtility).toBe(6);
    else expect(run.periods[1]).toMatchObject({ activeSellers: 0, meanQuality: null, averageCumulativeProfit: 3 });
  });

  it("exploitative: price = cost = 1, both buy (u = 7 and 3); revenue 2, profit 1; x = 1/8", () => {
    const first = simulateGroup(config, 11, "exploitative").periods[0];
    expect(first.sellers[0]).toMatchObject({ price: 1, payRatio: 0.125, buyers: ["B1", "B2"], revenue: 2, profit: 1 });
    expect(first.buyers.map((b) => b.utility)).toStrictEqual([7, 3]);
  });

  it("random: with one seller the range [min p*, max p*] is the point 8, so it prices as fairshare", () => {
    const first = simulateGroup(config, 11, "random").periods[0];
    expect(first.sellers[0]).toMatchObject({ price: 8, payRatio: 1, buyers: ["B1"], stays: true });
  });
});
