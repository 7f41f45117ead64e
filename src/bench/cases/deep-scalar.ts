import type { Engine } from "../../engine.js";
import { InvalidArgumentError } from "../../errors.js";
import { recordSteps } from "../../series/record-plan.js";
import type { BenchCase, BenchInstance } from "../types.js";
import { deepScalarRunWorkSize } from "../../baseline/deep-scalar-run.js";

/** Steps per timed run (about 0.05–0.1 s in wasm). */
const STEPS = 4_000_000;
/** Record every this many steps, as the acceptance goal states (≥ 5·10⁷ steps/s at p = 5 in SIMD wasm). */
const RECORD_EVERY = 1000;

/**
 * GD on deep scalar factorisation ½(θ₁⋯θ_p − y)², y = 1, at the critical
 * step η = 2/λ* = 2/p (docs/design.md §1), as the whole-trajectory loop with the
 * coordinates (projection, θ⊥, distPar, λ(θ∥), λ(θ)) computed every 1000
 * steps. p = 5 is the paper's depth (unrolled loop); p = 8 uses the general
 * loop. Each run restarts from the same θ₀, so runs do identical work.
 * Flops per step: about 5p (prefix, suffix, gradient, update).
 */
export const deepScalarCase: BenchCase = {
  name: "deep-scalar",
  sizes: ["p=5", "p=8"],
  setup(engine: Engine, size: string): BenchInstance {
    const m = /^p=(\d+)$/.exec(size);
    if (!m || Number(m[1]) < 2) throw new InvalidArgumentError(`deep-scalar size must look like p=5, got "${size}"`);
    const p = Number(m[1]);
    const theta0 = Array.from({ length: p }, (_, i) => 1 + 0.3 * Math.cos(1 + i)); // a generic start near M
    const eta = 2 / p;
    const rec = recordSteps({ every: RECORD_EVERY }, STEPS, 0);
    const mark = engine.arena.mark();
    const pTheta = engine.allocF64(p), pWork = engine.allocF64(deepScalarRunWorkSize(p)), pSteps = engine.copyIn(rec);
    const pRec = engine.allocF64(6 * (rec.length + 1)), pPar = engine.allocF64(p), pSum = engine.allocF64(8);
    const ex = engine.exports;
    return {
      stepsPerRun: STEPS,
      flopsPerStep: 5 * p,
      run(): number {
        engine.write(pTheta, theta0);
        ex.deepScalarRun(p, 1, eta, 1, pTheta, pWork, STEPS, 0, pSteps, rec.length, pRec, 0, 0, pPar, pSum, 1);
        const f = engine.f64();
        const s = pSum >>> 3;
        if (f[s + 3] !== STEPS) throw new Error(`deep-scalar ${size} stopped at step ${f[s + 3]} of ${STEPS}`);
        return f[s + 5] + f[pTheta >>> 3];
      },
      dispose(): void {
        engine.arena.release(mark);
      },
    };
  },
};
