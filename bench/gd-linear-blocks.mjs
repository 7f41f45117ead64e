// The one-pass linear GD loop at several block sizes against the two-pass loop, in ONE process, interleaved,
// timed in CPU time (process.cpuUsage) so that time spent descheduled on a busy machine does not count.
// Run by hand (no test depends on it); prints GFLOP/s medians (min–max) and whether each has the bits of the first.
//
//   node bench/gd-linear-blocks.mjs build/eoslab.simd.wasm 50x200,200x1000,1000x4000,2000x8000 -2,0,8,16,32,64,-1 15
//
// Blocks: -2 = two-pass (no third θ buffer), 0 = the core's choice (gdBlockRows), -1 = one block of all n rows.
import { loadBuild, median } from "./raw-build.mjs";
const file = process.argv[2] ?? "build/eoslab.simd.wasm";
const build = await loadBuild(file);
const { ex, alloc, fill } = build;
const sizes = (process.argv[3] ?? "50x200,200x1000,1000x4000").split(",");
const blocks = (process.argv[4] ?? "0,8,16,32,64,-1").split(",").map(Number);
const reps = Number(process.argv[5] ?? 9);
for (const size of sizes) {
  const [n, d] = size.split("x").map(Number);
  build.reset();
  const px = alloc(n * d), py = alloc(n), pt = alloc(d), ps = alloc(d), ps2 = alloc(d), pr = alloc(n), prs = alloc(4), prl = alloc(4), psum = alloc(8);
  fill(px, n * d, 12345); fill(py, n, 678);
  let h = new Float64Array(ex.memory.buffer); let fro = 0; for (let i = 0; i < n * d; i++) fro += h[(px >>> 3) + i] ** 2;
  const eta = 1 / fro;
  const steps = Math.max(5, Math.round(2e8 / (4 * n * d)));
  const runs = blocks.map((b) => () => {
    new Float64Array(ex.memory.buffer).fill(0, pt >>> 3, (pt >>> 3) + d);
    ex.gdLinearRun(n, d, eta, px, py, pt, ps, pr, steps, steps, prs, prl, psum, b === -2 ? 0 : ps2, b === -1 ? n : Math.max(b, 0));
    const hh = new Float64Array(ex.memory.buffer);
    return Float64Array.from([...hh.subarray(pt >>> 3, (pt >>> 3) + d), hh[(psum >>> 3) + 2]]);
  });
  const outs = runs.map((f) => f());
  const same = outs.map((o) => o.every((v, i) => Object.is(v, outs[0][i])));
  const ms = runs.map(() => []);
  for (let r = 0; r < reps; r++) runs.forEach((f, b) => { const c0 = process.cpuUsage(); f(); const c = process.cpuUsage(c0); ms[b].push((c.user + c.system) / 1000); });
  const g = (t) => (steps * 4 * n * d) / (t * 1e6);
  console.log(size + ": " + blocks.map((b, i) => `${b === -2 ? "two-pass" : b === -1 ? "B=n" : b === 0 ? "B=auto" : "B=" + b} ${g(median(ms[i])).toFixed(2)} (${g(Math.max(...ms[i])).toFixed(2)}–${g(Math.min(...ms[i])).toFixed(2)}) ×${(median(ms[0]) / median(ms[i])).toFixed(2)}${same[i] ? "" : " BITS DIFFER"}`).join(" | "));
}
