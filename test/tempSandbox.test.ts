import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { describe, expect, it } from "vitest";

// test/setup/: every file's temp folders live in a sandbox the run removes and counts (issue #15).
describe("the temp-dir sandbox of the test runs", () => {
  it("this file's temp dir is its own sandbox inside the run's folder", () => {
    expect(tmpdir()).toMatch(/\/fairshare-run-[^/]+\/fairshare-test-[^/]+$/);
  });

  it("a command the test starts inherits it, so its temp files are swept up too", () => {
    const seen = execFileSync(process.execPath, ["-e", "process.stdout.write(require('node:os').tmpdir())"], { encoding: "utf8" });
    expect(seen).toBe(tmpdir());
  });
});
