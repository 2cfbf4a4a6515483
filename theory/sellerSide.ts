/**
 * The seller side of fairshare (MODEL §8 "Seller side"), as an executable check: when the fairshare
 * revenue covers the seller's cost, no path of lower prices facing the same MWPs earns the seller more
 * expected cumulative profit, since each period's revenue is at most `R(p*)` and the seller stays no longer.
 */
import fc from "fast-check";
import { NeumaierSum } from "./compensatedSum.js";
import { fairPrice, revenueAtPrice } from "./fairPrice.js";
import type { CheckResult, Lemma } from "./lemma.js";
import { a2Hypothesis, decimal, participationSpecs } from "./oneBuyerInstance.js";
import { parseParticipation, payRatio } from "./participation.js";
import { verdict } from "./verdict.js";

/** One seller facing the same buyers' MWPs every period, and a path of prices it might be paid. */
export interface SellerSideInstance {
  /** The buyers' MWPs for the seller's dataset (MODEL §2), the same in every period. */
  mwps: number[];
  /** Per-period production cost `c_j ≥ 0`. */
  cost: number;
  rho: string;
  /** Prices `p_1..p_T`, each at most `p*_j`; `T` is the path's length. */
  prices: number[];
}

/** Two sums of at most 40 rounded terms: they agree to 40·ε ≈ 1e-14 of `T·max(R(p*), c)`; 1e-12 allowed. */
const SUM_TOLERANCE = 1e-12;

/**
 * Seller's expected cumulative profit along a price path, `Σ_t S_t·(R(p_t) − c)` with
 * `S_t = Π_{s<t} ρ(min(1, p_s/p*))` (MODEL §3–§5, A1): the seller pays its cost every period it is active.
 *
 * Cost: O(T·M).
 *
 * @example expectedProfit([5, 3, 1], 2, (x) => x, [3, 3]) // => 8   ((6 − 2) + 1·(6 − 2))
 */
export function expectedProfit(mwps: ReadonlyArray<number>, cost: number, rho: (x: number) => number, prices: ReadonlyArray<number>): number {
  const fair = fairPrice(mwps);
  const sum = new NeumaierSum();
  let survival = 1;
  for (const price of prices) {
    sum.add(survival * (revenueAtPrice(mwps, price) - cost));
    survival *= rho(payRatio(price, fair));
  }
  return sum.value();
}

/**
 * The check: fairshare's expected cumulative profit `T·(R(p*) − c)` (computed by the same function, so
 * with `ρ(1) = 1` the seller never leaves) is at least the path's.
 *
 * Slack: `(profit under fairshare − profit under the path)/(T·max(R(p*), c))`, a fraction of the larger
 * of the seller's cumulative fairshare revenue and cost, plus the 1e-12 rounding tolerance.
 */
function check(i: SellerSideInstance): CheckResult {
  const { rho } = parseParticipation(i.rho, { requireA2: false });
  const fair = fairPrice(i.mwps);
  const fairRevenue = revenueAtPrice(i.mwps, fair);
  const fairshare = expectedProfit(i.mwps, i.cost, rho, i.prices.map(() => fair));
  const path = expectedProfit(i.mwps, i.cost, rho, i.prices);
  const scale = i.prices.length * Math.max(fairRevenue, i.cost) || 1;
  return verdict([{ name: "fairshare profit ≥ path profit", margin: (fairshare - path) / scale + SUM_TOLERANCE }], {
    fairPrice: fair,
    fairRevenue,
    fairshare,
    path,
  });
}

/** MWPs of 1–6 buyers, a path of 1–40 prices in `[0, p*]`, and the cost `share·R(p*)` (or `costOf`). */
function sellerInstances(options: {
  rho?: fc.Arbitrary<string>;
  costOf?: (fairRevenue: number, share: number) => number;
  minPeriods?: number;
  firstPriceZero?: boolean;
}): fc.Arbitrary<SellerSideInstance> {
  return fc
    .record({
      mwps: fc.array(decimal(0, 10, 2), { minLength: 1, maxLength: 6 }),
      costShare: decimal(0, 1),
      rho: options.rho ?? participationSpecs(),
      shares: fc.array(decimal(0, 1), { minLength: options.minPeriods ?? 1, maxLength: 40 }),
    })
    .map(({ mwps, costShare, rho, shares }) => {
      const fair = fairPrice(mwps);
      const fairRevenue = revenueAtPrice(mwps, fair);
      const cost = options.costOf ? options.costOf(fairRevenue, costShare) : costShare * fairRevenue;
      const prices = shares.map((s, t) => (t === 0 && options.firstPriceZero === true ? 0 : s * fair));
      return { mwps, cost, rho, prices };
    });
}

/** Families with `ρ(0) = 0`: a seller paid nothing leaves at once. */
const leavesWhenUnpaid = fc.oneof(
  decimal(0.2, 4, 2).map((gamma) => `power:${gamma}`),
  fc.tuple(decimal(0.05, 0.9, 2), decimal(0.5, 3, 2)).map(([level, gamma]) => `gap:${level}:${gamma}`),
);

export const sellerSide: Lemma<SellerSideInstance> = {
  id: "SELLER",
  title: "Fairshare is best for the seller",
  statement:
    "If the fairshare revenue covers the seller's cost, its expected cumulative profit under fairshare is at least its expected cumulative profit under any path of prices at most p*_j facing the same MWPs.",
  formula: "R_j(p*_j) ≥ c_j ⇒ T·(R_j(p*_j) − c_j) ≥ Σ_{t=1..T} Π_{s<t} ρ(p_s/p*_j)·(R_j(p_t) − c_j)  ∀ p_t ≤ p*_j",
  modelSection: "MODEL §8 Seller side (docs/lemmas.md#seller-fairshare-is-best-for-the-seller)",
  hypotheses: [
    a2Hypothesis,
    { name: "R(p*) ≥ c", label: "the fairshare revenue covers the cost", holds: (i) => revenueAtPrice(i.mwps, fairPrice(i.mwps)) >= i.cost && i.cost >= 0 },
    { name: "p_t ≤ p*", label: "every price of the path in [0, p*_j]", holds: (i) => i.prices.length > 0 && i.prices.every((p) => p >= 0 && p <= fairPrice(i.mwps)) },
  ],
  instances: sellerInstances({}),
  check,
  negativeControl: {
    drops: "R(p*) ≥ c",
    description: "cost above twice the fairshare revenue: fairshare loses money every period, and a path that starts at price 0 (ρ(0) = 0) ends the losses after one period",
    instances: sellerInstances({ rho: leavesWhenUnpaid, costOf: (revenue, share) => revenue * (2 + share) + 0.1, minPeriods: 3, firstPriceZero: true }),
  },
};
