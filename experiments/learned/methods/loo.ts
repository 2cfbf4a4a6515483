/**
 * Leave-one-out at dataset level (MODEL §7): what the buyer's validation loss loses when one offer is left
 * out of the training set made of its own data and every offer, each training run carried to the optimum.
 */
import { union, type Dataset } from "../dataset.js";
import { fit, hessianFactor, meanLoss, VALUATION_TOLERANCE } from "../logistic.js";
import type { ValuationMethod } from "./method.js";

/**
 * Leave-one-out: score_j = U(train ∪ all offers) − U(train ∪ all offers but j), where
 * U(S) = −meanLoss(fit(S, l2, start), validation): the union of every offer is fitted from the buyer's
 * model, and each union less one offer from that fit, with its Hessian as the Newton metric (a union
 * less one batch is close to it).
 *
 * - Each U(S) depends only on the counts of S (fit is deterministic), so an offer with no examples
 *   scores exactly 0 and two offers with identical counts score exactly alike.
 * - Not near 0 for a duplicate: counts are repetitions, so dropping one of two identical offers still
 *   halves that data's weight.
 *
 * Cost: offers + 1 fits of the union; the first with Newton steps of O(rows with data · p²), the others
 * mostly with steps of O(rows with data · p) on the first one's Hessian.
 *
 * @example leaveOneOut.value(problem) // => one score per offer, larger = more useful
 * @throws RangeError when the validation set is empty or the datasets do not share one pool.
 */
export const leaveOneOut: ValuationMethod = {
  id: "loo",
  description: "leave-one-out: validation loss without the offer minus with it, all other offers kept, each retrained to the optimum",
  value(problem) {
    const { train, l2, model, offers, validation } = problem;
    const everything = union(train, ...offers);
    const full = fit(everything, l2, model);
    const all = -meanLoss(full, validation);
    const factor = offers.length === 0 ? undefined : hessianFactor(full, everything, l2);
    const without = (data: Dataset) => -meanLoss(fit(data, l2, full, { factor, tolerance: VALUATION_TOLERANCE }), validation);
    return offers.map((_, j) => all - without(union(train, ...offers.filter((__, other) => other !== j))));
  },
};
