import type { Market } from "../theory/market.js";
import { oneLine } from "../experiments/configFile.js";
import { UsageError } from "./errors.js";

/** A `solve` instance (issue #2): a market, and optionally the posted prices. */
export interface MarketInstance {
  market: Market;
  prices: number[] | null;
}

type Json = unknown;

function isRecord(x: Json): x is Record<string, Json> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

function requireArray(field: string, x: Json): Json[] {
  if (!Array.isArray(x)) throw new UsageError(`${field} must be an array, got ${JSON.stringify(x) ?? String(x)}`);
  return x;
}

function requireNumber(field: string, x: Json, accept: (n: number) => boolean, rule: string): number {
  if (typeof x !== "number" || !Number.isFinite(x) || !accept(x)) {
    throw new UsageError(`${field} must be ${rule}, got ${JSON.stringify(x) ?? String(x)}`);
  }
  return x;
}

function requireId(field: string, x: Json, seen: Set<string>): string {
  if (typeof x !== "string" || x === "") throw new UsageError(`${field} must be a non-empty string, got ${JSON.stringify(x) ?? String(x)}`);
  if (seen.has(x)) throw new UsageError(`${field} ${JSON.stringify(x)} is a duplicate id`);
  seen.add(x);
  return x;
}

const positive = (n: number): boolean => n > 0;
const nonNegative = (n: number): boolean => n >= 0;

/**
 * Parses and validates a `solve` instance; every refusal is a one-line UsageError naming the field
 * and the value (e.g. `buyers[1].budget must be a finite number > 0, got -3`).
 */
export function parseMarketInstance(text: string): MarketInstance {
  let raw: Json;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new UsageError(oneLine(`instance is not valid JSON: ${error instanceof Error ? error.message : String(error)}`));
  }
  if (!isRecord(raw)) throw new UsageError("instance must be a JSON object with buyers, sellers and values");
  for (const key of Object.keys(raw)) {
    if (!["buyers", "sellers", "values", "prices"].includes(key)) throw new UsageError(`instance has an unknown field ${JSON.stringify(key)}`);
  }
  const buyerIds = new Set<string>();
  const buyers = requireArray("buyers", raw.buyers).map((buyer, b) => {
    if (!isRecord(buyer)) throw new UsageError(`buyers[${b}] must be an object with id and budget`);
    return {
      id: requireId(`buyers[${b}].id`, buyer.id, buyerIds),
      budget: requireNumber(`buyers[${b}].budget`, buyer.budget, positive, "a finite number > 0"),
    };
  });
  const sellerIds = new Set<string>();
  const sellers = requireArray("sellers", raw.sellers).map((seller, j) => {
    if (!isRecord(seller)) throw new UsageError(`sellers[${j}] must be an object with id and cost`);
    return {
      id: requireId(`sellers[${j}].id`, seller.id, sellerIds),
      cost: requireNumber(`sellers[${j}].cost`, seller.cost ?? 0, nonNegative, "a finite number ≥ 0"),
    };
  });
  if (buyers.length === 0) throw new UsageError("buyers must list at least one buyer, got []");
  if (sellers.length === 0) throw new UsageError("sellers must list at least one seller, got []");

  const rows = requireArray("values", raw.values);
  if (rows.length !== buyers.length) throw new UsageError(`values must have one row per buyer (${buyers.length}), got ${rows.length} rows`);
  const values = rows.map((row, b) => {
    const cells = requireArray(`values[${b}]`, row);
    if (cells.length !== sellers.length) {
      throw new UsageError(`values[${b}] must have one entry per seller (${sellers.length}), got ${cells.length}`);
    }
    return cells.map((cell, j) => requireNumber(`values[${b}][${j}]`, cell, nonNegative, "a finite number ≥ 0"));
  });

  let prices: number[] | null = null;
  if (raw.prices !== undefined) {
    const list = requireArray("prices", raw.prices);
    if (list.length !== sellers.length) throw new UsageError(`prices must have one entry per seller (${sellers.length}), got ${list.length}`);
    prices = list.map((price, j) => requireNumber(`prices[${j}]`, price, nonNegative, "a finite number ≥ 0"));
  }
  refuseOverflow(buyers, sellers, values, prices);
  return { market: { buyers, sellers, values }, prices };
}

/**
 * Refuses money so large that the solver's sums could overflow to Infinity (found: two buyers with
 * budgets and values of 1.7e308 got MWPs of 1e308 and a revenue of Infinity, printed as null). Every sum
 * the solver forms (a bundle's value or cost, a revenue over M buyers, a royalty base) is at most
 * `(M + 1)·S`, with S the total of all values, budgets, costs and prices; it must stay below the largest
 * double. The largest single amount is named.
 */
function refuseOverflow(buyers: ReadonlyArray<{ budget: number }>, sellers: ReadonlyArray<{ cost: number }>, values: number[][], prices: number[] | null): void {
  const amounts: Array<[string, number]> = [
    ...buyers.map((b, i): [string, number] => [`buyers[${i}].budget`, b.budget]),
    ...sellers.map((s, j): [string, number] => [`sellers[${j}].cost`, s.cost]),
    ...values.flatMap((row, b) => row.map((v, j): [string, number] => [`values[${b}][${j}]`, v])),
    ...(prices ?? []).map((p, j): [string, number] => [`prices[${j}]`, p]),
  ];
  // Each amount divided first, so the total itself cannot overflow while it is checked.
  const share = (buyers.length + 1) / Number.MAX_VALUE;
  const total = amounts.reduce((sum, [, x]) => sum + x * share, 0);
  if (total <= 1) return;
  const [field, value] = amounts.reduce((a, b) => (b[1] > a[1] ? b : a));
  throw new UsageError(`${field} is ${value}: the instance's money (values, budgets, costs and prices, times ${buyers.length + 1}) must add up to less than the largest double, ${Number.MAX_VALUE}`);
}
