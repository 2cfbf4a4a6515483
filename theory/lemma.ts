import type { Arbitrary } from "fast-check";

/** The report's lemma ids, in paper order (MODEL §8). L5 is listed but never checked. */
export const LEMMA_IDS = ["L1", "L2", "L3", "L4", "L5", "L6", "L7", "B1", "SELLER"] as const;
export type LemmaId = (typeof LEMMA_IDS)[number];

/** A named hypothesis of a lemma, e.g. "A2" or "δ > δ₀". */
export interface Hypothesis<I> {
  /** Short name used in reports, e.g. "δ > δ₀". */
  name: string;
  /** One line for the report. */
  label: string;
  holds(instance: I): boolean;
}

/**
 * The outcome of checking one instance.
 * - `holds`: the lemma's conclusion is true on this instance.
 * - `slack`: how close the case came to failing, in the lemma's own normalised unit (documented on
 *   each lemma); `slack ≥ 0` when it holds, negative when it fails. The report shows the smallest.
 * - `witness`: the numbers that decided the case (small, JSON-serialisable).
 */
export interface CheckResult {
  holds: boolean;
  slack: number;
  witness?: Record<string, unknown>;
}

/**
 * A negative control: the same conclusion checked where one hypothesis is dropped (or, for L4, the
 * check is run against a deliberately wrong computation). A counterexample must turn up, which is how
 * the check proves it can fail.
 */
export interface NegativeControl<I> {
  /** The hypothesis dropped, or "mutation: …". */
  drops: string;
  /** One line for the report. */
  description: string;
  /** Instances that break the dropped hypothesis by construction. */
  instances: Arbitrary<I>;
  /** The check to run on them; the lemma's own check unless the control is a mutation. */
  check?: (instance: I) => CheckResult;
}

/** One executable lemma module (see docs/lemmas.md for the statements and proof sketches). */
export interface Lemma<I> {
  id: LemmaId;
  title: string;
  /** The statement in words. */
  statement: string;
  /** The statement as a formula (plain text with Unicode symbols). */
  formula: string;
  /** Where the statement is fixed, e.g. "MODEL §8 L1" → docs/model.md. */
  modelSection: string;
  hypotheses: ReadonlyArray<Hypothesis<I>>;
  /** Instances meeting every hypothesis by construction. */
  instances: Arbitrary<I>;
  check(instance: I): CheckResult;
  negativeControl: NegativeControl<I>;
}

/** A lemma of the paper whose statement is not known to this project (L5): reported, never checked. */
export interface UnreconstructedLemma {
  id: LemmaId;
  title: string;
  reason: string;
}
