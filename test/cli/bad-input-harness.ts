// Runs `eoslab <args>` in-process the way src/cli/index.ts does, and returns what the real CLI would print and
// its exit code: stdout and stderr written during the run, then the error rendered by formatError (the same
// function reportAndExit prints and exits with). Used by the bad-input table.
import { expect, it, vi } from "vitest";
import { buildProgram } from "../../src/cli/program.js";
import { formatError } from "../../src/cli/report-error.js";
import { setQuiet } from "../../src/cli/log.js";

export interface CliOutcome {
  stdout: string;
  stderr: string;
  exitCode: number;
  /** The error the command threw (undefined when it finished). */
  error: unknown;
}

class ExitCalled extends Error {
  constructor(readonly code: number) {
    super(`process.exit(${code})`);
  }
}

export async function runCliOutcome(args: string[]): Promise<CliOutcome> {
  let stdout = "", stderr = "";
  const w = vi.spyOn(process.stdout, "write").mockImplementation((s: string | Uint8Array) => ((stdout += String(s)), true));
  const e = vi.spyOn(process.stderr, "write").mockImplementation((s: string | Uint8Array) => ((stderr += String(s)), true));
  const x = vi.spyOn(process, "exit").mockImplementation((code?: string | number | null) => {
    throw new ExitCalled(Number(code ?? 0));
  });
  const debug = args.includes("--debug");
  try {
    await buildProgram().parseAsync(["node", "eoslab", ...args]);
    return { stdout, stderr, exitCode: 0, error: undefined };
  } catch (err) {
    if (err instanceof ExitCalled) return { stdout, stderr, exitCode: err.code, error: err };
    const f = formatError(err, debug);
    return { stdout, stderr: stderr + f.text, exitCode: f.exitCode, error: err };
  } finally {
    w.mockRestore();
    e.mockRestore();
    x.mockRestore();
    setQuiet(false);
  }
}

/**
 * One test per row: `eoslab <args>` prints exactly one "eoslab: …" line matching `want` on stderr, nothing on
 * stdout, and exits with 2 (InvalidArgumentError and the other usage errors). Call inside a describe().
 */
export function usageErrorRows(rows: readonly [name: string, args: string[], want: RegExp][]): void {
  for (const [name, args, want] of rows) {
    it(name, async () => {
      const r = await runCliOutcome(args);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(/^eoslab: [^\n]+\n$/);
      expect(r.stderr).toMatch(want);
      expect(r.exitCode).toBe(2);
    });
  }
}
