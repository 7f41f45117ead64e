// A/B: one linear GD trajectory on one thread against two threads (gdLinear threads: 1 vs 2, parameter loop), in
// one process, interleaved (A, B, A, B, …), wall time (two threads use two cores: CPU time would count both),
// medians with min–max of B/A per pair, and whether the bits agree. Needs `npm run build:ts` (imports dist/).
// Usage: node bench/gd-linear-threads-ab.mjs 1000x4000x100,500x2000x200 [pairs=7]
// The numbers and the crossover that sets GD_THREADS_MIN_ELEMENTS / GD_THREADS_MIN_WORK: docs/benchmark.md.
import { loadavg } from "node:os";
import { gdLinear, init } from "../dist/index.js";

const specs = (process.argv[2] ?? "1000x4000x100").split(",").map((s) => s.split("x").map(Number));
const pairs = Number(process.argv[3] ?? 7);
const engine = await init({ backend: "simd" });

function lcg(a, seed) {
  let s = seed >>> 0;
  for (let i = 0; i < a.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    a[i] = s / 2 ** 31 - 1;
  }
  return a;
}
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const same = (a, b) => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
const fmt = (x) => x.toPrecision(3);

console.log(`load average ${loadavg().map((x) => x.toFixed(1)).join(" ")} at start, ${new Date().toISOString()}`);
console.log("| n×d | steps | one thread, steps/s | two threads, steps/s | ×(2/1) median (min–max) | same bits |");
console.log("|---|---:|---|---|---|---|");
for (const [n, d, steps] of specs) {
  const X = lcg(new Float64Array(n * d), 12345), y = lcg(new Float64Array(n), 678);
  let fro = 0;
  for (const v of X) fro += v * v;
  const opts = { eta: 1 / fro, steps, space: "parameter", engine };
  const a1 = gdLinear(X, y, n, d, { ...opts, threads: 1 }); // warm-up, and the reference bits
  const b1 = gdLinear(X, y, n, d, { ...opts, threads: 2 });
  if (b1.threads !== 2) throw new Error(`two threads did not run: ${b1.threadsNote}`);
  const bits = same(a1.theta, b1.theta) && same(a1.loss, b1.loss);
  const ta = [], tb = [];
  for (let k = 0; k < pairs; k++) {
    let t = performance.now();
    gdLinear(X, y, n, d, { ...opts, threads: 1 });
    ta.push(performance.now() - t);
    t = performance.now();
    gdLinear(X, y, n, d, { ...opts, threads: 2 });
    tb.push(performance.now() - t);
  }
  const ratio = ta.map((x, i) => x / tb[i]);
  const rate = (ms) => `${fmt((steps * 1000) / median(ms))} (${fmt((steps * 1000) / Math.max(...ms))}–${fmt((steps * 1000) / Math.min(...ms))})`;
  console.log(`| ${n}×${d} | ${steps} | ${rate(ta)} | ${rate(tb)} | ×${median(ratio).toFixed(2)} (${Math.min(...ratio).toFixed(2)}–${Math.max(...ratio).toFixed(2)}) | ${bits ? "yes" : "NO"} |`);
}
console.log(`load average ${loadavg().map((x) => x.toFixed(1)).join(" ")} at end, ${new Date().toISOString()}`);
