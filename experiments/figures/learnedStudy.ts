/**
 * The learned study (MODEL §7, §9: Fig. 6, Fig. 7, Table 2): runs of the learned market under every
 * task, valuation method and learning protocol, each run knowing its cell from its own config, so a
 * figure cannot file a run under the wrong cell.
 */
import { budgetBuyers } from "../budgetBuyers.js";
import type { Config } from "../config.js";
import { METHOD_IDS, type MethodId } from "../learned/methods/method.js";
import { TASK_IDS, TASKS, type TaskId } from "../learned/tasks.js";
import { TEACHER_DEFAULTS, teacherSpec } from "../learned/teacher.js";
import type { RunRecord } from "../records.js";
import { protocolId, type LearningProtocol } from "../studyConfig.js";

/** The runs of one task under one valuation method and one learning protocol, one per seed, in the order given. */
export interface StudyCell {
  task: TaskId;
  method: MethodId;
  /** The protocol's id (studyConfig.ts protocolId): `accumulate`, `fresh`, `window<W>`. */
  protocol: string;
  runs: RunRecord[];
}

/** A learned config's valuation block. */
type LearnedSettings = Extract<Config["valuation"], { source: "learned" }>;

/**
 * The learned valuation block of a run's config.
 *
 * @throws RangeError when the run's valuation source is not `learned`.
 */
function learnedOf(run: RunRecord): LearnedSettings {
  const { valuation } = run.config;
  if (valuation.source !== "learned") throw new RangeError(`learned study: the run of seed ${run.seed} has valuation source ${valuation.source}, not learned`);
  return valuation;
}

/**
 * The task, valuation method and learning protocol (its id) of a learned run, read from its config.
 *
 * @throws RangeError when the run's valuation source is not `learned`.
 */
export function studyOf(run: RunRecord): { task: TaskId; method: MethodId; protocol: string } {
  const { task, method, protocol } = learnedOf(run);
  return { task, method, protocol: protocolId(protocol) };
}

/**
 * The protocols the learned study runs for a config: its own `valuation.protocol` first, then those of
 * its `study.protocols` block that differ from it, in the block's order.
 *
 * @example studyProtocols(config) // => ["accumulate", "fresh", { window: 5 }] for protocol accumulate and study.protocols ["fresh", { window: 5 }]
 * @throws RangeError when the config's valuation is not `learned`.
 */
export function studyProtocols(config: Config): LearningProtocol[] {
  if (config.valuation.source !== "learned") throw new RangeError(`learned study: the config's valuation source is ${config.valuation.source}, not learned`);
  const own = config.valuation.protocol;
  return [own, ...(config.study?.protocols ?? []).filter((p) => protocolId(p) !== protocolId(own))];
}

/**
 * The runs grouped by task × method × protocol: tasks in TASK_IDS order, methods in METHOD_IDS order,
 * protocols in the order they first appear in `runs`; cells with no run are left out.
 *
 * - Every run of a cell must have the same groups and periods, and its seeds must differ.
 * - The study's buyers are picked by budget (budgetBuyers), so every run must have the same buyers.
 *
 * Cost: O(runs · cells).
 *
 * @throws RangeError for no runs, a run that is not learned, runs of one cell that differ in shape or
 *   repeat a seed, or runs whose buyers differ.
 */
export function studyCells(runs: ReadonlyArray<RunRecord>): StudyCell[] {
  if (runs.length === 0) throw new RangeError("learned study: needs at least one run");
  const buyers = (run: RunRecord) => run.config.buyers.map((b) => `${b.id}:${b.budget}`).join(",");
  const shape = (run: RunRecord) => run.groups.map((g) => `${g.group}:${g.periods.length}`).join(",");
  const ids = runs.map(studyOf);
  const protocols = [...new Set(ids.map((id) => id.protocol))];
  const cells: StudyCell[] = [];
  for (const task of TASK_IDS) {
    for (const method of METHOD_IDS) {
      for (const protocol of protocols) {
        const mine = runs.filter((_, k) => ids[k].task === task && ids[k].method === method && ids[k].protocol === protocol);
        if (mine.length === 0) continue;
        const name = `${task} × ${method} × ${protocol}`;
        const seeds = new Set<number>();
        for (const run of mine) {
          if (shape(run) !== shape(mine[0])) throw new RangeError(`learned study: ${name}: the run of seed ${run.seed} has groups ${shape(run)}, expected ${shape(mine[0])}`);
          if (seeds.has(run.seed)) throw new RangeError(`learned study: ${name}: seed ${run.seed} appears twice`);
          seeds.add(run.seed);
        }
        cells.push({ task, method, protocol, runs: mine });
      }
    }
  }
  for (const run of runs) {
    if (buyers(run) !== buyers(runs[0])) throw new RangeError(`learned study: the run of seed ${run.seed} has buyers ${buyers(run)}, expected ${buyers(runs[0])}`);
  }
  return cells;
}

/** A cell's name in sentences and tables: "penguins × influence × accumulate". */
export function cellName(cell: Pick<StudyCell, "task" | "method" | "protocol">): string {
  return `${cell.task} × ${cell.method} × ${cell.protocol}`;
}

/**
 * What a run's task predicts from what: a table's description, or the teacher's with its configured
 * dimension, classes, noise and drift.
 *
 * @example taskDescription(run) // => "penguin species (3) from beak length and depth, flipper length and body mass"
 * @throws RangeError when the run's valuation source is not `learned`.
 */
export function taskDescription(run: RunRecord): string {
  const settings = learnedOf(run);
  return settings.task === "teacher" ? teacherSpec(settings.teacher ?? TEACHER_DEFAULTS).description : TASKS[settings.task].description;
}

/**
 * A task's label for a figure's row header: its id and what is predicted from what.
 *
 * @example taskLabel(run) // => "penguins: penguin species (3) from beak length and depth, flipper length and body mass"
 */
export function taskLabel(run: RunRecord): string {
  return `${learnedOf(run).task}: ${taskDescription(run)}`;
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
