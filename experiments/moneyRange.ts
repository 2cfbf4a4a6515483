/**
 * Whether a config's money can be exact money (MODEL §2): budgets and costs that round to nothing in the
 * money unit, and period markets whose sums could pass the 2^53 − 1 units that are exact, are refused
 * before anything runs, naming the field. (Amounts that pass this are below 2^53 units of at least 1,
 * so no running total of a run, at most T·(M + N) of them, comes near overflowing a double.)
 */
import { MAX_UNITS, moneyRefusal, moneyUnit, toUnits } from "../theory/money.js";
import type { Config } from "./config.js";
import { costBeforeRounding } from "./synthetic.js";

/**
 * Bound on a synthetic standard normal draw: Box–Muller from a uniform no closer to 0 than 2^-53 gives
 * `|Z| ≤ √(2·53·ln 2) ≈ 8.57` (experiments/random.ts), so `1 + 9·noise` bounds a value's noise factor.
 */
const LARGEST_DRAW = 9;

/** The field whose money the run cannot hold, its value, and why. */
export interface ConfigMoneyRefusal {
  field: string;
  value: number;
  reason: string;
}

/** [field, its value, the money amount it makes] for the budgets and every tier's cost. */
function typedAmounts(config: Config): Array<[string, number, number]> {
  const { base, perQuality } = config.sellers.cost;
  const amounts: Array<[string, number, number]> = [];
  config.buyers.forEach((buyer, b) => amounts.push([`buyers[${b}].budget`, buyer.budget, buyer.budget]));
  amounts.push(["sellers.cost.base", base, base]);
  const rule = config.valuation.source === "learned" ? config.valuation.calibration : undefined;
  for (const tier of config.sellers.tiers) {
    const field = rule !== undefined ? "valuation.calibration.costShare" : perQuality > 0 ? "sellers.cost.perQuality" : "sellers.cost.base";
    amounts.push([field, rule?.costShare ?? perQuality, costBeforeRounding(config, tier.quality)]);
  }
  return amounts;
}

/**
 * The first money amount of a config that the run cannot hold, or null when every one fits:
 *
 * - a budget or cost that is not 0 but rounds to 0 units (`moneyRefusal`);
 * - with synthetic values, a buyer whose period sums could pass `MAX_UNITS`: its budget, the most its
 *   values can add up to (`λ_b·Σθ·(1 + 9·noise)`, over the initial sellers and one entrant a period
 *   when entry is on), and as much again for prices (no posted price exceeds the larger of a cost and
 *   the seller's largest value); or M times a budget (a seller's revenue, Lemma 2's `k·m_(k)`).
 *   Learned and imported values are checked where they become money.
 *
 * @example moneyRefusalOf(parseConfig(fig4, "fig4.json")) // => null
 */
export function moneyRefusalOf(config: Config): ConfigMoneyRefusal | null {
  const decimals = config.money.decimals;
  const amounts = typedAmounts(config);
  for (const [field, value, money] of amounts) {
    const reason = moneyRefusal(money, decimals);
    if (reason !== null) return { field, value, reason: `makes the amount ${money}, which ${reason}` };
  }
  const initial = config.sellers.tiers.reduce((sum, tier) => sum + tier.count, 0);
  const sellers = initial + (config.entry.probability > 0 ? config.periods - 1 : 0);
  const buyers = config.buyers.length;
  if (config.valuation.source === "synthetic") {
    const noise = 1 + LARGEST_DRAW * config.valuation.noise;
    const best = Math.max(...config.sellers.tiers.map((tier) => tier.quality));
    let qualities = config.sellers.tiers.reduce((sum, tier) => sum + tier.count * tier.quality, 0);
    if (config.entry.probability > 0) qualities += (config.periods - 1) * best;
    const costs = amounts.slice(1).reduce((most, [, , cost]) => Math.max(most, cost), 0) * sellers;
    const largestValue = Math.max(...config.buyers.map((buyer) => buyer.valueOfPerformance)) * qualities * noise;
    for (const [b, buyer] of config.buyers.entries()) {
      const sums = toUnits(buyer.budget, decimals) + toUnits(buyer.valueOfPerformance * qualities * noise, decimals) + toUnits(costs + largestValue, decimals);
      if (!(sums <= MAX_UNITS)) {
        return { field: `buyers[${b}].valueOfPerformance`, value: buyer.valueOfPerformance, reason: `makes period sums of up to ${sums} money units of ${moneyUnit(decimals)}, beyond the ${MAX_UNITS} that are exact (a larger money unit, fewer money.decimals, holds it)` };
      }
    }
  }
  for (const [b, buyer] of config.buyers.entries()) {
    if (!(buyers * toUnits(buyer.budget, decimals) <= MAX_UNITS)) {
      return { field: `buyers[${b}].budget`, value: buyer.budget, reason: `times ${buyers} buyers is beyond the ${MAX_UNITS} money units of ${moneyUnit(decimals)} that are exact (a larger money unit, fewer money.decimals, holds it)` };
    }
  }
  return null;
}
