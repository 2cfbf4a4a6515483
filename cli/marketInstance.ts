import type { Market } from "../theory/market.js";
import { oneLine } from "../experiments/configFile.js";
import { UsageError } from "./errors.js";
import { DEFAULT_MONEY_DECIMALS, MAX_MONEY_DECIMALS, MAX_UNITS, moneyRefusal, moneyUnit, toUnits } from "../theory/money.js";

/**
 * A `solve` instance (issue #2): a market, and optionally the posted prices, in whole money units of
 * `10^−decimals` (MODEL §2, exact money), converted from the file's decimal amounts.
 */
export interface MarketInstance {
  market: Market;
  prices: number[] | null;
  /** The money unit's decimals: the file's `money.decimals`, 6 unless given. */
  decimals: number;
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
    if (!["buyers", "sellers", "values", "prices", "money"].includes(key)) throw new UsageError(`instance has an unknown field ${JSON.stringify(key)}`);
  }
  const decimals = moneyDecimals(raw.money);
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
  return inUnits({ buyers, sellers, values }, prices, decimals);
}

/** The instance's `money.decimals`, 6 when there is no `money`. */
function moneyDecimals(money: Json): number {
  if (money === undefined) return DEFAULT_MONEY_DECIMALS;
  if (!isRecord(money) || Object.keys(money).some((key) => key !== "decimals")) {
    throw new UsageError(`money must be an object {"decimals": d}, got ${JSON.stringify(money)}`);
  }
  return requireNumber("money.decimals", money.decimals, (d) => Number.isInteger(d) && d >= 0 && d <= MAX_MONEY_DECIMALS, `a whole number in 0..${MAX_MONEY_DECIMALS}`);
}

/**
 * The market and prices in whole money units (MODEL §2): each amount rounded half to even to the unit,
 * refusing one that is not 0 but rounds to 0, and a buyer whose sums (budget, values and prices) or M
 * times whose budget would pass the 2^53 − 1 units that are exact (found with floats: two buyers with
 * budgets and values of 1.7e308 got MWPs of 1e308 and a revenue of Infinity, printed as null).
 */
function inUnits(market: Market, prices: number[] | null, decimals: number): MarketInstance {
  const units = (field: string, amount: number): number => {
    const refusal = moneyRefusal(amount, decimals);
    if (refusal !== null) throw new UsageError(`${field} ${refusal}, got ${amount}`);
    return toUnits(amount, decimals);
  };
  const unitPrices = prices?.map((price, j) => units(`prices[${j}]`, price)) ?? null;
  const values = market.values.map((row, b) => row.map((value, j) => units(`values[${b}][${j}]`, value)));
  const buyers = market.buyers.map(({ id, budget }, b) => ({ id, budget: units(`buyers[${b}].budget`, budget) }));
  const sellers = market.sellers.map(({ id, cost }, j) => ({ id, cost: units(`sellers[${j}].cost`, cost) }));
  // Algorithm 1 prices no higher than its start, the largest min(V, B) of each seller's column.
  const priceUnits = unitPrices ?? sellers.map((_, j) => Math.max(...buyers.map((buyer, b) => Math.min(values[b][j], buyer.budget))));
  const pricesTotal = priceUnits.reduce((sum, p) => sum + p, 0);
  buyers.forEach((buyer, b) => {
    const sums = buyer.budget + values[b].reduce((sum, v) => sum + v, 0) + pricesTotal;
    const revenue = buyers.length * buyer.budget;
    if (sums > MAX_UNITS || revenue > MAX_UNITS) {
      throw new UsageError(
        `buyers[${b}].budget with its values and the prices makes sums of ${Math.max(sums, revenue)} money units of ${moneyUnit(decimals)}, beyond the ${MAX_UNITS} that are exact (use a larger unit: fewer money.decimals), got ${market.buyers[b].budget}`,
      );
    }
  });
  return { market: { buyers, sellers, values }, prices: unitPrices, decimals };
}
