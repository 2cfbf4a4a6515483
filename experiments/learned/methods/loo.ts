/**
 * Leave-one-out at dataset level (MODEL §7): what the buyer's validation loss loses when one offer is left
 * out of the training set made of its own data and every offer, each training run carried to the optimum.
 */
import { union, type Dataset } from "../dataset.js";
import { fit, meanLoss } from "../logistic.js";
import type { ValuationMethod } from "./method.js";

/**
 * Leave-one-out: score_j = U(train ∪ all offers) − U(train ∪ all offers but j), where
 * U(S) = −meanLoss(fit(S, l2, model), validation), each fit warm-started from the buyer's model.
 *
 * - Each U(S) depends only on the counts of S (fit is deterministic), so an offer with no examples
 *   scores exactly 0 and two offers with identical counts score exactly alike.
 * - Not near 0 for a duplicate: counts are repetitions, so dropping one of two identical offers still
 *   halves that data's weight.
 *
 * Cost: offers + 1 fits of the union, each a few Newton steps of O(rows with data · p²).
 *
 * @example leaveOneOut.value(problem) // => one score per offer, larger = more useful
 * @throws RangeError when the validation set is empty or the datasets do not share one pool.
 */
export const leaveOneOut: ValuationMethod = {
  id: "loo",
  description: "leave-one-out: validation loss without the offer minus with it, all other offers kept, each retrained to the optimum",
  value(problem) {
    const { train, l2, model, offers, validation } = problem;
    const utility = (data: Dataset) => -meanLoss(fit(data, l2, model), validation);
    const all = utility(union(train, ...offers));
    return offers.map((_, j) => all - utility(union(train, ...offers.filter((__, other) => other !== j))));
  },
};
