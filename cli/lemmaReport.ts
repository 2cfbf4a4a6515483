import type { LemmaOutcome } from "../theory/runLemma.js";
import type { ReportedLemma } from "../theory/lemmas.js";
import { formatTextTable } from "./textTable.js";

/** One row of `reports/lemmas.json` (the shape is fixed by issue #2). */
export interface LemmaRow {
  id: string;
  title: string;
  statement: string;
  cases: number;
  failures: number;
  /** null for a lemma that is not reconstructed (L5). */
  holds: boolean | null;
  worstSlack: number | null;
  negativeControl: {
    drops: string;
    detected: boolean;
    counterexample: unknown;
    witness: unknown;
    error: string | null;
  } | null;
  counterexample?: unknown;
  note?: string;
  ms: number;
}

export interface LemmaReport {
  seed: number;
  runs: number;
  lemmas: LemmaRow[];
}

/** JSON has no Infinity or NaN: a non-finite slack is reported as null, never as a number. */
function finiteOrNull(x: number | null): number | null {
  return x !== null && Number.isFinite(x) ? x : null;
}

export function rowOf(reported: ReportedLemma, outcome: LemmaOutcome | null, ms: number): LemmaRow {
  if (reported.kind === "unreconstructed" || outcome === null) {
    return {
      id: reported.lemma.id,
      title: reported.lemma.title,
      statement: "",
      cases: 0,
      failures: 0,
      holds: null,
      worstSlack: null,
      negativeControl: null,
      note: reported.kind === "unreconstructed" ? reported.lemma.reason : "not run",
      ms: 0,
    };
  }
  const control = outcome.negativeControl;
  return {
    id: outcome.id,
    title: outcome.title,
    statement: reported.lemma.formula,
    cases: outcome.cases,
    failures: outcome.failures,
    holds: outcome.holds,
    worstSlack: finiteOrNull(outcome.worstSlack),
    negativeControl: {
      drops: control.drops,
      detected: control.detected,
      counterexample: control.counterexample,
      witness: control.witness,
      error: control.error,
    },
    ...(outcome.failures > 0 ? { counterexample: { instance: outcome.counterexample, witness: outcome.failureWitness } } : {}),
    ms: Math.round(ms),
  };
}

/** A report passes when every checked lemma holds and every negative control found its counterexample. */
export function reportPasses(report: LemmaReport): boolean {
  return report.lemmas.every((row) => row.holds === null || (row.holds && row.negativeControl?.detected === true));
}

/** The worst-slack cell: three significant digits, "0" exactly, "—" when there is none (L5). */
export function formatSlack(slack: number | null): string {
  if (slack === null) return "—";
  return slack === 0 ? "0" : slack.toPrecision(3);
}

/** The verdict cell: "holds", "FAILS" or "not reconstructed". */
export function verdict(row: Pick<LemmaRow, "holds">): string {
  if (row.holds === null) return "not reconstructed";
  return row.holds ? "holds" : "FAILS";
}

/** The negative-control cell: "found", "NOT FOUND" or "—". */
export function controlCell(row: { negativeControl: { detected: boolean } | null }): string {
  if (row.negativeControl === null) return "—";
  return row.negativeControl.detected ? "found" : "NOT FOUND";
}

/** The plain-text table printed by `verify-lemmas`: fixed-width columns, one lemma a row. */
export function formatTable(report: LemmaReport): string {
  const header = ["id", "title", "verdict", "cases", "failures", "worst slack", "negative control", "ms"];
  const rows = report.lemmas.map((row) => [
    row.id,
    row.title,
    verdict(row),
    String(row.cases),
    String(row.failures),
    formatSlack(row.worstSlack),
    controlCell(row),
    String(row.ms),
  ]);
  return formatTextTable(header, rows);
}

const escapeCell = (text: string): string => text.replaceAll("|", "\\|").replaceAll("\n", " ");

/** `reports/lemmas.md`: the table, then each lemma's statement and negative control. */
export function formatMarkdown(report: LemmaReport, lemmas: ReadonlyArray<ReportedLemma>): string {
  const out: string[] = [
    "# Lemma report",
    "",
    `Seed ${report.seed}, ${report.runs} cases a lemma. Formalisation of the paper's model; the paper's exact constants were not available (docs/model.md).`,
    "",
    "| id | title | verdict | cases | failures | worst slack | negative control | ms |",
    "|---|---|---|---:|---:|---:|---|---:|",
  ];
  for (const row of report.lemmas) {
    out.push(
      `| ${row.id} | ${escapeCell(row.title)} | ${verdict(row)} | ${row.cases} | ${row.failures} | ${formatSlack(row.worstSlack)} | ${controlCell(row)} | ${row.ms} |`,
    );
  }
  for (const row of report.lemmas) {
    const reported = lemmas.find((entry) => entry.lemma.id === row.id);
    out.push("", `## ${row.id}: ${row.title}`, "");
    if (reported === undefined || reported.kind === "unreconstructed") {
      out.push(row.note ?? "not reconstructed");
      continue;
    }
    const { lemma } = reported;
    out.push(lemma.statement, "", `Formula: ${lemma.formula}`, "", `Where: ${lemma.modelSection}.`, "", "Hypotheses:");
    for (const hypothesis of lemma.hypotheses) out.push(`- **${hypothesis.name}**: ${hypothesis.label}`);
    out.push("", `Negative control (drops ${row.negativeControl?.drops}): ${lemma.negativeControl.description}`);
    if (row.negativeControl?.detected) {
      out.push("", "Counterexample found by the control:", "", "```json", JSON.stringify(row.negativeControl.counterexample), "```");
    }
    if (row.counterexample !== undefined) {
      out.push("", "**The check failed.** Shrunk counterexample:", "", "```json", JSON.stringify(row.counterexample), "```");
    }
  }
  return `${out.join("\n")}\n`;
}
