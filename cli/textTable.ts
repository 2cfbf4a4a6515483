/**
 * The plain-text tables the commands print (`verify-lemmas`, `npm run bench`): a header, a rule, then one
 * line per row, each column as wide as its widest cell, columns two spaces apart.
 *
 * @example formatTextTable(["id", "ms"], [["L2", "279"]]) // => "id  ms\n--  ---\nL2  279"
 */
export function formatTextTable(header: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>): string {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => row[column].length)));
  const line = (cells: ReadonlyArray<string>): string => cells.map((cell, column) => cell.padEnd(widths[column])).join("  ").trimEnd();
  return [line(header), line(widths.map((width) => "-".repeat(width))), ...rows.map(line)].join("\n");
}
