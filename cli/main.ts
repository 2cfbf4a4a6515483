import { ConfigError, oneLine } from "../experiments/configFile.js";
import { CheckFailed, EXIT, UsageError } from "./errors.js";
import { figures, FIGURES_USAGE } from "./figures.js";
import { horizon, HORIZON_USAGE } from "./horizon.js";
import { Interrupted } from "./interrupt.js";
import type { Io } from "./io.js";
import { merge, MERGE_USAGE } from "./merge.js";
import { report, REPORT_USAGE } from "./report.js";
import { simulateCommand, SIMULATE_USAGE } from "./simulate.js";
import { solve, SOLVE_USAGE } from "./solve.js";
import { sweep, SWEEP_USAGE } from "./sweep.js";
import { verifyLemmas, VERIFY_USAGE } from "./verifyLemmas.js";

/** A command returns its exit code; commands that render or run simulations do so asynchronously. */
type Command = (args: string[], io: Io) => number | Promise<number>;

const COMMANDS: Record<string, Command> = {
  "verify-lemmas": verifyLemmas,
  solve,
  horizon,
  report,
  simulate: simulateCommand,
  figures,
  sweep,
  merge,
};

const USAGE = [
  "usage: npm run fairshare -- <command>",
  `  ${VERIFY_USAGE}`,
  `  ${SOLVE_USAGE}`,
  `  ${HORIZON_USAGE}`,
  `  ${SIMULATE_USAGE}`,
  `  ${FIGURES_USAGE}`,
  `  ${SWEEP_USAGE}`,
  `  ${MERGE_USAGE}`,
  `  ${REPORT_USAGE}`,
].join("\n");

/** node:util's parseArgs reports unknown flags with a code; they are the user's mistake, not ours. */
function isArgumentError(error: unknown): error is Error {
  return error instanceof Error && "code" in error && typeof error.code === "string" && error.code.startsWith("ERR_PARSE_ARGS");
}

/**
 * Runs one command; returns its exit code (a promise for asynchronous commands). Bad input is one line
 * on stderr and exit code 2.
 */
export function main(argv: string[], io: Io): number | Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === "--help" || name === "-h") {
    io.stdout(`${USAGE}\n`);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    io.stderr(`fairshare: unknown command ${JSON.stringify(name)}\n${USAGE}\n`);
    return EXIT.usage;
  }
  const refuse = (error: unknown): number => {
    // A config file that fails to read or validate is the user's input too (experiments/configFile.ts).
    if (error instanceof UsageError || error instanceof ConfigError || isArgumentError(error)) {
      // node:util's parseArgs explains some refusals over several lines; the contract is one line.
      io.stderr(`fairshare ${name}: ${oneLine(error.message)}\n`);
      return EXIT.usage;
    }
    if (error instanceof CheckFailed) {
      io.stderr(`fairshare ${name}: --check failed: ${oneLine(error.message)}\n`);
      return EXIT.checkFailed;
    }
    if (error instanceof Interrupted) {
      io.stderr(`fairshare ${name}: ${error.message}; finished cells are checkpointed, run the same command again to resume\n`);
      return error.exitCode;
    }
    throw error;
  };
  try {
    const code = command(args, io);
    return typeof code === "number" ? code : code.catch(refuse);
  } catch (error) {
    return refuse(error);
  }
}

