/** Bad input from the user (flag, file, instance): reported as one line, exit code 2, nothing written. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** The exit codes of every command. */
export const EXIT = { ok: 0, checkFailed: 1, usage: 2 } as const;

/** `--check` found a broken invariant in a simulated period: one line, exit code 1, nothing more written. */
export class CheckFailed extends Error {
  override name = "CheckFailed";
}
