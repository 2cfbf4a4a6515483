/**
 * `atlas.json` (issue #14): the atlas's panels as data, for the claims page to count where a claim holds,
 * with one table row per cell so that `atlas.md` (and any reader of a table's `columns` and `rows`) shows
 * the same numbers.
 */
import type { AtlasCellVerdict, AtlasPanel } from "../atlasData.js";
import { formatInterval } from "./studyFindings.js";
import { table1Markdown, type TableText } from "./table1.js";

/** `atlas.json`: every panel, and its cells as a table. */
export interface Atlas extends TableText {
  panels: AtlasPanel[];
}

const differenceText = (c: AtlasCellVerdict) => (c.difference === null ? "—" : formatInterval(c.difference, true));
const horizonText = (h: number | null | undefined) => (h === undefined ? "" : h === null ? "not by T" : String(h));

/**
 * The atlas's table: one row per panel × cell, the panels in the order given.
 *
 * - `difference` is the paired difference at T with its 95% interval; a `horizon` cell shows its
 *   period-T difference there (`late`), and its T̂ in the `T̂` column.
 * - `theory T̂` is the one-buyer analogue's T̂ at the cell (`not by T` when infinite), empty on panels
 *   without a theory.
 *
 * @example atlasTable([panel]).columns[0] // => "panel"
 */
export function atlasTable(panels: ReadonlyArray<AtlasPanel>): Atlas {
  const rows = panels.flatMap((panel) =>
    panel.cells.map((c) => [
      panel.id, c.x, c.y, c.buyer ?? "sellers", c.metric, c.group, c.seeds,
      c.metric === "horizon" && c.late !== undefined ? formatInterval(c.late, true) : differenceText(c),
      horizonText(c.horizon), c.theoryHorizon === undefined ? "" : horizonText(c.theoryHorizon === null ? null : c.theoryHorizon), c.verdict,
    ]),
  );
  const caption =
    "The atlas: for each panel (atlasUtility, atlasSellers, atlasHorizon) and sweep point, the paired difference fairshare − the other group at T with its 95% t-interval " +
    "and its verdict; on atlasHorizon the empirical T̂ and the verdict of \"exploitation wins early and loses later\" (the period-1 interval below 0 and the period-T one above 0); " +
    "theory T̂ is the one-buyer analogue's. x and y are the panel's axes (atlasUtility and atlasHorizon: δ and η; atlasSellers: κ and the low-budget buyer's budget).";
  return {
    caption,
    columns: ["panel", "x", "y", "buyer", "metric", "group", "seeds", "fairshare − group at T [95% CI]", "T̂", "theory T̂", "verdict"],
    rows,
    panels: [...panels],
  };
}

/** `atlas.md`: the caption and the table. */
export function atlasMarkdown(atlas: Atlas): string {
  return table1Markdown(atlas);
}
