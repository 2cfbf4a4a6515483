/**
 * The high- and the low-budget buyer of a run, as Fig. 4, Fig. 5 and Table 1 name them.
 */
import type { Config } from "./config.js";

export interface BudgetBuyers {
  /** Index and id of the buyer with the largest budget (the first listed among equals). */
  high: { index: number; id: string };
  /** Index and id of the buyer with the smallest budget (the last listed among equals). */
  low: { index: number; id: string };
}

/**
 * The buyers with the largest and the smallest budget.
 *
 * - One buyer: it is both.
 *
 * @example budgetBuyers({ buyers: [{ id: "B1", budget: 40 }, { id: "B2", budget: 12 }] }) // => { high: { index: 0, id: "B1" }, low: { index: 1, id: "B2" } }
 */
export function budgetBuyers(config: Pick<Config, "buyers">): BudgetBuyers {
  let high = 0;
  let low = 0;
  config.buyers.forEach((buyer, b) => {
    if (buyer.budget > config.buyers[high].budget) high = b;
    if (buyer.budget <= config.buyers[low].budget) low = b;
  });
  return { high: { index: high, id: config.buyers[high].id }, low: { index: low, id: config.buyers[low].id } };
}
