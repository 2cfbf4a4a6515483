import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { LEMMAS } from "../theory/lemmas.js";

// The README's examples are run, as Nashpy runs its README as doctests: a snippet that no longer
// works, or a table that no longer matches the code, fails here.
const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
const blocks = (language: string): string[] =>
  [...readme.matchAll(new RegExp("```" + language + "\\n([\\s\\S]*?)```", "g"))].map((match) => match[1]);

describe("README", () => {
  const examples = blocks("sh").filter((block) => block.includes("npm run --silent fairshare --"));

  it("has the fairshare examples this test runs", () => {
    expect(examples.length).toBeGreaterThanOrEqual(2);
  });

  it.each(examples.map((block) => [block.split("\n")[0], block]))("example %s runs and prints JSON", (_, block) => {
    const stdout = execFileSync("bash", ["-euo", "pipefail", "-c", block], { encoding: "utf8" });
    expect(() => JSON.parse(stdout)).not.toThrow();
  });

  it("shows the example sweep file as it is in experiments/sweeps/ (its description aside)", () => {
    const shown = blocks("json").map((block) => JSON.parse(block) as Record<string, unknown>).find((json) => "grid" in json);
    const { description: _, ...file } = JSON.parse(readFileSync(new URL("../experiments/sweeps/discount.json", import.meta.url), "utf8")) as Record<string, unknown>;
    expect(shown).toEqual(file);
  });

  it("opens with the two set-up commands: the main job, then the tests", () => {
    const [first] = blocks("sh");
    expect(first).toMatch(/^npm ci && npm run verify-lemmas\b/);
    expect(first.split("\n")[1]).toMatch(/^npm test\b/);
  });

  it("shows the lemma table with every lemma's id and title as the code has them", () => {
    const table = blocks("text")[0];
    for (const { lemma } of LEMMAS) {
      const row = table.split("\n").find((line) => line.startsWith(`${lemma.id} `));
      expect(row, lemma.id).toBeDefined();
      expect(row).toContain(lemma.title);
    }
  });
});
