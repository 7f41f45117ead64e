// CLI ergonomics: Examples in every --help (and they run), --quiet, one JSON value
// under --json on every command, readable tables by default, progress only on stderr.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { exampleArgs, exampleRedirect, HELP_EXAMPLES, PROGRAM_EXAMPLES, shownExamples } from "../../src/cli/help-examples.js";
import { buildProgram } from "../../src/cli/program.js";

const ROOT = resolve(fileURLToPath(new URL(".", import.meta.url)), "../..");
const CLI = join(ROOT, "dist/cli/index.js");

class Exit extends Error {
  constructor(readonly code: number) {
    super(`process.exit(${code})`);
  }
}

/** `eoslab <args>` in this process: stdout, stderr and the exit code if it called process.exit (help does). */
async function cli(args: string[]): Promise<{ out: string; err: string; exit: number | null }> {
  let out = "", err = "";
  const w = vi.spyOn(process.stdout, "write").mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, "write").mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
  const x = vi.spyOn(process, "exit").mockImplementation(((code?: number) => {
    throw new Exit(code ?? 0);
  }) as never);
  let exit: number | null = null;
  try {
    await buildProgram().parseAsync(["node", "eoslab", ...args]);
  } catch (er) {
    if (!(er instanceof Exit)) throw er;
    exit = er.code;
  } finally {
    w.mockRestore();
    e.mockRestore();
    x.mockRestore();
  }
  return { out, err, exit };
}

const program = buildProgram();
const NAMES = program.commands.map((c) => c.name());

let dir = "";
const DATA = { X: [[1, 0, 1], [0, 1, 1]], y: [1, -1] };
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "eoslab-ergo-"));
  writeFileSync(join(dir, "data.json"), JSON.stringify(DATA));
  writeFileSync(join(dir, "point.json"), JSON.stringify({ theta: [0.5, -0.5, 0.5] }));
  for (const i of [1, 2]) {
    const r = await cli(["sweep", "--count", "3", "--steps", "2000", "--jsonl", join(dir, `s${i}.jsonl`), "--shard", `${i}/2`, "--quiet"]);
    expect(r.exit).toBeNull();
  }
});

/** Small, quick settings for every command (without --json); a new command must be added here. */
const CASES: Record<string, () => string[]> = {
  bench: () => ["bench", "--quick", "--only", "deep-scalar", "--backends", "simd", "--runs", "5"],
  seed: () => ["seed", "--steps", "200"],
  sharpness: () => ["sharpness", "--model", "linear", "--data", join(dir, "data.json"), "--point", join(dir, "point.json"), "--top", "2"],
  run: () => ["run", "--eta-frac", "0.9", "--steps", "2000"],
  paper: () => ["paper", "--out", join(dir, "paper")],
  sweep: () => ["sweep", "--count", "3", "--steps", "2000", "--out", join(dir, "sweep")],
  merge: () => ["merge", join(dir, "s1.jsonl"), join(dir, "s2.jsonl"), "--out", join(dir, "merged.jsonl")],
  slurm: () => ["slurm", "--tasks", "2", "--count", "3", "--steps", "2000", "--out", join(dir, "slurm-job"), "--eoslab", "eoslab"],
  report: () => ["report", "--out", join(dir, "report")],
  catapult: () => ["catapult", "--width", "64", "--steps", "60", "--grid", "0.5,1.5,2.5", "--refine", "0"],
  sharpening: () => ["sharpening", "--samples", "40", "--hidden", "4", "--eta", "0.01", "--steps", "40", "--every", "10"],
};

describe("--help shows examples", () => {
  it("eoslab --help: exit 0, an Examples block whose lines call registered commands", async () => {
    const r = await cli(["--help"]);
    expect(r.exit).toBe(0);
    expect(r.out).toContain("\nExamples:\n");
    expect(r.out).toContain("--quiet");
    expect(shownExamples(program, "")).toEqual(PROGRAM_EXAMPLES);
    for (const ex of PROGRAM_EXAMPLES) {
      expect(r.out).toContain(`  $ ${ex.line}\n`);
      const args = exampleArgs(ex.line)!;
      expect(args[0] === "help" ? args[1] : args[0]).toSatisfy((n: string) => NAMES.includes(n));
    }
  });

  it.each(NAMES)("eoslab %s --help: exit 0, 2–4 calls of this command, every flag real", async (name) => {
    const r = await cli([name, "--help"]);
    expect(r.exit).toBe(0);
    expect(r.out).toContain("\nExamples:\n");
    const table = HELP_EXAMPLES[name];
    expect(table, `no examples for ${name} in src/cli/help-examples.ts`).toBeDefined();
    // None hidden: every command and flag the examples use exists.
    expect(shownExamples(program, name)).toEqual(table);
    for (const ex of table) expect(r.out).toContain(`  $ ${ex.line}\n`);
    const calls = table.map((e) => exampleArgs(e.line)).filter((a): a is string[] => a !== null);
    const own = calls.filter((a) => a[0] === name);
    expect(own.length).toBeGreaterThanOrEqual(2);
    expect(own.length).toBeLessThanOrEqual(4);
    // Other eoslab lines are setup steps (merge's shards) of registered commands.
    for (const a of calls) expect(NAMES).toContain(a[0]);
    // Setup lines are plain `echo '…' > file`, so the block can be pasted as is.
    for (const e of table) if (exampleArgs(e.line) === null) expect(e.line).toMatch(/^echo '[^']*' > \S+$/);
  });

  it("every command has a case below, and the help lists every command", async () => {
    expect(Object.keys(CASES).sort()).toEqual([...NAMES].sort());
    const r = await cli(["--help"]);
    for (const n of NAMES) expect(r.out).toContain(`  ${n} `);
  });
});

describe("the examples run as written", () => {
  // Each block in its own empty directory, line by line, in this process. Left out: bench without --quick
  // (seconds of timing), and paper/report, which the --json and table tests below run with the same code.
  const skip = (line: string): boolean => /^eoslab (paper|report)\b/.test(line) || (/^eoslab bench\b/.test(line) && !line.includes("--quick"));
  const cwd = process.cwd();
  afterAll(() => process.chdir(cwd));
  /** Commands whose default (table) output an example has shown to be readable text. */
  const tables = new Set<string>();

  it.each([["(top level)", PROGRAM_EXAMPLES] as const, ...Object.entries(HELP_EXAMPLES)])("%s", async (name, examples) => {
    const here = join(dir, "examples", name.replace(/\W/g, "_"));
    mkdirSync(here, { recursive: true });
    process.chdir(here);
    try {
      for (const ex of examples) {
        if (skip(ex.line)) continue;
        const args = exampleArgs(ex.line);
        if (args === null) {
          const m = /^echo '([^']*)' > (\S+)$/.exec(ex.line)!;
          writeFileSync(m[2], m[1] + "\n");
          continue;
        }
        const r = await cli(args);
        expect(r.exit ?? 0, `${ex.line}: ${r.err}`).toBe(0);
        expect(r.out.length, ex.line).toBeGreaterThan(0);
        const to = exampleRedirect(ex.line);
        if (to) writeFileSync(to, r.out);
        if (args.includes("--json")) expect(() => JSON.parse(r.out), ex.line).not.toThrow();
        else if (args[0] !== "help") {
          // Tables by default: several lines of text, not JSON.
          expect(r.out.trim().split("\n").length, ex.line).toBeGreaterThanOrEqual(2);
          expect(() => JSON.parse(r.out), ex.line).toThrow();
          tables.add(args[0]);
        }
        if (args.includes("--quiet")) expect(r.err, ex.line).toBe("");
      }
    } finally {
      process.chdir(cwd);
    }
  });

  it("every command but paper and report printed a table in its examples", () => {
    expect([...tables].sort()).toEqual(NAMES.filter((n) => n !== "paper" && n !== "report").sort());
  });
});

describe("--json: one JSON value on stdout, nothing else; --quiet: nothing on stderr", () => {
  const json: Record<string, string> = {};
  it.each(Object.keys(CASES))("%s --json --quiet", async (name) => {
    const r = await cli([...CASES[name](), "--json", "--quiet"]);
    json[name] = r.out;
    expect(r.exit).toBeNull();
    expect(r.err).toBe("");
    // One line, one value: JSON.parse of the whole stdout (it rejects NaN, trailing text or a second value).
    expect(r.out.endsWith("\n")).toBe(true);
    expect(r.out.trimEnd()).not.toContain("\n");
    const j = JSON.parse(r.out);
    expect(typeof j === "object" && j !== null && !Array.isArray(j)).toBe(true);
  });

  it("report --json: the seed experiment, the paper rows and checks, the bifurcation summary and the files written", async () => {
    // The output of the report case above (the tests of a file run in order).
    const j = JSON.parse(json.report);
    expect(j.seed.rows).toHaveLength(6);
    expect(j.paper.rows).toHaveLength(15);
    // Independent of the table: the sum over rows, and the list of failures is consistent with it.
    const passed = j.paper.rows.reduce((s: number, x: { checksPassed: number }) => s + x.checksPassed, 0);
    expect(j.paper.checks.passed).toBe(passed);
    expect(j.paper.checks.total - j.paper.checks.passed).toBe(j.paper.checks.failed.length);
    expect(j.bifurcation.points).toHaveLength(151);
    const segs = j.bifurcation.segments as { etaFrom: number; etaTo: number; label: string; count: number }[];
    expect(segs.reduce((s, x) => s + x.count, 0)).toBe(151);
    for (let k = 1; k < segs.length; k++) expect(segs[k].label).not.toBe(segs[k - 1].label);
    expect(segs[0].etaFrom).toBe(0.35);
    expect(segs[segs.length - 1].etaTo).toBeCloseTo(0.5, 12);
    // η = 0.35 from the paper's first start: ηλ(θ∥₀) ≈ 0.35 · 2.02/0.39 ≈ 1.81 < 2, stable (docs/design.md §2).
    expect(j.bifurcation.points[0].label).toBe("stable");
    for (const f of [j.files.html, ...j.files.paperFigures, ...j.files.bifurcation]) expect(existsSync(f)).toBe(true);
  });
});

describe("tables by default, progress on stderr", () => {
  // The other commands' tables: the examples above; report's: paper-cli.test.ts.
  it("paper prints readable text, not JSON", async () => {
    const r = await cli(CASES.paper());
    expect(r.exit).toBeNull();
    expect(r.out).toContain("Checks passed:");
    expect(() => JSON.parse(r.out)).toThrow();
  });

  it("without --quiet, progress goes to stderr and stdout is the same as with --quiet", async () => {
    const dataRun = ["run", "--model", "linear", "--data", join(dir, "data.json"), "--eta-frac", "0.9", "--steps", "2000", "--json"];
    const loud = await cli(dataRun);
    const quiet = await cli([...dataRun, "--quiet"]);
    expect(loud.err).toMatch(/^[\w-]+: linear n=2 d=3 p=3/);
    expect(quiet.err).toBe("");
    expect(quiet.out).toBe(loud.out);
  });
});

describe("the built CLI (node dist/cli/index.js)", () => {
  // The same without --quiet writes its progress line (checked in-process above).
  it.skipIf(!existsSync(CLI))("exit codes and streams: help 0, usage error 2 (one line, even with --quiet), --quiet silences progress", () => {
    const node = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: "utf8" });
    const help = node(["run", "--help"]);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain("Examples:\n");
    const bad = node(["--quiet", "run", "--eta", "-1"]);
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe("");
    expect(bad.stderr).toMatch(/^eoslab: [^\n]+\n$/);
    const args = ["run", "--model", "linear", "--data", "data.json", "--eta-frac", "0.9", "--steps", "2000", "--json"];
    const quiet = node([...args, "--quiet"]);
    expect(quiet.status).toBe(0);
    expect(quiet.stderr).toBe("");
    expect(JSON.parse(quiet.stdout).label).toBe("empirical");
  });
});

describe("--version", () => {
  it("the program's version is the package's (the bundled CLI substitutes it; the tsc build must agree)", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
    expect(buildProgram().version()).toBe(pkg.version);
  });
});
