/**
 * The package as another project gets it (issue #15): `npm run build`, `npm pack`, `npm install` of the
 * tarball into a fresh project, then the theory API imported by name, docs/api.md's example run there, and
 * the installed `fairshare` command, whose output must be the repository's own, worker threads included.
 */
import { execFileSync, spawnSync, type SpawnSyncReturns } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { USAGE } from "../../cli/usage.js";
import { fairPrice, parseParticipation, tradeoffHorizon } from "../../theory/index.js";
import { runCommand } from "../runCommand.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const HORIZON = ["horizon", "--V", "10", "--pstar", "6", "--c", "2", "--p", "3", "--delta", "0.9", "--rho", "linear:0.5"];

const work = mkdtempSync(join(tmpdir(), "fairshare-pack-"));
const project = join(work, "project");
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs a command to completion; throws with its stderr unless it exits 0. */
function ok(command: string, args: string[], cwd: string): string {
  const child = spawnSync(command, args, { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (child.status !== 0) throw new Error(`${command} ${args.join(" ")} exited with ${child.status ?? child.signal}:\n${child.stderr}`);
  return child.stdout;
}

/** The installed command, as a user of the project runs it. */
const npx = (args: string[]): SpawnSyncReturns<string> => spawnSync("npx", ["--no-install", "fairshare", ...args], { cwd: project, encoding: "utf8" });

/** The ```js block of docs/api.md's section on using the package. */
function apiExample(): string {
  const page = readFileSync(join(ROOT, "docs", "api.md"), "utf8");
  const section = page.split("\n## ").find((s) => s.startsWith("Using the model from your own project"));
  const block = section === undefined ? null : /```js\n([\s\S]*?)```/.exec(section);
  if (block === null) throw new Error("docs/api.md has no ```js block under “Using the model from your own project”");
  return block[1];
}

let files: string[];

beforeAll(() => {
  ok("npm", ["run", "--silent", "build"], ROOT);
  // prepare would build again: the build above is the one under test.
  const [packed] = JSON.parse(ok("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", work], ROOT)) as Array<{ filename: string; files: Array<{ path: string }> }>;
  files = packed.files.map((f) => f.path);
  mkdirSync(project);
  writeFileSync(join(project, "package.json"), `${JSON.stringify({ name: "uses-fairshare", private: true, type: "module" }, null, 2)}\n`);
  // The npm cache holds every dependency since `npm ci`.
  ok("npm", ["install", join(work, packed.filename), "--prefer-offline", "--no-audit", "--no-fund"], project);
});

describe("npm pack", () => {
  it("packs the compiled API with its types, the CLI, its launcher and the configs it reads, and no TypeScript sources or tests", () => {
    for (const path of ["package.json", "bin/fairshare.mjs", "dist/BUILD_STAMP", "dist/theory/index.js", "dist/theory/index.d.ts", "dist/cli/fairshare.js", "dist/cli/sweepWorker.js", "dist/experiments/configs/fig4.json"]) {
      expect(files).toContain(path);
    }
    expect(files.filter((path) => path.endsWith(".ts") && !path.endsWith(".d.ts"))).toEqual([]);
    expect(files.filter((path) => /^(test|bench|scripts|docs|node_modules)\//.test(path))).toEqual([]);
  });
});

describe("the installed package", () => {
  it("exports the theory API by the package's name: the same numbers as the repository's functions", () => {
    const cases = { mwps: [[5, 3, 1], [4, 4, 4, 1], [], [0, 0], [7.5, 2.25, 2.25, 1]], prices: [2, 3, 5, 6] };
    writeFileSync(
      join(project, "api.mjs"),
      [
        'import { fairPrice, parseParticipation, tradeoffHorizon } from "fairshare";',
        `const cases = ${JSON.stringify(cases)};`,
        'const market = { value: 10, fairPrice: 6, cost: 2, discount: 0.9, participation: parseParticipation("expr:(x + x^2) / 2") };',
        "console.log(JSON.stringify({ fair: cases.mwps.map(fairPrice), horizons: cases.prices.map((p) => tradeoffHorizon(market, p)) }));",
      ].join("\n"),
    );
    const printed = JSON.parse(ok(process.execPath, ["api.mjs"], project));
    const market = { value: 10, fairPrice: 6, cost: 2, discount: 0.9, participation: parseParticipation("expr:(x + x^2) / 2") };
    expect(printed).toEqual({ fair: cases.mwps.map((m) => fairPrice(m)), horizons: cases.prices.map((p) => tradeoffHorizon(market, p)) });
    // Lemma 2 by hand: revenues 5, 6, 3 for [5, 3, 1]; 4, 8, 12, 4 for [4, 4, 4, 1].
    expect(printed.fair.slice(0, 2)).toEqual([3, 4]);
  });

  it("runs docs/api.md's example and prints what its // => comments say", () => {
    const example = apiExample();
    const expected = [...example.matchAll(/console\.log\(.*\);\s*\/\/ => (.*)$/gm)].map((m) => m[1]);
    expect(expected.length).toBeGreaterThan(0);
    writeFileSync(join(project, "example.mjs"), example);
    expect(ok(process.execPath, ["example.mjs"], project).trimEnd().split("\n")).toEqual(expected);
  });

  it("ships types that resolve by the package's name", () => {
    writeFileSync(
      join(project, "typed.ts"),
      'import { fairPrice, type OneBuyerMarket } from "fairshare";\nconst price: number = fairPrice([5, 3, 1]);\nexport const market: Partial<OneBuyerMarket> = { fairPrice: price };\n',
    );
    const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
    execFileSync(process.execPath, [tsc, "--noEmit", "--strict", "--module", "nodenext", "--moduleResolution", "nodenext", "typed.ts"], { cwd: project, encoding: "utf8" });
  });

  it("npx fairshare --help prints the usage, exit 0", () => {
    const help = npx(["--help"]);
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout).toBe(`${USAGE}\n`);
  });

  it("npx fairshare horizon prints exactly what the repository's CLI prints", async () => {
    const mine = await runCommand(HORIZON);
    expect(mine.code).toBe(0);
    const installed = npx(HORIZON);
    expect(installed.status, installed.stderr).toBe(0);
    expect(installed.stdout).toBe(mine.stdout);
    expect(JSON.parse(installed.stdout).That).toBe(7);
    const bad = npx([...HORIZON, "--delta", "2"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe("fairshare horizon: --delta must lie in (0, 1], got 2\n");
  });

  it("npx fairshare sweep --workers 2 runs its worker threads from the compiled code and writes the repository's rows", async () => {
    const sweepDir = join(work, "sweep");
    mkdirSync(sweepDir);
    const market = JSON.parse(readFileSync(join(ROOT, "test", "fixtures", "sweep", "market.json"), "utf8")) as Record<string, unknown>;
    writeFileSync(join(sweepDir, "market.json"), JSON.stringify({ ...market, periods: 6 }));
    writeFileSync(join(sweepDir, "grid.json"), JSON.stringify({ name: "packed", description: "Two points.", base: "market.json", grid: { discount: [0.5, 0.9] }, seeds: 2 }));
    const installed = npx(["sweep", join(sweepDir, "grid.json"), "--workers", "2", "--out", join(sweepDir, "installed")]);
    expect(installed.status, installed.stderr).toBe(0);
    const mine = await runCommand(["sweep", join(sweepDir, "grid.json"), "--out", join(sweepDir, "repo")]);
    expect(mine.code, mine.stderr).toBe(0);
    for (const name of ["sweep.csv", "verdicts.json"]) {
      expect(readFileSync(join(sweepDir, "installed", name), "utf8")).toBe(readFileSync(join(sweepDir, "repo", name), "utf8"));
    }
  });
});
