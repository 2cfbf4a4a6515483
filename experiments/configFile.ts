/**
 * Reading a JSON config file and validating it with a zod schema, so that every bad file is refused
 * with one line: `SOURCE: FIELD: MESSAGE, got VALUE`.
 */
import { readFileSync } from "node:fs";
import type { z } from "zod";

/**
 * `text` as one printable line: runs of whitespace become one space and other control characters their
 * `\uXXXX` escape (JSON.parse quotes the bad input in its message, newlines and NUL bytes included).
 */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** A config that failed to read or validate: the message is one line naming the file, the field and the value. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

function fieldPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((text, key) => (typeof key === "number" ? `${text}[${key}]` : text === "" ? String(key) : `${text}.${String(key)}`), "");
}

/**
 * A value as a refusal quotes it: JSON (so quotes and control characters show), numbers as JavaScript
 * writes them (JSON.stringify would write NaN and ±Infinity, e.g. 1e999 in a file, as null), at most 60
 * characters.
 */
export function shown(value: unknown): string {
  if (value === undefined) return "missing";
  let text: string;
  try {
    text = typeof value === "number" ? String(value) : (JSON.stringify(value) ?? String(value));
  } catch {
    text = "(a value nested too deeply to show)"; // JSON.stringify recurses where JSON.parse does not
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** The value at `path` in parsed JSON, or undefined where the path leads nowhere. */
function valueAt(data: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  return path.reduce<unknown>((node, key) => (typeof node === "object" && node !== null && Object.hasOwn(node, key) ? (node as Record<PropertyKey, unknown>)[key] : undefined), data);
}

/**
 * Validates parsed JSON with `schema`, filling its defaults.
 *
 * - The first problem is reported, as `SOURCE: FIELD: MESSAGE, got VALUE` (or `FIELD: is required`).
 * - The value is looked up in `data` by the issue's path rather than carried in the issue
 *   (`reportInput`): zod's error serialises its issues, which overflows the stack on a deeply nested value.
 *
 * @example validate(configSchema, JSON.parse(text), "fig4.json").periods // => 100
 * @throws ConfigError naming the field and its value.
 */
export function validate<Schema extends z.ZodType>(schema: Schema, data: unknown, source: string): z.output<Schema> {
  let result: z.ZodSafeParseResult<z.output<Schema>>;
  try {
    result = schema.safeParse(data);
  } catch (error) {
    // zod checks free-form JSON fields (a sweep's grid values) recursively
    if (error instanceof RangeError) throw new ConfigError(`${source}: a value is nested too deeply to check`);
    throw error;
  }
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue.path.length === 0 ? "" : `${fieldPath(issue.path)}: `;
  const input = valueAt(data, issue.path);
  if (issue.code === "invalid_type" && input === undefined) throw new ConfigError(`${source}: ${where}is required`);
  const got = issue.code === "unrecognized_keys" ? "" : `, got ${shown(input)}`;
  throw new ConfigError(oneLine(`${source}: ${where}${issue.message}${got}`));
}

/**
 * The parsed JSON of a file.
 *
 * @throws ConfigError when the file cannot be read or is not JSON.
 */
export function readJson(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new ConfigError(`${path}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? "error"})`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigError(oneLine(`${path}: not valid JSON (${(error as Error).message})`));
  }
}
