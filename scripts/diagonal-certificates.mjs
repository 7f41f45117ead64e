#!/usr/bin/env node
// The README table of certified λ* intervals for diagonal networks (needs npm run build): node scripts/diagonal-certificates.mjs
import { init, randomDataProblem, flattestMinimumData } from "../dist/index.js";
const engine = await init();
for (const [n, d, seed] of [[5, 6, 17], [8, 9, 17], [10, 11, 3], [12, 13, 17], [5, 6, 3], [20, 21, 17], [5, 12, 17]]) {
  const spec = { kind: "diagonal", n, d };
  const { data, theta0 } = randomDataProblem(spec, seed);
  const f = flattestMinimumData(spec, data, theta0, { engine });
  const c = f.certificate;
  console.log(`| ${n} | ${d} | ${seed} | ${f.lambdaStar.toPrecision(12)} | ${f.topSimple ? "simple" : "double"} | ${f.gradRel.toExponential(1)} | [${c.lower.toPrecision(12)}, ${c.upper.toPrecision(12)}] | ${c.relativeGap.toExponential(1)} |`);
}
