import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { fig3Data, fig3Figure, fig3Prices, fig3Spec } from "../experiments/figures/fig3.js";
import { fig3ConfigSchema, type Fig3Params } from "../experiments/theoryConfigs.js";
import { cumulativeUtility, type OneBuyerMarket } from "../theory/oneBuyerMarket.js";
import { parseParticipation } from "../theory/participation.js";
import { compileWarnings, encodedFields, fieldsMissingFromData } from "./specFields.js";
import { itRefuses, type Refusal } from "./fixtures/schemaRefusals.js";

// The committed config's market: V = 10, p* = 6, c = 1, δ = 0.9, ρ(x) = √x (power:0.5).
const params: Fig3Params = Object.freeze({
  value: 10,
  fairPrice: 6,
  cost: 1,
  discount: 0.9,
  rho: "power:0.5",
  horizons: Object.freeze([1, 2, 5, 10]) as number[],
  points: 400,
});

/** MODEL §5 transcribed: U_T(p) = (V − p)·Σ_{t=1..T} (δ r)^{t−1}, r = √(p/p*) below p*, 1 from p* on, summed term by term. */
function utilityByHand(price: number, periods: number): number {
  const stay = price < 6 ? Math.sqrt(price / 6) : 1;
  let sum = 0;
  for (let t = 1; t <= periods; t += 1) sum += (0.9 * stay) ** (t - 1);
  return (10 - price) * sum;
}

const marketOf = (p: Fig3Params): OneBuyerMarket => ({
  value: p.value, fairPrice: p.fairPrice, cost: p.cost, discount: p.discount, participation: parseParticipation(p.rho),
});

describe("fig3Data: U_T(p) against an independent transcription of MODEL §5", () => {
  const data = fig3Data(params);

  it("fig3Data(params) at T = 1 is V − p at every grid price, exactly", () => {
    const rows = data.curves.filter((row) => row.periods === 1);
    expect(rows.length).toBe(fig3Prices(params).length);
    for (const row of rows) expect(row.utility, `p = ${row.price}`).toBe(10 - row.price);
  });

  it("fig3Data(params) at T = 2, 5, 10 is (V − p)·Σ (δ r(p))^{t−1} summed by hand, within 1e-14 relative", () => {
    // Closed form with expm1/log1p against a plain loop: measured worst 5.6e-16 relative; asserted 1e-14.
    for (const row of data.curves.filter((r) => r.periods > 1)) {
      const expected = utilityByHand(row.price, row.periods);
      expect(Math.abs(row.utility - expected), `T = ${row.periods}, p = ${row.price}`).toBeLessThanOrEqual(1e-14 * Math.max(1, expected));
    }
  });

  it("fig3Prices(params) holds c, V and p* exactly, a point just below p*, sorted without repeats", () => {
    const prices = fig3Prices(params);
    expect(prices[0]).toBe(1);
    expect(prices.at(-1)).toBe(10);
    expect(prices).toContain(6);
    expect(prices.filter((p) => p < 6 && p > 6 - 1e-6)).toHaveLength(1);
    expect(prices.length).toBe(400 + 2);
    for (let i = 1; i < prices.length; i += 1) expect(prices[i]).toBeGreaterThan(prices[i - 1]);
  });

  it("one curve per horizon, in the params' order, each over the whole grid", () => {
    const n = fig3Prices(params).length;
    expect(data.curves.map((row) => row.periods)).toEqual([1, 2, 5, 10].flatMap((t) => Array<number>(n).fill(t)));
  });

  it("the best price is c at T = 1 (V − p falls) and p* at T = 10 (δ = 0.9 is above L3's δ̲ = 0.75 here), and no grid point beats it", () => {
    // δ̲ = sup p*(1 − x)/(p*(1 − x) + (1 − √x)·u*) → 6/(6 + 0.5·4) = 0.75 as x → 1 (MODEL §8 L3).
    expect(data.best.map((b) => b.periods)).toEqual([1, 2, 5, 10]);
    expect(data.best[0]).toMatchObject({ price: 1, utility: 9 });
    expect(data.best[3].price).toBe(6);
    for (const best of data.best) {
      const curve = data.curves.filter((row) => row.periods === best.periods);
      // The grid is an independent search: its best may fall short of the true peak, never exceed it.
      expect(Math.max(...curve.map((row) => row.utility))).toBeLessThanOrEqual(best.utility * (1 + 1e-12));
      expect(best.utility).toBe(cumulativeUtility(marketOf(params), best.price, best.periods));
    }
  });

  it("with a gap ρ (gap:0.5:1) the curve jumps at p*: just below it r = 0.5·x, at p* r = 1", () => {
    const gap = fig3Data({ ...params, rho: "gap:0.5:1", horizons: [10] });
    const at = gap.curves.find((row) => row.price === 6)!;
    const below = gap.curves.filter((row) => row.price < 6).at(-1)!;
    expect(6 - below.price).toBeLessThan(1e-6);
    // U_10(p*) = 4·(1 − 0.9^10)/0.1 = 26.05…; just below p*, r ≈ 0.5: ≈ 4·(1 − 0.45^10)/0.55 = 7.27…
    expect(at.utility).toBeCloseTo((4 * (1 - 0.9 ** 10)) / 0.1, 12);
    expect(below.utility).toBeCloseTo((4 * (1 - 0.45 ** 10)) / 0.55, 6);
  });

  it("fig3Data does not change its params (frozen input)", () => {
    expect(() => fig3Data(params)).not.toThrow();
    expect(params.horizons).toEqual([1, 2, 5, 10]);
  });

  it("fig3Data refuses a market outside MODEL §5 (p* ≥ V) with a RangeError", () => {
    expect(() => fig3Data({ ...params, fairPrice: 10 })).toThrow(RangeError);
  });
});

describe("fig3Spec: what it encodes exists, and vega-lite compiles it", () => {
  const data = fig3Data(params);
  const spec = fig3Spec(data);

  it("every field fig3Spec(rows) encodes is in every row of the data its layer draws", () => {
    expect(encodedFields(spec)).toEqual(expect.arrayContaining(["price", "utility", "periods", "label"]));
    expect(fieldsMissingFromData(spec)).toEqual([]);
  });

  it("vega-lite compiles fig3Spec(rows) without throwing or warning", () => {
    expect(compileWarnings(spec)).toEqual([]);
  });

  it("fig3Figure(params, meta) is fig3, with the caption in the spec's description and the meta passed through", () => {
    const figure = fig3Figure(params, { config: "experiments/configs/fig3.json", seed: 0 });
    expect(figure).toMatchObject({ id: "fig3", config: "experiments/configs/fig3.json", seed: 0 });
    expect(figure.title).toMatch(/^Fig\. 3: /);
    expect(figure.spec.description).toBe(figure.caption);
    expect(figure.caption).toContain("T = 1, 2, 5, 10");
    expect(figure.caption).toContain("T = 10: p*");
  });
});

describe("fig3ConfigSchema: the committed config, and refusals naming the field", () => {
  const file = JSON.parse(readFileSync(new URL("../experiments/configs/fig3.json", import.meta.url), "utf8"));

  it("experiments/configs/fig3.json parses, and its params are the ones tested above", () => {
    const { figure, ...rest } = fig3ConfigSchema.parse(file);
    expect(figure).toBe("fig3");
    expect(rest).toEqual(params);
  });

  const refusals: Refusal[] = [
    ["discount 1.5", { discount: 1.5 }, ["discount"], /\(0, 1\]/],
    ["discount 0", { discount: 0 }, ["discount"], /\(0, 1\]/],
    ["p* at V", { fairPrice: 10 }, ["fairPrice"], /strictly between cost 1 and value 10/],
    ["p* below c", { fairPrice: 0.5 }, ["fairPrice"], /strictly between/],
    ["rho breaking A2", { rho: "power:-1" }, ["rho"], /γ = -1/],
    ["horizon 0", { horizons: [0, 2] }, ["horizons", 0], /≥ 1/],
    ["a repeated horizon", { horizons: [2, 2] }, ["horizons"], /repeat/],
    ["points 2.5", { points: 2.5 }, ["points"], /whole/],
  ];
  itRefuses("fig3ConfigSchema", fig3ConfigSchema, file, refusals);

  it("fig3ConfigSchema refuses an unknown key and a missing one", () => {
    expect(fig3ConfigSchema.safeParse({ ...file, seed: 1 }).error?.issues[0].code).toBe("unrecognized_keys");
    const { discount: _, ...missing } = file;
    expect(fig3ConfigSchema.safeParse(missing).error?.issues[0].path).toEqual(["discount"]);
  });
});

describe("fig3Caption: says what this market shows, not more", () => {
  it("with δ = 0.3 (below L3's δ̲ = 0.75) the best price never reaches p*, and the caption does not claim it does", () => {
    const figure = fig3Figure({ ...params, discount: 0.3 }, { config: "x", seed: 0 });
    expect(figure.caption).not.toContain("over a long one");
    expect(figure.caption).toContain("the dashed rule marks p*");
    expect(fig3Figure(params, { config: "x", seed: 0 }).caption).toContain("p* (dashed rule) over a long one");
  });
});
