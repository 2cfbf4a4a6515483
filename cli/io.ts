import { readFileSync } from "node:fs";

/** Where a command reads and writes, so tests can run commands in-process. */
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  /** The whole of standard input. */
  readStdin(): string;
  /** Whether stderr is a terminal: progress bars are drawn only then. */
  stderrIsTerminal?: boolean;
}

export const processIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readStdin: () => readFileSync(0, "utf8"),
  stderrIsTerminal: process.stderr.isTTY === true,
};
