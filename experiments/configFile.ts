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
  return text.replace(/\s+/g, " ").replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** A config that failed to read or validate: the message is one line naming the file, the field and the value. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

function fieldPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((text, key) => (typeof key === "number" ? `${text}[${key}]` : text === "" ? String(key) : `${text}.${String(key)}`), "");
}

function shown(value: unknown): string {
  if (value === undefined) return "missing";
  // JSON.stringify writes NaN and ±Infinity (1e999 in a file parses to Infinity) as null.
  const text = typeof value === "number" && !Number.isFinite(value) ? String(value) : (JSON.stringify(value) ?? String(value));
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/**
 * Validates parsed JSON with `schema`, filling its defaults.
 *
 * - The first problem is reported, as `SOURCE: FIELD: MESSAGE, got VALUE` (or `FIELD: is required`).
 *
 * @example validate(configSchema, JSON.parse(text), "fig4.json").periods // => 100
 * @throws ConfigError naming the field and its value.
 */
export function validate<Schema extends z.ZodType>(schema: Schema, data: unknown, source: string): z.output<Schema> {
  const result = schema.safeParse(data, { reportInput: true });
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue.path.length === 0 ? "" : `${fieldPath(issue.path)}: `;
  if (issue.code === "invalid_type" && issue.input === undefined) throw new ConfigError(`${source}: ${where}is required`);
  const got = issue.code === "unrecognized_keys" ? "" : `, got ${shown(issue.input)}`;
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
