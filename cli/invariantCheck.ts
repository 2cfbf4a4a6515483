import { checkRun, firstViolationLine } from "../experiments/invariants.js";
import type { RunRecord } from "../experiments/records.js";
import { CheckFailed } from "./errors.js";

/**
 * `--check` of `simulate`, `figures` and `sweep`: throws CheckFailed with the first broken invariant of `run`, named by
 * its seed, so the command stops before drawing or summarising from it.
 */
export function requireInvariants(run: RunRecord): void {
  const line = firstViolationLine(checkRun(run));
  if (line !== null) throw new CheckFailed(`${run.config.name} seed ${run.seed}, ${line}`);
}
