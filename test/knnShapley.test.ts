/**
 * KNN-Shapley against brute force: the closed-form recursion of Jia et al. (2019) equals exactShapley of
 * a k-NN accuracy utility coded here independently (2^N subsets, N ≤ 8), ties and k > N included; the
 * dataset-level method equals the same brute force over its expanded examples; and the comparison is
 * shown to catch off-by-one recursions.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Dataset, emptyDataset, labelledDataset } from "../experiments/learned/dataset.js";
import { zeroModel } from "../experiments/learned/logistic.js";
import type { ValuationProblem } from "../experiments/learned/methods/method.js";
import { type LabelledPoints, knnShapley, knnShapleyPoints } from "../experiments/learned/methods/knnShapley.js";
import { type Utility, exactShapley } from "../experiments/learned/shapley.js";
import { stream } from "../experiments/random.js";
import { randomProblem } from "./fixtures/learnedProblems.js";

const RUNS = { seed: 20251, numRuns: 300 } as const;

/**
 * Closed form against enumeration: both are sums of at most a few hundred terms of size ≤ 1, so they
 * agree to a few ε. Measured worst difference over the runs below: 1.1e-16 per point, 2.2e-16 per offer;
 * asserted 1e-13.
 */
const TOLERANCE = 1e-13;

/**
 * U(S) of MODEL §7's KNN-Shapley, transcribed literally: for each validation point, sort S by squared
 * distance, then by point index, take the first min(k, |S|), count label matches, divide by k; average.
 */
function knnUtility(points: LabelledPoints, validation: LabelledPoints, k: number): Utility {
  const dims = points.dims;
  const distance = (i: number, t: number) => {
    let d = 0;
    for (let f = 0; f < dims; f += 1) d += (points.x[i * dims + f] - validation.x[t * dims + f]) ** 2;
    return d;
  };
  return (members) => {
    let total = 0;
    for (let t = 0; t < validation.labels.length; t += 1) {
      const nearest = [...members].sort((a, b) => distance(a, t) - distance(b, t) || a - b).slice(0, k);
      total += nearest.filter((i) => points.labels[i] === validation.labels[t]).length / k;
    }
    return total / validation.labels.length;
  };
}

/** Points on a small integer grid, so equal distances (and so the tie rule) are common. */
const pointsOf = (count: fc.Arbitrary<number>, dims: number, classes: number): fc.Arbitrary<LabelledPoints> =>
  count.chain((n) =>
    fc.record({
      x: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: n * dims, maxLength: n * dims }).map((a) => Float64Array.from(a)),
      dims: fc.constant(dims),
      labels: fc.array(fc.integer({ min: 0, max: classes - 1 }), { minLength: n, maxLength: n }),
    }),
  );

/** Games of 1..`points` training points, 1..`validation` validation points, k in 1..`k`, 1..`dims` dims and classes. */
const gameOf = (bounds: { points: number; validation: number; k: number; dims: number }) =>
  fc
    .record({ dims: fc.integer({ min: 1, max: bounds.dims }), classes: fc.integer({ min: 1, max: bounds.dims }) })
    .chain(({ dims, classes }) =>
      fc.record({
        points: pointsOf(fc.integer({ min: 1, max: bounds.points }), dims, classes),
        validation: pointsOf(fc.integer({ min: 1, max: bounds.validation }), dims, classes),
        k: fc.integer({ min: 1, max: bounds.k }),
      }),
    );

/** N ≤ 8 training points, 1..4 validation points, k from 1 to 10 (so k > N happens), 1–3 dims and classes. */
const smallGame = gameOf({ points: 8, validation: 4, k: 10, dims: 3 });

const describeGame = (g: { points: LabelledPoints; validation: LabelledPoints; k: number }) =>
  JSON.stringify({ x: [...g.points.x], y: g.points.labels, vx: [...g.validation.x], vy: g.validation.labels, k: g.k });

describe("knnShapleyPoints: the closed form against brute-force Shapley over all 2^N subsets", () => {
  it("knnShapleyPoints(points, validation, k) equals exactShapley of the k-NN accuracy utility for N ≤ 8, ties and k > N included", () => {
    fc.assert(
      fc.property(smallGame, (g) => {
        const closed = knnShapleyPoints(g.points, g.validation, g.k);
        const brute = exactShapley(g.points.labels.length, knnUtility(g.points, g.validation, g.k));
        brute.forEach((phi, i) => expect(Math.abs(closed[i] - phi), `point ${i} of ${describeGame(g)}`).toBeLessThanOrEqual(TOLERANCE));
      }),
      RUNS,
    );
  });

  it("efficiency: the values of up to 300 points sum to U(all points) (U(∅) = 0)", () => {
    const game = gameOf({ points: 300, validation: 20, k: 20, dims: 4 });
    fc.assert(
      fc.property(game, (g) => {
        const n = g.points.labels.length;
        const total = knnShapleyPoints(g.points, g.validation, g.k).reduce((a, b) => a + b, 0);
        const all = knnUtility(g.points, g.validation, g.k)(Array.from({ length: n }, (_, i) => i));
        // A sum of up to 300 values, each off by a few ε: measured worst 7.7e-15.
        expect(Math.abs(total - all), `n=${n} k=${g.k}`).toBeLessThanOrEqual(1e-12);
      }),
      { ...RUNS, numRuns: 100 },
    );
  });

  it("worked example: one neighbour, the matching point at distance 1 takes all the value, the far mismatch none", () => {
    const values = knnShapleyPoints({ x: Float64Array.of(0, 5), dims: 1, labels: [1, 0] }, { x: Float64Array.of(1), dims: 1, labels: [1] }, 1);
    expect([...values]).toEqual([1, 0]);
  });

  it("a tie in distance goes to the smaller index: with k = 1 an equidistant mismatch of smaller index hides the match", () => {
    // Point 0 (wrong label) and point 1 (right label) are both at distance 1, so U({1}) = 1 and
    // U({0}) = U({0, 1}) = 0: φ_0 = ½(0 − 0) + ½(0 − 1) = −½ and φ_1 = ½(1 − 0) + ½(0 − 0) = ½. Breaking the
    // tie the other way would make U({0, 1}) = 1 and give (0, 1).
    const values = knnShapleyPoints({ x: Float64Array.of(-1, 1), dims: 1, labels: [0, 1] }, { x: Float64Array.of(0), dims: 1, labels: [1] }, 1);
    expect([...values]).toEqual([-0.5, 0.5]);
  });

  it("no points give an empty array; k must be a positive integer and the validation set non-empty", () => {
    const none = { x: new Float64Array(0), dims: 2, labels: [] };
    const one = { x: Float64Array.of(0, 0), dims: 2, labels: [0] };
    expect(knnShapleyPoints(none, one, 3)).toEqual(new Float64Array(0));
    expect(() => knnShapleyPoints(one, one, 0)).toThrow(RangeError);
    expect(() => knnShapleyPoints(one, one, 1.5)).toThrow(RangeError);
    expect(() => knnShapleyPoints(one, none, 1)).toThrow(/no validation points/);
    expect(() => knnShapleyPoints({ x: Float64Array.of(Number.NaN, 0), dims: 2, labels: [0] }, one, 1)).toThrow(/finite/);
  });
});

describe("negative control: the brute-force comparison catches a wrong recursion", () => {
  /** The recursion with one mutation; "none" is the correct closed form, to show the harness passes it. */
  function mutantValues(g: { points: LabelledPoints; validation: LabelledPoints; k: number }, mutation: "none" | "paperStart" | "offByOne"): number[] {
    const { points, validation, k } = g;
    const n = points.labels.length;
    const values = new Array<number>(n).fill(0);
    for (let t = 0; t < validation.labels.length; t += 1) {
      const d = (i: number) => Array.from({ length: points.dims }, (_, f) => (points.x[i * points.dims + f] - validation.x[t * points.dims + f]) ** 2).reduce((a, b) => a + b, 0);
      const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => d(a) - d(b) || a - b);
      const m = order.map((i) => (points.labels[i] === validation.labels[t] ? 1 : 0));
      // "paperStart": s_N = m_N/N as printed in the paper, right only when N ≥ k.
      let s = mutation === "paperStart" ? m[n - 1] / n : (m[n - 1] * Math.min(k, n)) / (n * k);
      values[order[n - 1]] += s / validation.labels.length;
      for (let i = n - 1; i >= 1; i -= 1) {
        // Position i (1-based) is order[i − 1]; "offByOne" uses position i + 1 in the weight.
        const p = mutation === "offByOne" ? i + 1 : i;
        s += ((m[i - 1] - m[i]) / k) * (Math.min(k, p) / p);
        values[order[i - 1]] += s / validation.labels.length;
      }
    }
    return values;
  }

  const matchesBruteForce = (mutation: "none" | "paperStart" | "offByOne") =>
    fc.check(
      fc.property(smallGame, (g) => {
        const brute = exactShapley(g.points.labels.length, knnUtility(g.points, g.validation, g.k));
        const values = mutantValues(g, mutation);
        return brute.every((phi, i) => Math.abs(values[i] - phi) <= TOLERANCE);
      }),
      RUNS,
    );

  it("the unmutated test-local recursion passes the same comparison (the harness is not simply strict)", () => {
    expect(matchesBruteForce("none").failed).toBe(false);
  });

  it("the paper's start s_N = m_N/N is rejected (it is wrong when N < k)", () => {
    const result = matchesBruteForce("paperStart");
    expect(result.failed).toBe(true);
    const [g] = result.counterexample ?? [];
    expect(g && g.points.labels.length < g.k).toBe(true);
  });

  it("an off-by-one weight min(k, i + 1)/(i + 1) is rejected", () => {
    expect(matchesBruteForce("offByOne").failed).toBe(true);
  });
});

/** A ValuationProblem built from explicit counts; the model is unused by KNN-Shapley. */
function problemOf(train: Dataset, offers: Dataset[], validation: Dataset, neighbours: number): ValuationProblem {
  return { train, model: zeroModel(train.dims, train.classes), l2: 1, validation, offers, neighbours, permutations: 1, truncation: 0, convergence: 0, uniform: stream(1, "unused") };
}

/**
 * The problem's examples one by one, in the method's documented point order (row, then label, then
 * training set before offers, then copy), with the source of each (0 = training set, j + 1 = offer j), and
 * the validation examples likewise.
 */
function expand(problem: ValuationProblem): { points: LabelledPoints; source: number[]; validation: LabelledPoints } {
  const { train, offers, validation } = problem;
  const x: number[] = [];
  const labels: number[] = [];
  const source: number[] = [];
  for (let i = 0; i < train.rows; i += 1) {
    for (let c = 0; c < train.classes; c += 1) {
      [train, ...offers].forEach((data, s) => {
        for (let copy = 0; copy < data.counts[i * data.classes + c]; copy += 1) {
          x.push(...data.x.subarray(i * data.dims, (i + 1) * data.dims));
          labels.push(c);
          source.push(s);
        }
      });
    }
  }
  const vx: number[] = [];
  const vy: number[] = [];
  for (let t = 0; t < validation.rows; t += 1) {
    for (let c = 0; c < validation.classes; c += 1) {
      for (let copy = 0; copy < validation.counts[t * validation.classes + c]; copy += 1) {
        vx.push(...validation.x.subarray(t * validation.dims, (t + 1) * validation.dims));
        vy.push(c);
      }
    }
  }
  return { points: { x: Float64Array.from(x), dims: train.dims, labels }, source, validation: { x: Float64Array.from(vx), dims: validation.dims, labels: vy } };
}

const sumBySource = (values: ArrayLike<number>, source: ReadonlyArray<number>, offers: number): number[] => {
  const sums = new Array<number>(offers).fill(0);
  source.forEach((s, i) => {
    if (s > 0) sums[s - 1] += values[i];
  });
  return sums;
};

/**
 * Tiny count-based problems: 1–4 pool rows on a {0,1,2} grid (duplicate rows are common, so distance ties
 * cross rows), 1–3 classes, a training set and 1–3 offers of counts 0–2 per (row, label), capped at 10
 * examples in all so that 2^N enumeration stays cheap, and a validation table of 1–3 rows with counts 0–2.
 */
const tinyProblem = fc
  .record({ rows: fc.integer({ min: 1, max: 4 }), dims: fc.integer({ min: 1, max: 2 }), classes: fc.integer({ min: 1, max: 3 }), offers: fc.integer({ min: 1, max: 3 }) })
  .chain(({ rows, dims, classes, offers }) => {
    const counts = fc.array(fc.integer({ min: 0, max: 2 }), { minLength: rows * classes, maxLength: rows * classes });
    return fc.record({
      pool: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: rows * dims, maxLength: rows * dims }),
      train: counts,
      offers: fc.array(counts, { minLength: offers, maxLength: offers }),
      validationRows: fc.integer({ min: 1, max: 3 }).chain((v) =>
        fc.record({
          x: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: v * dims, maxLength: v * dims }),
          counts: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: v * classes, maxLength: v * classes }),
        }),
      ),
      k: fc.integer({ min: 1, max: 4 }),
      rows: fc.constant(rows),
      dims: fc.constant(dims),
      classes: fc.constant(classes),
    });
  })
  .filter((p) => [p.train, ...p.offers].flat().reduce((a, b) => a + b, 0) <= 10 && p.validationRows.counts.some((c) => c > 0))
  .map((p) => {
    const x = Float64Array.from(p.pool);
    const dataset = (counts: number[]): Dataset => ({ ...emptyDataset(x, p.rows, p.dims, p.classes), counts: Float64Array.from(counts) });
    const vrows = p.validationRows.x.length / p.dims;
    const validation: Dataset = { ...emptyDataset(Float64Array.from(p.validationRows.x), vrows, p.dims, p.classes), counts: Float64Array.from(p.validationRows.counts) };
    return problemOf(dataset(p.train), p.offers.map(dataset), validation, p.k);
  });

describe("knnShapley (the valuation method) on count datasets", () => {
  it("each offer's score equals the brute-force Shapley values of its examples summed, every count expanded to copies", () => {
    fc.assert(
      fc.property(tinyProblem, (problem) => {
        const { points, source, validation } = expand(problem);
        const brute = exactShapley(points.labels.length, knnUtility(points, validation, problem.neighbours));
        const expected = sumBySource(brute, source, problem.offers.length);
        const scores = knnShapley.value(problem);
        expected.forEach((e, j) => expect(Math.abs(scores[j] - e), `offer ${j}: ${JSON.stringify(expand(problem))}`).toBeLessThanOrEqual(TOLERANCE));
      }),
      { ...RUNS, numRuns: 200 },
    );
  });

  it("on randomProblem fixtures (≈ 50–100 examples) each offer's score is the sum of knnShapleyPoints over its expanded examples", () => {
    for (let seed = 0; seed < 20; seed += 1) {
      const problem = { ...randomProblem(seed, { trainExamples: 60, offers: 5, offerExamples: 12 }), neighbours: 1 + (seed % 7) };
      const before = Float64Array.from(problem.train.counts);
      const { points, source, validation } = expand(problem);
      const expected = sumBySource(knnShapleyPoints(points, validation, problem.neighbours), source, problem.offers.length);
      const scores = knnShapley.value(problem);
      expected.forEach((e, j) => expect(Math.abs(scores[j] - e), `seed ${seed}, offer ${j}`).toBeLessThanOrEqual(1e-12));
      expect(problem.train.counts).toEqual(before);
    }
  });

  it("an empty offer scores 0, and an empty market (no training examples, no offers) gives no scores", () => {
    const x = Float64Array.of(0, 1, 2);
    const train = labelledDataset(x, 1, 2, [0, 1, 0]);
    const validation = labelledDataset(Float64Array.of(0.5), 1, 2, [0]);
    const offer: Dataset = { ...emptyDataset(x, 3, 1, 2), counts: Float64Array.of(0, 0, 0, 2, 0, 0) };
    const scores = knnShapley.value(problemOf(train, [emptyDataset(x, 3, 1, 2), offer], validation, 2));
    expect(scores[0]).toBe(0);
    expect(knnShapley.value(problemOf(emptyDataset(x, 3, 1, 2), [], validation, 2))).toEqual([]);
  });

  it("refuses an empty validation set, a fractional count, an offer over another pool and k = 0", () => {
    const x = Float64Array.of(0, 1);
    const train = labelledDataset(x, 1, 2, [0, 1]);
    const validation = labelledDataset(Float64Array.of(0.5), 1, 2, [0]);
    expect(() => knnShapley.value(problemOf(train, [], emptyDataset(Float64Array.of(0.5), 1, 1, 2), 1))).toThrow(/no examples/);
    expect(() => knnShapley.value(problemOf(train, [{ ...emptyDataset(x, 2, 1, 2), counts: Float64Array.of(0.5, 0, 0, 0) }], validation, 1))).toThrow(/whole number/);
    expect(() => knnShapley.value(problemOf(train, [labelledDataset(Float64Array.of(0, 1), 1, 2, [0, 0])], validation, 1))).toThrow(/different pool/);
    expect(() => knnShapley.value(problemOf(train, [], validation, 0))).toThrow(RangeError);
  });
});
