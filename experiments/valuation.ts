/**
 * The pluggable valuation source of MODEL §7: where Algorithm 2 takes each period's scores `v_{bj,t}` from.
 * `synthetic` draws them (experiments/synthetic.ts); `import` reads them from a file
 * (experiments/valuationImport.ts); `learned` trains a model per buyer and values each dataset with a
 * data-valuation method (experiments/learned/).
 */
import { dirname, isAbsolute, join } from "node:path";
import type { Config } from "./config.js";
import { learnedSource, learnedSourceDigest, type LearnedSource } from "./learned/learnedValuation.js";
import { syntheticScore, type SyntheticSeller } from "./synthetic.js";
import { readValuationImport, type ValuationTable } from "./valuationImport.js";

/**
 * Valuation score `v_{bj,t} ≥ 0` of seller j's period-t dataset to buyer b under the run's seed; the money
 * value is `V = λ_b · v` (MODEL §1). It ignores the pricing group, so every group values the same datasets.
 */
export type ValuationSource = (seed: number, buyerId: string, seller: SyntheticSeller, period: number) => number;

/**
 * The `synthetic` source of a config: syntheticScore under each run's seed.
 *
 * @throws Error when the config's source is not `synthetic` (a programming error: an imported valuation
 * must be loaded, with loadValuation, and passed in).
 */
export function syntheticValuation(config: Config): ValuationSource {
  if (config.valuation.source !== "synthetic") {
    throw new Error(`the config's valuation source is ${config.valuation.source}: pass the scores loadValuation(config, configPath) returns`);
  }
  return (seed, buyerId, seller, period) => syntheticScore(config, seed, buyerId, seller, period);
}

/** The `import` source of a checked table: the same scores under every seed. */
export function importedValuation(table: ValuationTable): ValuationSource {
  return (_seed, buyerId, seller, period) => table.score(buyerId, seller.id, period);
}

/**
 * What Algorithm 2 values datasets with: a stateless source (`synthetic`, `import`), or the `learned`
 * source, whose scores depend on each group's purchase history.
 */
export type MarketValuation = ValuationSource | LearnedSource;

/** A config's valuation source, and what a checkpoint must know of it beyond the config. */
export interface Valuation {
  scores: MarketValuation;
  /**
   * The imported table's digest (a changed file must not reuse cells computed from the old one), the
   * learned task's data version, or null for `synthetic`.
   */
  digest: string | null;
}

/**
 * The valuation source a config names: `synthetic`; the `learned` market; or the `import` file, resolved
 * relative to the directory of `configPath` (the working directory when null), read and checked against
 * the config.
 *
 * @example loadValuation(loadConfig("run.json"), "run.json").scores(7, "B1", seller, 1) // => v of S1 to B1 in period 1
 * @throws ConfigError when the imported file cannot be read or any row is refused or missing, or a learned
 * split does not fit its task.
 */
export function loadValuation(config: Config, configPath: string | null): Valuation {
  if (config.valuation.source === "synthetic") return { scores: syntheticValuation(config), digest: null };
  if (config.valuation.source === "learned") return { scores: learnedSource(config, configPath ?? "config"), digest: learnedSourceDigest() };
  const { file } = config.valuation;
  const table = readValuationImport(isAbsolute(file) || configPath === null ? file : join(dirname(configPath), file), config);
  return { scores: importedValuation(table), digest: table.digest };
}
