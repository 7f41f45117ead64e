import type { Engine } from "../../engine.js";
import { InvalidArgumentError } from "../../errors.js";
import { gdLinear, gdLinearRecordCapacity } from "../../data/gd-linear.js";
import type { BenchCase, BenchInstance } from "../types.js";

/**
 * Steps per timed run: long enough to time well, short enough to keep `eoslab bench` under ~30 s, and at the DRAM
 * sizes the same as bench/numpy_gd.py's runs (20 and 5), so both pay the same first cold pass over X per run (at
 * 1000x4000 with 6 steps a run, each run found X evicted by the other backends' runs and measured about ×0.65 of
 * 20 steps a run; docs/benchmark.md, "Steps per timed run").
 */
const STEPS: Record<string, number> = { "50x200": 20000, "200x1000": 1000, "1000x4000": 20, "2000x8000": 5 };

/**
 * Steps per timed run of the "threads" rows: each run starts two workers and copies X into a fresh shared memory
 * (tens of ms), so a run is a few hundred ms of stepping, as for a user's run of that length.
 */
const THREAD_STEPS: Record<string, number> = { "1000x4000": 100, "2000x8000": 25 };

/** Deterministic values in [−1, 1) (an LCG; the data only need to be generic). */
export function fill(a: Float64Array, from: number, count: number, seed: number): void {
  let s = seed >>> 0;
  for (let i = 0; i < count; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    a[from + i] = s / 2 ** 31 - 1;
  }
}

/** n and d of a gd-linear size "NxD"; anything else is an InvalidArgumentError naming the case. */
export function parseSize(caseName: string, size: string): { n: number; d: number } {
  const m = /^(\d+)x(\d+)$/.exec(size);
  if (!m) throw new InvalidArgumentError(`${caseName} size must look like 50x200, got "${size}"`);
  return { n: Number(m[1]), d: Number(m[2]) };
}

/**
 * The gd-linear problem: X (n×d) into a from element x, y (n) into b from element yAt; returns η = 1/‖X‖_F²
 * (≤ 1/λ_max, so every run stays finite).
 */
export function fillProblem(a: Float64Array, x: number, b: Float64Array, yAt: number, n: number, d: number): number {
  fill(a, x, n * d, 12345);
  fill(b, yAt, n, 678);
  let fro = 0;
  for (let i = 0; i < n * d; i++) fro += a[x + i] ** 2;
  return 1 / fro;
}

/**
 * One full GD step of linear least squares, ½‖Xθ − y‖² with X n×d, run as
 * the whole-trajectory loop (one core call per run, N steps inside).
 * η = 1/‖X‖_F² ≤ 1/λ_max keeps every run finite. Each run restarts from
 * θ₀ = 0, so runs do identical work. 4nd flops per step (Xθ and Xᵀr).
 */
export const gdLinearCase: BenchCase = {
  name: "gd-linear",
  sizes: ["50x200", "200x1000", "1000x4000"],
  largeSizes: ["2000x8000"],
  threadsSizes: ["1000x4000", "2000x8000"],
  /** The same problem through gdLinear with threads: 2 (X, y copied in, two workers started and ended per run). */
  setupThreads(engine: Engine, size: string): BenchInstance {
    const { n, d } = parseSize("gd-linear", size);
    const steps = THREAD_STEPS[size] ?? Math.min(1000, Math.max(5, Math.round(1e9 / (4 * n * d))));
    const X = new Float64Array(n * d), y = new Float64Array(n);
    const opts = { eta: fillProblem(X, 0, y, 0, n, d), steps, recordEvery: steps, space: "parameter" as const, threads: 2 as const, engine };
    return {
      stepsPerRun: steps,
      flopsPerStep: 4 * n * d,
      run(): number {
        const r = gdLinear(X, y, n, d, opts);
        if (r.threads !== 2) throw new Error(`gd-linear ${size} threads: ${r.threadsNote ?? "ran on one thread"}`);
        if (r.summary.stepsRun !== steps) throw new Error(`gd-linear ${size} (threads) stopped at step ${r.summary.stepsRun} of ${steps}`);
        return r.summary.lastLoss + r.theta[0];
      },
      dispose(): void {},
    };
  },
  setup(engine: Engine, size: string): BenchInstance {
    const { n, d } = parseSize("gd-linear", size);
    const steps = STEPS[size] ?? Math.max(5, Math.round(1e8 / (4 * n * d))); // other sizes: about 0.1 GFLOP per run
    const mark = engine.arena.mark();
    const cap = gdLinearRecordCapacity(steps, steps);
    const px = engine.allocF64(n * d), py = engine.allocF64(n), pt = engine.allocF64(d), ps = engine.allocF64(d);
    const pr = engine.allocF64(n), prs = engine.allocF64(cap), prl = engine.allocF64(cap), psum = engine.allocF64(8);
    const ps2 = engine.allocF64(d); // a third θ buffer: the one-pass loop (one read of X per step)
    const h = engine.f64();
    const eta = fillProblem(h, px >>> 3, h, py >>> 3, n, d);
    const ex = engine.exports;
    return {
      stepsPerRun: steps,
      flopsPerStep: 4 * n * d,
      run(): number {
        engine.f64().fill(0, pt >>> 3, (pt >>> 3) + d);
        ex.gdLinearRun(n, d, eta, px, py, pt, ps, pr, steps, steps, prs, prl, psum, ps2, 0);
        const f = engine.f64();
        const s = psum >>> 3;
        if (f[s + 5] !== steps) throw new Error(`gd-linear ${size} stopped at step ${f[s + 5]} of ${steps}`);
        return f[s + 2] + f[pt >>> 3];
      },
      dispose(): void {
        engine.arena.release(mark);
      },
    };
  },
};
