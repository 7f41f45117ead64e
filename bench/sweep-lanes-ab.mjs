// eoslab sweep's points with and without lanes, in ONE process, interleaved, CPU time (run by hand; no test depends
// on it): a depth-5 deep-scalar spec of 8 η/η_c values around 1, every point as the sweep computes it (records,
// tail, labels), A: one at a time (computeGridPoints with lanes off, what --no-lanes does), B: in lanes (the default).
// Prints trajectory-steps/s (points × steps / CPU s) medians (min–max) and whether both give the same records.
//
//   npm run build:ts && node bench/sweep-lanes-ab.mjs 5 100000 7
//   node bench/sweep-lanes-ab.mjs 5 1000000 9 /tmp/old/dist    # the same on another build's dist/ (before/after)
//   WARMUP=3 node bench/sweep-lanes-ab.mjs 5 1000000 9          # 3 untimed reps of each first: the JIT-warm state a long
//                                                               # sweep runs in (timed reps otherwise include compiling)
const dist = new URL(`${process.argv[5] ?? "../dist"}/`, import.meta.url);
const { initSync } = await import(new URL("index.js", dist).href);
const { computeGridPoints, pointCache } = await import(new URL("experiments/sweep-spec-point.js", dist).href);
const { parseSweepSpec, gridSize } = await import(new URL("experiments/sweep-spec.js", dist).href);

const depth = Number(process.argv[2] ?? 5), steps = Number(process.argv[3] ?? 100_000), reps = Number(process.argv[4] ?? 7);
const engine = initSync({ backend: "simd" });
const spec = parseSweepSpec({ model: "deep-scalar", fixed: { depth, target: 1 }, axes: { etaFrac: { from: 0.96, to: 1.04, count: 8 } }, steps, tail: 64 });
const idx = Array.from({ length: gridSize(spec) }, (_, k) => k);
const median = (a) => { const s = [...a].sort((x, y) => x - y); return s[s.length >> 1]; };
const cpu = (f) => { const c0 = process.cpuUsage(); const r = f(); const c = process.cpuUsage(c0); return [(c.user + c.system) / 1000, r]; };
const strip = (rs) => JSON.stringify(rs.map((r) => ({ ...r, seconds: undefined })));
const ms = [[], []];
const outs = [];
const warmup = Number(process.env.WARMUP ?? 0);
for (let r = 0; r < warmup + reps; r++) {
  [false, true].forEach((lanes, b) => {
    const [t, o] = cpu(() => computeGridPoints(engine, spec, idx, pointCache(), undefined, { lanes }));
    if (r >= warmup) ms[b].push(t);
    outs[b] = strip(o);
  });
}
const rate = (t) => (idx.length * steps) / (t / 1000);
const line = (b) => `${rate(median(ms[b])).toExponential(3)} (${rate(Math.max(...ms[b])).toExponential(2)}–${rate(Math.min(...ms[b])).toExponential(2)})`;
console.log(`depth ${depth}, ${idx.length} points × ${steps} steps, ${reps} reps${warmup ? ` after ${warmup} untimed` : ""}: one at a time ${line(0)} trajectory-steps/s, lanes ${line(1)}, lanes/one ×${(median(ms[0]) / median(ms[1])).toFixed(2)}, same records: ${outs[0] === outs[1]}`);
