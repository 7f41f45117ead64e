// Bifurcation columns one at a time against bifurcationPoints in lanes (docs/engine.md, "Lanes"): explorer-style
// columns, depth p, `count` η from 0.875·η_c to 1.4·η_c, `steps` steps each, tail 64; CPU time, median (min–max) over
// `reps` interleaved runs; throws if the two ever differ in a bit. After `npm run build:ts`:
//   node bench/bifurcation-lanes-ab.mjs <depth> <steps> <count> <reps>
import { init, deepScalar, engineGeometry, startNearM } from "../dist/index.js";
import { bifurcationPoints } from "../dist/experiments/bifurcation.js";
import { laneWidth } from "../dist/codim1/lanes-run.js";
const args = process.argv.slice(2).map(Number);
if (args.length !== 4 || !args.every((v) => Number.isInteger(v) && v >= 1) || args[0] < 2 || args[1] < 128 || args[2] < 2) {
  console.error("usage: node bench/bifurcation-lanes-ab.mjs <depth ≥ 2> <steps ≥ 128> <count ≥ 2> <reps ≥ 1>");
  process.exit(2);
}
const [depth, steps, count, reps] = args;
const engine = await init();
const m = deepScalar({ depth, target: 1 });
const u = Array.from({ length: depth }, (_, i) => 0.3 * (-1 + (2 * i) / (depth - 1)));
const theta0 = startNearM(u, 1, 0.01);
const etaC = 2 / depth;
const etas = Array.from({ length: count }, (_, i) => etaC * (0.875 + (0.525 * i) / (count - 1)));
const g = engineGeometry(engine);
const run = (lanes) => { const w = lanes ? laneWidth(depth) : 1, out = []; for (let i = 0; i < count; i += w) out.push(...bifurcationPoints(m, g, etas.slice(i, i + w), steps, 64, theta0, lanes ? { engine } : {})); return out; };
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e3; };
const t = { single: [], lanes: [] }; let ref;
run(true);
for (let r = 0; r < reps; r++) for (const k of ["single", "lanes"]) { const t0 = cpu(); const s = JSON.stringify(run(k === "lanes")); t[k].push(cpu() - t0); if (ref === undefined) ref = s; else if (s !== ref) throw new Error("bits differ"); }
const med = (a) => a.slice().sort((x, y) => x - y)[a.length >> 1], mm = (a) => `${med(a).toFixed(0)} (${Math.min(...a).toFixed(0)}–${Math.max(...a).toFixed(0)})`;
console.log(`depth ${depth}, ${count} columns of ${steps} steps: one at a time ${mm(t.single)} ms, lanes ${mm(t.lanes)} ms, ×${(med(t.single) / med(t.lanes)).toFixed(2)}, same bits`);
