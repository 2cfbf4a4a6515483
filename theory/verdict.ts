/**
 * Turns a lemma check's conditions into a `CheckResult` (theory/lemma.ts) whose slack is non-negative
 * exactly when the lemma holds on the instance.
 */
import type { CheckResult } from "./lemma.js";

/** One conclusion of a lemma on one instance, with its margin in the lemma's normalised unit. */
export interface Condition {
  /** Short name, listed in the witness when the condition fails. */
  name: string;
  /** How far the condition is from failing; NaN counts as failed. */
  margin: number;
  /** `margin > 0` is required (a strict inequality) instead of `margin ≥ 0`. */
  strict?: boolean;
}

/**
 * Combines conditions into `{ holds, slack, witness }`.
 *
 * - `holds`: every condition holds (`margin ≥ 0`, or `> 0` when strict).
 * - `slack`: the smallest margin. A strict condition failing at margin exactly 0 reports
 *   `−Number.MIN_VALUE`, the negative number closest to 0, so that `slack ≥ 0` iff `holds`.
 * - `witness`: the given numbers, plus `failed` (the distinct names of failed conditions) when any failed.
 *
 * Cost: O(number of conditions).
 *
 * @example verdict([{ name: "a", margin: 0.5 }, { name: "b", margin: 0, strict: true }], {}).slack // => -5e-324
 */
export function verdict(conditions: ReadonlyArray<Condition>, witness: Record<string, unknown>): CheckResult {
  const failing = conditions.filter(({ margin, strict }) => !(strict === true ? margin > 0 : margin >= 0));
  const failed = [...new Set(failing.map((c) => c.name))];
  let slack = Math.min(...conditions.map((c) => c.margin)); // NaN, a broken margin, propagates
  const holds = failed.length === 0;
  if (!holds && slack >= 0) slack = -Number.MIN_VALUE;
  return { holds, slack, witness: holds ? witness : { ...witness, failed } };
}
