// The first module of every worker thread (cli/workerPool.ts): on Node 20, tsx registers its loader on
// the main thread only, so a worker cannot import a .ts module until tsx is registered in the worker
// itself. This file is plain JavaScript because it runs before that.
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import(workerData.module);
