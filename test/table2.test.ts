import { describe, expect, it } from "vitest";
import { STUDY_METRICS } from "../experiments/figures/pairedDifferences.js";
import { CLAIMS } from "../experiments/figures/studyFindings.js";
import { table2, table2Markdown } from "../experiments/figures/table2.js";
import { learnedRun, type RunFinals } from "./fixtures/learnedRuns.js";

// Hand-made learned runs (test/fixtures/learnedRuns.ts): cars × tmcShapley under accumulate and under a
// window of 5, seeds 1–3, groups fairshare, random and exploitative. At the last period (t = 2):
// sellers' average profit 10, 11, 12 under fairshare against 2, 2.5, 3 under exploitative: differences
// 8, 8.5, 9, mean 8.5, s = 0.5, 95% half-width 4.303 · 0.5/√3 = 1.242 (t_{0.975,2} = 4.303 from a printed
// table) → [7.258, 9.742]. B2 spent nothing under exploitative in seed 2. Random holds exploitative's numbers.
const finals = (s: number): RunFinals => {
  const exploitative = { profit: [2, 2.5, 3][s], utility: [5, 5] as [number, number], perDollar: [0.01, s === 1 ? null : 0.01] as [number | null, number | null], active: 1 };
  return {
    fairshare: { profit: [10, 11, 12][s], utility: [[10, 20, 30][s], 8], perDollar: [0.02, 0.03] },
    random: exploitative,
    exploitative,
  };
};
const runs = (["accumulate", { window: 5 }] as const).flatMap((protocol) => [0, 1, 2].map((s) => learnedRun("cars", "tmcShapley", s + 1, finals(s), protocol)));
const table = table2(runs, "experiments/configs/learned.json");
const json = JSON.parse(JSON.stringify(table)) as Record<string, unknown> & { cells: Array<Record<string, unknown>> };

describe("table2.json: its schema", () => {
  it("holds the cells, each with task, method, protocol, seeds, periods, claims and differences", () => {
    expect(json.cells.map((c) => Object.keys(c))).toEqual(Array(2).fill(["task", "method", "protocol", "seeds", "periods", "claims", "differences"]));
    expect(json.cells.map(({ task, method, protocol, seeds, periods }) => ({ task, method, protocol, seeds, periods }))).toEqual([
      { task: "cars", method: "tmcShapley", protocol: "accumulate", seeds: 3, periods: 2 },
      { task: "cars", method: "tmcShapley", protocol: "window5", seeds: 3, periods: 2 },
    ]);
  });

  it("every cell states every claim, each row as {claim, metric, buyer, difference: {mean, low, high}, verdict}", () => {
    for (const cell of json.cells) {
      const claims = cell.claims as Array<Record<string, unknown>>;
      expect(new Set(claims.map((c) => c.claim))).toEqual(new Set(CLAIMS.map((c) => c.claim)));
      expect(claims).toHaveLength(11);
      for (const row of claims) {
        expect(Object.keys(row)).toEqual(["claim", "metric", "buyer", "difference", "verdict"]);
        expect(STUDY_METRICS).toContain(row.metric);
        expect([null, "B1", "B2"]).toContain(row.buyer);
        expect(["holds", "reversed", "not resolved"]).toContain(row.verdict);
        if (row.difference !== null) {
          expect(Object.keys(row.difference as object)).toEqual(["mean", "low", "high"]);
          expect(Object.values(row.difference as object).every(Number.isFinite)).toBe(true);
        }
      }
      // The buyer is named exactly when the metric is a buyer's.
      expect(claims.filter((c) => c.buyer === null).map((c) => c.metric)).toEqual(["activeHighQuality", "activeSellers", "averageCumulativeProfit"]);
    }
  });

  it("the differences list every other group against fairshare, every metric, with the seeds they pair", () => {
    const differences = json.cells[0].differences as Array<Record<string, unknown>>;
    expect(differences).toHaveLength(2 * 12);
    expect(Object.keys(differences[0])).toEqual(["group", "metric", "buyer", "seeds", "dropped", "fairshare", "other", "difference", "verdict"]);
    expect(differences.find((d) => d.group === "random" && d.metric === "performancePerDollar" && d.buyer === "B2")).toMatchObject({ seeds: 2, dropped: 1 });
  });

  it("a claim's difference is worked out by hand: sellers' profit 8.5 [7.258, 9.742], holds", () => {
    const profit = table.cells[0].claims.find((c) => c.metric === "averageCumulativeProfit")!;
    expect(profit.verdict).toBe("holds");
    expect(profit.difference!.mean).toBeCloseTo(8.5, 12);
    expect(Math.abs(profit.difference!.low - 7.258)).toBeLessThan(1e-3);
  });
});

describe("table2(runs, config): the tables it renders", () => {
  it("the verdict matrix has a row per cell and a column per claim row", () => {
    expect(table.columns).toEqual([
      "task", "method", "protocol", "seeds", "(1) best-tier sellers", "(2) test accuracy, B1", "(2) test accuracy, B2", "(3) active sellers",
      "(4) utility, B1", "(4) utility, B2", "(5) sellers' profit", "(6) per $ spent, B1", "(6) per $ spent, B2", "(6) per budget $, B1", "(6) per budget $, B2",
    ]);
    expect(table.rows.map((r) => r.slice(0, 4))).toEqual([["cars", "tmcShapley", "accumulate", 3], ["cars", "tmcShapley", "window5", 3]]);
    expect(table.rows[0][table.columns.indexOf("(5) sellers' profit")]).toBe("holds");
    expect(table.rows[0][table.columns.indexOf("(3) active sellers")]).toBe("holds");
  });

  it("the numbers give both groups' means, the paired difference with its interval, and the seeds paired", () => {
    const row = (metric: string, buyer: string) => table.numbers.rows.find((r) => r[2] === "accumulate" && r[4] === metric && r[5] === buyer)!;
    expect(table.numbers.columns).toEqual(["task", "method", "protocol", "claim", "metric", "buyer", "seeds", "fairshare", "exploitative", "fairshare − exploitative [95% CI]", "verdict"]);
    expect(row("sellers' average cumulative profit ($)", "sellers")).toEqual(["cars", "tmcShapley", "accumulate", "(5)", "sellers' average cumulative profit ($)", "sellers", 3, "11.0", "2.50", "+8.50 [+7.26, +9.74]", "holds"]);
    expect(row("performance per dollar spent (accuracy gain per $)", "B2").slice(6, 9)).toEqual(["2 of 3", "0.0300", "0.0100"]);
    expect(table.numbers.rows).toHaveLength(2 * 11);
    expect(table.differences.rows).toHaveLength(2 * 2 * 12);
  });

  it("the caption says what was compared, how, over which seeds, and lists the claims", () => {
    expect(table.caption).toContain("fairshare − exploitative at t = 2, paired by seed");
    expect(table.caption).toContain("over 3 seeds (1–3), from experiments/configs/learned.json");
    expect(table.caption).toContain("(1) exploitation drives high-quality sellers out: active sellers of the best tier");
    expect(table).toMatchObject({ config: "experiments/configs/learned.json", seeds: [1, 2, 3] });
  });

  it("carries the one-line verdict, and the Markdown shows the matrix, the verdict, the numbers and every group", () => {
    expect(table.verdict).toMatch(/^Over 2 task × method × protocol cells at t = 2: /);
    const markdown = table2Markdown(table);
    expect(markdown).toContain(`**Verdict:** ${table.verdict}`);
    expect(markdown).toContain("| cars | tmcShapley | window5 | 3 | ");
    expect(markdown).toContain("### The numbers");
    expect(markdown).toContain("### Every group against fairshare");
    expect(markdown.split("\n").filter((l) => l.startsWith("|"))).toHaveLength((2 + 2) + (2 + 22) + (2 + 48));
  });
});
