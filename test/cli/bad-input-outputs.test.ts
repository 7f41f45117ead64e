// Bad input, outputs class (docs/design.md §6): an output path that another eoslab process holds locked, an
// output that is not a regular file (named pipe, device, directory), and two outputs of one command that resolve
// to the same file. Every row runs in-process through the real command parser (bad-input-harness.ts) and must
// give exactly one "eoslab: …" line, the exit code, nothing on stdout — and must leave the path as it was.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCliOutcome } from "./bad-input-harness.js";
import { runCli } from "./cli-harness.js";

const dir = mkdtempSync(join(tmpdir(), "eoslab-bad-outputs-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const at = (name: string): string => join(dir, name);
// A tiny grid: two η values, a few steps (the rows are about paths, not results).
const GRID = ["--count", "2", "--steps", "40", "--tail", "4"];

let fifo: string | null = null;
let shard = "";
let shardText = "";

beforeAll(async () => {
  shard = at("shard.jsonl");
  await runCli(["sweep", ...GRID, "--jsonl", shard, "--out", at("shard-figs"), "--quiet"]);
  shardText = readFileSync(shard, "utf8");
  // A lock held by a live process: this test's own pid (alive for the whole file), written as eoslab writes it.
  writeFileSync(at("held.jsonl"), shardText);
  writeFileSync(at("held.jsonl.lock"), `${process.pid}\n`);
  if (spawnSync("mkfifo", [at("pipe")]).status === 0) fifo = at("pipe");
  mkdirSync(at("a-dir"));
  mkdirSync(at("figs-with-dir/bifurcation.svg"), { recursive: true });
  symlinkSync(at("nowhere/missing"), at("dangling"));
}, 60_000);

type Row = { args: () => string[]; exit: 1 | 2; want: RegExp; after?: () => void };
const rows: Record<string, Row> = {
  "sweep --jsonl a file another process holds locked": {
    args: () => ["sweep", ...GRID, "--jsonl", at("held.jsonl"), "--out", at("o1")],
    exit: 1, want: new RegExp(`--jsonl file .*held\\.jsonl is in use by another eoslab process \\(pid ${process.pid}`),
    after: () => expect(readFileSync(at("held.jsonl"), "utf8")).toBe(shardText),
  },
  "merge --out a file another process holds locked (a sweep appending to it)": {
    args: () => ["merge", shard, "--out", at("held.jsonl")],
    exit: 1, want: /--out file .*held\.jsonl is in use by another eoslab process/,
    after: () => expect(readFileSync(at("held.jsonl"), "utf8")).toBe(shardText),
  },
  "merge --out a directory": {
    args: () => ["merge", shard, "--out", at("a-dir")],
    exit: 2, want: /--out .*a-dir is a directory, not a regular file/,
    after: () => expect(statSync(at("a-dir")).isDirectory()).toBe(true),
  },
  "merge --out a character device (/dev/null)": {
    args: () => ["merge", shard, "--out", "/dev/null"],
    exit: 2, want: /--out \/dev\/null is a character device, not a regular file/,
    after: () => expect(statSync("/dev/null").isCharacterDevice()).toBe(true),
  },
  "merge --out a dangling symbolic link": {
    args: () => ["merge", shard, "--out", at("dangling")],
    exit: 2, want: /is a dangling symbolic link/,
  },
  "merge --out equal to --figures …/bifurcation.json": {
    args: () => ["merge", shard, "--out", at("same/bifurcation.json"), "--figures", at("same")],
    exit: 2, want: /--out .*bifurcation\.json and --figures .*bifurcation\.json are the same file/,
    after: () => expect(existsSync(at("same/bifurcation.json"))).toBe(false),
  },
  "merge --figures where bifurcation.svg is a directory": {
    args: () => ["merge", shard, "--out", at("m.jsonl"), "--figures", at("figs-with-dir")],
    exit: 2, want: /--figures .*bifurcation\.svg is a directory, not a regular file/,
    after: () => expect(existsSync(at("m.jsonl"))).toBe(false),
  },
  "sweep --jsonl equal to --out …/bifurcation.json": {
    args: () => ["sweep", ...GRID, "--jsonl", at("col/bifurcation.json"), "--out", at("col")],
    exit: 2, want: /--jsonl .*bifurcation\.json and --out .*bifurcation\.json are the same file/,
    after: () => expect(existsSync(at("col/bifurcation.json"))).toBe(false),
  },
  "sweep --jsonl equal to --out …/bifurcation.svg through a relative path": {
    args: () => ["sweep", ...GRID, "--jsonl", join(at("col2"), "x", "..", "bifurcation.svg"), "--out", at("col2")],
    exit: 2, want: /are the same file/,
  },
  "sweep --jsonl a directory": {
    args: () => ["sweep", ...GRID, "--jsonl", at("a-dir")],
    exit: 2, want: /--jsonl .*a-dir is a directory, not a regular file/,
  },
  "sweep --out where bifurcation.svg is a directory (refused before computing)": {
    args: () => ["sweep", ...GRID, "--out", at("figs-with-dir")],
    exit: 2, want: /--out .*bifurcation\.svg is a directory, not a regular file/,
  },
};

describe("bad-input rows: outputs", () => {
  it.each(Object.keys(rows))("%s", async (name) => {
    const row = rows[name];
    const r = await runCliOutcome(row.args());
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^eoslab: [^\n]+\n$/); // exactly one line
    expect(r.stderr).not.toContain("internal error");
    expect(r.stderr).toMatch(row.want);
    expect(r.exitCode).toBe(row.exit);
    row.after?.();
  }, 30_000);

  it("merge --out a named pipe is refused, and the pipe is still a pipe", async () => {
    if (fifo === null) return; // no mkfifo on this system
    const r = await runCliOutcome(["merge", shard, "--out", fifo]);
    expect(r.stderr).toMatch(/^eoslab: --out .*pipe is a named pipe \(FIFO\), not a regular file[^\n]*\n$/);
    expect(r.exitCode).toBe(2);
    expect(statSync(fifo).isFIFO()).toBe(true);
    const s = await runCliOutcome(["sweep", ...GRID, "--jsonl", fifo]);
    expect(s.stderr).toMatch(/^eoslab: --jsonl .*pipe is a named pipe \(FIFO\), not a regular file[^\n]*\n$/);
    expect(s.exitCode).toBe(2);
  }, 30_000);

  it("a stale lock (its pid is gone) is taken over, and removed when the run ends", async () => {
    // A pid that certainly does not exist now: a child that has exited.
    const gone = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
    const f = at("stale.jsonl");
    writeFileSync(f + ".lock", `${gone.stdout}\n`);
    const r = await runCliOutcome(["sweep", ...GRID, "--jsonl", f, "--out", at("stale-figs"), "--json", "--quiet"]);
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout).sweep).toMatchObject({ computed: 2, complete: true });
    expect(existsSync(f + ".lock")).toBe(false);
  }, 30_000);

  it("merge --out onto one of its inputs still works (replaced through a temporary file, no lock or temp file left)", async () => {
    const f = at("self.jsonl");
    writeFileSync(f, shardText + shardText); // every point twice
    const r = await runCliOutcome(["merge", f, "--out", f, "--json"]);
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ present: 2, duplicates: 2 });
    // The merged file: the header and each point once, in grid order, without the run-to-run seconds (docs/sweeps.md).
    expect(readFileSync(f, "utf8")).toBe(shardText.replace(/,"seconds":[0-9.e+-]+/g, ""));
    expect(readdirSync(dir).filter((n) => n.includes("self.jsonl"))).toEqual(["self.jsonl"]);
  }, 30_000);
});
