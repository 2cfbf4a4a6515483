/**
 * Test helpers for Vega-Lite specs (STYLE "Figure builders"): the fields a spec encodes, the encoded
 * fields missing from the data each view draws, and the warnings vega-lite gives when compiling it.
 */
import { compile, type TopLevelSpec } from "vega-lite";

type Node = Record<string, unknown>;

const isNode = (value: unknown): value is Node => typeof value === "object" && value !== null && !Array.isArray(value);

/** Keys under which a spec nests views. */
const CHILDREN = ["layer", "hconcat", "vconcat", "concat"] as const;

/** The child views of a view: its layers or concatenated parts, or the `spec` of a facet or repeat. */
function children(view: Node): Node[] {
  const out: Node[] = [];
  for (const key of CHILDREN) {
    const list = view[key];
    if (Array.isArray(list)) out.push(...list.filter(isNode));
  }
  if (isNode(view.spec)) out.push(view.spec);
  return out;
}

/** The fields named by one channel definition: `field`, in a tooltip list, or in a `condition`. */
function channelFields(definition: unknown): string[] {
  if (Array.isArray(definition)) return definition.flatMap(channelFields);
  if (!isNode(definition)) return [];
  const own = typeof definition.field === "string" ? [definition.field] : [];
  return [...own, ...channelFields(definition.condition)];
}

/** The fields one view's own `encoding` names, without its children's. */
function ownFields(view: Node): string[] {
  return isNode(view.encoding) ? Object.values(view.encoding).flatMap(channelFields) : [];
}

/**
 * Every field the spec encodes: `encoding.*.field` of the spec and of all its layers and nested views
 * (tooltip lists and conditions included), each once, in order of first appearance.
 *
 * @example encodedFields({ layer: [{ mark: "line", encoding: { x: { field: "price" } } }] }) // => ["price"]
 */
export function encodedFields(spec: unknown): string[] {
  if (!isNode(spec)) return [];
  return [...new Set([...ownFields(spec), ...children(spec).flatMap(encodedFields)])];
}

/** The inline rows a view draws: its own `data.values`, or else its parent's. */
function rowsOf(view: Node, inherited: ReadonlyArray<unknown> | null): ReadonlyArray<unknown> | null {
  return isNode(view.data) && Array.isArray(view.data.values) ? view.data.values : inherited;
}

/**
 * Encoded fields that are not in every row of the data the view draws (its own inline data or its
 * parent's), as "view path: field" strings; `[]` when every encoded field is present in every row.
 *
 * - Fields a `calculate` or `fold` transform makes count as present.
 * - A view with no inline data in scope reports each of its fields as "(no data)".
 *
 * @example fieldsMissingFromData({ data: { values: [{ a: 1 }] }, mark: "point", encoding: { x: { field: "b" } } }) // => ["spec: b"]
 */
export function fieldsMissingFromData(spec: unknown): string[] {
  const walk = (view: Node, inherited: ReadonlyArray<unknown> | null, path: string): string[] => {
    const rows = rowsOf(view, inherited);
    const made = new Set<string>();
    for (const step of Array.isArray(view.transform) ? view.transform.filter(isNode) : []) {
      if (typeof step.as === "string") made.add(step.as);
      if (Array.isArray(step.as)) step.as.forEach((name) => made.add(String(name)));
    }
    const missing = ownFields(view)
      .filter((field) => !made.has(field))
      .filter((field) => rows === null || !rows.every((row) => isNode(row) && field in row))
      .map((field) => `${path}: ${field}${rows === null ? " (no data)" : ""}`);
    return [...missing, ...children(view).flatMap((child, i) => walk(child, rows, `${path}/${i}`))];
  };
  return isNode(spec) ? walk(spec, null, "spec") : [];
}

/**
 * Compiles a spec with vega-lite and returns the warnings it logged (`[]` for a clean spec).
 *
 * @throws what vega-lite's `compile` throws for a spec it cannot compile.
 */
export function compileWarnings(spec: TopLevelSpec): string[] {
  const warnings: string[] = [];
  let level = 0;
  const logger = {
    level(value?: number) {
      if (value === undefined) return level;
      level = value;
      return logger;
    },
    warn: (...args: unknown[]) => {
      warnings.push(args.map(String).join(" "));
      return logger;
    },
    info: () => logger,
    debug: () => logger,
    error: (...args: unknown[]) => {
      throw new Error(args.map(String).join(" "));
    },
  };
  compile(structuredClone(spec), { logger: logger as never });
  return warnings;
}
