/**
 * The experiment config (MODEL §4–§7): a synthetic market, its pricing groups, participation and
 * horizon, validated by a zod schema so that a bad file is refused with one line naming the field and the
 * value. The files live in `experiments/configs/*.json`; docs/configs.md documents every field.
 */
import { z } from "zod";
import { ConfigError, readJson, validate } from "./configFile.js";
import { moneyRefusalOf } from "./moneyRange.js";
import { discount, finite, participation } from "./schemaFields.js";
import { learningProtocol, studySchema } from "./studyConfig.js";
import { METHOD_IDS } from "./learned/methods/method.js";
import { TASK_IDS } from "./learned/tasks.js";
import { TEACHER_DEFAULTS, TEACHER_SIZES } from "./learned/teacher.js";
import { MWP_MODES } from "../theory/algorithm1.js";
import { DEFAULT_MONEY_DECIMALS, MAX_MONEY_DECIMALS } from "../theory/money.js";

export { ConfigError };

/** The pricing groups of MODEL §4, in the order figures list them. */
export const GROUPS = ["fairshare", "reduced", "random", "exploitative"] as const;
export type Group = (typeof GROUPS)[number];

const positive = finite.refine((x) => x > 0, "must be > 0");
const nonNegative = finite.refine((x) => x >= 0, "must be ≥ 0");
const id = z.string().regex(/^[A-Za-z0-9_.-]{1,32}$/, "must be 1–32 letters, digits, '_', '.' or '-'");

const uniqueIds = (items: ReadonlyArray<{ id: string }>, ctx: z.RefinementCtx) => {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (seen.has(item.id)) ctx.addIssue({ code: "custom", message: `duplicate id ${JSON.stringify(item.id)}`, path: [i, "id"], input: item.id });
    seen.add(item.id);
  });
};

const buyer = z.strictObject({
  id,
  /** `B_b > 0`, per period (MODEL §1). */
  budget: positive,
  /** `λ_b > 0`, dollars per unit of valuation score (MODEL §1). */
  valueOfPerformance: positive.default(1),
});

const tier = z.strictObject({
  name: z.string().min(1),
  /** `θ_j` of every seller in the tier: the mean valuation score of its dataset. */
  quality: positive,
  count: z.number().int().min(1).max(10_000),
});

const synthetic = z.strictObject({
  source: z.literal("synthetic"),
  /** Relative standard deviation of a dataset's score around its tier mean (a normal draw, clipped at 0). */
  noise: nonNegative.default(0.2),
  /** Diminishing returns: a period-t dataset is worth `1 / (1 + decay·(t − 1))` of a period-1 one. */
  decay: nonNegative.default(0),
});

/** Valuation scores computed elsewhere (MODEL §7): a CSV or JSON file, read by experiments/valuationImport.ts. */
const imported = z.strictObject({
  source: z.literal("import"),
  /** The `buyer, seller, period, value` file, relative to the config file's directory. */
  file: z.string().min(1, "must name a .csv or .json file"),
});

const count = (min: number, max: number) => z.number().int().min(min).max(max);

/**
 * The learned market of MODEL §7 (experiments/learned/): annotators label examples of a real public table,
 * each buyer trains a logistic model on what it bought, and a valuation method prices each dataset.
 * Tier qualities are the annotators' label accuracy `θ ∈ (0, 1]`.
 */
const learned = z.strictObject({
  source: z.literal("learned"),
  /** The task: a vega-datasets table, or the seeded teacher (experiments/learned/tasks.ts, teacher.ts). */
  task: z.enum(TASK_IDS),
  /** The valuation method (experiments/learned/methods/). */
  method: z.enum(METHOD_IDS),
  /** Examples in each seller's dataset per period. */
  batchSize: count(1, 10_000).default(2),
  /** Clean examples every buyer starts from. */
  seedExamples: count(1, 10_000).default(2),
  /** Rows held out to score valuations, to measure test accuracy, and to be annotated. */
  validation: count(1, 100_000).default(80),
  test: count(1, 100_000).default(120),
  pool: count(1, 100_000).default(140),
  /** L2 strength of the buyers' logistic regression. */
  l2: positive.default(1),
  /** `k` of KNN-Shapley. */
  neighbours: count(1, 1000).default(5),
  /** Permutations TMC-Shapley draws per valuation. */
  permutations: count(1, 10_000).default(10),
  /** TMC-Shapley's truncation: a permutation stops once within this fraction of the full gain. */
  truncation: finite.refine((x) => x >= 0 && x < 1, "must lie in [0, 1)").default(0.01),
  /**
   * TMC-Shapley's stopping rule: after 3 permutations, stop once the last one moved no offer's running
   * mean by more than this share of the mean value an offer (0: walk all `permutations`). 5%, as in the
   * convergence criterion of Ghorbani & Zou's Data Shapley.
   */
  tmcConvergence: finite.refine((x) => x >= 0 && x < 1, "must lie in [0, 1)").default(0.05),
  /**
   * What a buyer trains on each period (MODEL §7, docs/model.md): `accumulate`, everything it bought;
   * `{ "window": W }`, what it bought in the last W periods (annotations age); `fresh`, this period's
   * purchases alone, from the common starting model (the same as a window of 1).
   */
  protocol: learningProtocol.default("accumulate"),
  /**
   * The money rule, fixed before any run (issue #13): λ_b is set so that a clean batch, offered alone to
   * the buyers' starting model in period 1, is worth `batchValue` dollars on average; a seller's cost is
   * `costShare · batchValue · θ_j / θ_max`. Without it λ_b is the buyer's `valueOfPerformance` and costs
   * follow `sellers.cost`.
   */
  calibration: z.strictObject({ batchValue: positive, costShare: nonNegative }).optional(),
  /**
   * The teacher task's shape (experiments/learned/teacher.ts), each field defaulted: `d` features, `K`
   * classes, label noise η, drift δ per period. Used only when `task` is "teacher" and ignored beside a
   * table, so that a study can run every task with one valuation block.
   */
  teacher: z
    .strictObject({
      dimension: count(1, 1000).default(TEACHER_DEFAULTS.dimension),
      classes: count(2, 50).default(TEACHER_DEFAULTS.classes),
      labelNoise: finite.refine((x) => x >= 0 && x < 1, "must lie in [0, 1)").default(TEACHER_DEFAULTS.labelNoise),
      drift: nonNegative.default(TEACHER_DEFAULTS.drift),
      /**
       * The teacher's own data sizes, which replace the block's `batchSize`, `validation`, `test` and
       * `pool` for the teacher task: its long learning curve needs a larger pool and test set than a
       * table has rows (docs/model.md §7).
       */
      batchSize: count(1, 10_000).default(TEACHER_SIZES.batchSize),
      validation: count(1, 100_000).default(TEACHER_SIZES.validation),
      test: count(1, 100_000).default(TEACHER_SIZES.test),
      pool: count(1, 100_000).default(TEACHER_SIZES.pool),
    })
    .optional(),
});

export const configSchema = z.strictObject({
  name: id,
  description: z.string().optional(),
  /** `T`, the number of periods. */
  periods: z.number().int().min(1).max(100_000),
  /** The run's seed; `--seed` overrides it. */
  seed: z.number().int().min(0).max(0xffffffff),
  /** `δ ∈ (0, 1]`, the buyers' discount factor (MODEL §1, A3). */
  discount,
  groups: z.array(z.enum(GROUPS)).min(1).refine((g) => new Set(g).size === g.length, "must not repeat a group"),
  policy: z
    .strictObject({
      /** `κ` of the `reduced` group (MODEL §4). */
      reducedFactor: finite.refine((x) => x >= 0 && x <= 1, "must lie in [0, 1]").default(0.7),
    })
    .default({ reducedFactor: 0.7 }),
  /** `ρ` as a participation spec (`linear:η`, `power:γ`, `gap:ρ̄:γ`, `expr:…`); it must satisfy A2. */
  participation,
  buyers: z.array(buyer).min(1).superRefine(uniqueIds),
  sellers: z.strictObject({
    /** Listed best first; sellers are numbered S1, S2, … in this order. */
    tiers: z.array(tier).min(1),
    /** `c_j = base + perQuality · θ_j`, paid every period a seller is active. */
    cost: z.strictObject({ base: nonNegative, perQuality: nonNegative }),
  }),
  valuation: z.discriminatedUnion("source", [synthetic, imported, learned]),
  /**
   * `full`: every period's seller rows and each buyer's purchases. `aggregates`: the period's totals and
   * each buyer's, without the seller rows and purchase lists, which at 10,000 sellers and 100 buyers
   * would hold about 10^8 numbers over 100 periods.
   */
  records: z.enum(["full", "aggregates"]).default("full"),
  /** Optional entry: each period a new seller arrives with this probability, its tier drawn by tier size. */
  entry: z.strictObject({ probability: finite.refine((x) => x >= 0 && x <= 1, "must lie in [0, 1]") }).default({ probability: 0 }),
  /**
   * The money unit, 10^−decimals of the currency (MODEL §2, exact money): budgets, costs, values and
   * prices enter the market rounded half to even to it, and every sum and comparison is then exact.
   */
  money: z
    .strictObject({ decimals: z.number().int().min(0).max(MAX_MONEY_DECIMALS).default(DEFAULT_MONEY_DECIMALS) })
    .default({ decimals: DEFAULT_MONEY_DECIMALS }),
  algorithm1: z
    .strictObject({
      tolerance: nonNegative.default(1e-9),
      maxRounds: z.number().int().min(1).max(10_000).default(50),
      /** `exact` knapsacks, or `fractional`: their LP relaxations, for markets too large for the exact ones (theory/fractional.ts). */
      mwp: z.enum(MWP_MODES).default("exact"),
    })
    .default({ tolerance: 1e-9, maxRounds: 50, mwp: "exact" }),
  /** The learned study's protocols and seeds (experiments/studyConfig.ts); only a learned config may have one. */
  study: studySchema.optional(),
}).superRefine((config, ctx) => {
  if (config.study !== undefined && config.valuation.source !== "learned") {
    ctx.addIssue({ code: "custom", message: "is read only by the learned study: it needs valuation.source \"learned\"", path: ["study"], input: config.study });
  }
  // With a learned valuation a tier's quality is its annotators' label accuracy, a probability.
  if (config.valuation.source !== "learned") return;
  if (config.valuation.calibration !== undefined) {
    // The rule sets λ and the costs; a typed value beside it would be silently overruled.
    config.buyers.forEach((buyer, b) => {
      if (buyer.valueOfPerformance !== 1) {
        ctx.addIssue({ code: "custom", message: "must be left at 1 when valuation.calibration sets λ", path: ["buyers", b, "valueOfPerformance"], input: buyer.valueOfPerformance });
      }
    });
    const { base, perQuality } = config.sellers.cost;
    if (base !== 0 || perQuality !== 0) {
      ctx.addIssue({ code: "custom", message: "must be {\"base\": 0, \"perQuality\": 0} when valuation.calibration sets the costs", path: ["sellers", "cost"], input: config.sellers.cost });
    }
  }
  config.sellers.tiers.forEach((tier, i) => {
    if (tier.quality > 1) {
      ctx.addIssue({ code: "custom", message: "must lie in (0, 1] with a learned valuation (the annotators' label accuracy)", path: ["sellers", "tiers", i, "quality"], input: tier.quality });
    }
  });
});

export type Config = z.infer<typeof configSchema>;

/**
 * Validates parsed JSON as a market config, filling defaults; money that the money unit cannot hold, or
 * too large for the run's totals, is refused (experiments/moneyRange.ts).
 *
 * @example parseConfig(JSON.parse(text), "fig4.json").periods // => 100
 * @throws ConfigError naming the field and its value.
 */
export function parseConfig(data: unknown, source: string): Config {
  const config = validate(configSchema, data, source);
  // Money that exact money cannot hold, or so large that the run's totals would overflow, is refused here (experiments/moneyRange.ts).
  const refusal = moneyRefusalOf(config);
  if (refusal !== null) throw new ConfigError(`${source}: ${refusal.field}: ${refusal.reason}, got ${refusal.value}`);
  return config;
}

/**
 * Reads and validates a market config file.
 *
 * @throws ConfigError when the file cannot be read, is not JSON, or fails validation.
 */
export function loadConfig(path: string): Config {
  return parseConfig(readJson(path), path);
}
