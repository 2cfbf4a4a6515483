import { compile } from "vega-lite";
import { describe, expect, it } from "vitest";
import { fig5Data, fig5Figures, fig5Spec } from "../experiments/figures/fig5.js";
import { tinyRun } from "./fixtures/tinyRun.js";
import { fieldsMissingFromData } from "./specFields.js";

describe("fig5Data", () => {
  const run = tinyRun(5, 1);

  it("marks each seller × period as bought, offered or left, for the named buyer (read off the tiny run by hand)", () => {
    const state = (group: string, period: number, seller: string) => fig5Data(run, "B1").find((r) => r.group === group && r.period === period && r.seller === seller)?.state;
    expect(state("fairshare", 1, "S2")).toBe("bought");
    expect(state("fairshare", 2, "S2")).toBe("offered, not bought");
    expect(state("exploitative", 2, "S1")).toBe("left the market");
    expect(state("exploitative", 2, "S2")).toBe("bought");
    expect(fig5Data(run, "B2").find((r) => r.group === "fairshare" && r.period === 1 && r.seller === "S1")?.state).toBe("offered, not bought");
  });

  it("has a row for every shown group × period × seller", () => {
    expect(fig5Data(run, "B1")).toHaveLength(2 * 2 * 2);
  });

  it("refuses an unknown buyer", () => {
    expect(() => fig5Data(run, "B9")).toThrow(/B9/);
  });

  it("orders sellers by quality, best first, and the spec compiles with every encoded field present", () => {
    const spec = fig5Spec(fig5Data(run, "B1"), "t", "c");
    expect(fieldsMissingFromData(spec)).toEqual([]);
    expect(() => compile(spec)).not.toThrow();
    const encoding = (spec as { encoding: { y: { sort: string[] } } }).encoding;
    expect(encoding.y.sort).toEqual(["S1", "S2"]);
  });

  it("fig5Figures gives 5a for the high-budget buyer and 5b for the low-budget one", () => {
    const [a, b] = fig5Figures(run, "tiny.json");
    expect([a.id, b.id]).toEqual(["fig5a", "fig5b"]);
    expect(a.title).toContain("B1");
    expect(b.title).toContain("B2");
  });
});
