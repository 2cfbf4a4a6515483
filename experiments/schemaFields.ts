/**
 * Field schemas shared by every config (market and theory figures), so that the same quantity is
 * validated, and refused, the same way everywhere.
 */
import { z } from "zod";
import { parseParticipation, ParticipationError } from "../theory/participation.js";

/** JSON has no NaN or Infinity, but code-built configs can; refuse them by name. */
export const finite = z.number().refine(Number.isFinite, "must be a finite number");

/** `δ ∈ (0, 1]` (MODEL §1, A3). */
export const discount = finite.refine((x) => x > 0 && x <= 1, "must lie in (0, 1]");

/** `ρ` as a participation spec (`linear:η`, `power:γ`, `gap:ρ̄:γ`, `expr:…`) that satisfies A2 (MODEL §5). */
export const participation = z.string().superRefine((spec, ctx) => {
  try {
    parseParticipation(spec, { requireA2: true });
  } catch (error) {
    if (!(error instanceof ParticipationError)) throw error;
    ctx.addIssue({ code: "custom", message: error.message, input: spec });
  }
});
