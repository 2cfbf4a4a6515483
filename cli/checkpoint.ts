/**
 * Checkpoints of finished cells (one simulation seed, one theory figure, one sweep cell), so that a run
 * stopped by a signal, a crash or SIGKILL resumes without recomputing them.
 *
 * - A cell is stored as `DIR/<key>.json`: `{ fingerprint, value }`, written atomically.
 * - The fingerprint digests the cell's key, its inputs (the validated config and seed) and the code
 *   version, so a checkpoint from another config or other code is recomputed, never reused.
 * - A cell's value is handed on as its JSON round trip whether it was computed or reused, so a resumed
 *   run's outputs are byte-identical to an uninterrupted one's (JSON turns −0 into 0, for instance).
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { CellRunner } from "../experiments/cell.js";
import { removeStaleTemporaries, writeFileAtomic } from "./atomicWrite.js";
import { codeVersion } from "./codeVersion.js";
import { listenForStop, type StopListener } from "./interrupt.js";

/** Bumped when the stored format changes, which invalidates older checkpoints. */
const FORMAT = 1;

export interface Checkpoint {
  /** Computes a cell or reuses its checkpoint; the cell boundary is where a stop signal is honoured. */
  cell: CellRunner;
  /** Cells computed and cells reused so far. */
  counts(): { computed: number; reused: number };
  /** Deletes the checkpoint directory: called once every output is written. */
  finish(): void;
}

function fingerprint(key: string, inputs: unknown): string {
  return createHash("sha256").update(JSON.stringify({ format: FORMAT, code: codeVersion(), key, inputs })).digest("hex");
}

/** The stored value when the file exists, parses and matches `print`; otherwise undefined (recompute). */
function stored(path: string, print: string): { value: unknown } | undefined {
  if (!existsSync(path)) return undefined;
  try {
    const data: unknown = JSON.parse(readFileSync(path, "utf8"));
    if (typeof data === "object" && data !== null && "fingerprint" in data && data.fingerprint === print && "value" in data) return { value: data.value };
  } catch {
    // an unreadable checkpoint is recomputed; atomic writes make this rare (a disk error, a hand edit)
  }
  return undefined;
}

/**
 * A checkpoint in `dir`. `stop`, when given, is consulted before each cell, so SIGINT or SIGTERM stops
 * the run between cells with every finished cell saved.
 */
export function openCheckpoint(dir: string, stop: StopListener | null): Checkpoint {
  let computed = 0;
  let reused = 0;
  const cell: CellRunner = async <T>(key: string, inputs: unknown, compute: () => T | Promise<T>): Promise<T> => {
    if (!/^[A-Za-z0-9_.-]+$/.test(key)) throw new Error(`checkpoint key ${JSON.stringify(key)} is not a safe file name`);
    await stop?.boundary();
    const path = join(dir, `${key}.json`);
    const print = fingerprint(key, inputs);
    const previous = stored(path, print);
    if (previous !== undefined) {
      reused += 1;
      return previous.value as T;
    }
    const text = JSON.stringify({ fingerprint: print, value: await compute() });
    writeFileAtomic(path, text);
    computed += 1;
    return (JSON.parse(text) as { value: T }).value;
  };
  return {
    cell,
    counts: () => ({ computed, reused }),
    finish: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * Runs a command's cells under a checkpoint in `outDir/.checkpoint/`, the way `figures` and `sweep` do:
 * temporaries of killed writers are removed first, SIGINT and SIGTERM stop `body` at a cell boundary,
 * and once `body` has written every output the checkpoint is deleted.
 *
 * - `privateDir`, for a run that shares `outDir` with other live writers (the shards of a sweep, perhaps
 *   on other hosts, where a temporary's pid says nothing): the checkpoint lives there instead, and only
 *   there are temporaries removed.
 *
 * @returns what `body` returned, and a note for the command's last line: empty, or
 * ` (resumed: k of n cells reused from the checkpoint)`.
 */
export async function withCheckpoint<T>(outDir: string, body: (cell: CellRunner) => Promise<T>, privateDir?: string): Promise<{ result: T; resumed: string }> {
  removeStaleTemporaries(privateDir ?? outDir);
  const stop = listenForStop();
  try {
    const checkpoint = openCheckpoint(privateDir ?? join(outDir, ".checkpoint"), stop);
    const result = await body(checkpoint.cell);
    checkpoint.finish();
    const { computed, reused } = checkpoint.counts();
    return { result, resumed: reused > 0 ? ` (resumed: ${reused} of ${computed + reused} cells reused from the checkpoint)` : "" };
  } finally {
    stop.dispose();
  }
}
