/**
 * Runs a CLI command in-process, as `npm run fairshare -- …` would, and captures what it prints; for
 * commands that may be asynchronous.
 */
import type { Io } from "../cli/io.js";
import { main } from "../cli/main.js";

export async function runCommand(argv: string[], stdin = ""): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io: Io = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), readStdin: () => stdin };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}
