/**
 * Generated one-buyer one-seller markets for the lemma checks of MODEL §8 (L1, L3, L4): plain JSON data,
 * `ρ` carried as its spec string, so that a shrunk counterexample prints as it was drawn.
 */
import fc from "fast-check";
import type { Hypothesis } from "./lemma.js";
import type { OneBuyerMarket } from "./oneBuyerMarket.js";
import { parseParticipation } from "./participation.js";

/** A one-buyer one-seller market as plain data (MODEL §5). */
export interface OneBuyerInstance {
  value: number;
  fairPrice: number;
  cost: number;
  discount: number;
  /** A participation spec, e.g. "power:0.5" (theory/participation.ts). */
  rho: string;
}

/**
 * The fixed `expr` formulas drawn: convex, concave and with a gap below fair pay. Each has
 * `(1 − ρ(x))/(1 − x) ≥ 0.2`, like every drawn parametric `ρ`, so horizons stay at most a few thousand.
 */
export const FORMULAS: ReadonlyArray<string> = ["x^2", "(exp(x) - 1)/(e - 1)", "log(1 + x)/log(2)", "x < 1 ? 0.8*x : 1"];

/** A decimal in `[min, max]` with `digits` decimals: prints as written and shrinks towards `min`. */
export function decimal(min: number, max: number, digits = 3): fc.Arbitrary<number> {
  const scale = 10 ** digits;
  return fc.integer({ min: Math.round(min * scale), max: Math.round(max * scale) }).map((k) => k / scale);
}

/**
 * Specs of all four families meeting A2, with parameters where `(1 − ρ(x))/(1 − x) ≥ 0.05`:
 * `linear:η` (η ∈ [0.2, 1]), `power:γ` (γ ∈ [0.2, 4]), `gap:ρ̄:γ` (ρ̄ ∈ [0.05, 0.9], γ ∈ [0, 3]), and
 * the fixed formulas above.
 */
export function participationSpecs(): fc.Arbitrary<string> {
  return fc.oneof(
    decimal(0.2, 1, 2).map((eta) => `linear:${eta}`),
    decimal(0.2, 4, 2).map((gamma) => `power:${gamma}`),
    fc.tuple(decimal(0.05, 0.9, 2), decimal(0, 3, 2)).map(([level, gamma]) => `gap:${level}:${gamma}`),
    fc.constantFrom(...FORMULAS).map((formula) => `expr:${formula}`),
  );
}

/**
 * Value and fair price with `V ∈ [1, 100]` and `p* / V ∈ [0.2, 0.8]`, so `u* / p* ≥ 0.25`: with the drawn
 * `ρ`, every exploitation threshold is at most about 0.99 and horizons stay bounded.
 */
export function valueAndFairPrice(): fc.Arbitrary<{ value: number; fairPrice: number }> {
  return fc.tuple(decimal(1, 100, 2), decimal(0.2, 0.8, 3)).map(([value, share]) => ({ value, fairPrice: value * share }));
}

/**
 * The market of an instance. `ρ` is parsed without requiring A2, so that a negative control's `ρ`
 * (e.g. `expr:1`) reaches the same check; the lemma's A2 hypothesis is checked separately.
 */
export function toMarket(instance: OneBuyerInstance): OneBuyerMarket {
  return {
    value: instance.value,
    fairPrice: instance.fairPrice,
    cost: instance.cost,
    discount: instance.discount,
    participation: parseParticipation(instance.rho, { requireA2: false }),
  };
}

/** The one-buyer one-seller market's ranges (MODEL §5), a hypothesis of L1 and L3. */
export const oneBuyerMarketHypothesis: Hypothesis<OneBuyerInstance> = {
  name: "market",
  label: "0 ≤ c < p* < V and δ ∈ (0, 1] (MODEL §5)",
  holds: (i) => i.cost >= 0 && i.cost < i.fairPrice && i.fairPrice < i.value && i.discount > 0 && i.discount <= 1,
};

/** Assumption A2 (MODEL §5) of any instance that carries its ρ as a spec. */
export const a2Hypothesis: Hypothesis<{ rho: string }> = {
  name: "A2",
  label: "ρ non-decreasing, ρ(1) = 1, ρ(x) < 1 for x < 1",
  holds: (i) => satisfiesA2(i.rho),
};

/** Hypothesis A2 of MODEL §5 for an instance's spec: it parses with A2 required. */
export function satisfiesA2(spec: string): boolean {
  try {
    parseParticipation(spec);
    return true;
  } catch {
    return false;
  }
}
