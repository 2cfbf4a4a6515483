/**
 * Fuzzing the input parsers: random bytes, random JSON, and valid inputs with one field replaced by a
 * random or hostile value. Every input ends in a result or a clean refusal (ConfigError / UsageError, or
 * exit 2 with one line through the CLI); any other exception fails the property and is shrunk to a minimal
 * input. The CSV/JSON valuation importer has its own fuzzers in valuationImport.test.ts.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { UsageError } from "../cli/errors.js";
import { parseMarketInstance } from "../cli/marketInstance.js";
import { parseConfig } from "../experiments/config.js";
import { ConfigError, readJson } from "../experiments/configFile.js";
import { loadSweep } from "../experiments/sweepConfig.js";
import { loadValuation } from "../experiments/valuation.js";
import { runCommand } from "./runCommand.js";

const RUNS = { seed: 20251, numRuns: 300 };
const scratch = mkdtempSync(join(tmpdir(), "fairshare-fuzz-"));
const market = JSON.parse(readFileSync("test/fixtures/sweep/market.json", "utf8")) as unknown;
const learned = JSON.parse(readFileSync("experiments/configs/learned.json", "utf8")) as unknown;
const instance = {
  buyers: [{ id: "B1", budget: 10 }, { id: "B2", budget: 4 }],
  sellers: [{ id: "S1", cost: 1 }, { id: "S2", cost: 0.5 }],
  values: [[6, 3], [2, 5]],
  prices: [2, 1],
};

/** Values that break parsers most often: non-finite numbers, −0, wrong types, empty containers, huge numbers. */
const hostile = fc.constantFrom<unknown>(Number.NaN, Infinity, -Infinity, -0, -1, 0, 1e308, 5e-324, 2 ** 53 + 1, "", "1", null, true, [], {}, [[]], { id: "B1" });
const anyValue = fc.oneof(fc.jsonValue(), hostile);

/** Every path to a node of `value` (the root included), so a mutation can replace any of them. */
function paths(value: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  if (typeof value !== "object" || value === null) return [prefix];
  const keys = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return [prefix, ...keys.flatMap((key) => paths((value as Record<string | number, unknown>)[key], [...prefix, key]))];
}

/** `base` with the node at a chosen path replaced by a random value, or deleted. */
function mutationsOf(base: unknown): fc.Arbitrary<unknown> {
  const all = paths(base);
  return fc.tuple(fc.integer({ min: 0, max: all.length - 1 }), fc.option(anyValue, { freq: 6 })).map(([index, value]) => {
    const path = all[index];
    if (path.length === 0) return value;
    const copy = structuredClone(base) as Record<string | number, unknown>;
    const parent = path.slice(0, -1).reduce<Record<string | number, unknown>>((node, key) => node[key] as Record<string | number, unknown>, copy);
    const key = path[path.length - 1];
    if (value === null && !Array.isArray(parent)) delete parent[key];
    else parent[key] = value;
    return copy;
  });
}

/** Random bytes, random text, random JSON text, and valid JSON text cut short. */
function textsAround(valid: string): fc.Arbitrary<string> {
  return fc.oneof(
    fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes).toString("utf8")),
    fc.string({ unit: "binary", maxLength: 200 }),
    fc.jsonValue().map((v) => JSON.stringify(v)),
    fc.integer({ min: 0, max: valid.length }).map((n) => valid.slice(0, n)),
  );
}

/** Runs `parse`; a refusal must be a one-line error of the expected class. */
function resultOrRefusal(parse: () => unknown, refusal: new (...args: never[]) => Error): void {
  try {
    parse();
  } catch (error) {
    if (!(error instanceof refusal)) throw error;
    expect(error.message).not.toContain("\n");
  }
}

describe("fuzzing: every input gives a result or a clean one-line refusal, never another exception", () => {
  it("the solve instance parser, on random texts and on valid instances with one node replaced", () => {
    fc.assert(fc.property(textsAround(JSON.stringify(instance)), (text) => resultOrRefusal(() => parseMarketInstance(text), UsageError)), RUNS);
    fc.assert(fc.property(mutationsOf(instance), (data) => resultOrRefusal(() => parseMarketInstance(JSON.stringify(data) ?? "undefined"), UsageError)), RUNS);
  });

  it("solve through the CLI: exit 0 with JSON on stdout, or exit 2 with one line, for mutated instances", async () => {
    await fc.assert(
      fc.asyncProperty(mutationsOf(instance), async (data) => {
        const { code, stdout, stderr } = await runCommand(["solve", "-"], JSON.stringify(data) ?? "");
        if (code === 0) expect(() => JSON.parse(stdout)).not.toThrow();
        else {
          expect(code).toBe(2);
          expect(stderr).toMatch(/^fairshare solve: [^\n]+\n$/);
        }
      }),
      { ...RUNS, numRuns: 150 },
    );
  });

  it("the config loader, on random bytes in a file and on the fixture market with one node replaced", () => {
    const file = join(scratch, "config.json");
    fc.assert(
      fc.property(textsAround(JSON.stringify(market)), (text) => {
        writeFileSync(file, text);
        resultOrRefusal(() => parseConfig(readJson(file), file), ConfigError);
      }),
      RUNS,
    );
    fc.assert(fc.property(mutationsOf(market), (data) => resultOrRefusal(() => parseConfig(data, "fuzz.json"), ConfigError)), RUNS);
  });

  it("the learned config and its source, on the study config with one node replaced", () => {
    // Opening the source is where a learned config meets its task's size, so the fuzz reaches it too.
    fc.assert(fc.property(mutationsOf(learned), (data) => resultOrRefusal(() => loadValuation(parseConfig(data, "fuzz.json"), null), ConfigError)), RUNS);
  });

  it("a value nested too deeply for JSON.stringify to quote is refused by field, not with a RangeError", () => {
    const deep = JSON.parse(`${"[".repeat(20_000)}${"]".repeat(20_000)}`) as unknown;
    expect(() => parseConfig({ ...(market as object), periods: deep }, "deep.json")).toThrow(/^deep\.json: periods: .*nested too deeply to show/);
    const file = join(scratch, "deep-grid.json");
    writeFileSync(join(scratch, "market.json"), JSON.stringify(market));
    writeFileSync(file, `{"name": "d", "base": "market.json", "grid": {"discount": [${"[".repeat(20_000)}${"]".repeat(20_000)}]}}`);
    expect(() => loadSweep(file)).toThrow(ConfigError);
  });

  it("the sweep loader, on random sweep files and on a valid sweep with one node replaced", () => {
    writeFileSync(join(scratch, "market.json"), JSON.stringify(market));
    const sweep = { name: "f", base: "market.json", grid: { discount: [0.9, 0.5], "buyers[1].budget": [3] }, seeds: 2 };
    const file = join(scratch, "sweep.json");
    fc.assert(
      fc.property(fc.oneof(textsAround(JSON.stringify(sweep)), mutationsOf(sweep).map((d) => JSON.stringify(d) ?? "")), (text) => {
        writeFileSync(file, text);
        resultOrRefusal(() => loadSweep(file), ConfigError);
      }),
      RUNS,
    );
  });

  it("grid values replaced by random JSON reach the config's validation and are refused by field, or run", () => {
    writeFileSync(join(scratch, "market.json"), JSON.stringify(market));
    const file = join(scratch, "grid.json");
    const field = fc.constantFrom("discount", "periods", "policy.reducedFactor", "buyers[0].budget", "sellers.tiers[0].count", "participation", "valuation", "groups");
    fc.assert(
      fc.property(field, fc.array(anyValue, { minLength: 1, maxLength: 3 }), (key, values) => {
        writeFileSync(file, JSON.stringify({ name: "g", base: "market.json", grid: { [key]: values } }));
        resultOrRefusal(() => loadSweep(file), ConfigError);
      }),
      RUNS,
    );
  });
});
