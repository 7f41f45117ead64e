// vitest globalSetup: the whole run gets a private temporary directory, and
// the run fails if any test leaves something in it.
//
// Why a private directory rather than diffing the system temp directory:
// other processes (another developer's run, a CLI that a test spawns, the
// browser suite) create eoslab-* folders in /tmp at the same moment, so a
// before/after diff of /tmp would blame this run for their folders and flake.
// Here TMPDIR points at a fresh directory that only this run knows about;
// os.tmpdir() in the test workers and in every CLI a test spawns (children
// inherit the environment) resolves to it. Anything still in it at teardown
// was made by this run and not removed: a test that does not clean up.
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export default function setup(): () => void {
  const previous = process.env.TMPDIR;
  // Created under the real temp directory, before TMPDIR is changed.
  const dir = mkdtempSync(join(tmpdir(), "eoslab-vitest-run-"));
  // The pool's workers are started after globalSetup returns, so they inherit it.
  process.env.TMPDIR = dir;
  // An interrupted run (Ctrl-C) skips the teardown below: remove the directory on exit anyway.
  process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    let left: string[] = [];
    try {
      left = readdirSync(dir);
    } finally {
      // Removed either way, so that a failing check does not itself leave a folder behind.
      rmSync(dir, { recursive: true, force: true });
    }
    if (left.length > 0) {
      // vitest reports an error thrown here but still exits 0: set the exit code too.
      process.exitCode = 1;
      throw new Error(
        `tests left ${left.length} item(s) in the temporary directory: ${left.slice(0, 20).join(", ")}. ` +
          "Every test must remove what it creates there (afterAll/onTestFinished with rmSync({ recursive: true, force: true })).",
      );
    }
  };
}
