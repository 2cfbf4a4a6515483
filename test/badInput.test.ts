/**
 * The bad-input table: every entry point refuses each bad input with one line on stderr that names the
 * field and the value, exit code 2, no stack trace, nothing on stdout and no file written.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCommand } from "./runCommand.js";

const market = JSON.parse(readFileSync("test/fixtures/sweep/market.json", "utf8")) as Record<string, unknown>;

/** The fixture market with `edit` applied to a deep copy. */
function marketWith(edit: (config: Record<string, any>) => void): Record<string, unknown> {
  const copy = structuredClone(market);
  edit(copy);
  return copy;
}

const instance = {
  buyers: [{ id: "B1", budget: 10 }, { id: "B2", budget: 4 }],
  sellers: [{ id: "S1", cost: 1 }, { id: "S2", cost: 0.5 }],
  values: [[6, 3], [2, 5]],
};
const horizonFlags = { "--V": "10", "--pstar": "6", "--c": "1", "--p": "3", "--delta": "0.9", "--rho": "linear:0.5" };
const horizonWith = (changes: Record<string, string | null>) =>
  Object.entries({ ...horizonFlags, ...changes }).flatMap(([flag, value]) => (value === null ? [] : [flag, value]));

interface Case {
  /** What is wrong. */
  name: string;
  /** The command line; `OUT` is replaced by a path that must not exist afterwards, `DIR/x` by a file of the case's folder. */
  argv: string[];
  /** Files written to the case's folder first: name → contents (objects as JSON). */
  files?: Record<string, unknown>;
  stdin?: string;
  /** Each must appear in the one-line message: the field and the value. */
  mentions: string[];
}

const config = (edit: (c: Record<string, any>) => void): Pick<Case, "argv" | "files"> => ({
  argv: ["simulate", "DIR/market.json", "--out", "OUT"],
  files: { "market.json": marketWith(edit) },
});
const sweepOf = (sweep: Record<string, unknown>): Pick<Case, "argv" | "files"> => ({
  argv: ["sweep", "DIR/grid.json", "--out", "OUT"],
  files: { "market.json": market, "grid.json": { name: "g", base: "market.json", grid: { discount: [0.9] }, ...sweep } },
});
const sweepWith = (flags: string[]): Pick<Case, "argv" | "files"> => ({ ...sweepOf({}), argv: [...sweepOf({}).argv, ...flags] });
const imported = (csv: string): Pick<Case, "argv" | "files"> => ({
  argv: ["simulate", "DIR/market.json", "--valuation", "import:DIR/scores.csv", "--out", "OUT"],
  files: { "market.json": market, "scores.csv": csv },
});
const solveOf = (data: unknown): Pick<Case, "argv" | "stdin"> => ({ argv: ["solve", "-"], stdin: typeof data === "string" ? data : JSON.stringify(data) });

const CASES: Case[] = [
  // Experiment configs
  { name: "periods of the wrong type", ...config((c) => (c.periods = "ten")), mentions: ["periods", '"ten"'] },
  { name: "a missing field", ...config((c) => delete c.periods), mentions: ["periods", "required"] },
  { name: "δ = 0", ...config((c) => (c.discount = 0)), mentions: ["discount", "(0, 1]", "got 0"] },
  { name: "δ > 1", ...config((c) => (c.discount = 1.5)), mentions: ["discount", "1.5"] },
  { name: "a negative budget", ...config((c) => (c.buyers[0].budget = -3)), mentions: ["buyers[0].budget", "-3"] },
  { name: "a zero budget", ...config((c) => (c.buyers[1].budget = 0)), mentions: ["buyers[1].budget", "got 0"] },
  { name: "an infinite budget (1e999 in the file)", argv: ["simulate", "DIR/market.json", "--out", "OUT"], files: { "market.json": JSON.stringify(market).replace('"budget":20', '"budget":1e999') }, mentions: ["buyers[0].budget", "Infinity"] },
  { name: "a negative cost", ...config((c) => (c.sellers.cost.base = -1)), mentions: ["sellers.cost.base", "-1"] },
  { name: "κ > 1", ...config((c) => (c.policy = { reducedFactor: 1.2 })), mentions: ["policy.reducedFactor", "1.2"] },
  { name: "κ < 0", ...config((c) => (c.policy = { reducedFactor: -0.1 })), mentions: ["policy.reducedFactor", "-0.1"] },
  { name: "a ρ that breaks A2 (decreasing)", ...config((c) => (c.participation = "expr:1-x/2")), mentions: ["participation", "A2", "expr:1-x/2"] },
  { name: "a ρ family that does not exist", ...config((c) => (c.participation = "cubic:1")), mentions: ["participation", "cubic:1"] },
  { name: "η outside (0, 1]", ...config((c) => (c.participation = "linear:2")), mentions: ["participation", "linear:2"] },
  { name: "duplicate buyer ids", ...config((c) => (c.buyers[1].id = "B1")), mentions: ["buyers[1].id", '"B1"'] },
  { name: "no buyers (an empty market)", ...config((c) => (c.buyers = [])), mentions: ["buyers", "[]"] },
  { name: "no seller tiers (an empty market)", ...config((c) => (c.sellers.tiers = [])), mentions: ["sellers.tiers", "[]"] },
  { name: "a tier of zero sellers", ...config((c) => (c.sellers.tiers[1].count = 0)), mentions: ["sellers.tiers[1].count", "got 0"] },
  { name: "a repeated group", ...config((c) => (c.groups = ["fairshare", "fairshare"])), mentions: ["groups", '"fairshare","fairshare"'] },
  { name: "an unknown group", ...config((c) => (c.groups = ["greedy"])), mentions: ["groups[0]", '"greedy"'] },
  { name: "an unknown field", ...config((c) => (c.budgets = 3)), mentions: ["budgets"] },
  { name: "an unknown valuation source", ...config((c) => (c.valuation = { source: "oracle" })), mentions: ["valuation.source", '"oracle"'] },
  { name: "a negative seed", ...config((c) => (c.seed = -1)), mentions: ["seed", "-1"] },
  { name: "an entry probability above 1", ...config((c) => (c.entry = { probability: 2 })), mentions: ["entry.probability", "got 2"] },
  { name: "a config that is not JSON", argv: ["simulate", "DIR/market.json", "--out", "OUT"], files: { "market.json": "{ periods: 3 }" }, mentions: ["market.json", "not valid JSON"] },
  { name: "a config file that does not exist", argv: ["simulate", "DIR/nowhere.json", "--out", "OUT"], mentions: ["nowhere.json", "ENOENT"] },
  // the learned valuation source (MODEL §7)
  { name: "an unknown learned task", ...config((c) => (c.valuation = { source: "learned", task: "mnist", method: "loo" })), mentions: ["valuation.task", '"mnist"'] },
  { name: "an unknown valuation method", ...config((c) => (c.valuation = { source: "learned", task: "cars", method: "datamodels" })), mentions: ["valuation.method", '"datamodels"'] },
  { name: "a learned quality above 1", ...config((c) => ((c.valuation = { source: "learned", task: "cars", method: "loo" }), (c.sellers.tiers[0].quality = 3))), mentions: ["sellers.tiers[0].quality", "(0, 1]", "got 3"] },
  { name: "a learned split larger than its task", ...config((c) => ((c.valuation = { source: "learned", task: "penguins", method: "loo", pool: 300 }), (c.sellers.tiers.forEach((t: { quality: number }) => (t.quality = 0.9))))), mentions: ["valuation", "342 rows", "got 500"] },
  { name: "a TMC truncation of 1", ...config((c) => (c.valuation = { source: "learned", task: "cars", method: "tmcShapley", truncation: 1 })), mentions: ["valuation.truncation", "got 1"] },
  // valuation imports (test/valuationImport.test.ts has the full table of bad files)
  { name: "an imported value that is negative", ...imported("buyer,seller,period,value\nB1,S1,1,-0.5\n"), mentions: ["scores.csv:2", "value", '"-0.5"'] },
  { name: "an imported row for an unknown seller", ...imported("buyer,seller,period,value\nB1,S99,1,0.5\n"), mentions: ["scores.csv:2", "seller", '"S99"'] },
  { name: "an imported period beyond the horizon", ...imported("buyer,seller,period,value\nB1,S1,61,0.5\n"), mentions: ["scores.csv:2", "period", '"61"'] },
  { name: "an imported value that is not a number", ...imported("buyer,seller,period,value\nB1,S1,1,NaN\n"), mentions: ["scores.csv:2", "value", '"NaN"'] },
  { name: "an imported file missing rows", ...imported("buyer,seller,period,value\nB1,S1,1,0.5\n"), mentions: ["scores.csv", "missing the row"] },
  { name: "--valuation that is not import:FILE", argv: ["simulate", "DIR/market.json", "--valuation", "synthetic", "--out", "OUT"], files: { "market.json": market }, mentions: ["--valuation", '"synthetic"'] },
  // simulate's flags
  { name: "--mwp that is not exact or fractional", argv: ["simulate", "DIR/market.json", "--mwp", "lp", "--out", "OUT"], files: { "market.json": market }, mentions: ["--mwp", "\"lp\""] },
  { name: "a config whose algorithm1.mwp is unknown", argv: ["simulate", "DIR/market.json", "--out", "OUT"], files: { "market.json": { ...market, algorithm1: { mwp: "lp" } } }, mentions: ["algorithm1.mwp", "lp"] },
  { name: "--seed that is not a number", argv: ["simulate", "DIR/market.json", "--seed", "abc", "--out", "OUT"], files: { "market.json": market }, mentions: ["--seed", '"abc"'] },
  { name: "--seed beyond 32 bits", argv: ["simulate", "DIR/market.json", "--seed", "4294967296", "--out", "OUT"], files: { "market.json": market }, mentions: ["--seed", "4294967296"] },
  { name: "an unknown flag", argv: ["simulate", "DIR/market.json", "--sed", "1", "--out", "OUT"], files: { "market.json": market }, mentions: ["--sed"] },
  { name: "two config files", argv: ["simulate", "DIR/market.json", "DIR/market.json", "--out", "OUT"], files: { "market.json": market }, mentions: ["one CONFIG", "market.json"] },
  // solve instances
  { name: "an instance that is not JSON", ...solveOf("{buyers: []"), mentions: ["instance", "not valid JSON"] },
  { name: "an instance without buyers", ...solveOf({ sellers: instance.sellers, values: [] }), mentions: ["buyers", "array"] },
  { name: "values with one row too few (shape mismatch)", ...solveOf({ ...instance, values: [[6, 3]] }), mentions: ["values", "one row per buyer (2)", "1 rows"] },
  { name: "a values row one seller short", ...solveOf({ ...instance, values: [[6, 3], [2]] }), mentions: ["values[1]", "(2)", "got 1"] },
  { name: "a negative seller cost", ...solveOf({ ...instance, sellers: [{ id: "S1", cost: -2 }, instance.sellers[1]] }), mentions: ["sellers[0].cost", "-2"] },
  { name: "a value given as the string NaN", ...solveOf({ ...instance, values: [[6, "NaN"], [2, 5]] }), mentions: ["values[0][1]", '"NaN"'] },
  { name: "a negative budget", ...solveOf({ ...instance, buyers: [instance.buyers[0], { id: "B2", budget: -4 }] }), mentions: ["buyers[1].budget", "-4"] },
  { name: "duplicate seller ids", ...solveOf({ ...instance, sellers: [instance.sellers[0], { id: "S1", cost: 0 }] }), mentions: ["sellers[1].id", '"S1"', "duplicate"] },
  { name: "prices for the wrong number of sellers", ...solveOf({ ...instance, prices: [1] }), mentions: ["prices", "(2)", "got 1"] },
  { name: "no buyers (an empty market)", ...solveOf({ ...instance, buyers: [], values: [] }), mentions: ["buyers", "[]"] },
  { name: "an unknown instance field", ...solveOf({ ...instance, budget: 3 }), mentions: ["unknown field", '"budget"'] },
  // horizon's flags
  { name: "δ = 0", argv: ["horizon", ...horizonWith({ "--delta": "0" })], mentions: ["--delta", "(0, 1]", "got 0"] },
  { name: "δ > 1", argv: ["horizon", ...horizonWith({ "--delta": "1.01" })], mentions: ["--delta", "1.01"] },
  { name: "a negative value", argv: ["horizon", ...horizonWith({ "--V": null }), "--V=-1"], mentions: ["--V", "-1"] },
  { name: "a negative value without '=' (parseArgs' several lines made one)", argv: ["horizon", ...horizonWith({ "--V": "-1" })], mentions: ["--V", "--V=-XYZ"] },
  { name: "p* outside (c, V)", argv: ["horizon", ...horizonWith({ "--pstar": "12" })], mentions: ["--pstar", "12"] },
  { name: "a missing --rho", argv: ["horizon", ...horizonWith({ "--rho": null })], mentions: ["--rho", "required"] },
  { name: "a ρ spec that does not parse", argv: ["horizon", ...horizonWith({ "--rho": "linear:x" })], mentions: ["--rho", "linear:x"] },
  { name: "a horizon T of 0", argv: ["horizon", ...horizonWith({ "--T": "1,0" })], mentions: ["--T", '"0"'] },
  { name: "a value that is not a number", argv: ["horizon", ...horizonWith({ "--V": "ten" })], mentions: ["--V", '"ten"'] },
  { name: "an infinite value", argv: ["horizon", ...horizonWith({ "--V": "Infinity" })], mentions: ["--V", '"Infinity"'] },
  // figures' flags
  { name: "an unknown figure id", argv: ["figures", "--only", "fig4a,fig9", "--out", "OUT"], mentions: ["--only", '"fig9"'] },
  { name: "--seeds 0", argv: ["figures", "--only", "fig4a", "--seeds", "0", "--out", "OUT"], mentions: ["--seeds", '"0"'] },
  { name: "a fractional --seeds", argv: ["figures", "--seeds", "1.5", "--out", "OUT"], mentions: ["--seeds", '"1.5"'] },
  { name: "a stray argument", argv: ["figures", "fig3", "--out", "OUT"], mentions: ["fig3"] },
  // sweeps
  { name: "a grid field past the end of an array", ...sweepOf({ grid: { "buyers[5].budget": [3] } }), mentions: ["buyers[5].budget", "element [5]"] },
  { name: "a grid value that breaks the config", ...sweepOf({ grid: { discount: [0.9, 2] } }), mentions: ["point discount=2", "discount", "got 2"] },
  { name: "a grid value of the wrong type", ...sweepOf({ grid: { "buyers[0].budget": ["lots"] } }), mentions: ["buyers[0].budget", '"lots"'] },
  { name: "an empty grid", ...sweepOf({ grid: {} }), mentions: ["grid", "at least one field"] },
  { name: "a grid field with no values", ...sweepOf({ grid: { discount: [] } }), mentions: ["grid.discount", "[]"] },
  { name: "a grid key that is not a field path", ...sweepOf({ grid: { "buyers..budget": [1] } }), mentions: ["grid", "field path"] },
  { name: "seeds = 0", ...sweepOf({ seeds: 0 }), mentions: ["seeds", "got 0"] },
  { name: "too many cells", ...sweepOf({ grid: { discount: Array.from({ length: 1000 }, (_, k) => 0.5 + k / 4000) }, seeds: 1001 }), mentions: ["grid", "1000 points × 1001 seeds"] },
  { name: "a base config that does not exist", ...sweepOf({ base: "missing.json" }), mentions: ["missing.json", "ENOENT"] },
  { name: "sweep --mwp that is not exact or fractional", ...sweepWith(["--mwp", "lp"]), mentions: ["--mwp", "\"lp\""] },
  { name: "--workers 0", ...sweepWith(["--workers", "0"]), mentions: ["--workers", '"0"'] },
  { name: "--workers above the maximum", ...sweepWith(["--workers", "65"]), mentions: ["--workers", "1..64", '"65"'] },
  { name: "--workers that is not a number", ...sweepWith(["--workers", "two"]), mentions: ["--workers", '"two"'] },
  { name: "--shard beyond its count", ...sweepWith(["--shard", "4/3"]), mentions: ["--shard", '"4/3"'] },
  { name: "--shard 0", ...sweepWith(["--shard", "0/3"]), mentions: ["--shard", '"0/3"'] },
  { name: "--shard without a count", ...sweepWith(["--shard", "2"]), mentions: ["--shard", "I/N", '"2"'] },
  { name: "merge of a folder with no shard files", argv: ["merge", "DIR/", "--out", "OUT"], files: { "market.json": market }, mentions: ["no shard files"] },
  { name: "merge of a folder that does not exist", argv: ["merge", "DIR/nowhere", "--out", "OUT"], mentions: ["nowhere", "ENOENT"] },
  // verify-lemmas and report
  { name: "--runs 0", argv: ["verify-lemmas", "--runs", "0", "--out", "OUT"], mentions: ["--runs", '"0"'] },
  { name: "an unknown lemma id", argv: ["verify-lemmas", "--only", "L9", "--out", "OUT"], mentions: ["--only", "L9"] },
  { name: "a report without figures", argv: ["report", "--figures", "DIR/none", "--lemmas", "DIR/none.json", "--out", "OUT"], mentions: ["none"] },
  // the command itself
  { name: "an unknown command", argv: ["simulat"], mentions: ['"simulat"'] },
];

describe("every bad input is refused with one line naming the field and the value, exit 2, no stack trace and no file written", () => {
  it("the table holds at least 40 cases", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
  });

  it.each(CASES.map((c) => [`${c.argv[0]}: ${c.name}`, c] as const))("%s", async (_, c) => {
    const dir = mkdtempSync(join(tmpdir(), "fairshare-bad-"));
    for (const [name, contents] of Object.entries(c.files ?? {})) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, name), typeof contents === "string" ? contents : JSON.stringify(contents));
    }
    const out = join(dir, "out");
    const argv = c.argv.map((arg) => arg.replace(/^OUT$/, out).replace(/^(import:)?DIR\//, `$1${dir}/`));
    const { code, stdout, stderr } = await runCommand(argv, c.stdin ?? "");
    expect(code).toBe(2);
    // An unknown command is followed by the usage text.
    const message = c.argv[0] === "simulat" ? `${stderr.split("\n")[0]}\n` : stderr;
    expect(message).toMatch(/^fairshare[^\n]*\n$/);
    for (const mention of c.mentions) expect(message).toContain(mention);
    expect(message).not.toMatch(/\n\s+at |Error:/);
    if (c.argv[0] !== "simulat") expect(stdout).toBe("");
    expect(existsSync(out)).toBe(false);
  });
});
