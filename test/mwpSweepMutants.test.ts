/**
 * A mutation check of mwpSweep's pruning (issue #18): each mutant below weakens one bound by one money
 * unit or drops it, which would let the sweep drop a point the closed form needs. The mutants are built
 * from theory/mwpSweep.ts's own text, in a temporary folder, and each must be caught by the comparison
 * with the plain closed form that test/mwpSweep.test.ts runs; the unmutated copy, built the same way,
 * must agree everywhere (so a catch is the mutation's doing, not the harness's).
 */
import fc from "fast-check";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import type { Market } from "../theory/market.js";
import { marketCases, marketOf, unitPrices } from "../theory/marketCase.js";
import { marginalWillingnessToPay } from "../theory/mwp.js";
import type { mwpSweep as MwpSweep } from "../theory/mwpSweep.js";

const THEORY = resolve(dirname(fileURLToPath(import.meta.url)), "../theory");
const SOURCE = readFileSync(join(THEORY, "mwpSweep.ts"), "utf8");
const folder = mkdtempSync(join(tmpdir(), "fairshare-mutants-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/**
 * The pruning's bounds, each made wrong in the unsafe direction. (Weakening the shared prefix's bound by
 * one unit instead, `floor − largestValue + 1`, survives these 400 markets: no point that close to it
 * decides an MWP there.)
 */
const MUTANTS: ReadonlyArray<{ name: string; from: string; to: string }> = [
  { name: "the surplus a point needs, one unit too high", from: "const surplusNeeded = (best: number) => best - value + least;", to: "const surplusNeeded = (best: number) => best - value + least + 1;" },
  { name: "the least MWP, one unit too high", from: "return { floor, least: Math.min(least, value, budget) };", to: "return { floor, least: Math.min(least, value, budget) + 1 };" },
  { name: "the LP bound missing the next seller", from: "bound.holdFrom(seller + 1);", to: "bound.holdFrom(seller + 2);" },
  { name: "the prefix copied without the later sellers' bound", from: "surplusNeeded(Math.max(floor, buyer.prefix.best())) - bound.at(budget));", to: "surplusNeeded(Math.max(floor, buyer.prefix.best())));" },
  { name: "the shared prefix pruned as if no later seller were worth anything", from: "dropHopeless(buyer.prefix, rest, budget, floor - largestValue[joined + 1]);", to: "dropHopeless(buyer.prefix, rest, budget, floor);" },
];

/** mwpSweep built from `text`, its relative imports pointed back at theory/. */
async function build(name: string, text: string): Promise<typeof MwpSweep> {
  const path = join(folder, `${name}.ts`);
  writeFileSync(path, text.replace(/from "\.\/([\w.]+)\.js"/g, (_, module: string) => `from ${JSON.stringify(join(THEORY, `${module}.ts`))}`));
  return ((await import(path)) as { mwpSweep: typeof MwpSweep }).mwpSweep;
}

const plainMatrix = (market: Market, prices: ReadonlyArray<number>): number[][] =>
  market.buyers.map((_, b) => market.sellers.map((__, j) => marginalWillingnessToPay(market, prices, b, j)));

/** The markets the comparison runs on: the lemma markets, as test/mwpSweep.test.ts draws them. */
const markets = fc.sample(marketCases({ maxBuyers: 4, maxSellers: 8 }), { seed: 4101, numRuns: 400 }).map((c) => ({ market: marketOf(c), prices: unitPrices(c) }));

/** How many of the markets the built sweep gets wrong somewhere. */
function disagreements(sweep: typeof MwpSweep): number {
  return markets.filter(({ market, prices }) => JSON.stringify(sweep(market, [...prices])) !== JSON.stringify(plainMatrix(market, prices))).length;
}

describe("mutants of mwpSweep's pruning are caught by the comparison with the closed form", () => {
  it("the unmutated copy, built the same way, agrees on every market", async () => {
    expect(disagreements(await build("original", SOURCE))).toBe(0);
  });

  it.each(MUTANTS.map((m, k) => [m.name, k] as const))("%s: caught", async (_, k) => {
    const { from, to } = MUTANTS[k];
    expect(SOURCE.split(from)).toHaveLength(2); // the mutation applies exactly once
    expect(disagreements(await build(`mutant${k}`, SOURCE.replace(from, to)))).toBeGreaterThan(0);
  });
});
