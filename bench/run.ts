/**
 * `npm run bench -- [--only knapsack,mwpMatrix,…] [--runs K] [--sizes 50,200] [--out FILE]` (issue #5):
 * times every case of bench/cases.ts, writes the results to `reports/bench.json` (or `--out`) and prints
 * them as a plain-text table. Bad flags are refused with one line naming the flag and its value, exit
 * code 2, and nothing run or written.
 *
 * The file (`BenchReport`):
 *
 * ```text
 * { machine: { node, cpus: { count, model }, platform },   e.g. "v20.19.0", { 2, "AMD EPYC …" }, "linux-x64"
 *   date,                                                  ISO 8601, when the run started
 *   commit,                                                `git rev-parse HEAD`, null outside a checkout
 *   cases: [{ name, params: { N?, M?, T?, seeds?, casesPerLemma? },
 *             runs, medianMs, minMs, maxMs,               K timed runs after one warm-up run
 *             extra: { rounds?, converged?, sellerPeriodsPerSecond?, secondsPerSeed? },
 *             target?: { maxMs, met } }] }                met: medianMs ≤ maxMs
 * ```
 */
import { execFileSync } from "node:child_process";
import { realpathSync } from "node:fs";
import { cpus } from "node:os";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { writeFileAtomic } from "../cli/atomicWrite.js";
import { EXIT, UsageError } from "../cli/errors.js";
import { processIo, type Io } from "../cli/io.js";
import { parseInteger, parseList } from "../cli/parse.js";
import { formatTextTable } from "../cli/textTable.js";
import { oneLine } from "../experiments/configFile.js";
import { CASE_NAMES, CASES, type BenchCase, type Extra } from "./cases.js";
import { time, type Summary } from "./timing.js";

export const BENCH_USAGE = "npm run bench -- [--only knapsack,mwpMatrix,...] [--runs K] [--sizes 50,200] [--out FILE]";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** One case's line of reports/bench.json: its name and sizes, the timing summary, what else it reports. */
export interface CaseReport extends Pick<BenchCase, "name" | "params">, Summary {
  extra: Extra;
  target?: { maxMs: number; met: boolean };
}

/** reports/bench.json (see the module comment). */
export interface BenchReport {
  machine: { node: string; cpus: { count: number; model: string }; platform: string };
  date: string;
  commit: string | null;
  cases: CaseReport[];
}

interface BenchOptions {
  cases: BenchCase[];
  /** `--runs`: every case's run count; null keeps each case's own. */
  runs: number | null;
  out: string;
}

function parseBenchOptions(args: string[]): BenchOptions {
  let values: { only?: string; runs?: string; sizes?: string; out?: string };
  try {
    ({ values } = parseArgs({
      args,
      options: { only: { type: "string" }, runs: { type: "string" }, sizes: { type: "string" }, out: { type: "string" } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    // node:util's refusals (an unknown flag, a missing value, a positional) are the user's mistake.
    throw new UsageError(oneLine(error instanceof Error ? error.message : String(error)));
  }
  let cases = CASES;
  if (values.only !== undefined) {
    const only = parseList("--only", values.only);
    const unknown = only.find((name) => !CASE_NAMES.includes(name));
    if (unknown !== undefined) throw new UsageError(`--only: unknown case ${JSON.stringify(unknown)} (known: ${CASE_NAMES.join(", ")})`);
    cases = cases.filter((c) => only.includes(c.name));
  }
  if (values.sizes !== undefined) {
    const sizes = parseList("--sizes", values.sizes).map((size) => parseInteger("--sizes", size, 1));
    const known = [...new Set(cases.flatMap((c) => (c.params.N === undefined ? [] : [c.params.N])))];
    const missing = sizes.find((size) => !known.includes(size));
    if (missing !== undefined) throw new UsageError(`--sizes: no selected case has N = ${missing} (they have N = ${known.join(", ") || "none"})`);
    cases = cases.filter((c) => c.params.N === undefined || sizes.includes(c.params.N));
  }
  if (values.out === "") throw new UsageError('--out must name a file, got ""');
  return {
    cases,
    runs: values.runs === undefined ? null : parseInteger("--runs", values.runs, 1),
    out: values.out ?? "reports/bench.json",
  };
}

/** The checkout's commit, or null when git or the checkout is missing. */
function headCommit(): string | null {
  try {
    return execFileSync("git", ["rev-parse", "HEAD"], { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return null;
  }
}

const roundTo = (x: number, digits: number): number => Number(x.toFixed(digits));

/** Times one case: `runs` timed runs after a warm-up. */
export function runCase(benchCase: BenchCase, runs: number): CaseReport {
  const prepared = benchCase.prepare();
  const { summary } = time(() => prepared.run(), runs);
  const report: CaseReport = {
    name: benchCase.name,
    params: benchCase.params,
    runs: summary.runs,
    medianMs: roundTo(summary.medianMs, 3),
    minMs: roundTo(summary.minMs, 3),
    maxMs: roundTo(summary.maxMs, 3),
    extra: prepared.extra?.(summary) ?? {},
  };
  if (benchCase.target !== undefined) report.target = { maxMs: benchCase.target.maxMs, met: summary.medianMs <= benchCase.target.maxMs };
  return report;
}

const formatParams = (params: Record<string, number>): string => Object.entries(params).map(([key, value]) => `${key}=${value}`).join(" ");

const formatMs = (ms: number): string => ms.toFixed(ms < 10 ? 2 : ms < 100 ? 1 : 0);

function formatExtra(extra: Extra): string {
  const cells = Object.entries(extra).map(([key, value]) => `${key}=${value}`);
  return cells.length === 0 ? "—" : cells.join(" ");
}

/** "met", or "MISSED by X%" with X how far the median is over the target. */
export function targetVerdict(medianMs: number, target: { maxMs: number } | undefined): string {
  if (target === undefined) return "—";
  if (medianMs <= target.maxMs) return "met";
  const over = ((medianMs - target.maxMs) / target.maxMs) * 100;
  return `MISSED by ${over.toFixed(over < 10 ? 1 : 0)}%`;
}

/** The printed table: fixed-width columns, one case a row. */
export function formatBenchTable(cases: ReadonlyArray<CaseReport>): string {
  const header = ["case", "params", "runs", "median ms", "min ms", "max ms", "extra", "target", "verdict"];
  const rows = cases.map((c) => [
    c.name,
    formatParams(c.params),
    String(c.runs),
    formatMs(c.medianMs),
    formatMs(c.minMs),
    formatMs(c.maxMs),
    formatExtra(c.extra),
    c.target === undefined ? "—" : `≤ ${c.target.maxMs} ms`,
    targetVerdict(c.medianMs, c.target),
  ]);
  return formatTextTable(header, rows);
}

/**
 * Runs the selected cases, writes the report atomically (cli/atomicWrite.ts) and prints the table;
 * progress goes to stderr. Returns the exit code: 0 (also for `--help`, which prints the usage), or 2
 * for bad flags.
 */
export function bench(args: string[], io: Io): number {
  if (args.length === 1 && (args[0] === "--help" || args[0] === "-h")) {
    io.stdout(`usage: ${BENCH_USAGE}\n`);
    return EXIT.ok;
  }
  let options: BenchOptions;
  try {
    options = parseBenchOptions(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`bench: ${oneLine(error.message)}\n`);
    return EXIT.usage;
  }
  const report: BenchReport = {
    machine: {
      node: process.version,
      cpus: { count: cpus().length, model: cpus()[0]?.model.trim() ?? "unknown" },
      platform: `${process.platform}-${process.arch}`,
    },
    date: new Date().toISOString(),
    commit: headCommit(),
    cases: [],
  };
  for (const benchCase of options.cases) {
    const runs = options.runs ?? benchCase.runs;
    io.stderr(`bench: ${benchCase.name} ${formatParams(benchCase.params)}, warm-up + ${runs} run${runs === 1 ? "" : "s"}\n`);
    report.cases.push(runCase(benchCase, runs));
  }
  writeFileAtomic(options.out, `${JSON.stringify(report, null, 2)}\n`);
  io.stdout(`${formatBenchTable(report.cases)}\n\nwrote ${options.out}\n`);
  return EXIT.ok;
}

// Run as a script (`tsx bench/run.ts`), not when the tests import it.
if (process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = bench(process.argv.slice(2), processIo);
}
