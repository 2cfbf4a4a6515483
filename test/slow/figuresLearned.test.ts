/**
 * The learned study through `figures` (slow: each runs the learned market's cells; `npm run test:slow`):
 * `--only fig6` runs only the config's own method, and worker threads give the same bytes as one thread.
 */
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ManifestEntry } from "../../experiments/figure.js";
import { runCommand } from "../runCommand.js";

const run = (argv: string[]) => runCommand(argv);
const scratch = () => mkdtempSync(join(tmpdir(), "fairshare-figures-"));
const manifest = (dir: string) => JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as ManifestEntry[];

describe("figures on the learned study", () => {
  it("--only fig6 --seeds 1 runs the learned study under the config's own method only, and records the seed", async () => {
    const out = scratch();
    const result = await run(["figures", "--only", "fig6", "--seeds", "1", "--out", out]);
    expect(result.code, result.stderr).toBe(0);
    expect(manifest(out)).toEqual([expect.objectContaining({ id: "fig6", config: "experiments/configs/learned.json", seed: 1, seeds: [1] })]);
    expect(existsSync(join(out, "table2.json"))).toBe(false);
  });

  it("--workers 2 computes the learned cells on worker threads and writes the same bytes as --workers 1", async () => {
    const [one, two] = [scratch(), scratch()];
    expect((await run(["figures", "--only", "fig6", "--seeds", "2", "--workers", "1", "--out", one])).code).toBe(0);
    const result = await run(["figures", "--only", "fig6", "--seeds", "2", "--workers", "2", "--out", two]);
    expect(result.code, result.stderr).toBe(0);
    for (const file of ["fig6.vl.json", "fig6.svg", "manifest.json"]) expect(readFileSync(join(two, file), "utf8"), file).toBe(readFileSync(join(one, file), "utf8"));
  });

});
