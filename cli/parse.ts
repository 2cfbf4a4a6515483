import { UsageError } from "./errors.js";

/** A finite number from a flag or field, or a one-line UsageError naming it and the value. */
export function parseFiniteNumber(name: string, raw: string | undefined): number {
  if (raw === undefined) throw new UsageError(`${name} is required`);
  const value = raw.trim() === "" ? Number.NaN : Number(raw);
  if (!Number.isFinite(value)) throw new UsageError(`${name} must be a finite number, got ${JSON.stringify(raw)}`);
  return value;
}

/** A whole number ≥ `min` (and ≤ `max`, when given) from a flag. */
export function parseInteger(name: string, raw: string, min: number, max = Number.POSITIVE_INFINITY): number {
  const value = parseFiniteNumber(name, raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.POSITIVE_INFINITY ? `≥ ${min}` : `in ${min}..${max}`;
    throw new UsageError(`${name} must be a whole number ${range}, got ${JSON.stringify(raw)}`);
  }
  return value;
}

/** A comma-separated list, e.g. `--only L2,L4` or `--T 1,2,5`; empty items are refused. */
export function parseList(name: string, raw: string): string[] {
  const items = raw.split(",").map((item) => item.trim());
  if (items.some((item) => item === "")) throw new UsageError(`${name} must be a comma-separated list, got ${JSON.stringify(raw)}`);
  return items;
}
