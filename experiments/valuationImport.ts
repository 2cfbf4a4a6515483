/**
 * The `import` valuation source (MODEL §7): valuation scores `v_{bj,t}` computed elsewhere (for example
 * LESS or TracIn scores of a real LLM), read from a CSV or JSON file of `buyer, seller, period, value`
 * rows and validated row by row against the config. A bad file is refused with one line naming the line
 * (CSV) or index (JSON), the field and the value: `vals.csv:7: value: must be a finite number ≥ 0, got "-1"`.
 */
import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { extname } from "node:path";
import { moneyRefusal } from "../theory/money.js";
import type { Config } from "./config.js";
import { ConfigError, oneLine, shown } from "./configFile.js";
import { initialSellers } from "./synthetic.js";

/** Larger files are refused before reading: the text, its rows and the table must fit in memory at once. */
export const MAX_IMPORT_BYTES = 200 * 1024 * 1024;

/**
 * Largest table an import may fill (buyers × initial sellers × periods). A CSV row takes at least 9 bytes
 * (`B,S1,1,0` and a newline), so a file under MAX_IMPORT_BYTES holds fewer rows than this; the table is
 * then 160 MB of doubles.
 */
export const MAX_IMPORT_ROWS = 20_000_000;

/** The columns of a CSV file and the fields of a JSON row. */
export const IMPORT_COLUMNS = ["buyer", "seller", "period", "value"] as const;
type Column = (typeof IMPORT_COLUMNS)[number];

/** Imported scores `v_{bj,t}` for every buyer × initial seller × period of a config. */
export interface ValuationTable {
  /** The file, as messages name it. */
  readonly source: string;
  /** SHA-256 of the scores (not of the file's formatting): what a checkpoint must match to reuse a run. */
  readonly digest: string;
  /**
   * Score `v_{bj,t}` of initial seller `sellerId`'s period-t dataset to buyer `buyerId`.
   *
   * @throws Error for a buyer, seller or period outside the config (a programming error: the rows were
   * checked complete against the config, and entry is refused).
   */
  score(buyerId: string, sellerId: string, period: number): number;
}

/** A decimal number as text: no hex, no `Infinity`, no `NaN`, no blanks; unambiguous, so linear to match. */
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The refusal: one line, whatever the file name or value holds. */
function refuse(message: string): never {
  throw new ConfigError(oneLine(message));
}

/** A short list of ids for a message: all of them, or the first five and the last. */
function idList(ids: readonly string[]): string {
  return ids.length <= 6 ? ids.join(", ") : `${ids.slice(0, 5).join(", ")}, …, ${ids[ids.length - 1]}`;
}

/** Where a row is: `at("value")` is `vals.csv:7: value` or `vals.json: [6].value`; `at(null)` the row itself. */
type At = (field: Column | "row" | "header" | null) => string;

/** A row's cells as the file has them: CSV text, or JSON values. */
type Cells = Record<Column, unknown>;

/** Fills the table row by row; every refusal names where the row is. */
class TableBuilder {
  private readonly buyers: Map<string, number>;
  private readonly sellers: Map<string, number>;
  private readonly buyerIds: string[];
  private readonly sellerIds: string[];
  private readonly periods: number;
  /** Each buyer's `λ_b` and the money unit's decimals: a score becomes the money `λ_b·v` (MODEL §2). */
  private readonly worth: number[];
  private readonly decimals: number;
  private readonly values: Float64Array;
  /** Where each filled slot's row was (CSV line or JSON index), to name it when a row repeats. */
  private readonly origin: Uint32Array;

  constructor(
    config: Config,
    private readonly source: string,
    /** `line 4` or `[3]`, for the origin a slot recorded. */
    private readonly originName: (origin: number) => string,
    /** A cell as a number, or NaN when it is not one (CSV: decimal text; JSON: a number). */
    private readonly asNumber: (cell: unknown) => number,
  ) {
    if (config.entry.probability > 0) {
      refuse(`${source}: entry.probability: must be 0 with an imported valuation (entrants have no rows), got ${config.entry.probability}`);
    }
    this.buyerIds = config.buyers.map((b) => b.id);
    this.sellerIds = initialSellers(config).map((s) => s.id);
    this.buyers = new Map(this.buyerIds.map((id, b) => [id, b]));
    this.sellers = new Map(this.sellerIds.map((id, j) => [id, j]));
    this.periods = config.periods;
    this.worth = config.buyers.map((b) => b.valueOfPerformance);
    this.decimals = config.money.decimals;
    const size = this.buyerIds.length * this.sellerIds.length * this.periods;
    if (size > MAX_IMPORT_ROWS) {
      refuse(`${source}: the config needs ${this.buyerIds.length} buyers × ${this.sellerIds.length} sellers × ${this.periods} periods = ${size} rows, ` +
        `more than the ${MAX_IMPORT_ROWS} an import may hold`);
    }
    this.values = new Float64Array(size).fill(Number.NaN);
    this.origin = new Uint32Array(size);
  }

  /** Validates one row (buyer, seller, period, value, then not a repeat) and stores its value. */
  add(cells: Cells, at: At, origin: number, row: () => string): void {
    const { buyer, seller, period, value } = cells;
    const b = typeof buyer === "string" ? this.buyers.get(buyer) : undefined;
    if (b === undefined) refuse(`${at("buyer")}: must be a buyer of the config (${idList(this.buyerIds)}), got ${shown(buyer)}`);
    const j = typeof seller === "string" ? this.sellers.get(seller) : undefined;
    if (j === undefined) refuse(`${at("seller")}: must be an initial seller of the config (${idList(this.sellerIds)}), got ${shown(seller)}`);
    const t = this.asNumber(period);
    if (!(Number.isInteger(t) && t >= 1 && t <= this.periods)) refuse(`${at("period")}: must be a whole number in 1..${this.periods}, got ${shown(period)}`);
    const v = this.asNumber(value);
    if (!(Number.isFinite(v) && v >= 0)) refuse(`${at("value")}: must be a finite number ≥ 0, got ${shown(value)}`);
    const money = this.worth[b] * v;
    const refusal = moneyRefusal(money, this.decimals);
    if (refusal !== null) refuse(`${at("value")}: is worth ${money} to buyer ${buyer} (λ·v), which ${refusal}, got ${shown(value)}`);
    const slot = (b * this.sellerIds.length + j) * this.periods + (t - 1);
    if (!Number.isNaN(this.values[slot])) {
      refuse(`${at("row")}: repeats ${this.originName(this.origin[slot])} (buyer ${buyer}, seller ${seller}, period ${t}), got ${row()}`);
    }
    this.values[slot] = v + 0; // −0 becomes 0
    this.origin[slot] = origin;
  }

  /** The table, once every buyer × seller × period has its row; else the first missing one, in that order. */
  finish(): ValuationTable {
    const missing = this.values.findIndex(Number.isNaN);
    if (missing !== -1) {
      const t = (missing % this.periods) + 1;
      const pair = Math.floor(missing / this.periods);
      const b = Math.floor(pair / this.sellerIds.length);
      refuse(`${this.source}: missing the row buyer ${this.buyerIds[b]}, seller ${this.sellerIds[pair % this.sellerIds.length]}, period ${t}`);
    }
    const { buyers, sellers, periods, values, source } = this;
    return {
      source,
      digest: createHash("sha256").update(new Uint8Array(values.buffer)).digest("hex"),
      score(buyerId, sellerId, period) {
        const b = buyers.get(buyerId);
        const j = sellers.get(sellerId);
        if (b === undefined || j === undefined || !Number.isInteger(period) || period < 1 || period > periods) {
          throw new Error(`${source} has no score for buyer ${buyerId}, seller ${sellerId}, period ${period}: not in the config it was checked against`);
        }
        return values[(b * sellers.size + j) * periods + (period - 1)];
      },
    };
  }
}

/**
 * Imported valuation scores from CSV text: a header naming the columns `buyer, seller, period, value` in
 * any order, then one row per buyer × initial seller × period.
 *
 * - Fields are split at commas (no quoting: ids and numbers need none) and trimmed; lines may end in CRLF;
 *   blank lines are skipped; a leading byte-order mark is ignored.
 * - Each row is checked in turn: as many fields as the header; a config buyer; an initial seller (S1, S2, …);
 *   a whole period in 1..T; a decimal value, finite and ≥ 0; not a repeat. Then no row may be missing.
 * - Entry (`entry.probability > 0`) is refused: entrants have no rows.
 *
 * Cost: O(file size + buyers · sellers · T).
 *
 * @example parseValuationCsv("buyer,seller,period,value\nB1,S1,1,0.5\n", config, "vals.csv").score("B1", "S1", 1) // => 0.5
 * @throws ConfigError `FILE:LINE: FIELD: message, got VALUE` for the first bad line, or naming the first missing row.
 */
export function parseValuationCsv(text: string, config: Config, source: string): ValuationTable {
  const table = new TableBuilder(config, source, (line) => `line ${line}`, (cell) => (typeof cell === "string" && DECIMAL.test(cell) ? Number(cell) : Number.NaN));
  let columns: Column[] | null = null;
  let line = 0;
  for (let start = 0; start <= text.length; line += 1) {
    const end = text.indexOf("\n", start);
    const raw = text.slice(start, end === -1 ? text.length : end).replace(/\r$/, "");
    start = end === -1 ? text.length + 1 : end + 1;
    const content = line === 0 ? raw.replace(/^\uFEFF/, "") : raw;
    if (content.trim() === "") continue;
    const fields = content.split(",").map((field) => field.trim());
    const number = line + 1;
    const at: At = (field) => `${source}:${number}: ${field}`;
    if (columns === null) {
      columns = header(fields, at, content);
      continue;
    }
    if (fields.length !== columns.length) refuse(`${at("row")}: must have ${columns.length} comma-separated fields, as the header does, got ${shown(raw)}`);
    const cells = Object.fromEntries(columns.map((column, k) => [column, fields[k]])) as Cells;
    table.add(cells, at, number, () => shown(raw));
  }
  if (columns === null) refuse(`${source}:1: header: must name the columns ${IMPORT_COLUMNS.join(",")} (in any order), got an empty file`);
  return table.finish();
}

/** The header's columns, each of buyer, seller, period, value exactly once. */
function header(fields: string[], at: At, line: string): Column[] {
  const seen = new Set<string>();
  for (const field of fields) {
    if (!(IMPORT_COLUMNS as readonly string[]).includes(field)) {
      refuse(`${at("header")}: ${shown(field)} is not a column (the columns are ${IMPORT_COLUMNS.join(", ")}), got ${shown(line)}`);
    }
    if (seen.has(field)) refuse(`${at("header")}: repeats the column ${field}, got ${shown(line)}`);
    seen.add(field);
  }
  const absent = IMPORT_COLUMNS.find((column) => !seen.has(column));
  if (absent !== undefined) refuse(`${at("header")}: has no ${absent} column, got ${shown(line)}`);
  return fields as Column[];
}

/**
 * Imported valuation scores from JSON text: an array of `{buyer, seller, period, value}` objects, one per
 * buyer × initial seller × period, checked as parseValuationCsv checks rows (ids as strings, period and
 * value as numbers; no other fields).
 *
 * Cost: O(file size + buyers · sellers · T).
 *
 * @example parseValuationJson('[{"buyer":"B1","seller":"S1","period":1,"value":0.5}]', config, "vals.json").score("B1", "S1", 1) // => 0.5
 * @throws ConfigError `FILE: [INDEX].FIELD: message, got VALUE` for the first bad row, or naming the first missing row.
 */
export function parseValuationJson(text: string, config: Config, source: string): ValuationTable {
  const table = new TableBuilder(config, source, (index) => `[${index}]`, (cell) => (typeof cell === "number" ? cell : Number.NaN));
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    refuse(`${source}: not valid JSON (${(error as Error).message})`);
  }
  if (!Array.isArray(data)) refuse(`${source}: must be an array of {${IMPORT_COLUMNS.join(", ")}} rows, got ${shown(data)}`);
  data.forEach((row: unknown, index) => {
    const at: At = (field) => `${source}: [${index}]${field === null || field === "row" ? "" : `.${field}`}`;
    if (typeof row !== "object" || row === null || Array.isArray(row)) refuse(`${at(null)}: must be an object {${IMPORT_COLUMNS.join(", ")}}, got ${shown(row)}`);
    const fields = row as Record<string, unknown>;
    const extra = Object.keys(fields).find((key) => !(IMPORT_COLUMNS as readonly string[]).includes(key));
    if (extra !== undefined) refuse(`${source}: [${index}].${extra}: is not a field of a row (${IMPORT_COLUMNS.join(", ")}), got ${shown(fields[extra])}`);
    const absent = IMPORT_COLUMNS.find((column) => !Object.hasOwn(fields, column));
    if (absent !== undefined) refuse(`${at(absent)}: is required, got ${shown(row)}`);
    table.add(fields as Cells, at, index, () => shown(row));
  });
  return table.finish();
}

/**
 * Imported valuation scores from a file's bytes, CSV or JSON by the extension of `source` (`.csv`, `.json`,
 * any case), decoded as UTF-8.
 *
 * @throws ConfigError for another extension, bytes that are not UTF-8, or any refusal of the parsers.
 */
export function parseValuationImport(bytes: Uint8Array, config: Config, source: string): ValuationTable {
  const format = importFormat(source);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    refuse(`${source}: not UTF-8 text`);
  }
  return format === "csv" ? parseValuationCsv(text, config, source) : parseValuationJson(text, config, source);
}

function importFormat(source: string): "csv" | "json" {
  const extension = extname(source).toLowerCase();
  if (extension === ".csv" || extension === ".json") return extension === ".csv" ? "csv" : "json";
  return refuse(`${source}: an imported valuation must be a .csv or .json file, got ${shown(extension === "" ? "no extension" : extension)}`);
}

/**
 * Reads an imported valuation file (`path` as given, relative to the working directory) and checks it
 * against the config.
 *
 * @throws ConfigError when the file has another extension, cannot be read, is over MAX_IMPORT_BYTES, or
 * any row is refused or missing.
 */
export function readValuationImport(path: string, config: Config): ValuationTable {
  importFormat(path);
  let bytes: Buffer;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) refuse(`${path}: cannot read the file (not a regular file)`);
    if (stat.size > MAX_IMPORT_BYTES) {
      refuse(`${path}: is ${(stat.size / 2 ** 20).toFixed(1)} MiB, over the ${MAX_IMPORT_BYTES / 2 ** 20} MiB an imported valuation may be`);
    }
    bytes = readFileSync(path);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    refuse(`${path}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? "error"})`);
  }
  return parseValuationImport(bytes, config, path);
}
