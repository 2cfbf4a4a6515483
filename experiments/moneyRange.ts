/**
 * Whether a config's money fits a double over the whole run: budgets, costs and values so large that the
 * run's running totals would overflow to Infinity (written by JSON as null) are refused before anything
 * runs, naming the field (MODEL §1: money is finite).
 */
import type { Config } from "./config.js";

/**
 * Bound on a synthetic standard normal draw: Box–Muller from a uniform no closer to 0 than 2^-53 gives
 * `|Z| ≤ √(2·53·ln 2) ≈ 8.57` (experiments/random.ts), so `1 + 9·noise` bounds a value's noise factor.
 */
const LARGEST_DRAW = 9;

/** The field whose money is too large for the run, with its value and the largest it may be. */
export interface MoneyOverflow {
  field: string;
  value: number;
  limit: number;
}

/**
 * The first money amount of a config too large for the run's totals, or null when every one fits.
 *
 * Over T periods with M buyers and at most N sellers (the initial ones, plus one entrant a period when entry
 * is on), every running total is at most `T·(M + N)` times the largest amount of one period: a budget
 * `B_b` (a period's spending, and so revenue, is at most `Σ B_b`), a cost `c_j`, or a value
 * `λ_b·θ·(1 + 9·noise)` (values summed in a bundle, a utility, a knapsack state). So each amount must be
 * at most `largest double / (2·T·(M + N))`; the 2 leaves room for one sum or difference of two totals.
 * Imported valuations (MODEL §7) are checked where they are read, not here.
 *
 * @example moneyOverflow(parseConfig(fig4, "fig4.json")) // => null
 */
export function moneyOverflow(config: Config): MoneyOverflow | null {
  const initial = config.sellers.tiers.reduce((sum, tier) => sum + tier.count, 0);
  const sellers = initial + (config.entry.probability > 0 ? config.periods - 1 : 0);
  const limit = Number.MAX_VALUE / (2 * config.periods * (config.buyers.length + sellers));
  const { base, perQuality } = config.sellers.cost;
  const amounts: Array<[string, number, number]> = []; // field, its value, the money amount it makes
  config.buyers.forEach((buyer, b) => amounts.push([`buyers[${b}].budget`, buyer.budget, buyer.budget]));
  amounts.push(["sellers.cost.base", base, base]);
  for (const tier of config.sellers.tiers) amounts.push(["sellers.cost.perQuality", perQuality, base + perQuality * tier.quality]);
  if (config.valuation.source === "synthetic") {
    const noise = 1 + LARGEST_DRAW * config.valuation.noise;
    for (const tier of config.sellers.tiers) {
      config.buyers.forEach((buyer, b) => amounts.push([`buyers[${b}].valueOfPerformance`, buyer.valueOfPerformance, buyer.valueOfPerformance * tier.quality * noise]));
    }
  }
  const over = amounts.find(([, , money]) => !(money <= limit));
  return over === undefined ? null : { field: over[0], value: over[1], limit };
}
