/**
 * The atlas (issue #14): its cells are the paired differences of direct `simulate` runs of the same
 * points, its empirical T̂ is L1's "one past the last period not ahead", its theory lines are what
 * `horizon` prints, its specs encode only fields their rows have, and its job resumes from its
 * checkpoint (test/slow/atlasWorkers.test.ts: the same bytes on one thread and on two). The sweeps are
 * test/fixtures/atlas/ (the real grids take minutes).
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { openCheckpoint } from "../cli/checkpoint.js";
import { simulate } from "../experiments/algorithm2.js";
import type { AtlasCell } from "../experiments/atlasCell.js";
import type { AtlasCellVerdict, AtlasPanel } from "../experiments/atlasData.js";
import { empiricalHorizon, pairedUtilityPaths } from "../experiments/atlasHorizon.js";
import { ATLAS_FINE_SWEEPS, ATLAS_SWEEPS, atlasJob } from "../experiments/atlasJob.js";
import { DISCOUNT_TOLERANCE, horizonDiscount } from "../experiments/atlasTheory.js";
import type { CellRunner } from "../experiments/cell.js";
import { parseConfig } from "../experiments/config.js";
import { ConfigError } from "../experiments/configFile.js";
import type { JobOutput } from "../experiments/figureSet.js";
import { atlasHeatRows, atlasLineRows, indexOf, VERDICT_COLOURS } from "../experiments/figures/atlas.js";
import type { Atlas } from "../experiments/figures/atlasTable.js";
import { loadSweep } from "../experiments/sweepConfig.js";
import { runCommand } from "./runCommand.js";
import { compileWarnings, encodedFields, fieldsMissingFromData } from "./specFields.js";

const DIR = "test/fixtures/atlas";
const TINY = { utility: `${DIR}/atlasUtility.json`, sellers: `${DIR}/atlasSellers.json` };
const MARKET = JSON.parse(readFileSync(`${DIR}/market.json`, "utf8")) as Record<string, unknown>;
const scratch = () => mkdtempSync(join(tmpdir(), "fairshare-atlas-"));

/** t_{0.975, 2}: for 2 degrees of freedom the t CDF is 1/2 + t/(2√(2 + t²)), so t/√(2 + t²) = 0.95 gives t² = 2·0.9025/0.0975. */
const T_975_2 = Math.sqrt((2 * 0.9025) / 0.0975);

/** A 95% t-interval of three paired differences, by hand. */
function byHand(differences: number[]) {
  expect(differences).toHaveLength(3);
  const mean = (differences[0] + differences[1] + differences[2]) / 3;
  const sd = Math.sqrt(differences.reduce((s, d) => s + (d - mean) ** 2, 0) / 2);
  return { mean, low: mean - (T_975_2 * sd) / Math.sqrt(3), high: mean + (T_975_2 * sd) / Math.sqrt(3) };
}

/** The fixture market with the point's overrides written in by hand, and its runs under seeds 1–3. */
function runsAt(overrides: Record<string, unknown>) {
  const config = parseConfig({ ...MARKET, ...overrides }, "by hand");
  return [1, 2, 3].map((seed) => simulate(config, seed));
}

let output: JobOutput;
let atlas: Atlas;
const panel = (id: AtlasPanel["id"]) => atlas.panels.find((p) => p.id === id)!;
const cellAt = (id: AtlasPanel["id"], x: number, y: number, key: { buyer?: string; metric?: string }) =>
  panel(id).cells.find((c) => c.x === x && c.y === y && (key.buyer === undefined || c.buyer === key.buyer) && (key.metric === undefined || c.metric === key.metric))!;

beforeAll(async () => {
  output = await atlasJob().run({ seeds: undefined, atlas: TINY });
  atlas = output.tables.find((t) => t.id === "atlas")!.table as Atlas;
});

describe("empiricalHorizon(differences): one past the last period at which fairshare is not ahead", () => {
  it.each([
    [[-2, -1, 0.5, -0.1, 0.3, 0.4], 5, "a crossing, a dip back, then ahead to T"],
    [[-2, -1, 0.5, 1], 3, "one crossing"],
    [[0.1, 0.2], 1, "ahead from the first period"],
    [[-1, 0, 0.2], 3, "a tie counts as not ahead"],
    [[-1, 0.5, -0.1], null, "behind at T: not by T"],
    [[-1, 0.5, 0], null, "a tie at T: not by T"],
  ] as Array<[number[], number | null, string]>)("%j → %s (%s)", (differences, expected) => {
    expect(empiricalHorizon(Object.freeze(differences))).toBe(expected);
  });

  it("refuses an empty path and a non-finite difference", () => {
    expect(() => empiricalHorizon([])).toThrow(/at least one period/);
    expect(() => empiricalHorizon([-1, Number.NaN])).toThrow(/period 2/);
  });

  it("pairedUtilityPaths pairs fairshare with the other group seed by seed and averages each period (hand-made cells)", () => {
    const cell = (fair: number[], exploit: number[]): AtlasCell => ({
      rows: [],
      utility: [{ group: "fairshare", buyer: "B1", cumulative: fair }, { group: "exploitative", buyer: "B1", cumulative: exploit }],
      firstPeriod: null,
    });
    // Seed 1: differences −3, −1, +2; seed 2: −1, −1, +4. Means −2, −1, +3; T̂ = 3.
    const paths = pairedUtilityPaths([cell([1, 3, 8], [4, 4, 6]), cell([1, 2, 9], [2, 3, 5])], { group: "exploitative", buyer: "B1" });
    expect(paths.mean).toEqual([-2, -1, 3]);
    expect(empiricalHorizon(paths.mean)).toBe(3);
    expect([paths.first.mean, paths.last.mean]).toEqual([-2, 3]);
    expect(() => pairedUtilityPaths([cell([1], [1])], { group: "reduced", buyer: "B1" })).toThrow(/group reduced/);
  });
});

describe("atlas cells are the paired differences of direct simulate runs of the same points", () => {
  it.each([
    [0.9, 1],
    [1, 0.3],
  ])("atlasUtility at δ = %s, η = %s: fairshare − exploitative cumulative utility at T, each buyer, mean and t-interval by hand", (discount, eta) => {
    const runs = runsAt({ discount, participation: `linear:${eta}`, groups: ["fairshare", "exploitative"] });
    for (const [b, buyer] of ["B1", "B2"].entries()) {
      const last = (run: (typeof runs)[number], g: number) => run.groups[g].periods.at(-1)!.buyers[b].cumulativeUtility;
      const expected = byHand(runs.map((run) => last(run, 0) - last(run, 1)));
      const cell = cellAt("atlasUtility", discount, eta, { buyer });
      expect(cell.seeds).toBe(3);
      for (const key of ["mean", "low", "high"] as const) expect(cell.difference![key], `${buyer} ${key}`).toBeCloseTo(expected[key], 9);
      expect(cell.verdict).toBe(expected.low > 0 ? "holds" : expected.high < 0 ? "reversed" : "not resolved");
    }
  });

  it("atlasHorizon at δ = 1, η = 1: T̂ is one past the last period at which the mean paired difference is ≤ 0, from the same runs", () => {
    const runs = runsAt({ discount: 1, participation: "linear:1", groups: ["fairshare", "exploitative"] });
    for (const [b, buyer] of ["B1", "B2"].entries()) {
      const mean = runs[0].groups[0].periods.map((_, t) =>
        runs.reduce((s, run) => s + run.groups[0].periods[t].buyers[b].cumulativeUtility - run.groups[1].periods[t].buyers[b].cumulativeUtility, 0) / 3,
      );
      let last = 0;
      mean.forEach((d, t) => (last = d <= 0 ? t + 1 : last));
      const cell = cellAt("atlasHorizon", 1, 1, { buyer });
      expect(cell.horizon, buyer).toBe(last === mean.length ? null : last + 1);
      expect(cell.late!.mean).toBeCloseTo(cellAt("atlasUtility", 1, 1, { buyer }).difference!.mean, 12);
    }
  });

  it("atlasSellers at κ = 0, B2 budget 8: fairshare − reduced in the sellers' average cumulative profit and in active sellers, by hand", () => {
    const buyers = [{ id: "B1", budget: 16, valueOfPerformance: 1 }, { id: "B2", budget: 8, valueOfPerformance: 1 }];
    const runs = runsAt({ policy: { reducedFactor: 0 }, buyers, groups: ["fairshare", "reduced"] });
    const end = (run: (typeof runs)[number], g: number) => run.groups[g].periods.at(-1)!;
    const profit = byHand(runs.map((run) => end(run, 0).averageCumulativeProfit - end(run, 1).averageCumulativeProfit));
    const active = byHand(runs.map((run) => end(run, 0).activeSellers - end(run, 1).activeSellers));
    expect(cellAt("atlasSellers", 0, 8, { metric: "average_cumulative_profit" }).difference!.mean).toBeCloseTo(profit.mean, 9);
    expect(cellAt("atlasSellers", 0, 8, { metric: "average_cumulative_profit" }).difference!.low).toBeCloseTo(profit.low, 9);
    expect(cellAt("atlasSellers", 0, 8, { metric: "active_sellers" }).difference!.mean).toBeCloseTo(active.mean, 9);
  });

  it("at κ = 1 reduced posts the fair price, so every seller difference is exactly 0 and not resolved", () => {
    const atOne = panel("atlasSellers").cells.filter((c) => c.x === 1);
    expect(atOne).toHaveLength(4);
    for (const c of atOne) {
      expect(c.difference).toEqual({ mean: 0, low: 0, high: 0 });
      expect(c.verdict).toBe("not resolved");
    }
  });
});

describe("the theory overlay is what `horizon` prints for the one-buyer analogue", () => {
  const horizon = async (discount: number, eta: number) => {
    const { analogue } = panel("atlasUtility");
    const a = analogue!;
    const argv = ["horizon", "--V", String(a.value), "--pstar", String(a.fairPrice), "--c", String(a.cost), "--p", String(a.price), "--delta", String(discount), "--rho", `linear:${eta}`, "--T", String(a.periods)];
    const result = await runCommand(argv);
    expect(result.code, result.stderr).toBe(0);
    return JSON.parse(result.stdout) as { That: number | null; delta0: number };
  };

  it("the analogue is the first point's seed-1 period-1 means, with p = c, and period 1 is the same at every point", () => {
    const a = panel("atlasUtility").analogue!;
    expect(a.price).toBe(a.cost);
    expect(a.source).toBe(`${TINY.utility}, point 0, seed 1, period 1`);
    const run = runsAt({ groups: ["fairshare", "exploitative"] })[0];
    const sellers = run.groups[0].periods[0].sellers;
    expect(a.fairPrice).toBeCloseTo(sellers.reduce((s, x) => s + x.fairPrice, 0) / sellers.length, 12);
    expect(a.value).toBeCloseTo(sellers.reduce((s, x) => s + x.values[0] + x.values[1], 0) / (2 * sellers.length), 12);
    expect(a.cost).toBeCloseTo(sellers.reduce((s, x) => s + x.cost, 0) / sellers.length, 12);
  });

  // η = 1 (the grid's largest) and the solid line's lowest η (where T̂ = T first needs δ = 1: about 0.35 here).
  it.each(["largest", "lowest"])("at the solid line's %s η: the dashed line is horizon's delta0, and horizon's T̂ is ≤ T on the solid line and > T just left of it", async (which) => {
    const lines = panel("atlasUtility").theory!;
    const solid = lines.find((l) => l.id === "horizon")!.points;
    const onCurve = which === "largest" ? solid.at(-1)! : solid[0];
    const eta = onCurve.parameter;
    expect(which === "largest" ? eta : 1).toBe(1);
    const threshold = lines.find((l) => l.id === "threshold")!.points.find((p) => p.parameter === eta)!;
    const T = panel("atlasUtility").periods;
    expect((await horizon(onCurve.discount, eta)).delta0).toBe(threshold.discount);
    expect((await horizon(onCurve.discount, eta)).That).toBeLessThanOrEqual(T);
    const left = (await horizon(onCurve.discount - 2 * DISCOUNT_TOLERANCE, eta)).That;
    expect(left === null || left > T, `T̂ just left of the line: ${left}`).toBe(true);
  });

  it("each cell's theory T̂ is horizon's That at the cell's δ and η", async () => {
    for (const cell of panel("atlasUtility").cells.filter((c) => c.buyer === "B1")) {
      expect((await horizon(cell.x, cell.y)).That, `δ = ${cell.x}, η = ${cell.y}`).toBe(cell.theoryHorizon);
    }
  });

  it("horizonDiscount(analogue, rho, T) is null when even δ = 1 does not bring T̂ within T (V = 10, p* = 6, c = 1, linear:0.05, T = 5)", () => {
    // `horizon --V 10 --pstar 6 --c 1 --p 1 --delta 1 --rho linear:0.05` prints "That": 47, so no δ ≤ 1 gets T̂ down to 5.
    expect(horizonDiscount({ value: 10, fairPrice: 6, cost: 1 }, "linear:0.05", 5)).toBeNull();
  });
});

describe("the atlas figures: data, spec, rendering", () => {
  it("one figure per panel, each recording its sweep and seeds", () => {
    expect(output.figures.map((f) => [f.id, f.config, f.seeds])).toEqual([
      ["atlasUtility", TINY.utility, [1, 2, 3]],
      ["atlasSellers", TINY.sellers, [1, 2, 3]],
      ["atlasHorizon", TINY.utility, [1, 2, 3]],
    ]);
  });

  it.each(["atlasUtility", "atlasSellers", "atlasHorizon"])("%s's spec encodes only fields its rows have, and compiles without a warning", (id) => {
    const spec = output.figures.find((f) => f.id === id)!.spec;
    expect(fieldsMissingFromData(spec)).toEqual([]);
    const rowFields = new Set([...Object.keys(atlasHeatRows(panel(id as AtlasPanel["id"]))[0]), ...Object.keys(atlasLineRows(panel("atlasUtility"))[0]), "status"]);
    expect(encodedFields(spec).filter((f) => !rowFields.has(f))).toEqual([]);
    expect(compileWarnings(spec)).toEqual([]);
  });

  it("verdicts have fixed colours, the same in every panel", () => {
    const scales = output.figures
      .filter((f) => f.id !== "atlasHorizon")
      .map((f) => JSON.stringify(f.spec).match(/"domain":\["holds","not resolved","reversed"\],"range":\[[^\]]*\]/)?.[0]);
    expect(scales).toEqual(Array(2).fill(`"domain":["holds","not resolved","reversed"],"range":${JSON.stringify([VERDICT_COLOURS.holds, VERDICT_COLOURS["not resolved"], VERDICT_COLOURS.reversed])}`));
  });

  it("indexOf places a value on an axis drawn in index space: linear between grid values, extended past the ends", () => {
    const expected = [0, 0.5, 1, 1 + 0.05 / 0.09, 2, 3];
    [0.8, 0.85, 0.9, 0.95, 0.99, 1].forEach((v, k) => expect(indexOf([0.8, 0.9, 0.99, 1], v), String(v)).toBeCloseTo(expected[k], 12));
    expect(indexOf([0.8, 0.9], 0.75)).toBeCloseTo(-0.5, 12);
  });

  it("atlas.json's cells carry what the claims page reads: numeric x and y, the buyer, the metric, the verdict, T̂ on atlasHorizon", () => {
    for (const p of atlas.panels) {
      expect(p.seeds).toBe(3);
      for (const c of p.cells as AtlasCellVerdict[]) {
        expect([typeof c.x, typeof c.y]).toEqual(["number", "number"]);
        expect(["holds", "reversed", "not resolved", "not testable here"]).toContain(c.verdict);
        if (p.id === "atlasHorizon") expect(c.horizon === null || Number.isInteger(c.horizon)).toBe(true);
      }
    }
    expect(atlas.rows).toHaveLength(atlas.panels.reduce((n, p) => n + p.cells.length, 0));
  });
});

describe("the atlas job", () => {
  it("resumes from the checkpoint: a second run computes no cell and returns the same outputs", async () => {
    const dir = scratch();
    const first = openCheckpoint(dir, null);
    const once = await atlasJob().run({ seeds: undefined, atlas: TINY, cell: first.cell });
    expect(first.counts()).toEqual({ computed: 24, reused: 0 });
    const second = openCheckpoint(dir, null);
    const again = await atlasJob().run({ seeds: undefined, atlas: TINY, cell: second.cell });
    expect(second.counts()).toEqual({ computed: 0, reused: 24 });
    expect(JSON.stringify(again)).toBe(JSON.stringify(once));
  });

  it("runs only the sweep the asked-for ids need, keyed <sweep name>-point<i>-seed<S>", async () => {
    const keys: string[] = [];
    const cell: CellRunner = async (key, _inputs, compute) => (keys.push(key), compute());
    const out = await atlasJob().run({ seeds: 1, only: new Set(["atlasSellers"]), atlas: TINY, cell });
    expect(keys).toEqual(["atlasSellersTiny-point0-seed1", "atlasSellersTiny-point1-seed1", "atlasSellersTiny-point2-seed1", "atlasSellersTiny-point3-seed1"]);
    expect(out.figures.map((f) => f.id)).toEqual(["atlasSellers"]);
    expect(out.tables).toEqual([]);
  });

  it("refuses a sweep without the panel's axis before any cell runs, naming the file and the field", async () => {
    const dir = scratch();
    writeFileSync(join(dir, "market.json"), JSON.stringify(MARKET));
    writeFileSync(join(dir, "atlasUtility.json"), JSON.stringify({ name: "bad", base: "market.json", grid: { discount: [0.9, 1] }, seeds: 2 }));
    const cell: CellRunner = async () => {
      throw new Error("no cell may run");
    };
    const run = atlasJob().run({ seeds: undefined, only: new Set(["atlasUtility"]), atlas: { utility: join(dir, "atlasUtility.json"), sellers: TINY.sellers }, cell });
    await expect(run).rejects.toThrow(ConfigError);
    await expect(run).rejects.toThrow(/atlasUtility\.json: grid: the atlas needs the field "participation"/);
  });

  it("the default and fine sweeps are Fig. 4's market with ≥ 10 seeds a point, fairshare paired with exploitative or reduced", () => {
    for (const path of [ATLAS_SWEEPS.utility, ATLAS_SWEEPS.sellers, ATLAS_FINE_SWEEPS.utility, ATLAS_FINE_SWEEPS.sellers]) {
      const sweep = loadSweep(path);
      expect(sweep.spec.seeds, path).toBeGreaterThanOrEqual(10);
      expect(sweep.basePath).toBe("experiments/configs/fig4.json");
      expect(sweep.points.map((p) => p.config.groups.join(","))).toEqual(sweep.points.map(() => (path.includes("Utility") ? "fairshare,exploitative" : "fairshare,reduced")));
    }
  });
});
