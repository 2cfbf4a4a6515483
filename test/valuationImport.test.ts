import { existsSync, mkdirSync, mkdtempSync, readFileSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { simulate } from "../experiments/algorithm2.js";
import { ConfigError, parseConfig, type Config } from "../experiments/config.js";
import type { RunRecord } from "../experiments/records.js";
import { moneyRefusal } from "../theory/money.js";
import { initialSellers, syntheticScore } from "../experiments/synthetic.js";
import { importedValuation, loadValuation } from "../experiments/valuation.js";
import {
  MAX_IMPORT_BYTES,
  parseValuationCsv,
  parseValuationImport,
  parseValuationJson,
  readValuationImport,
} from "../experiments/valuationImport.js";
import { runCommand } from "./runCommand.js";

const scratch = () => mkdtempSync(join(tmpdir(), "fairshare-import-"));

/** The market the tests import into: 2 buyers (λ 1 and 2), sellers S1–S5 in two tiers, T = 6, noise > 0. */
const marketFields = {
  name: "import-test",
  periods: 6,
  seed: 17,
  discount: 0.9,
  groups: ["fairshare", "reduced", "random", "exploitative"],
  participation: "linear:0.5",
  buyers: [
    { id: "B1", budget: 12 },
    { id: "B2", budget: 4, valueOfPerformance: 2 },
  ],
  sellers: { tiers: [{ name: "high", quality: 3, count: 2 }, { name: "low", quality: 1, count: 3 }], cost: { base: 0.2, perQuality: 0.4 } },
  valuation: { source: "synthetic", noise: 0.4, decay: 0.1 },
};
const synthetic = parseConfig(marketFields, "import-test");
const importing = (file: string, fields: Record<string, unknown> = {}): Config =>
  parseConfig({ ...marketFields, valuation: { source: "import", file }, ...fields }, "import-test");

interface Row {
  buyer: string;
  seller: string;
  period: number;
  value: number;
}

/** Every buyer × initial seller × period of the test market, in that order, with the synthetic scores of `seed`. */
function syntheticRows(seed = synthetic.seed): Row[] {
  return synthetic.buyers.flatMap((buyer) =>
    initialSellers(synthetic).flatMap((seller) =>
      Array.from({ length: synthetic.periods }, (_, k) => ({ buyer: buyer.id, seller: seller.id, period: k + 1, value: syntheticScore(synthetic, seed, buyer.id, seller, k + 1) })),
    ),
  );
}

/** CSV text of rows, each cell at full precision (`String(x)` round-trips a double). */
const csv = (rows: ReadonlyArray<Row>, header = "buyer,seller,period,value"): string =>
  [header, ...rows.map((r) => `${r.buyer},${r.seller},${r.period},${String(r.value)}`)].join("\n") + "\n";

/** The message of the ConfigError `run` throws; fails if it returns or throws anything else. */
function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error, String(error)).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("expected a ConfigError, but the input was accepted");
}

describe("import valuation (MODEL §7): imported scores drive Algorithm 2 exactly as the same synthetic scores do", () => {
  // Oracle: the synthetic run itself. Writing its scores with String(x) and reading them back must give
  // the same doubles, so every price, purchase and stay draw of every group is identical.
  const reference = simulate(synthetic, synthetic.seed);

  it("simulate(config, seed, path, imported CSV of the synthetic scores) deep-equals the synthetic run's groups", () => {
    const dir = scratch();
    writeFileSync(join(dir, "vals.csv"), csv(syntheticRows()));
    const config = importing("vals.csv");
    const run = simulate(config, config.seed, join(dir, "config.json"), loadValuation(config, join(dir, "config.json")).scores);
    expect(run.groups).toStrictEqual(reference.groups);
    expect(run.sellers).toStrictEqual(reference.sellers);
    expect(run.config.valuation).toStrictEqual({ source: "import", file: "vals.csv" });
  });

  it("the same for a JSON array of {buyer, seller, period, value} rows", () => {
    const dir = scratch();
    writeFileSync(join(dir, "vals.json"), JSON.stringify(syntheticRows()));
    const config = importing("vals.json");
    expect(simulate(config, config.seed, join(dir, "c.json"), loadValuation(config, join(dir, "c.json")).scores).groups).toStrictEqual(reference.groups);
  });

  it("the same for a CSV with its columns reordered, padded cells, CRLF line ends, a byte-order mark, blank lines and rows in reverse", () => {
    const rows = syntheticRows().reverse();
    const text = "\uFEFF period , value,buyer ,seller\r\n\r\n" + rows.map((r) => ` ${r.period},${String(r.value)} , ${r.buyer},${r.seller}\r\n`).join("") + "\r\n  \r\n";
    const table = parseValuationImport(new TextEncoder().encode(text), synthetic, "vals.csv");
    expect(simulate(synthetic, synthetic.seed, null, importedValuation(table)).groups).toStrictEqual(reference.groups);
  });

  it("worked example: V = λ_b · v, so B2 (λ = 2) values S1's period-1 dataset at 2 · 0.75 = 1.5 when the file says 0.75", () => {
    const rows = syntheticRows().map((r) => ({ ...r, value: r.seller === "S1" && r.period === 1 ? 0.75 : r.value }));
    const table = parseValuationCsv(csv(rows), synthetic, "vals.csv");
    expect(table.score("B2", "S1", 1)).toBe(0.75);
    const first = simulate(synthetic, 1, null, importedValuation(table)).groups[0].periods[0].sellers[0];
    expect(first.values).toStrictEqual([0.75, 1.5]);
  });

  it("worked example: V = λ_b · v enters the market rounded half to even to the money unit (MODEL §2): 1/3 is worth 0.333333 to B1 and 0.666667 to B2", () => {
    // By hand: 1/3 → 0.333333|33… and 2/3 → 0.666666|67… at 6 decimals; the table keeps the file's score.
    const rows = syntheticRows().map((r) => ({ ...r, value: r.seller === "S1" && r.period === 1 ? 1 / 3 : r.value }));
    const table = parseValuationCsv(csv(rows), synthetic, "vals.csv");
    expect(table.score("B1", "S1", 1)).toBe(1 / 3);
    const first = simulate(synthetic, 1, null, importedValuation(table)).groups[0].periods[0].sellers[0];
    expect(first.values).toStrictEqual([0.333333, 0.666667]);
  });

  it("simulate(config with source import) without its scores is a programming error naming loadValuation, not a silent synthetic run", () => {
    expect(() => simulate(importing("vals.csv"), 1)).toThrow(/loadValuation/);
    expect(() => simulate(importing("vals.csv"), 1)).not.toThrow(ConfigError);
  });

  it("loadValuation resolves the file relative to the config's directory, not the working directory", () => {
    const dir = scratch();
    writeFileSync(join(dir, "vals.csv"), csv(syntheticRows()));
    const score = loadValuation(importing("vals.csv"), join(dir, "any.json")).scores;
    if (typeof score !== "function") throw new Error("an import is a stateless source");
    expect(score(99, "B1", initialSellers(synthetic)[2], 4)).toBe(syntheticRows().find((r) => r.buyer === "B1" && r.seller === "S3" && r.period === 4)!.value);
    expect(refusal(() => loadValuation(importing("vals.csv"), "elsewhere/any.json"))).toBe("elsewhere/vals.csv: cannot read the file (ENOENT)");
  });
});

describe("readValuationImport(file, config) refuses a bad file with one line: FILE:LINE: FIELD: message, got VALUE", () => {
  const rows = syntheticRows();
  const T = synthetic.periods;
  const edit = (index: number, change: Partial<Record<keyof Row, unknown>>) => rows.map((r, i) => (i === index ? { ...r, ...change } : r)) as Row[];
  // Row i of csv(rows) is on line i + 2 (line 1 is the header).
  // The expected message after the file's path; a pattern where it quotes Node's own JSON error text.
  const cases: Array<[string, string, string | Uint8Array, string | RegExp]> = [
    ["an unknown buyer", "vals.csv", csv(edit(0, { buyer: "B9" })), ':2: buyer: must be a buyer of the config (B1, B2), got "B9"'],
    ["an unknown seller", "vals.csv", csv(edit(3, { seller: "S6" })), ':5: seller: must be an initial seller of the config (S1, S2, S3, S4, S5), got "S6"'],
    ["period 0", "vals.csv", csv(edit(0, { period: 0 })), ':2: period: must be a whole number in 1..6, got "0"'],
    ["period T + 1", "vals.csv", csv(edit(1, { period: T + 1 })), ':3: period: must be a whole number in 1..6, got "7"'],
    ["period 1.5", "vals.csv", csv(edit(2, { period: 1.5 })), ':4: period: must be a whole number in 1..6, got "1.5"'],
    ["a negative value", "vals.csv", csv(edit(5, { value: -1 })), ':7: value: must be a finite number ≥ 0, got "-1"'],
    // B1's λ is 1: a score worth less than half a millionth is refused, as a typed budget would be (MODEL §2).
    ["a value worth under half a money unit", "vals.csv", csv(edit(5, { value: 4e-7 })), ':7: value: is worth 4e-7 to buyer B1 (λ·v), which is not 0 but rounds to 0 money units of 0.000001 (money decimals 6), got "4e-7"'],
    ["a value worth more than 2^53 − 1 money units", "vals.csv", csv(edit(5, { value: 1e10 })), ':7: value: is worth 10000000000 to buyer B1 (λ·v), which is beyond 9007199254.740991, the 2^53 − 1 money units of 0.000001 that are exact (money decimals 6), got "10000000000"'],
    ["NaN", "vals.csv", csv(edit(5, { value: Number.NaN })), ':7: value: must be a finite number ≥ 0, got "NaN"'],
    ["Infinity", "vals.csv", csv(edit(6, { value: Number.POSITIVE_INFINITY })), ':8: value: must be a finite number ≥ 0, got "Infinity"'],
    ["1e999, which overflows to Infinity", "vals.csv", csv(edit(6, { value: "1e999" })), ':8: value: must be a finite number ≥ 0, got "1e999"'],
    ["an empty value", "vals.csv", csv(edit(7, { value: "" })), ':9: value: must be a finite number ≥ 0, got ""'],
    ["non-number text", "vals.csv", csv(edit(7, { value: "abc" })), ':9: value: must be a finite number ≥ 0, got "abc"'],
    ["hexadecimal", "vals.csv", csv(edit(7, { value: "0x1" })), ':9: value: must be a finite number ≥ 0, got "0x1"'],
    ["a duplicate row", "vals.csv", csv([...rows, rows[4]]), `:${rows.length + 2}: row: repeats line 6 (buyer B1, seller S1, period 5), got "B1,S1,5,${rows[4].value}"`],
    ["a missing row", "vals.csv", csv(rows.filter((r) => !(r.buyer === "B1" && r.seller === "S3" && r.period === 4))), ": missing the row buyer B1, seller S3, period 4"],
    ["a header without the value column", "vals.csv", "buyer,seller,period\nB1,S1,1\n", ':1: header: has no value column, got "buyer,seller,period"'],
    ["an unknown header column", "vals.csv", "\n\nbuyer,seller,period,score\n", ':3: header: "score" is not a column (the columns are buyer, seller, period, value), got "buyer,seller,period,score"'],
    ["a repeated header column", "vals.csv", "buyer,seller,buyer,value\n", ':1: header: repeats the column buyer, got "buyer,seller,buyer,value"'],
    ["a line with too few fields", "vals.csv", csv(rows).replace(`B1,S1,3,${rows[2].value}`, "B1,S1,3"), ':4: row: must have 4 comma-separated fields, as the header does, got "B1,S1,3"'],
    ["an empty file", "vals.csv", "", ":1: header: must name the columns buyer,seller,period,value (in any order), got an empty file"],
    ["bytes that are not UTF-8", "vals.csv", new Uint8Array([0x62, 0xff, 0xfe, 0x0a]), ": not UTF-8 text"],
    ["JSON that is not an array", "vals.json", '{"rows": []}', ': must be an array of {buyer, seller, period, value} rows, got {"rows":[]}'],
    ["JSON that does not parse", "vals.json", "[{]", /^: not valid JSON \(.*position 2.*\)$/],
    ["a JSON row that is not an object", "vals.json", "[5]", ": [0]: must be an object {buyer, seller, period, value}, got 5"],
    ["a JSON row missing a field", "vals.json", JSON.stringify([rows[0], rows[1], { buyer: "B1", seller: "S1", period: 3 }]), ': [2].value: is required, got {"buyer":"B1","seller":"S1","period":3}'],
    ["a JSON row with an unknown field", "vals.json", JSON.stringify([{ ...rows[0], method: "LESS" }]), ': [0].method: is not a field of a row (buyer, seller, period, value), got "LESS"'],
    ["a JSON value given as text", "vals.json", JSON.stringify(edit(1, { value: "0.5" })), ': [1].value: must be a finite number ≥ 0, got "0.5"'],
    ["a JSON value of 1e999", "vals.json", JSON.stringify(rows).replace(`"value":${rows[0].value}`, '"value":1e999'), ": [0].value: must be a finite number ≥ 0, got Infinity"],
    ["a JSON period given as text", "vals.json", JSON.stringify(edit(0, { period: "1" })), ': [0].period: must be a whole number in 1..6, got "1"'],
    ["a duplicate JSON row", "vals.json", JSON.stringify([rows[0], rows[0]]), `: [1]: repeats [0] (buyer B1, seller S1, period 1), got ${JSON.stringify(rows[0]).slice(0, 57)}...`],
    ["an empty JSON array", "vals.json", "[]", ": missing the row buyer B1, seller S1, period 1"],
    ["an unknown extension", "vals.txt", csv(rows), ': an imported valuation must be a .csv or .json file, got ".txt"'],
  ];

  it.each(cases)("refuses %s (%s)", (_, name, content, suffix) => {
    const path = join(scratch(), name);
    writeFileSync(path, content);
    const message = refusal(() => readValuationImport(path, synthetic));
    if (typeof suffix === "string") expect(message).toBe(`${path}${suffix}`);
    else expect(message.slice(0, path.length) === path && suffix.test(message.slice(path.length)), message).toBe(true);
    expect(message).not.toMatch(/[\r\n]/);
  });

  it("refuses entry (entry.probability > 0): entrants would have no rows", () => {
    const path = join(scratch(), "vals.csv");
    writeFileSync(path, csv(rows));
    expect(refusal(() => readValuationImport(path, importing("vals.csv", { entry: { probability: 0.25 } })))).toBe(
      `${path}: entry.probability: must be 0 with an imported valuation (entrants have no rows), got 0.25`,
    );
  });

  it("refuses a missing file, a directory, and a file over MAX_IMPORT_BYTES before reading it", () => {
    const dir = scratch();
    expect(refusal(() => readValuationImport(join(dir, "none.csv"), synthetic))).toBe(`${join(dir, "none.csv")}: cannot read the file (ENOENT)`);
    expect(refusal(() => readValuationImport(dir + "/.json", synthetic))).toMatch(/must be a \.csv or \.json file|cannot read/);
    const big = join(dir, "big.csv");
    writeFileSync(big, "");
    truncateSync(big, MAX_IMPORT_BYTES + 1); // sparse: takes no disk space
    expect(refusal(() => readValuationImport(big, synthetic))).toBe(`${big}: is 200.0 MiB, over the 200 MiB an imported valuation may be`);
  });

  it("a message keeps to one line even when the value holds line breaks (U+2028 included)", () => {
    const message = refusal(() => parseValuationJson(JSON.stringify([{ ...rows[0], buyer: "B\u2028\n1" }]), synthetic, "odd\nname.json"));
    expect(message).not.toMatch(/[\r\n\u2028\u2029]/);
    expect(message).toMatch(/\[0\]\.buyer: must be a buyer of the config/);
  });

  it("table.score(buyer, seller, period) is the file's value; a lookup outside the config it was checked against is a programming error", () => {
    const table = parseValuationJson(JSON.stringify(rows), synthetic, "vals.json");
    expect(table.score("B2", "S5", 6)).toBe(rows[rows.length - 1].value);
    expect(() => table.score("B1", "S6", 1)).toThrow(/no score for buyer B1, seller S6, period 1/);
  });
});

describe("the import parsers never throw anything but ConfigError, whatever the bytes (fast-check, seed 20251)", () => {
  const FUZZ = { seed: 20251, numRuns: 300 } as const;
  /** A one-buyer, one-seller, one-period market, so random text is accepted now and then. */
  const tiny = parseConfig({ ...marketFields, periods: 2, buyers: [{ id: "B1", budget: 3 }], sellers: { tiers: [{ name: "t", quality: 1, count: 1 }], cost: { base: 0, perQuality: 0 } } }, "tiny");

  /** Accepted (a table), or refused with a one-line ConfigError; anything else fails the property. */
  const outcome = (run: () => unknown): "table" | "refused" => {
    try {
      run();
      return "table";
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      if (/[\r\n]/.test(error.message)) throw new Error(`a refusal spans lines: ${JSON.stringify(error.message)}`);
      return "refused";
    }
  };

  it("random bytes, read as a .csv and as a .json file", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        outcome(() => parseValuationImport(bytes, tiny, "fuzz.csv"));
        outcome(() => parseValuationImport(bytes, tiny, "fuzz.json"));
      }),
      FUZZ,
    );
  });

  const pieces = fc.constantFrom(
    "buyer", "seller", "period", "value", ",", ",", "\n", "\n", "\r\n", "\r", " ", "\t", "B1", "B2", "S1", "S2", "S0",
    "1", "2", "3", "0", "-1", "-0", "1.5", "1e999", "1e-400", "NaN", "Infinity", "", "\uFEFF", '"', "abc", "0.25", ".5", "5.", "+2", "e3", "\u2028",
  );
  const csvText = fc.oneof(
    fc.array(pieces, { maxLength: 60 }).map((p) => p.join("")),
    fc.array(pieces, { maxLength: 40 }).map((p) => `buyer,seller,period,value\n${p.join("")}`),
    fc.array(fc.tuple(pieces, pieces, pieces, pieces), { maxLength: 4 }).map((rows) => `buyer,seller,period,value\n${rows.map((r) => r.join(",")).join("\n")}`),
  );

  it("random text built from CSV pieces (headers, ids, numbers, separators, line ends)", () => {
    const seen = { table: 0, refused: 0 };
    fc.assert(
      fc.property(csvText, (text) => {
        seen[outcome(() => parseValuationCsv(text, tiny, "fuzz.csv"))] += 1;
      }),
      FUZZ,
    );
    expect(seen.refused, "the fuzzer reaches refusals").toBeGreaterThan(0);
  });

  it("random JSON values, and random arrays of row-like objects", () => {
    const cell = fc.oneof(fc.constantFrom("B1", "S1", "S2", 1, 2, 0, -1, 0.5, 1.5, 1e308), fc.jsonValue({ maxDepth: 2 }));
    const rowLike = fc.record({ buyer: cell, seller: cell, period: cell, value: cell, extra: cell }, { requiredKeys: [] });
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.array(rowLike, { maxLength: 4 })), (value) => {
        outcome(() => parseValuationJson(JSON.stringify(value) ?? "", tiny, "fuzz.json"));
      }),
      FUZZ,
    );
  });

  it("a complete table in any row order, any column order and any values ≥ 0 is read back exactly when λ·v is money the unit holds, and refused naming its row otherwise", () => {
    const seen = { accepted: 0, refused: 0 };
    // Any double ≥ 0, or one near the unit's ends: half a millionth (B1's λ is 1) and 2^53 − 1 millionths.
    const value = fc.oneof(fc.double({ min: 0, max: Number.MAX_VALUE, noNaN: true }), fc.double({ min: 1e-7, max: 1e-6, noNaN: true }), fc.double({ min: 9e9, max: 9.1e9, noNaN: true }));
    fc.assert(
      fc.property(
        fc.shuffledSubarray(["buyer", "seller", "period", "value"] as const, { minLength: 4, maxLength: 4 }),
        fc.array(value, { minLength: 2, maxLength: 2 }),
        fc.boolean(),
        (columns, values, reverse) => {
          const rows = values.map((value, k) => ({ buyer: "B1", seller: "S1", period: k + 1, value }));
          const ordered = reverse ? [...rows].reverse() : rows;
          const text = [columns.join(","), ...ordered.map((r) => columns.map((c) => String(r[c])).join(","))].join("\n");
          // Which money the unit holds is moneyRefusal's to say (test/exactMoney.test.ts): 0, or from over half a unit to 2^53 − 1 units.
          const bad = ordered.findIndex((r) => moneyRefusal(r.value) !== null);
          if (bad === -1) {
            const table = parseValuationCsv(text, tiny, "fuzz.csv");
            expect([table.score("B1", "S1", 1), table.score("B1", "S1", 2)]).toStrictEqual(values.map((v) => v + 0));
            seen.accepted += 1;
          } else {
            const message = refusal(() => parseValuationCsv(text, tiny, "fuzz.csv"));
            expect(message, `values ${values}`).toMatch(new RegExp(`^fuzz\\.csv:${bad + 2}: value: is worth .* to buyer B1 \\(λ·v\\), which (is not 0 but rounds to 0|is beyond)`));
            seen.refused += 1;
          }
        },
      ),
      FUZZ,
    );
    expect(seen.accepted > 0 && seen.refused > 0, `accepted ${seen.accepted}, refused ${seen.refused}`).toBe(true);
  });
});

describe("simulate CONFIG --valuation import:FILE", () => {
  /** A config file in a fresh directory, with the test market. */
  function setup(valuation: Record<string, unknown> = marketFields.valuation) {
    const dir = scratch();
    const config = join(dir, "config.json");
    writeFileSync(config, JSON.stringify({ ...marketFields, valuation }));
    return { dir, config, out: join(dir, "out") };
  }
  /** Scores unlike any synthetic draw: v = (b + 1)·0.5 + j·0.25 + t/8 for buyer b, seller S(j+1), period t. */
  const madeUp = (): Row[] =>
    syntheticRows().map((r) => ({ ...r, value: Number(r.buyer.slice(1)) * 0.5 + (Number(r.seller.slice(1)) - 1) * 0.25 + r.period / 8 }));

  it("writes records whose values are λ_b times the imported scores (made-up scores in eighths, so on the grid exactly), and whose config names the import, relative to the config's directory", async () => {
    const { dir, config, out } = setup();
    const file = join(dir, "scores", "vals.csv");
    mkdirSync(join(dir, "scores"));
    writeFileSync(file, csv(madeUp()));
    const result = await runCommand(["simulate", config, "--valuation", `import:${file}`, "--out", out]);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    const record = JSON.parse(readFileSync(join(out, "records.json"), "utf8")) as RunRecord;
    expect(record.config.valuation).toStrictEqual({ source: "import", file: join("scores", "vals.csv") });
    const lambda = [1, 2];
    for (const group of record.groups) {
      for (const period of group.periods) {
        for (const seller of period.sellers) {
          const want = madeUp().filter((r) => r.seller === seller.id && r.period === period.period).map((r, b) => lambda[b] * r.value);
          expect(seller.values, `${group.group}, period ${period.period}, ${seller.id}`).toStrictEqual(want);
        }
      }
    }
  });

  it("a config with {source: import, file} reads the file beside the config and gives the same records as the flag", async () => {
    const { dir, config, out } = setup({ source: "import", file: "vals.json" });
    writeFileSync(join(dir, "vals.json"), JSON.stringify(madeUp()));
    expect((await runCommand(["simulate", config, "--out", out])).code).toBe(0);
    const flagged = setup();
    expect((await runCommand(["simulate", flagged.config, "--valuation", `import:${join(dir, "vals.json")}`, "--out", flagged.out])).code).toBe(0);
    const groups = (path: string) => (JSON.parse(readFileSync(join(path, "records.json"), "utf8")) as RunRecord).groups;
    expect(groups(out)).toStrictEqual(groups(flagged.out));
  });

  it("a bad file exits 2 with one stderr line naming the line and the field, and creates no output directory", async () => {
    const { dir, config, out } = setup();
    const file = join(dir, "vals.csv");
    writeFileSync(file, csv(madeUp().map((r, i) => (i === 9 ? { ...r, value: -2 } : r))));
    const result = await runCommand(["simulate", config, "--valuation", `import:${file}`, "--out", out]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`fairshare simulate: ${file}:11: value: must be a finite number ≥ 0, got "-2"\n`);
    expect(existsSync(out)).toBe(false);
  });

  it.each([["synthetic"], ["import:"], ["vals.csv"]])("refuses --valuation %s: only import:FILE is accepted", async (flag) => {
    const { config, out } = setup();
    const result = await runCommand(["simulate", config, "--valuation", flag, "--out", out]);
    expect(result).toMatchObject({ code: 2, stderr: `fairshare simulate: --valuation must be import:FILE, got ${JSON.stringify(flag)}\n` });
    expect(existsSync(out)).toBe(false);
  });
});
