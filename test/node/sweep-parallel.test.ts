// Parallel, resumable, shardable sweeps (Node-only, docs/design.md §6): `eoslab sweep --workers/--jsonl/--shard`, `eoslab merge`, Ctrl-C.
// The worker pool loads dist/node/sweep-worker.js and the SIGINT test spawns dist/cli/index.js: run `npm run build:ts` first
// (npm test does it in pretest).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, watch, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../../src/errors.js";
import { bifurcationSweep } from "../../src/experiments/bifurcation.js";
import { initSync } from "../../src/init.js";
import { engineGeometry } from "../../src/codim1/geometry.js";
import { formatIndexRanges, parseShard, shardIndices } from "../../src/experiments/sweep-grid.js";
import { headerLine, readSweepFile, recordLine, specFingerprint, sweepHeader } from "../../src/node/jsonl-store.js";
import { computeGridPoint } from "../../src/experiments/sweep-spec-point.js";
import { etaSpec, parseSweepSpec, specToJson } from "../../src/experiments/sweep-spec.js";
import { fingerprinted, fnv1a64, sweepModel } from "../../src/experiments/sweep-settings.js";
import { runCli } from "../cli/cli-harness.js";

const dir = mkdtempSync(join(tmpdir(), "eoslab-sweep-par-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const at = (name: string) => join(dir, name);
// Small and quick: 9 η values across η_c = 0.4 (stable, subcritical, critical, supercritical, period 4).
const GRID = ["--from", "0.36", "--to", "0.5", "--count", "9", "--steps", "4000", "--tail", "16"];
const SETTINGS = { depth: 5, target: 1, from: 0.36, to: 0.5, count: 9, steps: 4000, tail: 16 };

const sweepJson = async (args: string[]) => JSON.parse(await runCli(["sweep", ...GRID, "--json", ...args]));
const lines = (path: string) => readFileSync(path, "utf8").split("\n").filter((l) => l !== "");
/** The grid indices of a file's point lines (the first line is the sweep's header). */
const indicesIn = (path: string) => lines(path).map((l) => JSON.parse(l).index as number | undefined).filter((k) => k !== undefined).sort((a, b) => a! - b!);
const RUNTIME = { version: "0.2.0", backend: "simd", data: {} };

let reference: ReturnType<typeof bifurcationSweep>;
let referenceFile: string;

beforeAll(async () => {
  // The independent reference: the sequential API in this thread, one η after another.
  const engine = initSync();
  const s = fingerprinted(SETTINGS);
  reference = bifurcationSweep(sweepModel(s), engineGeometry(engine), { etaFrom: s.from, etaTo: s.to, count: s.count, steps: s.steps, tail: s.tail, theta0: s.theta0 });
  await sweepJson(["--out", at("ref")]);
  referenceFile = readFileSync(at("ref/bifurcation.json"), "utf8");
});

describe("sweep --workers", () => {
  it("--workers 2 gives bit-identical points and bytes to --workers 1 and to bifurcationSweep", async () => {
    const one = await sweepJson(["--workers", "1", "--out", at("w1")]);
    const two = await sweepJson(["--workers", "2", "--out", at("w2"), "--jsonl", at("w2.jsonl")]);
    expect(one.sweep.computed).toBe(9);
    expect(two.sweep).toMatchObject({ workers: 2, computed: 9, skipped: 0, complete: true });
    // Exact equality of every double (toEqual on numbers is Object.is: no tolerance).
    expect(two.points).toEqual(one.points);
    expect(one.points.map((p: { attractor: number[] }) => p.attractor)).toEqual(reference.points.map((p) => p.attractor));
    expect(one.points.map((p: { label: string }) => p.label)).toEqual(reference.points.map((p) => p.label));
    expect(one.lambdaStar).toBe(reference.lambdaStar);
    expect(readFileSync(at("w1/bifurcation.json"), "utf8")).toBe(referenceFile);
    expect(readFileSync(at("w2/bifurcation.json"), "utf8")).toBe(referenceFile);
    // SVGs: identical up to the clip-path id, which counts the plots drawn in this process.
    const svg = (d: string) => readFileSync(at(`${d}/bifurcation.svg`), "utf8").replace(/#?c\d+\b/g, "c");
    expect(svg("w2")).toBe(svg("w1"));
    // The labels span the regimes, so the comparison covers orbits as well as convergence.
    expect(new Set(reference.points.map((p) => p.label)).size).toBeGreaterThanOrEqual(3);
    expect(indicesIn(at("w2.jsonl"))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });
});

describe("sweep --jsonl: resume", () => {
  it("a rerun skips the points already in the file and computes only the rest", async () => {
    const f = at("resume.jsonl");
    const first = await sweepJson(["--jsonl", f, "--out", at("r1")]);
    expect(first.sweep).toMatchObject({ computed: 9, skipped: 0 });
    // Keep the header and 4 of the 9 points (0, 3, 5, 8), as if the run had stopped; the rerun must compute exactly the 5 others.
    const kept = lines(f).filter((l, i) => i === 0 || [0, 3, 5, 8].includes(JSON.parse(l).index));
    writeFileSync(f, kept.join("\n") + "\n");
    const second = await sweepJson(["--jsonl", f, "--out", at("r2"), "--workers", "2"]);
    expect(second.sweep).toMatchObject({ computed: 5, skipped: 4, complete: true });
    expect(indicesIn(f)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    const third = await sweepJson(["--jsonl", f, "--out", at("r3")]);
    expect(third.sweep).toMatchObject({ computed: 0, skipped: 9 });
    expect(lines(f)).toHaveLength(10); // the header and one line per point
    for (const d of ["r1", "r2", "r3"]) expect(readFileSync(at(`${d}/bifurcation.json`), "utf8")).toBe(referenceFile);
  });

  it("a partial last line (a crash mid-write) is dropped and that point recomputed; a complete one missing its newline is kept", async () => {
    const f = at("cut.jsonl");
    await sweepJson(["--jsonl", f, "--out", at("c0")]);
    const text = readFileSync(f, "utf8");
    const lastStart = text.lastIndexOf("\n", text.length - 2) + 1;
    writeFileSync(f, text.slice(0, lastStart + 40)); // the last line cut after 40 characters
    const parsed = readSweepFile(f);
    expect(parsed.truncatedLine).toBe(true);
    expect(parsed.records).toHaveLength(8);
    const again = await sweepJson(["--jsonl", f, "--out", at("c1")]);
    expect(again.sweep).toMatchObject({ computed: 1, skipped: 8 });
    const after = readFileSync(f, "utf8");
    expect(after.endsWith("\n")).toBe(true);
    for (const l of lines(f)) expect(() => JSON.parse(l)).not.toThrow();
    expect(indicesIn(f)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(readFileSync(at("c1/bifurcation.json"), "utf8")).toBe(referenceFile);

    writeFileSync(f, after.slice(0, -1)); // complete JSON, no final newline
    const kept = await sweepJson(["--jsonl", f, "--out", at("c2")]);
    expect(kept.sweep).toMatchObject({ computed: 0, skipped: 9 });
    expect(readFileSync(f, "utf8")).toBe(after);
  });

  it("a file from other settings is refused with one line naming what differs (exit code 2)", async () => {
    const f = at("other.jsonl");
    await sweepJson(["--jsonl", f, "--out", at("o1")]);
    const err = await runCli(["sweep", ...GRID, "--steps", "5000", "--jsonl", f]).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect((err as InvalidArgumentError).exitCode).toBe(2);
    expect((err as Error).message).toMatch(/other settings \(steps 4000 there, 5000 here\)/);
    expect((err as Error).message).not.toContain("\n");
    expect(lines(f)).toHaveLength(10); // untouched: the header and 9 points
  });

  it("a corrupt line in the middle is a one-line data error, not a crash", async () => {
    const f = at("corrupt.jsonl");
    await sweepJson(["--jsonl", f, "--out", at("k1")]);
    const ls = lines(f);
    ls[3] = ls[3].replace('"index":', '"index":"x",');
    writeFileSync(f, ls.join("\n") + "\n");
    await expect(runCli(["sweep", ...GRID, "--jsonl", f])).rejects.toThrow(/line 4 is not a sweep record/);
  });

  it("JSONL lines never contain NaN: a non-finite λ* is stored as null, with a nonFinite note", () => {
    const spec = etaSpec(fingerprinted(SETTINGS));
    const r = computeGridPoint(initSync(), spec, 0);
    const line = recordLine({ ...r, lambdaStar: NaN });
    expect(line).not.toMatch(/[:[,](NaN|-?Infinity)[,\]}]/); // no bare NaN token (the "nonFinite" note names it in a string)
    expect(JSON.parse(line)).toMatchObject({ lambdaStar: null, nonFinite: ["lambdaStar (NaN)"], index: 0, coords: { eta: 0.36 } });
    const f = at("nan.jsonl");
    writeFileSync(f, headerLine(sweepHeader(spec, RUNTIME)) + line);
    expect(readSweepFile(f).records[0].point.lambdaStar).toBeNull();
  });

  it("a stored label must be one of the Regime strings", () => {
    const spec = etaSpec(fingerprinted(SETTINGS));
    const r = computeGridPoint(initSync(), spec, 0);
    const f = at("label.jsonl");
    const head = headerLine(sweepHeader(spec, RUNTIME));
    writeFileSync(f, head + recordLine(r));
    expect(readSweepFile(f).records[0].point.observed).toBe(r.observed);
    writeFileSync(f, head + recordLine({ ...r, observed: "periodic" }));
    expect(() => readSweepFile(f)).toThrow(/line 2 is not a sweep record \(observed "periodic" is not a regime label\)/);
  });
});

describe("sweep --shard and merge", () => {
  it("shards 1/2 and 2/2, merged, equal the unsharded sweep", async () => {
    const a = await sweepJson(["--jsonl", at("s1.jsonl"), "--shard", "1/2", "--workers", "2"]);
    const b = await sweepJson(["--jsonl", at("s2.jsonl"), "--shard", "2/2"]);
    expect(a.sweep).toMatchObject({ shard: "1/2", points: 5, computed: 5, complete: false });
    expect(b.sweep).toMatchObject({ shard: "2/2", points: 4, computed: 4, complete: false });
    expect(indicesIn(at("s1.jsonl"))).toEqual([0, 2, 4, 6, 8]);
    expect(indicesIn(at("s2.jsonl"))).toEqual([1, 3, 5, 7]);
    const m = JSON.parse(await runCli(["merge", at("s1.jsonl"), at("s2.jsonl"), "--out", at("merged.jsonl"), "--figures", at("m"), "--json"]));
    expect(m).toMatchObject({ complete: true, present: 9, count: 9, missing: [], duplicates: 0, conflicting: [] });
    expect(lines(at("merged.jsonl")).slice(1).map((l) => JSON.parse(l).index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]); // grid order, after the header
    expect(readFileSync(at("m/bifurcation.json"), "utf8")).toBe(referenceFile);
    // The merged file resumes like any other: nothing left to compute.
    expect((await sweepJson(["--jsonl", at("merged.jsonl"), "--out", at("m2")])).sweep).toMatchObject({ computed: 0, skipped: 9 });
  });

  it("merge reports missing and duplicate grid points and draws no figures while points are missing", async () => {
    await sweepJson(["--jsonl", at("t1.jsonl"), "--shard", "1/3"]);
    const m = JSON.parse(await runCli(["merge", at("t1.jsonl"), at("t1.jsonl"), "--out", at("t.jsonl"), "--figures", at("tf"), "--json"]));
    expect(m).toMatchObject({ complete: false, present: 3, missing: [1, 2, 4, 5, 7, 8], duplicates: 3, conflicting: [], figures: null });
    expect(existsSync(at("tf/bifurcation.json"))).toBe(false);
    const text = await runCli(["merge", at("t1.jsonl"), "--out", at("t.jsonl")]);
    expect(text).toContain("3 of 9 grid points");
    expect(text).toContain("missing: 6 (indices 1–2, 4–5, 7–8)");
  });

  it("merge refuses shards of different sweeps, naming the setting", async () => {
    await runCli(["sweep", ...GRID, "--tail", "8", "--json", "--jsonl", at("u2.jsonl"), "--shard", "2/2"]);
    await sweepJson(["--jsonl", at("u1.jsonl"), "--shard", "1/2"]);
    await expect(runCli(["merge", at("u1.jsonl"), at("u2.jsonl"), "--out", at("u.jsonl")])).rejects.toThrow(/other settings .*tail 8 in .*u2\.jsonl, 16 in .*u1\.jsonl/);
  });

  it("bad --shard and --workers are usage errors (exit code 2)", async () => {
    for (const bad of ["0/2", "3/2", "1/0", "a/b", "1", "1/2/3", "-1/2", "1.5/2"]) {
      const err = await runCli(["sweep", ...GRID, "--jsonl", at("bad.jsonl"), "--shard", bad]).then(() => null, (e: unknown) => e);
      expect(err, bad).toBeInstanceOf(InvalidArgumentError);
      expect((err as Error).message, bad).toMatch(/--shard/);
    }
    await expect(runCli(["sweep", ...GRID, "--shard", "1/2"])).rejects.toThrow(/needs --jsonl/);
    for (const bad of ["0", "1.5", "x"]) await expect(runCli(["sweep", ...GRID, "--workers", bad])).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(existsSync(at("bad.jsonl"))).toBe(false);
  });
});

describe("grid, shards and fingerprint", () => {
  it("the shards of a grid partition it: every index exactly once, round-robin", () => {
    for (const count of [1, 2, 7, 10, 33]) {
      for (const n of [1, 2, 3, 5, 40]) {
        const all = Array.from({ length: n }, (_, i) => shardIndices(count, parseShard(`${i + 1}/${n}`))).flat().sort((a, b) => a - b);
        expect(all).toEqual(Array.from({ length: count }, (_, k) => k));
        for (let i = 1; i <= n; i++) for (const k of shardIndices(count, { index: i, total: n })) expect(k % n).toBe(i - 1);
      }
    }
    expect(parseShard(" 2 / 7 ")).toEqual({ index: 2, total: 7 });
    expect(formatIndexRanges([0, 1, 2, 5, 7, 8])).toBe("0–2, 5, 7–8");
  });

  it("FNV-1a 64 matches the published test vectors; the fingerprint changes with every setting, the version, the backend and the data", () => {
    expect(fnv1a64("")).toBe("cbf29ce484222325");
    expect(fnv1a64("a")).toBe("af63dc4c8601ec8c");
    expect(fnv1a64("foobar")).toBe("85944171f73967e8");
    const base = fingerprinted(SETTINGS);
    const fp = specFingerprint(etaSpec(base), RUNTIME);
    expect(specFingerprint(etaSpec(fingerprinted({ ...SETTINGS })), RUNTIME)).toBe(fp);
    const variants = [{ depth: 4 }, { target: 2 }, { from: 0.37 }, { to: 0.49 }, { count: 10 }, { steps: 4001 }, { tail: 17 }];
    for (const v of variants) expect(specFingerprint(etaSpec(fingerprinted({ ...SETTINGS, ...v })), RUNTIME), JSON.stringify(v)).not.toBe(fp);
    expect(specFingerprint(etaSpec({ ...base, theta0: base.theta0.map((x, i) => (i === 0 ? x + 1e-12 : x)) }), RUNTIME)).not.toBe(fp);
    for (const rt of [{ version: "0.2.1" }, { backend: "js" }, { data: { "d.json": "sha256:0" } }]) expect(specFingerprint(etaSpec(base), { ...RUNTIME, ...rt }), JSON.stringify(rt)).not.toBe(fp);
    // The record extras are part of it too (a file without attractors cannot resume one with them).
    expect(specFingerprint(parseSweepSpec({ ...specToJson(etaSpec(base)), record: [] }), RUNTIME)).not.toBe(fp);
  });
});

describe("stderr", () => {
  it("without a terminal: a few plain lines and no bar; under --quiet nothing; stdout is one JSON value", () => {
    const cli = fileURLToPath(new URL("../../dist/cli/index.js", import.meta.url));
    const run = (extra: string[]) => spawnSync(process.execPath, [cli, "sweep", ...GRID, "--workers", "2", "--jsonl", at("plain.jsonl"), "--out", at("plain"), "--json", ...extra], { encoding: "utf8" });
    const loud = run([]);
    expect(loud.status).toBe(0);
    expect(loud.stderr).not.toMatch(/\x1b|\r/); // no escape codes, no carriage returns
    const errLines = loud.stderr.split("\n").filter((l) => l !== "");
    expect(errLines.length).toBeGreaterThanOrEqual(1);
    expect(errLines.length).toBeLessThanOrEqual(3);
    expect(JSON.parse(loud.stdout).sweep).toMatchObject({ computed: 9 });
    const quiet = run(["--quiet"]);
    expect(quiet.status).toBe(0);
    expect(quiet.stderr).toBe("");
    expect(JSON.parse(quiet.stdout).sweep).toMatchObject({ computed: 0, skipped: 9 });
  });
});

/** Resolves when `file` (in `folder`) holds a complete point line after its header: woken by fs.watch on the folder, never by a timer. */
function firstLineIn(file: string, folder: string): Promise<void> {
  return new Promise((resolve) => {
    const has = () => existsSync(file) && readFileSync(file, "utf8").split("\n").length > 2;
    const w = watch(folder, () => {
      if (has()) {
        w.close();
        resolve();
      }
    });
    if (has()) {
      w.close();
      resolve();
    }
  });
}

describe("Ctrl-C", () => {
  it("SIGINT leaves a file of complete lines, stops, says how to resume, exits 130", async () => {
    const cli = fileURLToPath(new URL("../../dist/cli/index.js", import.meta.url));
    const f = at("sigint.jsonl");
    // 400 points of ~20 ms: the sweep is far from done when its first point is in the file and SIGINT is sent.
    const child = spawn(process.execPath, [cli, "sweep", "--count", "400", "--steps", "1000000", "--workers", "2", "--jsonl", f, "--out", at("sig")], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += String(d)));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    // Wait for an event, not a time: the first complete line in the JSONL file (fs.watch fires on each append).
    await firstLineIn(f, dir);
    child.kill("SIGINT");
    expect(await exited).toBe(130);
    const m = /interrupted \(SIGINT\); (\d+) of 400 grid points are saved in .*sigint\.jsonl; rerun the same command to resume/.exec(stderr);
    expect(m, stderr).not.toBeNull();
    const text = readFileSync(f, "utf8");
    expect(text.endsWith("\n")).toBe(true);
    const ls = lines(f).slice(1); // after the header
    for (const l of ls) expect(() => JSON.parse(l)).not.toThrow();
    expect(ls.length).toBe(Number(m![1]));
    expect(ls.length).toBeGreaterThanOrEqual(1);
    expect(ls.length).toBeLessThan(400);
    const parsed = readSweepFile(f);
    expect(parsed.truncatedLine).toBe(false);
    expect(new Set(parsed.records.map((r) => r.index)).size).toBe(ls.length);
  }, 40_000);
});
