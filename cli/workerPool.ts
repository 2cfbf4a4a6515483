/**
 * A pool of worker threads, each running one TypeScript module that answers tasks with `serveTasks`.
 *
 * - Workers start lazily, up to the pool's size, so a run whose cells all come from a checkpoint starts
 *   none; each worker holds one task at a time.
 * - A worker starts from cli/tsWorker.mjs, which registers tsx in the thread before importing the module:
 *   on Node 20, tsx's loader (whether from `tsx cli/…` or `--import tsx`) serves the main thread only.
 *   Compiled (`npm run build`, dist/cli/workerPool.js), a worker starts from the module's compiled .js
 *   file itself, next to this one: no tsx, no TypeScript.
 * - An error thrown by a task comes back as the same kind of error when it is one of the user-facing
 *   ones (ConfigError, UsageError, CheckFailed: `main` reports them as one line), and otherwise as an
 *   Error with the worker's name, message and stack, so a bug crashes as loudly as in-process.
 * - A worker that dies (an uncaught error, a module that fails to load) fails its task and every later
 *   one with that error.
 */
import { parentPort, Worker, workerData } from "node:worker_threads";
import { ConfigError } from "../experiments/configFile.js";
import { CheckFailed, UsageError } from "./errors.js";

const BOOT = new URL("./tsWorker.mjs", import.meta.url);

/** Whether this is the compiled code (dist/cli/workerPool.js) rather than the TypeScript run by tsx or vitest. */
const COMPILED = import.meta.url.endsWith(".js");

/**
 * The file a worker starts from: cli/tsWorker.mjs, which imports `module` through tsx; compiled, the
 * module's .js file (callers name the .ts source, `new URL("./sweepWorker.ts", import.meta.url)`).
 */
function workerEntry(module: URL): URL {
  return COMPILED ? new URL(module.href.replace(/\.ts$/, ".js")) : BOOT;
}

/**
 * Each worker thread loads its own copy of the code and of the valuations; past this a typo (`--workers
 * 400`) would exhaust memory long before it bought speed.
 */
export const MAX_WORKERS = 64;

interface SentError {
  name: string;
  message: string;
  stack: string | undefined;
}

type Reply<Result> = { ok: true; value: Result } | { ok: false; error: SentError };

/** What cli/tsWorker.mjs reads: the module to import, and the pool's input for it (`poolInput`). */
interface BootData {
  module: string;
  input: unknown;
}

export interface WorkerPool<Task, Result> {
  /** Runs `task` on an idle worker (starting one if the pool is not full), or once one is free. */
  run(task: Task): Promise<Result>;
  /** Terminates every worker; tasks not yet answered are refused. */
  close(): Promise<void>;
}

interface Job<Task, Result> {
  task: Task;
  resolve(value: Result): void;
  reject(error: unknown): void;
}

interface Slot<Task, Result> {
  worker: Worker;
  job: Job<Task, Result> | null;
}

const USER_ERRORS: Record<string, new (message: string) => Error> = { ConfigError, UsageError, CheckFailed };

function revive({ name, message, stack }: SentError): Error {
  const Known = USER_ERRORS[name];
  if (Known !== undefined) return new Known(message);
  return Object.assign(new Error(message), { name, stack: stack ?? `${name}: ${message}` });
}

function sent(error: unknown): SentError {
  return error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : { name: "Error", message: String(error), stack: undefined };
}

/**
 * A pool of at most `size` workers running `module` (a file URL of a module that calls `serveTasks`);
 * each worker reads `input` with `poolInput()`.
 */
export function workerPool<Task, Result>(module: URL, size: number, input: unknown): WorkerPool<Task, Result> {
  const slots: Array<Slot<Task, Result>> = [];
  const queue: Array<Job<Task, Result>> = [];
  let broken: unknown = null;
  let closed = false;

  const fail = (slot: Slot<Task, Result>, error: unknown) => {
    broken ??= error;
    slot.job?.reject(error);
    slot.job = null;
    for (const job of queue.splice(0)) job.reject(broken);
  };

  const start = (): Slot<Task, Result> => {
    const data: BootData = { module: module.href, input };
    const slot: Slot<Task, Result> = { worker: new Worker(workerEntry(module), { workerData: data }), job: null };
    slot.worker.on("message", (reply: Reply<Result>) => {
      const job = slot.job;
      slot.job = null;
      if (reply.ok) job?.resolve(reply.value);
      else job?.reject(revive(reply.error));
      pump();
    });
    slot.worker.on("error", (error) => fail(slot, error));
    slot.worker.on("exit", (code) => {
      if (!closed) fail(slot, new Error(`a worker thread of ${module.pathname} exited with code ${code}`));
    });
    slots.push(slot);
    return slot;
  };

  function pump(): void {
    while (queue.length > 0 && broken === null) {
      const slot = slots.find((s) => s.job === null) ?? (slots.length < size ? start() : undefined);
      if (slot === undefined) return;
      slot.job = queue.shift() ?? null;
      slot.worker.postMessage(slot.job?.task);
    }
  }

  return {
    run(task) {
      if (closed) return Promise.reject(new Error("the worker pool is closed"));
      if (broken !== null) return Promise.reject(broken);
      return new Promise<Result>((resolve, reject) => {
        queue.push({ task, resolve, reject });
        pump();
      });
    },
    async close() {
      closed = true;
      const refused = new Error("the worker pool was closed before the task finished");
      for (const job of [...queue.splice(0), ...slots.flatMap((s) => (s.job === null ? [] : [s.job]))]) job.reject(refused);
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}

/** In a pool's worker: the `input` the pool was made with. */
export function poolInput<Input>(): Input {
  return (workerData as BootData).input as Input;
}

/** In a pool's worker: answers each task with `handle(task)`, or with the error it throws. */
export function serveTasks<Task, Result>(handle: (task: Task) => Result): void {
  const port = parentPort;
  if (port === null) throw new Error("serveTasks runs in a worker thread started by workerPool");
  port.on("message", (task: Task) => {
    let reply: Reply<Result>;
    try {
      reply = { ok: true, value: handle(task) };
    } catch (error) {
      reply = { ok: false, error: sent(error) };
    }
    port.postMessage(reply);
  });
}
