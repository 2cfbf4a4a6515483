import type { UnreconstructedLemma } from "./lemma.js";

/**
 * Lemma 5 of the paper. Its statement is not known to this project (MODEL §8), so it is listed in the
 * report as "not reconstructed" and never as checked.
 */
export const lemma5: UnreconstructedLemma = {
  id: "L5",
  title: "Lemma 5 (statement not available)",
  reason: "not reconstructed: the paper's statement of Lemma 5 is not known to this project",
};
