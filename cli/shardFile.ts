/**
 * A shard file, `shard-I-of-N.json`, written by `sweep --shard I/N` and read by `merge`: one shard's rows,
 * keyed by cell index, with enough of the sweep for `merge` to check that the shards belong together and
 * to write the sweep's summary without the sweep file.
 *
 * `{"format": 1, "shard": {"index", "count"}, "sweep", "code", "head", "cells": {"<cell>": [rows]}}`:
 * - `sweep`, a digest of the head, every point's validated config and every point's valuation digest: two
 *   shards agree on it only when they ran the same cells on the same inputs;
 * - `code`, the code version (cli/codeVersion.ts) that computed the rows;
 * - `head`, what `sweep.json` holds before its columns and rows (experiments/sweepSummary.ts).
 */
import { createHash } from "node:crypto";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { readJson, validate } from "../experiments/configFile.js";
import type { SweepPoint } from "../experiments/sweepConfig.js";
import type { SweepHead, SweepRow } from "../experiments/sweepSummary.js";
import type { Valuation } from "../experiments/valuation.js";
import { writeFileAtomic } from "./atomicWrite.js";
import { UsageError } from "./errors.js";
import { inShard, SHARD_FILE_NAME, shardFileName, type Shard } from "./sweepShard.js";

/** Bumped when the layout changes; `merge` refuses other formats. */
const FORMAT = 1;

const whole = (min: number) => z.number().int().min(min);

// The keys of `head` are listed in sweep.json's order, which zod's output follows.
const shardFileSchema = z.strictObject({
  format: z.literal(FORMAT),
  shard: z.strictObject({ index: whole(1), count: whole(1) }).refine((s) => s.index <= s.count, "index must be at most count"),
  sweep: z.string().regex(/^[0-9a-f]{64}$/),
  code: z.string().min(1),
  head: z.strictObject({
    name: z.string(),
    description: z.string().optional(),
    base: z.string(),
    grid: z.record(z.string(), z.array(z.json())),
    seeds: whole(1),
    points: z.array(z.strictObject({ index: whole(0), overrides: z.array(z.strictObject({ field: z.string(), value: z.json() })) })),
  }),
  cells: z.record(z.string().regex(/^\d+$/), z.array(z.record(z.string(), z.union([z.string(), z.number(), z.null()])))),
});

export interface ShardFile {
  format: typeof FORMAT;
  shard: Shard;
  sweep: string;
  code: string;
  head: SweepHead;
  /** Cell index (in cell order) → that cell's rows. */
  cells: Record<string, SweepRow[]>;
}

/** The `sweep` digest of a shard file: the same for every shard of one sweep, run on the same inputs. */
export function sweepDigest(head: SweepHead, points: ReadonlyArray<SweepPoint>, valuations: ReadonlyArray<Valuation>): string {
  const inputs = { head, configs: points.map((point) => point.config), valuations: valuations.map((valuation) => valuation.digest) };
  return createHash("sha256").update(JSON.stringify(inputs)).digest("hex");
}

/** Writes the shard's file into `outDir`, atomically; returns its path. */
export function writeShardFile(outDir: string, file: Omit<ShardFile, "format">): string {
  const path = join(outDir, shardFileName(file.shard));
  writeFileAtomic(path, `${JSON.stringify({ format: FORMAT, ...file })}\n`);
  return path;
}

/** Every shard file in `dir`, in name order (shard-2 before shard-10). */
function readShardFiles(dir: string): Array<{ path: string; file: ShardFile }> {
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => SHARD_FILE_NAME.test(name));
  } catch (error) {
    throw new UsageError(`${dir}: cannot read the folder (${(error as NodeJS.ErrnoException).code ?? "error"})`);
  }
  if (names.length === 0) throw new UsageError(`${dir}: holds no shard files (shard-I-of-N.json, written by sweep --shard I/N)`);
  names.sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
  return names.map((name) => {
    const path = join(dir, name);
    return { path, file: validate(shardFileSchema, readJson(path), path) as ShardFile };
  });
}

/** The first way `file` is not of the same run as `reference`, or null. */
function mismatch(file: ShardFile, reference: ShardFile): string | null {
  const identity = [
    ["shard count", file.shard.count, reference.shard.count],
    ["sweep digest", file.sweep, reference.sweep],
    ["code version", file.code, reference.code],
  ] as const;
  const differing = identity.find(([, a, b]) => a !== b);
  if (differing === undefined) return null;
  const short = (value: string | number) => (typeof value === "string" ? `${value.slice(0, 12)}…` : String(value));
  return `${differing[0]} ${short(differing[1])} vs ${short(differing[2])}`;
}

/**
 * Reads the shard files in `dir` and joins their rows in cell order, as one unsharded `sweep` would have
 * them.
 *
 * - Every file must be of the same sweep as the first (same shard count, sweep digest and code version).
 * - Shards 1..n must each be there exactly once, each holding exactly its own cells.
 *
 * @throws UsageError (or ConfigError for a file that does not parse) naming the file and what is wrong.
 */
export function mergeShards(dir: string): { head: SweepHead; rows: SweepRow[]; shards: number } {
  const files = readShardFiles(dir);
  const [reference] = files;
  const byIndex = new Map<number, { path: string; file: ShardFile }>();
  for (const entry of files) {
    const wrong = mismatch(entry.file, reference.file);
    if (wrong !== null) throw new UsageError(`${entry.path}: is not of the same sweep as ${reference.path} (${wrong})`);
    const { index, count } = entry.file.shard;
    const twin = byIndex.get(index);
    if (twin !== undefined) throw new UsageError(`${entry.path}: holds shard ${index} of ${count}, as ${twin.path} does`);
    byIndex.set(index, entry);
  }
  const { head, shard } = reference.file;
  for (let index = 1; index <= shard.count; index += 1) {
    if (!byIndex.has(index)) throw new UsageError(`${dir}: shard ${index} of ${shard.count} is missing (${shardFileName({ index, count: shard.count })})`);
  }
  const cells = head.points.length * head.seeds;
  for (const { path, file } of byIndex.values()) {
    const stray = Object.keys(file.cells).map(Number).find((cell) => cell >= cells || !inShard(cell, file.shard));
    if (stray !== undefined) throw new UsageError(`${path}: holds cell ${stray}, which is not one of shard ${file.shard.index} of ${file.shard.count}'s`);
  }
  const rows: SweepRow[] = [];
  for (let cell = 0; cell < cells; cell += 1) {
    const { path, file } = byIndex.get((cell % shard.count) + 1)!;
    const own = file.cells[String(cell)];
    if (own === undefined) throw new UsageError(`${path}: lacks cell ${cell}, one of shard ${file.shard.index} of ${file.shard.count}'s`);
    rows.push(...own);
  }
  return { head, rows, shards: shard.count };
}
