import { describe, expect, it } from "vitest";
import { table1, table1Data, table1Markdown } from "../experiments/figures/table1.js";
import { tinyRun } from "./fixtures/tinyRun.js";

// The tiny run (test/fixtures/tinyRun.ts): at its last period B1 has score 7 for $7 under fairshare
// (1 per dollar) and score 4 for $2 under exploitative (2 per dollar); B1's budget over 2 periods is $20.
describe("table1Data", () => {
  const rows = table1Data([tinyRun(5, 1), tinyRun(6, 1)]);

  it("has one row per group × budget, high first", () => {
    expect(rows.map((r) => `${r.group}/${r.budget}/${r.buyer}`)).toEqual(["fairshare/high/B1", "fairshare/low/B2", "exploitative/high/B1", "exploitative/low/B2"]);
  });

  it("reads performance per dollar spent and per budget dollar at the last period (by hand: 1, 7/20; 2, 4/20)", () => {
    expect(rows[0].performancePerDollar.mean).toBe(1);
    expect(rows[0].perBudgetDollar.mean).toBeCloseTo(7 / 20, 15);
    expect(rows[2].performancePerDollar.mean).toBe(2);
    expect(rows[2].perBudgetDollar.mean).toBeCloseTo(4 / 20, 15);
    expect(rows[2].spend).toMatchObject({ mean: 2, n: 2 });
  });

  it("leaves out seeds in which the buyer spent nothing, and refuses a row with no spending at all", () => {
    const idle = tinyRun(7, 1);
    for (const p of idle.groups[0].periods) p.buyers[0].performancePerDollar = null;
    expect(table1Data([tinyRun(5, 1), idle])[0].performancePerDollar.n).toBe(1);
    expect(() => table1Data([idle])).toThrow(/spent nothing/);
  });

  it("the Markdown table has a header, a rule and one line per row", () => {
    const markdown = table1Markdown(table1([tinyRun(5, 1)], "tiny.json"));
    const lines = markdown.trim().split("\n").filter((l) => l.startsWith("|"));
    expect(lines).toHaveLength(2 + 4);
    expect(lines[0]).toContain("performance per dollar spent");
  });
});
