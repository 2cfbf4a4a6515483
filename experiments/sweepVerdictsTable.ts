/**
 * verdicts.md: a sweep's claim verdicts (experiments/sweepVerdicts.ts) as GitHub Markdown, for a reader
 * who wants to see at a glance where each of the paper's claims holds over the grid. One row per point
 * (its grid values as columns), one column per claim row; then the numbers behind each verdict.
 */
import { CLAIMS, formatInterval } from "./figures/studyFindings.js";
import type { StudyMetric } from "./figures/pairedDifferences.js";
import { METRIC_COLUMNS, type SweepClaim, type SweepVerdicts } from "./sweepVerdicts.js";

/**
 * A claim row's short column name: `C<k>` for the k-th claim of CLAIMS, a letter after it when the claim
 * has several metrics (`C6a`, `C6b`), and the buyer after a space for a buyer's metric.
 *
 * @example claimColumn({ claim: "fairshare gives higher performance per dollar", metric: "performance_per_budget_dollar", buyer: "B2" }) // => "C6b B2"
 */
export function claimColumn(row: Pick<SweepClaim, "claim" | "metric" | "buyer">): string {
  const k = CLAIMS.findIndex((c) => c.claim === row.claim);
  const metrics: ReadonlyArray<StudyMetric> = CLAIMS[k].metrics;
  const letter = metrics.length > 1 ? "abcdefgh"[metrics.findIndex((m) => METRIC_COLUMNS[m] === row.metric)] : "";
  return `C${k + 1}${letter}${row.buyer === null ? "" : ` ${row.buyer}`}`;
}

const cell = (text: string) => text.replace(/\|/g, "\\|");
const line = (cells: ReadonlyArray<string>) => `| ${cells.map(cell).join(" | ")} |`;
const rule = (n: number) => `|${" --- |".repeat(n)}`;
const gridValue = (value: unknown) => (typeof value === "string" ? value : JSON.stringify(value));

/**
 * verdicts.md's text: a title, how to read a verdict, the legend of claim columns, the verdict table and
 * the numbers table (fairshare − exploitative, mean [95% interval] and paired seeds; `—` when no seed
 * pairs).
 *
 * - No points: the title and the reading only (a sweep has at least one point, so this is only for callers
 *   that filter).
 *
 * @example verdictsMarkdown(sweepVerdicts(head, rows)).split("\n")[0] // => "# discount: where the paper's claims hold"
 */
export function verdictsMarkdown(verdicts: SweepVerdicts): string {
  const { points } = verdicts;
  const head = [
    `# ${verdicts.name}: where the paper's claims hold`,
    "",
    `Fairshare − exploitative at the last period, paired by seed (${verdicts.seeds} ${verdicts.seeds === 1 ? "seed" : "seeds"} a point): ` +
      "**holds** when the 95% t-interval of the mean paired difference lies above 0 (fairshare's side), **reversed** when it lies below 0, " +
      "**not resolved** when it contains 0 or fewer than two seeds pair, **not testable here** when the metric is undefined in every seed " +
      "under both groups (a test accuracy without the learned source, seller counts without seller rows). " +
      "verdicts.json holds these and every other group against fairshare.",
    "",
  ];
  if (points.length === 0) return `${head.join("\n")}\n`;
  const columns = points[0].claims.map(claimColumn);
  const legend = [line(["column", "claim", "metric", "buyer"]), rule(4), ...points[0].claims.map((c, k) => line([columns[k], c.claim, c.metric, c.buyer ?? ""]))];
  const fields = points[0].overrides.map((o) => o.field);
  const table = (value: (c: SweepClaim) => string) => [
    line(["point", ...fields, ...columns]),
    rule(1 + fields.length + columns.length),
    ...points.map((p) => line([String(p.index), ...p.overrides.map((o) => gridValue(o.value)), ...p.claims.map(value)])),
  ];
  const number = (c: SweepClaim) => (c.difference === null ? "—" : `${formatInterval(c.difference, true)} (${c.seeds})`);
  return [
    ...head,
    ...legend,
    "",
    "## Verdicts",
    "",
    ...table((c) => c.verdict),
    "",
    "## Numbers",
    "",
    "Fairshare − exploitative: mean [95% interval] (seeds paired).",
    "",
    ...table(number),
    "",
  ].join("\n");
}
