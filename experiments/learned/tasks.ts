/**
 * The learned market's tasks (MODEL §7): three classification tables that the installed
 * `vega-datasets` package ships, read from disk, never from the network, and a seeded synthetic
 * teacher–student task (experiments/learned/teacher.ts) generated per seed. The tables are small tabular
 * tasks, not the paper's LLM tasks: what carries over is the loop (noisy annotations are bought, a model
 * learns from them, valuation prices them), not the numbers, and they are named for what they are.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { csvParse } from "d3-dsv";

/** The vega-datasets tables, read from disk. */
export const TABLE_IDS = ["penguins", "weather", "cars"] as const;
export type TableId = (typeof TABLE_IDS)[number];
/** Every task of the learned source: the tables, then the seeded teacher (experiments/learned/teacher.ts). */
export const TASK_IDS = [...TABLE_IDS, "teacher"] as const;
export type TaskId = (typeof TASK_IDS)[number];

/** What every task says of itself. */
export interface TaskSpec {
  id: TaskId;
  /** What is predicted from what. */
  description: string;
}

/** A table's spec: where its records are and which fields are the label and the features. */
export interface TableSpec extends TaskSpec {
  id: TableId;
  /** The file in vega-datasets' `data/` folder. */
  file: string;
  label: string;
  features: ReadonlyArray<string>;
}

export const TASKS: Readonly<Record<TableId, TableSpec>> = {
  penguins: {
    id: "penguins",
    file: "penguins.json",
    description: "penguin species (3) from beak length and depth, flipper length and body mass",
    label: "Species",
    features: ["Beak Length (mm)", "Beak Depth (mm)", "Flipper Length (mm)", "Body Mass (g)"],
  },
  weather: {
    id: "weather",
    file: "seattle-weather.csv",
    description: "Seattle's daily weather (5 kinds) from precipitation, highest and lowest temperature and wind",
    label: "weather",
    features: ["precipitation", "temp_max", "temp_min", "wind"],
  },
  cars: {
    id: "cars",
    file: "cars.json",
    description: "a car's region of origin (3) from fuel economy, cylinders, displacement, horsepower, weight and acceleration",
    label: "Origin",
    features: ["Miles_per_Gallon", "Cylinders", "Displacement", "Horsepower", "Weight_in_lbs", "Acceleration"],
  },
};

/**
 * A task's rows: features and integer labels. A table's features are standardised, one row per complete
 * record; the teacher's are standard normal draws already.
 */
export interface Task {
  spec: TaskSpec;
  /** Class names; a label is its index here (a table's sorted, whatever the file's row order; the teacher's c0, c1, …). */
  classes: string[];
  /** Row-major `rows × dims`; a table's features are centred and scaled to unit standard deviation over the table. */
  x: Float64Array;
  /** Every row's label (in period 1, for a task whose labels move). */
  labels: Int32Array;
  rows: number;
  dims: number;
  /** Records left out because a feature or the label was missing or not a finite number (0 for the teacher). */
  dropped: number;
  /**
   * Every row's label in period t, for a task whose labels move over time (a drifting teacher); absent
   * when `labels` holds in every period, as for the tables.
   */
  labelsAt?: (period: number) => Int32Array;
}

/** The folder of the installed vega-datasets data files. */
export function datasetsFolder(): string {
  // The package exports only its build; the data files sit beside it in the installed package.
  return join(dirname(createRequire(import.meta.url).resolve("vega-datasets")), "..", "data");
}

function readRecords(file: string): Array<Record<string, unknown>> {
  const text = readFileSync(join(datasetsFolder(), file), "utf8");
  return file.endsWith(".csv") ? csvParse(text) : (JSON.parse(text) as Array<Record<string, unknown>>);
}

/** A field as a finite number, or null (JSON null, an empty CSV cell, text that is not a number). */
function numberOf(value: unknown): number | null {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value !== "string" || value.trim() === "") return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

/**
 * Loads a task from the installed package: records with a missing label or feature are dropped, each
 * feature is standardised over the remaining records (so that one L2 strength suits every feature).
 *
 * @example loadTask("penguins").classes // => ["Adelie", "Chinstrap", "Gentoo"]
 * @throws Error when the package's file is missing or unreadable (a broken install).
 */
export function loadTask(id: TableId): Task {
  const spec = TASKS[id];
  const complete: Array<{ features: number[]; label: string }> = [];
  let dropped = 0;
  for (const record of readRecords(spec.file)) {
    const features = spec.features.map((name) => numberOf(record[name]));
    const label = record[spec.label];
    if (typeof label !== "string" || label === "" || features.some((f) => f === null)) dropped += 1;
    else complete.push({ features: features as number[], label });
  }
  const classes = [...new Set(complete.map((r) => r.label))].sort();
  const dims = spec.features.length;
  const rows = complete.length;
  const x = new Float64Array(rows * dims);
  for (let f = 0; f < dims; f += 1) {
    let mean = 0;
    for (const r of complete) mean += r.features[f];
    mean /= rows;
    let variance = 0;
    for (const r of complete) variance += (r.features[f] - mean) ** 2;
    const sd = Math.sqrt(variance / rows) || 1;
    complete.forEach((r, i) => {
      x[i * dims + f] = (r.features[f] - mean) / sd;
    });
  }
  const labels = Int32Array.from(complete, (r) => classes.indexOf(r.label));
  return { spec, classes, x, labels, rows, dims, dropped };
}
