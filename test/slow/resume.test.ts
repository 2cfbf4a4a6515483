/**
 * Kill-and-resume: a `sweep` or `figures` child process is killed mid-run with SIGINT, SIGTERM or
 * SIGKILL, then started again; the rerun reuses every cell the killed run finished (it recomputes none
 * of them) and leaves exactly the bytes of an uninterrupted run, with no checkpoint or temporary file.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runCommand } from "../runCommand.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const scratch = () => mkdtempSync(join(tmpdir(), "fairshare-resume-"));

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in a child process; once `killWhen()` holds, sends `signal`. */
function runChild(argv: string[], kill?: { signal: NodeJS.Signals; when: () => boolean }): Promise<Exit & { killed: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "cli/fairshare.ts", ...argv], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let killed = false;
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk));
    const poll = setInterval(() => {
      if (kill !== undefined && !killed && kill.when()) {
        killed = true;
        child.kill(kill.signal);
      }
    }, 10);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearInterval(poll);
      resolve({ code, signal, stdout, stderr, killed });
    });
  });
}

/** Finished checkpoint cells in `dir`'s checkpoint folders (a shard's is its own; temporaries of a write in progress excluded). */
function checkpointed(dir: string): string[] {
  try {
    const folders = readdirSync(dir).filter((name) => name.startsWith(".checkpoint"));
    return folders.flatMap((folder) => readdirSync(join(dir, folder)).filter((name) => name.endsWith(".json")));
  } catch {
    // not made yet, or deleted as the run completes
    return [];
  }
}

/** Every file under `dir`, relative, with its bytes. */
function tree(dir: string): Map<string, Buffer> {
  const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
  return new Map(files.map((entry) => [relative(dir, join(entry.parentPath, entry.name)), readFileSync(join(entry.parentPath, entry.name))]));
}

function expectSameTree(actual: string, expected: string): void {
  const a = tree(actual);
  const b = tree(expected);
  expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
  for (const [name, bytes] of b) expect(a.get(name)?.equals(bytes), `${name} differs`).toBe(true);
}

const EXIT_CODE = { SIGINT: 130, SIGTERM: 143 } as const;

/**
 * Kills `argv` (which writes to `out`) once `cellsBeforeKill` cells are checkpointed, checks how it
 * ended, reruns it to completion, and returns what the rerun printed and how many cells were saved.
 */
async function killAndResume(argv: string[], out: string, signal: NodeJS.Signals, cellsBeforeKill: number) {
  const killed = await runChild([...argv, "--out", out], { signal, when: () => checkpointed(out).length >= cellsBeforeKill });
  expect(killed.killed, "the run finished before it could be killed").toBe(true);
  if (signal === "SIGKILL") {
    expect(killed.signal).toBe("SIGKILL");
  } else {
    // A caught signal stops the run at the next cell boundary, with one line saying how to resume.
    expect(killed.code).toBe(EXIT_CODE[signal as keyof typeof EXIT_CODE]);
    expect(killed.stderr).toMatch(new RegExp(`stopped by ${signal}; finished cells are checkpointed, run the same command again to resume\\n$`));
    expect(killed.stderr.trim().split("\n")).toHaveLength(1);
  }
  const saved = checkpointed(out).length;
  expect(saved).toBeGreaterThanOrEqual(cellsBeforeKill);
  const resumed = await runChild([...argv, "--out", out]);
  expect(resumed.code, resumed.stderr).toBe(0);
  return { saved, stdout: resumed.stdout };
}

describe("sweep: a run killed mid-way resumes without recomputing finished cells, byte for byte", () => {
  const sweepFile = "test/fixtures/sweep/grid.json";
  const cells = 18;
  let baseline: string | undefined;
  const uninterrupted = async () => {
    if (baseline === undefined) {
      baseline = scratch();
      expect((await runCommand(["sweep", sweepFile, "--out", baseline])).code).toBe(0);
    }
    return baseline;
  };

  it.each(["SIGINT", "SIGTERM", "SIGKILL"] as const)("%s: the rerun reuses every saved cell and writes the uninterrupted run's bytes", async (signal) => {
    const out = scratch();
    const { saved, stdout } = await killAndResume(["sweep", sweepFile], out, signal, 3);
    expect(saved).toBeLessThan(cells);
    expect(stdout).toContain(`(resumed: ${saved} of ${cells} cells reused from the checkpoint)`);
    expectSameTree(out, await uninterrupted());
    // The tree compared holds the verdicts too (the fixture has fairshare and exploitative).
    expect(readdirSync(out).sort()).toEqual(["sweep.csv", "sweep.json", "verdicts.json", "verdicts.md"]);
    expect(existsSync(join(out, ".checkpoint"))).toBe(false);
  }, 60_000);

  it("SIGTERM to a shard on 2 workers: the cells in progress finish and are saved, and the rerun writes the uninterrupted shard's bytes", async () => {
    const argv = ["sweep", sweepFile, "--workers", "2", "--shard", "1/2"];
    const baseline = scratch();
    expect((await runCommand([...argv, "--out", baseline])).code).toBe(0);
    const out = scratch();
    const { saved, stdout } = await killAndResume(argv, out, "SIGTERM", 3);
    expect(saved).toBeLessThan(cells / 2);
    expect(stdout).toContain(`(resumed: ${saved} of ${cells / 2} cells reused from the checkpoint)`);
    expectSameTree(out, baseline);
  }, 120_000);
});

describe("figures: a run killed mid-way resumes without recomputing finished cells, byte for byte", () => {
  const argv = ["figures", "--only", "fig4a,table1", "--seeds", "4"];
  let baseline: string | undefined;
  const uninterrupted = async () => {
    if (baseline === undefined) {
      baseline = scratch();
      expect((await runCommand([...argv, "--out", baseline])).code).toBe(0);
    }
    return baseline;
  };

  it.each(["SIGINT", "SIGKILL"] as const)("%s: the rerun reuses every saved seed and writes the uninterrupted run's bytes", async (signal) => {
    const out = scratch();
    const { saved, stdout } = await killAndResume(argv, out, signal, 1);
    expect(saved).toBeLessThan(4);
    expect(stdout).toContain(`(resumed: ${saved} of 4 cells reused from the checkpoint)`);
    expectSameTree(out, await uninterrupted());
  }, 120_000);
});
