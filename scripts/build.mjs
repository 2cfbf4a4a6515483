// `npm run build` (and `prepare`, so that `npm ci` and `npm pack` build): compiles theory/, experiments/
// and cli/ to dist/ with tsc (tsconfig.build.json) and writes dist/BUILD_STAMP, the time the build
// started. The launcher (bin/fairshare.mjs) runs dist/ only while no file under theory/, experiments/ or
// cli/ is newer than that: a file saved during the build may have been compiled before it changed, so it
// makes the build stale.
//
// The build goes to a folder of its own, which then replaces dist/ whole: a command running from dist/
// meanwhile (the launcher, a worker thread starting) never sees it half written or emptied, a deleted
// source leaves no compiled file behind, and a failed build leaves the previous dist/ as it was.
import { spawnSync } from "node:child_process";
import { existsSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "dist");
const fresh = join(root, `dist.build-${process.pid}`);
const old = join(root, `dist.old-${process.pid}`);
const started = Date.now();

rmSync(fresh, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
const { status, signal } = spawnSync(process.execPath, [tsc, "-p", join(root, "tsconfig.build.json"), "--outDir", fresh], { cwd: root, stdio: "inherit" });
if (status !== 0) {
  rmSync(fresh, { recursive: true, force: true });
  process.stderr.write(`build: tsc ${signal === null ? `exited with ${status}` : `was killed by ${signal}`}; dist/ is unchanged\n`);
  process.exit(status ?? 1);
}
writeFileSync(join(fresh, "BUILD_STAMP"), `${started}\n`);
if (existsSync(dist)) renameSync(dist, old);
renameSync(fresh, dist);
rmSync(old, { recursive: true, force: true });
