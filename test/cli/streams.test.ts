// Standard streams of the built CLI (dist/cli/index.js; run `npm run build:ts` first), docs/design.md §6:
// a full disk on stdout is one line on stderr and exit 1; a closed stdout or stderr (the reader went away: EPIPE)
// ends the command quietly with exit 0, never an unhandled 'error' event.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const cli = fileURLToPath(new URL("../../dist/cli/index.js", import.meta.url));
const RUN = ["run", "--eta", "0.1", "--steps", "200"];

/** Spawns the CLI with its stdout and/or stderr pipe closed at once by the reader; resolves with the exit. */
function withClosed(args: string[], close: { stdout: boolean; stderr: boolean }): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    if (close.stdout) child.stdout.destroy();
    else child.stdout.resume();
    if (close.stderr) child.stderr.destroy();
    else child.stderr.on("data", (d) => (stderr += String(d)));
    child.on("close", (code, signal) => resolve({ code, signal, stderr }));
  });
}

describe("streams", () => {
  it("stdout on a full disk (/dev/full): one line on stderr, exit 1", () => {
    if (!existsSync("/dev/full")) return;
    for (const args of [RUN, [...RUN, "--json"]]) {
      const full = spawnSync("sh", ["-c", `"${process.execPath}" "${cli}" ${args.join(" ")} > /dev/full`], { encoding: "utf8" });
      expect(full.status, args.join(" ")).toBe(1);
      expect(full.stderr).toMatch(/^eoslab: cannot write to standard output: no space left on the device \(ENOSPC\)[^\n]*\n$/);
      expect(full.stderr).not.toContain("internal error");
    }
  }, 60_000);

  it("a closed stdout (like `| head -0`): exit 0, nothing on stderr", async () => {
    for (const args of [RUN, [...RUN, "--json"]]) {
      const r = await withClosed(args, { stdout: true, stderr: false });
      expect(r.code, args.join(" ")).toBe(0);
      expect(r.stderr).toBe("");
    }
  }, 60_000);

  it("a closed stderr and stdout (like `2>&1 | true`) while progress lines are written: exit 0", async () => {
    // A sweep writes progress lines on stderr before any result on stdout.
    const out = mkdtempSync(join(tmpdir(), "eoslab-streams-"));
    try {
      const r = await withClosed(["sweep", "--count", "2", "--steps", "40", "--tail", "4", "--out", out], { stdout: true, stderr: true });
      // Whichever write fails first ends it: quietly, exit 0, never by an unhandled 'error' event (exit 1).
      expect(r.signal).toBeNull();
      expect(r.code).toBe(0);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 60_000);

  it("a usage error with stderr closed keeps its exit code (2) and does not crash", async () => {
    const r = await withClosed(["run", "--bogus"], { stdout: true, stderr: true });
    expect(r.signal).toBeNull();
    expect([0, 2]).toContain(r.code); // 2 when the line was written before the pipe closed; 0 if the EPIPE came first
  }, 60_000);
});
