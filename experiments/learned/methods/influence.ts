/**
 * The influence function (MODEL §7; Koh & Liang 2017): how much adding an offer to the buyer's training set
 * and retraining would lower its mean validation loss, predicted to first order from the current model.
 */
import { gradient, hessian, meanLossGradient, solveSpd } from "../logistic.js";
import { dot } from "./gradient.js";
import type { ValuationMethod } from "./method.js";

/**
 * Influence: score_j = ∇L_val(w)ᵀ · H⁻¹ · G_j, with H = `hessian(model, train, l2)` the exact Hessian of
 * the buyer's training objective at its model w, and G_j = `gradient(model, offer_j, 0)`. Adding ε·offer_j
 * to the training data moves the optimum by −ε·H⁻¹G_j + O(ε²), so L_val falls by ε·score_j + O(ε²):
 * the score is exact in the limit of a small offer (up to how closely w is the optimum).
 *
 * - H is symmetric, so one Cholesky solve s = H⁻¹·∇L_val serves every offer: score_j = s · G_j.
 * - An offer with no examples scores exactly 0.
 *
 * Cost: O(rows with data · p²) for H and p³/6 for its factor, once per problem; O(rows with data · p)
 * per offer.
 *
 * @example influence.value(problem) // => one score per offer, larger = more useful
 * @throws RangeError when the validation set is empty, a dataset's shape does not match the model, or H
 *   is not positive definite in doubles (l2 far too small for the data).
 */
export const influence: ValuationMethod = {
  id: "influence",
  description: "influence function (Koh & Liang): ∇(validation loss)ᵀ H⁻¹ ∇(offer's summed loss), H the training objective's Hessian",
  value(problem) {
    const { model, train, l2 } = problem;
    const direction = solveSpd(hessian(model, train, l2), model.weights.length, meanLossGradient(model, problem.validation));
    return problem.offers.map((offer) => dot(direction, gradient(model, offer, 0)));
  },
};
