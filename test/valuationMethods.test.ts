/**
 * What every valuation method owes the market, whatever its theory: a dataset with no examples is worth
 * exactly nothing, two identical datasets are worth exactly the same, and the two first-order methods
 * are linear in the data. (TMC-Shapley is left out of the exact-equality claims: equal players get equal
 * values only in expectation, which test/tmcShapley.test.ts checks within Monte-Carlo error.)
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { union, type Dataset } from "../experiments/learned/dataset.js";
import { gradientSimilarity } from "../experiments/learned/methods/gradient.js";
import { influence } from "../experiments/learned/methods/influence.js";
import { knnShapley } from "../experiments/learned/methods/knnShapley.js";
import { leaveOneOut } from "../experiments/learned/methods/loo.js";
import type { ValuationMethod } from "../experiments/learned/methods/method.js";
import { problemArbitrary } from "./fixtures/learnedProblems.js";

const RUNS = { seed: 20251, numRuns: 40 };
const emptyLike = (a: Dataset): Dataset => ({ ...a, counts: new Float64Array(a.counts.length) });
const copyOf = (a: Dataset): Dataset => ({ ...a, counts: Float64Array.from(a.counts) });

describe.each<ValuationMethod>([gradientSimilarity, influence, leaveOneOut, knnShapley])("$id", (method) => {
  it("an empty offer scores exactly 0, and two offers with the same counts score exactly alike", () => {
    fc.assert(
      fc.property(problemArbitrary(3, 3), ({ label, problem }) => {
        const [a, b] = problem.offers;
        const scores = method.value({ ...problem, offers: [a, b, emptyLike(a), copyOf(a)] });
        expect(scores[2], label).toBe(0);
        expect(scores[3], label).toBe(scores[0]);
      }),
      RUNS,
    );
  });
});

describe.each<ValuationMethod>([gradientSimilarity, influence])("$id is first-order", (method) => {
  it("the score of a union of offers is the sum of their scores", () => {
    fc.assert(
      fc.property(problemArbitrary(2), ({ label, problem }) => {
        const [a, b] = problem.offers;
        const scores = method.value({ ...problem, offers: [a, b, union(a, b)] });
        expect(scores[2], label).toBeCloseTo(scores[0] + scores[1], 12);
      }),
      RUNS,
    );
  });
});
