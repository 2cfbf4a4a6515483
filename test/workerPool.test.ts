import { describe, expect, it } from "vitest";
import { ConfigError } from "../experiments/configFile.js";
import { CheckFailed } from "../cli/errors.js";
import { mapInOrder } from "../experiments/mapInOrder.js";
import { workerPool } from "../cli/workerPool.js";
import type { PoolTask } from "./fixtures/poolWorker.js";

const MODULE = new URL("./fixtures/poolWorker.ts", import.meta.url);
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("workerPool: TypeScript modules on worker threads, their errors as they would be in-process", () => {
  it("runs tasks on up to `size` workers and answers each task with its own result", async () => {
    const pool = workerPool<PoolTask, number>(MODULE, 2, { failOnLoad: false });
    try {
      expect(await Promise.all([1, 2, 3, 4, 5].map((n) => pool.run({ double: n })))).toEqual([2, 4, 6, 8, 10]);
    } finally {
      await pool.close();
    }
  });

  it("a task's ConfigError or CheckFailed comes back as that class with its message; another error keeps its name, message and the worker's stack", async () => {
    const pool = workerPool<PoolTask, number>(MODULE, 1, { failOnLoad: false });
    try {
      const config = pool.run({ raise: "ConfigError" });
      await expect(config).rejects.toBeInstanceOf(ConfigError);
      await expect(config).rejects.toThrow("market.json: discount: must lie in (0, 1], got 2");
      await expect(pool.run({ raise: "CheckFailed" })).rejects.toBeInstanceOf(CheckFailed);
      const bug: unknown = await pool.run({ raise: "TypeError" }).catch((error: unknown) => error);
      expect(bug).toBeInstanceOf(Error);
      expect(bug).toMatchObject({ name: "TypeError", message: "cannot read properties of undefined" });
      expect((bug as Error).stack).toContain("poolWorker.ts");
      // the worker survives its tasks' errors
      expect(await pool.run({ double: 21 })).toBe(42);
    } finally {
      await pool.close();
    }
  });

  it("a worker whose module throws on load fails the task, and every later one, with that error", async () => {
    const pool = workerPool<PoolTask, number>(MODULE, 1, { failOnLoad: true });
    try {
      await expect(pool.run({ double: 1 })).rejects.toThrow("this worker module fails to load");
      await expect(pool.run({ double: 2 })).rejects.toThrow("this worker module fails to load");
    } finally {
      await pool.close();
    }
  });
});

describe("mapInOrder: bounded concurrency, results and failures as a one-at-a-time loop would have them", () => {
  it("results come back in item order whatever order the items finish in", async () => {
    const finished: number[] = [];
    const results = await mapInOrder([30, 5, 20, 1], 2, async (ms) => {
      await delay(ms);
      finished.push(ms);
      return ms * 10;
    });
    expect(results).toEqual([300, 50, 200, 10]);
    expect(finished).not.toEqual([30, 5, 20, 1]);
  });

  it("after a failure nothing more starts, the items in flight finish, and the earliest item's failure is thrown", async () => {
    const started: number[] = [];
    const finished: number[] = [];
    const run = mapInOrder([0, 1, 2, 3, 4], 2, async (k) => {
      started.push(k);
      // item 1 fails first; item 0, which fails later, is earlier in order
      await delay(k === 0 ? 40 : 5);
      finished.push(k);
      throw new Error(`item ${k}`);
    });
    await expect(run).rejects.toThrow("item 0");
    expect(started).toEqual([0, 1]);
    expect(finished.sort()).toEqual([0, 1]);
  });
});
