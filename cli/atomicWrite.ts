import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

const TEMPORARY = /\.(\d+)\.tmp$/;

/**
 * Writes a file so that readers see either the old content or the whole new one: the data goes to a
 * temporary file beside the target (`<path>.<pid>.tmp`), which is flushed to disk and then renamed over
 * it (rename is atomic on one filesystem). Without the flush, a power cut soon after the rename could
 * leave the new name pointing at an empty file on some filesystems.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    const fd = openSync(temporary, "w");
    try {
      writeFileSync(fd, data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Deletes the temporary files that a killed writer (SIGKILL, power loss) left in `dir` and below, so
 * that an interrupted run leaves no partial file behind once it is rerun. Temporaries of a process that
 * is still running are left alone.
 */
export function removeStaleTemporaries(dir: string): void {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const pid = TEMPORARY.exec(entry.name)?.[1];
    if (entry.isFile() && pid !== undefined && Number(pid) !== process.pid && !isRunning(Number(pid))) {
      rmSync(join(entry.parentPath, entry.name), { force: true });
    }
  }
}
