/**
 * The learned study's part of a config (MODEL §7, issue #13): the learning protocols a buyer may train
 * under, and the optional top-level `study` block that says which protocols and how many seeds the
 * learned study (Fig. 6, Fig. 7, Table 2) runs.
 */
import { z } from "zod";

/**
 * What a buyer trains on each period (MODEL §7, docs/model.md): `accumulate`, everything it bought;
 * `{ "window": W }`, what it bought in the last W periods (annotations age); `fresh`, this period's
 * purchases alone, from the common starting model (the same as a window of 1).
 */
export const learningProtocol = z.union([
  z.literal("accumulate"),
  z.literal("fresh"),
  z.strictObject({ window: z.number().int().min(1).max(100_000) }),
]);
export type LearningProtocol = z.infer<typeof learningProtocol>;

/**
 * A protocol's name in cell keys, tables and captions: `accumulate`, `fresh`, or `window<W>`.
 *
 * @example protocolId({ window: 5 }) // => "window5"
 */
export function protocolId(protocol: LearningProtocol): string {
  return typeof protocol === "string" ? protocol : `window${protocol.window}`;
}

/**
 * `"study": { "protocols": [...], "seeds": N }`, read only by the learned study (experiments/figureSet.ts
 * `learnedJob`), never by a single run.
 *
 * - `protocols`: the protocols Table 2 compares besides the config's own `valuation.protocol`, which the
 *   study always runs, first (Fig. 6 and Fig. 7 show it alone); a protocol listed twice is refused.
 * - `seeds`: seeds per cell, the config's seed and the next `seeds − 1` (default: LEARNED_SEEDS);
 *   `figures --seeds` overrides it.
 */
export const studySchema = z.strictObject({
  protocols: z.array(learningProtocol).min(1).superRefine((protocols, ctx) => {
    const seen = new Set<string>();
    protocols.forEach((protocol, i) => {
      const id = protocolId(protocol);
      if (seen.has(id)) ctx.addIssue({ code: "custom", message: `must not repeat a protocol (${id})`, path: [i], input: protocol });
      seen.add(id);
    });
  }).optional(),
  seeds: z.number().int().min(1).max(10_000).optional(),
});
export type StudySettings = z.infer<typeof studySchema>;
