import fc from "fast-check";
import type { CheckResult, Lemma } from "./lemma.js";

export interface RunOptions {
  /** Instances drawn for the check, and the most tried by the negative control. */
  runs: number;
  /** fast-check seed: the same seed draws the same instances and finds the same counterexamples. */
  seed: number;
}

export interface NegativeControlOutcome {
  drops: string;
  description: string;
  /** A counterexample turned up, as the control requires. */
  detected: boolean;
  /** The shrunk counterexample, or null when none was found. */
  counterexample: unknown;
  /** The check's verdict on it. */
  witness: CheckResult | null;
  /** Why the control is void when its check threw instead of returning a verdict. */
  error: string | null;
}

export interface LemmaOutcome {
  id: string;
  title: string;
  cases: number;
  failures: number;
  /** Every case held. */
  holds: boolean;
  /** The smallest slack over the cases (see each lemma's unit); null when there were no cases. */
  worstSlack: number | null;
  /** The shrunk first counterexample when a case failed, and the check's verdict on it. */
  counterexample: unknown;
  failureWitness: CheckResult | null;
  negativeControl: NegativeControlOutcome;
}

/** A check that threw is a failure of the check, not a counterexample to the lemma. */
function safeCheck<I>(check: (instance: I) => CheckResult, instance: I): CheckResult & { error?: string } {
  try {
    return check(instance);
  } catch (error) {
    return { holds: false, slack: Number.NaN, error: error instanceof Error ? error.message : String(error) };
  }
}

/** Runs a property to its shrunk counterexample; `undefined` when none turns up in `runs` cases. */
function shrunkCounterexample<I>(arbitrary: fc.Arbitrary<I>, holds: (instance: I) => boolean, options: RunOptions): I | undefined {
  const details = fc.check(fc.property(arbitrary, holds), { seed: options.seed, numRuns: options.runs });
  return details.failed && details.counterexample ? details.counterexample[0] : undefined;
}

/**
 * Checks one lemma on `runs` drawn instances and runs its negative control.
 *
 * Every drawn instance is checked (failures are counted, not stopped at); when any fails, fast-check
 * re-runs the property from the same seed to shrink the first counterexample. The negative control
 * must find a counterexample within `runs` cases; a control whose check throws is void, never "found".
 *
 * Cost: `runs` checks, plus shrinking when a counterexample exists.
 */
export function runLemma<I>(lemma: Lemma<I>, options: RunOptions): LemmaOutcome {
  const instances = fc.sample(lemma.instances, { seed: options.seed, numRuns: options.runs });
  let failures = 0;
  let worstSlack = Number.POSITIVE_INFINITY;
  for (const instance of instances) {
    const result = safeCheck((i: I) => lemma.check(i), instance);
    if (!result.holds) failures += 1;
    worstSlack = Math.min(worstSlack, result.slack); // NaN (a broken check) sticks, as it should
  }

  let counterexample: unknown = null;
  let failureWitness: CheckResult | null = null;
  if (failures > 0) {
    const shrunk = shrunkCounterexample(lemma.instances, (i) => safeCheck((x: I) => lemma.check(x), i).holds, options);
    if (shrunk !== undefined) {
      counterexample = shrunk;
      failureWitness = safeCheck((i: I) => lemma.check(i), shrunk);
    }
  }

  return {
    id: lemma.id,
    title: lemma.title,
    cases: instances.length,
    failures,
    holds: failures === 0,
    worstSlack: instances.length === 0 ? null : worstSlack,
    counterexample,
    failureWitness,
    negativeControl: runNegativeControl(lemma, options),
  };
}

function runNegativeControl<I>(lemma: Lemma<I>, options: RunOptions): NegativeControlOutcome {
  const control = lemma.negativeControl;
  const check = control.check ?? ((instance: I) => lemma.check(instance));
  let error: string | null = null;
  const holds = (instance: I): boolean => {
    const result = safeCheck(check, instance);
    if (result.error !== undefined) {
      error ??= result.error;
      return true;
    }
    return result.holds;
  };
  const found = shrunkCounterexample(control.instances, holds, options);
  const detected = found !== undefined && error === null;
  return {
    drops: control.drops,
    description: control.description,
    detected,
    counterexample: found ?? null,
    witness: found === undefined ? null : safeCheck(check, found),
    error,
  };
}
