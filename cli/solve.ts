import { readFileSync } from "node:fs";
import { fairsharePrices, bestResponses } from "../theory/algorithm1.js";
import { sellerColumn, type Market } from "../theory/market.js";
import { mwpMatrix } from "../theory/mwp.js";
import { purchases, sellerRevenue } from "../theory/purchases.js";
import { royaltyRate } from "../theory/royalty.js";
import { EXIT, UsageError } from "./errors.js";
import type { Io } from "./io.js";
import { parseMarketInstance } from "./marketInstance.js";

export const SOLVE_USAGE = "solve FILE   (FILE is a market instance as JSON; - reads standard input)";

type BySeller = Record<string, number>;

function bySeller(market: Market, numbers: ReadonlyArray<number>): BySeller {
  return Object.fromEntries(market.sellers.map((seller, j) => [seller.id, numbers[j]]));
}

/** The market's state at given prices: MWPs, purchases, revenues and royalty rates, keyed by id. */
function stateAt(market: Market, prices: ReadonlyArray<number>, mwp: number[][]) {
  const bought = purchases(market, prices);
  return {
    mwp: Object.fromEntries(market.buyers.map((buyer, b) => [buyer.id, bySeller(market, mwp[b])])),
    purchases: Object.fromEntries(market.buyers.map((buyer, b) => [buyer.id, bought[b].map((j) => market.sellers[j].id)])),
    revenue: bySeller(market, sellerRevenue(market, prices, bought)),
    royaltyRates: bySeller(
      market,
      market.sellers.map((_, j) => royaltyRate(sellerColumn(mwp, j), sellerColumn(market.values, j))),
    ),
  };
}

/**
 * `solve FILE`: with `prices`, the buyers' and sellers' responses to them; without, Algorithm 1's
 * fairshare prices and the market's state at them (MODEL §2, §3, §6, L6).
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
  const { market, prices } = parseMarketInstance(text);

  let result: Record<string, unknown>;
  if (prices !== null) {
    result = {
      prices: bySeller(market, prices),
      ...stateAt(market, prices, mwpMatrix(market, prices)),
      bestResponse: bySeller(market, bestResponses(market, prices)),
    };
  } else {
    const fixedPoint = fairsharePrices(market);
    result = {
      fairPrices: bySeller(market, fixedPoint.prices),
      ...stateAt(market, fixedPoint.prices, fixedPoint.mwp),
      rounds: fixedPoint.rounds,
      converged: fixedPoint.converged,
    };
  }
  io.stdout(`${JSON.stringify(result, null, 2)}\n`);
  return EXIT.ok;
}
