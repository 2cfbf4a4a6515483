import { parseArgs } from "node:util";
import {
  bestPrice,
  cumulativeUtility,
  discountThreshold,
  exploitThreshold,
  tradeoffHorizon,
  type OneBuyerMarket,
} from "../theory/oneBuyer.js";
import { parseParticipation, ParticipationError } from "../theory/participation.js";
import { EXIT, UsageError } from "./errors.js";
import type { Io } from "./io.js";
import { parseFiniteNumber, parseInteger, parseList } from "./parse.js";

export const HORIZON_USAGE = "horizon --V v --pstar p* --c c --p p --delta δ --rho SPEC [--T 1,2,5,10]";
const DEFAULT_PERIODS = [1, 2, 5, 10];

interface HorizonInput {
  market: OneBuyerMarket;
  price: number;
  periods: number[];
}

function parseHorizonInput(args: string[]): HorizonInput {
  const { values } = parseArgs({
    args,
    options: {
      V: { type: "string" },
      pstar: { type: "string" },
      c: { type: "string" },
      p: { type: "string" },
      delta: { type: "string" },
      rho: { type: "string" },
      T: { type: "string" },
    },
    strict: true,
    allowPositionals: false,
  });
  const value = parseFiniteNumber("--V", values.V);
  const fairPrice = parseFiniteNumber("--pstar", values.pstar);
  const cost = parseFiniteNumber("--c", values.c);
  const price = parseFiniteNumber("--p", values.p);
  const discount = parseFiniteNumber("--delta", values.delta);
  if (value <= 0) throw new UsageError(`--V must be > 0, got ${values.V}`);
  if (cost < 0) throw new UsageError(`--c must be ≥ 0, got ${values.c}`);
  if (!(fairPrice > cost && fairPrice < value)) throw new UsageError(`--pstar must lie in (c, V) = (${cost}, ${value}), got ${values.pstar}`);
  if (!(price >= cost && price <= value)) throw new UsageError(`--p must lie in [c, V] = [${cost}, ${value}], got ${values.p}`);
  if (!(discount > 0 && discount <= 1)) throw new UsageError(`--delta must lie in (0, 1], got ${values.delta}`);
  if (values.rho === undefined) throw new UsageError("--rho is required (e.g. linear:0.5, power:2, gap:0.9:1, expr:x^2)");
  let participation;
  try {
    participation = parseParticipation(values.rho);
  } catch (error) {
    if (error instanceof ParticipationError) throw new UsageError(`--rho: ${error.message}`);
    throw error;
  }
  const periods = values.T === undefined ? DEFAULT_PERIODS : parseList("--T", values.T).map((t) => parseInteger("--T", t, 1));
  return { market: { value, fairPrice, cost, discount, participation }, price, periods };
}

/** A horizon's results keyed by T, as JSON object keys. */
function perPeriods(periods: ReadonlyArray<number>, f: (T: number) => number): Record<string, number> {
  return Object.fromEntries(periods.map((T) => [String(T), f(T)]));
}

/** `horizon`: the one-buyer one-seller market of MODEL §5 at one price, as JSON. */
export function horizon(args: string[], io: Io): number {
  const { market, price, periods } = parseHorizonInput(args);
  const tHat = tradeoffHorizon(market, price);
  const result = {
    input: {
      V: market.value,
      pstar: market.fairPrice,
      c: market.cost,
      p: price,
      delta: market.discount,
      rho: market.participation.spec,
      T: periods,
    },
    U: perPeriods(periods, (T) => cumulativeUtility(market, price, T)),
    Ustar: perPeriods(periods, (T) => cumulativeUtility(market, market.fairPrice, T)),
    That: Number.isFinite(tHat) ? tHat : null,
    delta0: exploitThreshold(market, price),
    deltaLow: discountThreshold(market),
    argmax: {
      ...perPeriods(periods, (T) => bestPrice(market, T).price),
      inf: bestPrice(market, "inf").price,
    },
  };
  // U_T(p) = (V − p)·Σ (δr)^{t−1} can exceed the largest double (e.g. --V 1e300 --delta 1 --T 1e10), which
  // JSON would print as null: refuse it, naming what overflowed, instead of printing an undocumented null.
  for (const [name, byPeriods] of [["U", result.U], ["Ustar", result.Ustar]] as const) {
    for (const [T, u] of Object.entries(byPeriods)) {
      if (!Number.isFinite(u)) throw new UsageError(`${name} at T = ${T} is ${u}, beyond the largest double: give --V, --pstar, --c and --p in larger units, or a smaller --T`);
    }
  }
  io.stdout(`${JSON.stringify(result, null, 2)}\n`);
  return EXIT.ok;
}
