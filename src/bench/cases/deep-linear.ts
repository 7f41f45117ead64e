import type { Engine } from "../../engine.js";
import { InvalidArgumentError } from "../../errors.js";
import { deepLinear, deepLinearFlattest, deepLinearInit } from "../../models/deep-linear.js";
import type { BenchCase, BenchInstance } from "../types.js";

/** Steps per timed run, by size (about 0.05–0.2 s in SIMD wasm); other sizes (tests): about 10⁷ flops per run. */
const STEPS: Record<string, number> = { "3,4,4,1": 400_000, "3,32,32,1": 40_000 };

/**
 * GD on the deep linear network with one input, ½(w_L W_{L−1}⋯W₁x − y)² (docs/design.md §1), x = (0.5, −1, 2), y = 1,
 * as the whole-trajectory loop of the core (deepLinearRun: one call per run, θ_t recorded only at the first and last
 * step). The size is the widths d₀,…,1. θ₀ = 0.3/√(d₁/4)·RandomState(7).randn(p) (the report's start for 3,4,4,1,
 * scaled so that f(θ₀) stays O(1) at other widths) and η = 0.98·η_c: the subcritical regime, where every run converges,
 * so the timing never meets a non-finite state. Each run restarts from θ₀, so runs do identical work.
 * Flops per step: about 8p (forward pass 2p, back vectors 2p, gradient p, update 3p).
 */
export const deepLinearCase: BenchCase = {
  name: "deep-linear",
  sizes: ["3,4,4,1", "3,32,32,1"],
  setup(engine: Engine, size: string): BenchInstance {
    const widths = size.split(",").map(Number);
    if (widths.length < 3 || !widths.every((d) => Number.isSafeInteger(d) && d >= 1) || widths[0] !== 3 || widths[widths.length - 1] !== 1) {
      throw new InvalidArgumentError(`deep-linear size must be the widths 3,d₁,…,1 (the input has 3 entries), e.g. 3,4,4,1, got "${size}"`);
    }
    const model = deepLinear({ widths, input: [0.5, -1, 2], target: 1 });
    const p = model.dim, L = model.layers;
    const theta0 = deepLinearInit({ widths, seed: 7, scale: 0.3 / Math.sqrt(widths[1] / 4) });
    const eta = 0.98 * (2 / deepLinearFlattest(model).lambdaStar);
    const steps = STEPS[size] ?? Math.max(100, Math.round(1e7 / (8 * p)));
    const hidden = widths.slice(0, L).reduce((s, d) => s + d, 0);
    const mark = engine.arena.mark();
    const pDims = engine.copyIn(Float64Array.from(widths)), pX = engine.copyIn(model.input), pTheta = engine.allocF64(p);
    const pWork = engine.allocF64(4 * hidden + 2 * p), pSteps = engine.copyIn(Float64Array.of(0, steps));
    const pRecTheta = engine.allocF64(3 * p), pRecLoss = engine.allocF64(3), pSum = engine.allocF64(8);
    const ex = engine.exports;
    return {
      stepsPerRun: steps,
      flopsPerStep: 8 * p,
      run(): number {
        engine.write(pTheta, theta0);
        ex.deepLinearRun(L, pDims, pX, 1, eta, pTheta, pWork, steps, pSteps, 2, pRecTheta, pRecLoss, pSum);
        const f = engine.f64();
        const s = pSum >>> 3;
        if (f[s + 3] !== steps) throw new Error(`deep-linear ${size} stopped at step ${f[s + 3]} of ${steps}`);
        return f[(pRecLoss >>> 3) + 1] + f[pTheta >>> 3];
      },
      dispose(): void {
        engine.arena.release(mark);
      },
    };
  },
};
