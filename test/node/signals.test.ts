// Signals and locks, end to end on the built CLI (dist/cli/index.js; run `npm run build:ts` first), docs/design.md §6:
// SIGINT / SIGTERM end a sweep within a second at any point (the last point and --workers 1 included) with exit
// 130 / 143 and a valid JSONL; `eoslab run` with a huge --steps ends at once too; a second writer of a --jsonl
// file is refused while the first runs, and the lock goes with the first. Every wait is on an event (a line on
// stderr, the child's exit), never on a timer.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const cli = fileURLToPath(new URL("../../dist/cli/index.js", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "eoslab-signals-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const at = (name: string): string => join(dir, name);

interface Child {
  child: ChildProcessWithoutNullStreams;
  stderr: () => string;
  /** Resolves when stderr has matched `re`. */
  waitFor: (re: RegExp) => Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

function start(args: string[]): Child {
  const child = spawn(process.execPath, [cli, ...args], { stdio: ["pipe", "pipe", "pipe"] });
  let err = "";
  const waiters: { re: RegExp; resolve: () => void }[] = [];
  child.stdout.resume();
  child.stderr.on("data", (d) => {
    err += String(d);
    for (const w of waiters.splice(0)) if (w.re.test(err)) w.resolve(); else waiters.push(w);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal, at: performance.now() })));
  return {
    child, stderr: () => err, exited,
    waitFor: (re) => new Promise((resolve, reject) => {
      if (re.test(err)) return resolve();
      waiters.push({ re, resolve });
      // If the child ends without printing it, fail with what it did print.
      void exited.then(() => (re.test(err) ? resolve() : reject(new Error(`exited without ${re}: ${err}`))));
    }),
  };
}

/** A sweep whose only grid point takes far longer than any test: 1.5·10⁹ steps. */
const ENDLESS = ["sweep", "--count", "1", "--steps", "1500000000"];

describe("signals", () => {
  for (const [sig, code] of [["SIGINT", 130], ["SIGTERM", 143]] as const) {
    it(`${sig} during the last (only) point of a --workers 1 sweep: exit ${code} within 1 s, JSONL valid, lock gone`, async () => {
      const f = at(`last-${sig}.jsonl`);
      const c = start([...ENDLESS, "--workers", "1", "--jsonl", f, "--out", at(`last-${sig}`)]);
      await c.waitFor(/grid points to compute/);
      const sent = performance.now();
      c.child.kill(sig);
      const e = await c.exited;
      expect(e.code, c.stderr()).toBe(code);
      expect(e.at - sent).toBeLessThan(1000);
      expect(c.stderr()).toMatch(new RegExp(`interrupted \\(${sig}\\); 0 of 1 grid points are saved in .*last-${sig}\\.jsonl`));
      // Valid: the sweep's header line and no partial line.
      expect(readFileSync(f, "utf8")).toMatch(/^\{"eoslabSweep":2,[^\n]*\}\n$/);
      expect(existsSync(f + ".lock")).toBe(false);
      expect(existsSync(at(`last-${sig}/bifurcation.svg`))).toBe(false); // no figures from an interrupted sweep
    }, 60_000);
  }

  it("SIGINT without --jsonl: exit 130, says nothing was saved", async () => {
    const c = start([...ENDLESS, "--out", at("nojsonl")]);
    await c.waitFor(/grid points to compute/);
    const sent = performance.now();
    c.child.kill("SIGINT");
    const e = await c.exited;
    expect(e.code).toBe(130);
    expect(e.at - sent).toBeLessThan(1000);
    expect(c.stderr()).toMatch(/interrupted \(SIGINT\) after 0 of 1 grid points; nothing was saved/);
  }, 60_000);

  it("eoslab run with a huge --steps ends within 1 s of SIGTERM (by the signal: the shell sees 143)", async () => {
    const c = start(["run", "--eta", "0.1", "--steps", "2000000000"]);
    // run prints nothing before its result; wait for the process to have started node (its stdin is open)
    // by sending a ping through a child that echoes nothing: the spawn event.
    await new Promise<void>((resolve) => c.child.once("spawn", () => resolve()));
    const sent = performance.now();
    c.child.kill("SIGTERM");
    const e = await c.exited;
    expect(e.code === 143 || e.signal === "SIGTERM", JSON.stringify(e)).toBe(true);
    expect(e.at - sent).toBeLessThan(1000);
  }, 60_000);
});

describe("locks", () => {
  it("a second sweep on the same --jsonl is refused while the first runs; merge onto it too; the lock goes with the first", async () => {
    const f = at("shared.jsonl");
    const first = start([...ENDLESS, "--jsonl", f, "--out", at("first")]);
    await first.waitFor(/grid points to compute/); // the store (and its lock) is open before this line
    const second = start([...ENDLESS, "--jsonl", f, "--out", at("second")]);
    const e2 = await second.exited;
    expect(e2.code).toBe(1);
    expect(second.stderr()).toMatch(new RegExp(`^eoslab: --jsonl file .*shared\\.jsonl is in use by another eoslab process \\(pid ${first.child.pid}[^\\n]*\\n$`));
    const merge = start(["merge", f, "--out", f]);
    const em = await merge.exited;
    expect(em.code).not.toBe(0);
    first.child.kill("SIGINT");
    expect((await first.exited).code).toBe(130);
    expect(existsSync(f + ".lock")).toBe(false);
    expect(readFileSync(f, "utf8")).toMatch(/^\{"eoslabSweep":2,[^\n]*\}\n$/); // the header only: no point was finished
  }, 60_000);
});
