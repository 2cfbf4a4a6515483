/**
 * The per-period record of Algorithm 2 (MODEL §6): everything the figures of MODEL §9 read, so that a
 * figure never reruns a simulation.
 */
import type { Config, Group } from "./config.js";
import type { SyntheticSeller } from "./synthetic.js";
import type { SweepCycle } from "../theory/algorithm1.js";

/** One active seller in one period. Money is in dollars; `values` and `mwp` list buyers in config order. */
export interface SellerPeriod {
  id: string;
  quality: number;
  cost: number;
  /** `V_bj,t = λ_b · v_bj,t` for each buyer. */
  values: number[];
  /** Each buyer's `MWP_bj` at the fairshare prices. */
  mwp: number[];
  fairPrice: number;
  price: number;
  /** `x = min(1, p / p*)` (MODEL §4). */
  payRatio: number;
  /** Ids of the buyers who bought its dataset. */
  buyers: string[];
  revenue: number;
  /** `revenue − c_j`. */
  profit: number;
  cumulativeProfit: number;
  /** Whether it stays for the next period (A1). */
  stays: boolean;
}

/** One buyer in one period. */
export interface BuyerPeriod {
  id: string;
  budget: number;
  /** Ids of the sellers it bought from. */
  bought: string[];
  spend: number;
  /** Money value of what it bought, `Σ V_bj`. */
  value: number;
  /** Valuation score of what it bought, `Σ v_bj` (its performance gain with `synthetic` and `import`, MODEL §6). */
  score: number;
  /**
   * The buyer's test accuracy after training on everything bought up to this period: the learned source
   * only (MODEL §7), null with `synthetic` and `import`.
   */
  performance: number | null;
  /** `Σ_{j∈S_b} (V_bj − p_j)`; with the learned source `λ_b · (realised gain in test accuracy) − spend` (MODEL §6). */
  utility: number;
  /** `Σ_{s≤t} δ^{s−1} u_s`. */
  cumulativeUtility: number;
  cumulativeSpend: number;
  cumulativeScore: number;
  /**
   * Performance gained since period 1 per dollar spent: `cumulativeScore / cumulativeSpend`, or with the
   * learned source the test-accuracy gain over the buyer's starting model divided by `cumulativeSpend`;
   * null before any spend, and null when the quotient is too large for a double (spend below about 1e-308
   * of the gain).
   */
  performancePerDollar: number | null;
}

export interface PeriodRecord {
  period: number;
  /** Sellers active in this period (they traded in it). */
  activeSellers: number;
  /** Mean `θ` of the active sellers; null when none is left. */
  meanQuality: number | null;
  /** Whether Algorithm 1 converged; a cycle is recorded, never hidden (MODEL §6). */
  converged: boolean;
  rounds: number;
  /** Where Algorithm 1's sweeps became periodic, when they did (theory/algorithm1.ts); null otherwise. */
  cycle: SweepCycle | null;
  /** Mean cumulative profit over every seller who has been in the market, those who left included. */
  averageCumulativeProfit: number;
  /** Every active seller's row; empty when the config's `records` is `aggregates`. */
  sellers: SellerPeriod[];
  /** Every buyer's row; with `records: aggregates` its `bought` list is empty (its totals stay). */
  buyers: BuyerPeriod[];
}

export interface GroupRun {
  group: Group;
  periods: PeriodRecord[];
  /** Periods in which Algorithm 1 did not converge. */
  unconvergedPeriods: number;
}

/** What `simulate` writes as `records.json`: the config and seed that made it, and every group's periods. */
export interface RunRecord {
  config: Config;
  /** The config file, relative to the working directory, or null when the config came from code. */
  configPath: string | null;
  seed: number;
  /** Every seller who was ever in the market, in id order. */
  sellers: SyntheticSeller[];
  /** The learned source's run-wide numbers (MODEL §7); null with `synthetic` and `import`. */
  learning: LearningRecord | null;
  groups: GroupRun[];
}

export interface LearningRecord {
  /** Test accuracy of the buyers' common starting model (their seed examples). */
  startAccuracy: number;
  /** Accuracy per unit of the valuation method's raw score, fixed at period 1 (experiments/learned/learnedValuation.ts). */
  scale: number;
  /** `λ_b` of every buyer, dollars per unit of accuracy: the config's, or the money rule's (`valuation.calibration`). */
  worth: number[];
  /** The money rule's `ḡ`, a clean batch's mean period-1 gain in validation expected accuracy; null without the rule. */
  cleanBatchGain: number | null;
}
