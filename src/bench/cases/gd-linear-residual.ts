import type { Engine } from "../../engine.js";
import { gdLinearRecordCapacity } from "../../data/gd-linear.js";
import { runGdLinearThreads, threadsUnavailable } from "../../data/gd-linear-threads.js";
import type { BenchCase, BenchInstance } from "../types.js";
import { fillProblem, parseSize } from "./gd-linear.js";

/** Steps per timed run (about 10⁸ flops in the steps; the θ rebuild and the first residual add 4nd). */
const STEPS: Record<string, number> = { "50x200": 40000, "200x1000": 2500, "1000x4000": 100, "2000x8000": 50 };

/**
 * Steps per timed run of the "threads" rows: each run starts two workers and copies X and K into a fresh shared
 * memory (tens of ms), so a run is a few hundred ms of stepping, as for a user's run of that length.
 */
const THREAD_STEPS: Record<string, number> = { "1000x4000": 2500, "2000x8000": 250 };

/**
 * K = XXᵀ per size, built once by the first backend set up and copied into the others (its bits are the same on every
 * backend; building it again in the JS twin would take a minute at 2000x8000 and is not what the case times).
 */
const gramCache = new Map<string, Float64Array>();

/**
 * The gd-linear problem (same X, y and η = 1/‖X‖_F²) run in residual space, as gdLinear does for n < d
 * (docs/engine.md, "Linear GD in residual space"): r ← r − η·K·r with K = XXᵀ built outside the timing, then θ rebuilt
 * once at the end, in one core call (linearResidualRun). Each run restarts from θ₀ = 0. flopsPerStep counts the 2n²
 * of one step, so GFLOP/s is the loop's own rate; compare steps/s with the gd-linear rows of the same size.
 */
export const gdLinearResidualCase: BenchCase = {
  name: "gd-linear-residual",
  sizes: ["50x200", "200x1000", "1000x4000"],
  largeSizes: ["2000x8000"],
  threadsSizes: ["1000x4000", "2000x8000"],
  /**
   * The same loop on two workers (rows of K split, one barrier a step; docs/engine.md, "Two threads for one large
   * trajectory"), given the K built outside the timing, as the one-thread rows are; each run copies X and K into
   * shared memory and starts the workers.
   */
  setupThreads(engine: Engine, size: string): BenchInstance {
    const why = threadsUnavailable();
    if (why !== undefined) throw new Error(`gd-linear-residual ${size} threads: ${why}`);
    const { n, d } = parseSize("gd-linear-residual", size);
    const steps = THREAD_STEPS[size] ?? Math.max(5, Math.round(1e9 / (2 * n * n + 1)));
    const X = new Float64Array(n * d), y = new Float64Array(n);
    const eta = fillProblem(X, 0, y, 0, n, d);
    let gram = gramCache.get(size);
    if (!gram) {
      const mark = engine.arena.mark();
      const px = engine.copyIn(X), pk = engine.allocF64(n * n);
      engine.exports.gramXXt(n, d, px, pk, 0);
      gram = engine.read(pk, n * n);
      engine.arena.release(mark);
    }
    const job = { X, y, n, d, eta, steps, every: steps, cap: gdLinearRecordCapacity(steps, steps), space: "residual" as const, gram };
    return {
      stepsPerRun: steps,
      flopsPerStep: 2 * n * n,
      run(): number {
        const r = runGdLinearThreads(job);
        if (r.summary[5] !== steps) throw new Error(`gd-linear-residual ${size} (threads) stopped at step ${r.summary[5]} of ${steps}`);
        return r.summary[2] + r.theta[0];
      },
      dispose(): void {},
    };
  },
  setup(engine: Engine, size: string): BenchInstance {
    const { n, d } = parseSize("gd-linear-residual", size);
    const steps = STEPS[size] ?? Math.max(5, Math.round(1e8 / (2 * n * n + 1)));
    const mark = engine.arena.mark();
    const cap = gdLinearRecordCapacity(steps, steps);
    const px = engine.allocF64(n * d), py = engine.allocF64(n), pt = engine.allocF64(d), pk = engine.allocF64(n * n);
    const pw = engine.allocF64(4 * n), prs = engine.allocF64(cap), prl = engine.allocF64(cap), psum = engine.allocF64(8);
    const h = engine.f64();
    const eta = fillProblem(h, px >>> 3, h, py >>> 3, n, d);
    const ex = engine.exports;
    const K = gramCache.get(size);
    if (K) engine.write(pk, K);
    else {
      ex.gramXXt(n, d, px, pk, 0);
      gramCache.set(size, engine.read(pk, n * n));
    }
    return {
      stepsPerRun: steps,
      flopsPerStep: 2 * n * n,
      run(): number {
        engine.f64().fill(0, pt >>> 3, (pt >>> 3) + d);
        ex.linearResidualRun(n, d, eta, px, py, pk, pt, pw, steps, steps, prs, prl, psum);
        const f = engine.f64();
        const s = psum >>> 3;
        if (f[s + 5] !== steps) throw new Error(`gd-linear-residual ${size} stopped at step ${f[s + 5]} of ${steps}`);
        return f[s + 2] + f[pt >>> 3];
      },
      dispose(): void {
        engine.arena.release(mark);
        // The harness sets up every backend of a size before it disposes any: the cached K (up to 32 MB) can go.
        gramCache.delete(size);
      },
    };
  },
};
