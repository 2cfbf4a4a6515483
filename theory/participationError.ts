/**
 * A participation spec that does not define a valid `ρ` (MODEL §5, A2). The message is one line naming
 * the spec and the violated condition, e.g. `rho "expr:x^2 - 0.5": rho(0) = -0.5 is outside [0, 1]`.
 */
export class ParticipationError extends Error {
  override name = "ParticipationError";
}
