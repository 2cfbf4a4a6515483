import { join } from "node:path";
import { sweepCsv, sweepJson, type SweepHead, type SweepRow } from "../experiments/sweepSummary.js";
import { writeFileAtomic } from "./atomicWrite.js";

/**
 * Writes `outDir/sweep.json` and `outDir/sweep.csv`, atomically: the one writer of a sweep's summary, used
 * by `sweep` and by `merge`, so a merged sweep is byte-identical to an unsharded one.
 */
export function writeSweepOutputs(outDir: string, head: SweepHead, rows: ReadonlyArray<SweepRow>): void {
  writeFileAtomic(join(outDir, "sweep.json"), `${JSON.stringify(sweepJson(head, rows))}\n`);
  writeFileAtomic(join(outDir, "sweep.csv"), sweepCsv(head.points, rows));
}
