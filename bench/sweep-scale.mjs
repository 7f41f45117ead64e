#!/usr/bin/env node
// `node bench/sweep-scale.mjs`: what a sweep costs at scale, measured on this machine through the built CLI
// (dist/cli/index.js; run `npm run build:ts` first). Every command runs under /usr/bin/time, so each figure comes
// with its wall time AND its CPU time (user + sys): on a shared machine the CPU time is what one core spends.
//   1. per-point overhead: a deep scalar sweep of 4-step points (no GD to speak of), 2000 points vs 1 point;
//   2. steps/s per core and the cost of a point besides its steps (CPU = a + b·steps, from N points at two step
//      counts and 1 point), hence points/s per core at 10⁶ steps: deep scalar (p = 5), the deep linear network
//      (3,4,4,1) and the tanh MLP (data 20×10, h = 16, 1 hidden layer), --workers 1, on converging runs;
//   3. JSONL bytes per point (raw and merged; with the 64-value attractor and without);
//   4. merge time and peak memory for 10⁶ synthetic points in 4 shuffled shards.
// Options: --models deep-scalar,deep-linear,tanh-mlp (which to measure), --ds-points N (default 100),
// --ds-steps, --dl-steps, --mlp-steps (the larger step count per model; defaults 10⁶, 2·10⁵, 5·10⁴),
// --merge N (default 1000000), --merge-heap MB (default 64), --skip-merge, --json.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const args = process.argv.slice(2);
const arg = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const MERGE = Number(arg("--merge", "1000000"));
const cli = fileURLToPath(new URL("../dist/cli/index.js", import.meta.url));
if (!existsSync(cli)) throw new Error("dist/cli/index.js is missing: run npm run build:ts first");
const dir = mkdtempSync(join(tmpdir(), "eoslab-sweep-scale-"));
const at = (n) => join(dir, n);
const log = (s) => process.stderr.write(s + "\n");

/** Runs `node cli …args` under /usr/bin/time: wall, user, sys (s) and peak RSS (MB). */
function timed(cliArgs, nodeArgs = []) {
  const r = spawnSync("/usr/bin/time", ["-f", "TIME %e %U %S %M", process.execPath, ...nodeArgs, cli, ...cliArgs], { encoding: "utf8", maxBuffer: 1 << 26 });
  const m = /TIME ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(r.stderr);
  if (r.status !== 0 || !m) throw new Error(`eoslab ${cliArgs.join(" ")} failed (exit ${r.status}): ${r.stderr.slice(-400)}`);
  return { wall: Number(m[1]), cpu: Number(m[2]) + Number(m[3]), rssMB: Number(m[4]) / 1024, stdout: r.stdout };
}
const spec = (name, s) => {
  writeFileSync(at(name), JSON.stringify(s));
  return at(name);
};
const lines = (p) => readFileSync(p, "utf8").split("\n").filter((l) => l !== "");
const load0 = loadavg();

// 1. Per-point overhead: 2000 points of 4 steps (tail 2) against 1 point; the difference over 1999 is the cost of a
// point besides its GD: the prediction and observation, the hand-off to the worker, the JSONL line.
const tiny = (count) => spec(`tiny${count}.json`, { model: "deep-scalar", fixed: { depth: 5, target: 1 }, axes: { eta: { from: 0.3, to: 0.5, count } }, steps: 4, tail: 2 });
const one = timed(["sweep", "--spec", tiny(1), "--jsonl", at("tiny1.jsonl"), "--out", at("o1"), "--quiet"]);
const many = timed(["sweep", "--spec", tiny(2000), "--jsonl", at("tiny2000.jsonl"), "--out", at("o2000"), "--quiet"]);
const overhead = { wall: (many.wall - one.wall) / 1999, cpu: (many.cpu - one.cpu) / 1999, startupWall: one.wall, startupCpu: one.cpu };
log(`per-point overhead: ${(overhead.cpu * 1e3).toFixed(3)} ms CPU, ${(overhead.wall * 1e3).toFixed(3)} ms wall; start-up ${one.wall.toFixed(2)} s wall`);

// 2. Points/s per core, three models.
const data = at("mlp-data.json");
{
  // Deterministic data, 20 samples × 10 features (a linear congruential generator: no dependency).
  let s = 7;
  const r = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1;
  writeFileSync(data, JSON.stringify({ X: Array.from({ length: 20 }, () => Array.from({ length: 10 }, r)), y: Array.from({ length: 20 }, r) }));
}
// Per model: N points at S_lo and at S_hi steps, and 1 point at S_lo. CPU per point = a + b·steps: b from the two
// N-point runs (start-up and one-off searches cancel), a from the N-point and 1-point runs at S_lo.
const models = [
  // [name, spec, points, fewer steps, more steps, η/η_c]: η/η_c where every point converges and so runs all its steps
  // (the tanh MLP's start is far from M: at 0.97·η_c its sharpness on the way exceeds 2/η and it diverges).
  ["deep scalar (p = 5)", { model: "deep-scalar", fixed: { depth: 5, target: 1 } }, Number(arg("--ds-points", "100")), 1e4, Number(arg("--ds-steps", "1000000")), 0.97],
  ["deep linear (3,4,4,1)", { model: "deep-linear", fixed: { widths: [3, 4, 4, 1], input: [0.5, -1, 2], target: 1, initScale: 0.3 } }, 10, 1e4, Number(arg("--dl-steps", "200000")), 0.97],
  ["tanh MLP (20×10 data, h = 16)", { model: "tanh-mlp", fixed: { data, width: 16, layers: 1, initScale: 0.2 } }, 5, 2000, Number(arg("--mlp-steps", "50000")), 0.5],
];
const rows = [];
const only = arg("--models", "deep-scalar,deep-linear,tanh-mlp").split(",");
for (const [name, m, N, lo, hi, frac] of models) {
  if (!only.includes(m.model)) continue;
  // The points differ by a small step in η/η_c (0.97 … 0.98: subcritical, converging), so each runs the full steps;
  // one start per model, so a one-off search (the tanh MLP's flattest minimum) is made once per thread.
  const run = (count, steps, tag) => timed(["sweep", "--spec", spec(`${m.model}-${tag}.json`, { ...m, axes: { etaFrac: count === 1 ? [frac] : { from: frac, to: frac + 0.01, count } }, steps, tail: 64 }), "--out", at(`${m.model}-${tag}`), "--quiet", "--jsonl", at(`${m.model}-${tag}.jsonl`)]);
  const one = run(1, lo, "one"), tLo = run(N, lo, "lo"), tHi = run(N, hi, "hi");
  const perStep = (tHi.cpu - tLo.cpu) / (N * (hi - lo));
  const fixed = (tLo.cpu - one.cpu) / (N - 1) - perStep * lo;
  const at1e6 = fixed + perStep * 1e6;
  const row = { model: name, points: N, stepsLo: lo, stepsHi: hi, cpuOne: one.cpu, cpuLo: tLo.cpu, cpuHi: tHi.cpu, wallHi: tHi.wall, perPointFixed: fixed, stepsPerCoreSecond: 1 / perStep, secondsPerPointAt1e6: at1e6, pointsPerCoreSecondAt1e6: 1 / at1e6 };
  rows.push(row);
  log(`${name}: ${N} points × ${lo} / ${hi} steps: ${tLo.cpu.toFixed(2)} / ${tHi.cpu.toFixed(2)} s CPU (1 point: ${one.cpu.toFixed(2)} s); ${(1 / perStep).toExponential(2)} steps/s per core, ${(fixed * 1e3).toFixed(1)} ms per point besides the steps → ${at1e6.toFixed(3)} s per point at 10⁶ steps`);
}

// 3. JSONL bytes per point.
const bytes = (p) => statSync(p).size;
const perLine = (p) => {
  const ls = lines(p);
  return (bytes(p) - ls[0].length - 1) / (ls.length - 1);
};
let jsonl = null;
if (only.includes("deep-scalar")) {
  timed(["merge", at("deep-scalar-lo.jsonl"), "--out", at("ds-merged.jsonl"), "--quiet"]);
  const noTail = spec("ds-notail.json", { model: "deep-scalar", fixed: { depth: 5, target: 1 }, axes: { etaFrac: { from: 0.97, to: 0.98, count: 20 } }, steps: 10000, tail: 64, record: [] });
  timed(["sweep", "--spec", noTail, "--out", at("nt"), "--quiet", "--jsonl", at("ds-notail.jsonl")]);
  jsonl = {
    rawWithAttractor: perLine(at("deep-scalar-lo.jsonl")), mergedWithAttractor: perLine(at("ds-merged.jsonl")),
    rawNoAttractor: perLine(at("ds-notail.jsonl")), header: lines(at("deep-scalar-lo.jsonl"))[0].length + 1,
  };
  log(`JSONL per point: ${jsonl.rawWithAttractor.toFixed(0)} B raw / ${jsonl.mergedWithAttractor.toFixed(0)} B merged with the 64-value attractor; ${jsonl.rawNoAttractor.toFixed(0)} B raw without (record: [])`);
}

// 4. Merge of MERGE synthetic points (lines shaped like the no-attractor deep scalar lines) in 4 shuffled shards.
let merge = null;
if (!args.includes("--skip-merge")) {
  const m = { model: "deep-scalar", fixed: { target: 1 }, axes: { depth: { from: 2, to: 101, count: 100 }, eta: { from: 0.01, to: 1, count: MERGE / 100 } }, steps: 1000, tail: 16, record: [] };
  const f = spec("merge-spec.json", m);
  // The header as the sweep writes it: from a 1-point shard of the same spec.
  timed(["sweep", "--spec", f, "--jsonl", at("head.jsonl"), "--shard", `1/${MERGE}`, "--out", at("mh"), "--quiet"]);
  const header = lines(at("head.jsonl"))[0] + "\n";
  const template = JSON.parse(lines(at("head.jsonl"))[1]);
  let seed = 12345;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const etas = Array.from({ length: MERGE / 100 }, (_, i) => (MERGE / 100 === 1 ? 0.01 : 0.01 + ((1 - 0.01) * i) / (MERGE / 100 - 1)));
  const paths = [];
  for (let s = 0; s < 4; s++) {
    const ks = [];
    for (let k = s; k < MERGE; k += 4) ks.push(k);
    for (let i = ks.length - 1; i > 0; i--) { const j = Math.floor(rand() * (i + 1)); [ks[i], ks[j]] = [ks[j], ks[i]]; }
    const p = at(`shard${s}.jsonl`);
    const chunks = [header];
    for (const k of ks) {
      const depth = 2 + Math.floor(k / (MERGE / 100)), eta = etas[k % (MERGE / 100)];
      chunks.push(JSON.stringify({ ...template, index: k, coords: { depth, eta }, eta, seconds: 0.0123 }) + "\n");
    }
    writeFileSync(p, chunks.join(""));
    paths.push(p);
  }
  const inBytes = paths.reduce((n, p) => n + bytes(p), 0);
  // Under a 64 MB heap limit: V8 otherwise grows its heap lazily (RSS is then what it allowed itself, not what merge needs).
  const heap = Number(arg("--merge-heap", "64"));
  const t = timed(["merge", ...paths, "--out", at("merged.jsonl"), "--json", "--quiet"], [`--max-old-space-size=${heap}`]);
  const summary = JSON.parse(t.stdout);
  if (!summary.complete || summary.present !== MERGE) throw new Error(`merge of ${MERGE} points is not complete: ${t.stdout.slice(0, 300)}`);
  merge = { points: MERGE, heapLimitMB: heap, inputMB: inBytes / 2 ** 20, outputMB: bytes(at("merged.jsonl")) / 2 ** 20, wall: t.wall, cpu: t.cpu, peakRssMB: t.rssMB };
  log(`merge of ${MERGE} points (${merge.inputMB.toFixed(0)} MB in 4 shuffled shards): ${t.wall.toFixed(1)} s wall, ${t.cpu.toFixed(1)} s CPU, peak RSS ${t.rssMB.toFixed(0)} MB`);
}
rmSync(dir, { recursive: true, force: true });

const machine = { date: new Date().toISOString(), cpu: cpus()[0]?.model ?? "unknown", cores: cpus().length, node: process.version, loadavgBefore: load0, loadavgAfter: loadavg() };
const result = { machine, overhead, models: rows, jsonl, merge };
if (args.includes("--json")) process.stdout.write(JSON.stringify(result) + "\n");
else {
  console.log(`${machine.date}  ${machine.cpu} (${machine.cores} cores)  Node ${machine.node}  load ${load0.map((x) => x.toFixed(2)).join(" ")} → ${machine.loadavgAfter.map((x) => x.toFixed(2)).join(" ")}`);
  console.log(`per-point overhead: ${(overhead.cpu * 1e3).toFixed(3)} ms CPU (${(overhead.wall * 1e3).toFixed(3)} ms wall); start-up of a sweep ${overhead.startupWall.toFixed(2)} s wall`);
  for (const r of rows) console.log(`${r.model.padEnd(30)} ${r.points} points at ${r.stepsLo} and ${r.stepsHi} steps: ${r.stepsPerCoreSecond.toExponential(2)} steps/s/core, ${(r.perPointFixed * 1e3).toFixed(1)} ms/point besides the steps; at 10⁶ steps ${r.secondsPerPointAt1e6.toFixed(3)} s/point = ${r.pointsPerCoreSecondAt1e6.toFixed(2)} points/s/core`);
  if (jsonl) console.log(`JSONL: ${jsonl.rawWithAttractor.toFixed(0)} B/point raw, ${jsonl.mergedWithAttractor.toFixed(0)} B merged (64-value attractor); ${jsonl.rawNoAttractor.toFixed(0)} B raw without; header ${jsonl.header} B`);
  if (merge) console.log(`merge ${merge.points} points: ${merge.inputMB.toFixed(0)} MB in → ${merge.outputMB.toFixed(0)} MB out, ${merge.wall.toFixed(1)} s wall, ${merge.cpu.toFixed(1)} s CPU, peak RSS ${merge.peakRssMB.toFixed(0)} MB (heap limit ${merge.heapLimitMB} MB)`);
}
