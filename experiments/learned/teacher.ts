/**
 * The teacher task of the learned market (MODEL §7, docs/model.md §7): a seeded synthetic
 * teacher–student classification task whose learning curve is long, so that data keeps its value for
 * a hundred periods. Rows are Gaussian feature vectors `x ~ N(0, I_d)`; a linear teacher `W` (K × d,
 * bias 0) labels each row `argmax_k (W·x)_k`, and a fixed share η of the rows carry a class drawn
 * uniformly instead. The student (experiments/learned/logistic.ts) is linear too, so it can learn the
 * teacher's boundaries but never the noise: its test accuracy climbs towards `1 − η(K − 1)/K` at the
 * rate at which the pool's new rows pin the boundaries down. With a drift δ > 0 the teacher moves a
 * little every period and every row is relabelled (the world changes; the noise coins stay).
 *
 * Every draw comes from a stream named (seed, "teacher", …), so the same seed gives the same bytes.
 */
import { normal, stream } from "../random.js";
import type { Task, TaskSpec } from "./tasks.js";

/** The shape of a teacher task (`valuation.teacher` of a learned config). */
export interface TeacherParams {
  /** `d`: standard normal features per row. */
  dimension: number;
  /** `K`: classes, named c0 … c(K−1). */
  classes: number;
  /** `η ∈ [0, 1)`: each row's chance of a label drawn uniformly instead of the teacher's. */
  labelNoise: number;
  /** `δ ≥ 0`: the teacher's drift per period, `W_t = (W_{t−1} + δ·Z_t)/√(1 + δ²)`; 0 keeps every label fixed. */
  drift: number;
}

/**
 * The default teacher, sized by a rule on cost and pool coverage alone (docs/model.md §7): K = 3 as
 * for penguins and cars; η = 0.1, an error floor of η(K − 1)/K ≈ 6.7% that more data approaches but
 * never passes; and d = 6, the largest dimension in 6–12 whose p = K·(d + 1) = 21 weights keep the
 * Hessian of a buyer holding every clean batch of 100 periods (about 650 rows of a 1000-row pool)
 * near 3·10^5 multiply-adds, under a millisecond.
 */
export const TEACHER_DEFAULTS: Readonly<TeacherParams> = { dimension: 6, classes: 3, labelNoise: 0.1, drift: 0 };

/**
 * The teacher's data sizes, by the same rule: one example a batch, so that 10 sellers over 100 periods
 * sell at most the 1000-row pool and a buyer's next example is still a new row about a third of the
 * time at period 100; a 2000-row test set, so that one accuracy reading is within about 0.007; 500
 * validation rows for the valuations.
 */
export const TEACHER_SIZES = { batchSize: 1, validation: 500, test: 2000, pool: 1000 } as const;

/**
 * The teacher's spec: id "teacher" and a description with its numbers.
 *
 * @example teacherSpec(TEACHER_DEFAULTS).description // => "a seeded linear teacher: argmax of W·x over 6 Gaussian features, 3 classes, label noise 0.1, drift 0"
 */
export function teacherSpec(params: TeacherParams): TaskSpec {
  const { dimension, classes, labelNoise, drift } = params;
  return { id: "teacher", description: `a seeded linear teacher: argmax of W·x over ${dimension} Gaussian features, ${classes} classes, label noise ${labelNoise}, drift ${drift}` };
}

/** `count` standard normal draws of the stream, in order. */
function normals(u: () => number, count: number): Float64Array {
  const out = new Float64Array(count);
  for (let i = 0; i < count; i += 1) out[i] = normal(u);
  return out;
}

function refusal(params: TeacherParams, rows: number): string | null {
  const { dimension, classes, labelNoise, drift } = params;
  if (!Number.isInteger(dimension) || dimension < 1) return `dimension must be a whole number ≥ 1, got ${dimension}`;
  if (!Number.isInteger(classes) || classes < 2) return `classes must be a whole number ≥ 2, got ${classes}`;
  if (!(labelNoise >= 0 && labelNoise < 1)) return `labelNoise must lie in [0, 1), got ${labelNoise}`;
  if (!(drift >= 0) || !Number.isFinite(drift)) return `drift must be a finite number ≥ 0, got ${drift}`;
  if (!Number.isInteger(rows) || rows < 0) return `rows must be a whole number ≥ 0, got ${rows}`;
  return null;
}

/**
 * The teacher task of `rows` rows under `seed` (MODEL §7): features, the period-1 labels and, with a
 * drift, every period's labels.
 *
 * - Features: `rows × d` standard normal draws (Box–Muller), stream (seed, "teacher", "features"),
 *   row-major; already standard, so not standardised again.
 * - Teacher: W_1 has K × d standard normal entries, stream (seed, "teacher", "weights", 1), and no bias.
 *   Its scale is immaterial to the labels, since `argmax (c·W x) = argmax (W x)` for any c > 0; unit
 *   entries only set the scale the drift δ is relative to. No bias and exchangeable rows make the classes
 *   balanced on average over teachers (each class's share has mean 1/K), and with K ≪ d the rows' norms
 *   are close (‖w_k‖² is χ²_d), so a single teacher's shares stay near 1/K. The task is not trivial:
 *   the class regions are cones meeting at the origin, where the Gaussian rows are densest, so a share
 *   of the rows lies close to a boundary at any resolution and the student's error falls gradually, as
 *   more rows pin the boundaries down, rather than vanishing once a few rows are seen.
 * - Noise: row i draws a coin and a replacement class, in that order, from stream (seed, "teacher",
 *   "noise"), whatever η is; the row's label is the replacement when the coin is below η. So a larger
 *   η only replaces more rows, the η = 0 task of the same seed holds the noiseless labels, and the
 *   share of labels that differ from the teacher's is η(K − 1)/K in expectation (a replacement can be
 *   the right class).
 * - Drift: `W_t = (W_{t−1} + δ·Z_t)/√(1 + δ²)` with Z_t standard normal from stream (seed, "teacher",
 *   "drift", t), which keeps every entry standard normal. With δ > 0 the task has `labelsAt(t)`,
 *   every row relabelled by W_t with the same noise coins; the teachers are computed incrementally and
 *   kept, so period t costs O(t · K · d) once. With δ = 0 there is no `labelsAt`: labels never move.
 * - Ties in the argmax (probability 0) go to the lowest class.
 *
 * Cost: O(rows · K · d) for the task and for each period's labels.
 *
 * @example teacherTask(TEACHER_DEFAULTS, 1000, 7).classes // => ["c0", "c1", "c2"]
 * @throws RangeError for a dimension, class count or row count that is not a whole number (≥ 1, ≥ 2,
 *   ≥ 0), a label noise outside [0, 1), a negative or non-finite drift, or a period of `labelsAt` that
 *   is not a whole number ≥ 1.
 */
export function teacherTask(params: TeacherParams, rows: number, seed: number): Task {
  const problem = refusal(params, rows);
  if (problem !== null) throw new RangeError(`teacherTask: ${problem}`);
  const { dimension: dims, classes, labelNoise, drift } = params;
  const x = normals(stream(seed, "teacher", "features"), rows * dims);
  const noise = stream(seed, "teacher", "noise");
  // A row's replacement class, or −1 when the teacher labels it.
  const replacement = new Int32Array(rows);
  for (let i = 0; i < rows; i += 1) {
    const coin = noise();
    const k = Math.floor(noise() * classes);
    replacement[i] = coin < labelNoise ? k : -1;
  }
  const labelsBy = (weights: Float64Array): Int32Array => {
    const labels = new Int32Array(rows);
    for (let i = 0; i < rows; i += 1) {
      if (replacement[i] >= 0) {
        labels[i] = replacement[i];
        continue;
      }
      let best = 0;
      let largest = Number.NEGATIVE_INFINITY;
      for (let k = 0; k < classes; k += 1) {
        let z = 0;
        for (let f = 0; f < dims; f += 1) z += weights[k * dims + f] * x[i * dims + f];
        if (z > largest) {
          best = k;
          largest = z;
        }
      }
      labels[i] = best;
    }
    return labels;
  };
  const teachers = [normals(stream(seed, "teacher", "weights", 1), classes * dims)];
  const labels = labelsBy(teachers[0]);
  const task: Task = { spec: teacherSpec(params), classes: Array.from({ length: classes }, (_, k) => `c${k}`), x, labels, rows, dims, dropped: 0 };
  if (drift === 0) return task;
  const shrink = 1 / Math.sqrt(1 + drift * drift);
  const labelsAt = (period: number): Int32Array => {
    if (!Number.isInteger(period) || period < 1) throw new RangeError(`teacherTask: labelsAt needs a whole period ≥ 1, got ${period}`);
    while (teachers.length < period) {
      const last = teachers[teachers.length - 1];
      const z = normals(stream(seed, "teacher", "drift", teachers.length + 1), classes * dims);
      teachers.push(last.map((w, q) => (w + drift * z[q]) * shrink));
    }
    return period === 1 ? Int32Array.from(labels) : labelsBy(teachers[period - 1]);
  };
  return { ...task, labelsAt };
}
