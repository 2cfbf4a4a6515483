import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../cli/main.js";
import { runCommand } from "./runCommand.js";
import type { ManifestEntry } from "../experiments/figure.js";
import { FIGURE_IDS, JOBS } from "../experiments/figureSet.js";

const run = (argv: string[]) => runCommand(argv);

const scratch = () => mkdtempSync(join(tmpdir(), "fairshare-figures-"));
const manifest = (dir: string) => JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as ManifestEntry[];

describe("figures [--only …] [--seeds N] [--out DIR]", () => {
  it("every figure id belongs to exactly one job", () => {
    const owned = JOBS.flatMap((job) => job.ids);
    expect([...owned].sort()).toEqual([...FIGURE_IDS].sort());
  });

  it("--only fig3 writes its spec, SVG, PNG and a manifest entry with its config", async () => {
    const out = scratch();
    const result = await run(["figures", "--only", "fig3", "--out", out]);
    expect(result.code).toBe(0);
    const spec = JSON.parse(readFileSync(join(out, "fig3.vl.json"), "utf8")) as { config: { font: string }; usermeta: { config: string } };
    expect(spec.config.font).toBe("DejaVu Sans");
    expect(spec.usermeta.config).toBe("experiments/configs/fig3.json");
    expect(readFileSync(join(out, "fig3.svg"), "utf8")).toMatch(/^<svg/);
    expect([...readFileSync(join(out, "fig3.png")).subarray(1, 4)].map((c) => String.fromCharCode(c)).join("")).toBe("PNG");
    expect(manifest(out)).toEqual([expect.objectContaining({ id: "fig3", config: "experiments/configs/fig3.json", seed: null })]);
  });

  it("a later --only run keeps the figures already in the manifest, in the canonical order", async () => {
    const out = scratch();
    await run(["figures", "--only", "lemma4", "--out", out]);
    await run(["figures", "--only", "fig3", "--out", out]);
    expect(manifest(out).map((e) => e.id)).toEqual(["fig3", "lemma4"]);
  });

  it("--check runs the invariant check on every simulated period and still writes the figures when they hold", async () => {
    const out = scratch();
    const result = await run(["figures", "--only", "fig2a", "--check", "--out", out]);
    expect(result.code, result.stderr).toBe(0);
    expect(manifest(out).map((e) => e.id)).toEqual(["fig2a"]);
  });

  it("--seeds sets how many seeds Fig. 4 averages, and the manifest records them", async () => {
    const out = scratch();
    const result = await run(["figures", "--only", "fig4d,table1", "--seeds", "2", "--out", out]);
    expect(result.code).toBe(0);
    expect(manifest(out)).toEqual([expect.objectContaining({ id: "fig4d", seed: 1, seeds: [1, 2] })]);
    expect(JSON.parse(readFileSync(join(out, "table1.json"), "utf8")).seeds).toEqual([1, 2]);
    expect(readFileSync(join(out, "table1.md"), "utf8")).toContain("| fairshare | high | B1 |");
  });

  it("refuses --workers outside 1..64 with one line naming the flag", async () => {
    const result = await run(["figures", "--only", "fig3", "--workers", "0", "--out", scratch()]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--workers/);
  });

  it("draws a progress bar on stderr only when stderr is a terminal", async () => {
    const capture = async (terminal: boolean) => {
      let stderr = "";
      const io = { stdout: () => {}, stderr: (t: string) => (stderr += t), readStdin: () => "", stderrIsTerminal: terminal };
      await main(["figures", "--only", "fig3", "--out", scratch()], io);
      return stderr;
    };
    expect(await capture(true)).toMatch(/\rfig3 +\[#+\] 1\/1 cells, \d+s\x1b\[K\n/);
    expect(await capture(false)).toBe("");
  });

  it.each([
    [["--only", "fig9"], /--only: unknown figure id "fig9"/],
    [["--seeds", "0"], /--seeds must be a whole number ≥ 1, got "0"/],
    [["--bogus"], /bogus/],
  ])("refuses %j with one line, exit 2, and writes nothing", async (flags, message) => {
    const out = join(scratch(), "figs");
    const result = await run(["figures", ...flags, "--out", out]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(existsSync(out)).toBe(false);
  });
});
