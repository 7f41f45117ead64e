// Lanes against single runs, in ONE process, interleaved, CPU time (run by hand; no test depends on it):
// the same 4 deep-scalar trajectories (η = 0.97…1.0 × 2/p, starts near M, 10⁶ steps each) run
//   A: one at a time by the core's whole-trajectory loop deepScalarRun (records at steps 0 and N only), and
//   B: by deepScalarLanes (two per loop in f64x2 lanes).
// Prints trajectory-steps/s medians (min–max) and whether A and B end in the same bits.
//
//   npm run build:ts && node bench/deep-scalar-lanes-ab.mjs 5,8 9
import { initSync } from "../dist/index.js";

const depths = (process.argv[2] ?? "5,8").split(",").map(Number);
const reps = Number(process.argv[3] ?? 9);
const STEPS = 1_000_000, T = 4;
const e = initSync({ backend: "simd" });
const median = (a) => { const s = [...a].sort((x, y) => x - y); return s[s.length >> 1]; };
const cpu = (f) => { const c0 = process.cpuUsage(); const r = f(); const c = process.cpuUsage(c0); return [(c.user + c.system) / 1000, r]; };
for (const p of depths) {
  const etas = Float64Array.from({ length: T }, (_, j) => ((0.97 + 0.01 * j) * 2) / p);
  const th0 = Float64Array.from({ length: T * p }, (_, k) => 1 + 0.05 * Math.cos(1 + (k % p) + Math.floor(k / p)));
  const pEta = e.copyIn(etas), pTh = e.allocF64(T * p), pWork = e.allocF64(Math.max(8 * p + 8, p * p + 6 * p + 10));
  const pOut = e.allocF64(4 * T), pSteps = e.copyIn([0, STEPS]), pRec = e.allocF64(18), pPar = e.allocF64(p), pSum = e.allocF64(8);
  const single = () => {
    e.write(pTh, th0);
    for (let j = 0; j < T; j++) e.exports.deepScalarRun(p, 1, etas[j], 1, pTh + j * p * 8, pWork, STEPS, 0, pSteps, 2, pRec, 0, 0, pPar, pSum, 1);
    return e.read(pTh, T * p);
  };
  const lanes = () => {
    e.write(pTh, th0);
    e.exports.deepScalarLanes(p, 1, T, pEta, pTh, STEPS, pWork, pOut);
    return e.read(pTh, T * p);
  };
  const ms = [[], []];
  let outs = [];
  for (let r = 0; r < reps; r++) [single, lanes].forEach((f, b) => { const [t, o] = cpu(f); ms[b].push(t); outs[b] = o; });
  const same = outs[0].every((v, i) => Object.is(v, outs[1][i]));
  const rate = (t) => (T * STEPS) / (t / 1000);
  const line = (b) => `${rate(median(ms[b])).toExponential(3)} (${rate(Math.max(...ms[b])).toExponential(2)}–${rate(Math.min(...ms[b])).toExponential(2)})`;
  console.log(`p=${p}: single runs ${line(0)} trajectory-steps/s, lanes ${line(1)}, lanes/single ×${(median(ms[0]) / median(ms[1])).toFixed(2)}, same bits: ${same}`);
}
