/**
 * Global set-up of the vitest runs: makes this run's own temp folder, under which every test file gets
 * its sandbox (test/setup/tempSandbox.ts), and at the end fails the run (exit code 1) if a sandbox was
 * not removed or if anything named like ours (fairshare-*) appeared beside it in the temp dir. Other
 * runs' folders (fairshare-run-*) are theirs, not ours, and so not counted.
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ours = (dir: string): string[] => readdirSync(dir).filter((name) => name.startsWith("fairshare-") && !name.startsWith("fairshare-run-"));

export default function setup(): () => void {
  const outer = tmpdir();
  const before = new Set(ours(outer));
  const run = mkdtempSync(join(outer, "fairshare-run-"));
  process.env.FAIRSHARE_RUN_TMPDIR = run;
  return () => {
    const left = [...ours(outer).filter((name) => !before.has(name)), ...readdirSync(run).map((name) => join(run, name))];
    rmSync(run, { recursive: true, force: true });
    if (left.length === 0) return;
    // vitest reports an error thrown here but still exits 0, so the exit code is set as well.
    process.exitCode = 1;
    throw new Error(`the tests left ${left.length} temporary folder(s) in ${outer}: ${left.slice(0, 5).join(", ")}${left.length > 5 ? ", …" : ""}`);
  };
}
