import { rmSync } from "node:fs";
import { join } from "node:path";
import { sweepCsv, sweepJson, type SweepHead, type SweepRow } from "../experiments/sweepSummary.js";
import { hasVerdicts, sweepVerdicts } from "../experiments/sweepVerdicts.js";
import { verdictsMarkdown } from "../experiments/sweepVerdictsTable.js";
import { writeFileAtomic } from "./atomicWrite.js";

/**
 * Writes `outDir/sweep.json` and `outDir/sweep.csv`, and, when every point's groups include fairshare and
 * exploitative, `outDir/verdicts.json` and `outDir/verdicts.md` (experiments/sweepVerdicts.ts), each
 * atomically: the one writer of a sweep's summary, used by `sweep` and by `merge`, so a merged sweep is
 * byte-identical to an unsharded one. Everything is computed before the first file is written; a sweep
 * without verdicts removes the verdict files an earlier run left in `outDir`, so none of them is stale.
 * Returns what it wrote, for the command's last line: `sweep.{json,csv}`, then `verdicts.{json,md}` when
 * written.
 */
export function writeSweepOutputs(outDir: string, head: SweepHead, rows: ReadonlyArray<SweepRow>): string {
  const verdicts = hasVerdicts(head, rows) ? sweepVerdicts(head, rows) : null;
  const files: Array<[string, string]> = [
    ["sweep.json", `${JSON.stringify(sweepJson(head, rows))}\n`],
    ["sweep.csv", sweepCsv(head.points, rows)],
    ...(verdicts === null ? [] : ([["verdicts.json", `${JSON.stringify(verdicts)}\n`], ["verdicts.md", verdictsMarkdown(verdicts)]] as Array<[string, string]>)),
  ];
  for (const [name, text] of files) writeFileAtomic(join(outDir, name), text);
  if (verdicts === null) for (const name of ["verdicts.json", "verdicts.md"]) rmSync(join(outDir, name), { force: true });
  return `${outDir}/sweep.{json,csv}${verdicts === null ? "" : `, ${outDir}/verdicts.{json,md}`}`;
}
