import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { emptyDataset, labelledDataset, type Dataset } from "../experiments/learned/dataset.js";
import {
  type Model,
  accuracy,
  expectedAccuracy,
  fit,
  gradient,
  hessian,
  meanLoss,
  meanLossGradient,
  objective,
  predictProba,
  solveSpd,
  zeroModel,
} from "../experiments/learned/logistic.js";
import { normal, stream } from "../experiments/random.js";
import { randomProblem } from "./fixtures/learnedProblems.js";
import { expandedDataset, expandedExamples, nested, referenceFit, referenceMeanLoss } from "./fixtures/logisticOracle.js";

const SEED = 20251;

/** A training set of 2–4 classes in 1–4 dims with repeated counts, an L2 strength, and a point W far from the optimum. */
const cases = fc
  .record({ seed: fc.integer({ min: 0, max: 1_000_000 }), dims: fc.integer({ min: 1, max: 4 }), classes: fc.integer({ min: 2, max: 4 }), l2: fc.constantFrom(0.1, 1, 3) })
  .map(({ seed, dims, classes, l2 }) => {
    const problem = randomProblem(seed, { dims, classes, l2, poolRows: 20, trainExamples: 40 });
    const u = stream(seed, "logistic.test", "weights");
    const point: Model = { weights: Float64Array.from(problem.model.weights, () => 2 * normal(u)), dims, classes };
    const label = `the training set of randomProblem(${seed}, { dims: ${dims}, classes: ${classes}, l2: ${l2}, poolRows: 20, trainExamples: 40 })`;
    // A failure prints how to rebuild the case, not its arrays.
    return { label, data: problem.train, l2, point, [fc.toStringMethod]: () => label };
  });

const withWeights = (model: Model, weights: Float64Array): Model => ({ ...model, weights });
const shifted = (weights: Float64Array, q: number, h: number) => {
  const out = Float64Array.from(weights);
  out[q] += h;
  return out;
};
const norm2 = (v: ArrayLike<number>) => Math.hypot(...Array.from(v));
const examples = (data: Dataset) => data.counts.reduce((a, b) => a + b, 0);

/**
 * Strong convexity (J − (l2/2)‖W‖² is convex) gives ‖W − W*‖₂ ≤ ‖∇J(W)‖₂ / l2 for the optimum W*, so two
 * points that both claim the optimum are within the sum of their gradient norms over l2. The 1e-12 covers
 * the rounding of the gradients themselves.
 */
const certifiedDistance = (gradients: ReadonlyArray<ArrayLike<number>>, l2: number) => gradients.reduce((s, g) => s + norm2(g), 0) / l2 + 1e-12;

describe("gradient and hessian are the derivatives of objective", () => {
  // Central differences with h = 1e-5: truncation h²·|J'''|/6 and rounding ε·|J|/h are both below 1e-8 on
  // these sizes; the worst error measured over 40 problems was 1.2e-9 (gradient) and 5.4e-10 (Hessian).
  const H = 1e-5;
  const TOLERANCE = 1e-7;

  it("gradient(W, data, l2) matches central finite differences of objective, entry by entry", () => {
    fc.assert(
      fc.property(cases, ({ label, data, l2, point }) => {
        const g = gradient(point, data, l2);
        g.forEach((entry, q) => {
          const difference = (objective(withWeights(point, shifted(point.weights, q, H)), data, l2) - objective(withWeights(point, shifted(point.weights, q, -H)), data, l2)) / (2 * H);
          expect(Math.abs(difference - entry), `${label}, weight ${q}`).toBeLessThanOrEqual(TOLERANCE * (1 + Math.abs(entry)));
        });
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it("hessian(W, data, l2) matches central finite differences of gradient, column by column", () => {
    fc.assert(
      fc.property(cases, ({ label, data, l2, point }) => {
        const p = point.weights.length;
        const h = hessian(point, data, l2);
        for (let q = 0; q < p; q += 1) {
          const above = gradient(withWeights(point, shifted(point.weights, q, H)), data, l2);
          const below = gradient(withWeights(point, shifted(point.weights, q, -H)), data, l2);
          for (let r = 0; r < p; r += 1) {
            const entry = h[r * p + q];
            expect(Math.abs((above[r] - below[r]) / (2 * H) - entry), `${label}, entry (${r}, ${q})`).toBeLessThanOrEqual(TOLERANCE * (1 + Math.abs(entry)));
          }
        }
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it("meanLoss and meanLossGradient are the summed loss and its gradient over the number of examples", () => {
    fc.assert(
      fc.property(cases, ({ label, data, point }) => {
        const n = examples(data);
        expect(meanLoss(point, data), label).toBeCloseTo(objective(point, data, 0) / n, 12);
        expect(referenceMeanLoss(nested(point.weights, point.dims, point.classes), expandedExamples(data)), label).toBeCloseTo(meanLoss(point, data), 12);
        const g = gradient(point, data, 0);
        meanLossGradient(point, data).forEach((entry, q) => expect(entry, `${label}, weight ${q}`).toBeCloseTo(g[q] / n, 14));
      }),
      { seed: SEED, numRuns: 100 },
    );
  });

  it("objective(W, {x: 0, label 1}, l2) is log 2 + (l2/2)‖W‖² for the zero model (worked example)", () => {
    expect(objective(zeroModel(1, 2), labelledDataset(Float64Array.of(0), 1, 2, [1]), 5)).toBe(Math.LN2);
    expect(gradient(zeroModel(1, 2), labelledDataset(Float64Array.of(2), 1, 2, [1]), 0)).toEqual(Float64Array.of(1, 0.5, -1, -0.5));
  });

  it("objective, meanLoss and predictProba stay exact at logits of 800, where exp overflows", () => {
    const model: Model = { weights: Float64Array.of(0, 0, 0, 800), dims: 1, classes: 2 };
    const x = Float64Array.of(1);
    expect(objective(model, labelledDataset(x, 1, 2, [0]), 0)).toBe(800);
    expect(meanLoss(model, labelledDataset(x, 1, 2, [1]))).toBe(0);
    expect(predictProba(model, x)).toEqual(Float64Array.of(0, 1));
    expect(gradient(model, labelledDataset(x, 1, 2, [0]), 0)).toEqual(Float64Array.of(-1, -1, 1, 1));
  });
});

describe("fit(data, l2) minimises the objective", () => {
  it("fit stops with ‖∇J‖∞ ≤ 1e-10 · examples, and every perturbation of its weights raises J", () => {
    const perturbation = fc.record({ scale: fc.integer({ min: -4, max: 0 }).map((e) => 10 ** e), direction: fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 20, maxLength: 20 }) });
    fc.assert(
      fc.property(cases, fc.array(perturbation, { minLength: 5, maxLength: 5 }), ({ label, data, l2 }, perturbations) => {
        const model = fit(data, l2);
        const g = gradient(model, data, l2);
        expect(Math.max(...Array.from(g, Math.abs)), label).toBeLessThanOrEqual(1e-10 * Math.max(1, examples(data)));
        const best = objective(model, data, l2);
        for (const { scale, direction } of perturbations) {
          // A unit direction, so each perturbation has length `scale` ≥ 1e-4 and raises J by at least
          // (l2/2)·scale² − ‖∇J‖·scale ≥ 5e-10 − 2e-13, far above J's rounding (≈ 1e-14).
          const length = norm2(direction.slice(0, model.weights.length));
          const unit = (q: number) => (length === 0 ? (q === 0 ? 1 : 0) : direction[q] / length);
          const moved = Float64Array.from(model.weights, (w, q) => w + scale * unit(q));
          expect(objective(withWeights(model, moved), data, l2), `${label}, ${scale} × ${direction.slice(0, moved.length)}`).toBeGreaterThanOrEqual(best);
        }
      }),
      { seed: SEED, numRuns: 100 },
    );
  });

  it("fit reaches the optimum that plain gradient descent, coded independently on the expanded examples, reaches", () => {
    // Both points carry a gradient certificate, so they must lie within certifiedDistance of each other;
    // the largest weight gap measured over 40 problems was 3.4e-10.
    fc.assert(
      fc.property(cases, ({ label, data, l2 }) => {
        const model = fit(data, l2);
        const reference = referenceFit(data, l2, 1e-11).flat();
        const bound = certifiedDistance([gradient(model, data, l2), reference.map(() => 1e-11)], l2);
        expect(norm2(reference.map((w, q) => w - model.weights[q])), label).toBeLessThanOrEqual(bound);
        expect(bound, label).toBeLessThan(1e-6);
      }),
      { seed: SEED, numRuns: 40 },
    );
  });

  it("a count c weighs exactly like c separate examples: fit on the expanded dataset gives the same model", () => {
    fc.assert(
      fc.property(cases, ({ label, data, l2 }) => {
        const counted = fit(data, l2);
        const expanded = expandedDataset(data);
        const separate = fit(expanded, l2);
        expect(objective(counted, expanded, l2), label).toBeCloseTo(objective(counted, data, l2), 10);
        const bound = certifiedDistance([gradient(counted, data, l2), gradient(separate, expanded, l2)], l2);
        expect(norm2(separate.weights.map((w, q) => w - counted.weights[q])), label).toBeLessThanOrEqual(bound);
      }),
      { seed: SEED, numRuns: 100 },
    );
  });

  it("a warm start from a far point reaches the optimum a cold start reaches", () => {
    fc.assert(
      fc.property(cases, ({ label, data, l2, point }) => {
        const cold = fit(data, l2);
        const warm = fit(data, l2, point);
        const bound = certifiedDistance([gradient(cold, data, l2), gradient(warm, data, l2)], l2);
        expect(norm2(warm.weights.map((w, q) => w - cold.weights[q])), label).toBeLessThanOrEqual(bound);
        expect(fit(data, l2, cold).weights, `${label}: restarting at the optimum stays there`).toEqual(cold.weights);
      }),
      { seed: SEED, numRuns: 100 },
    );
  });

  it("fit converges from a start where undamped Newton steps run away (to ±300 here): the line search brings it back", () => {
    // Overlapping classes on a line and a small l2: at W = ±5 the logits saturate, the Hessian is nearly l2·I,
    // and a full Newton step jumps far past the optimum. The reference is the independent gradient descent.
    const data = labelledDataset(Float64Array.of(-2, -1, 1, 2, 1.5, -1.5), 1, 2, [0, 0, 1, 1, 0, 1]);
    const model = fit(data, 0.01, { weights: Float64Array.of(5, 0, -5, 0), dims: 1, classes: 2 });
    const reference = referenceFit(data, 0.01, 1e-11).flat();
    const bound = certifiedDistance([gradient(model, data, 0.01), reference.map(() => 1e-11)], 0.01);
    expect(norm2(reference.map((w, q) => w - model.weights[q]))).toBeLessThanOrEqual(bound);
    expect(model.weights[0]).toBeCloseTo(-0.2162, 4);
  });

  it("fit is deterministic and changes neither its data nor its start", () => {
    fc.assert(
      fc.property(cases, ({ label, data, l2, point }) => {
        const counts = Float64Array.from(data.counts);
        const x = Float64Array.from(data.x);
        const start = Float64Array.from(point.weights);
        expect(fit(data, l2, point).weights, label).toEqual(fit(data, l2, point).weights);
        expect(data.counts, label).toEqual(counts);
        expect(data.x, label).toEqual(x);
        expect(point.weights, label).toEqual(start);
      }),
      { seed: SEED, numRuns: 30 },
    );
  });

  it("fit(data with no examples, l2) is the zero model", () => {
    expect(fit(emptyDataset(Float64Array.of(1, 2, 3, 4), 2, 2, 3), 0.5)).toEqual(zeroModel(2, 3));
  });

  it("fit separates a linearly separable toy set: accuracy 1 on three clusters and on a two-class line", () => {
    const clusters = [
      [-3, 0, 0], [-2.5, 0.5, 0], [-3.5, -0.5, 0],
      [3, 0, 1], [2.5, -0.5, 1], [3.5, 0.5, 1],
      [0, 4, 2], [0.5, 3.5, 2], [-0.5, 4.5, 2],
    ];
    const three = labelledDataset(Float64Array.from(clusters.flatMap(([a, b]) => [a, b])), 2, 3, clusters.map(([, , k]) => k));
    expect(accuracy(fit(three, 0.01), three)).toBe(1);
    const line = labelledDataset(Float64Array.of(-2, -1, -0.2, 0.3, 1, 2), 1, 2, [0, 0, 0, 1, 1, 1]);
    expect(accuracy(fit(line, 0.001), line)).toBe(1);
  });
});

describe("accuracy and predictProba", () => {
  it("accuracy breaks ties between logits towards the lowest class index", () => {
    const x = Float64Array.of(0.5, -2);
    expect(accuracy(zeroModel(1, 3), labelledDataset(x, 1, 3, [0, 0]))).toBe(1);
    expect(accuracy(zeroModel(1, 3), labelledDataset(x, 1, 3, [1, 2]))).toBe(0);
    // Classes 1 and 2 tie above class 0: class 1 is predicted.
    const tied: Model = { weights: Float64Array.of(0, 0, 0, 2, 0, 2), dims: 1, classes: 3 };
    expect(accuracy(tied, labelledDataset(x, 1, 3, [1, 1]))).toBe(1);
    expect(accuracy(tied, labelledDataset(x, 1, 3, [2, 0]))).toBe(0);
  });

  it("accuracy weighs each row by its counts", () => {
    const data = emptyDataset(Float64Array.of(-1, 1), 2, 1, 2);
    data.counts.set([3, 1, 0, 4]); // row 0: three of class 0, one of class 1; row 1: four of class 1
    const model: Model = { weights: Float64Array.of(-1, 0, 1, 0), dims: 1, classes: 2 };
    expect(accuracy(model, data)).toBe(7 / 8);
  });

  it("predictProba is a distribution, and its argmax is the class accuracy counts as predicted", () => {
    fc.assert(
      fc.property(cases, ({ label, data, point }) => {
        for (let i = 0; i < data.rows; i += 1) {
          const probs = predictProba(point, data.x.slice(i * data.dims, (i + 1) * data.dims));
          expect(probs.reduce((a, b) => a + b, 0), label).toBeCloseTo(1, 12);
          const predicted = probs.indexOf(Math.max(...probs));
          const single = emptyDataset(data.x, data.rows, data.dims, data.classes);
          single.counts[i * data.classes + predicted] = 1;
          expect(accuracy(point, single), `${label}, row ${i}`).toBe(1);
        }
      }),
      { seed: SEED, numRuns: 50 },
    );
  });
});

describe("solveSpd", () => {
  it("solveSpd(A, p, b) solves A·x = b for random A = BᵀB + I, to 1e-10 relative residual", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 1_000_000 }), (p, seed) => {
        const u = stream(seed, "solveSpd");
        const b = Float64Array.from({ length: p * p }, () => normal(u));
        const a = new Float64Array(p * p);
        for (let i = 0; i < p; i += 1) for (let j = 0; j < p; j += 1) for (let k = 0; k < p; k += 1) a[i * p + j] += b[k * p + i] * b[k * p + j] + (i === j && k === 0 ? 1 : 0);
        const rhs = Float64Array.from({ length: p }, () => normal(u));
        const x = solveSpd(a, p, rhs);
        const residual = Array.from(rhs, (r, i) => x.reduce((s, xj, j) => s + a[i * p + j] * xj, 0) - r);
        expect(norm2(residual), `p ${p}, seed ${seed}`).toBeLessThanOrEqual(1e-10 * (norm2(rhs) + 1) * (1 + Math.max(...Array.from(a, Math.abs))));
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it("solveSpd(A, 2, b) is exact on a worked example and refuses an indefinite or misshapen matrix", () => {
    expect(solveSpd(Float64Array.of(4, 2, 2, 3), 2, Float64Array.of(2, 1))).toEqual(Float64Array.of(0.5, 0));
    expect(() => solveSpd(Float64Array.of(1, 2, 2, 1), 2, Float64Array.of(1, 1))).toThrow(RangeError);
    expect(() => solveSpd(Float64Array.of(0, 0, 0, 1), 2, Float64Array.of(1, 1))).toThrow(RangeError);
    expect(() => solveSpd(Float64Array.of(1, 0, 0, 1), 2, Float64Array.of(1))).toThrow(RangeError);
  });
});

describe("refusals", () => {
  const data = labelledDataset(Float64Array.of(1, 2), 1, 2, [0, 1]);
  const empty = emptyDataset(Float64Array.of(1, 2), 2, 1, 2);

  it("fit refuses an l2 that is not a positive finite number, and a start of another shape or with a non-finite weight", () => {
    expect(() => fit(data, 1, { weights: Float64Array.of(0, Number.NaN, 0, 0), dims: 1, classes: 2 })).toThrow(RangeError);
    expect(() => fit(data, 1, { weights: Float64Array.of(0, 0, Number.POSITIVE_INFINITY, 0), dims: 1, classes: 2 })).toThrow(RangeError);
    for (const l2 of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => fit(data, l2), `l2 ${l2}`).toThrow(RangeError);
    expect(() => fit(data, 1, zeroModel(2, 2))).toThrow(RangeError);
    expect(() => fit(data, 1, zeroModel(1, 3))).toThrow(RangeError);
    expect(() => fit(data, 1, { weights: new Float64Array(3), dims: 1, classes: 2 })).toThrow(RangeError);
  });

  it("meanLoss, meanLossGradient and accuracy refuse a dataset with no examples", () => {
    expect(() => meanLoss(zeroModel(1, 2), empty)).toThrow(RangeError);
    expect(() => meanLossGradient(zeroModel(1, 2), empty)).toThrow(RangeError);
    expect(() => accuracy(zeroModel(1, 2), empty)).toThrow(RangeError);
  });

  it("objective, gradient, hessian and predictProba refuse a model of another shape", () => {
    expect(() => objective(zeroModel(2, 2), data, 1)).toThrow(RangeError);
    expect(() => gradient(zeroModel(1, 3), data, 1)).toThrow(RangeError);
    expect(() => hessian(zeroModel(2, 2), data, 1)).toThrow(RangeError);
    expect(() => predictProba(zeroModel(2, 2), Float64Array.of(1))).toThrow(RangeError);
  });
});

describe("expectedAccuracy", () => {
  it("is the count-weighted mean probability of each example's label, 1/K for the zero model", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 2, max: 4 }), (seed, classes) => {
        const { train, model } = randomProblem(seed, { dims: 2, classes });
        let sum = 0;
        let n = 0;
        for (let i = 0; i < train.rows; i += 1) {
          const p = predictProba(model, train.x.subarray(i * train.dims, (i + 1) * train.dims));
          for (let k = 0; k < classes; k += 1) {
            sum += train.counts[i * classes + k] * p[k];
            n += train.counts[i * classes + k];
          }
        }
        expect(expectedAccuracy(model, train)).toBeCloseTo(sum / n, 12);
        expect(expectedAccuracy(zeroModel(2, classes), train)).toBeCloseTo(1 / classes, 15);
      }),
      { seed: 20251, numRuns: 50 },
    );
  });

  it("tends to the argmax accuracy as the model grows confident (weights scaled up)", () => {
    const { train, model } = randomProblem(7, { dims: 2, classes: 3 });
    const confident = { ...model, weights: model.weights.map((w) => w * 1e4) };
    expect(expectedAccuracy(confident, train)).toBeCloseTo(accuracy(confident, train), 6);
  });
});
