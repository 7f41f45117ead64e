// K = XXᵀ for the residual-space loop: the blocked, symmetric gramXXt against n gemv calls (K's row i = X·x_i, how
// runData built K before), in ONE process, interleaved, timed in CPU time (process.cpuUsage) so that time spent
// descheduled on a busy machine does not count. Run by hand (no test depends on it; test/data/run-gram.test.ts checks
// the bits); prints ms per K, median (min–max), the ratio of medians and whether both K have the same bits.
//
//   node bench/gram-ab.mjs build/eoslab.simd.wasm 200x1000,1000x4000 3
import { loadBuild, median } from "./raw-build.mjs";
const file = process.argv[2] ?? "build/eoslab.simd.wasm";
const build = await loadBuild(file);
const { ex, alloc, fill } = build;
const sizes = (process.argv[3] ?? "200x1000,1000x4000").split(",");
const reps = Number(process.argv[4] ?? 3);
for (const size of sizes) {
  const [n, d] = size.split("x").map(Number);
  build.reset();
  const px = alloc(n * d), pa = alloc(n * n), pb = alloc(n * n);
  fill(px, n * d, 12345);
  const ways = [
    () => { for (let i = 0; i < n; i++) ex.gemv(n, d, 1, px, px + i * d * 8, 0, pa + i * n * 8); },
    () => ex.gramXXt(n, d, px, pb, 0),
  ];
  const ms = [[], []];
  for (let r = 0; r < reps; r++) ways.forEach((f, b) => { const c0 = process.cpuUsage(); f(); const c = process.cpuUsage(c0); ms[b].push((c.user + c.system) / 1000); });
  const h = new Float64Array(ex.memory.buffer);
  const a = h.subarray(pa >>> 3, (pa >>> 3) + n * n), b = h.subarray(pb >>> 3, (pb >>> 3) + n * n);
  const same = a.every((v, i) => Object.is(v, b[i]));
  const line = (k) => `${median(ms[k]).toFixed(0)} ms (${Math.min(...ms[k]).toFixed(0)}–${Math.max(...ms[k]).toFixed(0)})`;
  console.log(`${size}: n gemv calls ${line(0)}, gramXXt ${line(1)}, ×${(median(ms[0]) / median(ms[1])).toFixed(1)}, same bits: ${same}`);
}
