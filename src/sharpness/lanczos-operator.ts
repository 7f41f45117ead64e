import { InvalidArgumentError } from "../errors.js";
import { krylovStartVector } from "../linalg/start-vector.js";
import { tridiagonalEigen } from "../linalg/tridiagonal-eigen.js";
import { symmetricEigen } from "./symmetric-eigen.js";

/** A symmetric linear operator on R^p: writes A·v into out and returns it. */
export type SymmetricMatvec = (v: Float64Array, out: Float64Array) => Float64Array;

export interface LanczosTopOptions {
  /** How many eigenvalues, largest algebraic first. Default 1. */
  k?: number;
  /** Krylov dimension limit. Default min(p, 300). */
  maxIter?: number;
  /** Stop when every wanted Ritz pair has |β_j·z_j| ≤ tol·max|θ|. Default 1e-12. */
  tol?: number;
  /** Warm start (e.g. the previous top eigenvector); default: the fixed generic start vector. */
  start?: ArrayLike<number>;
}

/** Top-k eigenpairs of a symmetric operator, with what they cost and how sure they are (DESIGN §4). */
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
 * matvec callback (the generic sibling of lanczosTopGram in src/linalg, whose
 * tridiagonal solver it reuses for the convergence test). Finds the top-k
 * eigenvalues, largest algebraic first. In exact arithmetic Lanczos sees each
 * distinct eigenvalue once, so a multiple eigenvalue may be reported once.
 *
 * @example const r = lanczosTop((v, out) => hvp(v, out), p, { k: 3 }); r.values[0]
 */
export function lanczosTop(matvec: SymmetricMatvec, p: number, opts: LanczosTopOptions = {}): LanczosTopResult {
  const k = opts.k ?? 1;
  if (!Number.isSafeInteger(p) || p < 0) throw new InvalidArgumentError(`dimension must be a non-negative integer, got ${p}`);
  if (!Number.isSafeInteger(k) || k < 1) throw new InvalidArgumentError(`k must be an integer ≥ 1, got ${k}`);
  const maxIter = Math.min(opts.maxIter ?? 300, p);
  const tol = opts.tol ?? 1e-12;
  if (!(tol > 0)) throw new InvalidArgumentError(`tol must be > 0, got ${tol}`);
  if (p === 0) return { values: [], vectors: [], residuals: [], iterations: 0, matvecs: 0 };
  let v0 = opts.start !== undefined ? Float64Array.from(opts.start) : krylovStartVector(p);
  if (v0.length !== p) throw new InvalidArgumentError(`start vector has ${v0.length} entries, expected ${p}`);
  let nv = Math.sqrt(dotv(v0, v0));
  if (!(nv > 0) || !Number.isFinite(nv)) {
    v0 = krylovStartVector(p);
    nv = 1;
  }
  for (let i = 0; i < p; i++) v0[i] /= nv;
  const V: Float64Array[] = [v0];
  const alphas: number[] = [], betas: number[] = [];
  const w = new Float64Array(p);
  let matvecs = 0, iterations = 0;
  for (let j = 0; j < maxIter; j++) {
    matvec(V[j], w);
    matvecs++;
    const alpha = dotv(w, V[j]);
    alphas.push(alpha);
    iterations = j + 1;
    // Full reorthogonalisation, twice (Gram–Schmidt "twice is enough").
    for (let pass = 0; pass < 2; pass++) {
      for (const u of V) {
        const c = dotv(w, u);
        for (let i = 0; i < p; i++) w[i] -= c * u[i];
      }
    }
    const beta = Math.sqrt(dotv(w, w));
    const { values, lastRow } = tridiagonalEigen(alphas, betas);
    const idx = Array.from(values.keys()).sort((a, b) => values[b] - values[a]).slice(0, k);
    let scale = 0;
    for (const x of values) scale = Math.max(scale, Math.abs(x));
    const done = idx.length === Math.min(k, p) && idx.every((i) => Math.abs(beta * lastRow[i]) <= tol * scale);
    if (done || !(beta > 1e-14 * Math.max(scale, Number.MIN_VALUE)) || j + 1 === maxIter) break;
    betas.push(beta);
    V.push(Float64Array.from(w, (x) => x / beta));
  }
  // Ritz vectors from the dense eigenvectors of T (small: iterations ≤ 300).
  const m = alphas.length;
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
