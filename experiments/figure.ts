/**
 * A figure of MODEL §9 as the figure builders hand it over: a Vega-Lite spec with its data inline, and
 * what the manifest records about it (the config and seed that made it).
 */
import type { TopLevelSpec } from "vega-lite";
import { z } from "zod";

export type { TopLevelSpec };

export interface Figure {
  /** File stem under `reports/figures/`, e.g. "fig4a". */
  id: string;
  title: string;
  /** What the figure shows and how to read it; the MODEL §9 caption where it has one. */
  caption: string;
  /** The config file that made it, relative to the repository root, e.g. "experiments/configs/fig4.json". */
  config: string;
  /** The seed of the run (the first seed where several were averaged); null for a figure with no randomness. */
  seed: number | null;
  /** Every seed averaged, for figures that show a mean over seeds. */
  seeds?: number[];
  spec: TopLevelSpec;
}

/** One entry of `reports/figures/manifest.json`: a figure without its spec. */
export type ManifestEntry = Omit<Figure, "spec">;

const figureId = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, "must be 1–64 letters, digits, '_', '.' or '-'");

/** `manifest.json` as `figures` writes it and `report` reads it back. */
export const manifestSchema: z.ZodType<ManifestEntry[]> = z.array(
  z.strictObject({
    id: figureId,
    title: z.string(),
    caption: z.string(),
    config: z.string().min(1),
    seed: z.number().nullable(),
    seeds: z.array(z.number()).optional(),
  }),
);

/** The house style every spec shares: a font the PNG renderer has, and a white background. */
export const FONT = "DejaVu Sans";

/** Plot size of every single-view figure: about 1.5 px a grid point of a 400-point curve, room for a legend beside. */
export const PLOT_WIDTH = 600;
export const PLOT_HEIGHT = 360;

/**
 * The top of every figure's spec: the Vega-Lite schema, the title, the caption as `description`, and
 * the house plot size (a builder that needs another size overrides it after the spread).
 *
 * @example specHeader("Fig. 3", "U_T(p) against p").width // => 600
 */
export function specHeader(title: string, caption: string) {
  return { $schema: "https://vega.github.io/schema/vega-lite/v6.json", title, description: caption, width: PLOT_WIDTH, height: PLOT_HEIGHT } as const;
}
