import { ConfigError, oneLine } from "../experiments/configFile.js";
import { CheckFailed, EXIT, UsageError } from "./errors.js";
import { Interrupted } from "./interrupt.js";
import type { Io } from "./io.js";
import { USAGE, type CommandName } from "./usage.js";

/** A command returns its exit code; commands that render or run simulations do so asynchronously. */
type Command = (args: string[], io: Io) => number | Promise<number>;

/**
 * Each command's module, imported only when that command runs: `horizon` does not load what `figures`
 * needs (vega, the learned study's data), so a small command starts in a fraction of a second.
 */
const COMMANDS: Record<CommandName, () => Promise<Command>> = {
  "verify-lemmas": async () => (await import("./verifyLemmas.js")).verifyLemmas,
  solve: async () => (await import("./solve.js")).solve,
  horizon: async () => (await import("./horizon.js")).horizon,
  report: async () => (await import("./report.js")).report,
  simulate: async () => (await import("./simulate.js")).simulateCommand,
  figures: async () => (await import("./figures.js")).figures,
  sweep: async () => (await import("./sweep.js")).sweep,
  merge: async () => (await import("./merge.js")).merge,
};

const isCommand = (name: string): name is CommandName => Object.hasOwn(COMMANDS, name);

/** node:util's parseArgs reports unknown flags with a code; they are the user's mistake, not ours. */
function isArgumentError(error: unknown): error is Error {
  return error instanceof Error && "code" in error && typeof error.code === "string" && error.code.startsWith("ERR_PARSE_ARGS");
}

/**
 * Runs one command; returns its exit code, as a promise once a command runs (its module is imported
 * then). `--help`, no command and an unknown command answer at once, loading no command. Bad input is
 * one line on stderr and exit code 2.
 */
export function main(argv: string[], io: Io): number | Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === "--help" || name === "-h") {
    io.stdout(`${USAGE}\n`);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (!isCommand(name)) {
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
  // A command that throws synchronously rejects the promise, and is refused the same way.
  return COMMANDS[name]()
    .then((command) => command(args, io))
    .catch(refuse);
}
