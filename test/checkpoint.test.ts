import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { removeStaleTemporaries, writeFileAtomic } from "../cli/atomicWrite.js";
import { openCheckpoint, withCheckpoint } from "../cli/checkpoint.js";
import { Interrupted, listenForStop } from "../cli/interrupt.js";

const scratch = () => mkdtempSync(join(tmpdir(), "fairshare-checkpoint-"));

describe("openCheckpoint(dir): finished cells are saved and reused only for the same key, inputs and code", () => {
  it("a second run over the same cells computes none of them and returns the same values", async () => {
    const dir = scratch();
    let calls = 0;
    const compute = () => ((calls += 1), { x: calls * 1.5, list: [1, null, "a"] });
    const first = openCheckpoint(dir, null);
    const a = await first.cell("a", { seed: 1 }, compute);
    const again = openCheckpoint(dir, null);
    expect(await again.cell("a", { seed: 1 }, compute)).toEqual(a);
    expect(calls).toBe(1);
    expect(again.counts()).toEqual({ computed: 0, reused: 1 });
  });

  it("other inputs under the same key, or a corrupted file, are recomputed, never reused", async () => {
    const dir = scratch();
    let calls = 0;
    const compute = () => (calls += 1);
    await openCheckpoint(dir, null).cell("a", { seed: 1 }, compute);
    expect(await openCheckpoint(dir, null).cell("a", { seed: 2 }, compute)).toBe(2);
    writeFileSync(join(dir, "a.json"), '{"fingerprint": "trunc');
    expect(await openCheckpoint(dir, null).cell("a", { seed: 2 }, compute)).toBe(3);
  });

  it("hands on the JSON round trip of a computed value, as a resumed run would see it (−0 becomes 0)", async () => {
    const value = await openCheckpoint(scratch(), null).cell("z", null, () => ({ zero: -0, gone: undefined }));
    expect(Object.is(value.zero, 0)).toBe(true);
    expect("gone" in value).toBe(false);
  });

  it("finish() deletes the checkpoint folder", async () => {
    const dir = join(scratch(), ".checkpoint");
    const checkpoint = openCheckpoint(dir, null);
    await checkpoint.cell("a", null, () => 1);
    expect(existsSync(dir)).toBe(true);
    checkpoint.finish();
    expect(existsSync(dir)).toBe(false);
  });

  it("refuses a key that is not a plain file name", async () => {
    await expect(openCheckpoint(scratch(), null).cell("../escape", null, () => 1)).rejects.toThrow(/not a safe file name/);
  });

  it("a stop signal received during a cell stops the run at the next cell, after the finished cell is saved", async () => {
    const dir = scratch();
    const stop = listenForStop();
    try {
      const checkpoint = openCheckpoint(dir, stop);
      await checkpoint.cell("first", null, () => (process.emit("SIGTERM", "SIGTERM"), 1));
      const next = checkpoint.cell("second", null, () => 2);
      await expect(next).rejects.toThrow(Interrupted);
      await expect(next).rejects.toMatchObject({ signal: "SIGTERM", exitCode: 143 });
      expect(readdirSync(dir)).toEqual(["first.json"]);
    } finally {
      stop.dispose();
    }
  });
});

describe("writeFileAtomic and removeStaleTemporaries", () => {
  it("a killed writer's temporary is removed on the next run; a live process's temporary is kept", () => {
    const dir = scratch();
    writeFileAtomic(join(dir, "sub", "done.json"), "{}\n");
    // pid 2^22 + 1 is above Linux's pid_max, so no process can hold it.
    writeFileSync(join(dir, "sub", `half.json.${2 ** 22 + 1}.tmp`), "{\"trunc");
    writeFileSync(join(dir, `live.json.${process.ppid}.tmp`), "{");
    removeStaleTemporaries(dir);
    expect(readdirSync(join(dir, "sub"))).toEqual(["done.json"]);
    expect(readdirSync(dir).sort()).toEqual([`live.json.${process.ppid}.tmp`, "sub"]);
  });
});

describe("withCheckpoint with a private folder: what a shard sharing its output folder uses", () => {
  it("keeps the checkpoint in the private folder and leaves the shared folder's temporaries alone", async () => {
    const shared = scratch();
    // another shard's temporary, perhaps a live writer's on another host, where its pid means nothing here
    const theirs = `shard-1-of-2.json.${2 ** 22 + 1}.tmp`;
    writeFileSync(join(shared, theirs), "{");
    const mine = join(shared, ".checkpoint-shard-2-of-2");
    let seen: string[] = [];
    await withCheckpoint(shared, async (cell) => {
      await cell("a", null, () => 1);
      seen = readdirSync(mine);
    }, mine);
    expect(seen).toEqual(["a.json"]);
    expect(readdirSync(shared)).toEqual([theirs]);
  });
});

describe("every output goes through writeFileAtomic", () => {
  it("a failed write keeps the old file whole and leaves no temporary", () => {
    const dir = scratch();
    const path = join(dir, "out.json");
    writeFileAtomic(path, "old\n");
    expect(() => writeFileAtomic(path, { toString: () => { throw new Error("disk full"); } } as unknown as string)).toThrow();
    expect(readFileSync(path, "utf8")).toBe("old\n");
    expect(readdirSync(dir)).toEqual(["out.json"]);
  });

  it("no module of cli/, experiments/, theory/ or scripts/ writes a file any other way", () => {
    const writers = /\b(writeFileSync|writeFile|appendFileSync|appendFile|createWriteStream|copyFileSync|copyFile|cpSync)\s*\(/;
    const offenders = ["cli", "experiments", "theory", "scripts"]
      .flatMap((folder) => readdirSync(folder, { recursive: true, encoding: "utf8" }).map((file) => join(folder, file)))
      .filter((file) => file.endsWith(".ts") && file !== join("cli", "atomicWrite.ts"))
      .filter((file) => writers.test(readFileSync(file, "utf8")));
    expect(offenders).toEqual([]);
  });
});
