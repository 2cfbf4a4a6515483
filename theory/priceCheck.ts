/**
 * The shared core of the L2 and L6 checks (MODEL §8): does a price (or royalty rate) chosen from a
 * finite candidate set maximise a revenue function over a dense grid and around every candidate, and
 * is it the lowest price that does?
 */

import { fromUnits } from "./money.js";

/** Grid points on `[0, top]`: the brief's dense grid, a step of top/2000. */
export const GRID_POINTS = 2001;
/** Relative nudge around each candidate: revenue steps happen exactly at candidates, so probe both sides. */
export const NUDGE = 1e-9;
/**
 * Prices closer than this (relative to max(1, price)) count as one price for "no lower price earns as
 * much": a probe one ulp below the chosen price, inside its step, can round to the very same revenue
 * (seen: the grid rate 0.948 against α* = 22.989/24.25 = 0.9480000000000001, both earning
 * 161.44544280000002), while the ties the rule is about lie between distinct candidates, far apart.
 */
export const PRICE_RESOLUTION = 1e-12;

export interface RevenueVerdict {
  holds: boolean;
  /** See `bestRevenueCheck`. */
  slack: number;
  witness: { revenueAtChosen: number; bestProbe: number; bestProbeRevenue: number; lowerTie: number | null };
}

/**
 * Checks that `chosen` is a candidate, that no probe (grid of `GRID_POINTS` on `[0, top]`, each
 * candidate `c` and `c·(1 ± NUDGE)`) earns more than it, and that no probe lower by more than
 * `PRICE_RESOLUTION` earns as much.
 *
 * - No candidates: `chosen` must be 0.
 * - Slack (unitless): if it holds, the runner-up gap `(R(chosen) − max_{c ≠ chosen} R(c)) / max(1, R(chosen))`,
 *   capped at 1 (1 when there is no other candidate); if it fails, −1 for a non-candidate, else the most
 *   negative of `−(R(q) − R(chosen)) / max(1, R(chosen))` over better probes and
 *   `−(chosen − q) / max(1, chosen)` over lower probes that tie.
 *
 * Cost: O(GRID_POINTS + 3·|candidates|) revenue evaluations.
 */
export function bestRevenueCheck(candidates: ReadonlyArray<number>, chosen: number, revenue: (q: number) => number, top: number): RevenueVerdict {
  const atChosen = revenue(chosen);
  const scale = Math.max(1, atChosen);
  const probes: number[] = [];
  for (let i = 0; i < GRID_POINTS; i += 1) probes.push((top * i) / (GRID_POINTS - 1));
  for (const c of candidates) probes.push(c, c * (1 - NUDGE), c * (1 + NUDGE));

  let bestProbe = chosen;
  let bestProbeRevenue = atChosen;
  let lowerTie: number | null = null;
  let slack = Number.POSITIVE_INFINITY;
  for (const q of probes) {
    const r = revenue(q);
    if (r > bestProbeRevenue) {
      bestProbe = q;
      bestProbeRevenue = r;
    }
    if (r > atChosen) slack = Math.min(slack, -(r - atChosen) / scale);
    else if (chosen - q > PRICE_RESOLUTION * Math.max(1, chosen) && r >= atChosen) {
      lowerTie = lowerTie === null ? q : Math.min(lowerTie, q);
      slack = Math.min(slack, -(chosen - q) / Math.max(1, chosen));
    }
  }
  const member = candidates.length === 0 ? chosen === 0 : candidates.includes(chosen);
  if (!member) slack = -1;
  const holds = slack === Number.POSITIVE_INFINITY;
  if (holds) {
    let runnerUp = Number.NEGATIVE_INFINITY;
    for (const c of candidates) if (c !== chosen) runnerUp = Math.max(runnerUp, revenue(c));
    slack = Math.min(1, (atChosen - runnerUp) / scale);
  }
  return { holds, slack, witness: { revenueAtChosen: atChosen, bestProbe, bestProbeRevenue, lowerTie } };
}

/**
 * Revenue under divisible data with linear demand (the L2/L6 negative control, MODEL §8): buyer b
 * takes the fraction `max(0, 1 − q/t_b)` of the dataset at price q, paying `q·w_b` per whole dataset,
 * so `R(q) = q · Σ_b w_b · max(0, 1 − q/t_b)`; buyers with `t_b = 0` take nothing.
 *
 * Cost: O(M).
 *
 * @example linearDemandRevenue([4], 2) // => 1   (half the dataset at price 2)
 */
export function linearDemandRevenue(thresholds: ReadonlyArray<number>, q: number, weights?: ReadonlyArray<number>): number {
  let taken = 0;
  thresholds.forEach((t, b) => {
    if (t > 0) taken += (weights?.[b] ?? 1) * Math.max(0, 1 - q / t);
  });
  return q * taken;
}

/**
 * A verdict's witness, computed in money units, with its revenues (and, unless the candidates are
 * royalty rates, its probes) as amounts of the currency.
 */
export function witnessInMoney(witness: RevenueVerdict["witness"], probesAreRates = false): RevenueVerdict["witness"] {
  const probe = (x: number) => (probesAreRates ? x : fromUnits(x));
  return {
    revenueAtChosen: fromUnits(witness.revenueAtChosen),
    bestProbe: probe(witness.bestProbe),
    bestProbeRevenue: fromUnits(witness.bestProbeRevenue),
    lowerTie: witness.lowerTie === null ? null : probe(witness.lowerTie),
  };
}
