/**
 * Stopping a long command cleanly on SIGINT or SIGTERM: the signal is noted, and the command stops at its
 * next cell boundary (after the finished cell is checkpointed), so a rerun resumes where it stopped.
 * SIGKILL cannot be caught; atomic writes and the checkpoint files make it safe all the same.
 */
import { constants } from "node:os";

/** Thrown at a cell boundary after a stop signal; `main` turns it into one line and exit code 128 + signal. */
export class Interrupted extends Error {
  override name = "Interrupted";
  constructor(readonly signal: "SIGINT" | "SIGTERM") {
    super(`stopped by ${signal}`);
  }

  /** The shell's convention: 128 + the signal number (130 for SIGINT, 143 for SIGTERM). */
  get exitCode(): number {
    return 128 + constants.signals[this.signal];
  }
}

export interface StopListener {
  /**
   * Yields to the event loop, so that a pending signal is delivered (the simulations are synchronous),
   * then throws `Interrupted` if one arrived.
   */
  boundary(): Promise<void>;
  /** Removes the handlers, restoring the default behaviour of the signals. */
  dispose(): void;
}

/** Listens for SIGINT and SIGTERM until `dispose()`; the signals no longer end the process abruptly. */
export function listenForStop(): StopListener {
  let received: "SIGINT" | "SIGTERM" | null = null;
  const onInt = () => (received ??= "SIGINT");
  const onTerm = () => (received ??= "SIGTERM");
  process.on("SIGINT", onInt);
  process.on("SIGTERM", onTerm);
  return {
    async boundary() {
      await new Promise((resolve) => setImmediate(resolve));
      if (received !== null) throw new Interrupted(received);
    },
    dispose() {
      process.off("SIGINT", onInt);
      process.off("SIGTERM", onTerm);
    },
  };
}
