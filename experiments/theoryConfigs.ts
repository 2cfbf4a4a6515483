/**
 * Configs of the figures computed from the theory alone, with no simulation (MODEL §5, §8 L4, B.1, §9
 * Fig. 3): zod schemas that refuse a bad file with a message naming the field, and the builders' param
 * types inferred from them. The files live in `experiments/configs/{fig3,lemma4,royalty}.json`.
 */
import { z } from "zod";
import { discount, finite, participation } from "./schemaFields.js";

/** Values and prices are money per period; beyond this they only risk overflow in `T·(V − p)`. */
const LARGEST_MONEY = 1e9;

const money = finite.refine((x) => x >= 0 && x <= LARGEST_MONEY, `must lie in [0, ${LARGEST_MONEY}]`);
const positiveMoney = money.refine((x) => x > 0, "must be > 0");

/** The one-buyer one-seller market of MODEL §5 without δ: `V`, `p*`, `c` and `ρ`. */
const oneBuyerMarket = {
  /** `V > 0`, the value of the seller's data to the buyer per period. */
  value: positiveMoney,
  /** `p* ∈ (c, V)`, the fairshare price. */
  fairPrice: positiveMoney,
  /** `c ≥ 0`, the seller's cost: the lowest price it posts. */
  cost: money,
  rho: participation,
};

/** MODEL §5 needs `c < p* < V`; the issue sits on `fairPrice`. */
function fairPriceInside(config: { value: number; fairPrice: number; cost: number }, ctx: z.RefinementCtx): void {
  if (!(config.fairPrice > config.cost && config.fairPrice < config.value)) {
    ctx.addIssue({
      code: "custom",
      path: ["fairPrice"],
      message: `must lie strictly between cost ${config.cost} and value ${config.value} (MODEL §5)`,
      input: config.fairPrice,
    });
  }
}


const fig3Fields = {
  ...oneBuyerMarket,
  discount,
  /** The horizons `T` drawn, one curve each; MODEL §9 names 1, 2, 5, 10. */
  horizons: z
    .array(z.number().int("must be whole numbers").min(1, "must be ≥ 1").max(100_000, "must be ≤ 100000"))
    .min(1, "must list at least one horizon")
    .max(12, "must list at most 12 horizons (one colour each)")
    .refine((h) => new Set(h).size === h.length, "must not repeat a horizon"),
  /** Grid points on `[c, V]` per curve, `p*` added; default 400. */
  points: z.number().int("must be a whole number").min(10, "must be ≥ 10").max(10_000, "must be ≤ 10000").optional(),
};

/**
 * Fig. 3 (MODEL §9): the buyer's cumulative utility `U_T(p)` against the price in the one-buyer
 * one-seller market, one curve per horizon `T`.
 */
export const fig3ConfigSchema = z.strictObject({ figure: z.literal("fig3"), ...fig3Fields }).superRefine(fairPriceInside);

const lemma4Fields = {
  ...oneBuyerMarket,
  /** The exploitative prices as shares `p / p*` of the fair price, one curve each; `p ≥ c` is checked below. */
  ratios: z
    .array(finite.refine((x) => x > 0 && x < 1, "must lie in (0, 1): an exploitative price is below p*"))
    .min(1, "must list at least one ratio")
    .max(8, "must list at most 8 ratios (one colour each)")
    .refine((r) => new Set(r).size === r.length, "must not repeat a ratio"),
  /** The grid of discount factors `δ`; default from 0.5 to 1 in 201 points. */
  deltas: z
    .strictObject({
      from: finite.refine((x) => x > 0 && x < 1, "must lie in (0, 1)"),
      to: discount,
      points: z.number().int("must be a whole number").min(2, "must be ≥ 2").max(10_000, "must be ≤ 10000"),
    })
    .refine((d) => d.from < d.to, { message: "from must be below to", path: ["from"] })
    .optional(),
};

/** Every exploitative price `ratio · p*` must lie in `[c, V]`, the price range of MODEL §5. */
function pricesAboveCost(config: { fairPrice: number; cost: number; ratios: number[] }, ctx: z.RefinementCtx): void {
  config.ratios.forEach((ratio, i) => {
    if (ratio * config.fairPrice < config.cost) {
      ctx.addIssue({
        code: "custom",
        path: ["ratios", i],
        message: `gives the price ${ratio} · p* = ${ratio * config.fairPrice}, below the cost ${config.cost}`,
        input: ratio,
      });
    }
  });
}

/**
 * Lemma 4's figure (MODEL §8 L4): the trade-off horizon `T̂(p, δ)` against `δ`, one curve per
 * exploitative price `p = ratio · p*`.
 */
export const lemma4ConfigSchema = z
  .strictObject({ figure: z.literal("lemma4"), ...lemma4Fields })
  .superRefine(fairPriceInside)
  .superRefine(pricesAboveCost);

/**
 * The royalty figure (MODEL §8 B.1): royalty against flat-rate revenue over random heterogeneous
 * markets drawn from `seed`.
 */
export const royaltyConfigSchema = z.strictObject({
  figure: z.literal("royalty"),
  /** Seed of the drawn markets (fast-check's generator). */
  seed: z.number().int("must be a whole number").min(0, "must be ≥ 0").max(0xffffffff, "must be ≤ 4294967295"),
  /** Markets drawn, each with 2–4 buyers and 2–6 sellers; each runs Algorithm 1 once. */
  markets: z.number().int("must be a whole number").min(1, "must be ≥ 1").max(5_000, "must be ≤ 5000"),
});

export type Fig3Config = z.infer<typeof fig3ConfigSchema>;
export type Lemma4Config = z.infer<typeof lemma4ConfigSchema>;
export type RoyaltyConfig = z.infer<typeof royaltyConfigSchema>;

/** What `fig3Data` takes: the config without its `figure` id. */
export type Fig3Params = Omit<Fig3Config, "figure">;
/** What `lemma4Data` takes: the config without its `figure` id. */
export type Lemma4Params = Omit<Lemma4Config, "figure">;
/** What `royaltyData` takes: the config without its `figure` id. */
export type RoyaltyParams = Omit<RoyaltyConfig, "figure">;

/** The schemas by the `figure` id a config file names. */
export const theoryConfigSchemas = {
  fig3: fig3ConfigSchema,
  lemma4: lemma4ConfigSchema,
  royalty: royaltyConfigSchema,
} as const;
