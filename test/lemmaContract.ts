import fc from "fast-check";
import { expect, it } from "vitest";
import type { CheckResult, Lemma } from "../theory/lemma.js";
import { runLemma } from "../theory/runLemma.js";

/** Seeds and run counts of the contract tests; each lemma's test file passes the ones it has always used. */
export interface LemmaContractOptions<I> {
  /** fast-check seed of every contract test, unless `seeds` pins one apart. */
  seed: number;
  /** Per-test seeds, for files that gave each test its own. */
  seeds?: { hypotheses?: number; check?: number; control?: number; runLemma?: number };
  /** Instances drawn to test the hypotheses (default 300). */
  hypothesisRuns?: number;
  /** Instances drawn to test the check (default 400). */
  checkRuns?: number;
  /** Control instances drawn, and the `runs` given to `runLemma` (default 100). */
  controlRuns?: number;
  /**
   * The control is built so that every one of its instances is a counterexample (not merely some):
   * assert that on each drawn instance.
   */
  everyControlInstanceFails?: boolean;
  /** A lemma's own claim about each control instance and its verdict (e.g. where the argmax went). */
  controlCase?: (instance: I, result: CheckResult) => void;
}

/**
 * Declares, inside the caller's `describe`, the tests every `Lemma` must pass whatever it states:
 * 1. every drawn instance meets every hypothesis;
 * 2. the check holds, with slack ≥ 0, on the drawn instances;
 * 3. the negative control is sound: its instances break the hypothesis it names as dropped (a mutation
 *    names none), its check's slack is ≥ 0 exactly when the case holds, and `runLemma` finds a
 *    counterexample with negative slack (and no failure among the lemma's own instances).
 *    With `everyControlInstanceFails`, each drawn control instance must fail, not just some.
 * Worked examples and regressions stay in the lemmas' own test files.
 */
export function describeLemmaContract<I>(lemma: Lemma<I>, options: LemmaContractOptions<I>): void {
  const { id, hypotheses, negativeControl: control } = lemma;
  const { hypothesisRuns = 300, checkRuns = 400, controlRuns = 100 } = options;
  const seeds = {
    hypotheses: options.seeds?.hypotheses ?? options.seed,
    check: options.seeds?.check ?? options.seed,
    control: options.seeds?.control ?? options.seed,
    runLemma: options.seeds?.runLemma ?? options.seed,
  };
  const isMutation = control.drops.startsWith("mutation");
  const names = hypotheses.map((h) => h.name).join(", ");

  it(`${id}: every drawn instance meets every hypothesis (${names})`, () => {
    fc.assert(
      fc.property(lemma.instances, (instance) => {
        for (const h of hypotheses) expect(h.holds(instance), `${h.name}: ${JSON.stringify(instance)}`).toBe(true);
      }),
      { seed: seeds.hypotheses, numRuns: hypothesisRuns },
    );
  });

  it(`${id}: check holds on ${checkRuns} drawn instances with slack ≥ 0`, () => {
    fc.assert(
      fc.property(lemma.instances, (instance) => {
        const result = lemma.check(instance);
        expect(result.holds, JSON.stringify({ instance, result })).toBe(true);
        expect(result.slack, JSON.stringify({ instance, result })).toBeGreaterThanOrEqual(0);
      }),
      { seed: seeds.check, numRuns: checkRuns },
    );
  });

  const claim = isMutation ? "" : " breaks that hypothesis and";
  const finds = options.everyControlInstanceFails ? "fails on every drawn instance" : "finds a counterexample";
  it(`${id}: the negative control (${isMutation ? "" : "drops "}${control.drops})${claim} ${finds}`, () => {
    const dropped = hypotheses.find((h) => h.name === control.drops);
    if (isMutation) {
      // A mutation keeps every hypothesis and runs a deliberately wrong computation instead.
      expect(dropped, control.drops).toBeUndefined();
      expect(control.check, `${id}: a mutation control brings its own check`).toBeDefined();
    } else {
      expect(dropped, `${id}: "${control.drops}" is not among ${names}`).toBeDefined();
    }
    const check = control.check ?? ((instance: I) => lemma.check(instance));
    fc.assert(
      fc.property(control.instances, (instance) => {
        if (dropped) expect(dropped.holds(instance), `${dropped.name}: ${JSON.stringify(instance)}`).toBe(false);
        const result = check(instance);
        expect(result.slack >= 0, `slack ≥ 0 exactly when it holds: ${JSON.stringify({ instance, result })}`).toBe(result.holds);
        if (options.everyControlInstanceFails) expect(result.holds, `a counterexample: ${JSON.stringify(instance)}`).toBe(false);
        options.controlCase?.(instance, result);
      }),
      { seed: seeds.control, numRuns: controlRuns },
    );
    const outcome = runLemma(lemma, { runs: controlRuns, seed: seeds.runLemma });
    expect(outcome.holds, JSON.stringify({ counterexample: outcome.counterexample, witness: outcome.failureWitness })).toBe(true);
    expect(outcome.negativeControl.detected, JSON.stringify(outcome.negativeControl)).toBe(true);
    expect(outcome.negativeControl.error).toBeNull();
    expect(outcome.negativeControl.witness?.slack, JSON.stringify(outcome.negativeControl)).toBeLessThan(0);
  });
}
