/**
 * A test-only reference of the market of MODEL §2, §3 and §6 in exact rational arithmetic.
 *
 * Independent of theory/, experiments/ and cli/ on purpose: it exists to check the production code bit
 * for bit, so it shares none of its code. Everything is brute force over all subsets (small N only) and
 * every amount is an exact BigInt fraction, so "fits the budget" and every tie are decided exactly.
 */

/** gcd of two non-negative BigInts (Euclid). */
function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

const abs = (a: bigint): bigint => (a < 0n ? -a : a);

/** An exact fraction `num / den`, always gcd-reduced with `den > 0` (so equal values have equal fields). */
export class Rational {
  private constructor(
    readonly num: bigint,
    readonly den: bigint,
  ) {}

  /** `num / den`, normalised. Throws on a zero denominator. */
  static of(num: bigint, den: bigint = 1n): Rational {
    if (den === 0n) throw new RangeError("Rational: zero denominator");
    if (den < 0n) [num, den] = [-num, -den];
    const g = gcd(abs(num), den);
    return new Rational(num / g, den / g);
  }

  static readonly ZERO = Rational.of(0n);

  /**
   * The decimal that `String(x)` prints (JS's shortest round-trip form, exponent forms included), taken
   * EXACTLY: `fromNumber(11.61)` is 1161/100, not the binary double nearest to it. Throws if x is not finite.
   */
  static fromNumber(x: number): Rational {
    const match = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/.exec(String(x));
    if (match === null) throw new RangeError(`Rational.fromNumber: not a finite decimal: ${x}`);
    const [, sign, int, frac = "", exp = "0"] = match;
    const digits = BigInt(sign + int + frac);
    const exponent = Number(exp) - frac.length; // value = digits · 10^exponent
    return exponent >= 0 ? Rational.of(digits * 10n ** BigInt(exponent)) : Rational.of(digits, 10n ** BigInt(-exponent));
  }

  add(o: Rational): Rational {
    return Rational.of(this.num * o.den + o.num * this.den, this.den * o.den);
  }
  sub(o: Rational): Rational {
    return Rational.of(this.num * o.den - o.num * this.den, this.den * o.den);
  }
  mul(o: Rational): Rational {
    return Rational.of(this.num * o.num, this.den * o.den);
  }
  /** −1, 0 or 1 as this <, = or > o (denominators are positive, so cross-multiplying keeps the order). */
  compare(o: Rational): -1 | 0 | 1 {
    const d = this.num * o.den - o.num * this.den;
    return d < 0n ? -1 : d > 0n ? 1 : 0;
  }
  equals(o: Rational): boolean {
    return this.num === o.num && this.den === o.den;
  }
  min(o: Rational): Rational {
    return this.compare(o) <= 0 ? this : o;
  }
  max(o: Rational): Rational {
    return this.compare(o) >= 0 ? this : o;
  }
  isZero(): boolean {
    return this.num === 0n;
  }
  toString(): string {
    return this.den === 1n ? `${this.num}` : `${this.num}/${this.den}`;
  }
}

/**
 * The double nearest to q, for q on a decimal grid: with the smallest k ≤ 22 such that den | 10^k, both
 * n = num·10^k/den (checked |n| ≤ 2^53) and 10^k = 2^k·5^k (5^22 < 2^53) are exact doubles, so
 * `n / 10^k` is one correctly rounded division. Throws when q is not such a decimal.
 */
export function toDouble(q: Rational): number {
  for (let k = 0; k <= 22; k++) {
    const scale = 10n ** BigInt(k);
    if (scale % q.den !== 0n) continue;
    const n = (q.num * scale) / q.den;
    if (abs(n) > 2n ** 53n) throw new RangeError(`toDouble: ${q} needs more than 53 bits at 10^${k}`);
    return Number(n) / 10 ** k;
  }
  throw new RangeError(`toDouble: ${q} is not a decimal with at most 22 digits after the point`);
}

/** The market of MODEL §1–§2 as the production code takes it: values[b][j] = V_bj in money. */
export interface Market {
  buyers: { id: string; budget: number }[];
  sellers: { id: string; cost: number }[];
  values: number[][];
}

/** The same market with every amount converted once, exactly, by `Rational.fromNumber`. */
export interface ExactMarket {
  budgets: Rational[];
  costs: Rational[];
  values: Rational[][];
}

/** Converts a market's budgets, costs and values to exact rationals (MODEL §2: money is exact). */
export function toExactMarket(market: Market): ExactMarket {
  return {
    budgets: market.buyers.map((b) => Rational.fromNumber(b.budget)),
    costs: market.sellers.map((s) => Rational.fromNumber(s.cost)),
    values: market.values.map((row) => row.map(Rational.fromNumber)),
  };
}

/** A bundle of datasets: its ascending seller indices, Σ(V − p), ΣV and Σp. */
export interface Bundle {
  chosen: number[];
  surplus: Rational;
  value: Rational;
  cost: Rational;
}

/** Every subset of the sellers 0..N−1 other than `without` (−1: none left out), as a Bundle. */
function* allBundles(values: Rational[], prices: Rational[], without = -1): Generator<Bundle> {
  const n = values.length;
  if (n > 20) throw new RangeError(`exact reference: ${n} sellers is too many for brute force`);
  for (let mask = 0; mask < 1 << n; mask++) {
    if (without >= 0 && mask & (1 << without)) continue;
    const bundle: Bundle = { chosen: [], surplus: Rational.ZERO, value: Rational.ZERO, cost: Rational.ZERO };
    for (let j = 0; j < n; j++) {
      if (!(mask & (1 << j))) continue;
      bundle.chosen.push(j);
      bundle.value = bundle.value.add(values[j]);
      bundle.cost = bundle.cost.add(prices[j]);
    }
    bundle.surplus = bundle.value.sub(bundle.cost);
    yield bundle;
  }
}

/** Lexicographic order of ascending index lists; a proper prefix comes first. */
function lexLess(a: number[], b: number[]): boolean {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] < b[i];
  return a.length < b.length;
}

/**
 * The buyer's best response (MODEL §2) by brute force over all 2^N subsets: feasible iff Σp ≤ budget;
 * maximise Σ(V − p), then ΣV, then take the lexicographically smallest index list. Every free item
 * (p = 0 exactly) is in the bundle, even a worthless one, as the production code buys it; only subsets
 * holding all of them compete (the lexicographic rule alone would drop a worthless free item).
 */
export function bestBundleExact(values: Rational[], prices: Rational[], budget: Rational): Bundle {
  const free = prices.flatMap((p, j) => (p.isZero() ? [j] : []));
  let best: Bundle | undefined;
  for (const b of allBundles(values, prices)) {
    if (b.cost.compare(budget) > 0 || free.some((j) => !b.chosen.includes(j))) continue;
    if (best === undefined) best = b;
    else {
      const bySurplus = b.surplus.compare(best.surplus);
      const byValue = b.value.compare(best.value);
      if (bySurplus > 0 || (bySurplus === 0 && (byValue > 0 || (byValue === 0 && lexLess(b.chosen, best.chosen))))) best = b;
    }
  }
  // Free items cost nothing, so the set of the free items alone always fits a non-negative budget.
  if (best === undefined) throw new RangeError("bestBundleExact: no feasible bundle (negative budget?)");
  return best;
}

/**
 * K(β; −j) of MODEL §2: the best surplus of a subset of the sellers other than j costing ≤ β (seller = −1:
 * over all sellers); null (−∞) for β < 0.
 */
export function maxSurplusExact(values: Rational[], prices: Rational[], beta: Rational, seller: number): Rational | null {
  if (beta.compare(Rational.ZERO) < 0) return null;
  let best = Rational.ZERO; // the empty set always fits
  for (const b of allBundles(values, prices, seller)) if (b.cost.compare(beta) <= 0) best = best.max(b.surplus);
  return best;
}

/**
 * Φ_bj(q) = V_j − q + K(B − q; −j) − K(B; −j) of MODEL §2: the buyer buys j at price q iff Φ ≥ 0.
 * null stands for −∞ (q > B, where K(B − q) = −∞).
 */
export function phiExact(values: Rational[], prices: Rational[], budget: Rational, seller: number, q: Rational): Rational | null {
  const kRest = maxSurplusExact(values, prices, budget.sub(q), seller);
  const kAll = maxSurplusExact(values, prices, budget, seller);
  if (kRest === null || kAll === null) return null;
  return values[seller].sub(q).add(kRest).sub(kAll);
}

/**
 * MWP_bj(p_−j) of MODEL §2 by its closed form over ALL subsets S' of the other sellers with c(S') ≤ B:
 * max_S' min(B − c(S'), V_j + s(S') − K(B; −j)), clamped to [0, min(V_j, B)]. prices[seller] is ignored.
 * (The term min(B − c, V_j + s − K) is exactly the largest q with q ≤ B − c(S') and Φ(q) ≥ 0 via S'.)
 */
export function mwpExact(values: Rational[], prices: Rational[], budget: Rational, seller: number): Rational {
  const k = maxSurplusExact(values, prices, budget, seller);
  if (k === null) throw new RangeError("mwpExact: negative budget");
  let best = Rational.ZERO;
  for (const b of allBundles(values, prices, seller)) {
    if (b.cost.compare(budget) > 0) continue;
    best = best.max(budget.sub(b.cost).min(values[seller].add(b.surplus).sub(k)));
  }
  return best.min(values[seller].min(budget)).max(Rational.ZERO);
}

/**
 * The Lemma 2 fairshare price (MODEL §3, §8 L2): MWPs sorted descending, k* = the LARGEST k maximising
 * k·m_(k), price m_(k*) (the lowest revenue-maximising price). No MWPs, or all 0: 0.
 */
export function fairPriceExact(mwps: Rational[]): Rational {
  const sorted = [...mwps].sort((a, b) => b.compare(a));
  let price = Rational.ZERO;
  let revenue = Rational.ZERO;
  sorted.forEach((m, i) => {
    const r = m.mul(Rational.of(BigInt(i + 1)));
    if (r.compare(revenue) >= 0) [price, revenue] = [m, r]; // ">=": ties go to the larger k
  });
  return price;
}

/** Every buyer's MWP for every seller (buyers × sellers), all from the same `prices`. */
function mwpMatrixExact(m: ExactMarket, prices: Rational[]): Rational[][] {
  return m.budgets.map((budget, b) => prices.map((_, j) => mwpExact(m.values[b], prices, budget, j)));
}

/** The result of `algorithm1Exact`. */
export interface Algorithm1Exact {
  prices: Rational[];
  /** MWP matrix (buyers × sellers) at the returned prices. */
  mwp: Rational[][];
  /** Sweeps run. */
  rounds: number;
  /** The returned prices are an exact fixed point of the sellers' best responses. */
  converged: boolean;
  /** The price vector after each sweep (for debugging a cycle). */
  pricesAfterSweep: Rational[][];
}

/**
 * Algorithm 1 of MODEL §6, exactly: start at p_j = max_b min(V_bj, B_b); Gauss–Seidel sweeps over
 * j = 0..N−1, each p_j set to fairPriceExact of the buyers' MWPs at the current prices (sellers < j
 * already updated). Tolerance is zero: after a sweep in which no price changed, and every seller's best
 * response at the final prices (one Jacobi check) equals its price, stop converged; else after maxRounds
 * sweeps stop with converged = false.
 */
export function algorithm1Exact(market: Market, { maxRounds = 50 }: { maxRounds?: number } = {}): Algorithm1Exact {
  const m = toExactMarket(market);
  const n = m.costs.length;
  const prices = Array.from({ length: n }, (_, j) =>
    m.budgets.reduce((top, budget, b) => top.max(m.values[b][j].min(budget)), Rational.ZERO),
  );
  const pricesAfterSweep: Rational[][] = [];
  let converged = false;
  while (!converged && pricesAfterSweep.length < maxRounds) {
    let changed = false;
    for (let j = 0; j < n; j++) {
      const next = fairPriceExact(m.budgets.map((budget, b) => mwpExact(m.values[b], prices, budget, j)));
      if (!next.equals(prices[j])) changed = true;
      prices[j] = next;
    }
    pricesAfterSweep.push([...prices]);
    if (!changed) {
      const mwp = mwpMatrixExact(m, prices);
      converged = prices.every((p, j) => fairPriceExact(mwp.map((row) => row[j])).equals(p));
    }
  }
  return { prices, mwp: mwpMatrixExact(m, prices), rounds: pricesAfterSweep.length, converged, pricesAfterSweep };
}

/** Each buyer's best-response bundle (MODEL §2) at the given prices: its ascending seller indices. */
export function purchasesExact(market: Market, prices: Rational[]): number[][] {
  const m = toExactMarket(market);
  return m.budgets.map((budget, b) => bestBundleExact(m.values[b], prices, budget).chosen);
}
