/**
 * The caption sentence every simulation figure ends with when Algorithm 1 cycled in its runs (MODEL §6:
 * simulations count such periods and the report shows the count).
 */
import type { RunRecord } from "./records.js";

/**
 * " Algorithm 1 did not converge in k of n group-periods; …", counted over every group of every run, or
 * "" when it always converged.
 *
 * @example convergenceNote([run]) // => "" when every period converged
 */
export function convergenceNote(runs: ReadonlyArray<RunRecord>): string {
  const groups = runs.flatMap((run) => run.groups);
  const missed = groups.reduce((sum, g) => sum + g.unconvergedPeriods, 0);
  const total = groups.reduce((sum, g) => sum + g.periods.length, 0);
  return missed === 0 ? "" : ` Algorithm 1 did not converge in ${missed} of ${total} group-periods; those periods use its last sweep's prices.`;
}

