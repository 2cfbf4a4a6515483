/**
 * Seller participation (MODEL §5, A1–A2): the stay probability `ρ(x)` of a seller paid the ratio `x` of
 * its fair price, parsed from a spec string, and the pay ratio itself (MODEL §4).
 */
import { ParticipationError } from "./participationError.js";
import { compileFormula } from "./participationFormula.js";

export { ParticipationError };

/** A participation function `ρ : [0, 1] → [0, 1]` with the spec it was parsed from. */
export interface Participation {
  /** The spec, e.g. "power:0.5": printed in reports and counterexamples. */
  spec: string;
  /** `ρ(x)`, the probability that a seller paid the ratio `x ∈ [0, 1]` stays one more period. */
  rho(x: number): number;
}

/** Grid of the numerical A2 check of `expr` specs: 1001 evenly spaced points, plus points approaching 1. */
const GRID_CELLS = 1000;
const NEAR_ONE = [1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9].map((h) => 1 - h);
/** A formula may dip by a few ulps where it is mathematically flat (rounding inside mathjs). */
const MONOTONE_TOLERANCE = 4 * Number.EPSILON;
/** `ρ(1)` within this of 1 is read as exactly 1, to absorb rounding in e.g. `(exp(x) - 1)/(e - 1)`. */
const RHO_ONE_TOLERANCE = 1e-12;

/** Parsed specs by key; parsing an `expr` runs ~1000 evaluations, and lemma checks re-parse the same spec. */
const cache = new Map<string, Participation>();
const CACHE_LIMIT = 256;

function parameter(spec: string, name: string, text: string | undefined): number {
  const value = text === undefined || text.trim() === "" ? Number.NaN : Number(text);
  if (!Number.isFinite(value)) throw new ParticipationError(`rho "${spec}": ${name} = "${text ?? ""}" is not a finite number`);
  return value;
}

function parametric(spec: string, family: string, args: string[]): (x: number) => number {
  const arity: Record<string, number> = { linear: 1, power: 1, gap: 2 };
  if (args.length !== arity[family]) {
    const form = { linear: "linear:η", power: "power:γ", gap: "gap:ρ̄:γ" }[family];
    throw new ParticipationError(`rho "${spec}": ${family} needs ${arity[family]} parameter(s) (${form}), got ${args.length}`);
  }
  if (family === "linear") {
    const eta = parameter(spec, "η", args[0]);
    if (!(eta > 0 && eta <= 1)) throw new ParticipationError(`rho "${spec}": η = ${eta} is outside (0, 1]`);
    return (x) => 1 - eta * (1 - x);
  }
  if (family === "power") {
    const gamma = parameter(spec, "γ", args[0]);
    if (!(gamma > 0)) throw new ParticipationError(`rho "${spec}": γ = ${gamma} must be > 0`);
    return (x) => x ** gamma;
  }
  const level = parameter(spec, "ρ̄", args[0]);
  const gamma = parameter(spec, "γ", args[1]);
  if (!(level >= 0 && level < 1)) throw new ParticipationError(`rho "${spec}": ρ̄ = ${level} is outside [0, 1)`);
  if (!(gamma >= 0)) throw new ParticipationError(`rho "${spec}": γ = ${gamma} must be ≥ 0`);
  return (x) => (x === 1 ? 1 : level * x ** gamma);
}

/** The numerical A2 check of a formula: range on the grid, then monotonicity, strictness and `ρ(1) = 1`. */
function checkFormula(spec: string, rho: (x: number) => number, requireA2: boolean): void {
  const points = [...Array.from({ length: GRID_CELLS }, (_, i) => i / GRID_CELLS), ...NEAR_ONE, 1];
  let previous: { x: number; value: number } | null = null;
  for (const x of points) {
    const value = rho(x); // throws on a non-number or a value outside [0, 1]
    if (!requireA2) continue;
    if (previous !== null && value < previous.value - MONOTONE_TOLERANCE) {
      throw new ParticipationError(
        `rho "${spec}": not non-decreasing: rho(${previous.x}) = ${previous.value} > rho(${x}) = ${value}`,
      );
    }
    if (x < 1 && value >= 1) throw new ParticipationError(`rho "${spec}": rho(${x}) = ${value}, but A2 needs rho(x) < 1 for x < 1`);
    if (x === 1 && Math.abs(value - 1) > RHO_ONE_TOLERANCE) {
      throw new ParticipationError(`rho "${spec}": rho(1) = ${value}, but A2 needs rho(1) = 1`);
    }
    previous = { x, value };
  }
}

function build(spec: string, requireA2: boolean): Participation {
  const colon = spec.indexOf(":");
  const family = colon < 0 ? spec : spec.slice(0, colon);
  const rest = colon < 0 ? "" : spec.slice(colon + 1);
  let raw: (x: number) => number;
  if (family === "expr") {
    raw = compileFormula(spec, rest);
  } else if (family === "linear" || family === "power" || family === "gap") {
    raw = parametric(spec, family, colon < 0 ? [] : rest.split(":"));
  } else {
    throw new ParticipationError(
      `rho "${spec}": unknown family "${family}" (expected linear:η, power:γ, gap:ρ̄:γ or expr:<formula in x>)`,
    );
  }
  const rho = (x: number): number => {
    if (!(x >= 0 && x <= 1)) throw new RangeError(`rho "${spec}": argument ${x} is outside [0, 1]`);
    return raw(x);
  };
  if (family !== "expr") return Object.freeze({ spec, rho });
  checkFormula(spec, rho, requireA2);
  // A formula that passed A2 is exactly 1 at fair pay, as the parametric families are by construction.
  const formulaRho = requireA2 ? (x: number): number => (x === 1 ? 1 : rho(x)) : rho;
  return Object.freeze({ spec, rho: formulaRho });
}

/**
 * Participation function from a spec (MODEL §5, A2).
 *
 * Families:
 * - `linear:η`, `ρ(x) = 1 − η(1 − x)`, `η ∈ (0, 1]`;
 * - `power:γ`, `ρ(x) = x^γ`, `γ > 0`;
 * - `gap:ρ̄:γ`, `ρ(x) = ρ̄·x^γ` for `x < 1` and `1` at `x = 1`, `ρ̄ ∈ [0, 1)`, `γ ≥ 0` (`γ = 0` is a
 *   constant `ρ̄` below fair pay);
 * - `expr:<formula in x>`, parsed and compiled once with mathjs.
 *
 * - The three parametric families satisfy A2 for every accepted parameter (a proof, not a test).
 * - `expr` is checked **numerically**, not proved: on 1001 evenly spaced points of [0, 1] and at
 *   `1 − 10^−k`, k = 4..9, it must return real numbers in [0, 1], be non-decreasing (to 4 ulps), stay
 *   below 1 before 1 and be 1 (to 1e-12, then read as exactly 1) at 1. A violation between grid points
 *   goes unseen; a later evaluation outside [0, 1] throws.
 * - `requireA2: false` (negative controls only) keeps the parse and range checks and drops the rest,
 *   e.g. `expr:1` (a seller who never leaves).
 * - `rho(x)` throws a RangeError for `x` outside [0, 1].
 *
 * Cost: O(1) for the parametric families; O(1000) formula evaluations for `expr`, once per spec (cached).
 *
 * @example parseParticipation("linear:0.5").rho(0.6) // => 0.8
 * @throws ParticipationError for an unknown family, a parameter out of range, a formula that does not
 *   parse, uses a variable other than x or returns a non-number, or (with `requireA2`) breaks A2.
 */
export function parseParticipation(spec: string, options: { requireA2?: boolean } = {}): Participation {
  const requireA2 = options.requireA2 ?? true;
  const key = `${requireA2 ? "A2" : "raw"}|${spec}`;
  const known = cache.get(key);
  if (known !== undefined) return known;
  const participation = build(spec, requireA2);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, participation);
  return participation;
}

/**
 * Pay ratio of a seller, `x = min(1, p / p*)` (MODEL §4): the price offered judged against the fair price.
 *
 * - `p* = 0`: 1 (nothing is owed, so any price is fair pay).
 *
 * Cost: O(1).
 *
 * @example payRatio(3, 4) // => 0.75
 * @throws RangeError when a price is negative or not finite.
 */
export function payRatio(price: number, fairPrice: number): number {
  if (!(Number.isFinite(price) && price >= 0)) throw new RangeError(`payRatio: price must be finite and ≥ 0, got ${price}`);
  if (!(Number.isFinite(fairPrice) && fairPrice >= 0)) {
    throw new RangeError(`payRatio: fair price must be finite and ≥ 0, got ${fairPrice}`);
  }
  return fairPrice === 0 ? 1 : Math.min(1, price / fairPrice);
}
