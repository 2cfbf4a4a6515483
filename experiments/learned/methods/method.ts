/**
 * The interface every valuation method of the learned market implements (MODEL §7): given a buyer's
 * model and the period's offered datasets, a raw score per offer. Larger means more useful to the buyer.
 * The four model-based methods estimate how much an offer lowers the buyer's mean validation
 * cross-entropy; KNN-Shapley scores an offer's share of a k-nearest-neighbour classifier's validation
 * accuracy. experiments/learned/learnedValuation.ts turns raw scores into `v_{bj,t}`.
 */
import type { Uniform } from "../../random.js";
import type { Dataset } from "../dataset.js";
import type { Model } from "../logistic.js";

export const METHOD_IDS = ["gradient", "influence", "loo", "knnShapley", "tmcShapley"] as const;
export type MethodId = (typeof METHOD_IDS)[number];

/** One buyer's valuation problem in one period. */
export interface ValuationProblem {
  /** Everything the buyer trained on so far (its seed examples and every purchase). */
  train: Dataset;
  /** `fit(train, l2)`: the buyer's current model. */
  model: Model;
  /** The L2 strength of the buyer's training objective. */
  l2: number;
  /** The buyer's validation set (never its test set, which only measures performance). */
  validation: Dataset;
  /** The period's offered datasets, over the same pool as `train`. */
  offers: ReadonlyArray<Dataset>;
  /** Neighbours `k` of KNN-Shapley. */
  neighbours: number;
  /** Permutations drawn by TMC-Shapley. */
  permutations: number;
  /** TMC-Shapley stops a permutation once the utility is within this fraction of the full set's gain. */
  truncation: number;
  /** TMC-Shapley's stopping rule: see `TmcOptions.convergence` (0 walks every permutation). */
  convergence: number;
  /** The seeded stream TMC-Shapley draws its permutations from. */
  uniform: Uniform;
}

export interface ValuationMethod {
  id: MethodId;
  /** One line for docs/learned.md and the report. */
  description: string;
  /** A raw score per offer, in the order of `problem.offers`. */
  value(problem: ValuationProblem): number[];
}
