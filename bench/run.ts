/**
 * `npm run bench -- [--only knapsack,mwpMatrix,…] [--runs K] [--sizes 50,200] [--limit SECONDS] [--out FILE]`
 * (issue #5): times every case of bench/cases.ts, each in a child process of its own (bench/runCase.ts)
 * killed after `--limit` seconds of wall clock (default 300), writes the results to `reports/bench.json`
 * (or `--out`) and prints them as a plain-text table. Bad flags are refused with one line naming the flag
 * and its value, exit code 2, and nothing run or written.
 *
 * Why a child per case: some exact cases do not finish on a small machine at their sizes (the exact
 * Pareto frontiers reach millions of points; they run for many minutes or end in V8's "JavaScript heap
 * out of memory" abort). In a child, such a case is reported as a timeout or a crash and the suite goes
 * on. The report is rewritten (atomically) before the first case and after every case, with `complete:
 * false` until the last one has been reported, so a bench that is itself killed leaves what it finished.
 *
 * The file (`BenchReport`):
 *
 * ```text
 * { machine: { node, cpus: { count, model }, platform },   e.g. "v20.19.0", { 2, "AMD EPYC …" }, "linux-x64"
 *   date,                                                  ISO 8601, when the run started
 *   commit,                                                `git rev-parse HEAD`, null outside a checkout
 *   complete,                                              false until every selected case is reported
 *   cases: [{ name, params: { N?, M?, T?, seeds?, casesPerLemma?, maxRounds? },
 *             status,                                      "ok" | "timeout" | "crashed"
 *             runs, medianMs, minMs, maxMs,                ok only: K timed runs after one warm-up run
 *             extra: { rounds?, converged?, sellerPeriodsPerSecond?, secondsPerSeed?,
 *                      cellSecondsPerSeed?, projectedStudySeconds?,
 *                      meanAbsError?, maxAbsError?, relativeError?,
 *                      baselineMedianMs?, directMedianMs?, npmBaselineMedianMs?,
 *                      ratio?, ratioTarget?, ratioMet?, distFresh?,
 *                      highsMedianMs?, optimaEqual?, optimaTotal? },   ok only; baselineMedianMs … distFresh:
 *                                                          cliStart; ratio, ratioTarget, ratioMet and the
 *                                                          last three: knapsackVsHighs
 *             limitS,                                      timeout only: the limit it was killed at, in s
 *             error,                                       crashed only: the child's last stderr line (V8's
 *                                                          "FATAL ERROR: … JavaScript heap out of memory"),
 *                                                          or its exit code or signal
 *             target?: { maxMs, met } }] }                 met: finished and medianMs ≤ maxMs
 * ```
 */
import { execFileSync, spawnSync } from "node:child_process";
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
import { CASES, type BenchCase, type Extra } from "./cases.js";
import { DEFAULT_CASES_MODULE, type CaseReport } from "./runCase.js";

export const BENCH_USAGE = "npm run bench -- [--only knapsack,mwpMatrix,...] [--runs K] [--sizes 50,200] [--limit SECONDS] [--out FILE]";

/** `--limit` unless given: seconds of wall clock a case's child may take, start-up and preparation included. */
export const DEFAULT_LIMIT_S = 300;

/** The child's V8 heap (`--max-old-space-size`, MiB): a third of the 24 GiB machine, room for two. */
export const CHILD_HEAP_MB = 8192;

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** A child may print this much before it is killed (the result is one line; the rest is noise). */
const CHILD_MAX_BUFFER = 64 * 1024 * 1024;

interface Unfinished extends Pick<BenchCase, "name" | "params"> {
  target?: { maxMs: number; met: false };
}

/** One case's line of reports/bench.json: finished, killed at the limit, or died. */
export type CaseResult =
  | ({ status: "ok" } & CaseReport)
  | (Unfinished & { status: "timeout"; limitS: number })
  | (Unfinished & { status: "crashed"; error: string });

/** reports/bench.json (see the module comment). */
export interface BenchReport {
  machine: { node: string; cpus: { count: number; model: string }; platform: string };
  date: string;
  commit: string | null;
  complete: boolean;
  cases: CaseResult[];
}

/**
 * The cases a bench runs: the list `--only` and `--sizes` select from, the module (relative to the
 * repository root) that exports that same list as `CASES` for the children to index into, and the
 * children's heap in MiB. The tests pass a fixture suite of their own.
 */
export interface BenchSuite {
  cases: BenchCase[];
  module: string;
  heapMb: number;
}

export const DEFAULT_SUITE: BenchSuite = { cases: CASES, module: DEFAULT_CASES_MODULE, heapMb: CHILD_HEAP_MB };

interface BenchOptions {
  cases: BenchCase[];
  /** `--runs`: every case's run count; null keeps each case's own. */
  runs: number | null;
  limitS: number;
  out: string;
}

function parseBenchOptions(args: string[], all: BenchCase[]): BenchOptions {
  let values: { only?: string; runs?: string; sizes?: string; limit?: string; out?: string };
  try {
    ({ values } = parseArgs({
      args,
      options: { only: { type: "string" }, runs: { type: "string" }, sizes: { type: "string" }, limit: { type: "string" }, out: { type: "string" } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    // node:util's refusals (an unknown flag, a missing value, a positional) are the user's mistake.
    throw new UsageError(oneLine(error instanceof Error ? error.message : String(error)));
  }
  let cases = all;
  if (values.only !== undefined) {
    const names = [...new Set(all.map((c) => c.name))];
    const only = parseList("--only", values.only);
    const unknown = only.find((name) => !names.includes(name));
    if (unknown !== undefined) throw new UsageError(`--only: unknown case ${JSON.stringify(unknown)} (known: ${names.join(", ")})`);
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
    // At most a day: far beyond any case, and well inside what a timer can hold.
    limitS: values.limit === undefined ? DEFAULT_LIMIT_S : parseInteger("--limit", values.limit, 1, 86_400),
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

/**
 * The line of a dead child's stderr that says why: V8's "FATAL ERROR: …" line when there is one (it is
 * followed by a native stack trace), else the last line that is not blank, a stack frame ("    at …") or
 * Node's closing "Node.js v20…"; null when there is none.
 */
export function crashLine(stderr: string): string | null {
  const lines = stderr.split("\n").map((line) => line.trim());
  const fatal = lines.find((line) => line.startsWith("FATAL ERROR:"));
  if (fatal !== undefined) return fatal;
  return lines.reverse().find((line) => line !== "" && !line.startsWith("at ") && !/^Node\.js v\d/.test(line)) ?? null;
}

/**
 * Runs `suite.cases[index]` in a child (`node --max-old-space-size=… --import tsx bench/runCase.ts`, from
 * the repository root) and waits at most `limitS` seconds for it, then SIGKILLs it.
 */
export function runCaseInChild(suite: BenchSuite, index: number, runs: number, limitS: number): CaseResult {
  const { name, params, target } = suite.cases[index];
  const unfinished: Unfinished = { name, params };
  if (target !== undefined) unfinished.target = { maxMs: target.maxMs, met: false };
  const childArgs = ["--case", String(index), "--runs", String(runs), "--cases", suite.module];
  const child = spawnSync(process.execPath, [`--max-old-space-size=${suite.heapMb}`, "--import", "tsx", "bench/runCase.ts", ...childArgs], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: limitS * 1000,
    killSignal: "SIGKILL",
    maxBuffer: CHILD_MAX_BUFFER,
  });
  const errorCode = (child.error as NodeJS.ErrnoException | undefined)?.code;
  if (errorCode === "ETIMEDOUT") return { ...unfinished, status: "timeout", limitS };
  const crashed = (error: string): CaseResult => ({ ...unfinished, status: "crashed", error });
  if (child.error !== undefined) return crashed(oneLine(child.error.message)); // e.g. ENOBUFS: it printed more than maxBuffer
  if (child.status !== 0) return crashed(crashLine(child.stderr) ?? (child.signal !== null ? `killed by ${child.signal}` : `exited with code ${child.status}`));
  const last = child.stdout.trimEnd().split("\n").at(-1) ?? "";
  try {
    const { name: _, params: __, ...report } = JSON.parse(last) as CaseReport;
    return { name, params, status: "ok", ...report };
  } catch {
    return crashed(`exited with 0 but printed no result (last line: ${JSON.stringify(last.slice(0, 200))})`);
  }
}

const formatParams = (params: Record<string, number>): string => Object.entries(params).map(([key, value]) => `${key}=${value}`).join(" ");

const formatMs = (ms: number): string => ms.toFixed(ms < 10 ? 2 : ms < 100 ? 1 : 0);

function formatExtra(extra: Extra): string {
  // A table of numbers (the learned study's seconds per cell) is too wide for a column: its size and largest entry stand for it.
  const shown = (value: unknown): string => {
    if (typeof value !== "object" || value === null) return String(value);
    const entries = Object.entries(value as Record<string, number>);
    const [key, most] = entries.reduce((a, b) => (b[1] > a[1] ? b : a), entries[0] ?? ["—", 0]);
    return `${entries.length} entries, largest ${key} ${most}`;
  };
  const cells = Object.entries(extra).map(([key, value]) => `${key}=${shown(value)}`);
  return cells.length === 0 ? "—" : cells.join(" ");
}

/** "met", or "MISSED by X%" with X how far the median is over the target. */
export function targetVerdict(medianMs: number, target: { maxMs: number } | undefined): string {
  if (target === undefined) return "—";
  if (medianMs <= target.maxMs) return "met";
  const over = ((medianMs - target.maxMs) / target.maxMs) * 100;
  return `MISSED by ${over.toFixed(over < 10 ? 1 : 0)}%`;
}

/** The table's status cell: "ok", "timeout (300 s)", or "crashed: heap out of memory" (or the child's line, cut short). */
export function statusCell(c: CaseResult): string {
  if (c.status === "ok") return "ok";
  if (c.status === "timeout") return `timeout (${c.limitS} s)`;
  if (/heap out of memory/i.test(c.error)) return "crashed: heap out of memory";
  return `crashed: ${c.error.length > 60 ? `${c.error.slice(0, 59)}…` : c.error}`;
}

/** The verdict cell: `targetVerdict` for a finished case; an unfinished one with a target missed it. */
export function caseVerdict(c: CaseResult): string {
  if (c.status === "ok") return targetVerdict(c.medianMs, c.target);
  if (c.target === undefined) return "—";
  return c.status === "timeout" ? `MISSED: did not finish in ${c.limitS} s` : "MISSED: crashed";
}

/** The printed table: fixed-width columns, one case a row; an unfinished case has no timings. */
export function formatBenchTable(cases: ReadonlyArray<CaseResult>): string {
  const header = ["case", "params", "status", "runs", "median ms", "min ms", "max ms", "extra", "target", "verdict"];
  const rows = cases.map((c) => [
    c.name,
    formatParams(c.params),
    statusCell(c),
    ...(c.status === "ok" ? [String(c.runs), formatMs(c.medianMs), formatMs(c.minMs), formatMs(c.maxMs), formatExtra(c.extra)] : ["—", "—", "—", "—", "—"]),
    c.target === undefined ? "—" : `≤ ${c.target.maxMs} ms`,
    caseVerdict(c),
  ]);
  return formatTextTable(header, rows);
}

/**
 * Runs the selected cases one after the other, each in a child (`runCaseInChild`), rewrites the report
 * atomically (cli/atomicWrite.ts) before the first and after every case, and prints the table at the end;
 * progress goes to stderr. Returns the exit code: 0 (also for `--help`, which prints the usage, and when
 * cases timed out or crashed: they are results), or 2 for bad flags.
 */
export function bench(args: string[], io: Io, suite: BenchSuite = DEFAULT_SUITE): number {
  if (args.length === 1 && (args[0] === "--help" || args[0] === "-h")) {
    io.stdout(`usage: ${BENCH_USAGE}\n`);
    return EXIT.ok;
  }
  let options: BenchOptions;
  try {
    options = parseBenchOptions(args, suite.cases);
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
    complete: options.cases.length === 0,
    cases: [],
  };
  const write = () => writeFileAtomic(options.out, `${JSON.stringify(report, null, 2)}\n`);
  write();
  for (const benchCase of options.cases) {
    const runs = options.runs ?? benchCase.runs;
    const label = [benchCase.name, formatParams(benchCase.params)].filter((part) => part !== "").join(" ");
    io.stderr(`bench: ${label}, warm-up + ${runs} run${runs === 1 ? "" : "s"} (limit ${options.limitS} s)\n`);
    const result = runCaseInChild(suite, suite.cases.indexOf(benchCase), runs, options.limitS);
    if (result.status !== "ok") io.stderr(`bench: ${label}: ${statusCell(result)}\n`);
    report.cases.push(result);
    report.complete = report.cases.length === options.cases.length;
    write();
  }
  io.stdout(`${formatBenchTable(report.cases)}\n\nwrote ${options.out}\n`);
  return EXIT.ok;
}

// Run as a script (`tsx bench/run.ts`), not when the tests import it.
if (process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = bench(process.argv.slice(2), processIo);
}
