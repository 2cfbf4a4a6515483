import { dirname, join, relative } from "node:path";
import { parseArgs } from "node:util";
import { simulate } from "../experiments/algorithm2.js";
import { loadConfig, type Config } from "../experiments/config.js";
import { recordsCsv } from "../experiments/recordsCsv.js";
import { loadValuation, type MarketValuation } from "../experiments/valuation.js";
import { writeFileAtomic } from "./atomicWrite.js";
import { EXIT, UsageError } from "./errors.js";
import { requireInvariants } from "./invariantCheck.js";
import type { Io } from "./io.js";
import { withMwpMode } from "./mwpFlag.js";
import { parseInteger } from "./parse.js";

export const SIMULATE_USAGE = "simulate CONFIG [--seed S] [--out DIR] [--check] [--valuation import:FILE] [--mwp exact|fractional]";

/**
 * `simulate CONFIG [--seed S] [--out DIR] [--check] [--valuation import:FILE] [--mwp exact|fractional]`: Algorithm 2 for every group
 * of the config under one seed (the config's unless `--seed`), written to `DIR/records.json` and `DIR/records.csv`
 * (default `reports/runs/<name>-seed<S>`). `--valuation import:FILE` takes the scores from FILE (relative to
 * the working directory) instead of the config's valuation source. Both files are validated inputs away from
 * being written: a bad config, flag or imported file writes nothing.
 *
 * `--check` checks the run against the per-period invariants (experiments/invariants.ts) before anything
 * is written: a violation is one line on stderr, exit code 1, and nothing written.
 */
export function simulateCommand(args: string[], io: Io): number {
  const { values, positionals } = parseArgs({ args, options: { seed: { type: "string" }, out: { type: "string" }, check: { type: "boolean" }, valuation: { type: "string" }, mwp: { type: "string" } }, strict: true, allowPositionals: true });
  if (positionals.length !== 1) throw new UsageError(`expects one CONFIG file, got ${positionals.length === 0 ? "none" : JSON.stringify(positionals.join(" "))}`);
  const [configPath] = positionals;
  const { config, scores } = valuationOf(withMwpMode(loadConfig(configPath), values.mwp), configPath, values.valuation);
  const seed = values.seed === undefined ? config.seed : parseInteger("--seed", values.seed, 0);
  if (seed > 0xffffffff) throw new UsageError(`--seed must be at most ${0xffffffff}, got ${JSON.stringify(values.seed)}`);
  const outDir = values.out ?? join("reports", "runs", `${config.name}-seed${seed}`);
  const run = simulate(config, seed, configPath, scores);
  if (values.check === true) {
    requireInvariants(run);
    io.stdout(`invariants hold in ${run.groups.reduce((sum, g) => sum + g.periods.length, 0)} group-periods\n`);
  }
  writeFileAtomic(join(outDir, "records.json"), `${JSON.stringify(run)}\n`);
  writeFileAtomic(join(outDir, "records.csv"), recordsCsv(run));
  const unconverged = run.groups.reduce((sum, g) => sum + g.unconvergedPeriods, 0);
  io.stdout(`${config.name} seed ${seed}: ${config.periods} periods × ${run.groups.length} groups → ${outDir}/records.{json,csv}` +
    `${unconverged > 0 ? ` (Algorithm 1 did not converge in ${unconverged} group-periods)` : ""}\n`);
  return EXIT.ok;
}

/**
 * The config and its scores: the config's own valuation source, or with `--valuation import:FILE` the file
 * read and checked now (before anything runs), the config then recording `{source: "import", file}` with
 * FILE relative to the config's directory, as a config file would name it.
 */
function valuationOf(loaded: Config, configPath: string, flag: string | undefined): { config: Config; scores: MarketValuation } {
  if (flag === undefined) return { config: loaded, scores: loadValuation(loaded, configPath).scores };
  const file = flag.startsWith("import:") ? flag.slice("import:".length) : "";
  if (file === "") throw new UsageError(`--valuation must be import:FILE, got ${JSON.stringify(flag)}`);
  const config: Config = { ...loaded, valuation: { source: "import", file: relative(dirname(configPath), file) } };
  return { config, scores: loadValuation(config, configPath).scores };
}
