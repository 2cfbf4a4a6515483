#!/usr/bin/env node
// The `fairshare` command (`npm run fairshare -- …`, and the package's bin): runs the compiled CLI,
// dist/cli/fairshare.js, when `npm run build` made it after the last change to the sources, and the
// TypeScript sources through tsx otherwise, so an edit is never run stale and a fresh build starts in a
// fraction of a second (tsx alone takes longer to load than the whole compiled command).
//
// Fresh means: dist/BUILD_STAMP (written last by scripts/build.mjs: when the build started) exists and no
// file under theory/, experiments/ or cli/ was modified after that time. An installed package ships dist/
// and no sources, so it always runs dist. Either way the command runs in this process, with this argv,
// stdio, exit code and signals. Plain JavaScript importing only node: modules (and tsx, when it runs the
// sources), so the check costs a few milliseconds.
import { readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const SOURCE_DIRS = ["theory", "experiments", "cli"];

/** Whether some file under `dir` (recursively) was modified after `time` (ms since the epoch); false for a missing `dir`. */
function modifiedAfter(dir, time) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    if (error.code === "ENOENT") return false;
    throw error;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() ? modifiedAfter(path, time) : statSync(path).mtimeMs > time) return true;
  }
  return false;
}

/**
 * Whether dist/ under `root` may run: it has its stamp, and either there are no sources to fall back
 * to (an installed package) or none changed since the build started.
 */
export function distIsFresh(root = ROOT) {
  let started;
  try {
    started = Number(readFileSync(join(root, "dist", "BUILD_STAMP"), "utf8"));
  } catch (error) {
    if (error.code === "ENOENT") return false;
    throw error;
  }
  if (!Number.isFinite(started)) return false;
  if (!existsFile(join(root, "cli", "fairshare.ts"))) return true;
  return !SOURCE_DIRS.some((dir) => modifiedAfter(join(root, dir), started));
}

function existsFile(path) {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Runs the CLI: dist's compiled entry point when fresh, else tsx registered in this process and the .ts entry point. */
async function run() {
  if (distIsFresh()) {
    await import(pathToFileURL(join(ROOT, "dist", "cli", "fairshare.js")).href);
    return;
  }
  // What `tsx cli/fairshare.ts` did, without a second process: tsx's loader in this thread (workers
  // register their own, cli/tsWorker.mjs), then the entry point, which reads process.argv.slice(2).
  const { register } = await import("tsx/esm/api");
  register();
  await import(pathToFileURL(join(ROOT, "cli", "fairshare.ts")).href);
}

/** Whether this file is the script node was started with (directly, or through the bin's symlink). */
function isEntryPoint() {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

// Run as the command, not when imported (bench/cases.ts and the tests import `distIsFresh`).
if (isEntryPoint()) await run();
