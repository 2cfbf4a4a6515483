/**
 * `--shard i/n`: which of a sweep's cells one of `n` jobs runs. Cell k (0-based, in cell order) belongs to
 * shard (k mod n) + 1. Dealing the cells round-robin gives every shard a share of every part of the grid,
 * so a slow corner of it (long horizons, a costly valuation method) is spread over the shards instead of
 * landing on one.
 */
import { MAX_CELLS } from "../experiments/sweepConfig.js";
import { UsageError } from "./errors.js";

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

/**
 * `I/N` with 1 ≤ I ≤ N ≤ MAX_CELLS, e.g. `2/3`.
 *
 * @throws UsageError naming `--shard` and the value.
 */
export function parseShard(raw: string): Shard {
  const match = /^(\d{1,7})\/(\d{1,7})$/.exec(raw);
  const shard = match === null ? null : { index: Number(match[1]), count: Number(match[2]) };
  if (shard === null || shard.index < 1 || shard.index > shard.count || shard.count > MAX_CELLS) {
    throw new UsageError(`--shard must be I/N with 1 ≤ I ≤ N ≤ ${MAX_CELLS}, e.g. 2/3, got ${JSON.stringify(raw)}`);
  }
  return shard;
}

/** Whether cell `cell` (0-based, in cell order) is the shard's. */
export function inShard(cell: number, { index, count }: Shard): boolean {
  return cell % count === index - 1;
}

/** The shard's name, e.g. `shard-2-of-3`: its file is `shard-2-of-3.json`, its checkpoint `.checkpoint-shard-2-of-3/`. */
export function shardName({ index, count }: Shard): string {
  return `shard-${index}-of-${count}`;
}

/** The shard's file in the output folder, e.g. `shard-2-of-3.json`. */
export function shardFileName(shard: Shard): string {
  return `${shardName(shard)}.json`;
}

/** Matches a shard file's name; `merge` reads the files so named. */
export const SHARD_FILE_NAME = /^shard-\d+-of-\d+\.json$/;
