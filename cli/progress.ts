import type { Io } from "./io.js";

/** Reports that `done` of `total` cells are finished. */
export type Progress = (done: number, total: number) => void;

/** `1m05s`, `42s`: short enough for one terminal line. */
export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(seconds % 60).padStart(2, "0")}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, "0")}m`;
}

/**
 * One progress line redrawn in place on stderr — cells done, elapsed time and, once a cell is done, an
 * estimate of the time left at the rate so far — or nothing at all when stderr is not a terminal, so a
 * piped or logged run stays clean. `now` is injectable so that the line can be tested.
 */
export function progressLine(io: Io, label: string, now: () => number = Date.now): Progress {
  if (io.stderrIsTerminal !== true) return () => {};
  const start = now();
  return (done, total) => {
    const width = 24;
    const filled = total === 0 ? width : Math.round((width * done) / total);
    const elapsed = now() - start;
    const left = done > 0 && done < total ? `, ~${formatDuration((elapsed * (total - done)) / done)} left` : "";
    io.stderr(`\r${label.padEnd(12)} [${"#".repeat(filled)}${" ".repeat(width - filled)}] ${done}/${total} cells, ${formatDuration(elapsed)}${left}\x1b[K${done === total ? "\n" : ""}`);
  };
}
