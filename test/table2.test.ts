import { describe, expect, it } from "vitest";
import { fig7Data } from "../experiments/figures/fig7.js";
import { table2, table2Data, table2Markdown } from "../experiments/figures/table2.js";
import { learnedRun } from "./fixtures/learnedRuns.js";

// Hand-made learned runs (test/fixtures/learnedRuns.ts), cars × tmcShapley, seeds 1 and 2. At the last
// period: sellers' average profit 6 and 8 under fairshare (mean 7), 1 and 3 under exploitative (mean 2);
// B1's cumulative utility 100 and 120 (mean 110) vs 90 and 90; B2's 30 and 50 (mean 40) vs 20 and 20.
// B2 spent nothing under exploitative in seed 2, and B1 nothing under exploitative in either seed.
const runs = [1, 2].map((seed) =>
  learnedRun("cars", "tmcShapley", seed, {
    fairshare: { profit: seed === 1 ? 6 : 8, utility: [seed === 1 ? 100 : 120, seed === 1 ? 30 : 50], perDollar: [0.01, 0.02 * seed] },
    exploitative: { profit: seed === 1 ? 1 : 3, utility: [90, 20], perDollar: [null, seed === 1 ? 0.05 : null] },
  }),
);

describe("table2Data", () => {
  const rows = table2Data(runs);

  it("has Fig. 7's rows in Fig. 7's order, with the same performance per dollar", () => {
    expect(rows.map(({ cumulativeUtility: _u, sellerProfit: _p, ...row }) => row)).toEqual(fig7Data(runs));
  });

  it("adds each group's final sellers' average cumulative profit and the buyer's cumulative utility, mean over seeds", () => {
    const [fairB1, fairB2, exploitB1, exploitB2] = rows;
    expect(fairB1.sellerProfit.mean).toBe(7);
    expect(fairB2.sellerProfit.mean).toBe(7);
    expect(exploitB1.sellerProfit.mean).toBe(2);
    expect(fairB1.cumulativeUtility.mean).toBe(110);
    expect(fairB2.cumulativeUtility.mean).toBe(40);
    expect(exploitB2.cumulativeUtility).toMatchObject({ mean: 20, low: 20, high: 20, n: 2 });
  });
});

describe("table2", () => {
  const table = table2(runs, "experiments/configs/learned.json");

  it("formats one line per row: task, method, group, buyer with its budget, seeds, and three mean [95% interval] cells", () => {
    expect(table.columns).toEqual(["task", "method", "group", "buyer", "seeds", "performance per dollar", "cumulative utility ($)", "sellers' average cumulative profit ($)"]);
    // By hand: 0.02 and 0.04 have mean 0.03 and half-width 12.706 · 0.01 = 0.127 (t from a printed table).
    expect(table.rows[1]).toEqual(["cars", "tmcShapley", "fairshare", "B2, low budget ($10)", 2, "0.030 [-0.097, 0.157]", "40 [-87, 167]", "7.0 [-5.7, 19.7]"]);
  });

  it("says how many seeds a buyer spent in, and marks a buyer that never spent", () => {
    expect(table.rows[2].slice(4, 6)).toEqual(["0 of 2", "— (spent nothing)"]);
    expect(table.rows[3].slice(4, 6)).toEqual(["1 of 2", "0.0500 [0.0500, 0.0500]"]);
  });

  it("carries the findings and the verdict, and the Markdown shows the table, the verdict and every finding", () => {
    expect(table.findings).toHaveLength(6);
    expect(table.verdict).toMatch(/^fairshare's gains do not hold everywhere/);
    const markdown = table2Markdown(table);
    expect(markdown.split("\n").filter((l) => l.startsWith("|"))).toHaveLength(2 + 4);
    expect(markdown).toContain(`**Verdict:** ${table.verdict}`);
    for (const finding of table.findings) expect(markdown).toContain(`- ${finding.sentence}`);
  });

  it("records the config and the seeds", () => {
    expect(table).toMatchObject({ config: "experiments/configs/learned.json", seeds: [1, 2] });
    expect(table.caption).toContain("mean over 2 seeds (1–2)");
  });
});
