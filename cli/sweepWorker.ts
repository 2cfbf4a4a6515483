/**
 * The module a sweep's worker threads run (cli/sweepCell.ts). A valuation cannot cross threads (it holds
 * functions), so a worker loads each point's valuation from the point's config and the base path the
 * first time it meets the point, and keeps it for the point's other seeds.
 */
import { loadValuation, type MarketValuation } from "../experiments/valuation.js";
import type { SweepRow } from "../experiments/sweepSummary.js";
import { sweepCellRows, type SweepTask, type SweepWorkerInput } from "./sweepCell.js";
import { poolInput, serveTasks } from "./workerPool.js";

const input = poolInput<SweepWorkerInput>();
const valuations = new Map<number, MarketValuation>();

serveTasks<SweepTask, SweepRow[]>(({ point, seed }) => {
  let scores = valuations.get(point.index);
  if (scores === undefined) valuations.set(point.index, (scores = loadValuation(point.config, input.basePath).scores));
  return sweepCellRows(point, seed, scores, input);
});
