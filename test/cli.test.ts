import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Io } from "../cli/io.js";
import { main } from "../cli/main.js";
import { COMMAND_USAGE, USAGE } from "../cli/usage.js";
import { FIGURES_USAGE } from "../cli/figures.js";
import { HORIZON_USAGE } from "../cli/horizon.js";
import { MERGE_USAGE } from "../cli/merge.js";
import { REPORT_USAGE } from "../cli/report.js";
import { SIMULATE_USAGE } from "../cli/simulate.js";
import { SOLVE_USAGE } from "../cli/solve.js";
import { SWEEP_USAGE } from "../cli/sweep.js";
import { VERIFY_USAGE } from "../cli/verifyLemmas.js";
import { horizonByLoop, utilityByLoop } from "./reference/oneBuyerLoops.js";
import { runCommand } from "./runCommand.js";

/** Runs a command in-process and captures what it prints (main imports the command's module, so it is asynchronous). */
const run = runCommand;

const scratch = (): string => mkdtempSync(join(tmpdir(), "fairshare-cli-"));

// One buyer with budget 5; values 4 and 3. Derived by hand from MODEL §2–§3 (docs/model.md):
// at prices (2, 2) the budget fits both (cost 4 ≤ 5). MWP_1: over S' = {S2}, min(5 − 2, 4 + 1 − 1) = 3;
// over S' = ∅, min(5, 4 − 1) = 3; so 3. MWP_2: over S' = {S1}, min(5 − 2, 3 + 2 − 2) = 3. Each
// seller's Lemma 2 price against a single MWP of 3 is 3. Royalty rates a = MWP / V = 3/4 and 3/3.
const twoSellers = {
  buyers: [{ id: "B1", budget: 5 }],
  sellers: [
    { id: "S1", cost: 0.5 },
    { id: "S2", cost: 0.5 },
  ],
  values: [[4, 3]],
};

describe("usage", () => {
  it("--help prints every command's usage line at once, without importing a command (main answers synchronously)", () => {
    let stdout = "";
    const io: Io = { stdout: (t) => (stdout += t), stderr: () => {}, readStdin: () => "" };
    expect(main(["--help"], io)).toBe(0);
    expect(stdout).toBe(`${USAGE}\n`);
    expect(main([], io)).toBe(2);
  });

  it("an unknown command is refused at once with exit 2 and the usage", () => {
    let stderr = "";
    const io: Io = { stdout: () => {}, stderr: (t) => (stderr += t), readStdin: () => "" };
    expect(main(["hoirzon"], io)).toBe(2);
    expect(stderr).toBe(`fairshare: unknown command "hoirzon"\n${USAGE}\n`);
    expect(main(["toString"], io)).toBe(2);
  });

  it("cli/usage.ts has each command module's own usage line, in the order --help always printed them", () => {
    expect(COMMAND_USAGE).toEqual({
      "verify-lemmas": VERIFY_USAGE,
      solve: SOLVE_USAGE,
      horizon: HORIZON_USAGE,
      simulate: SIMULATE_USAGE,
      figures: FIGURES_USAGE,
      sweep: SWEEP_USAGE,
      merge: MERGE_USAGE,
      report: REPORT_USAGE,
    });
    expect(USAGE.split("\n")).toEqual(["usage: npm run fairshare -- <command>", ...[VERIFY_USAGE, SOLVE_USAGE, HORIZON_USAGE, SIMULATE_USAGE, FIGURES_USAGE, SWEEP_USAGE, MERGE_USAGE, REPORT_USAGE].map((line) => `  ${line}`)]);
  });
});

describe("solve", () => {
  it("solve FILE with prices reports MWPs, purchases, revenues, best responses and royalty rates", async () => {
    const { code, stdout } = await run(["solve", "-"], JSON.stringify({ ...twoSellers, prices: [2, 2] }));
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.mwp).toEqual({ B1: { S1: 3, S2: 3 } });
    expect(result.purchases).toEqual({ B1: ["S1", "S2"] });
    expect(result.revenue).toEqual({ S1: 2, S2: 2 });
    expect(result.bestResponse).toEqual({ S1: 3, S2: 3 });
    expect(result.royaltyRates).toEqual({ S1: 0.75, S2: 1 });
  });

  it("solve FILE without prices reports Algorithm 1's fixed point and who buys at it", async () => {
    // Start (4, 3) = min(V, B). Against (·, 3) seller S2's surplus is 0, so K(5 − q; −1) = K(5; −1) = 0
    // and MWP_1 = min(V, B) = 4; likewise MWP_2 = 3: the start is already the fixed point. At (4, 3)
    // both fit alone but not together (7 > 5); both bundles have surplus 0 and the larger total value,
    // {S1}, wins the tie: S2 sells nothing.
    const dir = scratch();
    const file = join(dir, "market.json");
    writeFileSync(file, JSON.stringify(twoSellers));
    const { code, stdout } = await run(["solve", file]);
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.fairPrices).toEqual({ S1: 4, S2: 3 });
    expect(result.converged).toBe(true);
    expect(result.purchases).toEqual({ B1: ["S1"] });
    expect(result.revenue).toEqual({ S1: 4, S2: 0 });
    expect(result.royaltyRates).toEqual({ S1: 1, S2: 1 });
  });

  it.each([
    [{ ...twoSellers, buyers: [{ id: "B1", budget: -3 }] }, "buyers[0].budget must be a finite number > 0, got -3"],
    [{ ...twoSellers, values: [[4]] }, "values[0] must have one entry per seller (2), got 1"],
    [{ ...twoSellers, prices: [1] }, "prices must have one entry per seller (2), got 1"],
    [{ ...twoSellers, sellers: [{ id: "S1", cost: 0 }, { id: "S1", cost: 0 }] }, 'sellers[1].id "S1" is a duplicate id'],
  ])("solve refuses a bad instance with one line naming the field (%#)", async (instance, message) => {
    const { code, stdout, stderr } = await run(["solve", "-"], JSON.stringify(instance));
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toBe(`fairshare solve: ${message}\n`);
  });
});

describe("horizon", () => {
  // V = 10, p* = 6, c = 1, p = 3, δ = 0.9, ρ(x) = 1 − 0.5(1 − x), so ρ(p/p*) = 0.75, u* = 4, V − p = 7.
  // Reference values by hand (geometric sums), cross-checked by the direct sums of
  // test/reference/oneBuyerLoops.ts (the second test of this block runs them):
  // U_1 = 7, U_2 = 7(1 + 0.675) = 11.725; U*_1 = 4, U*_2 = 7.6; T̂ = 7 (U_6: 19.501 > 18.742,
  // U_7: 20.163 < 20.868); δ₀ = (7 − 4)/(7 − 0.75·4) = 0.75; δ̲: the ratio
  // 6(1 − x)/(6(1 − x) + 0.5(1 − x)·4) is 0.75 for every x, so δ̲ = 0.75.
  const flags = ["--V", "10", "--pstar", "6", "--c", "1", "--p", "3", "--delta", "0.9", "--rho", "linear:0.5"];
  /** The flags above with one flag set to another value (added when absent). */
  const withFlag = (name: string, value: string): string[] => {
    const at = flags.indexOf(name);
    return at < 0 ? [...flags, name, value] : flags.map((flag, i) => (i === at + 1 ? value : flag));
  };

  it("horizon reports U_T, U_T(p*), T̂, δ₀ and δ̲ of the one-buyer one-seller market", async () => {
    const { code, stdout } = await run(["horizon", ...flags, "--T", "1,2"]);
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.U["1"]).toBeCloseTo(7, 12);
    expect(result.U["2"]).toBeCloseTo(11.725, 12);
    expect(result.Ustar).toEqual({ "1": 4, "2": expect.closeTo(7.6, 12) });
    expect(result.That).toBe(7);
    expect(result.delta0).toBeCloseTo(0.75, 12);
    expect(result.deltaLow).toBeCloseTo(0.75, 6);
  });

  it("horizon's U_T, U_T(p*) and T̂ are what plain sums period by period give (test/reference/oneBuyerLoops.ts)", async () => {
    const { stdout } = await run(["horizon", ...flags, "--T", "1,2,6,7"]);
    const result = JSON.parse(stdout);
    const loops = { value: 10, fairPrice: 6, discount: 0.9, rho: "linear:0.5" };
    for (const T of [1, 2, 6, 7]) {
      expect(result.U[String(T)], `U_${T}`).toBeCloseTo(utilityByLoop(loops, 3, T), 12);
      expect(result.Ustar[String(T)], `U*_${T}`).toBeCloseTo(utilityByLoop(loops, 6, T), 12);
    }
    expect(result.That).toBe(horizonByLoop(loops, 3));
  });

  it("horizon's argmax is the cost for T = 1, 2 and p* in the limit when δ > δ̲", async () => {
    // U_1(p) = V − p falls in p; U_2(p) = (10 − p)(1.45 + 0.075p) below p*, with derivative
    // −0.7 − 0.15p < 0. With δ = 0.9 > δ̲ = 0.75, Lemma 3's algebra puts the U_∞ argmax at p* = 6.
    const result = JSON.parse((await run(["horizon", ...flags, "--T", "1,2"])).stdout);
    expect(result.argmax["1"]).toBeCloseTo(1, 6);
    expect(result.argmax["2"]).toBeCloseTo(1, 6);
    expect(result.argmax.inf).toBe(6);
  });

  it("horizon reports an infinite T̂ as null when δ ≤ δ₀(p)", async () => {
    expect(JSON.parse((await run(["horizon", ...withFlag("--delta", "0.75")])).stdout).That).toBeNull();
    expect(JSON.parse((await run(["horizon", ...withFlag("--delta", "0.7")])).stdout).That).toBeNull();
  });

  it.each([
    [["--delta", "1.5"], "--delta must lie in (0, 1], got 1.5"],
    [["--pstar", "12"], "--pstar must lie in (c, V) = (1, 10), got 12"],
    [["--V", "ten"], '--V must be a finite number, got "ten"'],
    [["--T", "1,0"], '--T must be a whole number ≥ 1, got "0"'],
  ])("horizon refuses %j with one line naming the flag", async ([name, value], message) => {
    const { code, stderr } = await run(["horizon", ...withFlag(name, value)]);
    expect(code).toBe(2);
    expect(stderr).toBe(`fairshare horizon: ${message}\n`);
  });

  it("horizon refuses a ρ that breaks A2", async () => {
    const { code, stderr } = await run(["horizon", ...withFlag("--rho", "expr:x^0")]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^fairshare horizon: --rho: .*expr:x\^0.*\n$/);
  });
});

describe("verify-lemmas", () => {
  it("writes lemmas.json and lemmas.md with one row per lemma and exits 0 when all hold", async () => {
    const out = scratch();
    const { code, stdout } = await run(["verify-lemmas", "--runs", "30", "--seed", "9", "--out", out]);
    const report = JSON.parse(readFileSync(join(out, "lemmas.json"), "utf8"));
    expect(report.seed).toBe(9);
    expect(report.lemmas.map((row: { id: string }) => row.id)).toEqual(["L1", "L2", "L3", "L4", "L5", "L6", "L7", "B1", "SELLER"]);
    const l5 = report.lemmas.find((row: { id: string }) => row.id === "L5");
    expect(l5.holds).toBeNull();
    expect(readFileSync(join(out, "lemmas.md"), "utf8")).toContain("not reconstructed");
    expect(stdout).toMatch(/^id\s+title/);
    expect(code).toBe(0);
  });

  it("the same seed gives the same bytes, timings aside", async () => {
    const [a, b] = [scratch(), scratch()];
    await run(["verify-lemmas", "--runs", "20", "--seed", "5", "--only", "L1,L2,B1", "--out", a]);
    await run(["verify-lemmas", "--runs", "20", "--seed", "5", "--only", "L1,L2,B1", "--out", b]);
    const withoutTimes = (dir: string) => readFileSync(join(dir, "lemmas.json"), "utf8").replace(/"ms": \d+/g, '"ms": 0');
    expect(withoutTimes(a)).toBe(withoutTimes(b));
    expect(JSON.parse(withoutTimes(a)).lemmas).toHaveLength(3);
  });

  it.each([
    [["--runs", "0"], '--runs must be a whole number ≥ 1, got "0"'],
    [["--only", "L9"], '--only: unknown lemma id "L9" (known: L1, L2, L3, L4, L5, L6, L7, B1, SELLER)'],
    [["--bogus"], "Unknown option '--bogus'"],
  ])("verify-lemmas refuses %j with exit 2 and writes nothing", async (args, message) => {
    const out = scratch();
    const { code, stderr } = await run(["verify-lemmas", ...args, "--out", out]);
    expect(code).toBe(2);
    expect(stderr.split("\n")[0]).toContain(message);
    expect(existsSync(join(out, "lemmas.json"))).toBe(false);
  });
});

describe("the npm entry point", () => {
  it("npm run --silent fairshare prints only the result, and bad input exits 2 with one line", async () => {
    const ok = execFileSync("npm", ["run", "--silent", "fairshare", "--", "solve", "-"], {
      input: JSON.stringify({ ...twoSellers, prices: [2, 2] }),
      encoding: "utf8",
    });
    expect(JSON.parse(ok).revenue).toEqual({ S1: 2, S2: 2 });
    const bad = spawnSync("npm", ["run", "--silent", "fairshare", "--", "solve", "-"], { input: "{", encoding: "utf8" });
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split("\n")).toHaveLength(1);
    expect(bad.stderr).toMatch(/^fairshare solve: instance is not valid JSON/);
  });
});
