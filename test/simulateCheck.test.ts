import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { tinyConfig } from "./fixtures/tinyRun.js";
import type { runCommand as RunCommand } from "./runCommand.js";

// A correct simulate cannot break an invariant, so the failing path is exercised with a simulate that
// corrupts its own record when the config is named "corrupt": B1's spend in period 1 of the first group
// gains 1 dollar (the spend no longer matches the prices, the money no longer adds up).
vi.mock("../experiments/algorithm2.js", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../experiments/algorithm2.js")>();
  return {
    ...actual,
    simulate: (...args: Parameters<typeof actual.simulate>) => {
      const run = actual.simulate(...args);
      if (run.config.name === "corrupt") run.groups[0].periods[0].buyers[0].spend += 1;
      return run;
    },
  };
});

// The suites share their workers' module cache (vitest.config.ts: isolate false), where another file may
// have loaded algorithm2 already; the command is imported afresh, after a reset, so that it sees the mock.
let runCommand: typeof RunCommand;
beforeAll(async () => {
  vi.resetModules();
  ({ runCommand } = await import("./runCommand.js"));
});

function configFile(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), "fairshare-check-"));
  const path = join(dir, "config.json");
  writeFileSync(path, JSON.stringify({ ...tinyConfig, name, periods: 5, groups: ["fairshare", "random", "exploitative"] }));
  return path;
}

describe("simulate CONFIG --check", () => {
  it("checks every group-period (3 groups × 5 periods), says the invariants hold, then writes the records as without --check", async () => {
    const config = configFile("tiny");
    const out = join(config, "..", "out");
    const result = await runCommand(["simulate", config, "--check", "--out", out]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    expect(result.stdout.split("\n")[0]).toBe("invariants hold in 15 group-periods");
    const plain = join(config, "..", "plain");
    await runCommand(["simulate", config, "--out", plain]);
    expect(readFileSync(join(out, "records.json"), "utf8")).toBe(readFileSync(join(plain, "records.json"), "utf8"));
    expect(readFileSync(join(out, "records.csv"), "utf8")).toBe(readFileSync(join(plain, "records.csv"), "utf8"));
  });

  it("refuses a run that breaks an invariant: one line on stderr naming the group, period and agent, exit 1, nothing written", async () => {
    const config = configFile("corrupt");
    const out = join(config, "..", "out");
    const result = await runCommand(["simulate", config, "--check", "--out", out]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr.endsWith("\n") && result.stderr.trim().split("\n").length === 1, result.stderr).toBe(true);
    expect(result.stderr).toMatch(/^fairshare simulate: --check failed: [\w.-]+ seed \d+, fairshare period 1: buyer B1 spent [\d.]+, but the prices of .* add up to [\d.]+ \(spend; \d+ violations in all\)\n$/);
    expect(existsSync(out)).toBe(false);
  });

  it("without --check the same corrupt run is written: the check is what refuses it", async () => {
    const config = configFile("corrupt");
    const out = join(config, "..", "out");
    expect((await runCommand(["simulate", config, "--out", out])).code).toBe(0);
    expect(existsSync(join(out, "records.json"))).toBe(true);
  });
});
