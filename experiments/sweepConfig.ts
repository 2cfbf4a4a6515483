/**
 * A sweep: one market config (the base) run at every point of a grid of field overrides, under several
 * seeds. The grid's points and cells are expanded and every point's config validated before anything
 * runs, so a bad value anywhere is refused with one line before a single cell is computed.
 */
import { dirname, isAbsolute, join } from "node:path";
import { z } from "zod";
import { configSchema, type Config } from "./config.js";
import { ConfigError, readJson, validate } from "./configFile.js";

/** A field of the base config: `discount`, `policy.reducedFactor`, `buyers[1].budget`, … */
const FIELD_PATH = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*|\[\d+\])*$/;

/** Enough for any sweep one machine finishes; a typo like `seeds: 1e9` is refused instead of running for ever. */
export const MAX_CELLS = 1_000_000;

const sweepSchema = z
  .strictObject({
    name: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, "must be 1–64 letters, digits, '_', '.' or '-'"),
    description: z.string().optional(),
    /** The base market config, relative to the sweep file. */
    base: z.string().min(1),
    /** Field path → the values it takes; the points are every combination, the first field varying slowest. */
    grid: z
      .record(z.string(), z.array(z.json()).min(1).max(10_000))
      .refine((grid) => Object.keys(grid).length > 0, "must name at least one field")
      .superRefine((grid, ctx) => {
        for (const field of Object.keys(grid).filter((key) => !FIELD_PATH.test(key))) {
          ctx.addIssue({ code: "custom", path: [field], message: "must be a field path such as discount, policy.reducedFactor or buyers[0].budget", input: field });
        }
      }),
    /** Seeds per point: each point's seed and the next `seeds − 1`. */
    seeds: z.number().int().min(1).max(10_000).default(1),
  })
  .superRefine((sweep, ctx) => {
    const points = Object.values(sweep.grid).reduce((n, values) => n * values.length, 1);
    if (points * sweep.seeds > MAX_CELLS) {
      ctx.addIssue({ code: "custom", path: ["grid"], message: `makes ${points} points × ${sweep.seeds} seeds, more than ${MAX_CELLS} cells`, input: Object.keys(sweep.grid) });
    }
  });

export type SweepSpec = z.output<typeof sweepSchema>;

/** One grid point: its overrides and the validated config they make. */
export interface SweepPoint {
  index: number;
  overrides: Array<{ field: string; value: z.core.util.JSONType }>;
  config: Config;
}

export interface Sweep {
  spec: SweepSpec;
  /** The base config file as the sweep names it, resolved against the sweep file's folder. */
  basePath: string;
  points: SweepPoint[];
}

type Json = z.core.util.JSONType;

/** `base` with `value` at `field` (intermediate objects created as needed); `base` is not modified. */
function withField(base: Json, field: string, value: Json, source: string): Json {
  const copy = structuredClone(base);
  const keys = [...field.matchAll(/([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]/g)].map((m) => (m[2] === undefined ? m[1] : Number(m[2])));
  let node: Json = copy;
  keys.forEach((key, k) => {
    const last = k === keys.length - 1;
    const missing = () => new ConfigError(`${source}: grid: ${JSON.stringify(field)} has no ${typeof key === "number" ? `element [${key}]` : `field ${JSON.stringify(key)}`} in the base config`);
    if (typeof key === "number") {
      if (!Array.isArray(node) || key >= node.length) throw missing();
      if (last) node[key] = value;
      else node = node[key];
    } else {
      if (typeof node !== "object" || node === null || Array.isArray(node)) throw missing();
      if (last) node[key] = value;
      else node = node[key] ??= {};
    }
  });
  return copy;
}

function shortValue(value: Json): string {
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/**
 * Reads a sweep file, its base config, and validates the config of every grid point.
 *
 * @throws ConfigError naming the file, the grid point and the field, e.g.
 *   `discount.json, point discount=2: discount: must lie in (0, 1], got 2`.
 */
export function loadSweep(path: string): Sweep {
  const spec = validate(sweepSchema, readJson(path), path);
  // An absolute base is used as given; a relative one is relative to the sweep file, as docs/configs.md says.
  const basePath = isAbsolute(spec.base) ? spec.base : join(dirname(path), spec.base);
  const base = readJson(basePath) as Json;
  const fields = Object.entries(spec.grid);
  const combinations = fields.reduce<Array<SweepPoint["overrides"]>>(
    (partial, [field, values]) => partial.flatMap((overrides) => values.map((value) => [...overrides, { field, value }])),
    [[]],
  );
  const points = combinations.map((overrides, index) => {
    const where = `${path}, point ${overrides.map(({ field, value }) => `${field}=${shortValue(value)}`).join(" ")}`;
    const data = overrides.reduce((config, { field, value }) => withField(config, field, value, path), base);
    return { index, overrides, config: validate(configSchema, data, where) };
  });
  return { spec, basePath, points };
}

/** One cell: a point under one seed, and its place in the sweep's cell order. */
export interface SweepCell {
  /** 0-based: the points in order, each under its seeds in order (what `sweep.json`'s rows follow). */
  index: number;
  point: SweepPoint;
  seed: number;
}

/** Every cell of a sweep, in cell order: point 0 under its seeds, then point 1, … */
export function sweepCells({ spec, points }: Pick<Sweep, "spec" | "points">): SweepCell[] {
  return points.flatMap((point) => Array.from({ length: spec.seeds }, (_, k) => ({ index: point.index * spec.seeds + k, point, seed: point.config.seed + k })));
}
