/**
 * Gradient similarity (MODEL §7; TracIn and LESS with one checkpoint): an offer is worth the first-order
 * fall of the buyer's mean validation loss when the model takes a gradient step on the offer alone.
 */
import { gradient, meanLossGradient } from "../logistic.js";
import type { ValuationMethod } from "./method.js";

/**
 * The dot product Σ a_q·b_q of two vectors of one length (the valuation methods' last step).
 *
 * @example dot([1, 2], [3, 4]) // => 11
 */
export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let q = 0; q < a.length; q += 1) s += a[q] * b[q];
  return s;
}

/**
 * Gradient similarity: score_j = ∇L_val(w) · G_j at the buyer's model w, where L_val is the mean
 * validation cross-entropy and G_j = `gradient(model, offer_j, 0)` the gradient of the offer's summed
 * loss. A step w − η·G_j lowers L_val by η·score_j + O(η²), so the score is that fall per unit step.
 *
 * - An offer with no examples scores exactly 0.
 * - The score grows with the offer's size (its gradient is a sum), as TracIn's does.
 *
 * Cost: one validation gradient, then O(rows with data · p) per offer (p = classes·(dims + 1)).
 *
 * @example gradientSimilarity.value(problem) // => one score per offer, larger = more useful
 * @throws RangeError when the validation set is empty or a dataset's shape does not match the model.
 */
export const gradientSimilarity: ValuationMethod = {
  id: "gradient",
  description: "gradient similarity (TracIn/LESS, one checkpoint): ∇(validation loss) · ∇(offer's summed loss) at the buyer's model",
  value(problem) {
    const validation = meanLossGradient(problem.model, problem.validation);
    return problem.offers.map((offer) => dot(validation, gradient(problem.model, offer, 0)));
  },
};
