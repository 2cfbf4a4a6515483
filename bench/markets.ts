/**
 * The benchmark markets (issue #5): Fig. 4's market, experiments/configs/fig4.json, scaled to N sellers
 * and M buyers, built deterministically from a seed.
 *
 * Why this instance: Fig. 4's market is the one the paper's simulations run, so timing it at larger N
 * and M measures the code on the inputs it is meant for (synthetic scores around three tier qualities,
 * budgets that bind), not on random numbers whose knapsack frontiers could be far smaller or larger.
 * Everything is scaled with N so that a buyer's budget covers the same share of the market at every
 * size: fig4 has 20 sellers and budgets 12 and 40, so here the budgets run from 12·(N/20) to 40·(N/20).
 */
import { fileURLToPath } from "node:url";
import { loadConfig, parseConfig, type Config } from "../experiments/config.js";
import { initialSellers, syntheticScore } from "../experiments/synthetic.js";
import type { Market } from "../theory/market.js";
import { toUnits } from "../theory/money.js";

const FIG4 = fileURLToPath(new URL("../experiments/configs/fig4.json", import.meta.url));

/**
 * Splits `total` into parts proportional to `weights` that sum to exactly `total`: each part is the floor
 * of its share, and what is left goes one each to the largest remainders (the earlier part among equals).
 *
 * @example proportionalCounts([5, 7, 8], 50) // => [13, 17, 20]
 */
export function proportionalCounts(weights: ReadonlyArray<number>, total: number): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const shares = weights.map((w) => (w * total) / sum);
  const counts = shares.map(Math.floor);
  let left = total - counts.reduce((a, b) => a + b, 0);
  const byRemainder = shares.map((share, i) => ({ i, remainder: share - Math.floor(share) })).sort((a, b) => b.remainder - a.remainder || a.i - b.i);
  for (const { i } of byRemainder) {
    if (left === 0) break;
    counts[i] += 1;
    left -= 1;
  }
  return counts;
}

/**
 * Fig. 4's config scaled to `sellers` (N) and `buyers` (M):
 *
 * - the tiers keep fig4's qualities and costs, their counts scaled in fig4's proportion 5:7:8 to N
 *   (`proportionalCounts`);
 * - buyers `B1 … BM` with budgets linearly spaced from fig4's smallest to its largest budget (12 and 40)
 *   times N/20 (fig4's seller count), B1 the lowest, and `valueOfPerformance` 1;
 * - everything else (periods T = 100, groups, participation, valuation noise and decay, seed 1) as in
 *   fig4, unless `periods` is given.
 *
 * @example benchConfig(50, 10).sellers.tiers.map((t) => t.count) // => [13, 17, 20]
 * @throws RangeError when N < 3 (every tier needs a seller) or M < 1.
 * @throws ConfigError when the scaled config is invalid (e.g. more than 10000 sellers in a tier).
 */
export function benchConfig(sellers: number, buyers: number, periods?: number): Config {
  const fig4 = loadConfig(FIG4);
  const { tiers } = fig4.sellers;
  if (!(Number.isInteger(sellers) && sellers >= tiers.length)) throw new RangeError(`benchConfig: N must be a whole number ≥ ${tiers.length}, got ${sellers}`);
  if (!(Number.isInteger(buyers) && buyers >= 1)) throw new RangeError(`benchConfig: M must be a whole number ≥ 1, got ${buyers}`);
  const fig4Sellers = tiers.reduce((sum, tier) => sum + tier.count, 0);
  const scale = sellers / fig4Sellers;
  const budgets = fig4.buyers.map((b) => b.budget);
  const low = Math.min(...budgets) * scale;
  const high = Math.max(...budgets) * scale;
  const counts = proportionalCounts(
    tiers.map((tier) => tier.count),
    sellers,
  );
  return parseConfig(
    {
      ...fig4,
      name: `bench-N${sellers}-M${buyers}`,
      description: `fig4's market scaled to ${sellers} sellers and ${buyers} buyers (bench/markets.ts)`,
      periods: periods ?? fig4.periods,
      buyers: Array.from({ length: buyers }, (_, b) => ({
        id: `B${b + 1}`,
        budget: buyers === 1 ? low : low + ((high - low) * b) / (buyers - 1),
        valueOfPerformance: 1,
      })),
      sellers: { ...fig4.sellers, tiers: tiers.map((tier, t) => ({ ...tier, count: counts[t] })) },
    },
    `bench N=${sellers} M=${buyers}`,
  );
}

/**
 * The period-1 market of `benchConfig(N, M)`: its buyers and budgets, the initial sellers (ids and costs)
 * and `values[b][j] = λ_b · syntheticScore(config, seed, B_b, S_j, 1)`, as Algorithm 2 builds it in its
 * first period. The same N, M and seed give the identical market.
 *
 * @example benchMarket(200, 10).values.length // => 10
 */
export function benchMarket(sellers: number, buyers: number, seed?: number): Market {
  const config = benchConfig(sellers, buyers);
  const runSeed = seed ?? config.seed;
  const initial = initialSellers(config);
  // Whole money units, as Algorithm 2 makes the period market (MODEL §2).
  const units = (amount: number) => toUnits(amount, config.money.decimals);
  return {
    buyers: config.buyers.map(({ id, budget }) => ({ id, budget: units(budget) })),
    sellers: initial.map(({ id, cost }) => ({ id, cost: units(cost) })),
    values: config.buyers.map((buyer) => initial.map((seller) => units(buyer.valueOfPerformance * syntheticScore(config, runSeed, buyer.id, seller, 1)))),
  };
}

/** The share of Algorithm 1's start price that `benchPrices` posts (see there for why 0.5). */
export const PRICE_SHARE = 0.5;

/**
 * Fairshare-like prices for the knapsack and MWP cases: `p_j = 0.5 · max_b min(V_bj, B_b)`, half the
 * price Algorithm 1 starts from (theory/algorithm1.ts). O(M·N), deterministic.
 *
 * Why: Algorithm 1's own prices would be the faithful input, but computing them costs as much as the
 * `algorithm1` case itself (minutes at N = 200 when this was written), so every knapsack and MWP case
 * would wait on it. Half the start price is what Algorithm 1 gives on these markets: at N = 20 and 50
 * (M = 10) its prices were 0.28–0.69 of the start price, median 0.45 and 0.49. At these prices most
 * datasets are worth more than their price to most buyers and the low budgets bind, as in Algorithm 2's
 * periods.
 *
 * @example benchPrices({ buyers: [{ id: "b", budget: 3 }], sellers: [{ id: "s", cost: 0 }], values: [[5]] }) // => [1.5]
 */
export function benchPrices(market: Market): number[] {
  return market.sellers.map((_, j) => toUnits(PRICE_SHARE * Math.max(0, ...market.buyers.map((buyer, b) => Math.min(market.values[b][j], buyer.budget))), 0));
}
