import { compile } from "vega-lite";
import { describe, expect, it } from "vitest";
import { convergenceNote } from "../experiments/convergenceNote.js";
import { fig2abData, fig2abFigures, overtakingPeriod } from "../experiments/figures/fig2ab.js";
import { tinyRun } from "./fixtures/tinyRun.js";
import { fieldsMissingFromData } from "./specFields.js";

describe("fig2abData", () => {
  const run = tinyRun(5, 1);
  const rows = fig2abData(run);

  it("gives one row per group × period × buyer with its cumulative utility and the active sellers", () => {
    expect(rows).toHaveLength(2 * 2 * 2);
    expect(rows.find((r) => r.group === "exploitative" && r.period === 2 && r.buyer === "B1")).toEqual({
      group: "exploitative", period: 2, buyer: "B1", cumulativeUtility: 5, activeSellers: 1,
    });
  });

  it("overtakingPeriod finds the first period from which a group stays ahead, or null", () => {
    expect(overtakingPeriod(rows, "B1", "exploitative", "fairshare")).toBe(1);
    expect(overtakingPeriod(rows, "B1", "fairshare", "exploitative")).toBeNull();
    const crossing = [1, 2, 3].flatMap((period) => [
      { group: "a", period, buyer: "B", cumulativeUtility: [0, 5, 6][period - 1], activeSellers: 1 },
      { group: "b", period, buyer: "B", cumulativeUtility: [1, 4, 7][period - 1], activeSellers: 1 },
    ]);
    expect(overtakingPeriod(crossing, "B", "a", "b")).toBeNull(); // ahead at 2, behind again at 3
    expect(overtakingPeriod(crossing, "B", "b", "a")).toBe(3);
  });

  it("convergenceNote counts Algorithm 1's failures across runs and is empty without any", () => {
    expect(convergenceNote([run])).toBe("");
    const cycled = tinyRun(6, 1);
    cycled.groups[1].unconvergedPeriods = 1;
    expect(convergenceNote([run, cycled])).toContain("did not converge in 1 of 8 group-periods");
  });

  it("the two specs encode only fields their data has, compile, and record config and seed", () => {
    const figures = fig2abFigures(run, "tiny.json");
    expect(figures.map((f) => f.id)).toEqual(["fig2a", "fig2b"]);
    for (const figure of figures) {
      expect(fieldsMissingFromData(figure.spec)).toEqual([]);
      expect(() => compile(figure.spec)).not.toThrow();
      expect(figure).toMatchObject({ config: "tiny.json", seed: 5 });
    }
  });
});
