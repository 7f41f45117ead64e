#!/usr/bin/env node
// The empirical table of docs/design.md §4: several-output runs at 0.8, 1.0 and 1.1 × the empirical η_c = 2/λ*, labelled by the
// codimension-1 observer on the signed normal coordinate, for every instance we measured (README, "Several outputs").
// Needs the build (npm run build). Prints a Markdown table; takes about a minute.
//   node scripts/empirical-labels.mjs
import { init, randomDataProblem, dataStartWithLambda, flattestMinimumData, observeDataRun } from "../dist/index.js";

const engine = await init();
const instances = [
  ...[[5, 17], [8, 17], [10, 3], [12, 17], [5, 3]].map(([n, seed]) => ({ spec: { kind: "diagonal", n, d: n + 1 }, seed })),
  { spec: { kind: "diagonal", n: 5, d: 12 }, seed: 17 },
  { spec: { kind: "two-layer", n: 6, d: 8, h: 2 }, seed: 17 },
  { spec: { kind: "two-layer", n: 20, d: 30, h: 3 }, seed: 23 },
  { spec: { kind: "deep-linear-data", n: 5, d: 6, widths: [6, 3, 1] }, seed: 17 },
  { spec: { kind: "tanh-mlp", n: 6, d: 3, h: 4 }, seed: 17 },
];
// [fraction of η_c, λ(θ∥₀)/λ*, steps]
const runs = [[0.8, 1.15, 20000], [0.8, 1.4, 20000], [1.0, 1.4, 200000], [1.1, 1.05, 20000]];
const fmt = (x, d = 3) => (x === null || x === undefined || !Number.isFinite(x) ? "-" : x.toFixed(d));

console.log("| model | n | d | seed | λ* | top eigenvalue | 0.8·η_c, λ(θ∥₀) = 1.15λ* | 0.8·η_c, 1.4λ* | 1.0·η_c, 1.4λ* (2·10⁵ steps) | exponents at 1.0: θ⊥, loss, λ(θ∥) − λ* | 1.1·η_c, 1.05λ* |");
console.log("|---|---|---|---|---|---|---|---|---|---|---|");
for (const { spec, seed } of instances) {
  const { data, theta0 } = randomDataProblem(spec, seed);
  const flat = flattestMinimumData(spec, data, theta0, { engine });
  const cells = [];
  let exps = "-";
  for (const [frac, lam0, steps] of runs) {
    const start = dataStartWithLambda(spec, data, flat, theta0, lam0 * flat.lambdaStar, engine);
    const o = observeDataRun(spec, data, { eta: frac * flat.etaCritical, steps, theta0: start, flattest: flat, engine });
    const ok = o.observation.label === o.expectedRegime ? "" : ` (expected ${o.expectedRegime})`;
    cells.push(`${o.observation.label}${ok}`);
    if (frac === 1.0 && o.observation.powerLaw) {
      const pl = o.observation.powerLaw;
      exps = [pl.thetaPerp.exponent, pl.loss.exponent, pl.lambdaGap.exponent].map((x) => fmt(x)).join(", ");
    }
  }
  const top = flat.topSimple ? "simple" : `multiple (×${flat.multiplicity})`;
  const shape = spec.widths ? ` (widths ${spec.widths.join(",")})` : spec.h ? ` (h = ${spec.h})` : "";
  console.log(`| ${spec.kind}${shape} | ${spec.n} | ${spec.d} | ${seed} | ${flat.lambdaStar.toPrecision(8)} | ${top} | ${cells[0]} | ${cells[1]} | ${cells[2]} | ${exps} | ${cells[3]} |`);
}
