import { parseArgs } from "node:util";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { LEMMA_IDS, type LemmaId } from "../theory/lemma.js";
import { LEMMAS } from "../theory/lemmas.js";
import { runLemma } from "../theory/runLemma.js";
import { writeFileAtomic } from "./atomicWrite.js";
import { EXIT, UsageError } from "./errors.js";
import type { Io } from "./io.js";
import { formatMarkdown, formatTable, reportPasses, rowOf, type LemmaReport } from "./lemmaReport.js";
import { parseInteger, parseList } from "./parse.js";

/** At least 1000 cases a lemma by default (issue #2). */
export const DEFAULT_RUNS = 1000;
export const DEFAULT_SEED = 20251;

export const VERIFY_USAGE = "verify-lemmas [--runs N] [--seed S] [--only L2,L4] [--json FILE] [--out DIR]";

interface VerifyOptions {
  runs: number;
  seed: number;
  only: ReadonlySet<LemmaId> | null;
  json: string | null;
  outDir: string;
}

function parseVerifyOptions(args: string[]): VerifyOptions {
  const { values } = parseArgs({
    args,
    options: {
      runs: { type: "string" },
      seed: { type: "string" },
      only: { type: "string" },
      json: { type: "string" },
      out: { type: "string" },
    },
    strict: true,
    allowPositionals: false,
  });
  let only: Set<LemmaId> | null = null;
  if (values.only !== undefined) {
    only = new Set();
    for (const id of parseList("--only", values.only)) {
      const known = LEMMA_IDS.find((candidate) => candidate.toLowerCase() === id.toLowerCase());
      if (known === undefined) throw new UsageError(`--only: unknown lemma id ${JSON.stringify(id)} (known: ${LEMMA_IDS.join(", ")})`);
      only.add(known);
    }
  }
  // fast-check seeds are 32-bit integers.
  const seed = values.seed === undefined ? DEFAULT_SEED : parseInteger("--seed", values.seed, 0);
  if (seed > 0xffffffff) throw new UsageError(`--seed must be at most ${0xffffffff}, got ${JSON.stringify(values.seed)}`);
  return {
    runs: values.runs === undefined ? DEFAULT_RUNS : parseInteger("--runs", values.runs, 1),
    seed,
    only,
    json: values.json ?? null,
    outDir: values.out ?? "reports",
  };
}

/** Runs the lemma checks, prints the table, writes the JSON and Markdown reports; 0 only if all pass. */
export function verifyLemmas(args: string[], io: Io): number {
  const options = parseVerifyOptions(args);
  const selected = LEMMAS.filter((entry) => options.only === null || options.only.has(entry.lemma.id));
  const report: LemmaReport = { seed: options.seed, runs: options.runs, lemmas: [] };
  for (const entry of selected) {
    if (entry.kind === "unreconstructed") {
      report.lemmas.push(rowOf(entry, null, 0));
      continue;
    }
    const started = performance.now();
    const outcome = runLemma(entry.lemma, { runs: options.runs, seed: options.seed });
    report.lemmas.push(rowOf(entry, outcome, performance.now() - started));
  }

  const json = `${JSON.stringify(report, null, 2)}\n`;
  writeFileAtomic(join(options.outDir, "lemmas.json"), json);
  writeFileAtomic(join(options.outDir, "lemmas.md"), formatMarkdown(report, selected));
  if (options.json !== null) writeFileAtomic(options.json, json);

  io.stdout(`${formatTable(report)}\n`);
  const passes = reportPasses(report);
  for (const row of report.lemmas) {
    if (row.holds === false) io.stdout(`\n${row.id} FAILS on ${row.failures} of ${row.cases} cases; shrunk counterexample:\n${JSON.stringify(row.counterexample)}\n`);
    if (row.negativeControl !== null && !row.negativeControl.detected) {
      const why = row.negativeControl.error === null ? "no counterexample turned up" : `its check threw: ${row.negativeControl.error}`;
      io.stdout(`\n${row.id} negative control (drops ${row.negativeControl.drops}) found nothing: ${why}\n`);
    }
  }
  return passes ? EXIT.ok : EXIT.checkFailed;
}
