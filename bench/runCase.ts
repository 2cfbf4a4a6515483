/**
 * One benchmark case, timed in a process of its own: the child that `npm run bench` (bench/run.ts) starts
 * for every case, so that a case which runs for hours or runs out of memory can be killed or can die
 * without taking the rest of the suite with it.
 *
 * `node --import tsx bench/runCase.ts --case I --runs K [--cases FILE]`, from the repository root:
 * prepares case I (0-based) of the `CASES` list that FILE exports (bench/cases.ts unless given; the
 * tests point it at a fixture of their own), does the warm-up and the K timed runs (bench/timing.ts) and
 * prints one line of JSON, the case's `CaseReport`, to stdout. Exit code 0; 2 for bad flags or a case
 * index out of range; 1, with one line on stderr, when the case throws.
 */
import { realpathSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { EXIT, UsageError } from "../cli/errors.js";
import { parseInteger } from "../cli/parse.js";
import { oneLine } from "../experiments/configFile.js";
import type { BenchCase, Extra } from "./cases.js";
import { time, type Summary } from "./timing.js";

/** The module whose `CASES` the child indexes into unless `--cases` names another (relative to the root). */
export const DEFAULT_CASES_MODULE = "bench/cases.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** One finished case: its name and sizes, the timing summary, what else it reports, its target. */
export interface CaseReport extends Pick<BenchCase, "name" | "params">, Summary {
  extra: Extra;
  target?: { maxMs: number; met: boolean };
}

const roundTo = (x: number, digits: number): number => Number(x.toFixed(digits));

/** Times one case in this process: `runs` timed runs after a warm-up. */
export function runCase(benchCase: BenchCase, runs: number): CaseReport {
  const prepared = benchCase.prepare();
  const summary = prepared.measure?.(runs) ?? time(() => prepared.run(), runs).summary;
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

async function main(args: string[]): Promise<number> {
  let benchCase: BenchCase;
  let runs: number;
  try {
    let values: { case?: string; runs?: string; cases?: string };
    try {
      ({ values } = parseArgs({ args, options: { case: { type: "string" }, runs: { type: "string" }, cases: { type: "string" } }, strict: true, allowPositionals: false }));
    } catch (error) {
      throw new UsageError(oneLine(error instanceof Error ? error.message : String(error)));
    }
    if (values.case === undefined) throw new UsageError("--case is required");
    if (values.runs === undefined) throw new UsageError("--runs is required");
    const module = values.cases ?? DEFAULT_CASES_MODULE;
    const { CASES } = (await import(pathToFileURL(resolve(ROOT, module)).href)) as { CASES?: BenchCase[] };
    if (!Array.isArray(CASES)) throw new UsageError(`--cases: ${module} exports no CASES list`);
    benchCase = CASES[parseInteger("--case", values.case, 0, CASES.length - 1)];
    runs = parseInteger("--runs", values.runs, 1);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`runCase: ${oneLine(error.message)}\n`);
    return EXIT.usage;
  }
  let report: CaseReport;
  try {
    report = runCase(benchCase, runs);
  } catch (error) {
    // One line, so that the parent's "last line of stderr" is the error and not a stack frame.
    process.stderr.write(`runCase: ${benchCase.name} threw ${oneLine(error instanceof Error ? `${error.name}: ${error.message}` : String(error))}\n`);
    return EXIT.checkFailed;
  }
  process.stdout.write(`${JSON.stringify(report)}\n`);
  return EXIT.ok;
}

// Run as a script (`node --import tsx bench/runCase.ts`), not when bench/run.ts or the tests import it.
if (process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
