/**
 * Algorithm 2 (MODEL §6): the market over `T` periods under one pricing group.
 */
import { fairsharePrices } from "../theory/algorithm1.js";
import { NeumaierSum } from "../theory/compensatedSum.js";
import type { Market } from "../theory/market.js";
import { parseParticipation, payRatio } from "../theory/participation.js";
import { purchases } from "../theory/purchases.js";
import { fromUnits, toUnits } from "../theory/money.js";
import { greedyPurchases } from "../theory/fractional.js";
import type { Config, Group } from "./config.js";
import { postedPrices } from "./policies.js";
import { stream } from "./random.js";
import type { GroupLearning, LearnedRun } from "./learned/learnedValuation.js";
import type { BuyerPeriod, GroupRun, PeriodRecord, RunRecord, SellerPeriod } from "./records.js";
import { entrant, initialSellers, type SyntheticSeller } from "./synthetic.js";
import { syntheticValuation, type MarketValuation, type ValuationSource } from "./valuation.js";

/** A buyer's running totals across periods. */
interface BuyerTotals {
  utility: NeumaierSum;
  spend: NeumaierSum;
  score: NeumaierSum;
}

/**
 * One group's run of Algorithm 2 (MODEL §6). Each period: value the active sellers' datasets for every
 * buyer with `scores` (MODEL §7: `synthetic` unless given, e.g. an `import` or `learned` source from
 * loadValuation); compute the fairshare prices (Algorithm 1); post the group's prices (MODEL §4); each
 * buyer buys its best bundle (MODEL §2); money moves; with the learned source each buyer retrains on what
 * it bought; each seller stays with probability `ρ(x)` (A1), a departure being final; an entrant may
 * arrive (MODEL §5, off by default).
 *
 * - Randomness: the stay draw of seller j in period t comes from the stream (seed, "stay", group, j, t),
 *   the `random` group's price from (seed, "price", j, t); valuations and entry are shared by every group
 *   (with the learned source the datasets are, while their scores follow each group's buyers' models).
 * - Money (MODEL §2): budgets, costs and values `V = λ_b·v` enter each period's market once, rounded
 *   half to even to the config's money unit, and the market computes in whole units; the records hold
 *   the decimal amounts those units are (`fromUnits`). Running totals over periods are sums of them.
 * - A period with no active seller records nothing bought, utility 0, and `meanQuality: null`.
 * - Algorithm 1's non-convergence is counted in `unconvergedPeriods` and flagged in the period.
 *
 * Cost: T Algorithm 1 runs on the active sellers, plus T · M knapsacks; with the learned source also
 * T · M valuations and refits.
 *
 * @example simulateGroup(config, 7, "fairshare").periods.length // => config.periods
 * @throws Error when the config's valuation is `import` or `learned` and no `scores` are given (a programming error).
 */
export function simulateGroup(config: Config, seed: number, group: Group, scores: MarketValuation = syntheticValuation(config)): GroupRun {
  return runGroup(config, seed, group, opened(scores, seed)).run;
}

/** A stateless source as it is, or the learned source opened under the run's seed. */
function opened(scores: MarketValuation, seed: number): ValuationSource | LearnedRun {
  return typeof scores === "function" ? scores : scores.open(seed);
}

/** One group's run, and every seller who was in its market (entrants are shared by all groups). */
function runGroup(config: Config, seed: number, group: Group, valuation: ValuationSource | LearnedRun): { run: GroupRun; sellers: SyntheticSeller[] } {
  // The learned source keeps this group's buyers' models; a stateless source needs no state.
  let learning: GroupLearning | null = null;
  let periodScores: (t: number, active: ReadonlyArray<SyntheticSeller>) => number[][];
  if (typeof valuation === "function") {
    periodScores = (t, active) => config.buyers.map((buyer) => active.map((seller) => valuation(seed, buyer.id, seller, t)));
  } else {
    const buyers = valuation.group(group);
    learning = buyers;
    periodScores = (t, active) => buyers.scores(t, active);
  }
  // Every buyer starts from the run's common model (its test accuracy); null for a stateless source.
  let performance: number[] | null = typeof valuation === "function" ? null : config.buyers.map(() => valuation.startAccuracy);
  const startPerformance = performance;
  // λ_b, dollars per unit of valuation score: the config's, or the learned source's money rule.
  const worth = typeof valuation === "function" ? config.buyers.map((b) => b.valueOfPerformance) : valuation.worth;
  const rho = parseParticipation(config.participation, { requireA2: true }).rho;
  const everyone = initialSellers(config);
  let active: SyntheticSeller[] = [...everyone];
  const profit = new Map<string, NeumaierSum>(everyone.map((s) => [s.id, new NeumaierSum()]));
  const totals: BuyerTotals[] = config.buyers.map(() => ({ utility: new NeumaierSum(), spend: new NeumaierSum(), score: new NeumaierSum() }));
  const periods: PeriodRecord[] = [];
  let unconvergedPeriods = 0;
  let discountFactor = 1; // δ^{t−1}
  // Aggregate records leave out the per-seller rows and purchase lists, so they are not built either.
  const full = config.records === "full";

  // Money enters the market once, in whole units (MODEL §2), and leaves the records as decimals.
  const decimals = config.money.decimals;
  const units = (amount: number) => toUnits(amount, decimals);
  const money = (amount: number) => fromUnits(amount, decimals);
  const budgets = config.buyers.map(({ budget }) => units(budget));

  for (let t = 1; t <= config.periods; t += 1) {
    const scores = periodScores(t, active);
    const market: Market = {
      buyers: config.buyers.map(({ id }, b) => ({ id, budget: budgets[b] })),
      sellers: active.map(({ id, cost }) => ({ id, cost: units(cost) })),
      values: scores.map((row, b) => row.map((score) => units(worth[b] * score))),
    };
    const fair = fairsharePrices(market, config.algorithm1);
    if (!fair.converged) unconvergedPeriods += 1;
    const prices = postedPrices(group, {
      fairPrices: fair.prices,
      costs: market.sellers.map((s) => s.cost),
      reducedFactor: config.policy.reducedFactor,
      uniform: (j) => stream(seed, "price", active[j].id, t),
    });
    // The approximate mode's buyers shop greedily: the exact knapsack is what the mode exists to avoid.
    const bought = config.algorithm1.mwp === "exact" ? purchases(market, prices) : greedyPurchases(market, prices);
    const learned = learning?.learn(t, active, bought) ?? null;
    performance = learned?.performance ?? null;

    const buyersOf = active.map(() => [] as string[]);
    const buyers: BuyerPeriod[] = config.buyers.map((buyer, b) => {
      // Exact sums of whole units: no compensation needed.
      let spendUnits = 0;
      let valueUnits = 0;
      const score = new NeumaierSum();
      for (const j of bought[b]) {
        buyersOf[j].push(buyer.id);
        spendUnits += prices[j];
        valueUnits += market.values[b][j];
        score.add(scores[b][j]);
      }
      const spend = money(spendUnits);
      // With the learned source a buyer gains what its purchases actually added to its test accuracy, not the valuation's estimate (MODEL §6).
      const utility =
        learned === null ? money(valueUnits - spendUnits) : worth[b] * learned.gain[b] - spend;
      const total = totals[b];
      total.utility.add(discountFactor * utility);
      total.spend.add(spend);
      total.score.add(score.value());
      const cumulativeSpend = total.spend.value();
      // Score per dollar spent: null before any spend, and null when the quotient is too large for a
      // double (spend below about 1e-308 of the score), which would otherwise be Infinity and written by
      // JSON as a bare null.
      const gained = performance === null ? total.score.value() : performance[b] - startPerformance![b];
      const perDollar = gained / cumulativeSpend;
      return {
        id: buyer.id,
        budget: money(budgets[b]),
        bought: full ? bought[b].map((j) => active[j].id) : [],
        spend,
        value: money(valueUnits),
        score: score.value(),
        performance: performance === null ? null : performance[b],
        utility,
        cumulativeUtility: total.utility.value(),
        cumulativeSpend,
        cumulativeScore: total.score.value(),
        performancePerDollar: cumulativeSpend > 0 && Number.isFinite(perDollar) ? perDollar : null,
      };
    });

    const sellers: SellerPeriod[] = active.map((seller, j) => {
      const revenue = prices[j] * buyersOf[j].length;
      const sellerProfit = money(revenue - market.sellers[j].cost);
      const cumulative = profit.get(seller.id)!;
      cumulative.add(sellerProfit);
      const x = payRatio(prices[j], fair.prices[j]);
      return {
        id: seller.id,
        quality: seller.quality,
        cost: seller.cost,
        values: full ? market.values.map((row) => money(row[j])) : [],
        mwp: full ? fair.mwp.map((row) => money(row[j])) : [],
        fairPrice: money(fair.prices[j]),
        price: money(prices[j]),
        payRatio: x,
        buyers: buyersOf[j],
        revenue: money(revenue),
        profit: sellerProfit,
        cumulativeProfit: cumulative.value(),
        stays: stream(seed, "stay", group, seller.id, t)() < rho(x),
      };
    });

    const averageProfit = new NeumaierSum();
    for (const sum of profit.values()) averageProfit.add(sum.value());
    periods.push({
      period: t,
      activeSellers: active.length,
      meanQuality: active.length === 0 ? null : active.reduce((sum, s) => sum + s.quality, 0) / active.length,
      converged: fair.converged,
      rounds: fair.rounds,
      cycle: fair.cycle,
      averageCumulativeProfit: averageProfit.value() / profit.size,
      sellers: full ? sellers : [],
      buyers,
    });

    active = active.filter((_, j) => sellers[j].stays);
    const newcomer = t < config.periods ? entrant(config, seed, t + 1, everyone.length + 1) : null;
    if (newcomer !== null) {
      everyone.push(newcomer);
      active.push(newcomer);
      profit.set(newcomer.id, new NeumaierSum());
    }
    discountFactor *= config.discount;
  }
  return { run: { group, periods, unconvergedPeriods }, sellers: everyone };
}

/**
 * Every group of a config under one seed: the run record `simulate` writes. `scores` is the valuation
 * source, `synthetic` unless given; a config whose valuation is `import` needs its table passed in
 * (loadValuation(config, configPath)).
 *
 * @example simulate(config, 7).groups.map((g) => g.group) // => config.groups
 * @throws Error when the config's valuation is `import` and no `scores` are given (a programming error).
 */
export function simulate(config: Config, seed: number, configPath: string | null = null, scores: MarketValuation = syntheticValuation(config)): RunRecord {
  const valuation = opened(scores, seed);
  const runs = config.groups.map((group) => runGroup(config, seed, group, valuation));
  const learning =
    typeof valuation === "function" ? null : { startAccuracy: valuation.startAccuracy, scale: valuation.scale, worth: valuation.worth, cleanBatchGain: valuation.cleanBatchGain };
  // Entry draws ignore the group, so every group saw the same sellers; the config has at least one group.
  return { config, configPath, seed, sellers: runs[0].sellers, learning, groups: runs.map((r) => r.run) };
}
