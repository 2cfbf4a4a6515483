import type { Config } from "../experiments/config.js";
import { MWP_MODES, type MwpMode } from "../theory/algorithm1.js";
import { UsageError } from "./errors.js";

/**
 * The config with `--mwp MODE` applied over its `algorithm1.mwp`; the config as it is without the flag.
 *
 * @throws UsageError naming `--mwp` and the value when it is not `exact` or `fractional`.
 */
export function withMwpMode(config: Config, flag: string | undefined): Config {
  if (flag === undefined) return config;
  if (!(MWP_MODES as ReadonlyArray<string>).includes(flag)) throw new UsageError(`--mwp must be ${MWP_MODES.join(" or ")}, got ${JSON.stringify(flag)}`);
  return { ...config, algorithm1: { ...config.algorithm1, mwp: flag as MwpMode } };
}
