import type { Engine } from "../../engine.js";
import { InvalidArgumentError } from "../../errors.js";
import type { BenchCase, BenchInstance } from "../types.js";

/** Steps per trajectory per timed run, and trajectories per run (two lanes at a time in the SIMD build). */
const STEPS = 1_000_000;
const TRAJECTORIES = 4;

/**
 * Deep scalar factorisation ½(θ₁⋯θ_p − y)², y = 1, as a small sweep: 4 trajectories at η = 0.97, 0.98, 0.99, 1.0 ×
 * 2/p from starts near M, run by deepScalarLanes (two per loop in f64x2 lanes in the SIMD build; one at a time in the
 * scalar build and the JS twin). The unit is trajectory-steps: stepsPerRun = 4 · 10⁶. No records in between, so
 * compare with the single run without records (docs/engine.md, "Lanes"), not with the deep-scalar rows, which record
 * every 1000 steps. Flops per step: about 5p.
 */
export const deepScalarLanesCase: BenchCase = {
  name: "deep-scalar-lanes",
  sizes: ["p=5", "p=8"],
  setup(engine: Engine, size: string): BenchInstance {
    const m = /^p=(\d+)$/.exec(size);
    if (!m || Number(m[1]) < 2) throw new InvalidArgumentError(`deep-scalar-lanes size must look like p=5, got "${size}"`);
    const p = Number(m[1]);
    const th0 = new Float64Array(TRAJECTORIES * p);
    const etas = new Float64Array(TRAJECTORIES);
    for (let j = 0; j < TRAJECTORIES; j++) {
      etas[j] = ((0.97 + 0.01 * j) * 2) / p;
      for (let i = 0; i < p; i++) th0[j * p + i] = 1 + 0.05 * Math.cos(1 + i + j);
    }
    const mark = engine.arena.mark();
    const pEta = engine.copyIn(etas), pTh = engine.allocF64(TRAJECTORIES * p), pWork = engine.allocF64(8 * p + 8);
    const pOut = engine.allocF64(4 * TRAJECTORIES);
    const ex = engine.exports;
    return {
      stepsPerRun: STEPS * TRAJECTORIES,
      flopsPerStep: 5 * p,
      run(): number {
        engine.write(pTh, th0);
        ex.deepScalarLanes(p, 1, TRAJECTORIES, pEta, pTh, STEPS, pWork, pOut);
        const f = engine.f64();
        let sum = 0;
        for (let j = 0; j < TRAJECTORIES; j++) {
          if (f[(pOut >>> 3) + 4 * j + 3] !== STEPS) throw new Error(`deep-scalar-lanes ${size}: trajectory ${j} stopped early`);
          sum += f[(pOut >>> 3) + 4 * j] + f[(pTh >>> 3) + j * p];
        }
        return sum;
      },
      dispose(): void {
        engine.arena.release(mark);
      },
    };
  },
};
