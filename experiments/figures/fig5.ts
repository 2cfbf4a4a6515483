/**
 * Fig. 5 (MODEL §9): which datasets a buyer bought in each period, seller × period, sellers ordered by
 * quality (best at the top), fairshare beside exploitative: (a) the high-budget buyer, (b) the low-budget one.
 */
import { budgetBuyers } from "../budgetBuyers.js";
import { convergenceNote } from "../convergenceNote.js";
import { specHeader, type Figure, type TopLevelSpec } from "../figure.js";
import type { RunRecord } from "../records.js";

export type Fig5State = "bought" | "offered, not bought" | "left the market";

export interface Fig5Row {
  group: string;
  period: number;
  seller: string;
  quality: number;
  state: Fig5State;
}

/** The groups Fig. 5 sets side by side, when the run has them. */
const SHOWN = ["fairshare", "exploitative"];

/**
 * One row per shown group × period × seller of the run (every seller, so departures show as cells).
 *
 * - Groups other than fairshare and exploitative are left out; a run with neither gives `[]`.
 * - A seller who has not yet entered in a period gets no row for it.
 *
 * @throws RangeError when `buyer` is not a buyer of the run.
 */
export function fig5Data(run: RunRecord, buyer: string): Fig5Row[] {
  const b = run.config.buyers.findIndex((x) => x.id === buyer);
  if (b === -1) throw new RangeError(`fig5Data: no buyer ${JSON.stringify(buyer)} in the run`);
  const rows: Fig5Row[] = [];
  for (const { group, periods } of run.groups.filter((g) => SHOWN.includes(g.group))) {
    for (const p of periods) {
      const bought = new Set(p.buyers[b].bought);
      const active = new Set(p.sellers.map((s) => s.id));
      for (const seller of run.sellers) {
        if (seller.entered > p.period) continue;
        const state: Fig5State = bought.has(seller.id) ? "bought" : active.has(seller.id) ? "offered, not bought" : "left the market";
        rows.push({ group, period: p.period, seller: seller.id, quality: seller.quality, state });
      }
    }
  }
  return rows;
}

/** A heat map per group: period across, sellers down (best quality at the top), cells coloured by state. */
export function fig5Spec(rows: ReadonlyArray<Fig5Row>, title: string, caption: string): TopLevelSpec {
  const periods = Math.max(1, ...rows.map((r) => r.period));
  const ticks = [1, ...Array.from({ length: Math.floor(periods / 10) }, (_, i) => (i + 1) * 10)].filter((t) => t <= periods);
  const sellers = [...new Map(rows.map((r) => [r.seller, r.quality])).entries()]
    .sort((x, y) => y[1] - x[1] || Number(x[0].slice(1)) - Number(y[0].slice(1)) || x[0].localeCompare(y[0]))
    .map(([id]) => id);
  return {
    ...specHeader(title, caption),
    data: { values: [...rows] },
    mark: { type: "rect" },
    width: 300,
    height: { step: 12 },
    encoding: {
      column: { field: "group", type: "nominal", title: null, sort: SHOWN, header: { labelFontSize: 13 } },
      x: { field: "period", type: "ordinal", title: "period t", axis: { values: ticks, labelAngle: 0 } },
      y: { field: "seller", type: "ordinal", title: "seller (best quality at the top)", sort: sellers },
      color: {
        field: "state",
        type: "nominal",
        title: "dataset",
        scale: { domain: ["bought", "offered, not bought", "left the market"], range: ["#1f77b4", "#dbe9f6", "#f2f2f2"] },
      },
      tooltip: [{ field: "seller" }, { field: "quality" }, { field: "period" }, { field: "state" }],
    },
  };
}

/**
 * Fig. 5a (high-budget buyer) and 5b (low-budget buyer) from one run of the fig4 config.
 *
 * @example fig5Figures(run, "experiments/configs/fig4.json").map((f) => f.id) // => ["fig5a", "fig5b"]
 */
export function fig5Figures(run: RunRecord, config: string): Figure[] {
  const { high, low } = budgetBuyers(run.config);
  const make = (id: string, buyer: string, which: string): Figure => {
    const title = `Fig. 5${id.slice(-1)}: datasets bought by the ${which}-budget buyer ${buyer}`;
    const caption = `${title}, period by period, under fairshare (left) and exploitative (right) pricing; ` +
      `sellers ordered by quality, best at the top (${run.config.periods} periods, seed ${run.seed}). ` +
      "Under exploitation the best sellers leave first and the buyer is left with fewer, worse datasets." + convergenceNote([run]);
    return { id, title, caption, config, seed: run.seed, spec: fig5Spec(fig5Data(run, buyer), title, caption) };
  };
  return [make("fig5a", high.id, "high"), make("fig5b", low.id, "low")];
}
