/**
 * The usage line of every command, for `--help` and an unknown command: kept here, apart from the
 * commands, so that printing them loads no command (cli/main.ts imports a command's module only to run
 * it). Each line is the one its command module exports as `*_USAGE`; test/cli.test.ts holds them equal.
 */
export const COMMAND_USAGE = {
  "verify-lemmas": "verify-lemmas [--runs N] [--seed S] [--only L2,L4] [--json FILE] [--out DIR]",
  solve: "solve FILE   (FILE is a market instance as JSON; - reads standard input)",
  horizon: "horizon --V v --pstar p* --c c --p p --delta δ --rho SPEC [--T 1,2,5,10]",
  simulate: "simulate CONFIG [--seed S] [--out DIR] [--check] [--valuation import:FILE] [--mwp exact|fractional]",
  figures: "figures [--only fig3,fig4a] [--seeds N] [--out DIR] [--check] [--workers N] [--fine] [--atlas DIR]",
  sweep: "sweep SWEEP.json [--out DIR] [--check] [--workers N] [--shard I/N] [--mwp exact|fractional]",
  merge: "merge DIR [--out DIR]",
  report: "report [--figures DIR] [--lemmas FILE] [--out FILE]",
} as const;

export type CommandName = keyof typeof COMMAND_USAGE;

/** What `fairshare --help` prints: one line per command, in this order. */
export const USAGE = ["usage: npm run fairshare -- <command>", ...Object.values(COMMAND_USAGE).map((line) => `  ${line}`)].join("\n");
