/**
 * The pricing policies of MODEL §4: how each group turns the period's fairshare prices into posted
 * prices, (The pay ratio by which a seller judges them is `payRatio` in theory/participation.ts.)
 */
import { toUnits } from "../theory/money.js";
import type { Group } from "./config.js";
import type { Uniform } from "./random.js";

/** Amounts are whole money units (MODEL §2). */
export interface PolicyInput {
  /** The period's fairshare prices `p*_j` (Algorithm 1). */
  fairPrices: ReadonlyArray<number>;
  /** The sellers' costs `c_j`, the floor of every posted price. */
  costs: ReadonlyArray<number>;
  /** `κ` of the `reduced` group. */
  reducedFactor: number;
  /** The `random` group's draw for seller j (one uniform stream per seller and period). */
  uniform: (seller: number) => Uniform;
}

/**
 * Posted prices of a group (MODEL §4), in whole money units, each floored at the seller's cost,
 * `max(c_j, price)`:
 * - `fairshare`: `p*_j`; `reduced`: `κ·p*_j`; `exploitative`: `c_j`;
 * - `random`: uniform on `[min_k p*_k, max_k p*_k]`, unrelated to the seller's own value.
 * - A price that is not whole (`κ·p*`, a random draw) is rounded half to even to the unit.
 * - No sellers: `[]`.
 *
 * @example postedPrices("reduced", { fairPrices: [10, 4], costs: [1, 3], reducedFactor: 0.5, uniform }) // => [5, 3]
 */
export function postedPrices(group: Group, input: PolicyInput): number[] {
  const { fairPrices, costs, reducedFactor, uniform } = input;
  const low = Math.min(...fairPrices);
  const high = Math.max(...fairPrices);
  return fairPrices.map((fair, j) => {
    const price =
      group === "fairshare" ? fair
      : group === "reduced" ? reducedFactor * fair
      : group === "exploitative" ? costs[j]
      : low + (high - low) * uniform(j)();
    return Math.max(costs[j], toUnits(price, 0));
  });
}
