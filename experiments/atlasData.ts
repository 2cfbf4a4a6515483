/**
 * The atlas's data (issue #14): from the cells of its two sweeps, one panel per figure, each a grid of
 * sweep points with, per point (and buyer or metric), the paired difference and its verdict, or the
 * empirical trade-off horizon; and the one-buyer theory's curves where they apply. `atlas.json` holds
 * them, for the figures and for the claims page to count where a claim holds.
 */
import { normalize } from "node:path";
import type { z } from "zod";
import { parseParticipation, ParticipationError } from "../theory/participation.js";
import { ConfigError } from "./configFile.js";
import type { AtlasCell, FirstPeriod } from "./atlasCell.js";
import { empiricalHorizon, pairedUtilityPaths } from "./atlasHorizon.js";
import { analogueHorizon, specParameter, theoryLines, type TheoryLine } from "./atlasTheory.js";
import type { Interval } from "./figures/studyFindings.js";
import { verdictOf } from "./figures/studyFindings.js";
import type { MeanInterval } from "./seedStats.js";
import type { Sweep } from "./sweepConfig.js";
import { pairedColumn, type SweepMetric, type SweepVerdict } from "./sweepVerdicts.js";

type Json = z.core.util.JSONType;

/** One sweep's cells: `cells[point][k]` is the point under its k-th seed. */
export interface AtlasSweepRuns {
  /** The sweep file, as given to the job. */
  path: string;
  sweep: Sweep;
  cells: AtlasCell[][];
}

/** An axis of a panel: a grid field, its values as numbers (η for `linear:η`), and the grid's own values. */
export interface AtlasAxis {
  field: string;
  label: string;
  values: number[];
  grid: Json[];
}

/** One point (and buyer or metric) of a panel. */
export interface AtlasCellVerdict {
  x: number;
  y: number;
  /** The buyer's id for a buyer's metric, null for the sellers'. */
  buyer: string | null;
  /** A sweep column, or `horizon` for the empirical trade-off horizon. */
  metric: SweepMetric | "horizon";
  /** The group fairshare is paired with. */
  group: string;
  /** Seeds paired. */
  seeds: number;
  /** Fairshare − group at T, the mean over the seeds with its 95% t-interval; null for `horizon` cells. */
  difference: Interval | null;
  verdict: SweepVerdict;
  /** `horizon` cells: the empirical T̂ (atlasHorizon.ts), null when fairshare's mean is not ahead at T. */
  horizon?: number | null;
  /** `horizon` cells: the paired difference of cumulative utility at period 1 and at T. */
  early?: Interval;
  late?: Interval;
  /** Panels with a theory: the one-buyer analogue's `T̂(c, δ)` at the point's δ and η, null when infinite. */
  theoryHorizon?: number | null;
}

/** The one-buyer analogue a panel's theory lines are computed for (MODEL §5.1). */
export interface AtlasAnalogue extends FirstPeriod {
  /** The exploitative price: the cost. */
  price: number;
  /** The participation family whose parameter is the y axis, e.g. `linear`. */
  family: string;
  periods: number;
  /** Where V, p* and c were read: the sweep point and seed. */
  source: string;
}

export interface AtlasPanel {
  /** The figure's id. */
  id: "atlasUtility" | "atlasSellers" | "atlasHorizon";
  title: string;
  /** The sweep file, and its base market config (normalised). */
  sweep: string;
  market: string;
  /** Sellers at the start, and their tiers, at the sweep's first point. */
  sellers: number;
  tiers: number;
  /** Seeds per point, and the first (each point runs its config's seed and the next `seeds − 1`). */
  seeds: number;
  firstSeed: number;
  /** `T`: every difference is read at period T. */
  periods: number;
  /** The buyers and their budgets at the sweep's first point (a grid field may change a budget elsewhere). */
  buyers: Array<{ id: string; budget: number }>;
  x: AtlasAxis;
  y: AtlasAxis;
  cells: AtlasCellVerdict[];
  /** The one-buyer theory's curves over the plane; null where the panel has none. */
  theory: TheoryLine[] | null;
  analogue: AtlasAnalogue | null;
}

const interval = ({ mean, low, high }: MeanInterval): Interval => ({ mean, low, high });

/** A grid value as a number on its axis: a number as it is, a one-parameter spec as its parameter. */
function axisNumber(value: Json, field: string, source: string): number {
  if (typeof value === "number") return value;
  if (typeof value === "string") {
    try {
      return specParameter(value).parameter;
    } catch {
      // refused below, naming the field
    }
  }
  throw new ConfigError(`${source}: grid: ${field}: the atlas needs numbers or one-parameter specs such as linear:0.3, got ${JSON.stringify(value)}`);
}

function axis({ sweep, path }: AtlasSweepRuns, field: string, label: string): AtlasAxis {
  const grid = sweep.spec.grid[field];
  if (grid === undefined) throw new ConfigError(`${path}: grid: the atlas needs the field ${JSON.stringify(field)}, got ${Object.keys(sweep.spec.grid).join(", ")}`);
  return { field, label, values: grid.map((v) => axisNumber(v, field, path)), grid };
}

/** The point's value of `field` on the axis. */
function at(point: Sweep["points"][number], a: AtlasAxis, source: string): number {
  const override = point.overrides.find((o) => o.field === a.field)!;
  return axisNumber(override.value, a.field, source);
}

/** The participation spec of a point (the y axis of the δ × η panels). */
const specAt = (point: Sweep["points"][number]): string => point.config.participation;

function panelHead(runs: AtlasSweepRuns, id: AtlasPanel["id"], title: string, x: AtlasAxis, y: AtlasAxis) {
  const first = runs.sweep.points[0].config;
  const buyers = first.buyers.map(({ id: buyer, budget }) => ({ id: buyer, budget }));
  const sellers = first.sellers.tiers.reduce((n, tier) => n + tier.count, 0);
  return { id, title, sweep: runs.path, market: normalize(runs.sweep.basePath), sellers, tiers: first.sellers.tiers.length, seeds: runs.sweep.spec.seeds, firstSeed: first.seed, periods: first.periods, buyers, x, y };
}

/**
 * The one-buyer analogue of the δ × η sweep's market: V, p* and c from the first point's first seed
 * (period 1 depends on neither δ nor η), the exploitative price `c`, and the y axis's participation family.
 *
 * @throws ConfigError when that cell keeps no seller rows.
 */
export function atlasAnalogue(runs: AtlasSweepRuns): AtlasAnalogue {
  const first = runs.cells[0][0].firstPeriod;
  const point = runs.sweep.points[0];
  if (first === null) throw new ConfigError(`${runs.path}: the atlas's theory needs period 1's seller rows (records: "full") at point 0`);
  return { ...first, price: first.cost, family: specParameter(specAt(point)).family, periods: point.config.periods, source: `${runs.path}, point 0, seed ${point.config.seed}, period 1` };
}

const DISCOUNT_LABEL = "discount δ";
const ELASTICITY_LABEL = "participation elasticity η of linear:η";

/** The analogue's T̂ at a point, null when infinite. */
function theoryAt(analogue: AtlasAnalogue, point: Sweep["points"][number]): number | null {
  const horizon = analogueHorizon(analogue, point.config.discount, specAt(point));
  return Number.isFinite(horizon) ? horizon : null;
}

/** Steps of a theory line between the ends of its axis. */
const LINE_STEPS = 60;

/**
 * The η values the theory lines are drawn at: LINE_STEPS even steps from half a grid step below the
 * axis's lowest value to half a step above its highest (the outer cells' edges), and the axis's own
 * values, keeping those that make a valid `family:η` (e.g. η ≤ 1 for linear).
 */
function lineParameters(y: AtlasAxis, family: string): number[] {
  const values = [...new Set(y.values)].sort((a, b) => a - b);
  const n = values.length;
  const low = n === 1 ? values[0] : values[0] - (values[1] - values[0]) / 2;
  const high = n === 1 ? values[0] : values[n - 1] + (values[n - 1] - values[n - 2]) / 2;
  const steps = Array.from({ length: LINE_STEPS + 1 }, (_, k) => (k === LINE_STEPS ? high : low + ((high - low) * k) / LINE_STEPS));
  const valid = (parameter: number) => {
    try {
      parseParticipation(`${family}:${parameter}`);
      return true;
    } catch (error) {
      if (error instanceof ParticipationError) return false;
      throw error;
    }
  };
  return [...new Set([...steps, ...values])].filter(valid).sort((a, b) => a - b);
}

/**
 * Panel (a), `atlasUtility`: each buyer's cumulative utility at T, fairshare − exploitative, at every
 * point of the δ × η sweep (pairedColumn on `cumulative_utility`), with the theory's curves and T̂.
 *
 * @throws ConfigError when the sweep lacks `discount` or `participation` in its grid; RangeError as pairedColumn.
 */
export function utilityPanel(runs: AtlasSweepRuns, title: string): AtlasPanel {
  const x = axis(runs, "discount", DISCOUNT_LABEL);
  const y = axis(runs, "participation", ELASTICITY_LABEL);
  const analogue = atlasAnalogue(runs);
  const cells = runs.sweep.points.flatMap((point) => {
    const rows = runs.cells[point.index].flatMap((c) => c.rows);
    return point.config.buyers.map(({ id: buyer }): AtlasCellVerdict => {
      const d = pairedColumn(rows, { metric: "cumulative_utility", group: "exploitative", buyer });
      return { x: at(point, x, runs.path), y: at(point, y, runs.path), buyer, metric: "cumulative_utility", group: "exploitative", seeds: d.seeds, difference: d.difference, verdict: d.verdict, theoryHorizon: theoryAt(analogue, point) };
    });
  });
  return { ...panelHead(runs, "atlasUtility", title, x, y), cells, theory: theoryLines(analogue, analogue.family, lineParameters(y, analogue.family), analogue.periods), analogue };
}

/**
 * The verdict of "exploitation wins early and loses later" at one point and buyer: `holds` when the
 * period-1 interval lies below 0 and the period-T one above 0, `reversed` when the period-T one lies
 * below 0 (exploitation still ahead), `not resolved` otherwise.
 */
export function earlyLateVerdict(first: MeanInterval, last: MeanInterval): SweepVerdict {
  if (verdictOf(last) === "reversed") return "reversed";
  return verdictOf(first) === "reversed" && verdictOf(last) === "holds" ? "holds" : "not resolved";
}

/**
 * Panel (c), `atlasHorizon`: each buyer's empirical trade-off horizon (empiricalHorizon of the mean paired
 * path fairshare − exploitative) at every point of the δ × η sweep, with the early and late differences,
 * their verdict (earlyLateVerdict), the theory's curves and its T̂.
 *
 * @throws as utilityPanel, and RangeError as pairedUtilityPaths.
 */
export function horizonPanel(runs: AtlasSweepRuns, title: string): AtlasPanel {
  const x = axis(runs, "discount", DISCOUNT_LABEL);
  const y = axis(runs, "participation", ELASTICITY_LABEL);
  const analogue = atlasAnalogue(runs);
  const cells = runs.sweep.points.flatMap((point) =>
    point.config.buyers.map(({ id: buyer }): AtlasCellVerdict => {
      const paths = pairedUtilityPaths(runs.cells[point.index], { group: "exploitative", buyer });
      return {
        x: at(point, x, runs.path), y: at(point, y, runs.path), buyer, metric: "horizon", group: "exploitative", seeds: paths.first.n, difference: null,
        verdict: earlyLateVerdict(paths.first, paths.last), horizon: empiricalHorizon(paths.mean), early: interval(paths.first), late: interval(paths.last), theoryHorizon: theoryAt(analogue, point),
      };
    }),
  );
  return { ...panelHead(runs, "atlasHorizon", title, x, y), cells, theory: theoryLines(analogue, analogue.family, lineParameters(y, analogue.family), analogue.periods), analogue };
}

/** The sellers' columns panel (b) compares. */
export const SELLER_METRICS = ["average_cumulative_profit", "active_sellers"] as const satisfies ReadonlyArray<SweepMetric>;

/**
 * Panel (b), `atlasSellers`: the sellers' average cumulative profit and the active sellers at T,
 * fairshare − reduced(κ), at every point of the κ × budget sweep (pairedColumn). No theory.
 *
 * @throws ConfigError when the sweep lacks `policy.reducedFactor` or `buyers[1].budget`; RangeError as pairedColumn.
 */
export function sellersPanel(runs: AtlasSweepRuns, title: string): AtlasPanel {
  const x = axis(runs, "policy.reducedFactor", "reduced factor κ");
  const y = axis(runs, "buyers[1].budget", "low-budget buyer's budget B2");
  const cells = runs.sweep.points.flatMap((point) => {
    const rows = runs.cells[point.index].flatMap((c) => c.rows);
    return SELLER_METRICS.map((metric): AtlasCellVerdict => {
      const d = pairedColumn(rows, { metric, group: "reduced" });
      return { x: at(point, x, runs.path), y: at(point, y, runs.path), buyer: null, metric, group: "reduced", seeds: d.seeds, difference: d.difference, verdict: d.verdict };
    });
  });
  return { ...panelHead(runs, "atlasSellers", title, x, y), cells, theory: null, analogue: null };
}

/** What each atlas sweep must have: its grid fields (the panel's axes) and its points' groups. */
export const ATLAS_NEEDS = {
  utility: { fields: ["discount", "participation"], groups: ["fairshare", "exploitative"] },
  sellers: { fields: ["policy.reducedFactor", "buyers[1].budget"], groups: ["fairshare", "reduced"] },
} as const;

/**
 * Refuses a sweep the atlas cannot draw, before any cell runs: a missing grid field, a value that is not
 * a number or a one-parameter spec, or a point whose groups lack one the panel pairs.
 *
 * @throws ConfigError naming the sweep file, and the field or point.
 */
export function requireAtlasSweep(sweep: Sweep, path: string, needs: (typeof ATLAS_NEEDS)[keyof typeof ATLAS_NEEDS]): void {
  for (const field of needs.fields) axis({ sweep, path, cells: [] }, field, field);
  for (const point of sweep.points) {
    const missing = needs.groups.filter((g) => !point.config.groups.includes(g));
    if (missing.length > 0) throw new ConfigError(`${path}: point ${point.index}: groups: the atlas pairs ${needs.groups.join(" with ")}, so it needs ${missing.join(", ")}`);
  }
}
