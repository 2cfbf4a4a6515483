/**
 * A digest of the code that computes results (theory/ and experiments/, configs included), so that a
 * checkpoint written by other code is never reused: changing a model file invalidates every cell.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const SOURCES = ["theory", "experiments"];

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(path);
    return /\.(ts|json)$/.test(entry.name) ? [path] : [];
  });
}

let cached: string | undefined;

/** SHA-256 of every source file's path and bytes, in path order; computed once per process. */
export function codeVersion(): string {
  if (cached !== undefined) return cached;
  const hash = createHash("sha256");
  const files = SOURCES.flatMap((dir) => filesUnder(join(ROOT, dir))).map((path) => relative(ROOT, path).split("\\").join("/"));
  for (const file of files.sort()) hash.update(`${file}\0`).update(readFileSync(join(ROOT, file))).update("\0");
  cached = hash.digest("hex");
  return cached;
}
