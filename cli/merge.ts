import { parseArgs } from "node:util";
import { EXIT, UsageError } from "./errors.js";
import type { Io } from "./io.js";
import { mergeShards } from "./shardFile.js";
import { writeSweepOutputs } from "./sweepOutputs.js";

export const MERGE_USAGE = "merge DIR [--out DIR]";

/**
 * `merge DIR [--out DIR]`: joins the shard files that `sweep --shard I/N` wrote into `DIR` and writes
 * `sweep.json` and `sweep.csv`, and `verdicts.json` and `verdicts.md` when the sweep's groups include
 * fairshare and exploitative (to `DIR`, or `--out`), byte-identical to what one unsharded `sweep` writes.
 *
 * - The shard files carry the sweep's head (name, description, base, grid, seeds, points' overrides), so
 *   the sweep file is not needed.
 * - A missing, duplicated or mismatched shard (another sweep, another shard count, other code) is refused
 *   with one line naming the file, exit 2, and nothing is written.
 */
export function merge(args: string[], io: Io): number {
  const { values, positionals } = parseArgs({ args, options: { out: { type: "string" } }, strict: true, allowPositionals: true });
  if (positionals.length !== 1) throw new UsageError(`expects one DIR of shard files, got ${positionals.length === 0 ? "none" : JSON.stringify(positionals.join(" "))}`);
  const [dir] = positionals;
  const { head, rows, shards } = mergeShards(dir);
  const outDir = values.out ?? dir;
  const written = writeSweepOutputs(outDir, head, rows);
  io.stdout(`${head.name}: ${shards} shards merged (${rows.length} rows) → ${written}\n`);
  return EXIT.ok;
}
