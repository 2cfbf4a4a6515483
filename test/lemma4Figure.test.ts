import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DEFAULT_DELTAS, lemma4Data, lemma4Figure, lemma4Spec, type Lemma4Data } from "../experiments/figures/lemma4.js";
import { lemma4ConfigSchema, type Lemma4Params } from "../experiments/theoryConfigs.js";
import { parseParticipation } from "../theory/participation.js";
import { tradeoffHorizon } from "../theory/tradeoffHorizon.js";
import { compileWarnings, encodedFields, fieldsMissingFromData } from "./specFields.js";
import { itRefuses, type Refusal } from "./fixtures/schemaRefusals.js";

// The committed config's market: V = 10, p* = 6, c = 1, ρ(x) = √x (power:0.5), p = 0.3, 0.6, 0.9 of p*.
const params: Lemma4Params = Object.freeze({
  value: 10,
  fairPrice: 6,
  cost: 1,
  rho: "power:0.5",
  ratios: Object.freeze([0.3, 0.6, 0.9]) as number[],
  deltas: Object.freeze({ from: 0.65, to: 1, points: 141 }),
});

/**
 * MODEL §5's T̂ by brute force: add one period at a time to U_T(p*) = Σ δ^{t−1}·u* and
 * U_T(p) = Σ (δ r)^{t−1}·(V − p), and stop at the first T with U_T(p*) ≥ U_T(p).
 */
function firstCrossing(price: number, discount: number, stay: number, limit = 100_000): number {
  let fair = 0;
  let exploit = 0;
  for (let t = 1; t <= limit; t += 1) {
    fair += discount ** (t - 1) * (10 - 6);
    exploit += (discount * stay) ** (t - 1) * (10 - price);
    if (fair >= exploit) return t;
  }
  return Number.POSITIVE_INFINITY;
}

describe("lemma4Data: T̂(p, δ) against a brute-force first crossing (MODEL §5, §8 L4)", () => {
  const data = lemma4Data(params);

  it("every row's T̂ equals the first T with U_T(p*) ≥ U_T(p), found period by period", () => {
    expect(data.curves.length).toBeGreaterThan(300);
    for (const row of data.curves) {
      const stay = Math.sqrt(row.ratio);
      expect(row.horizon, `p/p* = ${row.ratio}, δ = ${row.discount}`).toBe(firstCrossing(row.price, row.discount, stay));
    }
  });

  it("T̂(p, δ) never rises as δ grows, per ratio (Lemma 4)", () => {
    for (const ratio of params.ratios) {
      const curve = data.curves.filter((row) => row.ratio === ratio);
      expect(curve.length).toBeGreaterThan(50);
      for (let i = 1; i < curve.length; i += 1) {
        expect(curve[i].discount, `p/p* = ${ratio}`).toBeGreaterThan(curve[i - 1].discount);
        expect(curve[i].horizon, `p/p* = ${ratio}, δ = ${curve[i].discount}`).toBeLessThanOrEqual(curve[i - 1].horizon);
      }
    }
  });

  it("δ₀(p) is ((V − p) − u*)/((V − p) − ρ(p/p*)·u*) by hand, and every curve starts above it", () => {
    for (const { ratio, price, threshold } of data.thresholds) {
      const exploitSurplus = 10 - price;
      expect(threshold, `p/p* = ${ratio}`).toBeCloseTo((exploitSurplus - 4) / (exploitSurplus - Math.sqrt(ratio) * 4), 12);
      const curve = data.curves.filter((row) => row.ratio === ratio);
      expect(Math.min(...curve.map((row) => row.discount))).toBeGreaterThan(threshold);
    }
    // p = 0.6·p* = 3.6: (6.4 − 4)/(6.4 − √0.6·4) = 2.4/3.3016… = 0.7269…
    expect(data.thresholds[1].threshold).toBeCloseTo(0.72692, 5);
  });

  it("the points left out are exactly the grid points at or below δ₀(p), where T̂ is infinite", () => {
    const { from, to, points } = params.deltas!;
    const grid = Array.from({ length: points }, (_, i) => (i === points - 1 ? to : from + ((to - from) * i) / (points - 1)));
    for (const { ratio, price, threshold } of data.thresholds) {
      const drawn = new Set(data.curves.filter((row) => row.ratio === ratio).map((row) => row.discount));
      for (const discount of grid) {
        expect(drawn.has(discount), `p/p* = ${ratio}, δ = ${discount}`).toBe(discount > threshold);
        if (discount <= threshold) {
          const market = { value: 10, fairPrice: 6, cost: 1, discount, participation: parseParticipation("power:0.5") };
          expect(tradeoffHorizon(market, price)).toBe(Number.POSITIVE_INFINITY);
          expect(firstCrossing(price, discount, Math.sqrt(ratio), 10_000)).toBe(Number.POSITIVE_INFINITY);
        }
      }
    }
  });

  it("near δ₀(p) the approach points show T̂ climbing: above 35 within 1e-6 of δ₀ for every ratio", () => {
    for (const { ratio, threshold } of data.thresholds) {
      const first = data.curves.find((row) => row.ratio === ratio)!;
      expect(first.discount - threshold).toBeLessThan(1e-6);
      expect(first.horizon, `p/p* = ${ratio}`).toBeGreaterThan(35);
    }
  });

  it("worked example of theory/tradeoffHorizon: V = 10, p* = 6, c = 2, linear:0.5, p = 3, δ = 0.9 gives T̂ = 7", () => {
    // By hand: r = 1 − 0.5·(1 − 1/2) = 0.75, U_T(p*) = 4·(1 − 0.9^T)/0.1, U_T(3) = 7·(1 − 0.675^T)/0.325:
    // T = 6 gives 18.74 < 19.50, T = 7 gives 20.87 ≥ 20.16.
    const example = lemma4Data({ value: 10, fairPrice: 6, cost: 2, rho: "linear:0.5", ratios: [0.5], deltas: { from: 0.8, to: 0.9, points: 2 } });
    expect(example.curves.at(-1)).toEqual({ ratio: 0.5, price: 3, discount: 0.9, horizon: 7 });
  });

  it("without deltas the default grid 0.5 … 1 in 201 points is used", () => {
    const { deltas: _, ...rest } = params;
    const fallback = lemma4Data(rest);
    expect(DEFAULT_DELTAS).toEqual({ from: 0.5, to: 1, points: 201 });
    expect(fallback.curves.at(-1)!.discount).toBe(1);
  });

  it("lemma4Data refuses a ratio whose price is below the cost, or not in (0, 1), with a RangeError", () => {
    expect(() => lemma4Data({ ...params, ratios: [0.1] })).toThrow(/below the cost/);
    expect(() => lemma4Data({ ...params, ratios: [1] })).toThrow(RangeError);
  });
});

describe("lemma4Spec: what it encodes exists, the scale, and vega-lite compiles it", () => {
  const data = lemma4Data(params);
  const spec = lemma4Spec(data);

  it("every field lemma4Spec(rows) encodes is in every row of the data its layer draws", () => {
    expect(encodedFields(spec)).toEqual(expect.arrayContaining(["discount", "horizon", "ratio", "threshold"]));
    expect(fieldsMissingFromData(spec)).toEqual([]);
  });

  it("vega-lite compiles lemma4Spec(rows) without throwing or warning", () => {
    expect(compileWarnings(spec)).toEqual([]);
  });

  it("the y scale is logarithmic only when the horizons span more than a factor 20", () => {
    const yScale = (d: Lemma4Data) => JSON.stringify(lemma4Spec(d)).includes('"type":"log"');
    const row = { ratio: 0.5, price: 3, discount: 0.9 };
    const wide: Lemma4Data = { ...data, curves: [{ ...row, horizon: 1 }, { ...row, discount: 0.95, horizon: 21 }] };
    const narrow: Lemma4Data = { ...data, curves: [{ ...row, horizon: 1 }, { ...row, discount: 0.95, horizon: 20 }] };
    expect(yScale(wide)).toBe(true);
    expect(yScale(narrow)).toBe(false);
    expect(yScale(data)).toBe(false); // 5 … 53 for the committed config
  });

  it("lemma4Figure(params, meta) is lemma4; its caption says where each curve starts", () => {
    const figure = lemma4Figure(params, { config: "experiments/configs/lemma4.json", seed: 0 });
    expect(figure).toMatchObject({ id: "lemma4", config: "experiments/configs/lemma4.json", seed: 0 });
    expect(figure.spec.description).toBe(figure.caption);
    expect(figure.caption).toContain("starts just above δ₀(p)");
    expect(figure.caption).toContain("p = 0.6·p*: δ₀ = 0.727");
  });
});

describe("lemma4ConfigSchema: the committed config, and refusals naming the field", () => {
  const file = JSON.parse(readFileSync(new URL("../experiments/configs/lemma4.json", import.meta.url), "utf8"));

  it("experiments/configs/lemma4.json parses, and its params are the ones tested above", () => {
    const { figure, ...rest } = lemma4ConfigSchema.parse(file);
    expect(figure).toBe("lemma4");
    expect(rest).toEqual(params);
  });

  const refusals: Refusal[] = [
    ["a ratio of 1.2", { ratios: [0.5, 1.2] }, ["ratios", 1], /\(0, 1\)/],
    ["a ratio priced below the cost", { ratios: [0.1] }, ["ratios", 0], /below the cost 1/],
    ["δ from above δ to", { deltas: { from: 0.9, to: 0.8, points: 10 } }, ["deltas", "from"], /below to/],
    ["δ to of 1.5", { deltas: { from: 0.5, to: 1.5, points: 10 } }, ["deltas", "to"], /\(0, 1\]/],
    ["a rho that does not parse", { rho: "cubic:2" }, ["rho"], /unknown family/],
    ["a negative cost", { cost: -1 }, ["cost"], /\[0, /],
  ];
  itRefuses("lemma4ConfigSchema", lemma4ConfigSchema, file, refusals);

  it("lemma4ConfigSchema refuses a discount (each curve has its own δ) as an unknown key", () => {
    expect(lemma4ConfigSchema.safeParse({ ...file, discount: 0.9 }).error?.issues[0].code).toBe("unrecognized_keys");
  });
});
