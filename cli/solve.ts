import { readFileSync } from "node:fs";
import { fairsharePrices, bestResponses } from "../theory/algorithm1.js";
import { sellerColumn, type Market } from "../theory/market.js";
import { mwpMatrix } from "../theory/mwp.js";
import { purchases, sellerRevenue } from "../theory/purchases.js";
import { royaltyRate } from "../theory/royalty.js";
import { fromUnits } from "../theory/money.js";
import { EXIT, UsageError } from "./errors.js";
import type { Io } from "./io.js";
import { parseMarketInstance } from "./marketInstance.js";

export const SOLVE_USAGE = "solve FILE   (FILE is a market instance as JSON; - reads standard input)";

type BySeller = Record<string, number>;

function bySeller(market: Market, numbers: ReadonlyArray<number>): BySeller {
  return Object.fromEntries(market.sellers.map((seller, j) => [seller.id, numbers[j]]));
}

/** Amounts in whole money units as the decimals they are, keyed by seller. */
function moneyBySeller(market: Market, units: ReadonlyArray<number>, decimals: number): BySeller {
  return bySeller(market, units.map((amount) => fromUnits(amount, decimals)));
}

/** The market's state at given prices: MWPs, purchases, revenues and royalty rates, keyed by id. */
function stateAt(market: Market, prices: ReadonlyArray<number>, mwp: number[][], decimals: number) {
  const bought = purchases(market, prices);
  return {
    mwp: Object.fromEntries(market.buyers.map((buyer, b) => [buyer.id, moneyBySeller(market, mwp[b], decimals)])),
    purchases: Object.fromEntries(market.buyers.map((buyer, b) => [buyer.id, bought[b].map((j) => market.sellers[j].id)])),
    revenue: moneyBySeller(market, sellerRevenue(market, prices, bought), decimals),
    royaltyRates: bySeller(
      market,
      market.sellers.map((_, j) => royaltyRate(sellerColumn(mwp, j), sellerColumn(market.values, j))),
    ),
  };
}

/**
 * `solve FILE`: with `prices`, the buyers' and sellers' responses to them; without, Algorithm 1's
 * fairshare prices and the market's state at them (MODEL §2, §3, §6, L6). The market computes in whole
 * money units (the instance's `money.decimals`, 6 unless given); amounts are printed as decimals.
 */
export function solve(args: string[], io: Io): number {
  if (args.length !== 1) throw new UsageError(`usage: ${SOLVE_USAGE}`);
  const [file] = args;
  let text: string;
  try {
    text = file === "-" ? io.readStdin() : readFileSync(file, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read instance ${JSON.stringify(file)}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const { market, prices, decimals } = parseMarketInstance(text);

  let result: Record<string, unknown>;
  if (prices !== null) {
    result = {
      prices: moneyBySeller(market, prices, decimals),
      ...stateAt(market, prices, mwpMatrix(market, prices), decimals),
      bestResponse: moneyBySeller(market, bestResponses(market, prices), decimals),
    };
  } else {
    const fixedPoint = fairsharePrices(market);
    result = {
      fairPrices: moneyBySeller(market, fixedPoint.prices, decimals),
      ...stateAt(market, fixedPoint.prices, fixedPoint.mwp, decimals),
      rounds: fixedPoint.rounds,
      converged: fixedPoint.converged,
      cycle: fixedPoint.cycle,
    };
  }
  io.stdout(`${JSON.stringify(result, null, 2)}\n`);
  return EXIT.ok;
}
