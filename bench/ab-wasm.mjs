// A/B timing of two wasm builds of assembly/ in ONE process (run by hand; no test depends on it).
// Both modules get the same data; their calls are interleaved (A, B, A, B, …), so load from other
// processes hits both alike. Prints GFLOP/s medians with min–max and whether the results have the same bits.
//
//   git archive <old-commit> assembly | tar -x -C /tmp/old && cp asconfig.json /tmp/old/ \
//     && (cd /tmp/old && npx --prefix "$OLDPWD" asc assembly/index.ts --target simd)
//   node bench/ab-wasm.mjs /tmp/old/build/eoslab.simd.wasm build/eoslab.simd.wasm gemv 50x200,200x1000,1000x4000 15
//   node bench/ab-wasm.mjs /tmp/old/build/eoslab.simd.wasm build/eoslab.simd.wasm gdLinearRun 50x200,1000x4000 11
//   node bench/ab-wasm.mjs /tmp/A.wasm build/eoslab.simd.wasm gdLinearOnePass 50x200,200x1000,1000x4000,2000x8000 15 cpu
// gdLinearRun times the two-pass loop, gdLinearOnePass the one-pass loop (third θ buffer, gdBlockRows blocks).
// A 6th argument "cpu" times CPU time (process.cpuUsage), so time spent descheduled on a busy machine does not count;
// the default is wall time.
import { loadBuild, median } from "./raw-build.mjs";

const [fileA, fileB, fn = "gdLinearRun", sizeList = "50x200,200x1000,1000x4000", repsArg = "11", clock = "wall"] = process.argv.slice(2);
if (!fileA || !fileB) throw new Error("usage: node bench/ab-wasm.mjs A.wasm B.wasm [gemv|gemvT|gdLinearRun|gdLinearOnePass] [sizes] [reps] [wall|cpu]");
const now = clock === "cpu" ? () => { const c = process.cpuUsage(); return (c.user + c.system) / 1000; } : () => performance.now();
const reps = Number(repsArg);

const mods = [await loadBuild(fileA), await loadBuild(fileB)];
for (const size of sizeList.split(",")) {
  const [n, d] = size.split("x").map(Number);
  const flopsPerCall = fn.startsWith("gdLinear") ? 4 * n * d : 2 * n * d;
  const inner = Math.max(1, Math.round(2e8 / flopsPerCall));
  const calls = mods.map((m) => {
    m.reset();
    const px = m.alloc(n * d), pt = m.alloc(d), py = m.alloc(n), pv = m.alloc(Math.max(n, d)), ps = m.alloc(d), pr = m.alloc(n);
    const prs = m.alloc(4), prl = m.alloc(4), psum = m.alloc(8), ps2 = fn === "gdLinearOnePass" ? m.alloc(d) : 0;
    let h = m.f64();
    m.fill(px, n * d, 12345); m.fill(pt, d, 9); m.fill(py, n, 678);
    let fro = 0;
    for (let i = 0; i < n * d; i++) fro += h[(px >>> 3) + i] ** 2;
    const eta = 1 / fro;
    if (fn === "gemv") return () => { for (let k = 0; k < inner; k++) m.ex.gemv(n, d, 1, px, pt, 0, pv); return m.f64().slice(pv >>> 3, (pv >>> 3) + n); };
    if (fn === "gemvT") return () => { for (let k = 0; k < inner; k++) m.ex.gemvT(n, d, 1, px, py, 0, pv); return m.f64().slice(pv >>> 3, (pv >>> 3) + d); };
    return () => {
      m.f64().fill(0, ps >>> 3, (ps >>> 3) + d);
      // No third θ buffer (spare2 = 0): the two-pass loop; with one (gdLinearOnePass) the one-pass loop.
      m.ex.gdLinearRun(n, d, eta, px, py, ps, pv, pr, inner, inner, prs, prl, psum, ps2, 0);
      h = m.f64();
      return Float64Array.from([...h.subarray(ps >>> 3, (ps >>> 3) + d), h[(psum >>> 3) + 2]]);
    };
  });
  const outs = calls.map((c) => c());
  const same = outs[0].length === outs[1].length && outs[0].every((v, i) => Object.is(v, outs[1][i]));
  const ms = [[], []];
  for (let r = 0; r < reps; r++) for (let b = 0; b < 2; b++) { const t0 = now(); calls[b](); ms[b].push(now() - t0); }
  const g = (t) => (inner * flopsPerCall) / (t * 1e6);
  const line = (b) => `${g(median(ms[b])).toFixed(2)} (${g(Math.max(...ms[b])).toFixed(2)}–${g(Math.min(...ms[b])).toFixed(2)})`;
  const paired = ms[0].map((a, i) => a / ms[1][i]);
  console.log(`${fn} ${size}: A ${line(0)} GFLOP/s, B ${line(1)} GFLOP/s, B/A ×${(median(ms[0]) / median(ms[1])).toFixed(2)}`
    + ` (paired ${Math.min(...paired).toFixed(2)}–${Math.max(...paired).toFixed(2)}), same bits: ${same}`);
}
