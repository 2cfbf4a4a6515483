/**
 * A small market seen from one seller, as plain JSON data: the instances of the market-side lemmas
 * (MODEL §8 L2, L6, B.1), which the report prints as counterexamples.
 */
import fc from "fast-check";
import type { Hypothesis } from "./lemma.js";
import type { Market } from "./market.js";
import { toUnits } from "./money.js";

/**
 * `whole`: a buyer takes the whole dataset or nothing (MODEL §2). `linear`: divisible data, the
 * negative control of L2 and L6 — a buyer takes the fraction `max(0, 1 − q/m_b)` of the dataset.
 */
export type Demand = "whole" | "linear";

export interface MarketCase {
  /** `budgets[b] = B_b > 0`. */
  budgets: number[];
  /** `values[b][j] = V_bj ≥ 0`. */
  values: number[][];
  /** Posted prices `p_j ≥ 0`; the seller's own is ignored (MWPs use `p_−j`). */
  prices: number[];
  /** The seller whose price the lemma is about. */
  seller: number;
  demand: Demand;
}

/**
 * The case's market in whole money units of the default unit (MODEL §2, theory/money.ts), with ids
 * `b0…`, `s0…` and zero costs (costs play no part in L2, L6, B.1). The case itself stays in the
 * currency, as the report prints it.
 */
export function marketOf(c: MarketCase): Market {
  return {
    buyers: c.budgets.map((budget, b) => ({ id: `b${b}`, budget: toUnits(budget) })),
    sellers: c.prices.map((_, j) => ({ id: `s${j}`, cost: 0 })),
    values: c.values.map((row) => row.map((value) => toUnits(value))),
  };
}

/** The case's posted prices in whole money units, as `marketOf` converts its market. */
export function unitPrices(c: MarketCase): number[] {
  return c.prices.map((price) => toUnits(price));
}

/** The case is a well-formed market: positive budgets, values and prices ≥ 0, one row per buyer, a real seller. */
export function isWellFormed(c: MarketCase): boolean {
  const n = c.prices.length;
  return (
    c.budgets.length >= 1 &&
    c.budgets.length === c.values.length &&
    c.budgets.every((b) => Number.isFinite(b) && b > 0) &&
    c.values.every((row) => row.length === n && row.every((v) => Number.isFinite(v) && v >= 0)) &&
    c.prices.every((p) => Number.isFinite(p) && p >= 0) &&
    Number.isInteger(c.seller) &&
    c.seller >= 0 &&
    c.seller < n
  );
}

/** The hypothesis every market-side lemma shares: the case is a well-formed market. */
export const wellFormedMarket: Hypothesis<MarketCase> = {
  name: "market",
  label: "budgets > 0, values and prices ≥ 0, a seller of the market",
  holds: isWellFormed,
};

/** L2's and L6's hypothesis that their negative controls drop: data is bought whole or not at all. */
export const indivisibleData: Hypothesis<MarketCase> = {
  name: "indivisible data",
  label: "each buyer takes the whole dataset or nothing",
  holds: (c) => c.demand === "whole",
};

/**
 * Money amounts: quarters up to 100, which make exact ties (equal MWPs, equal revenues) common, or
 * ten-thousandths up to 100, which make them rare; both on the default money unit's grid.
 */
export const money = (max = 100, positive = false): fc.Arbitrary<number> =>
  fc.oneof(
    fc.integer({ min: positive ? 1 : 0, max: 4 * max }).map((k) => k / 4),
    fc.integer({ min: positive ? 1 : 0, max: 10_000 * max }).map((k) => k / 10_000),
  );

export interface MarketCaseShape {
  maxBuyers?: number;
  maxSellers?: number;
  demand?: Demand;
}

/**
 * Market cases meeting `isWellFormed` by construction: 1–5 buyers, 1–6 sellers (by default), values and
 * prices up to 100, budgets up to 300 — below the up-to-600 total price of six sellers often enough that
 * budgets bind in a large share of cases, and above it in others.
 */
export function marketCases(shape: MarketCaseShape = {}): fc.Arbitrary<MarketCase> {
  const { maxBuyers = 5, maxSellers = 6, demand = "whole" } = shape;
  return fc
    .record({ buyers: fc.integer({ min: 1, max: maxBuyers }), sellers: fc.integer({ min: 1, max: maxSellers }) })
    .chain(({ buyers, sellers }) =>
      fc.record({
        budgets: fc.array(money(300, true), { minLength: buyers, maxLength: buyers }),
        values: fc.array(fc.array(money(), { minLength: sellers, maxLength: sellers }), { minLength: buyers, maxLength: buyers }),
        prices: fc.array(money(), { minLength: sellers, maxLength: sellers }),
        seller: fc.integer({ min: 0, max: sellers - 1 }),
        demand: fc.constant(demand),
      }),
    );
}

/** The negative control of L2 and L6: divisible data, for a seller some buyer values (so demand can fall with price). */
export function divisibleDataCases(): fc.Arbitrary<MarketCase> {
  return marketCases({ demand: "linear" }).filter((c) => c.values.some((row) => row[c.seller] > 0));
}
