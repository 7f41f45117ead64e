// bench/table.mjs stopped by a signal sent to it alone (not to its process group, as a terminal's Ctrl-C would be):
// it ends the child it is running (a harness round here), exits with 143/130 and writes nothing. Needs dist/ (npm run
// build:ts). The child's pid comes from the script's own message, and the test then checks that no such process is
// left, with a bounded wait.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

/** Whether a process with this pid still runs (Linux: a zombie, state Z in /proc/<pid>/stat, no longer does). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat[stat.lastIndexOf(")") + 2] !== "Z";
  } catch {
    return false;
  }
}

describe("bench/table.mjs and signals", () => {
  for (const [sig, code] of [["SIGTERM", 143], ["SIGINT", 130]] as const) {
    it(`${sig} to the parent alone ends its running child and exits ${code}`, async () => {
      const parent = spawn(process.execPath, ["bench/table.mjs", "--no-numpy", "--rounds", "1", "--runs", "5", "--large"], { stdio: ["ignore", "ignore", "pipe"] });
      let err = "";
      parent.stderr.setEncoding("utf8");
      const exited = new Promise<number | null>((resolve) => parent.on("exit", (c) => resolve(c)));
      // Wait (bounded) until the harness round is running: its first progress line comes from the child.
      await new Promise<void>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`no progress line within 60 s; stderr: ${err}`)), 60_000);
        parent.stderr.on("data", (d: string) => {
          err += d;
          if (/bench gd-linear /.test(err)) {
            clearTimeout(t);
            resolve();
          }
        });
      });
      parent.kill(sig);
      expect(await exited).toBe(code);
      const m = new RegExp(`stopped by ${sig}, ended child (\\d+); nothing written`).exec(err);
      expect(m, err).not.toBeNull();
      const pid = Number(m![1]);
      const t0 = Date.now();
      while (alive(pid) && Date.now() - t0 < 10_000) await new Promise((r) => setTimeout(r, 50));
      expect(alive(pid)).toBe(false);
    }, 90_000);
  }
});
