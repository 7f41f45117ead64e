// `eoslab sweep --spec` on multi-axis grids, end to end (docs/sweeps.md): bad spec files, sharded + merged output
// byte-identical to one process, resume after a partial file, points against analyseRun called directly, the
// regime map's cells against the JSONL, and merge streaming a large file in bounded memory.
// The worker pool loads dist/node/sweep-worker.js and two tests spawn dist/cli/index.js: run `npm run build:ts` first.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EoslabError, InvalidArgumentError } from "../../src/errors.js";
import { initSync } from "../../src/init.js";
import { analyseRun } from "../../src/codim1/analyse-run.js";
import { engineGeometry } from "../../src/codim1/geometry.js";
import { deepScalar } from "../../src/models/deep-scalar.js";
import { defaultStart } from "../../src/experiments/starts.js";
import { parseSweepSpec } from "../../src/experiments/sweep-spec.js";
import { headerLine, sweepHeader } from "../../src/node/jsonl-store.js";
import { runCli } from "../cli/cli-harness.js";

const dir = mkdtempSync(join(tmpdir(), "eoslab-sweep-spec-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const at = (name: string) => join(dir, name);
const cli = fileURLToPath(new URL("../../dist/cli/index.js", import.meta.url));
const lines = (path: string) => readFileSync(path, "utf8").split("\n").filter((l) => l !== "");

// Two depths × five η/η_c around 1: stable, subcritical, critical and supercritical all appear.
const FRACS = [0.9, 0.95, 1, 1.05, 1.1];
const DEPTHS = [2, 3];
const SPEC = { model: "deep-scalar", fixed: { target: 1 }, axes: { depth: DEPTHS, etaFrac: { from: 0.9, to: 1.1, count: 5 } }, steps: 3000, tail: 16 };
const specFile = at("spec.json");
writeFileSync(specFile, JSON.stringify(SPEC));
const sweep = async (args: string[]) => JSON.parse(await runCli(["sweep", "--spec", specFile, "--json", "--quiet", ...args]));

beforeAll(async () => {
  await sweep(["--jsonl", at("one.jsonl"), "--workers", "2", "--out", at("one")]);
  await runCli(["merge", at("one.jsonl"), "--out", at("ref.jsonl"), "--quiet"]);
}, 60_000);

describe("eoslab sweep --spec: bad spec files", () => {
  const rows: [string, string, RegExp][] = [
    ["not JSON", "{model: deep-scalar", /not valid JSON|JSON/],
    ["unknown model", JSON.stringify({ ...SPEC, model: "resnet" }), /sweep spec: model must be one of/],
    ["bad axis value", JSON.stringify({ ...SPEC, axes: { depth: [2, 0], etaFrac: [1] } }), /sweep spec: axes\.depth\[1\] must be an integer in \[2, 4096\]/],
    ["a setting of another model", JSON.stringify({ ...SPEC, fixed: { target: 1, data: "x.csv" } }), /sweep spec: fixed\.data does not apply to model deep-scalar/],
    ["no learning rate", JSON.stringify({ ...SPEC, axes: { depth: [2, 3] } }), /give exactly one of eta and etaFrac/],
  ];
  for (const [what, text, re] of rows) {
    it(`${what}: a one-line error, non-zero exit`, () => {
      const f = at(`bad-${what.replace(/\W+/g, "-")}.json`);
      writeFileSync(f, text);
      const r = spawnSync(process.execPath, [cli, "sweep", "--spec", f, "--out", at("bad")], { encoding: "utf8" });
      expect(r.status, r.stderr).not.toBe(0);
      expect(r.stderr).toMatch(re);
      expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
      expect(r.stdout).toBe("");
    });
  }

  it("the η flags are refused with --spec; a missing spec file is a read error", async () => {
    const err = await runCli(["sweep", "--spec", specFile, "--steps", "100"]).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect((err as Error).message).toMatch(/--steps cannot be used with --spec/);
    const missing = await runCli(["sweep", "--spec", at("nope.json")]).then(() => null, (e: unknown) => e);
    expect(missing).toBeInstanceOf(EoslabError);
    expect((missing as EoslabError).exitCode).toBe(2);
  });
});

describe("eoslab sweep --spec: one grid, any split", () => {
  it("each point is the run analyseRun gives for its depth and η = (η/η_c)·2/λ*, λ* = p·y^(2−2/p)", async () => {
    const engine = initSync();
    const rows = lines(at("ref.jsonl")).slice(1).map((l) => JSON.parse(l));
    expect(rows).toHaveLength(DEPTHS.length * FRACS.length);
    let k = 0;
    for (const p of DEPTHS) {
      for (const frac of FRACS) {
        const r = rows[k];
        expect(r.index).toBe(k++);
        expect(r.coords.depth).toBe(p);
        expect(r.coords.etaFrac).toBeCloseTo(frac, 15);
        const lambdaStar = p; // y = 1: λ* = p·1^(2−2/p)
        expect(r.lambdaStar).toBeCloseTo(lambdaStar, 12);
        const a = analyseRun(deepScalar({ depth: p, target: 1 }), engineGeometry(engine), {
          eta: r.coords.etaFrac * (2 / r.lambdaStar), steps: 3000, theta0: defaultStart(p, 1), record: { logPoints: 200 }, tailSteps: 16,
        });
        expect(r.eta).toBe(a.eta);
        expect(r.observed).toBe(a.observation.label);
        expect(r.predicted).toBe(a.prediction.regime.regime);
        expect(r.finalLoss).toBe(a.final.loss);
        expect(r.attractor).toEqual(Array.from(a.tail.thetaPerp).slice(-16));
        expect(r.seconds).toBeUndefined(); // merged: no timings
      }
    }
    expect(new Set(rows.map((r) => r.observed)).size).toBeGreaterThanOrEqual(3);
    // The raw file keeps each point's time.
    for (const l of lines(at("one.jsonl")).slice(1)) expect(JSON.parse(l).seconds).toBeGreaterThan(0);
  }, 60_000);

  it("3 shards (different worker counts), merged in any order, are byte-identical to the one-process run", async () => {
    for (const [i, w] of [[1, 1], [2, 2], [3, 1]]) {
      const r = await sweep(["--jsonl", at(`s${i}.jsonl`), "--shard", `${i}/3`, "--workers", String(w)]);
      expect(r.sweep).toMatchObject({ shard: `${i}/3`, complete: false });
    }
    const ref = readFileSync(at("ref.jsonl"));
    for (const order of [[1, 2, 3], [3, 1, 2]]) {
      const out = at(`m${order.join("")}.jsonl`);
      const m = JSON.parse(await runCli(["merge", ...order.map((i) => at(`s${i}.jsonl`)), "--out", out, "--json", "--quiet"]));
      expect(m).toMatchObject({ complete: true, present: 10, count: 10, missingCount: 0, duplicates: 0, conflicting: [] });
      expect(readFileSync(out).equals(ref), `merge of ${order.join(",")}`).toBe(true);
    }
  }, 60_000);

  it("resume after a partial file: the rerun computes only the missing points, and the merged file is the same bytes", async () => {
    const f = at("resume.jsonl");
    const all = lines(at("one.jsonl"));
    // The header, 4 complete points, then half of a fifth line: a crash mid-write.
    writeFileSync(f, all.slice(0, 5).join("\n") + "\n" + all[5].slice(0, 30));
    const r = await sweep(["--jsonl", f, "--out", at("resumed")]);
    expect(r.sweep).toMatchObject({ computed: 6, skipped: 4, complete: true });
    await runCli(["merge", f, "--out", at("resume-merged.jsonl"), "--quiet"]);
    expect(readFileSync(at("resume-merged.jsonl")).equals(readFileSync(at("ref.jsonl")))).toBe(true);
    expect(readFileSync(at("resumed/regime-map.svg"), "utf8")).toBe(readFileSync(at("one/regime-map.svg"), "utf8"));
  }, 60_000);
});

describe("every kind of model, against eoslab run on the same settings", () => {
  // Each spec has two points; the second is compared with `eoslab run --json` (the run command's own code path).
  const data = at("data.json");
  writeFileSync(data, JSON.stringify({ X: [[1, 0.5, -0.3, 0.2, 0.9], [0.2, -1, 0.4, 0.6, -0.1], [0.7, 0.1, 1.2, -0.8, 0.3]], y: [0.6, -0.4, 0.9] }));
  const cases: [string, Record<string, unknown>, string[]][] = [
    ["deep-linear", { model: "deep-linear", fixed: { widths: [3, 4, 4, 1], input: [0.5, -1, 2], target: 1, initScale: 0.3 }, axes: { initSeed: [0, 1], etaFrac: [1.05] }, steps: 4000, tail: 16 },
      ["--model", "deep-linear", "--widths", "3,4,4,1", "--input", "0.5,-1,2", "--target", "1", "--init-scale", "0.3", "--init-seed", "1", "--eta-frac", "1.05"]],
    ["tanh-chain", { model: "tanh-chain", fixed: { target: 0.5 }, axes: { etaFrac: [0.9, 1.1] }, steps: 2000, tail: 16 },
      ["--model", "tanh-chain", "--target", "0.5", "--eta-frac", "1.1"]],
    ["diagonal (data)", { model: "diagonal", fixed: { data: "data.json", initScale: 0.5 }, axes: { initSeed: [0, 3], eta: [0.05] }, steps: 2000, tail: 16 },
      ["--model", "diagonal", "--data", data, "--init-seed", "3", "--eta", "0.05"]],
  ];
  for (const [name, spec, runArgs] of cases) {
    it(name, async () => {
      const f = at(`model-${name.replace(/\W+/g, "-")}.json`);
      writeFileSync(f, JSON.stringify(spec));
      const r = JSON.parse(await runCli(["sweep", "--spec", f, "--jsonl", `${f}l`, "--out", `${f}.out`, "--json", "--quiet"]));
      expect(r.sweep).toMatchObject({ computed: 2, complete: true });
      const p = JSON.parse(lines(`${f}l`).slice(1).find((l) => JSON.parse(l).index === 1)!);
      const run = JSON.parse(await runCli(["run", ...runArgs, "--steps", String(spec.steps), "--tail", "16", "--json"].filter((a, i, all) => !(name.startsWith("diagonal") && (a === "--tail" || all[i - 1] === "--tail")))));
      expect(p.eta).toBe(run.eta);
      expect(p.lambdaStar).toBe(run.lambdaStar);
      expect(p.predicted).toBe(run.regime.predicted);
      expect(p.observed).toBe(run.regime.observed);
      expect(p.finalLoss).toBe(run.final.loss);
    }, 120_000);
  }
});

/** The rects of a regime map: [data-x, data-y, data-label, fill, x, width]. */
function cells(svg: string): { x: number; y: number; label: string; fill: string; left: number; width: number }[] {
  return [...svg.matchAll(/<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)" height="[\d.]+" fill="([^"]+)"[^>]*data-x="(\d+)" data-y="(\d+)" data-label="([^"]*)"/g)]
    .map((m) => ({ left: Number(m[1]), width: Number(m[2]), fill: m[3], x: Number(m[4]), y: Number(m[5]), label: m[6] }));
}

describe("the regime map", () => {
  it("has one cell per JSONL row, at its axis positions, with its label; one colour per label; η = η_c at η/η_c = 1", () => {
    const svg = readFileSync(at("one/regime-map.svg"), "utf8");
    const cs = cells(svg);
    const rows = lines(at("ref.jsonl")).slice(1).map((l) => JSON.parse(l));
    expect(cs).toHaveLength(rows.length);
    for (const r of rows) {
      // x: η/η_c (the η axis goes on x), y: depth, positions from the spec's own lists.
      const i = FRACS.findIndex((v) => Math.abs(v - r.coords.etaFrac) < 1e-12), j = DEPTHS.indexOf(r.coords.depth);
      const c = cs.filter((q) => q.x === i && q.y === j);
      expect(c, `row ${r.index}`).toHaveLength(1);
      expect(c[0].label).toBe(r.observed);
    }
    const fills = new Map<string, string>();
    for (const c of cs) {
      if (fills.has(c.label)) expect(c.fill).toBe(fills.get(c.label));
      fills.set(c.label, c.fill);
    }
    expect(new Set(fills.values()).size).toBe(fills.size);
    // The dashed η = η_c line runs through the centre of the η/η_c = 1 column (x index 2).
    const line = /<polyline class="eta-critical" points="([^"]+)"/.exec(svg);
    expect(line).not.toBeNull();
    const col = cs.find((c) => c.x === 2)!;
    for (const pt of line![1].split(" ")) expect(Number(pt.split(",")[0])).toBeCloseTo(col.left + col.width / 2, 1);
  });

  it("over η itself, η = η_c = 2/λ* is drawn at each depth's own η_c", async () => {
    // y = 1: η_c = 2/p, so η_c = 1 at depth 2 and 0.5 at depth 4, both on the η axis (columns 2 and 0).
    const f = at("eta-map.json");
    writeFileSync(f, JSON.stringify({ model: "deep-scalar", fixed: { target: 1 }, axes: { depth: [2, 4], eta: [0.5, 0.75, 1] }, steps: 1000, tail: 8 }));
    await runCli(["sweep", "--spec", f, "--out", at("eta-map"), "--quiet"]);
    const svg = readFileSync(at("eta-map/regime-map.svg"), "utf8");
    const cs = cells(svg);
    const centre = (x: number) => cs.find((c) => c.x === x)!.left + cs.find((c) => c.x === x)!.width / 2;
    const pts = /<polyline class="eta-critical" points="([^"]+)"/.exec(svg)![1].split(" ").map((p) => Number(p.split(",")[0]));
    expect(pts).toHaveLength(4); // two rows, a vertical segment each
    expect(pts[0]).toBeCloseTo(centre(2), 1); // depth 2 (the first y value, the bottom row)
    expect(pts[1]).toBeCloseTo(centre(2), 1);
    expect(pts[2]).toBeCloseTo(centre(0), 1); // depth 4
    expect(pts[3]).toBeCloseTo(centre(0), 1);
  }, 60_000);
});

// `script` (util-linux) gives the child a terminal; without it the bar cannot be seen, and the test is skipped.
const hasScript = spawnSync("script", ["--version"], { encoding: "utf8" }).status === 0;

describe.skipIf(!hasScript)("the progress bar (on a terminal)", () => {
  const onTty = (extra: string) => spawnSync("script", ["-qec", `${JSON.stringify(process.execPath)} ${JSON.stringify(cli)} sweep --spec ${JSON.stringify(specFile)} --out ${JSON.stringify(at("tty"))} ${extra}`, "/dev/null"], { encoding: "utf8" }).stdout;
  it("shows done/total, the measured steps/s and an ETA; nothing of it under --quiet or --json", () => {
    const loud = onTty("");
    expect(loud).toMatch(/sweep \[[^\]]*\] 10\/10 points \| 100% \| [0-9.e+]+ steps\/s \| ETA /);
    expect(onTty("--quiet")).not.toMatch(/points \|/);
    const json = onTty("--json");
    expect(json).not.toMatch(/points \|/);
    expect(JSON.parse(json.slice(json.indexOf("{"))).sweep.computed).toBe(10);
  }, 60_000);
});

describe("one axis that is not η", () => {
  it("draws each point's attractor at its axis value, coloured by its label, and bifurcation.json lists them in grid order", async () => {
    const f = at("depth-axis.json");
    writeFileSync(f, JSON.stringify({ model: "deep-scalar", fixed: { target: 1, etaFrac: 1.05 }, axes: { depth: [2, 3, 4] }, steps: 2000, tail: 8 }));
    await runCli(["sweep", "--spec", f, "--jsonl", at("depth-axis.jsonl"), "--out", at("depth-axis"), "--quiet"]);
    const rows = lines(at("depth-axis.jsonl")).slice(1).map((l) => JSON.parse(l)).sort((a, b) => a.index - b.index);
    const j = JSON.parse(readFileSync(at("depth-axis/bifurcation.json"), "utf8"));
    expect(j.axis).toBe("depth");
    expect(j.points.map((p: { depth: number }) => p.depth)).toEqual([2, 3, 4]);
    expect(j.points.map((p: { label: string }) => p.label)).toEqual(rows.map((r) => r.observed));
    expect(j.points.map((p: { attractor: number[] }) => p.attractor)).toEqual(rows.map((r) => r.attractor));
    const svg = readFileSync(at("depth-axis/bifurcation.svg"), "utf8");
    expect(svg).toContain("depth p");
    for (const label of new Set(rows.map((r) => r.observed))) expect(svg).toContain(label);
  }, 60_000);
});

describe("merge streams", () => {
  it("merges 200 000 points from 4 shuffled shards under a 48 MB heap, in grid order, equal to a plain sort", () => {
    // Synthetic shards of a 20 × 10 000 grid (no GD: the lines are made here), each shard's lines shuffled.
    const spec = parseSweepSpec({ model: "deep-scalar", fixed: { target: 1 }, axes: { depth: { from: 2, to: 21, count: 20 }, eta: { from: 0.1, to: 1, count: 10000 } }, steps: 1000, tail: 8 });
    const header = headerLine(sweepHeader(spec, { version: "0.2.0", backend: "simd", data: {} }));
    const N = 200_000;
    const point = (k: number, seconds: number) => {
      const depth = 2 + Math.floor(k / 10000), eta = spec.axes[1].values[k % 10000] as number;
      return JSON.stringify({ index: k, coords: { depth, eta }, eta, etaCritical: 2 / depth, lambdaStar: depth, predicted: "stable", observed: k % 3 ? "stable" : "supercritical", labelReason: "synthetic", rate: 0.5, exponent: null, distinct: 2, finalLoss: 1e-3, attractor: [0.1, -0.1, 0.1, -0.1, 0.1, -0.1, 0.1, -0.1], seconds });
    };
    let seed = 12345;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const paths: string[] = [];
    for (let s = 0; s < 4; s++) {
      const ks: number[] = [];
      for (let k = s; k < N; k += 4) ks.push(k);
      for (let i = ks.length - 1; i > 0; i--) { const j = Math.floor(rand() * (i + 1)); [ks[i], ks[j]] = [ks[j], ks[i]]; }
      paths.push(at(`big${s}.jsonl`));
      writeFileSync(paths[s], header + ks.map((k) => point(k, 0.001 * (1 + s)) + "\n").join(""));
    }
    const out = at("big.jsonl");
    const r = spawnSync(process.execPath, ["--max-old-space-size=48", cli, "merge", ...paths, "--out", out, "--json", "--quiet"], { encoding: "utf8", maxBuffer: 1 << 24 });
    expect(r.status, r.stderr.slice(0, 500)).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ complete: true, present: N, duplicates: 0 });
    // The reference: every line, in grid order, without its seconds, after the header.
    const expected = header + Array.from({ length: N }, (_, k) => JSON.stringify((({ seconds: _s, ...rest }) => rest)(JSON.parse(point(k, 0)))) + "\n").join("");
    expect(readFileSync(out, "utf8") === expected).toBe(true);
  }, 120_000);
});
