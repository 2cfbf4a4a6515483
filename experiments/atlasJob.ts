/**
 * The atlas's job in the figure set (issue #14): every cell (point × seed) of its two sweeps through the
 * checkpoint, on worker threads when the figure set has them, then the three heat maps and `atlas.json`.
 */
import { simulate } from "./algorithm2.js";
import { atlasCell, type AtlasCell } from "./atlasCell.js";
import { ATLAS_NEEDS, horizonPanel, requireAtlasSweep, sellersPanel, utilityPanel, type AtlasPanel, type AtlasSweepRuns } from "./atlasData.js";
import { computeCell } from "./cell.js";
import type { FigureId, Job, JobOptions } from "./figureSet.js";
import { ATLAS_TITLES, atlasFigures } from "./figures/atlas.js";
import { atlasMarkdown, atlasTable } from "./figures/atlasTable.js";
import { mapInOrder } from "./mapInOrder.js";
import { loadSweep, sweepCells, type Sweep } from "./sweepConfig.js";
import { loadValuation } from "./valuation.js";

/** The atlas's two sweep files: the δ × η one (panels a and c) and the κ × budget one (panel b). */
export interface AtlasSweeps {
  utility: string;
  sellers: string;
}

/** The default grids, sized to run in under 5 minutes on 2 cores (docs/cli.md, "figures"). */
export const ATLAS_SWEEPS: AtlasSweeps = { utility: "experiments/sweeps/atlasUtility.json", sellers: "experiments/sweeps/atlasSellers.json" };

/** The finer grids of `figures --fine`. */
export const ATLAS_FINE_SWEEPS: AtlasSweeps = { utility: "experiments/sweeps/atlasUtilityFine.json", sellers: "experiments/sweeps/atlasSellersFine.json" };

export const ATLAS_IDS = ["atlasUtility", "atlasSellers", "atlasHorizon", "atlas"] as const satisfies ReadonlyArray<FigureId>;

/** A sweep file read and checked, with `seeds` (when given) in place of its own seed count. */
function loaded(path: string, seeds: number | undefined, needs: (typeof ATLAS_NEEDS)[keyof typeof ATLAS_NEEDS]): Sweep {
  const sweep = loadSweep(path);
  requireAtlasSweep(sweep, path, needs);
  return seeds === undefined ? sweep : { ...sweep, spec: { ...sweep.spec, seeds } };
}

/**
 * The atlas: `atlasUtility` (a) and `atlasHorizon` (c) from the δ × η sweep, `atlasSellers` (b) from the
 * κ × budget sweep, and the table `atlas` (`atlas.json`, `atlas.md`) from all three panels.
 *
 * - Sweeps: `options.atlas` (`figures --fine`, `--atlas DIR`), else ATLAS_SWEEPS; `--seeds` replaces
 *   their seeds per point.
 * - One cell per sweep point × seed, keyed `<sweep name>-point<i>-seed<S>` with the point's config and
 *   seed as inputs (what `sweep` keys, with the sweep's name in front), so an interrupted atlas resumes.
 *   A cell keeps atlasCell's summary, not the run record.
 * - Cells run on `options.simulateCell` (worker threads) when given, `concurrency` at once; in this
 *   thread otherwise. The outputs are put together in cell order: the same bytes either way.
 * - Only the sweeps the asked-for ids need are run: atlasSellers alone runs only the κ × budget sweep.
 * - Both sweeps, every point's config and its grid's fit to the atlas are checked before the first cell.
 *
 * @throws ConfigError for a sweep file, point or grid the atlas cannot use.
 */
export function atlasJob(): Job {
  return {
    config: ATLAS_SWEEPS.utility,
    ids: ATLAS_IDS,
    async run({ seeds, only, cell = computeCell, inspect, progress, simulateCell, concurrency = 1, atlas = ATLAS_SWEEPS }: JobOptions) {
      const wants = (id: FigureId) => only === undefined || only.has(id);
      const needUtility = wants("atlasUtility") || wants("atlasHorizon") || wants("atlas");
      const needSellers = wants("atlasSellers") || wants("atlas");
      const sweeps = [
        ...(needUtility ? [{ path: atlas.utility, sweep: loaded(atlas.utility, seeds, ATLAS_NEEDS.utility) }] : []),
        ...(needSellers ? [{ path: atlas.sellers, sweep: loaded(atlas.sellers, seeds, ATLAS_NEEDS.sellers) }] : []),
      ];
      const work = sweeps.flatMap(({ sweep }, s) => {
        const valuations = sweep.points.map((point) => loadValuation(point.config, sweep.basePath));
        return sweepCells(sweep).map((c) => ({ ...c, sweep: s, name: sweep.spec.name, basePath: sweep.basePath, valuation: valuations[c.point.index] }));
      });
      let done = 0;
      const results = await mapInOrder(work, concurrency, async ({ point, seed, name, basePath, valuation }) => {
        const compute = async (): Promise<AtlasCell> => {
          const run = simulateCell === undefined ? simulate(point.config, seed, basePath, valuation.scores) : await simulateCell({ config: point.config, seed, configPath: basePath });
          inspect?.(run);
          return atlasCell(point, run);
        };
        const summary = await cell(`${name}-point${point.index}-seed${seed}`, { config: point.config, seed, valuation: valuation.digest }, compute);
        done += 1;
        progress?.(done, work.length);
        return summary;
      });
      const runs: AtlasSweepRuns[] = sweeps.map(({ path, sweep }, s) => {
        const mine = results.filter((_, k) => work[k].sweep === s);
        return { path, sweep, cells: sweep.points.map((point) => mine.slice(point.index * sweep.spec.seeds, (point.index + 1) * sweep.spec.seeds)) };
      });
      const utility = needUtility ? runs[0] : undefined;
      const sellers = needSellers ? runs[runs.length - 1] : undefined;
      const panels: AtlasPanel[] = [
        ...(utility === undefined || !(wants("atlasUtility") || wants("atlas")) ? [] : [utilityPanel(utility, ATLAS_TITLES.atlasUtility)]),
        ...(sellers === undefined ? [] : [sellersPanel(sellers, ATLAS_TITLES.atlasSellers)]),
        ...(utility === undefined || !(wants("atlasHorizon") || wants("atlas")) ? [] : [horizonPanel(utility, ATLAS_TITLES.atlasHorizon)]),
      ];
      const figures = atlasFigures(panels);
      if (!wants("atlas")) return { figures, tables: [] };
      const table = atlasTable(panels);
      return { figures, tables: [{ id: "atlas", table, markdown: atlasMarkdown(table) }] };
    },
  };
}
