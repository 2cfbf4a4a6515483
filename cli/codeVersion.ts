/**
 * A digest of the code that computes results (theory/ and experiments/, configs included), so that a
 * checkpoint written by other code is never reused: changing a model file invalidates every cell.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

/** The folder above cli/: the repository root, or dist/ when this is the compiled code (dist/cli/codeVersion.js). */
const CODE = fileURLToPath(new URL("..", import.meta.url));
/** The package root: the one with package.json (dist/ has none). */
const PACKAGE = existsSync(join(CODE, "package.json")) ? CODE : dirname(CODE);
/**
 * What is hashed: the TypeScript sources wherever they are, so the compiled code (which the launcher,
 * bin/fairshare.mjs, runs only when it is newer than them) shares checkpoints with tsx; in an installed
 * package, which ships dist/ without the sources, the compiled files.
 */
const ROOT = existsSync(join(PACKAGE, "theory")) ? PACKAGE : CODE;
const PATTERN = ROOT === PACKAGE ? /\.(ts|json)$/ : /\.(js|json)$/;
const SOURCES = ["theory", "experiments"];

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(path);
    return PATTERN.test(entry.name) ? [path] : [];
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
