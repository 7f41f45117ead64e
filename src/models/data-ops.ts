import type { Engine } from "../engine.js";
import type { Dataset } from "../dataset/dataset.js";
import { argObject } from "../check-args.js";

/**
 * The f64 workspace DataOps allocates (docs/design.md §3): X, y and two
 * max(n, d) buffers. Part of runData's and dataSharpness's workspace formulas.
 */
export function dataOpsWorkspace(n: number, d: number): number {
  return n * d + n + 2 * Math.max(n, d);
}

/**
 * A dataset copied into an engine's memory, with the two products every
 * several-output model needs: X·v (gemv) and Xᵀ·r (gemvT), on the engine's
 * kernels (SIMD where available). Allocates from the arena: create it inside
 * `engine.scoped(...)` (or mark/release) and do not use it after.
 * @category Models
 */
export class DataOps {
  readonly n: number;
  readonly d: number;
  readonly engine: Engine;
  readonly px: number;
  readonly py: number;
  private readonly pin: number;
  private readonly pout: number;
  /** Products with X or Xᵀ done so far (each is one pass over X). */
  passes = 0;

  constructor(engine: Engine, ds: Dataset) {
    argObject("DataOps", "engine", engine); argObject("DataOps", "ds", ds);
    this.engine = engine;
    this.n = ds.n;
    this.d = ds.d;
    this.px = engine.copyIn(ds.X);
    this.py = engine.copyIn(ds.y);
    const m = Math.max(ds.n, ds.d);
    this.pin = engine.allocF64(m);
    this.pout = engine.allocF64(m);
  }

  /** out (n) ← X·v, v of length d. */
  Xv(v: ArrayLike<number>, out: Float64Array): Float64Array {
    const e = this.engine;
    e.f64().set(v, this.pin >>> 3);
    e.exports.gemv(this.n, this.d, 1, this.px, this.pin, 0, this.pout);
    out.set(e.f64().subarray(this.pout >>> 3, (this.pout >>> 3) + this.n));
    this.passes++;
    return out;
  }

  /** out (d) ← Xᵀ·r, r of length n. */
  XTv(r: ArrayLike<number>, out: Float64Array): Float64Array {
    const e = this.engine;
    e.f64().set(r, this.pin >>> 3);
    e.exports.gemvT(this.n, this.d, 1, this.px, this.pin, 0, this.pout);
    out.set(e.f64().subarray(this.pout >>> 3, (this.pout >>> 3) + this.d));
    this.passes++;
    return out;
  }

  /** y, the targets. */
  targets(): Float64Array {
    return this.engine.read(this.py, this.n);
  }
}
