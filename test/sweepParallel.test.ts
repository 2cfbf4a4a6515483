/**
 * `sweep --workers N`: however a sweep's cells are spread over threads, the summary is byte for byte the
 * one a single in-process run writes.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCommand } from "./runCommand.js";

const market = JSON.parse(readFileSync("test/fixtures/sweep/market.json", "utf8")) as Record<string, unknown>;
const GRID = {
  name: "parallel",
  description: "The fixture market, cut to 8 periods, over δ and κ.",
  base: "market.json",
  grid: { discount: [0.5, 0.9], "policy.reducedFactor": [0.5, 0.9] },
  seeds: 2,
};
const CELLS = 8;

/** A sweep file over a short copy of the fixture market, in a fresh folder. */
function sweepFile(sweep: Record<string, unknown> = GRID): string {
  const dir = mkdtempSync(join(tmpdir(), "fairshare-parallel-"));
  writeFileSync(join(dir, "market.json"), JSON.stringify({ ...market, periods: 8 }));
  writeFileSync(join(dir, "grid.json"), JSON.stringify(sweep));
  return join(dir, "grid.json");
}

async function ok(argv: string[]): Promise<string> {
  const result = await runCommand(argv);
  expect(result.code, result.stderr).toBe(0);
  return result.stdout;
}

const outputs = (dir: string) => ({ json: readFileSync(join(dir, "sweep.json"), "utf8"), csv: readFileSync(join(dir, "sweep.csv"), "utf8") });

describe("sweep --workers N: the single-thread run's bytes", () => {
  const file = sweepFile();
  let single: { json: string; csv: string };
  beforeAll(async () => {
    const out = mkdtempSync(join(tmpdir(), "fairshare-single-"));
    await ok(["sweep", file, "--out", out]);
    single = outputs(out);
    expect(JSON.parse(single.json).rows).toHaveLength(CELLS * 4 * 2);
  });

  it("--workers 2 writes the same sweep.json and sweep.csv as --workers 1, --check included", async () => {
    const out = mkdtempSync(join(tmpdir(), "fairshare-workers-"));
    const stdout = await ok(["sweep", file, "--workers", "2", "--check", "--out", out]);
    expect(stdout).toBe(`parallel: 4 points × 2 seeds (64 rows) → ${out}/sweep.{json,csv}\n`);
    expect(outputs(out)).toEqual(single);
    expect(readdirSync(out).sort()).toEqual(["sweep.csv", "sweep.json"]);
  });
});
