import { describe, expect, it } from "vitest";
import type { Io } from "../cli/io.js";
import { formatDuration, progressLine } from "../cli/progress.js";

function capture(terminal: boolean): { io: Io; err: string[] } {
  const err: string[] = [];
  return { io: { stdout: () => {}, stderr: (text: string) => void err.push(text), readStdin: () => "", stderrIsTerminal: terminal }, err };
}

describe("progressLine: cells done, elapsed and time left on a terminal, nothing when piped", () => {
  it("writes nothing at all when stderr is not a terminal", () => {
    const { io, err } = capture(false);
    const progress = progressLine(io, "fig4");
    for (let k = 0; k <= 5; k++) progress(k, 5);
    expect(err).toEqual([]);
  });

  it("redraws one line in place, estimates the time left at the rate so far, and ends the line when done", () => {
    const { io, err } = capture(true);
    let clock = 0;
    const progress = progressLine(io, "atlas", () => clock);
    progress(0, 4);
    clock = 30_000;
    progress(1, 4); // 30 s a cell, 3 cells left: ~1m30s
    clock = 120_000;
    progress(4, 4);
    expect(err.every((line) => line.startsWith("\r"))).toBe(true);
    expect(err[0]).toContain("0/4 cells, 0s");
    expect(err[0]).not.toContain("left");
    expect(err[1]).toContain("1/4 cells, 30s, ~1m30s left");
    expect(err[2]).toMatch(/4\/4 cells, 2m00s\x1b\[K\n$/);
    expect(err.slice(0, 2).every((line) => !line.endsWith("\n"))).toBe(true);
  });

  it.each([
    [0, "0s"],
    [59_400, "59s"],
    [61_000, "1m01s"],
    [3_600_000 + 5 * 60_000, "1h05m"],
  ])("formatDuration(%d ms) = %s", (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
