import type { Engine } from "../../engine.js";
import { InvalidArgumentError } from "../../errors.js";
import { DataOps } from "../../models/data-ops.js";
import { dataModel, evalPoint, hessianOperator } from "../../models/data-model.js";
import { lanczosTop } from "../../linalg/lanczos-operator.js";
import type { BenchCase, BenchInstance } from "../types.js";

/** Deterministic values in [−1, 1) (an LCG; the data only need to be generic). */
function lcg(count: number, seed: number, scale: number): Float64Array {
  const a = new Float64Array(count);
  let s = seed >>> 0;
  for (let i = 0; i < count; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    a[i] = (s / 2 ** 31 - 1) * scale;
  }
  return a;
}

/**
 * Sharpness of a diagonal linear network F = X(u⊙v) (docs/design.md §4): Lanczos
 * top-1 of the full Hessian ∇²ℓ(θ) with analytic Hessian-vector products,
 * two passes over X (gemv, gemvT) per product, tol 1e-10, reorthogonalisation
 * on the same engine's kernels. One run is one
 * whole Lanczos solve from the fixed start vector (identical work every run);
 * flops count the passes over X only (4nd per product).
 */
export const lanczosHessianCase: BenchCase = {
  name: "lanczos-hessian-diagonal",
  sizes: ["100x400", "1000x4000"],
  setup(engine: Engine, size: string): BenchInstance {
    const m = /^(\d+)x(\d+)$/.exec(size);
    if (!m) throw new InvalidArgumentError(`lanczos-hessian-diagonal size must look like 1000x4000, got "${size}"`);
    const n = Number(m[1]), d = Number(m[2]);
    const mark = engine.arena.mark();
    const ops = new DataOps(engine, { X: lcg(n * d, 12345, 1 / Math.sqrt(d)), y: lcg(n, 678, 1), n, d });
    const model = dataModel({ kind: "diagonal", n, d }, ops);
    const theta = lcg(2 * d, 91, 1);
    const hvp = hessianOperator(model, theta, evalPoint(model, theta));
    const solve = () => lanczosTop(hvp, 2 * d, { k: 1, tol: 1e-10, engine });
    const probe = solve();
    return {
      stepsPerRun: 1,
      flopsPerStep: probe.matvecs * 4 * n * d,
      run(): number {
        const r = solve();
        return r.values[0] + r.matvecs;
      },
      dispose(): void {
        engine.arena.release(mark);
      },
    };
  },
};
