/**
 * The `synthetic` valuation source (MODEL §7): sellers in quality tiers, and each period's valuation
 * scores drawn around the seller's tier quality with noise and diminishing returns over time.
 */
import { fromUnits, toUnits } from "../theory/money.js";
import type { Config } from "./config.js";
import { normal, stream } from "./random.js";

/** A seller of the simulation: `θ_j` and `c_j` (MODEL §1). */
export interface SyntheticSeller {
  id: string;
  tier: string;
  /** `θ_j`, the mean valuation score of its datasets. */
  quality: number;
  /** `c_j` (see `sellerCost`), in the currency. */
  cost: number;
  /** First period it is in the market (1 unless it entered later). */
  entered: number;
}

/**
 * `c_j` in the currency: `base + perQuality · θ_j`, or with the learned market's money rule
 * (`valuation.calibration`) `costShare · batchValue · θ_j / θ_max`; rounded half to even to the money
 * unit (MODEL §2).
 */
export function sellerCost(config: Config, quality: number): number {
  const decimals = config.money.decimals;
  return fromUnits(toUnits(costBeforeRounding(config, quality), decimals), decimals);
}

/** `sellerCost` before it is rounded to the money unit (which a typed amount must survive). */
export function costBeforeRounding(config: Config, quality: number): number {
  const rule = config.valuation.source === "learned" ? config.valuation.calibration : undefined;
  const { base, perQuality } = config.sellers.cost;
  const best = Math.max(...config.sellers.tiers.map((tier) => tier.quality));
  return rule === undefined ? base + perQuality * quality : (rule.costShare * rule.batchValue * quality) / best;
}

function sellerOf(config: Config, tierIndex: number, number: number, entered: number): SyntheticSeller {
  const tier = config.sellers.tiers[tierIndex];
  return { id: `S${number}`, tier: tier.name, quality: tier.quality, cost: sellerCost(config, tier.quality), entered };
}

/**
 * The sellers present at period 1, numbered `S1, S2, …` tier by tier in config order (best tier first, as
 * the configs list them).
 *
 * @example initialSellers(config).map((s) => s.id) // => ["S1", "S2", …]
 */
export function initialSellers(config: Config): SyntheticSeller[] {
  const sellers: SyntheticSeller[] = [];
  config.sellers.tiers.forEach((tier, t) => {
    for (let k = 0; k < tier.count; k += 1) sellers.push(sellerOf(config, t, sellers.length + 1, 1));
  });
  return sellers;
}

/**
 * The seller who enters at `period`, or null (MODEL §5: entry is an option, off by default). Entry draws
 * come from the stream (seed, "entry", period), shared by every group, so all groups see the same
 * entrants; the tier is drawn with probability proportional to its initial size.
 */
export function entrant(config: Config, seed: number, period: number, number: number): SyntheticSeller | null {
  if (config.entry.probability === 0) return null;
  const u = stream(seed, "entry", period);
  if (!(u() < config.entry.probability)) return null;
  const total = config.sellers.tiers.reduce((sum, tier) => sum + tier.count, 0);
  let pick = u() * total;
  const index = config.sellers.tiers.findIndex((tier) => (pick -= tier.count) < 0);
  return sellerOf(config, index === -1 ? config.sellers.tiers.length - 1 : index, number, period);
}

/**
 * Valuation score `v_{bj,t} ≥ 0` of seller j's period-t dataset to buyer b (MODEL §7, `synthetic`):
 * `θ_j · max(0, 1 + noise · Z) / (1 + decay · (t − 1))`, Z standard normal from the stream
 * (seed, "value", buyer, seller, period). The stream ignores the pricing group, so every group of a run
 * values the same datasets identically (common random numbers: group differences are the policy's).
 *
 * @example syntheticScore(config, 1, "B1", seller, 1) // => about seller.quality
 * @throws Error when the config's valuation source is not `synthetic` (a programming error: it has no noise or decay).
 */
export function syntheticScore(config: Config, seed: number, buyerId: string, seller: SyntheticSeller, period: number): number {
  if (config.valuation.source !== "synthetic") throw new Error(`syntheticScore: the config's valuation source is ${config.valuation.source}, not synthetic`);
  const { noise, decay } = config.valuation;
  const z = normal(stream(seed, "value", buyerId, seller.id, period));
  return (seller.quality * Math.max(0, 1 + noise * z)) / (1 + decay * (period - 1));
}
