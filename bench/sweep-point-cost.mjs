// What one deep-scalar sweep point costs besides its GD steps (run by hand; no test depends on it). For each build
// given (default: this one), interleaved in ONE process, CPU time per point, median (min–max) after 3 warm-up reps:
//   whole point   computeGridPoints on the 8 points of bench/sweep-lanes-ab.mjs (η/η_c 0.96…1.04, tail 64), lanes on/off
//   bare loop     the same steps with 2 records: runDeepScalarLanes (groups of 4 at depth 5, minGap 0) / runTrajectory
// and the difference, the per-point cost outside the GD loop (records, tail, prediction, labels).
//
//   npm run build:ts && node bench/sweep-point-cost.mjs 1000000 15 5 [otherDist …]
const steps = Number(process.argv[2] ?? 1e6), reps = Number(process.argv[3] ?? 15), depth = Number(process.argv[4] ?? 5);
const dists = [new URL("../dist/", import.meta.url).href, ...process.argv.slice(5).map((d) => new URL(`${d}/`, import.meta.url).href)];
const K = 64;
async function load(dist) {
  const im = (p) => import(new URL(p, dist).href);
  const { initSync, deepScalar, runTrajectory } = await im("index.js");
  const { computeGridPoints, pointCache } = await im("experiments/sweep-spec-point.js");
  const { parseSweepSpec, gridSize } = await im("experiments/sweep-spec.js");
  const { runDeepScalarLanes, laneWidth } = await im("codim1/lanes-run.js");
  const engine = initSync({ backend: "simd" });
  const spec = parseSweepSpec({ model: "deep-scalar", fixed: { depth, target: 1 }, axes: { etaFrac: { from: 0.96, to: 1.04, count: 8 } }, steps, tail: K });
  const idx = Array.from({ length: gridSize(spec) }, (_, k) => k);
  const model = deepScalar({ depth, target: 1 });
  // The points' own η and θ₀, as the sweep computes them.
  const starts = computeGridPoints(engine, spec, idx, pointCache(), undefined, { lanes: false }).map((r, k) => ({ eta: r.eta, theta0: undefined, k }));
  const { defaultStart } = await im("experiments/starts.js");
  starts.forEach((s) => (s.theta0 = defaultStart(depth, 1)));
  const W = laneWidth(depth);
  return {
    "whole, one": () => computeGridPoints(engine, spec, idx, pointCache(), undefined, { lanes: false }),
    "whole, lanes": () => computeGridPoints(engine, spec, idx, pointCache(), undefined, { lanes: true }),
    "bare loop, one": () => starts.forEach((s) => runTrajectory(model, { eta: s.eta, steps: steps - K, theta0: s.theta0, record: { logPoints: 2 }, engine })),
    "bare loop, lanes": () => { for (let a = 0; a < starts.length; a += W) runDeepScalarLanes(model, starts.slice(a, a + W), { steps: steps - K, record: { logPoints: 2 }, engine }, 0); },
  };
}
const builds = [];
for (const d of dists) builds.push(await load(d));
const ms = builds.map(() => ({}));
for (let r = 0; r < reps + 3; r++) {
  builds.forEach((b, i) => {
    for (const [name, f] of Object.entries(b)) {
      const c0 = process.cpuUsage();
      f();
      const c = process.cpuUsage(c0);
      if (r >= 3) (ms[i][name] ??= []).push((c.user + c.system) / 1000 / 8);
    }
  });
}
const med = (a) => { const s = [...a].sort((x, y) => x - y); return s[s.length >> 1]; };
const f3 = (x) => x.toFixed(3);
dists.forEach((d, i) => {
  const m = ms[i], line = (k) => `${f3(med(m[k]))} (${f3(Math.min(...m[k]))}–${f3(Math.max(...m[k]))})`;
  console.log(`${d}: depth ${depth}, 8 points × ${steps} steps, ${reps} reps, ms CPU per point`);
  for (const k of Object.keys(m)) console.log(`  ${k.padEnd(18)} ${line(k)}`);
  for (const w of ["one", "lanes"]) {
    console.log(`  outside the loop, ${w.padEnd(5)}: median ${f3(med(m[`whole, ${w}`]) - med(m[`bare loop, ${w}`]))}, min ${f3(Math.min(...m[`whole, ${w}`]) - Math.min(...m[`bare loop, ${w}`]))}`);
  }
  console.log(`  lanes/one of whole points: median ×${(med(m["whole, one"]) / med(m["whole, lanes"])).toFixed(2)}, min ×${(Math.min(...m["whole, one"]) / Math.min(...m["whole, lanes"])).toFixed(2)}`);
});
