import { readFileSync } from "node:fs";
import fc from "fast-check";
import * as vega from "vega";
import { compile } from "vega-lite";
import { beforeAll, describe, expect, it } from "vitest";
import {
  EXPLORER_MARKS,
  EXPLORER_PARAMS,
  EXPLORER_PERIODS,
  EXPLORER_START,
  explorerSpec,
  registerExplorerFunctions,
  type ExplorerFamily,
} from "../experiments/figures/explorer.js";
import { cumulativeUtility, exploitThreshold, type OneBuyerMarket } from "../theory/oneBuyerMarket.js";
import { parseParticipation } from "../theory/participation.js";
import { tradeoffHorizon } from "../theory/tradeoffHorizon.js";
import { compileWarnings, fieldsMissingFromData } from "./specFields.js";

/** One setting of the explorer's params. */
interface Setting {
  V: number;
  pstar: number;
  c: number;
  delta: number;
  family: ExplorerFamily;
  /** η or γ, whichever the family takes. */
  k: number;
}

const marketOf = (s: Setting): OneBuyerMarket => ({
  value: s.V,
  fairPrice: s.pstar,
  cost: s.c,
  discount: s.delta,
  participation: parseParticipation(`${s.family}:${s.k}`),
});

/** A scenegraph node, as far as these tests read it. */
interface SceneNode {
  name?: string;
  items?: SceneNode[];
  datum?: Record<string, unknown>;
}

/** The data of every item of the marks named `name`, anywhere in the scenegraph (inside facets too). */
function markData(view: vega.View, name: string): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  const walk = (node: SceneNode): void => {
    if (node.name === name) for (const item of node.items ?? []) if (item.datum !== undefined) out.push(item.datum);
    for (const child of node.items ?? []) walk(child);
  };
  walk((view.scenegraph() as unknown as { root: SceneNode }).root);
  return out;
}

/** The explorer's spec, compiled once and run headlessly by vega. */
let view: vega.View;

async function show(s: Setting): Promise<{ horizon: Record<string, unknown>; curves: Array<Record<string, unknown>> }> {
  view.signal(EXPLORER_PARAMS.value, s.V);
  view.signal(EXPLORER_PARAMS.fairPrice, s.pstar);
  view.signal(EXPLORER_PARAMS.cost, s.c);
  view.signal(EXPLORER_PARAMS.discount, s.delta);
  view.signal(EXPLORER_PARAMS.family, s.family);
  view.signal(s.family === "linear" ? EXPLORER_PARAMS.eta : EXPLORER_PARAMS.gamma, s.k);
  await view.runAsync();
  const horizon = markData(view, EXPLORER_MARKS.horizon);
  expect(horizon).toHaveLength(1);
  return { horizon: horizon[0], curves: markData(view, EXPLORER_MARKS.curves) };
}

/** Checks what the spec computed for `s` against the theory functions, number for number. */
async function agreesWithTheory(s: Setting): Promise<void> {
  const { horizon, curves } = await show(s);
  const market = marketOf(s);
  const label = JSON.stringify(s);
  const tHat = tradeoffHorizon(market, s.c);
  expect(horizon.That, `${label}: T̂`).toBe(Number.isFinite(tHat) ? tHat : null);
  expect(horizon.status, label).toBe(Number.isFinite(tHat) ? "found" : "never");
  expect(horizon.delta0, `${label}: δ₀`).toBe(exploitThreshold(market, s.c));
  const text = horizon.label as string[];
  expect(text[0], label).toBe(`T̂(c, δ) = ${Number.isFinite(tHat) ? tHat : "never"}`);
  expect(text[1], label).toContain(s.delta > (exploitThreshold(market, s.c) ?? 1) ? " > δ₀" : " ≤ δ₀");
  // Every point of every curve: U_T(p) as cumulativeUtility computes it, p on [c, V].
  expect(curves.length, label).toBeGreaterThan(EXPLORER_PERIODS.length * 300);
  expect([...new Set(curves.map((row) => row.T))].sort((a, b) => Number(a) - Number(b))).toEqual([...EXPLORER_PERIODS]);
  for (const row of curves) {
    const price = row.p as number;
    expect(price >= s.c && price <= s.V, `${label}: p = ${price}`).toBe(true);
    expect(row.U, `${label}: U_${row.T}(${price})`).toBe(cumulativeUtility(market, price, row.T as number));
  }
  expect(curves.some((row) => row.p === s.pstar) && curves.some((row) => row.p === s.V) && curves.some((row) => row.p === s.c), label).toBe(true);
}

describe("explorerSpec: the one-buyer one-seller market in the report, computed by the spec (MODEL §5)", () => {
  const spec = explorerSpec();

  beforeAll(async () => {
    registerExplorerFunctions(vega);
    view = new vega.View(vega.parse(compile(spec).spec), { renderer: "none" });
    await view.runAsync();
  });

  it("compiles with vega-lite without a warning, and every encoded field is made by the spec", () => {
    expect(compileWarnings(spec)).toEqual([]);
    expect(fieldsMissingFromData(spec)).toEqual([]);
  });

  it("binds V, p*, c, δ, η and γ to range inputs around their start, and the family to a select", () => {
    const params = new Map((spec.params ?? []).map((p) => [p.name, p as { value?: unknown; bind?: Record<string, unknown> }]));
    const start: Record<string, number> = { V: EXPLORER_START.value, pstar: EXPLORER_START.fairPrice, c: EXPLORER_START.cost, delta: EXPLORER_START.discount, eta: EXPLORER_START.eta, gamma: EXPLORER_START.gamma };
    for (const [name, value] of Object.entries(start)) {
      const param = params.get(name);
      expect(param?.bind?.input, name).toBe("range");
      const { min, max, step } = param!.bind as { min: number; max: number; step: number };
      expect(min < max && step > 0 && value >= min && value <= max, name).toBe(true);
      expect(param!.value, name).toBe(value);
    }
    expect(params.get("family")?.bind).toMatchObject({ input: "select", options: ["linear", "power"] });
    expect(params.get("family")?.value).toBe(EXPLORER_START.family);
    expect([...params.keys()].sort()).toEqual(Object.values(EXPLORER_PARAMS).sort());
  });

  it("starts at Fig. 3's market (experiments/configs/fig3.json)", () => {
    const fig3 = JSON.parse(readFileSync(new URL("../experiments/configs/fig3.json", import.meta.url), "utf8")) as Record<string, unknown>;
    expect({ value: EXPLORER_START.value, fairPrice: EXPLORER_START.fairPrice, cost: EXPLORER_START.cost, discount: EXPLORER_START.discount, rho: `power:${EXPLORER_START.gamma}` }).toEqual({
      value: fig3.value,
      fairPrice: fig3.fairPrice,
      cost: fig3.cost,
      discount: fig3.discount,
      rho: fig3.rho,
    });
  });

  // T̂ from 1 to millions (δ = 1, η = 1e-6), never (δ < δ₀; δ = 0.75, which is δ₀(c) = p*/(p* + η·u*) in
  // exact arithmetic and a rounding above it in doubles), δ just above δ₀, δ = 1, c = 0 (ρ(0) = 0 for power).
  const settings: Setting[] = [
    { V: 10, pstar: 6, c: 1, delta: 0.9, family: "power", k: 0.5 },
    { V: 10, pstar: 6, c: 2, delta: 0.9, family: "linear", k: 0.5 },
    { V: 10, pstar: 6, c: 2, delta: 0.7, family: "linear", k: 0.5 },
    { V: 10, pstar: 6, c: 2, delta: 0.75, family: "linear", k: 0.5 },
    { V: 10, pstar: 6, c: 2, delta: 0.76, family: "linear", k: 0.5 },
    { V: 10, pstar: 6, c: 2, delta: 0.75 + 1e-6, family: "linear", k: 0.5 },
    { V: 10, pstar: 6, c: 2, delta: 0.9934, family: "linear", k: 0.01 },
    { V: 10, pstar: 6, c: 2, delta: 1, family: "linear", k: 1e-6 },
    { V: 20, pstar: 19.5, c: 19, delta: 1, family: "linear", k: 0.01 },
    { V: 1, pstar: 0.5, c: 0, delta: 0.01, family: "power", k: 5 },
    { V: 4.5, pstar: 2, c: 0, delta: 1, family: "power", k: 0.1 },
    { V: 12, pstar: 3, c: 2.5, delta: 0.3, family: "power", k: 2 },
  ];

  it.each(settings.map((s): [string, Setting] => [JSON.stringify(s), s]))("T̂(c, δ), δ₀(c) and every U_T(p) equal tradeoffHorizon, exploitThreshold and cumulativeUtility at %s", async (_, s) => {
    await agreesWithTheory(s);
  });

  it("among the settings are finite and never T̂, and a T̂ above 10^5", () => {
    const horizons = settings.map((s) => tradeoffHorizon(marketOf(s), s.c));
    expect(horizons.filter((t) => !Number.isFinite(t)).length).toBeGreaterThanOrEqual(1);
    expect(horizons.some((t) => Number.isFinite(t) && t > 1e5)).toBe(true);
    expect(horizons.some((t) => t === 1 || t === 2)).toBe(true);
  });

  it("agrees with the theory on every slider position drawn at random (each slider on its own grid)", async () => {
    const onGrid = (min: number, max: number, step: number) => fc.integer({ min: 0, max: Math.round((max - min) / step) }).map((i) => Number((min + i * step).toFixed(2)));
    const setting = fc
      .record({ V: onGrid(1, 20, 0.5), pstar: onGrid(0.5, 19.5, 0.5), c: onGrid(0, 19, 0.5), delta: onGrid(0.01, 1, 0.01), family: fc.constantFrom<ExplorerFamily>("linear", "power"), eta: onGrid(0.01, 1, 0.01), gamma: onGrid(0.1, 5, 0.1) })
      .filter((s) => s.c < s.pstar && s.pstar < s.V)
      .map(({ eta, gamma, ...s }): Setting => ({ ...s, k: s.family === "linear" ? eta : gamma }));
    await fc.assert(fc.asyncProperty(setting, (s) => agreesWithTheory(s)), { seed: 20251015, numRuns: 50 });
  });

  it("draws no curve and says why for a market outside 0 ≤ c < p* < V", async () => {
    for (const s of [{ V: 10, pstar: 6, c: 6, delta: 0.9, family: "linear" as const, k: 0.5 }, { V: 5, pstar: 6, c: 1, delta: 0.9, family: "linear" as const, k: 0.5 }]) {
      const { horizon, curves } = await show(s);
      expect(curves, JSON.stringify(s)).toEqual([]);
      expect(horizon.status).toBe("invalid");
      expect(horizon.That).toBe(null);
      expect((horizon.label as string[])[0]).toMatch(/^The market needs 0 ≤ c < p\* < V/);
    }
    expect(markData(view, EXPLORER_MARKS.fairPrice)).toEqual([]);
  });
});
