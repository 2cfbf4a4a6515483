/**
 * The atlas through `figures` on worker threads (slow: it runs the fixture sweep twice; `npm run
 * test:slow`): `--workers 2` gives the same bytes as `--workers 1`.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCommand } from "../runCommand.js";

const DIR = "test/fixtures/atlas";
const TINY = { utility: `${DIR}/atlasUtility.json`, sellers: `${DIR}/atlasSellers.json` };
const scratch = () => mkdtempSync(join(tmpdir(), "fairshare-atlas-"));

describe("figures --only atlasUtility --atlas DIR", () => {
  it("--workers 2 writes the same bytes as --workers 1", async () => {
    const [one, two] = [scratch(), scratch()];
    const args = (out: string, workers: string) => ["figures", "--only", "atlasUtility,atlas", "--atlas", DIR, "--workers", workers, "--out", out];
    const first = await runCommand(args(one, "1"));
    expect(first.code, first.stderr).toBe(0);
    const second = await runCommand(args(two, "2"));
    expect(second.code, second.stderr).toBe(0);
    for (const file of ["atlasUtility.vl.json", "atlasUtility.svg", "atlas.json", "atlas.md", "manifest.json"]) {
      expect(readFileSync(join(two, file), "utf8"), file).toBe(readFileSync(join(one, file), "utf8"));
    }
    expect(JSON.parse(readFileSync(join(one, "manifest.json"), "utf8"))).toEqual([expect.objectContaining({ id: "atlasUtility", config: TINY.utility, seeds: [1, 2, 3] })]);
  });
});
