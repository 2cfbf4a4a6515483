/**
 * Fig. 2a–b (MODEL §9): a small market under fairshare and exploitative pricing: (a) each buyer's
 * cumulative discounted utility and (b) the number of active sellers, period by period.
 */
import { specHeader, type Figure, type TopLevelSpec } from "../figure.js";
import { convergenceNote } from "../convergenceNote.js";
import type { RunRecord } from "../records.js";

export interface Fig2abRow {
  group: string;
  period: number;
  buyer: string;
  cumulativeUtility: number;
  activeSellers: number;
}

/**
 * One row per group × period × buyer, read from one run record.
 *
 * @example fig2abData(run)[0] // => { group: "fairshare", period: 1, buyer: "B1", cumulativeUtility: …, activeSellers: 6 }
 */
export function fig2abData(run: RunRecord): Fig2abRow[] {
  return run.groups.flatMap(({ group, periods }) =>
    periods.flatMap((p) => p.buyers.map((b) => ({ group, period: p.period, buyer: b.id, cumulativeUtility: b.cumulativeUtility, activeSellers: p.activeSellers }))),
  );
}

const groupColor = { field: "group", type: "nominal", title: "pricing", sort: ["fairshare", "reduced", "random", "exploitative"] } as const;

/** Fig. 2a: cumulative utility against period, one line per group and buyer. */
export function fig2aSpec(rows: ReadonlyArray<Fig2abRow>, caption: string): TopLevelSpec {
  return {
    ...specHeader("Fig. 2a: buyers' cumulative utility", caption),
    data: { values: [...rows] },
    mark: { type: "line", strokeWidth: 2 },
    encoding: {
      x: { field: "period", type: "quantitative", title: "period t" },
      y: { field: "cumulativeUtility", type: "quantitative", title: "cumulative discounted utility Σ δ^(t−1) u_t ($)" },
      color: groupColor,
      strokeDash: { field: "buyer", type: "nominal", title: "buyer" },
    },
  };
}

/** Fig. 2b: active sellers against period, one line per group (the same for every buyer, so one buyer's rows). */
export function fig2bSpec(rows: ReadonlyArray<Fig2abRow>, caption: string): TopLevelSpec {
  const first = rows[0]?.buyer;
  return {
    ...specHeader("Fig. 2b: active sellers", caption),
    data: { values: rows.filter((r) => r.buyer === first).map(({ group, period, activeSellers }) => ({ group, period, activeSellers })) },
    mark: { type: "line", strokeWidth: 2, interpolate: "step-after" },
    encoding: {
      x: { field: "period", type: "quantitative", title: "period t" },
      y: { field: "activeSellers", type: "quantitative", title: "active sellers", scale: { zero: true } },
      color: groupColor,
    },
  };
}

/**
 * The first period from which `leader`'s cumulative utility stays above `other`'s to the end, for one
 * buyer; null when it never does (or the run lacks either group).
 *
 * @example overtakingPeriod(fig2abData(run), "B1", "fairshare", "exploitative") // => 22
 */
export function overtakingPeriod(rows: ReadonlyArray<Fig2abRow>, buyer: string, leader: string, other: string): number | null {
  const series = (group: string) => rows.filter((r) => r.buyer === buyer && r.group === group).map((r) => r.cumulativeUtility);
  const ahead = series(leader);
  const behind = series(other);
  if (ahead.length === 0 || ahead.length !== behind.length) return null;
  let from: number | null = null;
  ahead.forEach((u, t) => {
    if (u <= behind[t]) from = null;
    else if (from === null) from = t + 1;
  });
  return from;
}

function overtakingText(rows: ReadonlyArray<Fig2abRow>, run: RunRecord): string {
  if (!run.groups.some((g) => g.group === "exploitative") || !run.groups.some((g) => g.group === "fairshare")) return "";
  const parts = run.config.buyers.map(({ id }) => {
    const t = overtakingPeriod(rows, id, "fairshare", "exploitative");
    return t === null ? `${id}: fairshare does not overtake exploitation within ${run.config.periods} periods` : `${id}: fairshare ahead from period ${t} on`;
  });
  return `Exploitation pays more at first; as underpaid sellers leave, the order turns (${parts.join("; ")}).`;
}

/**
 * Fig. 2a and 2b of one run (the fig2 config: two buyers, a few sellers, fairshare against exploitative).
 *
 * @example fig2abFigures(run, "experiments/configs/fig2.json").map((f) => f.id) // => ["fig2a", "fig2b"]
 */
export function fig2abFigures(run: RunRecord, config: string): Figure[] {
  const rows = fig2abData(run);
  const groups = run.groups.map((g) => g.group).join(" and ");
  const a = `Fig. 2a: cumulative discounted utility of each buyer over ${run.config.periods} periods under ${groups} pricing ` +
    `(${run.sellers.length} sellers, δ = ${run.config.discount}, ρ = ${run.config.participation}, seed ${run.seed}). ` +
    overtakingText(rows, run) + convergenceNote([run]);
  const b = `Fig. 2b: number of sellers still in the market under ${groups} pricing (same run). ` +
    "Fairshare sellers are paid their fair price (ρ(1) = 1) and stay; exploited sellers leave.";
  return [
    { id: "fig2a", title: "Fig. 2a: buyers' cumulative utility, fairshare vs exploitative", caption: a, config, seed: run.seed, spec: fig2aSpec(rows, a) },
    { id: "fig2b", title: "Fig. 2b: active sellers, fairshare vs exploitative", caption: b, config, seed: run.seed, spec: fig2bSpec(rows, b) },
  ];
}
