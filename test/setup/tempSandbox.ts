/**
 * Each test file runs with its own temporary folder as TMPDIR, removed when the file ends, so nothing a
 * test (or a CLI it starts, or that CLI's workers) puts in the temp dir outlives the run, whether or not
 * the test remembered to clean up. test/setup/tempCount.ts makes the run's folder and checks it at the end.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";

const outer = tmpdir();
const sandbox = mkdtempSync(join(process.env.FAIRSHARE_RUN_TMPDIR ?? outer, "fairshare-test-"));
process.env.TMPDIR = sandbox;

afterAll(() => {
  process.env.TMPDIR = outer;
  rmSync(sandbox, { recursive: true, force: true });
});
