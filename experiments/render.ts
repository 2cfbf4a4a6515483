/**
 * The one shared renderer (MODEL §9): every figure builder hands over a Vega-Lite spec, and this file
 * alone turns it into SVG (vega-lite → vega, headless) and PNG (resvg). The house style is applied
 * here, not in each builder.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { Resvg } from "@resvg/resvg-js";
import * as vega from "vega";
import { compile } from "vega-lite";
import { FONT, PLOT_HEIGHT, PLOT_WIDTH, type TopLevelSpec } from "./figure.js";


/** PNGs are drawn at twice the SVG's size so their text reads well on a high-density screen or a slide. */
export const PNG_ZOOM = 2;

/** Where Debian's fonts-dejavu-core puts the font, so resvg finds it without fontconfig. */
const DEJAVU_DIR = "/usr/share/fonts/truetype/dejavu";
const DEJAVU_FILES = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"].map((file) => join(DEJAVU_DIR, file));

/** Width and height apply to a single view (a mark or a layer); concat, facet and repeat size their parts. */
function isSingleView(spec: TopLevelSpec): boolean {
  return "mark" in spec || "layer" in spec;
}

/**
 * House style: a copy of `spec` drawn in {@link FONT} on a white background, the same in every figure.
 *
 * - `config.font` and `background` are always set; the spec's other config entries are kept.
 * - `width` and `height` default to the figures' {@link PLOT_WIDTH} × {@link PLOT_HEIGHT} only when absent, and
 *   only on a single view (a `mark` or `layer` spec); a composite spec is left to size its parts.
 * - The input is never mutated; nested values (the data) are shared with the copy, not cloned.
 *
 * @example
 * houseStyle({ mark: "point", data: { values: [] } }).config
 * // => { font: "DejaVu Sans" }
 */
export function houseStyle(spec: TopLevelSpec): TopLevelSpec {
  const size = isSingleView(spec) ? { width: PLOT_WIDTH, height: PLOT_HEIGHT } : {};
  return { ...size, ...spec, background: "white", config: { ...spec.config, font: FONT } };
}

/**
 * Renders a Vega-Lite spec to an SVG string: vega-lite compiles it to Vega, a headless Vega view
 * (renderer "none") runs the dataflow and writes the scenegraph as SVG, and the view is finalized.
 *
 * - The spec is rendered as given: apply {@link houseStyle} first for the house look.
 * - Deterministic: the same spec gives the same bytes (no timestamps, no random ids).
 * - The spec is deep-copied first, because Vega tags each data row it ingests; a frozen spec works.
 *
 * @throws (rejects) when vega-lite cannot compile the spec (e.g. an unknown mark type) or Vega cannot
 *   parse or run it; the message says which step failed.
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  let compiled: vega.Spec;
  try {
    compiled = compile(structuredClone(spec)).spec;
  } catch (error) {
    throw new Error(`renderSvg: vega-lite could not compile the spec: ${(error as Error).message}`, { cause: error });
  }
  const view = new vega.View(vega.parse(compiled), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/**
 * Rasterises an SVG (from {@link renderSvg}) to PNG bytes with resvg, at {@link PNG_ZOOM} times its
 * size, on white, with text in {@link FONT}.
 *
 * - Fonts: DejaVu Sans from `/usr/share/fonts/truetype/dejavu` when the file exists (Debian's
 *   fonts-dejavu-core), so the result does not depend on fontconfig; the system fonts otherwise. With
 *   no font at all resvg draws the marks and leaves the text out.
 * - The PNG is `PNG_ZOOM × width` by `PNG_ZOOM × height` pixels of the SVG's own size.
 *
 * @throws when resvg cannot parse the SVG.
 */
export function renderPng(svg: string): Uint8Array {
  const resvg = new Resvg(svg, {
    font: {
      loadSystemFonts: true,
      fontFiles: DEJAVU_FILES.filter((file) => existsSync(file)),
      defaultFontFamily: FONT,
    },
    fitTo: { mode: "zoom", value: PNG_ZOOM },
    background: "white",
  });
  return resvg.render().asPng();
}
