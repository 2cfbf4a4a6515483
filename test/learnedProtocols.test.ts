/**
 * The learned market's learning protocols and its money rule (issue #13, docs/model.md §7): what
 * Algorithm 2 records is re-derived from the records' purchase lists by a replay that shares none of the
 * protocol code — each period's training set rebuilt from the annotators' batches by the protocol's
 * definition, each model refitted from scratch — and the rule's λ, costs and method factor recomputed
 * from its statement.
 */
import { describe, expect, it } from "vitest";
import { simulate } from "../experiments/algorithm2.js";
import { ConfigError, loadConfig, parseConfig, type Config } from "../experiments/config.js";
import { annotatorBatch, splitTask } from "../experiments/learned/annotators.js";
import { union, type Dataset } from "../experiments/learned/dataset.js";
import { CALIBRATION_BATCHES, CALIBRATION_SEEDS, periodsKept, taskFor, taskSettings, type LearningProtocol } from "../experiments/learned/learnedValuation.js";
import { accuracy, expectedAccuracy, fit } from "../experiments/learned/logistic.js";
import { VALUATION_METHODS } from "../experiments/learned/methods/index.js";
import { METHOD_IDS, type MethodId } from "../experiments/learned/methods/method.js";
import type { TaskId } from "../experiments/learned/tasks.js";
import { stream } from "../experiments/random.js";
import { initialSellers } from "../experiments/synthetic.js";
import { loadValuation } from "../experiments/valuation.js";
import { fromUnits, toUnits } from "../theory/money.js";

const study = loadConfig("experiments/configs/learned.json");

function config(task: TaskId, protocol: LearningProtocol, periods = 7, method: MethodId = "gradient"): Config {
  if (study.valuation.source !== "learned") throw new Error("learned.json must use the learned source");
  return { ...study, periods, valuation: { ...study.valuation, task, method, protocol } };
}

const run = (c: Config, seed: number) => simulate(c, seed, null, loadValuation(c, null).scores);

describe("periodsKept: how many periods of purchases a buyer trains on", () => {
  it("accumulate keeps every period, a window of W keeps W (this one included), fresh keeps 1", () => {
    expect(periodsKept("accumulate")).toBe(Number.POSITIVE_INFINITY);
    expect(periodsKept({ window: 3 })).toBe(3);
    expect(periodsKept("fresh")).toBe(1);
  });
});

describe.each([
  ["accumulate", "accumulate" as LearningProtocol],
  ["a window of 3", { window: 3 } as LearningProtocol],
  ["fresh", "fresh" as LearningProtocol],
])("the %s protocol, replayed from the records", (_, protocol) => {
  it.each(["penguins", "teacher"] as const)("on %s: each period's accuracy is a model refitted from scratch on the seed examples and the purchases the protocol keeps, and the utility λ times what this period's purchases added, less spend", (task) => {
    const c = config(task, protocol);
    const seed = 3;
    const record = run(c, seed);
    if (c.valuation.source !== "learned") throw new Error("unreachable");
    const settings = taskSettings(c.valuation);
    const split = splitTask(taskFor(settings, seed), seed, settings);
    const quality = new Map(record.sellers.map((s) => [s.id, s.quality]));
    const keep = protocol === "accumulate" ? Infinity : protocol === "fresh" ? 1 : protocol.window;
    const worth = record.learning!.worth;
    let purchases = 0;
    for (const group of record.groups) {
      c.buyers.forEach((_, b) => {
        const bought: Array<{ period: number; data: Dataset }> = [];
        for (const period of group.periods) {
          const t = period.period;
          const mine = period.buyers[b].bought.map((id) => annotatorBatch(split, seed, id, t, quality.get(id)!, settings.batchSize));
          purchases += mine.length;
          // The data kept from earlier periods: the last keep − 1 of them.
          const older = bought.filter((p) => p.period > t - keep).map((p) => p.data);
          if (mine.length > 0) bought.push({ period: t, data: union(mine[0], ...mine.slice(1)) });
          const withThem = [...older, ...mine];
          const test = split.at(t).test;
          const after = accuracy(fit(withThem.length === 0 ? split.seedSet : union(split.seedSet, ...withThem), settings.l2), test);
          const before = accuracy(fit(older.length === 0 ? split.seedSet : union(split.seedSet, ...older), settings.l2), test);
          expect(period.buyers[b].performance, `${group.group} t=${t} B${b + 1}`).toBe(after);
          const gain = mine.length === 0 ? 0 : after - before;
          expect(period.buyers[b].utility, `${group.group} t=${t} B${b + 1}`).toBe(worth[b] * gain - period.buyers[b].spend);
        }
      });
    }
    expect(purchases).toBeGreaterThan(0);
  });
});

describe("fresh is a window of one period", () => {
  it("the fresh run and the {window: 1} run record the same periods, bit for bit", () => {
    const fresh = run(config("weather", "fresh", 5), 2);
    const window = run(config("weather", { window: 1 }, 5), 2);
    expect(JSON.stringify(fresh.groups)).toBe(JSON.stringify(window.groups));
  });

  it("the same seed gives the same bytes under every protocol", () => {
    for (const protocol of ["accumulate", "fresh", { window: 3 }] as LearningProtocol[]) {
      expect(JSON.stringify(run(config("teacher", protocol, 4), 5))).toBe(JSON.stringify(run(config("teacher", protocol, 4), 5)));
    }
  });
});

describe("the money rule (valuation.calibration), against its statement", () => {
  /** The rule's clean batches, recomputed: each calibration seed's split, starting model and batches. */
  function calibrationDraws(c: Config) {
    if (c.valuation.source !== "learned") throw new Error("unreachable");
    const settings = taskSettings(c.valuation);
    return CALIBRATION_SEEDS.flatMap((seed) => {
      const split = splitTask(taskFor(settings, seed), seed, settings);
      const start = fit(split.seedSet, settings.l2);
      return Array.from({ length: CALIBRATION_BATCHES }, (_, k) => ({ seed, k, split, start, settings, batch: annotatorBatch(split, seed, `calibration-${k}`, 1, 1, settings.batchSize) }));
    });
  }

  it.each(["penguins", "teacher"] as const)("on %s: λ_b = batchValue / ḡ for every buyer and seed, ḡ the mean gain in validation expected accuracy of the calibration seeds' clean batches, each alone beside the seed examples", (task) => {
    const c = config(task, { window: 5 }, 1);
    if (c.valuation.source !== "learned" || c.valuation.calibration === undefined) throw new Error("learned.json must state the money rule");
    const draws = calibrationDraws(c);
    const gain = draws.reduce((sum, { split, start, settings, batch }) => sum + expectedAccuracy(fit(union(split.seedSet, batch), settings.l2, start), split.validation) - expectedAccuracy(start, split.validation), 0) / draws.length;
    for (const seed of [4, 9]) {
      const record = run(c, seed);
      expect(record.learning!.cleanBatchGain).toBeCloseTo(gain, 12);
      expect(record.learning!.worth).toEqual(c.buyers.map(() => c.valuation.source === "learned" ? c.valuation.calibration!.batchValue / record.learning!.cleanBatchGain! : NaN));
    }
    // One convention for the market: the same λ whatever the run's seed.
    expect(run(c, 4).learning!.worth).toEqual(run(c, 9).learning!.worth);
  });

  it.each(METHOD_IDS)("with %s: the method's money value of a clean batch in period 1 is batchValue on average over the calibration batches", (method) => {
    const c = config("cars", { window: 5 }, 1, method);
    if (c.valuation.source !== "learned" || c.valuation.calibration === undefined) throw new Error("unreachable");
    const record = run(c, 6);
    const draws = calibrationDraws(c);
    let value = 0;
    for (const { seed, k, split, start, settings, batch } of draws) {
      const problem = {
        train: split.seedSet, model: start, l2: settings.l2, validation: split.validation, offers: [batch], neighbours: settings.neighbours,
        permutations: settings.permutations, truncation: settings.truncation, convergence: settings.tmcConvergence, uniform: stream(seed, "calibration", k),
      };
      value += record.learning!.worth[0] * record.learning!.scale * VALUATION_METHODS[method].value(problem)[0];
    }
    expect(value / draws.length).toBeCloseTo(c.valuation.calibration.batchValue, 9);
  });

  it("a seller's cost is costShare · batchValue · θ / θ_max, rounded half to even to the money unit", () => {
    const c = config("penguins", { window: 5 }, 1);
    if (c.valuation.source !== "learned" || c.valuation.calibration === undefined) throw new Error("unreachable");
    const { costShare, batchValue } = c.valuation.calibration;
    const best = Math.max(...c.sellers.tiers.map((t) => t.quality));
    for (const seller of initialSellers(c)) {
      expect(seller.cost).toBe(fromUnits(toUnits((costShare * batchValue * seller.quality) / best, c.money.decimals), c.money.decimals));
    }
    // The top annotators cost costShare · batchValue exactly.
    expect(initialSellers(c).filter((s) => s.quality === best).every((s) => s.cost === costShare * batchValue)).toBe(true);
  });

  it("a config that types λ or costs beside the rule is refused, naming the field", () => {
    const raw = JSON.parse(JSON.stringify(study)) as Record<string, unknown> & { buyers: Array<Record<string, unknown>>; sellers: { cost: Record<string, number> } };
    const { study: _, ...market } = raw;
    const withLambda = { ...market, buyers: [{ ...raw.buyers[0], valueOfPerformance: 2000 }, raw.buyers[1]] };
    expect(() => parseConfig(withLambda, "x.json")).toThrow(ConfigError);
    expect(() => parseConfig(withLambda, "x.json")).toThrow(/buyers\.0\.valueOfPerformance|buyers\[0\]\.valueOfPerformance/);
    const withCosts = { ...market, sellers: { ...raw.sellers, cost: { base: 0.1, perQuality: 0 } } };
    expect(() => parseConfig(withCosts, "x.json")).toThrow(/sellers\.cost/);
  });
});
