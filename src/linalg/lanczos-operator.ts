import type { Engine } from "../engine.js";
import { InvalidArgumentError } from "../errors.js";
import { lanczosIterate, lanczosStartVector, type LanczosIteration } from "./lanczos-driver.js";
import { symmetricEigen } from "./symmetric-eigen.js";
import { sizesOk } from "./workspace-size.js";
import { argFunction, argInt, argObject } from "../check-args.js";

/** lanczosTop's default Krylov limit (maxIter). */
export const LANCZOS_MAX_ITER = 300;

/**
 * A symmetric linear operator on R^p: writes A·v into out and returns it.
 * @category Linear algebra
 */
export type SymmetricMatvec = (v: Float64Array, out: Float64Array) => Float64Array;

/**
 * Options of {@link lanczosTop}: how many eigenvalues, tolerance and iteration cap.
 *
 * @category Linear algebra
 */
export interface LanczosTopOptions {
  /** How many eigenvalues, largest algebraic first. Default 1. */
  k?: number;
  /** Krylov dimension limit. Default min(p, LANCZOS_MAX_ITER = 300). */
  maxIter?: number;
  /** Stop when every wanted Ritz pair has |β_j·z_j| ≤ tol·max|θ|. Default 1e-12. */
  tol?: number;
  /** Warm start (e.g. the previous top eigenvector); default: the fixed generic start vector. */
  start?: ArrayLike<number>;
  /**
   * Run the reorthogonalisation (O(k²p), the main cost besides the products)
   * on this engine's dot/axpy/nrm2 kernels (SIMD where available). Results
   * then agree bit for bit across the engine's backends, and to rounding with
   * the plain-JS path.
   */
  engine?: Engine;
}

/** The Lanczos vectors and the Gram–Schmidt step on them. */
interface Basis {
  /** Unit Lanczos vectors so far (JS copies, for the callback and the Ritz vectors). */
  readonly V: Float64Array[];
  /**
   * w ← A·v_j minus its components on v_j, v_{j−1} (three-term recurrence) and on every v_q (full
   * reorthogonalisation, repeated once when it cancelled much of w: Kahan–Parlett "twice is enough").
   * Returns α_j = ⟨A·v_j, v_j⟩ and β_j = ‖w‖ after.
   */
  orthogonalise(w: Float64Array, j: number, betaPrev: number): { alpha: number; beta: number };
  /** Appends v_{j+1} = w/β. */
  push(beta: number): void;
  dispose(): void;
}

class JsBasis implements Basis {
  readonly V: Float64Array[];
  private w: Float64Array;
  constructor(private readonly p: number, v0: Float64Array) {
    this.V = [v0];
    this.w = new Float64Array(p);
  }
  orthogonalise(w: Float64Array, j: number, betaPrev: number): { alpha: number; beta: number } {
    const { p, V } = this;
    this.w = w;
    const vj = V[j];
    const alpha = dotv(w, vj);
    for (let i = 0; i < p; i++) w[i] -= alpha * vj[i];
    if (j > 0) {
      const vp = V[j - 1];
      for (let i = 0; i < p; i++) w[i] -= betaPrev * vp[i];
    }
    let before = Math.sqrt(dotv(w, w));
    let beta = before;
    for (let pass = 0; pass < 2; pass++) {
      const cs = V.map((u) => dotv(w, u));
      for (let q = 0; q < V.length; q++) {
        const c = cs[q], u = V[q];
        for (let i = 0; i < p; i++) w[i] -= c * u[i];
      }
      beta = Math.sqrt(dotv(w, w));
      if (beta > 0.7071 * before) break;
      before = beta;
    }
    return { alpha, beta };
  }
  push(beta: number): void {
    const next = new Float64Array(this.p);
    const inv = 1 / beta;
    for (let i = 0; i < this.p; i++) next[i] = this.w[i] * inv;
    this.V.push(next);
  }
  dispose(): void {}
}

/**
 * Lanczos basis on the engine (EngineBasis): a work vector and up to
 * min(maxIter, p) unit vectors of length p (at most; it may stop earlier).
 * NaN when p or maxIter is not a valid size.
 */
export function lanczosWorkspace(p: number, maxIter = LANCZOS_MAX_ITER): number {
  if (!sizesOk(p, maxIter)) return NaN;
  return (Math.min(maxIter, p) + 1) * p;
}

class EngineBasis implements Basis {
  readonly V: Float64Array[];
  private readonly ptrs: number[] = [];
  private readonly pw: number;
  private readonly mark: number;
  constructor(private readonly engine: Engine, private readonly p: number, v0: Float64Array) {
    this.V = [v0];
    this.mark = engine.arena.mark();
    this.pw = engine.allocF64(p);
    this.ptrs.push(engine.copyIn(v0));
  }
  orthogonalise(w: Float64Array, j: number, betaPrev: number): { alpha: number; beta: number } {
    const { engine, p, ptrs, pw } = this;
    const ex = engine.exports;
    engine.write(pw, w);
    const alpha = ex.dot(p, pw, ptrs[j]);
    ex.axpy(p, -alpha, ptrs[j], pw);
    if (j > 0) ex.axpy(p, -betaPrev, ptrs[j - 1], pw);
    let before = ex.nrm2(p, pw);
    let beta = before;
    for (let pass = 0; pass < 2; pass++) {
      const cs = ptrs.map((u) => ex.dot(p, pw, u));
      for (let q = 0; q < ptrs.length; q++) ex.axpy(p, -cs[q], ptrs[q], pw);
      beta = ex.nrm2(p, pw);
      if (beta > 0.7071 * before) break;
      before = beta;
    }
    return { alpha, beta };
  }
  push(beta: number): void {
    const { engine, p } = this;
    const ptr = engine.allocF64(p);
    const h = engine.f64();
    h.copyWithin(ptr >>> 3, this.pw >>> 3, (this.pw >>> 3) + p);
    engine.exports.scal(p, 1 / beta, ptr);
    this.ptrs.push(ptr);
    this.V.push(engine.read(ptr, p));
  }
  dispose(): void {
    this.engine.arena.release(this.mark);
  }
}

/**
 * Top-k eigenpairs of a symmetric operator, with what they cost and how sure they are (docs/design.md §3).
 * @category Linear algebra
 */
export interface LanczosTopResult {
  /** Ritz values, largest algebraic first (at most k; fewer if the Krylov space is smaller). */
  values: number[];
  /** Unit Ritz vectors, one per value. */
  vectors: Float64Array[];
  /** True residuals ‖A·v − θ·v‖, one per value (computed with one extra product each). */
  residuals: number[];
  /** Lanczos steps taken. */
  iterations: number;
  /** Operator products used, including the residual checks. */
  matvecs: number;
}

function dotv(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/**
 * Lanczos with full reorthogonalisation on any symmetric operator given by a
 * matvec callback. The loop itself (start vector, tridiagonal solve,
 * convergence and breakdown tests) is the library's one Lanczos driver,
 * src/linalg/lanczos-driver.ts, shared with lanczosTopGram; here a step is
 * one matvec plus the basis' Gram–Schmidt. Finds the top-k
 * eigenvalues, largest algebraic first. In exact arithmetic Lanczos sees each
 * distinct eigenvalue once, so a multiple eigenvalue may be reported once.
 *
 * @example
 * const m = deepScalar({ depth: 3 }), at = new Float64Array([1, 1, 1]);
 * const r = lanczosTop((v, out) => { m.hvp(at, v, out); return out; }, m.dim, { k: 3 });
 * r.values[0]; // 2 = λ_max(∇²f) at θ = (1, 1, 1) for f = θ₁θ₂θ₃
 * @category Linear algebra
 */
export function lanczosTop(matvec: SymmetricMatvec, p: number, opts: LanczosTopOptions = {}): LanczosTopResult {
  argFunction("lanczosTop", "matvec", matvec); argInt("lanczosTop", "p", p); argObject("lanczosTop", "opts", opts, true);
  const k = opts.k ?? 1;
  if (!Number.isSafeInteger(p) || p < 0) throw new InvalidArgumentError(`dimension must be a non-negative integer, got ${p}`);
  if (!Number.isSafeInteger(k) || k < 1) throw new InvalidArgumentError(`k must be an integer ≥ 1, got ${k}`);
  const maxIter = Math.min(opts.maxIter ?? LANCZOS_MAX_ITER, p);
  const tol = opts.tol ?? 1e-12;
  if (!(tol > 0)) throw new InvalidArgumentError(`tol must be > 0, got ${tol}`);
  if (p === 0) return { values: [], vectors: [], residuals: [], iterations: 0, matvecs: 0 };
  const v0 = lanczosStartVector(p, opts.start);
  const basis: Basis = opts.engine ? new EngineBasis(opts.engine, p, v0) : new JsBasis(p, v0);
  const V = basis.V;
  const w = new Float64Array(p);
  let matvecs = 0;
  let run: LanczosIteration;
  try {
    run = lanczosIterate(
      {
        step: (j, betaPrev) => {
          matvec(V[j], w);
          matvecs++;
          return basis.orthogonalise(w, j, betaPrev);
        },
        extend: (beta) => basis.push(beta),
      },
      { k: Math.min(k, p), tol, maxIter },
    );
  } finally {
    basis.dispose();
  }
  const { alphas, betas } = run;
  const iterations = alphas.length;
  // Ritz vectors from the dense eigenvectors of T (small: iterations ≤ 300).
  const m = iterations;
  const T = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    T[i * m + i] = alphas[i];
    if (i + 1 < m) T[i * m + i + 1] = T[(i + 1) * m + i] = betas[i];
  }
  const eig = symmetricEigen(T, m);
  const kk = Math.min(k, m);
  const values: number[] = [], vectors: Float64Array[] = [], residuals: number[] = [];
  const av = new Float64Array(p);
  for (let c = 0; c < kk; c++) {
    const x = new Float64Array(p);
    for (let i = 0; i < m; i++) {
      const s = eig.vectors[i * m + c];
      const vi = V[i];
      for (let t = 0; t < p; t++) x[t] += s * vi[t];
    }
    const nx = Math.sqrt(dotv(x, x));
    for (let t = 0; t < p; t++) x[t] /= nx;
    const theta = eig.values[c];
    matvec(x, av);
    matvecs++;
    let r = 0;
    for (let t = 0; t < p; t++) r += (av[t] - theta * x[t]) ** 2;
    values.push(theta);
    vectors.push(x);
    residuals.push(Math.sqrt(r));
  }
  return { values, vectors, residuals, iterations, matvecs };
}
