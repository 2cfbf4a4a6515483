import { existsSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadConfig, parseConfig } from "../experiments/config.js";
import { readJson, validate } from "../experiments/configFile.js";
import { JOBS } from "../experiments/figureSet.js";
import { theoryConfigSchemas } from "../experiments/theoryConfigs.js";

const files = readdirSync("experiments/configs").filter((f) => f.endsWith(".json"));

describe("experiments/configs", () => {
  it.each(files)("%s validates against its schema", (file) => {
    const path = `experiments/configs/${file}`;
    const data = readJson(path) as { figure?: keyof typeof theoryConfigSchemas };
    if (data.figure === undefined) expect(loadConfig(path).name).toBe(file.replace(/\.json$/, ""));
    else expect(() => validate(theoryConfigSchemas[data.figure!], data, path)).not.toThrow();
  });

  it("every config is used by a figure job, and every job's config exists", () => {
    // learned.json feeds two jobs: the learning curve and the study; the atlas's job reads a sweep instead.
    const configs = JOBS.map((job) => job.config).filter((path) => path.startsWith("experiments/configs/"));
    expect([...new Set(configs.map((path) => path.replace("experiments/configs/", "")))].sort()).toEqual([...files].sort());
    for (const path of JOBS.map((job) => job.config)) expect(existsSync(path), path).toBe(true);
  });
});

describe("parseConfig", () => {
  const base = readJson("experiments/configs/fig2.json") as Record<string, unknown>;

  it("fills the documented defaults", () => {
    const config = parseConfig({ ...base, policy: undefined, entry: undefined }, "x");
    expect(config.policy.reducedFactor).toBe(0.7);
    expect(config.entry.probability).toBe(0);
    expect(config.algorithm1).toEqual({ tolerance: 1e-9, maxRounds: 50, mwp: "exact" });
  });

  it.each([
    ["periods", { periods: 0 }, /periods: .*got 0/],
    ["κ outside [0, 1]", { policy: { reducedFactor: 1.2 } }, /policy\.reducedFactor: must lie in \[0, 1\], got 1\.2/],
    ["a repeated group", { groups: ["fairshare", "fairshare"] }, /groups: must not repeat a group/],
    ["a tier with no sellers", { sellers: { tiers: [{ name: "t", quality: 1, count: 0 }], cost: { base: 0, perQuality: 0 } } }, /sellers\.tiers\[0\]\.count/],
    ["a negative cost", { sellers: { tiers: [{ name: "t", quality: 1, count: 1 }], cost: { base: -1, perQuality: 0 } } }, /sellers\.cost\.base: must be ≥ 0, got -1/],
    ["an unknown valuation source", { valuation: { source: "oracle" } }, /valuation\.source/],
    ["no buyers", { buyers: [] }, /buyers: /],
    ["NaN built in code", { discount: Number.NaN }, /discount: .*NaN/],
  ])("refuses %s, naming the field", (_, overrides, message) => {
    expect(() => parseConfig({ ...base, ...overrides }, "x")).toThrow(message);
  });
});
