// Runs `eoslab <args>` through the real command parser in-process and returns what it wrote to stdout
// (stderr is swallowed). Shared by the CLI test files.
import { vi } from "vitest";
import { buildProgram } from "../../src/cli/program.js";

export async function runCli(args: string[]): Promise<string> {
  let out = "";
  const w = vi.spyOn(process.stdout, "write").mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
  try {
    await buildProgram().parseAsync(["node", "eoslab", ...args]);
  } finally {
    w.mockRestore();
    e.mockRestore();
  }
  return out;
}
