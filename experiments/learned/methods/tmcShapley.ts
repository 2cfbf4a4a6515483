/**
 * TMC-Shapley at dataset level (Ghorbani & Zou 2019; MODEL §7): each offer is one player, and a coalition's
 * worth is the buyer's validation performance after retraining on its own data plus the coalition's
 * offers. Offers, not examples, are the players, so a period of a dozen offers needs permutations × offers
 * fits, not one per example.
 */
import { union } from "../dataset.js";
import { fit, hessianFactor, meanLoss, VALUATION_TOLERANCE } from "../logistic.js";
import { type Utility, tmcShapley } from "../shapley.js";
import type { ValuationMethod, ValuationProblem } from "./method.js";

/**
 * The dataset-level game of a valuation problem: U(S) = −meanLoss(fit(train ∪ ⋃_{j∈S} offer_j, l2, model),
 * validation), and U(∅) = −meanLoss(model, validation) without a fit, since `model` is already fit(train, l2).
 *
 * - Each fit is warm-started from the buyer's model, with the Hessian there as its first Newton metric,
 *   so U(S) is a deterministic function of S's counts.
 * - Memoised by coalition within the returned utility: with few offers there are only 2^N coalitions, so
 *   permutations keep revisiting the same prefixes, and a fit costs far more than a lookup.
 *
 * Cost: one fit per distinct coalition, each a few Newton steps of O(rows with data · p²); memory one
 * number per distinct coalition.
 *
 * @example offerUtility(problem)([]) // => −meanLoss(problem.model, problem.validation)
 * @throws RangeError (when called) if the validation set is empty or an offer is over another pool.
 */
export function offerUtility(problem: ValuationProblem): Utility {
  const { train, l2, model, offers, validation } = problem;
  const memo = new Map<number | string, number>();
  // Every coalition's fit starts from the buyer's model with its Hessian as the first metric, so U(S)
  // still depends on S alone; computed once, at the first fit.
  let factor: Float64Array | undefined;
  // A bitmask is exact in a double up to 2^53; beyond 52 offers the member list itself is the key.
  const keyOf = (members: ReadonlyArray<number>): number | string =>
    offers.length <= 52 ? members.reduce((mask, j) => mask + 2 ** j, 0) : members.join(",");
  return (members) => {
    const key = keyOf(members);
    const known = memo.get(key);
    if (known !== undefined) return known;
    if (members.length > 0 && factor === undefined) factor = hessianFactor(model, train, l2);
    const trained = members.length === 0 ? model : fit(union(train, ...members.map((j) => offers[j])), l2, model, { factor, tolerance: VALUATION_TOLERANCE });
    const worth = -meanLoss(trained, validation);
    memo.set(key, worth);
    return worth;
  };
}

/**
 * Dataset-level TMC-Shapley: each offer's Truncated Monte-Carlo Shapley value in the game of
 * `offerUtility`, with at most `problem.permutations` permutations (fewer once the stopping rule
 * `problem.convergence` says the means have settled), `problem.truncation` and `problem.uniform`.
 *
 * - The scores are in nats of validation loss: they sum to the loss the buyer saves by training on every
 *   offer (exactly, up to rounding, with truncation 0; within truncation·|that saving| otherwise).
 * - Truncation is relative to |U(all) − U(∅)|: when the offers together barely change the loss, a positive
 *   truncation cuts every permutation early and the scores shrink towards 0.
 * - Draws (offers − 1) numbers per permutation from `problem.uniform`. No offers: no scores.
 *
 * Cost: at most 1 + permutations·(offers − 1) fits, fewer with truncation and memoisation.
 *
 * @example tmcShapleyMethod.value(problem) // => one score per offer, larger = more useful
 * @throws RangeError when the validation set is empty, an offer is over another pool, or `permutations`
 *   or `truncation` is out of range (see tmcShapley).
 */
export const tmcShapleyMethod: ValuationMethod = {
  id: "tmcShapley",
  description: "TMC-Shapley (Ghorbani & Zou 2019): an offer's Monte-Carlo Shapley share of the validation loss saved by retraining on the offers",
  value(problem) {
    const { offers, permutations, truncation, uniform, convergence } = problem;
    return tmcShapley(offers.length, offerUtility(problem), { permutations, truncation, uniform, convergence }).values;
  },
};
