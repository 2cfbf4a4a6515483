/**
 * A figure of MODEL §9 as the figure builders hand it over: a Vega-Lite spec with its data inline, and
 * what the manifest records about it (the config and seed that made it).
 */
import type { TopLevelSpec } from "vega-lite";

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

/** The house style every spec shares: a font the PNG renderer has, and a white background. */
export const FONT = "DejaVu Sans";
