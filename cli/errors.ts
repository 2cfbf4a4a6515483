/** Bad input from the user (flag, file, instance): reported as one line, exit code 2, nothing written. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** The exit codes of every command. */
export const EXIT = { ok: 0, checkFailed: 1, usage: 2 } as const;
