import { describe, expect, it } from "vitest";
import { SWEEP_COLUMNS, type SweepRow } from "../experiments/sweepSummary.js";
import { sweepVerdicts } from "../experiments/sweepVerdicts.js";
import { claimColumn, verdictsMarkdown } from "../experiments/sweepVerdictsTable.js";

/**
 * Two points, seeds 1 and 2, buyers B1 and B2: at point 0 fairshare's B1 utility beats exploitative's by 3
 * and 5 (mean 4, s = √2, 4 ± 12.706 → [−8.706, 16.706], from a printed t-table, t_{0.975,1} = 12.706), its
 * active sellers by 2 and 2 (zero width: holds); every other column equal under both groups.
 */
function rows(): SweepRow[] {
  const out: SweepRow[] = [];
  for (const point of [0, 1]) {
    for (const seed of [1, 2]) {
      for (const group of ["fairshare", "exploitative"]) {
        for (const buyer of ["B1", "B2"]) {
          const row = Object.fromEntries(SWEEP_COLUMNS.map((c) => [c, 0])) as SweepRow;
          const gain = point === 0 && group === "fairshare";
          Object.assign(row, {
            point, seed, group, buyer, performance: null, mean_quality: 1,
            cumulative_utility: gain && buyer === "B1" ? (seed === 1 ? 3 : 5) : 0,
            active_sellers: gain ? 4 : 2,
          });
          out.push(row);
        }
      }
    }
  }
  return out;
}

const head = {
  name: "tiny",
  seeds: 2,
  points: [
    { index: 0, overrides: [{ field: "valuation.protocol", value: { window: 5 } }, { field: "valuation.task", value: "a|b" }] },
    { index: 1, overrides: [{ field: "valuation.protocol", value: "fresh" }, { field: "valuation.task", value: "cars" }] },
  ],
};

describe("verdictsMarkdown(verdicts): verdicts.md, a row per point and a column per claim row", () => {
  const text = verdictsMarkdown(sweepVerdicts(head, rows()));
  const lines = text.split("\n");

  it("claimColumn names the claim rows C1 … C6b, with the buyer of a buyer's metric", () => {
    expect(sweepVerdicts(head, rows()).points[0].claims.map(claimColumn)).toEqual([
      "C1", "C2 B1", "C2 B2", "C3", "C4 B1", "C4 B2", "C5", "C6a B1", "C6a B2", "C6b B1", "C6b B2",
    ]);
  });

  it("opens with the sweep's name and how a verdict is read, then the legend of claim columns", () => {
    expect(lines[0]).toBe("# tiny: where the paper's claims hold");
    expect(lines[2]).toContain("(2 seeds a point)");
    expect(lines[2]).toContain("**not testable here**");
    expect(text).toContain("| C6b B2 | fairshare gives higher performance per dollar | performance_per_budget_dollar | B2 |");
  });

  it("the verdict table: the point, its grid values (text as it is, others as JSON, | escaped), a verdict per claim row", () => {
    const at = lines.indexOf("## Verdicts");
    expect(lines[at + 2]).toBe("| point | valuation.protocol | valuation.task | C1 | C2 B1 | C2 B2 | C3 | C4 B1 | C4 B2 | C5 | C6a B1 | C6a B2 | C6b B1 | C6b B2 |");
    expect(lines[at + 3]).toBe(`|${" --- |".repeat(14)}`);
    expect(lines[at + 4]).toBe(
      "| 0 | {\"window\":5} | a\\|b | not resolved | not testable here | not testable here | holds | not resolved | not resolved | not resolved | not resolved | not resolved | not resolved | not resolved |",
    );
    expect(lines[at + 5]).toMatch(/^\| 1 \| fresh \| cars \| not resolved \| not testable here \| not testable here \| not resolved \|/);
  });

  it("the numbers table: fairshare − exploitative as mean [95% interval] (seeds), — where no seed pairs", () => {
    const at = lines.indexOf("## Numbers");
    const row = lines[at + 6].split(" | ");
    expect(row.slice(0, 3)).toEqual(["| 0", "{\"window\":5}", "a\\|b"]);
    // C2 B1 (test accuracy, null throughout), C3 (active sellers: +2 twice), C4 B1 (4 ± 12.706).
    expect([row[4], row[6], row[7]]).toEqual(["—", "+2.00 [+2.00, +2.00] (2)", "+4.0 [-8.7, +16.7] (2)"]);
    expect(text.endsWith("|\n")).toBe(true);
  });
});
