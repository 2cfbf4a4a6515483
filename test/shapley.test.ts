/**
 * Shapley values of generic games: exactShapley against closed forms from the literature and the Shapley
 * axioms; tmcShapley (truncation 0) against exactShapley within its own Monte-Carlo error, with the error
 * check shown to reject a wrong estimator.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type MonteCarloShapley, type Utility, exactShapley, tmcShapley } from "../experiments/learned/shapley.js";
import { stream } from "../experiments/random.js";

const RUNS = { seed: 20251, numRuns: 200 } as const;

/**
 * Rounding head room of exactShapley, relative to the largest |U|: each value is a compensated sum of
 * 2^(n−1) weighted differences, each difference rounded once and each weight once, so the error stays a
 * few ε·max|U|. Measured worst efficiency error over 2000 such games: 7.4e-17·n·max|U|; asserted 1e-14.
 */
const EXACT_TOLERANCE = 1e-14;

const maskOf = (members: ReadonlyArray<number>): number => members.reduce((m, i) => m | (1 << i), 0);

/** A game given by its table of worths, one per coalition mask. */
const tableGame = (table: ReadonlyArray<number>): Utility => (members) => table[maskOf(members)];

/** A random game on 1..8 players: any worth in [−1, 1] for every coalition, U(∅) included. */
const randomGame = fc
  .integer({ min: 1, max: 8 })
  .chain((n) => fc.tuple(fc.constant(n), fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 2 ** n, maxLength: 2 ** n })));

const scaleOf = (table: ReadonlyArray<number>): number => Math.max(1, ...table.map(Math.abs));

describe("exactShapley against closed forms", () => {
  it("exactShapley of an additive game U(S) = c + Σ_{i∈S} a_i gives each player its own a_i", () => {
    const a = [3, -1.5, 0, 2.25, 7];
    const phi = exactShapley(a.length, (s) => 10 + s.reduce((t, i) => t + a[i], 0));
    phi.forEach((value, i) => expect(value, `player ${i}`).toBeCloseTo(a[i], 14));
  });

  it("exactShapley of a symmetric game U(S) = f(|S|) gives every player (f(n) − f(0))/n", () => {
    const f = (size: number) => size * size - 3 * size + 1;
    const phi = exactShapley(6, (s) => f(s.length));
    for (const value of phi) expect(value).toBeCloseTo((f(6) - f(0)) / 6, 14);
  });

  it("exactShapley of the glove game (two left gloves, one right) is (1/6, 1/6, 2/3)", () => {
    // Worth = pairs formed: min(#left, #right). Values from the standard textbook example (e.g. Osborne &
    // Rubinstein, "A Course in Game Theory", §14.4; Wikipedia, "Shapley value", glove game).
    const left = new Set([0, 1]);
    const phi = exactShapley(3, (s) => Math.min(s.filter((i) => left.has(i)).length, s.filter((i) => !left.has(i)).length));
    expect(phi[0]).toBeCloseTo(1 / 6, 15);
    expect(phi[1]).toBeCloseTo(1 / 6, 15);
    expect(phi[2]).toBeCloseTo(2 / 3, 15);
  });

  it("exactShapley of the UN Security Council gives the Shapley–Shubik powers 421/2145 (permanent) and 4/2145 (others)", () => {
    // Shapley & Shubik (1954) power index of the 15-member council: a motion passes with 9 votes including
    // all 5 permanent members. A non-permanent member pivots exactly when it joins the 5 permanent members
    // and 3 of the 9 other non-permanent ones: C(9,3)·8!·6!/15! = 4/2145; the permanent members share the rest.
    const phi = exactShapley(15, (s) => (s.length >= 9 && [0, 1, 2, 3, 4].every((p) => s.includes(p)) ? 1 : 0));
    for (let i = 0; i < 5; i += 1) expect(phi[i], `permanent member ${i}`).toBeCloseTo(421 / 2145, 14);
    for (let i = 5; i < 15; i += 1) expect(phi[i], `member ${i}`).toBeCloseTo(4 / 2145, 14);
  });

  it("exactShapley(0, U) is the empty array and never calls U", () => {
    expect(exactShapley(0, () => { throw new Error("called"); })).toEqual([]);
  });

  it("exactShapley refuses more than 20 players, a fractional n and a NaN worth", () => {
    expect(() => exactShapley(21, () => 0)).toThrow(RangeError);
    expect(() => exactShapley(2.5, () => 0)).toThrow(RangeError);
    expect(() => exactShapley(3, (s) => (s.length === 2 ? Number.NaN : 0))).toThrow(/utility of coalition/);
  });
});

describe("exactShapley satisfies the Shapley axioms on random games (fast-check, 200 games of ≤ 8 players)", () => {
  it("efficiency: Σ_i φ_i = U(all) − U(∅)", () => {
    fc.assert(
      fc.property(randomGame, ([n, table]) => {
        const phi = exactShapley(n, tableGame(table));
        const total = phi.reduce((a, b) => a + b, 0);
        expect(Math.abs(total - (table[2 ** n - 1] - table[0])), `n=${n}`).toBeLessThanOrEqual(EXACT_TOLERANCE * n * scaleOf(table));
      }),
      RUNS,
    );
  });

  it("symmetry: in the game symmetrised in players i and j, φ_i = φ_j", () => {
    fc.assert(
      fc.property(randomGame.filter(([n]) => n >= 2), fc.nat(), fc.nat(), ([n, table], a, b) => {
        const i = a % n;
        const j = (i + 1 + (b % (n - 1))) % n;
        const swap = (mask: number) => {
          const bi = (mask >> i) & 1;
          const bj = (mask >> j) & 1;
          return (mask & ~((1 << i) | (1 << j))) | (bi << j) | (bj << i);
        };
        // U'(S) = U(S) + U(swap_ij(S)) is unchanged by exchanging i and j.
        const symmetric = table.map((w, mask) => w + table[swap(mask)]);
        const phi = exactShapley(n, tableGame(symmetric));
        expect(Math.abs(phi[i] - phi[j]), `n=${n} i=${i} j=${j}`).toBeLessThanOrEqual(EXACT_TOLERANCE * scaleOf(symmetric));
      }),
      RUNS,
    );
  });

  it("null player: a player whose joining never changes the worth has φ = 0", () => {
    fc.assert(
      fc.property(randomGame, fc.nat(), ([n, table], a) => {
        const p = a % n;
        const nulled = table.map((_, mask) => table[mask & ~(1 << p)]);
        const phi = exactShapley(n, tableGame(nulled));
        expect(Math.abs(phi[p]), `n=${n} p=${p}`).toBeLessThanOrEqual(EXACT_TOLERANCE * scaleOf(table));
      }),
      RUNS,
    );
  });
});

/**
 * The Monte-Carlo acceptance check: every player's estimate within `z` standard errors of the exact value.
 * The 1e-12 term admits players whose marginal contribution is the same in every permutation (SE 0), whose
 * mean still rounds.
 */
function withinError(estimate: MonteCarloShapley, exact: ReadonlyArray<number>, z = 4): boolean {
  return exact.every((phi, i) => Math.abs(estimate.values[i] - phi) <= z * estimate.standardErrors[i] + 1e-12);
}

/** 60 fixed random games of 2..8 players, worths uniform in [−1, 1], drawn from a pinned stream. */
function fixedGames(): Array<{ n: number; table: number[] }> {
  const u = stream(20251, "shapley-test", "games");
  return Array.from({ length: 60 }, (_, g) => {
    const n = 2 + (g % 7);
    return { n, table: Array.from({ length: 2 ** n }, () => 2 * u() - 1) };
  });
}

describe("tmcShapley with truncation 0 against exactShapley", () => {
  const games = fixedGames();

  it("every player's TMC estimate (500 permutations) lies within 4 standard errors of exactShapley, on 60 random games", () => {
    // Measured worst |φ̂ − φ|/SE over the 294 players: 2.83.
    games.forEach(({ n, table }, g) => {
      const exact = exactShapley(n, tableGame(table));
      const estimate = tmcShapley(n, tableGame(table), { permutations: 500, truncation: 0, uniform: stream(20251, "tmc", g) });
      expect(withinError(estimate, exact), `game ${g}, n=${n}: ${JSON.stringify({ exact, estimate })}`).toBe(true);
    });
  });

  it("the standard errors are calibrated: 90–99% of players lie within 1.96 SE (nominal 95%)", () => {
    let inside = 0;
    let players = 0;
    games.forEach(({ n, table }, g) => {
      const exact = exactShapley(n, tableGame(table));
      const estimate = tmcShapley(n, tableGame(table), { permutations: 500, truncation: 0, uniform: stream(20251, "tmc-calibration", g) });
      exact.forEach((phi, i) => {
        players += 1;
        if (Math.abs(estimate.values[i] - phi) <= 1.96 * estimate.standardErrors[i]) inside += 1;
      });
    });
    // 294 players; a binomial(294, 0.95) count lies in [265, 291] with probability ≈ 0.999. Measured: 97.6%.
    expect(inside / players).toBeGreaterThanOrEqual(0.9);
    expect(inside / players).toBeLessThanOrEqual(0.99);
  });

  it("16× the permutations shrinks both the standard errors and the actual RMS error about 4× (1/√P)", () => {
    let seSmall = 0;
    let seLarge = 0;
    let errSmall = 0;
    let errLarge = 0;
    games.forEach(({ n, table }, g) => {
      const exact = exactShapley(n, tableGame(table));
      const small = tmcShapley(n, tableGame(table), { permutations: 100, truncation: 0, uniform: stream(20251, "tmc-small", g) });
      const large = tmcShapley(n, tableGame(table), { permutations: 1600, truncation: 0, uniform: stream(20251, "tmc-large", g) });
      exact.forEach((phi, i) => {
        seSmall += small.standardErrors[i] ** 2;
        seLarge += large.standardErrors[i] ** 2;
        errSmall += (small.values[i] - phi) ** 2;
        errLarge += (large.values[i] - phi) ** 2;
      });
    });
    // Measured: SE ratio 4.03, RMS-error ratio 3.60 over 294 players (the RMS error is itself noisier).
    const seRatio = Math.sqrt(seSmall / seLarge);
    const errRatio = Math.sqrt(errSmall / errLarge);
    expect(seRatio).toBeGreaterThan(3.6);
    expect(seRatio).toBeLessThan(4.4);
    expect(errRatio).toBeGreaterThan(3);
    expect(errRatio).toBeLessThan(5.3);
  });

  it("the values sum to U(all) − U(∅) up to rounding, in every game", () => {
    games.forEach(({ n, table }, g) => {
      const estimate = tmcShapley(n, tableGame(table), { permutations: 50, truncation: 0, uniform: stream(20251, "tmc-sum", g) });
      const total = estimate.values.reduce((a, b) => a + b, 0);
      expect(Math.abs(total - (table[2 ** n - 1] - table[0])), `game ${g}`).toBeLessThanOrEqual(1e-12);
    });
  });

  it("negative control: the 4-SE check rejects the estimate with every value shifted by 0.25, in every game", () => {
    games.forEach(({ n, table }, g) => {
      const exact = exactShapley(n, tableGame(table));
      const estimate = tmcShapley(n, tableGame(table), { permutations: 500, truncation: 0, uniform: stream(20251, "tmc", g) });
      // The premise: some player's SE is below 0.25/4, so the shift leaves its 4-SE band (measured worst 0.048).
      expect(Math.min(...estimate.standardErrors), `game ${g}`).toBeLessThan(0.0625);
      const shifted = { ...estimate, values: estimate.values.map((v) => v + 0.25) };
      expect(withinError(shifted, exact), `game ${g}`).toBe(false);
    });
  });

  it("negative control: the 4-SE check rejects a Sattolo shuffle (j drawn from [0, i) instead of [0, i]) in most games", () => {
    // Sattolo's algorithm draws only cyclic permutations of the identity, so a player never stands at its own
    // index and predecessor sets are not uniform: a classic off-by-one in Fisher–Yates. (Shuffling the last
    // permutation again instead of the identity would compose cycles and hide most of the bias.) Measured:
    // 85% of the 60 games rejected at 500 permutations; 98% at 2000.
    let rejected = 0;
    games.forEach(({ n, table }, g) => {
      const exact = exactShapley(n, tableGame(table));
      const wrong = sattoloTmc(n, tableGame(table), 500, stream(20251, "sattolo", g));
      if (!withinError(wrong, exact)) rejected += 1;
    });
    expect(rejected / games.length).toBeGreaterThanOrEqual(0.75);
  });

  it("is deterministic for a stream and counts its utility calls: 2 + P·(n − 1) without truncation", () => {
    const { n, table } = games[5];
    const a = tmcShapley(n, tableGame(table), { permutations: 30, truncation: 0, uniform: stream(1, "same") });
    const b = tmcShapley(n, tableGame(table), { permutations: 30, truncation: 0, uniform: stream(1, "same") });
    expect(a).toStrictEqual(b);
    expect(a.utilityCalls).toBe(2 + 30 * (n - 1));
  });
});

describe("tmcShapley truncation", () => {
  it("with truncation τ the values sum to within τ·|U(all) − U(∅)| of U(all) − U(∅), and fewer utility calls are made", () => {
    // A saturating game, as data-value games are: worth = 1 − 2^−|S|·(1 + small noise per coalition).
    const u = stream(20251, "saturating");
    const n = 10;
    const table = Array.from({ length: 2 ** n }, (_, mask) => {
      let size = 0;
      for (let m = mask; m; m >>= 1) size += m & 1;
      return 1 - 2 ** -size * (1 + 0.1 * u());
    });
    for (const truncation of [0.01, 0.1, 0.3]) {
      const estimate = tmcShapley(n, tableGame(table), { permutations: 200, truncation, uniform: stream(20251, "trunc", truncation) });
      const gain = table[2 ** n - 1] - table[0];
      const total = estimate.values.reduce((a, b) => a + b, 0);
      expect(Math.abs(total - gain), `τ=${truncation}`).toBeLessThanOrEqual(truncation * Math.abs(gain) + 1e-12);
      expect(estimate.utilityCalls, `τ=${truncation}`).toBeLessThan(2 + 200 * (n - 1));
    }
  });

  it("when U(all) = U(∅) a positive truncation cuts every permutation at once: all values 0", () => {
    const estimate = tmcShapley(3, (s) => (s.length === 1 ? 1 : 0), { permutations: 10, truncation: 0.01, uniform: stream(1, "flat") });
    expect(estimate.values).toEqual([0, 0, 0]);
    expect(estimate.utilityCalls).toBe(2);
  });

  it("refuses truncation outside [0, 1), zero permutations and a negative n; n = 0 gives empty values", () => {
    const uniform = stream(1, "refuse");
    expect(() => tmcShapley(2, () => 0, { permutations: 10, truncation: 1, uniform })).toThrow(RangeError);
    expect(() => tmcShapley(2, () => 0, { permutations: 10, truncation: Number.NaN, uniform })).toThrow(RangeError);
    expect(() => tmcShapley(2, () => 0, { permutations: 0, truncation: 0, uniform })).toThrow(RangeError);
    expect(() => tmcShapley(-1, () => 0, { permutations: 10, truncation: 0, uniform })).toThrow(RangeError);
    expect(tmcShapley(0, () => 0, { permutations: 3, truncation: 0, uniform })).toEqual({ values: [], standardErrors: [], permutations: 3, utilityCalls: 0 });
  });
});

/** The TMC estimator with a Sattolo shuffle instead of Fisher–Yates: a deliberately wrong control. */
function sattoloTmc(n: number, utility: Utility, permutations: number, uniform: () => number): MonteCarloShapley {
  const sums = new Array<number>(n).fill(0);
  const squares = new Array<number>(n).fill(0);
  for (let p = 0; p < permutations; p += 1) {
    const order = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i -= 1) {
      const j = Math.floor(uniform() * i);
      [order[i], order[j]] = [order[j], order[i]];
    }
    const prefix: number[] = [];
    let previous = utility([]);
    for (const player of order) {
      prefix.push(player);
      const current = utility([...prefix].sort((a, b) => a - b));
      sums[player] += current - previous;
      squares[player] += (current - previous) ** 2;
      previous = current;
    }
  }
  const values = sums.map((s) => s / permutations);
  const standardErrors = squares.map((q, i) => Math.sqrt(Math.max(0, q / permutations - values[i] ** 2) * (permutations / (permutations - 1)) / permutations));
  return { values, standardErrors, permutations, utilityCalls: 0 };
}

describe("tmcShapley's stopping rule (convergence)", () => {
  const games = fixedGames();

  it("stops at the first permutation p ≥ 3 that moved no running mean by more than convergence·|U(all) − U(∅)|/n, and its values are the plain walk's over those p permutations", () => {
    let early = 0;
    games.forEach(({ n, table }, g) => {
      const options = { permutations: 400, truncation: 0, uniform: stream(20251, "stop", g) };
      const stopped = tmcShapley(n, tableGame(table), { ...options, convergence: 0.05 });
      expect(stopped.permutations).toBeGreaterThanOrEqual(Math.min(3, 400));
      if (stopped.permutations < 400) early += 1;
      // The same stream walked for exactly that many permutations, without the rule, gives the same bits.
      const plain = tmcShapley(n, tableGame(table), { ...options, permutations: stopped.permutations, uniform: stream(20251, "stop", g) });
      expect(stopped).toStrictEqual(plain);
      // And the rule held first at that permutation: checked by walking one permutation less.
      const gain = Math.abs(table[2 ** n - 1] - table[0]);
      const settled = (0.05 * gain) / n;
      const moved = (a: MonteCarloShapley, b: MonteCarloShapley) => Math.max(...a.values.map((v, i) => Math.abs(v - b.values[i])));
      if (stopped.permutations > 3 && stopped.permutations < 400) {
        const before = tmcShapley(n, tableGame(table), { ...options, permutations: stopped.permutations - 1, uniform: stream(20251, "stop", g) });
        expect(moved(stopped, before), `game ${g}`).toBeLessThanOrEqual(settled);
        for (let p = 3; p < stopped.permutations; p += 1) {
          const at = tmcShapley(n, tableGame(table), { ...options, permutations: p, uniform: stream(20251, "stop", g) });
          const prior = tmcShapley(n, tableGame(table), { ...options, permutations: p - 1, uniform: stream(20251, "stop", g) });
          expect(moved(at, prior), `game ${g}, p ${p}`).toBeGreaterThan(settled);
        }
      }
    });
    expect(early).toBeGreaterThan(0);
  });

  it("refuses a negative convergence", () => {
    expect(() => tmcShapley(2, () => 0, { permutations: 5, truncation: 0, uniform: stream(1, "x"), convergence: -0.1 })).toThrow(/convergence must be ≥ 0/);
  });
});
