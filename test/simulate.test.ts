import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCommand } from "./runCommand.js";
import { CSV_COLUMNS } from "../experiments/recordsCsv.js";
import type { RunRecord } from "../experiments/records.js";
import { tinyConfig } from "./fixtures/tinyRun.js";

const run = (argv: string[]) => runCommand(argv);

const scratch = () => mkdtempSync(join(tmpdir(), "fairshare-simulate-"));

function configFile(dir: string, overrides: Record<string, unknown> = {}): string {
  const path = join(dir, "config.json");
  writeFileSync(path, JSON.stringify({ ...tinyConfig, periods: 6, groups: ["fairshare", "random", "exploitative"], ...overrides }));
  return path;
}

describe("simulate CONFIG [--seed S] [--out DIR]", () => {
  it("writes records.json with the config and seed that made it, and records.csv with one row per period × group × agent", async () => {
    const dir = scratch();
    const out = join(dir, "out");
    const result = await run(["simulate", configFile(dir), "--seed", "9", "--out", out]);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    const record = JSON.parse(readFileSync(join(out, "records.json"), "utf8")) as RunRecord;
    expect(record.seed).toBe(9);
    expect(record.config.periods).toBe(6);
    const lines = readFileSync(join(out, "records.csv"), "utf8").trimEnd().split("\n");
    expect(lines[0]).toBe(CSV_COLUMNS.join(","));
    const agents = record.groups.flatMap((g) => g.periods).reduce((sum, p) => sum + p.buyers.length + p.sellers.length, 0);
    expect(lines.length - 1).toBe(agents);
    const seller = lines.find((l) => l.includes(",seller,S1,"))!.split(",");
    expect(seller[CSV_COLUMNS.indexOf("group")]).toBe("fairshare");
    expect(Number(seller[CSV_COLUMNS.indexOf("fair_price")])).toBe(record.groups[0].periods[0].sellers[0].fairPrice);
  });

  it("the same seed gives the same bytes; another seed gives other records", async () => {
    const dir = scratch();
    const config = configFile(dir, { valuation: { source: "synthetic", noise: 0.3 } });
    const bytes = async (seed: string, name: string) => {
      await run(["simulate", config, "--seed", seed, "--out", join(dir, name)]);
      return readFileSync(join(dir, name, "records.csv"), "utf8");
    };
    const first = await bytes("3", "a");
    expect(await bytes("3", "b")).toBe(first);
    expect(await bytes("4", "c")).not.toBe(first);
  });

  it.each([
    ["a discount above 1", { discount: 1.5 }, /discount: must lie in \(0, 1\], got 1.5/],
    ["a negative budget", { buyers: [{ id: "B1", budget: -3 }] }, /buyers\[0\]\.budget: must be > 0, got -3/],
    ["duplicate buyer ids", { buyers: [{ id: "B1", budget: 3 }, { id: "B1", budget: 4 }] }, /buyers\[1\]\.id: duplicate id "B1"/],
    ["a ρ that breaks A2", { participation: "linear:0" }, /participation: .*η = 0/],
    ["an unknown group", { groups: ["fairshare", "generous"] }, /groups\[1\]/],
    ["an unknown field", { colour: "red" }, /Unrecognized key: "colour"/],
  ])("refuses %s with one line naming the field and value, exit 2, and writes nothing", async (_, overrides, message) => {
    const dir = scratch();
    const out = join(dir, "out");
    const result = await run(["simulate", configFile(dir, overrides), "--out", out]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(existsSync(out)).toBe(false);
  });

  it("refuses a missing file, bad JSON, a bad --seed and a missing CONFIG", async () => {
    const dir = scratch();
    writeFileSync(join(dir, "bad.json"), "{ nope");
    expect((await run(["simulate", join(dir, "none.json")])).stderr).toMatch(/none\.json: cannot read the file \(ENOENT\)/);
    expect((await run(["simulate", join(dir, "bad.json")])).stderr).toMatch(/bad\.json: not valid JSON/);
    expect((await run(["simulate", configFile(dir), "--seed", "1.5"])).stderr).toMatch(/--seed must be a whole number ≥ 0, got "1.5"/);
    expect((await run(["simulate"])).code).toBe(2);
  });
});
