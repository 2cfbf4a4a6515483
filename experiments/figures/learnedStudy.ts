/**
 * The learned robustness study (MODEL §7, §9: Fig. 6, Fig. 7, Table 2): runs of the learned market under
 * every task and valuation method, each run knowing its task and method from its own config, so a figure
 * cannot file a run under the wrong cell.
 */
import { budgetBuyers } from "../budgetBuyers.js";
import { METHOD_IDS, type MethodId } from "../learned/methods/method.js";
import { TASK_IDS, TASKS, type TaskId } from "../learned/tasks.js";
import type { RunRecord } from "../records.js";

/** The runs of one task under one valuation method, one per seed, in the order given. */
export interface StudyCell {
  task: TaskId;
  method: MethodId;
  runs: RunRecord[];
}

/**
 * The task and valuation method of a learned run, read from its config.
 *
 * @throws RangeError when the run's valuation source is not `learned`.
 */
export function studyOf(run: RunRecord): { task: TaskId; method: MethodId } {
  const { valuation } = run.config;
  if (valuation.source !== "learned") throw new RangeError(`learned study: the run of seed ${run.seed} has valuation source ${valuation.source}, not learned`);
  return { task: valuation.task, method: valuation.method };
}

/**
 * The runs grouped by task × method, tasks in TASK_IDS order and methods in METHOD_IDS order; cells with
 * no run are left out.
 *
 * - Every run of a cell must have the same groups and periods, and its seeds must differ.
 * - The study's buyers are picked by budget (budgetBuyers), so every run must have the same buyers.
 *
 * Cost: O(runs).
 *
 * @throws RangeError for no runs, a run that is not learned, runs of one cell that differ in shape or
 *   repeat a seed, or runs whose buyers differ.
 */
export function studyCells(runs: ReadonlyArray<RunRecord>): StudyCell[] {
  if (runs.length === 0) throw new RangeError("learned study: needs at least one run");
  const buyers = (run: RunRecord) => run.config.buyers.map((b) => `${b.id}:${b.budget}`).join(",");
  const shape = (run: RunRecord) => run.groups.map((g) => `${g.group}:${g.periods.length}`).join(",");
  const cells: StudyCell[] = [];
  for (const task of TASK_IDS) {
    for (const method of METHOD_IDS) {
      const mine = runs.filter((run) => {
        const cell = studyOf(run);
        return cell.task === task && cell.method === method;
      });
      if (mine.length === 0) continue;
      const seeds = new Set<number>();
      for (const run of mine) {
        if (shape(run) !== shape(mine[0])) throw new RangeError(`learned study: ${task} × ${method}: the run of seed ${run.seed} has groups ${shape(run)}, expected ${shape(mine[0])}`);
        if (seeds.has(run.seed)) throw new RangeError(`learned study: ${task} × ${method}: seed ${run.seed} appears twice`);
        seeds.add(run.seed);
      }
      cells.push({ task, method, runs: mine });
    }
  }
  for (const run of runs) {
    if (buyers(run) !== buyers(runs[0])) throw new RangeError(`learned study: the run of seed ${run.seed} has buyers ${buyers(run)}, expected ${buyers(runs[0])}`);
  }
  return cells;
}

/**
 * A task's label for a figure's row header: its id and what is predicted from what.
 *
 * @example taskLabel("penguins") // => "penguins: penguin species (3) from beak length and depth, flipper length and body mass"
 */
export function taskLabel(task: TaskId): string {
  return `${task}: ${TASKS[task].description}`;
}

/**
 * A buyer's label: its id, whether it is the study's high- or low-budget buyer, and its budget.
 *
 * @example buyerLabel(run.config, "B2") // => "B2, low budget ($10)"
 */
export function buyerLabel(config: RunRecord["config"], buyer: string): string {
  const { high, low } = budgetBuyers(config);
  const b = config.buyers.find((x) => x.id === buyer);
  if (b === undefined) throw new RangeError(`buyerLabel: no buyer ${JSON.stringify(buyer)}`);
  const rank = buyer === high.id ? "high budget" : buyer === low.id ? "low budget" : "budget";
  return `${buyer}, ${rank} ($${b.budget})`;
}
