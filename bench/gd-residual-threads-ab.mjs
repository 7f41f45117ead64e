// The residual-space loop of gdLinear on one thread against two (docs/engine.md, "Two threads for one large
// trajectory"): for an n×d problem, each of `reps` rounds times a 1-step run and an N-step run on each, wall time
// (two workers' CPU would double-count), in turns 1, 2, 1, 2, …; the set-up is the median 1-step run (K = XXᵀ, the
// shared memory, the workers' start) and the per-step time is (median N-step − median 1-step)/(N − 1). Throws if the
// two ever differ in a bit. After `npm run build:ts`:
//   node bench/gd-residual-threads-ab.mjs <n> <d> <N> <reps>
import { gdLinear, initSync } from "../dist/index.js";
import { fillProblem } from "../dist/bench/cases/gd-linear.js";

const args = process.argv.slice(2).map(Number);
if (args.length !== 4 || !args.every((v) => Number.isInteger(v) && v >= 1) || args[2] < 2 || args[0] * args[0] > 2 ** 26 || args[0] * args[1] > 2 ** 26) {
  console.error("usage: node bench/gd-residual-threads-ab.mjs <n ≥ 1> <d ≥ 1> <N ≥ 2> <reps ≥ 1> (n·d and n² at most 2^26)");
  process.exit(2);
}
const [n, d, steps, reps] = args;
const engine = initSync();
// The bench cases' problem: X, y uniform in [−1, 1) from their LCG, η = 1/‖X‖_F².
const X = new Float64Array(n * d), y = new Float64Array(n);
const eta = fillProblem(X, 0, y, 0, n, d);
const last = new Map();
function time(threads, N) {
  const t0 = performance.now();
  const r = gdLinear(X, y, n, d, { eta, steps: N, recordEvery: N, space: "residual", threads, engine });
  const ms = performance.now() - t0;
  if (r.threads !== threads) throw new Error(`asked for ${threads} threads, ran on ${r.threads}: ${r.threadsNote}`);
  const bits = Buffer.from(r.theta.buffer).toString("base64");
  if (last.has(N) && last.get(N) !== bits) throw new Error(`one and two threads differ at N = ${N}`);
  last.set(N, bits);
  return ms;
}
const t = { "1/1": [], "1/N": [], "2/1": [], "2/N": [] };
for (let r = 0; r < reps; r++) {
  for (const th of [1, 2]) {
    t[`${th}/1`].push(time(th, 1));
    t[`${th}/N`].push(time(th, steps));
  }
}
const med = (a) => a.slice().sort((p, q) => p - q)[a.length >> 1];
const per = (th) => ((med(t[`${th}/N`]) - med(t[`${th}/1`])) / (steps - 1)) * 1000;
const p1 = per(1), p2 = per(2);
console.log(`${n}x${d}, residual space, ${steps} steps, ${reps} rounds, wall time: set-up one thread ${med(t["1/1"]).toFixed(0)} ms, two ${med(t["2/1"]).toFixed(0)} ms; ` +
  `per step one ${p1.toFixed(1)} µs, two ${p2.toFixed(1)} µs, ×${(p1 / p2).toFixed(2)}; the same bits`);
