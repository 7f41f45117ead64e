// Prints the GFS-sharpness table of docs/paper.md (docs/design.md §3, "GFS sharpness"): the paper's 15 runs, a sweep
// of η over [0.30, 0.60] at depth 5 from the same five starts, and three starts far from M. Needs `npm run build:ts`.
import { initSync, gfsExperiment, formatGfsTable } from "../dist/index.js";

const engine = initSync({ backend: "simd" });
const t0 = performance.now();
const result = gfsExperiment(engine);
console.log(formatGfsTable(result));
const all = [...result.paper, ...result.sweep, ...result.far];
const finite = all.filter((c) => !c.diverged);
const saddles = finite.filter((c) => c.saddleStep !== null).length;
console.log(`\n${finite.filter((c) => c.monotone).length} of ${finite.length} finite runs monotone (${saddles} of them checked only up to a state with no GFS, a saddle of the flow); ${all.length - finite.length} diverged; ${((performance.now() - t0) / 1000).toFixed(2)} s`);
