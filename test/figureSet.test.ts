import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openCheckpoint } from "../cli/checkpoint.js";
import type { CellRunner } from "../experiments/cell.js";
import type { Config } from "../experiments/config.js";
import { DEFAULT_SEEDS, FIGURE_IDS, JOBS, LEARNED_SEEDS, learnedJob } from "../experiments/figureSet.js";
import type { Table2 } from "../experiments/figures/table2.js";
import { METHOD_IDS } from "../experiments/learned/methods/method.js";
import { TASK_IDS } from "../experiments/learned/tasks.js";
import type { RunRecord } from "../experiments/records.js";
import { learnedRun } from "./fixtures/learnedRuns.js";
import { tinyRun } from "./fixtures/tinyRun.js";

/** A small learned study: learned.json's market cut to 3 periods, 4 annotators and small splits (about 1 s for 2 seeds). */
const TINY = "test/fixtures/learnedStudy.json";

/** A cell runner that computes each cell and records its key and inputs. */
function recording() {
  const cells: Array<{ key: string; inputs: { config: Config; seed: number; valuation: string | null } }> = [];
  const cell: CellRunner = async (key, inputs, compute) => {
    cells.push({ key, inputs: inputs as (typeof cells)[number]["inputs"] });
    return compute();
  };
  return { cells, cell };
}

/**
 * A cell runner that never simulates: it hands back a hand-made run for the key's task, method and seed
 * (test/fixtures/learnedRuns.ts), or the tiny synthetic run, so a job's seed count can be checked cheaply.
 */
function fake() {
  const keys: string[] = [];
  const cell: CellRunner = async <T>(key: string, inputs: unknown): Promise<T> => {
    keys.push(key);
    const { seed } = inputs as { seed: number };
    const learned = /^learned-(\w+)-(\w+)-seed\d+$/.exec(key);
    const final = { profit: seed, utility: [seed, seed] as [number, number], perDollar: [0.01, 0.02] as [number, number] };
    const run: RunRecord = learned === null
      ? tinyRun(seed, 1)
      : learnedRun(learned[1] as (typeof TASK_IDS)[number], learned[2] as (typeof METHOD_IDS)[number], seed, { fairshare: final, exploitative: final });
    return run as T;
  };
  return { keys, cell };
}

describe("FIGURE_IDS and JOBS", () => {
  it("the learned study's outputs come last, in the order fig6, fig7, table2, after table1", () => {
    expect(FIGURE_IDS.slice(-4)).toEqual(["table1", "fig6", "fig7", "table2"]);
  });

  it("one job, on experiments/configs/learned.json, makes fig6, fig7 and table2", () => {
    const owners = JOBS.filter((job) => job.ids.some((id) => ["fig6", "fig7", "table2"].includes(id)));
    expect(owners.map((job) => [job.config, job.ids])).toEqual([["experiments/configs/learned.json", ["fig6", "fig7", "table2"]]]);
  });
});

describe("each job takes its own default seed count when --seeds is not given", () => {
  it(`the learned study runs ${LEARNED_SEEDS} seeds per task × method, the config's seed first`, async () => {
    const { keys, cell } = fake();
    await learnedJob("experiments/configs/learned.json").run({ seeds: undefined, cell });
    expect(keys).toHaveLength(TASK_IDS.length * METHOD_IDS.length * LEARNED_SEEDS);
    expect(keys.slice(0, LEARNED_SEEDS)).toEqual([1, 2, 3, 4, 5].map((s) => `learned-penguins-gradient-seed${s}`));
  });

  it(`Fig. 4 still averages ${DEFAULT_SEEDS}`, async () => {
    const { keys, cell } = fake();
    await JOBS.find((job) => job.ids.includes("fig4a"))!.run({ seeds: undefined, cell });
    expect(keys).toEqual(Array.from({ length: DEFAULT_SEEDS }, (_, k) => `fig4-seed${k + 1}`));
  });
});

describe("the learned job (a real small study)", () => {
  it("runs every task × method × seed as a cell keyed learned-<task>-<method>-seed<S>, with the overridden config, seed and valuation digest", async () => {
    const { cells, cell } = recording();
    const inspected: number[] = [];
    const progress: Array<[number, number]> = [];
    const output = await learnedJob(TINY).run({ seeds: 2, cell, inspect: (run) => inspected.push(run.seed), progress: (done, total) => progress.push([done, total]) });

    const expected = TASK_IDS.flatMap((task) => METHOD_IDS.flatMap((method) => [1, 2].map((seed) => `learned-${task}-${method}-seed${seed}`)));
    expect(cells.map((c) => c.key)).toEqual(expected);
    for (const { key, inputs } of cells) {
      const [, task, method] = /^learned-(\w+)-(\w+)-seed/.exec(key)!;
      expect(inputs.config.valuation).toMatchObject({ source: "learned", task, method, batchSize: 8, pool: 60 });
      expect(inputs.config.periods).toBe(3);
      expect(inputs.seed).toBe(Number(key.split("seed")[1]));
      expect(inputs.valuation).toMatch(/^vega-datasets@/);
    }
    expect(inspected).toHaveLength(30);
    expect(progress.at(-1)).toEqual([30, 30]);

    expect(output.figures.map((f) => f.id)).toEqual(["fig6", "fig7"]);
    expect(output.figures[0].title).toContain("valuation: influence");
    expect(output.tables.map((t) => t.id)).toEqual(["table2"]);
    const table = output.tables[0].table as Table2;
    expect(table.data).toHaveLength(TASK_IDS.length * METHOD_IDS.length * 4 * 2);
    expect(table.findings).toHaveLength(TASK_IDS.length * METHOD_IDS.length * 6);
    expect(output.tables[0].markdown).toContain(`**Verdict:** ${table.verdict}`);
  });

  it("with only fig6 asked for, runs only the config's own method and makes only fig6", async () => {
    const { cells, cell } = recording();
    const output = await learnedJob(TINY).run({ seeds: 1, only: new Set(["fig6"]), cell });
    expect(cells.map((c) => c.key)).toEqual(TASK_IDS.map((task) => `learned-${task}-influence-seed1`));
    expect(output.figures.map((f) => f.id)).toEqual(["fig6"]);
    expect(output.tables).toEqual([]);
  });

  it("resumes from a checkpoint: a second run reuses every cell and gives the same outputs", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "fairshare-learned-")), ".checkpoint");
    const first = openCheckpoint(dir, null);
    const a = await learnedJob(TINY).run({ seeds: 1, only: new Set(["fig6"]), cell: first.cell });
    const second = openCheckpoint(dir, null);
    const b = await learnedJob(TINY).run({ seeds: 1, only: new Set(["fig6"]), cell: second.cell });
    expect(second.counts()).toEqual({ computed: 0, reused: 3 });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });

  it("refuses a config whose valuation is not learned, naming it", async () => {
    await expect(learnedJob("experiments/configs/fig4.json").run({ seeds: 1 })).rejects.toThrow(/experiments\/configs\/fig4.json: valuation.source: the learned study needs "learned", got "synthetic"/);
  });
});
