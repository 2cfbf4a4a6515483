/**
 * The empirical trade-off horizon of a sweep point (issue #14, MODEL §8 L1): the period from which
 * fairshare's cumulative utility, paired with exploitation's seed by seed and averaged over the seeds,
 * stays ahead up to the last period T. The market's counterpart of the one-buyer theory's `T̂`.
 */
import { NeumaierSum } from "../theory/compensatedSum.js";
import type { AtlasCell } from "./atlasCell.js";
import { meanInterval, type MeanInterval } from "./seedStats.js";

/**
 * Empirical trade-off horizon of a path of differences `D_1..D_T` (fairshare − the other group): one past
 * the last period with `D_t ≤ 0`, as L1's check takes `T̂` (docs/model.md, Findings 2), so fairshare is
 * ahead at every period from it to T.
 *
 * - No `D_t ≤ 0`: 1 (fairshare ahead from the first period).
 * - `D_T ≤ 0`: null, "not by T" (fairshare is not ahead at T).
 * - A tie `D_t = 0` counts as not ahead.
 *
 * Cost: O(T).
 *
 * @example empiricalHorizon([-2, -1, 0.5, -0.1, 0.3, 0.4]) // => 5
 * @throws RangeError for an empty path or a non-finite difference.
 */
export function empiricalHorizon(differences: ReadonlyArray<number>): number | null {
  if (differences.length === 0) throw new RangeError("empiricalHorizon: needs at least one period");
  let lastNotAhead = 0;
  differences.forEach((d, k) => {
    if (!Number.isFinite(d)) throw new RangeError(`empiricalHorizon: differences must be finite, got ${d} at period ${k + 1}`);
    if (d <= 0) lastNotAhead = k + 1;
  });
  return lastNotAhead === differences.length ? null : lastNotAhead + 1;
}

export interface PathOptions {
  /** The group fairshare is paired with. */
  group: string;
  buyer: string;
}

/** Each seed's path of `fairshare − group` cumulative utility, for one buyer. */
function seedPaths(cells: ReadonlyArray<AtlasCell>, { group, buyer }: PathOptions): number[][] {
  if (cells.length === 0) throw new RangeError("pairedUtilityPaths: needs at least one seed's cell");
  return cells.map((cell, k) => {
    const find = (g: string) => {
      const path = cell.utility.find((u) => u.group === g && u.buyer === buyer);
      if (path === undefined) throw new RangeError(`pairedUtilityPaths: seed ${k + 1} of the point has no utility path of group ${g}, buyer ${buyer}`);
      return path.cumulative;
    };
    const fair = find("fairshare");
    const other = find(group);
    return fair.map((f, t) => f - other[t]);
  });
}

/**
 * The paired differences of one buyer's cumulative utility at one point, fairshare − `group`: their mean
 * over the seeds at every period (what `empiricalHorizon` reads), and the 95% t-interval of the mean at
 * period 1 and at period T.
 *
 * - Each seed's cell pairs the two groups of one run (common random numbers), as pairedColumn does.
 * - The interval at T is pairedColumn's on `cumulative_utility` (the same numbers).
 *
 * Cost: O(seeds · T).
 *
 * @example pairedUtilityPaths(cellsOfPoint, { group: "exploitative", buyer: "B1" }).mean.length // => T
 * @throws RangeError for no cells, or a cell without a path of fairshare or `group` for `buyer`.
 */
export function pairedUtilityPaths(cells: ReadonlyArray<AtlasCell>, options: PathOptions): { mean: number[]; first: MeanInterval; last: MeanInterval } {
  const paths = seedPaths(cells, options);
  const periods = paths[0].length;
  const mean = Array.from({ length: periods }, (_, t) => {
    const sum = new NeumaierSum();
    for (const path of paths) sum.add(path[t]);
    return sum.value() / paths.length;
  });
  return { mean, first: meanInterval(paths.map((p) => p[0])), last: meanInterval(paths.map((p) => p[periods - 1])) };
}
