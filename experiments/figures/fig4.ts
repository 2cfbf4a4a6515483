/**
 * Fig. 4 (MODEL §9): over `T` periods, for each pricing group, the mean over seeds with a 95% band of
 * (a) the high-budget buyer's cumulative utility, (b) the low-budget buyer's, (c) the sellers' average
 * cumulative profit and (d) the number of active sellers.
 */
import { budgetBuyers } from "../budgetBuyers.js";
import { convergenceNote } from "../convergenceNote.js";
import { specHeader, type Figure, type TopLevelSpec } from "../figure.js";
import type { PeriodRecord, RunRecord } from "../records.js";
import { meanInterval } from "../seedStats.js";

export const FIG4_PANELS = ["fig4a", "fig4b", "fig4c", "fig4d"] as const;
export type Fig4Panel = (typeof FIG4_PANELS)[number];

export interface Fig4Row {
  panel: Fig4Panel;
  group: string;
  period: number;
  mean: number;
  low: number;
  high: number;
  /** Seeds averaged. */
  seeds: number;
}

/** What each panel reads from a period, and how it is titled. */
const PANELS: Record<Fig4Panel, { title: string; axis: string; read: (p: PeriodRecord, high: number, low: number) => number }> = {
  fig4a: { title: "Fig. 4a: cumulative utility of the high-budget buyer", axis: "cumulative discounted utility ($)", read: (p, high) => p.buyers[high].cumulativeUtility },
  fig4b: { title: "Fig. 4b: cumulative utility of the low-budget buyer", axis: "cumulative discounted utility ($)", read: (p, _, low) => p.buyers[low].cumulativeUtility },
  fig4c: { title: "Fig. 4c: sellers' average cumulative profit", axis: "average cumulative profit per seller ($)", read: (p) => p.averageCumulativeProfit },
  fig4d: { title: "Fig. 4d: active sellers", axis: "active sellers", read: (p) => p.activeSellers },
};

/**
 * One row per panel × group × period: the mean over the runs (one per seed) and its 95% t-interval.
 *
 * - The runs must share one config (same groups and periods); the buyers are picked by budget.
 * - One run: the band has zero width.
 *
 * Cost: O(panels · groups · T · seeds).
 *
 * @throws RangeError for no runs, or runs whose groups or periods differ.
 */
export function fig4Data(runs: ReadonlyArray<RunRecord>): Fig4Row[] {
  if (runs.length === 0) throw new RangeError("fig4Data: needs at least one run");
  const [first] = runs;
  const shape = (run: RunRecord) => run.groups.map((g) => `${g.group}:${g.periods.length}`).join(",");
  for (const run of runs) {
    if (shape(run) !== shape(first)) throw new RangeError(`fig4Data: run of seed ${run.seed} has groups ${shape(run)}, expected ${shape(first)}`);
  }
  const { high, low } = budgetBuyers(first.config);
  const rows: Fig4Row[] = [];
  for (const panel of FIG4_PANELS) {
    first.groups.forEach(({ group, periods }, g) => {
      periods.forEach((_, t) => {
        const interval = meanInterval(runs.map((run) => PANELS[panel].read(run.groups[g].periods[t], high.index, low.index)));
        rows.push({ panel, group, period: t + 1, mean: interval.mean, low: interval.low, high: interval.high, seeds: interval.n });
      });
    });
  }
  return rows;
}

/** A panel: the mean as a line over a translucent 95% band, one colour per group. */
export function fig4Spec(rows: ReadonlyArray<Fig4Row>, panel: Fig4Panel, caption: string): TopLevelSpec {
  const color = { field: "group", type: "nominal", title: "pricing", sort: ["fairshare", "reduced", "random", "exploitative"] } as const;
  const x = { field: "period", type: "quantitative", title: "period t" } as const;
  return {
    ...specHeader(PANELS[panel].title, caption),
    data: { values: rows.filter((r) => r.panel === panel).map(({ group, period, mean, low, high }) => ({ group, period, mean, low, high })) },
    layer: [
      {
        mark: { type: "area", opacity: 0.2 },
        // The band's colour is the line's; one legend, drawn from the lines, is enough.
        encoding: { x, y: { field: "low", type: "quantitative", title: PANELS[panel].axis }, y2: { field: "high" }, color: { ...color, legend: null } },
      },
      { mark: { type: "line", strokeWidth: 2 }, encoding: { x, y: { field: "mean", type: "quantitative" }, color } },
    ],
    // Without this the band's `legend: null` is merged into the shared legend and hides it.
    resolve: { legend: { color: "independent" } },
  };
}

/**
 * The four panels of Fig. 4 from runs of one config under several seeds.
 *
 * @example fig4Figures(runs, "experiments/configs/fig4.json").map((f) => f.id) // => ["fig4a", "fig4b", "fig4c", "fig4d"]
 */
export function fig4Figures(runs: ReadonlyArray<RunRecord>, config: string): Figure[] {
  const rows = fig4Data(runs);
  const [first] = runs;
  const { high, low } = budgetBuyers(first.config);
  const seeds = runs.map((r) => r.seed);
  const setting = `${first.config.periods} periods, ${first.sellers.length} sellers, buyers ${high.id} (budget ${first.config.buyers[high.index].budget}) and ` +
    `${low.id} (budget ${first.config.buyers[low.index].budget}), δ = ${first.config.discount}, ρ = ${first.config.participation}; ` +
    `mean over ${runs.length} seeds (${seeds[0]}–${seeds[seeds.length - 1]}) with a 95% t-interval band.` + convergenceNote(runs);
  const about: Record<Fig4Panel, string> = {
    fig4a: `Cumulative discounted utility of the high-budget buyer ${high.id} under each pricing group.`,
    fig4b: `Cumulative discounted utility of the low-budget buyer ${low.id} under each pricing group.`,
    fig4c: "Sellers' cumulative profit, averaged over every seller who was in the market (those who left keep what they earned).",
    fig4d: "Number of sellers still in the market; sellers paid below their fair price leave (A1).",
  };
  return FIG4_PANELS.map((panel) => {
    const caption = `${PANELS[panel].title}. ${about[panel]} ${setting}`;
    return { id: panel, title: PANELS[panel].title, caption, config, seed: seeds[0], seeds, spec: fig4Spec(rows, panel, caption) };
  });
}
