// Sweeps η and θ₀ on deep scalar factorisation and checks Kreisler et al.'s claim that GD never increases the GFS
// sharpness λ_GFS(θ_t) (docs/design.md §3, "GFS sharpness"; results and reading in docs/gfs.md). Needs `npm run build:ts`.
//   node scripts/gfs-sweep.mjs            the table (markdown) and a summary by start family
//   node scripts/gfs-sweep.mjs --json     one JSON object per run, one a line
//   node scripts/gfs-sweep.mjs --edge     per start near M: the smallest ηλ_GFS(θ₀) on a grid of step 0.02 from 2 at
//                                         which λ_GFS goes up (5000 steps, every step recorded), or where the run diverges
// Starts, for each depth p ∈ {2, 3, 5} and target y = 1 (every family drawn from RandomState(seed).randn, seeds 0–2):
//   balanced-ish  θᵢ = exp(0.1·zᵢ) > 0                      near M, nearly balanced
//   unbalanced    θᵢ = exp(0.5·zᵢ) > 0                      near M, unbalanced
//   small         θᵢ = 0.5·exp(0.3·zᵢ) > 0                  far from M, f(θ₀) ≪ y
//   large         θᵢ = 1.6·exp(0.3·zᵢ) > 0                  far from M, f(θ₀) ≫ y
//   two-negative  as unbalanced, the first two entries negated: Πθ₀ > 0, not all positive
//   wrong-sign    as unbalanced, the first entry negated: Πθ₀ < 0 = −sign(y); gradient flow must take one entry through 0
// and η = 2·frac/λ_GFS(θ₀) for frac = ηλ_GFS(θ₀)/2 in FRACS. Each run: 20 000 steps, every step recorded up to 2000,
// then 300 log-spaced records; an increase counts above a relative 1e-12 (gfsRunCheck).
import { initSync, gfsRunCheck, gfsSharpness, RandomState } from "../dist/index.js";

const json = process.argv.includes("--json");
const engine = initSync({ backend: "simd" });
const DEPTHS = [2, 3, 5];
const SEEDS = [0, 1, 2];
const FRACS = [0.5, 0.9, 0.99, 1.01, 1.1, 1.3, 1.6, 2, 2.5];
const STEPS = 20_000;
const y = 1;

const FAMILIES_NEAR = {
  "balanced-ish": (z) => z.map((v) => Math.exp(0.1 * v)),
  unbalanced: (z) => z.map((v) => Math.exp(0.5 * v)),
  small: (z) => z.map((v) => 0.5 * Math.exp(0.3 * v)),
};
const FAMILIES = {
  "balanced-ish": (z) => z.map((v) => Math.exp(0.1 * v)),
  unbalanced: (z) => z.map((v) => Math.exp(0.5 * v)),
  small: (z) => z.map((v) => 0.5 * Math.exp(0.3 * v)),
  large: (z) => z.map((v) => 1.6 * Math.exp(0.3 * v)),
  "two-negative": (z) => z.map((v, i) => (i < 2 ? -1 : 1) * Math.exp(0.5 * v)),
  "wrong-sign": (z) => z.map((v, i) => (i < 1 ? -1 : 1) * Math.exp(0.5 * v)),
};

if (process.argv.includes("--edge")) {
  console.log("| p | start | seed | f(θ₀) | first ηλ_GFS(θ₀) with an increase | first with divergence |");
  console.log("|---|---|---|---|---|---|");
  for (const p of [2, 3, 5]) {
    for (const family of ["balanced-ish", "unbalanced", "small"]) {
      for (const seed of [0, 1, 2]) {
        const theta0 = FAMILIES_NEAR[family](Array.from(new RandomState(seed).randn(p)));
        const g0 = gfsSharpness(theta0, 1);
        let up = null, div = null;
        for (let k = 0; k <= 150 && up === null && div === null; k++) {
          const c = 2 + 0.02 * k;
          const r = gfsRunCheck({ eta: c / g0, steps: 5000, theta0, target: 1, everyUpTo: 5000, logPoints: 0, engine });
          if (r.diverged) div = c; else if (!r.monotone) up = c;
        }
        const f0 = theta0.reduce((a, b) => a * b, 1);
        console.log(`| ${p} | ${family} | ${seed} | ${+f0.toPrecision(4)} | ${up === null ? "none up to 5" : up.toFixed(2)} | ${div === null ? "-" : div.toFixed(2)} |`);
      }
    }
  }
  process.exit(0);
}

const num = (x, d = 4) => (x === null ? "-" : Number.isFinite(x) ? String(+x.toPrecision(d)) : String(x));
const t0 = performance.now();
const rows = [];
for (const p of DEPTHS) {
  for (const [family, make] of Object.entries(FAMILIES)) {
    if (family === "two-negative" && p < 2) continue;
    for (const seed of SEEDS) {
      const theta0 = make(Array.from(new RandomState(seed).randn(p)));
      const g0 = gfsSharpness(theta0, y);
      const lambdaStar = p * Math.pow(Math.abs(y), 2 - 2 / p);
      for (const frac of FRACS) {
        const eta = (2 * frac) / g0;
        const c = gfsRunCheck({ eta, steps: STEPS, theta0, target: y, everyUpTo: 2000, logPoints: 300, engine, label: `${family} p=${p} seed ${seed}` });
        const f0 = theta0.reduce((a, b) => a * b, 1);
        const mags = theta0.map(Math.abs);
        // ‖∇f(θ₀)‖², the Gauss-Newton part of the sharpness at θ₀ itself (λ_GFS is the sharpness at the flow's limit).
        const gn0 = theta0.reduce((s, _, i) => s + theta0.reduce((q, v, j) => (j === i ? q : q * v * v), 1), 0);
        rows.push({
          p, family, seed, frac, eta, theta0, f0,
          // Descriptors a theorem's hypotheses could be written in (docs/gfs.md: we could not read the statements).
          positive: theta0.every((v) => v > 0), signOk: Math.sign(f0) === Math.sign(y),
          imbalance: Math.max(...mags.map((v) => v * v)) - Math.min(...mags.map((v) => v * v)),
          etaLambdaStar: eta * lambdaStar, etaGn0: eta * gn0, etaGfs0: c.etaGfsStart, etaGfsFinal: c.etaGfsFinal,
          records: c.records, monotone: c.monotone, increases: c.increases, maxRelIncrease: c.maxRelIncrease,
          firstIncreaseStep: c.firstIncreaseStep, lastIncreaseStep: c.monotone ? null : c.monotoneFrom, etaGfsBeforeFirstIncrease: c.etaGfsBeforeFirstIncrease,
          diverged: c.diverged, saddleStep: c.saddleStep,
        });
      }
    }
  }
}
const seconds = (performance.now() - t0) / 1000;

if (json) {
  for (const r of rows) console.log(JSON.stringify(r));
} else {
  console.log("| p | start | seed | ηλ_GFS(θ₀) | η‖∇f(θ₀)‖² | ηλ* | f(θ₀) | max θᵢ² − min θᵢ² | records | outcome | increases | first increase at step (ηλ_GFS before) | max rel. increase | ηλ_GFS end |");
  console.log("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
  for (const r of rows) {
    const outcome = r.diverged ? "diverged" : r.saddleStep !== null ? `saddle at step ${r.saddleStep}` : r.monotone ? "non-increasing" : "INCREASES";
    console.log(`| ${r.p} | ${r.family} | ${r.seed} | ${num(2 * r.frac, 3)} | ${num(r.etaGn0)} | ${num(r.etaLambdaStar)} | ${num(r.f0)} | ${num(r.imbalance, 3)} | ${r.records} | ${outcome} | ${r.increases} | ${r.firstIncreaseStep === null ? "-" : `${r.firstIncreaseStep} (${num(r.etaGfsBeforeFirstIncrease, 6)})`} | ${num(r.maxRelIncrease, 3)} | ${num(r.etaGfsFinal, 6)} |`);
  }
  console.log("\n| start family | runs | non-increasing | increases | saddle (check stopped) | diverged |");
  console.log("|---|---|---|---|---|---|");
  for (const family of Object.keys(FAMILIES)) {
    const f = rows.filter((r) => r.family === family);
    const clean = f.filter((r) => !r.diverged && r.saddleStep === null);
    console.log(`| ${family} | ${f.length} | ${clean.filter((r) => r.monotone).length} | ${f.filter((r) => !r.monotone).length} | ${f.filter((r) => r.saddleStep !== null).length} | ${f.filter((r) => r.diverged).length} |`);
  }
  console.log(`\n${rows.length} runs of ${STEPS} steps, ${seconds.toFixed(1)} s`);
}
