/**
 * An independent reference for the one-buyer one-seller market (MODEL §5.1), written from the
 * definitions with plain loops over periods and over a price grid, and importing nothing from theory/:
 * the tests compare the closed forms of theory/oneBuyer.ts, tradeoffHorizon.ts and bestPrice.ts, and
 * the values they cite, with it. (It replaces the Python loops the tests used to cite.)
 *
 * At a price p ≤ p* the seller stays each period with probability r = ρ(p/p*), so period t's expected
 * utility is δ^{t−1} r^{t−1} (V − p); at p* the seller always stays (ρ(1) = 1).
 */

export interface LoopMarket {
  value: number;
  fairPrice: number;
  discount: number;
  /** `linear:η` (ρ(x) = 1 − η(1 − x)) or `power:γ` (ρ(x) = x^γ), or ρ itself (for the other families). */
  rho: string | ((x: number) => number);
}

/** ρ(p/p*) at a price, 1 from p* up (the seller always stays at its fair price). */
function survival(market: LoopMarket, price: number): number {
  if (price >= market.fairPrice) return 1;
  const x = price / market.fairPrice;
  return typeof market.rho === "string" ? rhoOf(market.rho, x) : market.rho(x);
}

/** ρ(x) for x in [0, 1], from the spec's text. */
export function rhoOf(spec: string, x: number): number {
  const [family, parameter] = spec.split(":");
  const a = Number(parameter);
  if (family === "linear") return 1 - a * (1 - x);
  if (family === "power") return x ** a;
  throw new Error(`oneBuyerLoops: no family ${family}`);
}

/** U_T(p) = Σ_{t=1..T} δ^{t−1} r^{t−1} (V − p), summed period by period. */
export function utilityByLoop(market: LoopMarket, price: number, periods: number): number {
  const r = survival(market, price);
  let weight = 1;
  let sum = 0;
  for (let t = 1; t <= periods; t += 1) {
    sum += weight * (market.value - price);
    weight *= market.discount * r;
  }
  return sum;
}

/** The limit U_∞(p) = (V − p) / (1 − δr), for δr < 1. */
export function limitUtility(market: LoopMarket, price: number): number {
  const r = survival(market, price);
  return (market.value - price) / (1 - market.discount * r);
}

/** T̂(p) = min{T : U_T(p*) ≥ U_T(p)} by accumulating D_T period by period; null if not by `limit`. */
export function horizonByLoop(market: LoopMarket, price: number, limit = 100_000): number | null {
  const r = survival(market, price);
  let difference = 0;
  let fair = 1;
  let low = 1;
  for (let t = 1; t <= limit; t += 1) {
    difference += fair * (market.value - market.fairPrice) - low * (market.value - price);
    if (difference >= 0) return t;
    fair *= market.discount;
    low *= market.discount * r;
  }
  return null;
}

/** The best of `points` evenly spaced prices on [lo, hi] for `utility`, the first on a tie. */
export function gridArgmax(utility: (price: number) => number, lo: number, hi: number, points: number): { price: number; utility: number } {
  let best = { price: lo, utility: utility(lo) };
  for (let k = 1; k < points; k += 1) {
    const price = lo + ((hi - lo) * k) / (points - 1);
    const u = utility(price);
    if (u > best.utility) best = { price, utility: u };
  }
  return best;
}

/**
 * Σ_{t<T} (1 − ε)^t by its binomial series Σ_{k≥0} (−ε)^k C(T, k+1), summed until a term stops
 * mattering: accurate where (1 − (1 − ε)^T)/ε loses every digit to cancellation.
 */
export function geometricSeries(epsilon: number, periods: number): number {
  let term = periods; // C(T, 1)
  let sum = 0;
  for (let k = 0; k < 50 && term !== 0; k += 1) {
    sum += term;
    term *= (-epsilon * (periods - k - 1)) / (k + 2); // C(T, k+2)/C(T, k+1) = (T − k − 1)/(k + 2)
  }
  return sum;
}
