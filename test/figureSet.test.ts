import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
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
import type { LearningProtocol } from "../experiments/studyConfig.js";
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
 * A cell runner that never simulates: it hands back a hand-made run for the key's task, method, protocol and seed
 * (test/fixtures/learnedRuns.ts), or the tiny synthetic run, so a job's cells can be checked cheaply; it
 * records each cell's key and inputs.
 */
function fake() {
  const keys: string[] = [];
  const inputsSeen: unknown[] = [];
  const cell: CellRunner = async <T>(key: string, inputs: unknown): Promise<T> => {
    keys.push(key);
    inputsSeen.push(inputs);
    const { seed } = inputs as { seed: number };
    const learned = /^learned-(\w+)-(\w+)-(accumulate|fresh|window\d+)-seed\d+$/.exec(key);
    const final = { profit: seed, utility: [seed, seed] as [number, number], perDollar: [0.01, 0.02] as [number, number] };
    const protocol = (id: string): LearningProtocol => (id.startsWith("window") ? { window: Number(id.slice(6)) } : (id as "accumulate" | "fresh"));
    const run: RunRecord = learned === null
      ? tinyRun(seed, 1)
      : learnedRun(learned[1] as (typeof TASK_IDS)[number], learned[2] as (typeof METHOD_IDS)[number], seed, { fairshare: final, exploitative: final }, protocol(learned[3]));
    return run as T;
  };
  return { keys, inputs: inputsSeen, cell };
}

describe("FIGURE_IDS and JOBS", () => {
  it("the learned study's outputs come in the order learningCurve, fig6, fig7, table2, after table1; the atlas's come last", () => {
    const at = (id: (typeof FIGURE_IDS)[number]) => FIGURE_IDS.indexOf(id);
    expect(at("table1")).toBeLessThan(at("learningCurve"));
    expect(FIGURE_IDS.slice(at("learningCurve"), at("table2") + 1)).toEqual(["learningCurve", "fig6", "fig7", "table2"]);
    expect(FIGURE_IDS.slice(-4)).toEqual(["atlasUtility", "atlasSellers", "atlasHorizon", "atlas"]);
  });

  it("one job, on the atlas's sweeps, makes atlasUtility, atlasSellers, atlasHorizon and the table atlas", () => {
    const owners = JOBS.filter((job) => job.ids.some((id) => id.startsWith("atlas")));
    expect(owners.map((job) => [job.config, job.ids])).toEqual([["experiments/sweeps/atlasUtility.json", ["atlasUtility", "atlasSellers", "atlasHorizon", "atlas"]]]);
  });

  it("one job, on experiments/configs/learned.json, makes fig6, fig7 and table2", () => {
    const owners = JOBS.filter((job) => job.ids.some((id) => ["fig6", "fig7", "table2"].includes(id)));
    expect(owners.map((job) => [job.config, job.ids])).toEqual([["experiments/configs/learned.json", ["fig6", "fig7", "table2"]]]);
  });
});

describe("each job takes its own default seed count when --seeds is not given", () => {
  it(`the learned study runs ${LEARNED_SEEDS} seeds per task × method under the config's own protocol, the config's seed first`, async () => {
    expect(LEARNED_SEEDS).toBeGreaterThanOrEqual(20);
    const { keys, cell } = fake();
    await learnedJob("experiments/configs/learned.json").run({ seeds: undefined, cell });
    expect(keys).toHaveLength(TASK_IDS.length * METHOD_IDS.length * LEARNED_SEEDS);
    expect(keys.slice(0, LEARNED_SEEDS)).toEqual(Array.from({ length: LEARNED_SEEDS }, (_, k) => `learned-penguins-gradient-window5-seed${k + 1}`));
  });

  it(`Fig. 4 still averages ${DEFAULT_SEEDS}`, async () => {
    const { keys, cell } = fake();
    await JOBS.find((job) => job.ids.includes("fig4a"))!.run({ seeds: undefined, cell });
    expect(keys).toEqual(Array.from({ length: DEFAULT_SEEDS }, (_, k) => `fig4-seed${k + 1}`));
  });
});

/** learned.json with `study` set to `study`, written to a scratch file. */
function withStudy(study: unknown, path = "experiments/configs/learned.json"): string {
  const file = join(mkdtempSync(join(tmpdir(), "fairshare-study-")), "learned.json");
  writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(path, "utf8")), study }));
  return file;
}

describe("the learned job's study block: protocols and seeds (hand-made runs)", () => {
  const config = withStudy({ protocols: ["fresh", { window: 5 }, "accumulate"], seeds: 2 });

  it("runs the config's own protocol first, then the study's others, keyed learned-<task>-<method>-<protocol>-seed<S>, under study.seeds", async () => {
    const { keys, cell } = fake();
    const output = await learnedJob(config).run({ seeds: undefined, cell });
    // learned.json's own protocol is a window of 5: it runs first, and the study's copy of it is not run twice.
    const expected = TASK_IDS.flatMap((task) => METHOD_IDS.flatMap((method) => ["window5", "fresh", "accumulate"].flatMap((protocol) => [1, 2].map((seed) => `learned-${task}-${method}-${protocol}-seed${seed}`))));
    expect(keys).toEqual(expected);
    const table = output.tables[0].table as Table2;
    expect(table.cells.map((c) => `${c.task}/${c.method}/${c.protocol}`)).toEqual(TASK_IDS.flatMap((t) => METHOD_IDS.flatMap((m) => ["window5", "fresh", "accumulate"].map((p) => `${t}/${m}/${p}`))));
    expect(table.cells.every((c) => c.seeds === 2 && c.claims.length === 11)).toBe(true);
    // Fig. 6 and Fig. 7 show the config's own protocol only.
    expect(output.figures.map((f) => f.title)).toEqual([expect.stringContaining("protocol: window5"), expect.stringContaining("protocol: window5")]);
  });

  it("--seeds overrides study.seeds", async () => {
    const { keys, cell } = fake();
    await learnedJob(config).run({ seeds: 1, cell });
    expect(keys).toHaveLength(TASK_IDS.length * METHOD_IDS.length * 3);
  });

  it("runs only what the asked-for ids need: fig7 every method under the own protocol, fig6 the own method too", async () => {
    const seven = fake();
    const output = await learnedJob(config).run({ seeds: 1, only: new Set(["fig7"]), cell: seven.cell });
    expect(seven.keys).toEqual(TASK_IDS.flatMap((task) => METHOD_IDS.map((method) => `learned-${task}-${method}-window5-seed1`)));
    expect(output.figures.map((f) => f.id)).toEqual(["fig6", "fig7"]);
    expect(output.tables).toEqual([]);
    const six = fake();
    await learnedJob(config).run({ seeds: 1, only: new Set(["fig6"]), cell: six.cell });
    expect(six.keys).toEqual(TASK_IDS.map((task) => `learned-${task}-influence-window5-seed1`));
  });

  it("a cell's config has no study block, so changing the study reuses every cell it still holds", async () => {
    const a = fake();
    await learnedJob(withStudy({ protocols: ["fresh"], seeds: 1 })).run({ seeds: undefined, only: new Set(["fig6"]), cell: a.cell });
    const b = fake();
    await learnedJob("experiments/configs/learned.json").run({ seeds: 1, only: new Set(["fig6"]), cell: b.cell });
    expect(a.keys).toEqual(b.keys);
    expect(JSON.stringify(a.inputs)).toBe(JSON.stringify(b.inputs));
    expect((a.inputs[0] as { config: Config }).config).not.toHaveProperty("study");
  });
});

describe("the learned job (a real small study)", () => {
  it("runs every task × method × seed as a cell keyed learned-<task>-<method>-<protocol>-seed<S>, with the overridden config, seed and valuation digest", async () => {
    const { cells, cell } = recording();
    const inspected: number[] = [];
    const progress: Array<[number, number]> = [];
    const output = await learnedJob(TINY).run({ seeds: 2, cell, inspect: (run) => inspected.push(run.seed), progress: (done, total) => progress.push([done, total]) });

    const expected = TASK_IDS.flatMap((task) => METHOD_IDS.flatMap((method) => [1, 2].map((seed) => `learned-${task}-${method}-accumulate-seed${seed}`)));
    expect(cells.map((c) => c.key)).toEqual(expected);
    for (const { key, inputs } of cells) {
      const [, task, method] = /^learned-(\w+)-(\w+)-accumulate-seed/.exec(key)!;
      expect(inputs.config.valuation).toMatchObject({ source: "learned", task, method, protocol: "accumulate", batchSize: 8, pool: 60 });
      expect(inputs.config.periods).toBe(3);
      expect(inputs.seed).toBe(Number(key.split("seed")[1]));
      expect(inputs.valuation).toMatch(/^vega-datasets@/);
    }
    const total = TASK_IDS.length * METHOD_IDS.length * 2;
    expect(inspected).toHaveLength(total);
    expect(progress.at(-1)).toEqual([total, total]);

    expect(output.figures.map((f) => f.id)).toEqual(["fig6", "fig7"]);
    expect(output.figures[0].title).toContain("valuation: influence, protocol: accumulate");
    expect(output.tables.map((t) => t.id)).toEqual(["table2"]);
    const table = output.tables[0].table as Table2;
    expect(table.cells).toHaveLength(TASK_IDS.length * METHOD_IDS.length);
    // Every cell × claim row, and every group (reduced, random, exploitative) × metric row against fairshare.
    expect(table.cells.every((c) => c.seeds === 2 && c.periods === 3 && c.claims.length === 11 && c.differences.length === 3 * 12)).toBe(true);
    expect(output.tables[0].markdown).toContain(`**Verdict:** ${table.verdict}`);
  });

  it("runs the study's protocols through the market: one Table 2 cell per task × method × protocol, each with every claim", async () => {
    const { cells, cell } = recording();
    const output = await learnedJob(withStudy({ protocols: ["fresh", { window: 2 }] }, TINY)).run({ seeds: 1, only: new Set(["table2"]), cell });
    expect(cells).toHaveLength(TASK_IDS.length * METHOD_IDS.length * 3);
    expect(new Set(cells.map((c) => JSON.stringify((c.inputs.config.valuation as { protocol: unknown }).protocol)))).toEqual(new Set(['"accumulate"', '"fresh"', '{"window":2}']));
    const table = output.tables[0].table as Table2;
    expect(table.cells.map((c) => c.protocol).slice(0, 3)).toEqual(["accumulate", "fresh", "window2"]);
    // One seed gives no interval: every verdict is not resolved, whatever the runs say.
    expect(table.cells.every((c) => c.claims.length === 11 && c.claims.every((row) => row.verdict === "not resolved"))).toBe(true);
  });

  it("with only fig6 asked for, runs only the config's own method and makes only fig6", async () => {
    const { cells, cell } = recording();
    const output = await learnedJob(TINY).run({ seeds: 1, only: new Set(["fig6"]), cell });
    expect(cells.map((c) => c.key)).toEqual(TASK_IDS.map((task) => `learned-${task}-influence-accumulate-seed1`));
    expect(output.figures.map((f) => f.id)).toEqual(["fig6"]);
    expect(output.tables).toEqual([]);
  });

  it("resumes from a checkpoint: a second run reuses every cell and gives the same outputs", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "fairshare-learned-")), ".checkpoint");
    const first = openCheckpoint(dir, null);
    const a = await learnedJob(TINY).run({ seeds: 1, only: new Set(["fig6"]), cell: first.cell });
    const second = openCheckpoint(dir, null);
    const b = await learnedJob(TINY).run({ seeds: 1, only: new Set(["fig6"]), cell: second.cell });
    expect(second.counts()).toEqual({ computed: 0, reused: TASK_IDS.length });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });

  it("refuses a config whose valuation is not learned, naming it", async () => {
    await expect(learnedJob("experiments/configs/fig4.json").run({ seeds: 1 })).rejects.toThrow(/experiments\/configs\/fig4.json: valuation.source: the learned study needs "learned", got "synthetic"/);
  });
});
