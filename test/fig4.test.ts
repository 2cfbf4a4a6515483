import { compile } from "vega-lite";
import { describe, expect, it } from "vitest";
import { fig4Data, fig4Figures, fig4Spec, FIG4_PANELS } from "../experiments/figures/fig4.js";
import { tinyRun } from "./fixtures/tinyRun.js";
import { fieldsMissingFromData } from "./specFields.js";

// Two seeds of the tiny run (test/fixtures/tinyRun.ts), scales 1 and 3: B1's fairshare cumulative utility
// is (1, 2) and (3, 6); by hand the means are 2 and 4, and with two values the 95% half-width is
// t_{0.975,1} · |x − y|/2 = 12.706 · 1 and 12.706 · 2.
const runs = [tinyRun(5, 1), tinyRun(6, 3)];

describe("fig4Data", () => {
  const rows = fig4Data(runs);
  const row = (panel: string, group: string, period: number) => rows.find((r) => r.panel === panel && r.group === group && r.period === period)!;

  it("gives one row per panel × group × period", () => {
    expect(rows).toHaveLength(4 * 2 * 2);
  });

  it("fig4a is the high-budget buyer's (B1) mean cumulative utility over seeds, with a t band", () => {
    expect(row("fig4a", "fairshare", 1).mean).toBe(2);
    expect(row("fig4a", "fairshare", 2).mean).toBe(4);
    expect(row("fig4a", "fairshare", 2).high).toBeCloseTo(4 + 12.706 * 2, 2);
    expect(row("fig4a", "exploitative", 1).mean).toBe(8); // (4 + 12)/2
  });

  it("fig4b is the low-budget buyer's (B2)", () => {
    expect(row("fig4b", "fairshare", 1).mean).toBe(1); // (0.5 + 1.5)/2
    expect(row("fig4b", "exploitative", 2).mean).toBe(4); // (2 + 6)/2
  });

  it("fig4c and fig4d read the sellers' average cumulative profit and the active sellers, the same in both seeds (zero-width band)", () => {
    expect(row("fig4c", "exploitative", 2)).toMatchObject({ mean: 0.5, low: 0.5, high: 0.5 });
    expect(row("fig4d", "exploitative", 2)).toMatchObject({ mean: 1, low: 1, high: 1, seeds: 2 });
    expect(row("fig4d", "fairshare", 2).mean).toBe(2);
  });

  it("refuses no runs and runs of different shape", () => {
    expect(() => fig4Data([])).toThrow(/at least one run/);
    const short = tinyRun(7, 1);
    short.groups[0].periods.pop();
    expect(() => fig4Data([runs[0], short])).toThrow(/seed 7/);
  });
});

describe("fig4Spec", () => {
  const rows = fig4Data(runs);
  it.each(FIG4_PANELS)("%s encodes only fields its rows have, and compiles", (panel) => {
    const spec = fig4Spec(rows, panel, "caption");
    expect(fieldsMissingFromData(spec)).toEqual([]);
    expect(() => compile(spec)).not.toThrow();
  });

  it("has one legend, drawn from the lines (a band's hidden legend once hid it)", () => {
    const vega = compile(fig4Spec(rows, "fig4c", "c")).spec as { legends?: Array<{ stroke?: string; symbolType?: string }> };
    expect(vega.legends).toEqual([expect.objectContaining({ stroke: "color", symbolType: "stroke" })]);
  });

  it("fig4Figures records every seed averaged and states the count in each caption", () => {
    const figures = fig4Figures(runs, "tiny.json");
    expect(figures.map((f) => f.id)).toEqual([...FIG4_PANELS]);
    for (const figure of figures) {
      expect(figure.seeds).toEqual([5, 6]);
      expect(figure.caption).toContain("mean over 2 seeds");
    }
  });
});
