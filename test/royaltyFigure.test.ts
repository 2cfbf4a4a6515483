import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AT_LEAST_FLAT, BELOW_FLAT, CYCLED, royaltyData, royaltyFigure, royaltyRows, royaltySpec, TIE_TOLERANCE } from "../experiments/figures/royalty.js";
import { royaltyConfigSchema } from "../experiments/theoryConfigs.js";
import { fairsharePrices } from "../theory/algorithm1.js";
import { sellerColumn } from "../theory/market.js";
import { marketCases, marketOf } from "../theory/marketCase.js";
import { revenuePair, revenuePairInMoney, type RoyaltyFlatRow } from "../theory/royaltyVsFlat.js";
import { compileWarnings, encodedFields, fieldsMissingFromData } from "./specFields.js";
import { itRefuses, type Refusal } from "./fixtures/schemaRefusals.js";

/** A `royaltyFlatRatios` row for one seller facing MWPs `m` and values `V`, from `revenuePair`. */
function row(market: number, mwps: number[], values: number[], converged = true): RoyaltyFlatRow {
  const pair = revenuePair(mwps, values);
  return { market, seller: 0, buyers: mwps.length, converged, ...pair, ratio: pair.flatRevenue > 0 ? pair.royaltyRevenue / pair.flatRevenue : null };
}

describe("royaltyRows: hand-worked sellers (MODEL §8 L2, L6, B.1)", () => {
  // m = (5, 3), V = (10, 3): flat p* = 3 earns 6; rates a = (0.5, 1): α = 1 earns 3, α = 0.5 earns 6.5.
  const above = row(0, [5, 3], [10, 3]);
  // m = (5, 5), V = (10, 5): flat p* = 5 earns 10; rates (0.5, 1): α = 1 earns 5, α = 0.5 earns 7.5.
  const below = row(1, [5, 5], [10, 5], false);
  // One buyer, m = 4, V = 8: p* = 4 earns 4, α* = 0.5 earns 4 (B.1: α*·V = p*).
  const tie = row(2, [4], [8]);
  const data = royaltyRows([above, below, tie], { seed: 1, markets: 3 });

  it("revenuePair gives the hand-derived revenues", () => {
    expect([above.flatRevenue, above.royaltyRevenue]).toEqual([6, 6.5]);
    expect([below.flatRevenue, below.royaltyRevenue]).toEqual([10, 7.5]);
    expect([tie.flatRevenue, tie.royaltyRevenue]).toEqual([4, 4]);
  });

  it("each row is tagged royalty ≥ flat or royalty < flat, and by Algorithm 1's convergence", () => {
    expect(data.points.map((p) => p.outcome)).toEqual([AT_LEAST_FLAT, BELOW_FLAT, AT_LEAST_FLAT]);
    expect(data.points[1].algorithm1).toBe(CYCLED);
    expect(data.points[0]).toMatchObject(above);
  });

  it("the summary counts 2 of 3 at least flat, 1 equal, 1 market not converged; the caption says 2 of 3 (66.7%)", () => {
    expect(data.summary).toEqual({ markets: 3, sellers: 3, atLeastFlat: 2, equal: 1, cycledMarkets: 1 });
    const caption = royaltySpec(data).description ?? "";
    expect(caption).toContain("2 of 3 sellers (66.7%)");
    expect(caption).toContain("1 of them exactly as much");
    expect(caption).toContain("did not converge in 1 of 3 markets");
  });

  it("a royalty an ulp below the flat revenue counts as equal; one 1e-9 below does not", () => {
    const ulp = { ...tie, royaltyRevenue: 4 - 4 * Number.EPSILON };
    const real = { ...tie, royaltyRevenue: 4 * (1 - 1e-9) };
    expect(royaltyRows([ulp, real], { seed: 1, markets: 1 }).points.map((p) => p.outcome)).toEqual([AT_LEAST_FLAT, BELOW_FLAT]);
    expect(TIE_TOLERANCE).toBeLessThan(1e-9);
  });

  it("the line y = x spans 0 to the largest revenue; with no rows, 0 to 1 and every count 0", () => {
    expect(data.diagonal).toEqual([
      { flatRevenue: 0, royaltyRevenue: 0 },
      { flatRevenue: 10, royaltyRevenue: 10 },
    ]);
    const empty = royaltyRows([], { seed: 1, markets: 0 });
    expect(empty.diagonal[1]).toEqual({ flatRevenue: 1, royaltyRevenue: 1 });
    expect(empty.summary).toEqual({ markets: 0, sellers: 0, atLeastFlat: 0, equal: 0, cycledMarkets: 0 });
    expect(royaltySpec(empty).description).toContain("0 of 0 sellers (0%)");
  });
});

describe("royaltyData(params): the drawn markets, recomputed", () => {
  const params = Object.freeze({ seed: 2025, markets: 20 });
  const data = royaltyData(params);

  it("each point's revenues are revenuePair of its MWPs at Algorithm 1's prices and its values, market by market", () => {
    // The same draw as royaltyFlatRatios: marketCases of 2–4 buyers and 2–6 sellers, sampled with the seed.
    const cases = fc.sample(
      marketCases({ maxBuyers: 4, maxSellers: 6 }).filter((c) => c.budgets.length >= 2 && c.prices.length >= 2),
      { seed: params.seed, numRuns: params.markets },
    );
    // Computed in whole money units (marketOf), reported in the currency.
    const expected = cases.flatMap((c, market) => {
      const units = marketOf(c);
      const { mwp, converged } = fairsharePrices(units);
      return c.prices.map((_, seller) => ({ market, seller, converged, ...revenuePairInMoney(revenuePair(sellerColumn(mwp, seller), sellerColumn(units.values, seller))) }));
    });
    expect(data.points).toHaveLength(expected.length);
    data.points.forEach((point, i) => expect(point, `market ${point.market}, seller ${point.seller}`).toMatchObject(expected[i]));
  });

  it("the caption's share is the rows' own count of royalty ≥ flat", () => {
    const count = data.points.filter((p) => p.royaltyRevenue >= p.flatRevenue * (1 - TIE_TOLERANCE)).length;
    const share = ((100 * count) / data.points.length).toFixed(1);
    expect(royaltySpec(data).description).toContain(`${count} of ${data.points.length} sellers (${share}%)`);
    expect(data.summary.markets).toBe(20);
  });

  it("royaltyFigure(params, meta) is royalty, and its seed is the one that drew the markets", () => {
    const figure = royaltyFigure(params, { config: "experiments/configs/royalty.json", seed: 0 });
    expect(figure).toMatchObject({ id: "royalty", config: "experiments/configs/royalty.json", seed: 2025 });
    expect(figure.spec.description).toBe(figure.caption);
  });
});

describe("royaltySpec: what it encodes exists, and vega-lite compiles it", () => {
  const spec = royaltySpec(royaltyData({ seed: 2025, markets: 20 }));

  it("every field royaltySpec(rows) encodes is in every row of the data its layer draws", () => {
    expect(encodedFields(spec)).toEqual(expect.arrayContaining(["flatRevenue", "royaltyRevenue", "outcome", "algorithm1", "label"]));
    expect(fieldsMissingFromData(spec)).toEqual([]);
  });

  it("vega-lite compiles royaltySpec(rows) without throwing or warning", () => {
    expect(compileWarnings(spec)).toEqual([]);
  });
});

describe("royaltyConfigSchema: the committed config, and refusals naming the field", () => {
  const file = JSON.parse(readFileSync(new URL("../experiments/configs/royalty.json", import.meta.url), "utf8"));

  it("experiments/configs/royalty.json parses", () => {
    expect(royaltyConfigSchema.parse(file)).toEqual({ figure: "royalty", seed: 2025, markets: 200 });
  });

  const refusals: Refusal[] = [
    ["0 markets", { markets: 0 }, ["markets"], /≥ 1/],
    ["1.5 markets", { markets: 1.5 }, ["markets"], /whole/],
    ["a negative seed", { seed: -1 }, ["seed"], /≥ 0/],
    ["another figure id", { figure: "fig3" }, ["figure"], /royalty/],
  ];
  itRefuses("royaltyConfigSchema", royaltyConfigSchema, file, refusals);

  it("royaltyConfigSchema refuses an unknown key", () => {
    expect(royaltyConfigSchema.safeParse({ ...file, value: 10 }).error?.issues[0].code).toBe("unrecognized_keys");
  });
});
