import { join } from "node:path";
import { parseArgs } from "node:util";
import { simulate } from "../experiments/algorithm2.js";
import { loadConfig } from "../experiments/config.js";
import { checkRun, firstViolationLine } from "../experiments/invariants.js";
import { recordsCsv } from "../experiments/recordsCsv.js";
import { writeFileAtomic } from "./atomicWrite.js";
import { EXIT, UsageError } from "./errors.js";
import type { Io } from "./io.js";
import { parseInteger } from "./parse.js";

export const SIMULATE_USAGE = "simulate CONFIG [--seed S] [--out DIR] [--check]";

/**
 * `simulate CONFIG [--seed S] [--out DIR]`: Algorithm 2 for every group of the config under one seed
 * (the config's unless `--seed`), written to `DIR/records.json` and `DIR/records.csv` (default
 * `reports/runs/<name>-seed<S>`). Both files are validated inputs away from being written: a bad config
 * or flag writes nothing.
 *
 * `--check` checks the run against the per-period invariants (experiments/invariants.ts) before anything
 * is written: a violation is one line on stderr, exit code 1, and nothing written.
 */
export function simulateCommand(args: string[], io: Io): number {
  const { values, positionals } = parseArgs({ args, options: { seed: { type: "string" }, out: { type: "string" }, check: { type: "boolean" } }, strict: true, allowPositionals: true });
  if (positionals.length !== 1) throw new UsageError(`expects one CONFIG file, got ${positionals.length === 0 ? "none" : JSON.stringify(positionals.join(" "))}`);
  const [configPath] = positionals;
  const config = loadConfig(configPath);
  const seed = values.seed === undefined ? config.seed : parseInteger("--seed", values.seed, 0);
  if (seed > 0xffffffff) throw new UsageError(`--seed must be at most ${0xffffffff}, got ${JSON.stringify(values.seed)}`);
  const outDir = values.out ?? join("reports", "runs", `${config.name}-seed${seed}`);
  const run = simulate(config, seed, configPath);
  if (values.check === true) {
    const line = firstViolationLine(checkRun(run));
    if (line !== null) {
      io.stderr(`fairshare simulate: --check failed: ${line}\n`);
      return EXIT.checkFailed;
    }
    io.stdout(`invariants hold in ${run.groups.reduce((sum, g) => sum + g.periods.length, 0)} group-periods\n`);
  }
  writeFileAtomic(join(outDir, "records.json"), `${JSON.stringify(run)}\n`);
  writeFileAtomic(join(outDir, "records.csv"), recordsCsv(run));
  const unconverged = run.groups.reduce((sum, g) => sum + g.unconvergedPeriods, 0);
  io.stdout(`${config.name} seed ${seed}: ${config.periods} periods × ${run.groups.length} groups → ${outDir}/records.{json,csv}` +
    `${unconverged > 0 ? ` (Algorithm 1 did not converge in ${unconverged} group-periods)` : ""}\n`);
  return EXIT.ok;
}
