/**
 * `sweep --workers N`, `sweep --shard I/N` and `merge`: however a sweep's cells are spread over threads
 * and jobs, the summary is byte for byte the one a single in-process run writes.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCommand } from "../runCommand.js";

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

/** Every file a sweep's summary is: the rows, and (the fixture has fairshare and exploitative) the verdicts. */
const OUTPUTS = ["sweep.csv", "sweep.json", "verdicts.json", "verdicts.md"];
const outputs = (dir: string) => Object.fromEntries(OUTPUTS.map((name) => [name, readFileSync(join(dir, name), "utf8")]));

/** Runs shards 1..n of `file` into one folder (each on `workers` threads) and returns the folder. */
async function shards(file: string, n: number, workers = 1): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "fairshare-shards-"));
  for (let i = 1; i <= n; i += 1) await ok(["sweep", file, "--shard", `${i}/${n}`, "--workers", String(workers), "--out", dir]);
  return dir;
}

describe("sweep --workers N and --shard I/N with merge: the unsharded single-thread run's bytes", () => {
  const file = sweepFile();
  let single: Record<string, string>;
  beforeAll(async () => {
    const out = mkdtempSync(join(tmpdir(), "fairshare-single-"));
    await ok(["sweep", file, "--out", out]);
    single = outputs(out);
    expect(JSON.parse(single["sweep.json"]).rows).toHaveLength(CELLS * 4 * 2);
    expect(JSON.parse(single["verdicts.json"]).points).toHaveLength(4);
  });

  it("--workers 2 writes the same sweep.json, sweep.csv, verdicts.json and verdicts.md as --workers 1, --check included", async () => {
    const out = mkdtempSync(join(tmpdir(), "fairshare-workers-"));
    const stdout = await ok(["sweep", file, "--workers", "2", "--check", "--out", out]);
    expect(stdout).toBe(`parallel: 4 points × 2 seeds (64 rows) → ${out}/sweep.{json,csv}, ${out}/verdicts.{json,md}\n`);
    expect(outputs(out)).toEqual(single);
    expect(readdirSync(out).sort()).toEqual(OUTPUTS);
  });

  it("one shard merged writes the unsharded run's bytes, verdicts included", async () => {
    const dir = await shards(file, 1);
    expect(readdirSync(dir)).toEqual(["shard-1-of-1.json"]);
    await ok(["merge", dir]);
    expect(outputs(dir)).toEqual(single);
  });

  it("three shards merged write the unsharded run's bytes, and so do three shards on 2 workers each", async () => {
    for (const workers of [1, 2]) {
      const dir = await shards(file, 3, workers);
      const out = join(dir, "merged");
      expect(await ok(["merge", dir, "--out", out])).toBe(`parallel: 3 shards merged (64 rows) → ${out}/sweep.{json,csv}, ${out}/verdicts.{json,md}\n`);
      expect(outputs(out)).toEqual(single);
    }
  });

  it("a shard holds exactly its cells, cell k going to shard (k mod n) + 1, and leaves no checkpoint behind", async () => {
    const dir = await shards(file, 3);
    expect(readdirSync(dir).sort()).toEqual(["shard-1-of-3.json", "shard-2-of-3.json", "shard-3-of-3.json"]);
    const cellsOf = (i: number) => Object.keys((JSON.parse(readFileSync(join(dir, `shard-${i}-of-3.json`), "utf8")) as { cells: object }).cells);
    expect([1, 2, 3].map(cellsOf)).toEqual([["0", "3", "6"], ["1", "4", "7"], ["2", "5"]]);
  });
});

describe("merge refuses shards that do not make one sweep: one line naming the file, exit 2, nothing written", () => {
  const file = sweepFile();
  let three: string;
  beforeAll(async () => {
    three = await shards(file, 3);
  });

  /** A copy of the three shards with `edit` applied to the copy's folder. */
  function damaged(edit: (dir: string) => void): string {
    const dir = mkdtempSync(join(tmpdir(), "fairshare-damaged-"));
    for (const name of readdirSync(three)) copyFileSync(join(three, name), join(dir, name));
    edit(dir);
    return dir;
  }

  async function refused(dir: string, ...mentions: string[]): Promise<void> {
    const out = join(dir, "merged");
    const { code, stdout, stderr } = await runCommand(["merge", dir, "--out", out]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/^fairshare merge: [^\n]*\n$/);
    for (const mention of mentions) expect(stderr).toContain(mention);
    expect(existsSync(out)).toBe(false);
    for (const name of OUTPUTS) expect(existsSync(join(dir, name))).toBe(false);
  }

  it("a missing shard", async () => {
    const dir = damaged((d) => rmSync(join(d, "shard-2-of-3.json")));
    await refused(dir, `${dir}: shard 2 of 3 is missing (shard-2-of-3.json)`);
  });

  it("a shard file that is not a shard file (empty)", async () => {
    const dir = damaged((d) => writeFileSync(join(d, "shard-2-of-3.json"), ""));
    await refused(dir, `${dir}/shard-2-of-3.json`, "not valid JSON");
  });

  it("a duplicated shard (shard 2 copied over shard 3)", async () => {
    const dir = damaged((d) => copyFileSync(join(d, "shard-2-of-3.json"), join(d, "shard-3-of-3.json")));
    await refused(dir, `${dir}/shard-3-of-3.json: holds shard 2 of 3, as ${dir}/shard-2-of-3.json does`);
  });

  it("a shard from another sweep (other seeds)", async () => {
    const other = await shards(sweepFile({ ...GRID, seeds: 3 }), 3);
    const dir = damaged((d) => copyFileSync(join(other, "shard-2-of-3.json"), join(d, "shard-2-of-3.json")));
    await refused(dir, `${dir}/shard-2-of-3.json: is not of the same sweep as ${dir}/shard-1-of-3.json (sweep digest`);
  });

  it("a shard of another split (shard 2 of 4 among shards of 3)", async () => {
    const four = await shards(file, 4);
    const dir = damaged((d) => copyFileSync(join(four, "shard-2-of-4.json"), join(d, "shard-2-of-4.json")));
    await refused(dir, "shard-2-of-4.json: is not of the same sweep", "shard count 4 vs 3");
  });

  it("a folder with no shard files", async () => {
    const dir = mkdtempSync(join(tmpdir(), "fairshare-empty-"));
    mkdirSync(join(dir, "sub"));
    await refused(dir, dir, "no shard files");
  });
});
