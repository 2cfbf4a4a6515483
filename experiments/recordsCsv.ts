/**
 * `records.csv`: the run record flattened to one row per period × group × agent (buyer or seller), the
 * columns documented in docs/cli.md (`simulate`). Numbers are written in full (shortest round-trip form), so the CSV
 * holds the same values as `records.json`.
 */
import type { RunRecord } from "./records.js";

export const CSV_COLUMNS = [
  "seed", "period", "group", "kind", "agent", "quality", "cost", "budget", "fair_price", "price", "pay_ratio",
  "counterparties", "payment", "value", "score", "performance", "utility", "cumulative_utility", "profit", "cumulative_profit",
  "performance_per_dollar", "stays", "active_sellers", "mean_quality", "converged",
] as const;

type Cell = string | number | boolean | null;

/** One CSV field: empty for null, quoted when it holds a quote, comma or newline (RFC 4180). */
export function csvCell(value: Cell): string {
  if (value === null) return "";
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The CSV text of a run record: a header, then for each group and period its buyers, then its active
 * sellers. Buyer rows leave seller-only columns empty and vice versa; `counterparties` lists the ids
 * bought from (buyer) or sold to (seller), separated by ";".
 *
 * @example recordsCsv(run).split("\n")[0] // => "seed,period,group,kind,agent,…"
 */
export function recordsCsv(run: RunRecord): string {
  const lines = [CSV_COLUMNS.join(",")];
  const row = (values: Record<(typeof CSV_COLUMNS)[number], Cell>) => lines.push(CSV_COLUMNS.map((column) => csvCell(values[column])).join(","));
  for (const { group, periods } of run.groups) {
    for (const p of periods) {
      const shared = { seed: run.seed, period: p.period, group, active_sellers: p.activeSellers, mean_quality: p.meanQuality, converged: p.converged };
      for (const b of p.buyers) {
        row({
          ...shared, kind: "buyer", agent: b.id, quality: null, cost: null, budget: b.budget, fair_price: null, price: null, pay_ratio: null,
          counterparties: b.bought.join(";"), payment: b.spend, value: b.value, score: b.score, performance: b.performance, utility: b.utility,
          cumulative_utility: b.cumulativeUtility, profit: null, cumulative_profit: null, performance_per_dollar: b.performancePerDollar, stays: null,
        });
      }
      for (const s of p.sellers) {
        row({
          ...shared, kind: "seller", agent: s.id, quality: s.quality, cost: s.cost, budget: null, fair_price: s.fairPrice, price: s.price,
          pay_ratio: s.payRatio, counterparties: s.buyers.join(";"), payment: s.revenue, value: null, score: null, performance: null, utility: null,
          cumulative_utility: null, profit: s.profit, cumulative_profit: s.cumulativeProfit, performance_per_dollar: null, stays: s.stays,
        });
      }
    }
  }
  return `${lines.join("\n")}\n`;
}
