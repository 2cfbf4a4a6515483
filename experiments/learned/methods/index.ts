/** Every valuation method of the learned market, by the id a config names it with. */
import { gradientSimilarity } from "./gradient.js";
import { influence } from "./influence.js";
import { knnShapley } from "./knnShapley.js";
import { leaveOneOut } from "./loo.js";
import type { MethodId, ValuationMethod } from "./method.js";
import { tmcShapleyMethod } from "./tmcShapley.js";

export const VALUATION_METHODS: Readonly<Record<MethodId, ValuationMethod>> = {
  gradient: gradientSimilarity,
  influence,
  loo: leaveOneOut,
  knnShapley,
  tmcShapley: tmcShapleyMethod,
};
