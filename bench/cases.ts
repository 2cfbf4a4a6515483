/**
 * The benchmark cases of `npm run bench` (issue #5): what each one times, on which instance, how many
 * runs by default, and its target. `CASES` is the list the command runs; each entry is made by a factory
 * so that the tests can run every case once on a tiny market.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import highsImport from "highs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { DEFAULT_RUNS as LEMMA_CASES } from "../cli/verifyLemmas.js";
import { simulate } from "../experiments/algorithm2.js";
import { loadConfig, type Config } from "../experiments/config.js";
import { LEARNED_SEEDS } from "../experiments/figureSet.js";
import { METHOD_IDS } from "../experiments/learned/methods/method.js";
import { TASK_IDS } from "../experiments/learned/tasks.js";
import { loadValuation } from "../experiments/valuation.js";
import type { RunRecord } from "../experiments/records.js";
import { fairsharePrices, type FairshareResult } from "../theory/algorithm1.js";
import { bestBundle, type KnapsackItem } from "../theory/knapsack.js";
import { mwpMatrix } from "../theory/mwp.js";
import { fractionalMwpMatrix } from "../theory/fractional.js";
import { distIsFresh } from "../bin/fairshare.mjs";
import { benchConfig, benchMarket, benchPrices } from "./markets.js";
import { elapsedMs, summarise, type Summary } from "./timing.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** The buyers of every multi-buyer case. */
export const BENCH_BUYERS = 10;

/** What a case reports beside its timing (`extra` in reports/bench.json). */
export interface Extra {
  /** Algorithm 1's sweeps. */
  rounds?: number;
  /** Whether Algorithm 1 reached a fixed point. */
  converged?: boolean;
  /** Algorithm 2: Σ over groups and periods of the active sellers, divided by the median seconds of a run. */
  sellerPeriodsPerSecond?: number;
  /** Algorithm 2: the median seconds of one seed's run (every group). */
  secondsPerSeed?: number;
  /** Fractional MWPs against the exact ones on the same market: mean and largest |difference|, in dollars. */
  meanAbsError?: number;
  maxAbsError?: number;
  /** …and the mean |difference| as a share of the mean exact MWP. */
  relativeError?: number;
  /** The learned study: seconds of one seed of each task × method cell in the last run, keyed `task/method`. */
  cellSecondsPerSeed?: Record<string, number>;
  /** The learned study: the default study's seconds projected from one seed (× its seeds, ÷ the worker threads). */
  projectedStudySeconds?: number;
  /** Start-up: the median ms of a bare `node -e 1`, timed in the same rounds as the command. */
  baselineMedianMs?: number;
  /** Start-up: the median ms of the compiled command run directly (`node dist/cli/fairshare.js …`), for information. */
  directMedianMs?: number;
  /** Start-up: the median ms of npm's own share, `npm run --silent` of a script that is `node -e 1`, for information. */
  npmBaselineMedianMs?: number;
  /**
   * Start-up: the command's median over the baseline's, and whether it is at most `ratioTarget`.
   * knapsackVsHighs: HiGHS's median over `bestBundle`'s, and whether it is at least `ratioTarget`.
   */
  ratio?: number;
  ratioTarget?: number;
  ratioMet?: boolean;
  /** knapsackVsHighs: the median ms of HiGHS's MILP on every buyer's knapsack (the case's own median is `bestBundle`'s). */
  highsMedianMs?: number;
  /** knapsackVsHighs: of the `optimaTotal` buyers, how many have HiGHS's optimal surplus, rounded to whole units, equal to `bestBundle`'s. */
  optimaEqual?: number;
  optimaTotal?: number;
  /** Start-up: whether dist/ was fresh, so that `npm run fairshare` ran it and not the sources through tsx. */
  distFresh?: boolean;
}

/** A case set up and ready to time: `run` is the timed call, `extra` reads what to report from the last run. */
export interface Prepared {
  run(): void;
  extra?(summary: Summary): Extra;
  /**
   * For a case that takes its own samples (cliStart times three commands in turn, round after round):
   * the warm-up and `runs` timed runs, and the summary of the timing the case reports. Without it, the
   * runs are `run()` timed by bench/timing.ts.
   */
  measure?(runs: number): Summary;
}

/**
 * One benchmark case. To add one, push its definition onto `CASES`; nothing else needs to change.
 *
 * - `name` is what `--only` selects; several cases may share it (one per size).
 * - `params` are the sizes (`N` sellers, `M` buyers, `T` periods, …); `--sizes` selects by `N`.
 * - `runs` is the number of timed runs unless `--runs` says otherwise: at least 5 for a fast case, fewer
 *   for a slow one, so that the whole suite finishes in reasonable time.
 * - `target.maxMs`, when there is one, is met when the median is at most it.
 * - `prepare` builds the instance; it is not timed. The warm-up and timed runs call what it returns.
 */
export interface BenchCase {
  name: string;
  params: Record<string, number>;
  runs: number;
  target?: { maxMs: number };
  prepare(): Prepared;
}

/**
 * One buyer's best response (theory/knapsack.ts `bestBundle`) on the bench market of N sellers at its
 * fairshare-like prices (bench/markets.ts `benchPrices`). The buyer is B1, the lowest budget, 12·(N/20):
 * the one whose budget binds hardest.
 */
export function knapsackCase(sellers: number, runs = 5): BenchCase {
  return {
    name: "knapsack",
    params: { N: sellers },
    runs,
    prepare() {
      const market = benchMarket(sellers, BENCH_BUYERS);
      const prices = benchPrices(market);
      const items = market.values[0].map((value, j) => ({ value, price: prices[j] }));
      const budget = market.buyers[0].budget;
      return { run: () => void bestBundle(items, budget) };
    },
  };
}

// The package's types describe a CommonJS module (default = the namespace), but Node's ESM entry
// (build/highs.mjs) exports the loader itself as default (as in test/knapsack.test.ts).
const highs = await (highsImport as unknown as typeof highsImport.default)();

/** knapsackVsHighs's target (issue #16): HiGHS's median at least 100 × `bestBundle`'s. */
export const KNAPSACK_VS_HIGHS_RATIO_TARGET = 100;

/** A buyer's knapsack as a binary MILP in CPLEX LP format, in money units: maximise Σ(V − p)x s.t. Σp·x ≤ B. */
export function knapsackLp(items: ReadonlyArray<KnapsackItem>, budget: number): string {
  const terms = (coefficient: (item: KnapsackItem) => number) => (items.length === 0 ? "0 x0" : items.map((item, i) => `${coefficient(item)} x${i}`).join(" + "));
  const names = items.length === 0 ? "x0" : items.map((_, i) => `x${i}`).join(" ");
  return ["Maximize", ` obj: ${terms((item) => item.value - item.price)}`, "Subject To", ` budget: ${terms((item) => item.price)} <= ${budget}`, "Binary", ` ${names}`, "End"].join("\n");
}

/** HiGHS's optimal objective of `lp`, with zero optimality gap. @throws Error unless HiGHS reports Optimal. */
export function highsOptimum(lp: string): number {
  const solution = highs.solve(lp, { mip_rel_gap: 0, mip_abs_gap: 0, output_flag: false });
  if (solution.Status !== "Optimal") throw new Error(`HiGHS: ${solution.Status}`);
  return solution.ObjectiveValue;
}

/**
 * Every buyer's best response on the bench market of N sellers at `benchPrices` (items: the sellers at
 * their prices with the buyer's values, the buyer's budget), solved by `bestBundle` and by HiGHS's MILP
 * (zero gap) on the same items, side by side in this process: each round times all buyers with one,
 * then all buyers with the other, so that a busy machine slows both alike. The LP texts are written
 * before timing. The case's median is `bestBundle`'s (all buyers); extras: HiGHS's median, the ratio
 * HiGHS/`bestBundle` against the target of 100, and how many buyers' optima agree (HiGHS's objective
 * rounded to whole units against `bestBundle`'s surplus, from the last round).
 */
export function knapsackVsHighsCase(sellers: number, runs = 21): BenchCase {
  return {
    name: "knapsackVsHighs",
    params: { N: sellers, M: BENCH_BUYERS },
    runs,
    prepare() {
      const market = benchMarket(sellers, BENCH_BUYERS);
      const prices = benchPrices(market);
      const knapsacks = market.buyers.map((buyer, b) => ({ items: market.values[b].map((value, j) => ({ value, price: prices[j] })), budget: buyer.budget }));
      const lps = knapsacks.map(({ items, budget }) => knapsackLp(items, budget));
      let surpluses: number[] = [];
      let optima: number[] = [];
      const ours = () => void (surpluses = knapsacks.map(({ items, budget }) => bestBundle(items, budget).surplus));
      const theirs = () => void (optima = lps.map(highsOptimum));
      const highsSamples: number[] = [];
      return {
        run: () => {
          ours();
          theirs();
        },
        measure(count) {
          ours();
          theirs();
          const samples: number[] = [];
          for (let k = 0; k < count; k += 1) {
            samples.push(elapsedMs(ours));
            highsSamples.push(elapsedMs(theirs));
          }
          return summarise(samples);
        },
        extra({ medianMs }) {
          const highsMedianMs = summarise(highsSamples).medianMs;
          const ratio = Number((highsMedianMs / medianMs).toFixed(1));
          return {
            highsMedianMs: Number(highsMedianMs.toFixed(3)),
            ratio,
            ratioTarget: KNAPSACK_VS_HIGHS_RATIO_TARGET,
            ratioMet: ratio >= KNAPSACK_VS_HIGHS_RATIO_TARGET,
            optimaEqual: optima.filter((optimum, b) => Math.round(optimum) === surpluses[b]).length,
            optimaTotal: knapsacks.length,
          };
        },
      };
    },
  };
}

/** Every buyer's MWP for every seller (theory/mwp.ts `mwpMatrix`) at the fairshare-like prices. */
export function mwpMatrixCase(buyers: number, sellers: number, runs = 5): BenchCase {
  return {
    name: "mwpMatrix",
    params: { M: buyers, N: sellers },
    runs,
    target: { maxMs: 50 },
    prepare() {
      const market = benchMarket(sellers, buyers);
      const prices = benchPrices(market);
      return { run: () => void mwpMatrix(market, prices) };
    },
  };
}

/**
 * The approximate mode's MWP matrix (theory/fractional.ts `fractionalMwpMatrix`, the knapsack's LP
 * relaxation) at the same prices as `mwpMatrix`. With `compare`, the exact matrix of the same market is
 * computed once, untimed, and the error reported: only where the exact one runs in reasonable time.
 */
export function mwpFractionalCase(buyers: number, sellers: number, compare: boolean, runs = 5): BenchCase {
  return {
    name: "mwpFractional",
    params: { M: buyers, N: sellers },
    runs,
    prepare() {
      const market = benchMarket(sellers, buyers);
      const prices = benchPrices(market);
      let last: number[][] = [];
      return {
        run: () => void (last = fractionalMwpMatrix(market, prices)),
        extra: () => (compare ? fractionalError(mwpMatrix(market, prices), last) : {}),
      };
    },
  };
}

/** How far fractional MWPs are from exact ones: mean and largest absolute difference, and the mean relative to the mean exact MWP. */
export function fractionalError(exact: ReadonlyArray<ReadonlyArray<number>>, fractional: ReadonlyArray<ReadonlyArray<number>>): Extra {
  const differences = exact.flatMap((row, b) => row.map((x, j) => Math.abs(x - fractional[b][j])));
  const mean = (xs: number[]) => xs.reduce((sum, x) => sum + x, 0) / Math.max(1, xs.length);
  const round = (x: number) => Number(x.toPrecision(3));
  return {
    meanAbsError: round(mean(differences)),
    maxAbsError: round(Math.max(0, ...differences)),
    relativeError: round(mean(differences) / mean(exact.flat())),
  };
}

/**
 * Algorithm 2 in the approximate mode (config `algorithm1.mwp: "fractional"`, aggregate records): the
 * bench config at N sellers, M buyers, T periods, groups fairshare and exploitative, at most `maxRounds`
 * Jacobi sweeps a period (experiments/large/scale.json is the 10,000 × 100 × 100 market).
 */
export function algorithm2FractionalCase(sellers: number, buyers: number, periods: number, maxRounds: number, runs = 1): BenchCase {
  return {
    name: "algorithm2Fractional",
    params: { N: sellers, M: buyers, T: periods, seeds: 1, maxRounds },
    runs,
    prepare() {
      const base = benchConfig(sellers, buyers, periods);
      return timedSimulation({ ...base, groups: ["fairshare", "exploitative"], records: "aggregates", algorithm1: { ...base.algorithm1, mwp: "fractional", maxRounds } });
    },
  };
}

/** Algorithm 1 (theory/algorithm1.ts `fairsharePrices`, default options) on the bench market; reports its rounds. */
export function algorithm1Case(sellers: number, buyers: number, runs: number): BenchCase {
  return {
    name: "algorithm1",
    params: { N: sellers, M: buyers },
    runs,
    prepare() {
      const market = benchMarket(sellers, buyers);
      let last: FairshareResult | null = null;
      return {
        run: () => void (last = fairsharePrices(market)),
        extra: () => ({ rounds: last!.rounds, converged: last!.converged }),
      };
    },
  };
}

/** Active sellers summed over every group and period of a run. */
export function sellerPeriods(run: RunRecord): number {
  return run.groups.reduce((sum, group) => sum + group.periods.reduce((s, period) => s + period.activeSellers, 0), 0);
}

/** One seed of `config` (its own seed) as a timed run that reports seller-periods per second and seconds per seed. */
function timedSimulation(config: Config): Prepared {
  let last: RunRecord | null = null;
  return {
    run: () => void (last = simulate(config, config.seed)),
    extra: ({ medianMs }) => ({
      sellerPeriodsPerSecond: Math.round(sellerPeriods(last!) / (medianMs / 1000)),
      secondsPerSeed: Math.round(medianMs) / 1000,
    }),
  };
}

/**
 * Algorithm 2 (experiments/algorithm2.ts `simulate`): one seed of the bench config (fig4 scaled to N and
 * M, its four groups, its seed) over T periods.
 */
export function algorithm2Case(sellers: number, buyers: number, periods: number, runs = 3): BenchCase {
  return {
    name: "algorithm2",
    params: { N: sellers, M: buyers, T: periods, seeds: 1 },
    runs,
    target: { maxMs: 5000 },
    prepare: () => timedSimulation(benchConfig(sellers, buyers, periods)),
  };
}

/**
 * The default `verify-lemmas` run, whole, as a user runs it: a fresh Node process running
 * `cli/fairshare.ts verify-lemmas` through tsx (what `npm run verify-lemmas` runs, without npm's own
 * start-up), writing into a temporary folder; wall clock, process start-up and compilation included.
 * `casesPerLemma` is its `--runs` (the default run's 1000 unless the tests ask for fewer).
 *
 * @throws Error when the run exits with anything but 0 (a lemma failed, or it crashed).
 */
export function verifyLemmasCase(runs = 3, casesPerLemma = LEMMA_CASES): BenchCase {
  return {
    name: "verifyLemmas",
    params: { casesPerLemma },
    runs,
    target: { maxMs: 20_000 },
    prepare() {
      return {
        run() {
          const out = mkdtempSync(join(tmpdir(), "fairshare-bench-"));
          try {
            const child = spawnSync(process.execPath, ["--import", "tsx", "cli/fairshare.ts", "verify-lemmas", "--runs", String(casesPerLemma), "--out", out], {
              cwd: ROOT,
              encoding: "utf8",
              maxBuffer: 64 * 1024 * 1024,
            });
            if (child.status !== 0) {
              throw new Error(`verify-lemmas exited with ${child.status ?? child.signal}: ${child.stderr.trim().split("\n").slice(-3).join(" / ")}`);
            }
          } finally {
            rmSync(out, { recursive: true, force: true });
          }
        },
      };
    },
  };
}

/**
 * The learned study of `figures` (Fig. 6, Fig. 7, Table 2 on experiments/configs/learned.json, issue #13):
 * one seed of every task × method cell under the config's own protocol, one after the other in this
 * thread. Reports each cell's seconds a seed, and the default study's time projected from them: × its
 * seeds (`study.seeds`), ÷ `workers` (its worker threads; the cells are independent).
 */
export function learnedStudyCase(workers = 2, periods?: number, runs = 1): BenchCase {
  return {
    name: "learnedStudy",
    params: { seeds: 1, ...(periods === undefined ? {} : { T: periods }) },
    runs,
    target: { maxMs: (600_000 * workers) / STUDY_SEEDS },
    prepare() {
      const base = loadConfig(join(ROOT, "experiments", "configs", "learned.json"));
      const config = periods === undefined ? base : { ...base, periods };
      if (config.valuation.source !== "learned") throw new Error("bench: learned.json must use the learned source");
      const settings = config.valuation;
      const cells = TASK_IDS.flatMap((task) => METHOD_IDS.map((method) => ({ task, method, config: { ...config, valuation: { ...settings, task, method } } })));
      const valuations = cells.map((c) => loadValuation(c.config, "experiments/configs/learned.json"));
      const seconds: Record<string, number> = {};
      return {
        run() {
          cells.forEach((c, k) => {
            const start = performance.now();
            simulate(c.config, c.config.seed, null, valuations[k].scores);
            seconds[`${c.task}/${c.method}`] = Math.round(performance.now() - start) / 1000;
          });
        },
        extra: ({ medianMs }) => ({
          secondsPerSeed: Math.round(medianMs) / 1000,
          cellSecondsPerSeed: { ...seconds },
          projectedStudySeconds: Math.round(((base.study?.seeds ?? STUDY_SEEDS) * medianMs) / workers / 1000),
        }),
      };
    },
  };
}

/** The command whose start-up `cliStart` times: the one-buyer market of docs/cli.md, computed in microseconds. */
export const CLI_START_COMMAND = ["horizon", "--V", "10", "--pstar", "6", "--c", "2", "--p", "3", "--delta", "0.9", "--rho", "linear:0.5"];

/** cliStart's targets (issue #15): `npm run --silent fairshare -- horizon …` within 0.5 s, and within 8 × a bare `node -e 1`. */
export const CLI_START_TARGET_MS = 500;
export const CLI_START_RATIO_TARGET = 8;

/** A child's wall-clock milliseconds; throws unless it exits 0. */
function timedSpawn(label: string, command: string, args: ReadonlyArray<string>, cwd = ROOT): { ms: number; stdout: string } {
  const started = performance.now();
  const child = spawnSync(command, args, { cwd, encoding: "utf8", maxBuffer: 16 * 1024 * 1024 });
  const ms = performance.now() - started;
  if (child.status !== 0) throw new Error(`${label} exited with ${child.status ?? child.signal}: ${(child.stderr ?? "").trim().split("\n").slice(-3).join(" / ")}`);
  return { ms, stdout: child.stdout };
}

/**
 * Start-up (issue #15): `npm run --silent fairshare -- horizon …` as a user types it, wall clock from
 * spawn to exit, npm's own start-up included; beside it, in the same rounds and in turn (so that a busy
 * machine slows all of them alike), a bare `node -e 1` and, for information, the compiled command run
 * directly, `node dist/cli/fairshare.js horizon …`, and npm's own share, `npm run --silent noop` in a
 * temporary project whose `noop` script is `node -e 1`. The median of the npm command is the case's; the
 * other medians and the ratio to `node -e 1` are extras. The warm-up round checks that both ways print
 * the same JSON.
 *
 * - dist/ stale or missing: with `build`, `npm run build` first (untimed); without, the npm command runs
 *   the sources through tsx (bin/fairshare.mjs) and `distFresh: false` says so; the direct one is skipped
 *   when there is no dist/ at all.
 *
 * @throws Error when a command exits with anything but 0, or the two ways print different output.
 */
export function cliStartCase(runs = 15, build = true): BenchCase {
  return {
    name: "cliStart",
    params: {},
    runs,
    target: { maxMs: CLI_START_TARGET_MS },
    prepare() {
      if (build && !distIsFresh(ROOT)) timedSpawn("npm run build", "npm", ["run", "--silent", "build"]);
      const direct = existsSync(join(ROOT, "dist", "cli", "fairshare.js"));
      const noop = mkdtempSync(join(tmpdir(), "fairshare-bench-npm-"));
      writeFileSync(join(noop, "package.json"), `${JSON.stringify({ name: "noop", private: true, scripts: { noop: "node -e 1" } })}\n`);
      const commands = [
        { key: "baseline", run: () => timedSpawn("node -e 1", process.execPath, ["-e", "1"]) },
        { key: "npmBaseline", run: () => timedSpawn("npm run --silent noop", "npm", ["run", "--silent", "noop"], noop) },
        ...(direct ? [{ key: "direct", run: () => timedSpawn("node dist/cli/fairshare.js", process.execPath, ["dist/cli/fairshare.js", ...CLI_START_COMMAND]) }] : []),
        { key: "npm", run: () => timedSpawn("npm run --silent fairshare", "npm", ["run", "--silent", "fairshare", "--", ...CLI_START_COMMAND]) },
      ];
      const samples = new Map<string, number[]>(commands.map((c) => [c.key, []]));
      const round = (record: boolean) =>
        commands.map((c) => {
          const { ms, stdout } = c.run();
          if (record) samples.get(c.key)!.push(ms);
          return stdout;
        });
      let fresh = false;
      const medianOf = (key: string) => (samples.get(key)!.length === 0 ? undefined : summarise(samples.get(key)!).medianMs);
      return {
        run: () => void round(false),
        measure(count) {
          try {
            fresh = distIsFresh(ROOT);
            const [, , ...outputs] = round(false);
            if (direct && outputs[0] !== outputs[1]) throw new Error("npm run fairshare and node dist/cli/fairshare.js printed different output");
            for (let k = 0; k < count; k += 1) round(true);
            return summarise(samples.get("npm")!);
          } finally {
            rmSync(noop, { recursive: true, force: true });
          }
        },
        extra({ medianMs }) {
          const baseline = medianOf("baseline")!;
          const directMs = medianOf("direct");
          const ratio = Number((medianMs / baseline).toFixed(2));
          return {
            baselineMedianMs: Math.round(baseline),
            ...(directMs === undefined ? {} : { directMedianMs: Math.round(directMs) }),
            npmBaselineMedianMs: Math.round(medianOf("npmBaseline")!),
            ratio,
            ratioTarget: CLI_START_RATIO_TARGET,
            ratioMet: ratio <= CLI_START_RATIO_TARGET,
            distFresh: fresh,
          };
        },
      };
    },
  };
}

/** The learned study's default seeds (experiments/figureSet.ts LEARNED_SEEDS), for the bench's target. */
const STUDY_SEEDS = LEARNED_SEEDS;

/**
 * Every case `npm run bench` runs, in order. Runs are fewer where a run is slow: Algorithm 1 at
 * N ≥ 1000, Algorithm 2 and the lemma run.
 */
export const CASES: BenchCase[] = [
  cliStartCase(),
  ...[50, 200, 1000].map((n) => knapsackCase(n)),
  ...[50, 150, 200].map((n) => knapsackVsHighsCase(n)),
  mwpMatrixCase(BENCH_BUYERS, 200),
  ...[50, 200].map((n) => algorithm1Case(n, BENCH_BUYERS, 5)),
  ...[1000, 2000].map((n) => algorithm1Case(n, BENCH_BUYERS, 3)),
  algorithm2Case(200, BENCH_BUYERS, 100),
  verifyLemmasCase(),
  mwpFractionalCase(BENCH_BUYERS, 50, true),
  mwpFractionalCase(BENCH_BUYERS, 200, false),
  mwpFractionalCase(100, 10_000, false, 3),
  algorithm2FractionalCase(10_000, 100, 10, 5),
  learnedStudyCase(),
];
