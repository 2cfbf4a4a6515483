/**
 * The module the learned study's worker threads run (`figures --workers`): one simulation of a learned
 * cell under one seed. A valuation cannot cross threads (it holds functions), so a worker loads each
 * cell's learned source from its config the first time it meets the cell, and keeps it for the cell's
 * other seeds.
 */
import { simulate } from "../experiments/algorithm2.js";
import type { LearnedCellTask } from "../experiments/figureSet.js";
import type { RunRecord } from "../experiments/records.js";
import { loadValuation, type MarketValuation } from "../experiments/valuation.js";
import { serveTasks } from "./workerPool.js";

const valuations = new Map<string, MarketValuation>();

serveTasks<LearnedCellTask, RunRecord>(({ config, seed, configPath }) => {
  const key = JSON.stringify(config.valuation);
  let scores = valuations.get(key);
  if (scores === undefined) valuations.set(key, (scores = loadValuation(config, configPath).scores));
  return simulate(config, seed, configPath, scores);
});
