#!/usr/bin/env node
// `node bench/sweep-workers.mjs`: wall time of `eoslab sweep` (the built CLI, dist/cli/index.js) with
// --workers 1 and --workers 2, the same settings, 3 runs each, interleaved 1, 2, 1, 2, … so load from other
// processes hits both alike. Prints each run, the medians with min/max, and the speed-up (median 1 / median 2).
// Every run's bifurcation.json must be byte-identical (the parallel path computes the same points).
// Build first (npm run build:ts). Options: --count N (default 160), --steps N (default 5000000), --runs N (default 3),
// --workers a,b (default 1,2), --json.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const args = process.argv.slice(2);
const arg = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const count = Number(arg("--count", "160")), steps = Number(arg("--steps", "5000000")), runs = Number(arg("--runs", "3"));
const workerCounts = arg("--workers", "1,2").split(",").map(Number);
const cli = fileURLToPath(new URL("../dist/cli/index.js", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "eoslab-bench-sweep-"));

const times = new Map(workerCounts.map((w) => [w, []]));
let reference;
const load0 = loadavg();
for (let r = 0; r < runs; r++) {
  for (const w of workerCounts) {
    const out = join(dir, `w${w}-r${r}`);
    const t0 = performance.now();
    const p = spawnSync(process.execPath, [cli, "sweep", "--count", String(count), "--steps", String(steps), "--workers", String(w), "--out", out, "--quiet"], { encoding: "utf8" });
    const s = (performance.now() - t0) / 1000;
    if (p.status !== 0) throw new Error(`eoslab sweep --workers ${w} failed (exit ${p.status}): ${p.stderr.trim()}`);
    const json = readFileSync(join(out, "bifurcation.json"), "utf8");
    if (reference === undefined) reference = json;
    else if (json !== reference) throw new Error(`bifurcation.json of --workers ${w} (run ${r + 1}) differs from the first run's`);
    times.get(w).push(s);
    process.stderr.write(`run ${r + 1}/${runs}  --workers ${w}: ${s.toFixed(3)} s\n`);
  }
}
rmSync(dir, { recursive: true, force: true });

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b), m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const rows = workerCounts.map((w) => ({ workers: w, median: median(times.get(w)), min: Math.min(...times.get(w)), max: Math.max(...times.get(w)), runs: times.get(w) }));
const base = rows[0];
const machine = { date: new Date().toISOString(), cpu: cpus()[0]?.model ?? "unknown", cores: cpus().length, node: process.version, loadavgBefore: load0, loadavgAfter: loadavg() };
if (args.includes("--json")) {
  process.stdout.write(JSON.stringify({ count, steps, rows: rows.map((r) => ({ ...r, speedup: base.median / r.median })), identical: true, machine }) + "\n");
} else {
  console.log(`${machine.date}  ${machine.cpu} (${machine.cores} cores)  Node ${machine.node}  load ${load0.map((x) => x.toFixed(2)).join(" ")}`);
  console.log(`eoslab sweep --count ${count} --steps ${steps}: wall time of the whole command, ${runs} runs each`);
  for (const r of rows) {
    console.log(`  --workers ${r.workers}: median ${r.median.toFixed(3)} s (min ${r.min.toFixed(3)}, max ${r.max.toFixed(3)})  speed-up ×${(base.median / r.median).toFixed(2)}`);
  }
  console.log("  bifurcation.json byte-identical across all runs");
}
