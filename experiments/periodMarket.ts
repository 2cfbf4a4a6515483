/**
 * The one-period market of a recorded run, rebuilt from its record, for figures that look inside one
 * period (Fig. 2c–d) without rerunning the simulation.
 */
import type { Market } from "../theory/market.js";
import { toUnits } from "../theory/money.js";
import type { RunRecord } from "./records.js";

/**
 * The market of `period` under `group` (its active sellers, the buyers' budgets, the values `V_bj`) and
 * the fairshare prices Algorithm 1 found for it, in whole money units of the run's unit (MODEL §2), as
 * the run's market held them: the records' decimals convert back exactly.
 *
 * @example periodMarket(run, "fairshare", 1).market.sellers.length // => the sellers active in period 1
 * @throws RangeError when the run has no such group or period.
 */
export function periodMarket(run: RunRecord, group: string, period: number): { market: Market; fairPrices: number[]; decimals: number } {
  const record = run.groups.find((g) => g.group === group)?.periods[period - 1];
  if (record === undefined) throw new RangeError(`periodMarket: the run has no period ${period} under ${JSON.stringify(group)}`);
  const decimals = run.config.money.decimals;
  const units = (amount: number) => toUnits(amount, decimals);
  return {
    market: {
      buyers: run.config.buyers.map(({ id, budget }) => ({ id, budget: units(budget) })),
      sellers: record.sellers.map(({ id, cost }) => ({ id, cost: units(cost) })),
      values: run.config.buyers.map((_, b) => record.sellers.map((s) => units(s.values[b]))),
    },
    fairPrices: record.sellers.map((s) => units(s.fairPrice)),
    decimals,
  };
}
