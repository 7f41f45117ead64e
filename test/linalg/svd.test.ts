// One-sided Jacobi SVD against singular values known independently: a
// diagonal matrix's entries, U·diag(s)·Vᵀ built from Householder reflections,
// and the eigenvalues of XXᵀ from a two-sided cyclic Jacobi eigensolver
// written here.
import { describe, expect, it } from "vitest";
import { gramExtremes, InvalidArgumentError, singularValues } from "../../src/index.js";
import { BACKENDS, engines, randomArray } from "../engines.js";

const eng = engines();

function bits(a: Float64Array): bigint[] {
  return Array.from(new BigUint64Array(Float64Array.from(a).buffer));
}

/** An m×m orthogonal matrix: the product of `count` Householder reflections I − 2vvᵀ/vᵀv. */
function householderOrthogonal(m: number, count: number, seed: number): Float64Array {
  const Q = new Float64Array(m * m);
  for (let i = 0; i < m; i++) Q[i * m + i] = 1;
  for (let h = 0; h < count; h++) {
    const v = randomArray(m, seed + h);
    let vv = 0;
    for (const x of v) vv += x * x;
    // Q ← Q·(I − 2vvᵀ/vv): each row q ← q − (2 q·v/vv) v.
    for (let i = 0; i < m; i++) {
      let qv = 0;
      for (let j = 0; j < m; j++) qv += Q[i * m + j] * v[j];
      const c = (2 * qv) / vv;
      for (let j = 0; j < m; j++) Q[i * m + j] -= c * v[j];
    }
  }
  return Q;
}

/** A = U·diag(s)·Vᵀ (m×n), U m×m and V n×n orthogonal; only the first min(m,n) columns of each matter. */
function withSingularValues(s: number[], m: number, n: number, seed: number): Float64Array {
  const U = householderOrthogonal(m, 6, seed), V = householderOrthogonal(n, 6, seed + 100);
  const A = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let a = 0;
      for (let k = 0; k < s.length; k++) a += U[i * m + k] * s[k] * V[j * n + k];
      A[i * n + j] = a;
    }
  return A;
}

/** Eigenvalues of a symmetric m×m matrix by the classical two-sided cyclic Jacobi method. */
function jacobiEigenvalues(S: Float64Array, m: number): number[] {
  const a = Float64Array.from(S);
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < m; p++) for (let q = p + 1; q < m; q++) off += a[p * m + q] ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < m - 1; p++)
      for (let q = p + 1; q < m; q++) {
        const apq = a[p * m + q];
        if (apq === 0) continue;
        const theta = (a[q * m + q] - a[p * m + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.hypot(1, theta));
        const c = 1 / Math.hypot(1, t), s = t * c;
        for (let k = 0; k < m; k++) {
          const akp = a[k * m + p], akq = a[k * m + q];
          a[k * m + p] = c * akp - s * akq;
          a[k * m + q] = s * akp + c * akq;
        }
        for (let k = 0; k < m; k++) {
          const apk = a[p * m + k], aqk = a[q * m + k];
          a[p * m + k] = c * apk - s * aqk;
          a[q * m + k] = s * apk + c * aqk;
        }
      }
  }
  return Array.from({ length: m }, (_, i) => a[i * m + i]).sort((x, y) => y - x);
}

function transpose(A: Float64Array, m: number, n: number): Float64Array {
  const T = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) T[j * m + i] = A[i * n + j];
  return T;
}

function expectValues(got: Float64Array, want: number[], tol: number): void {
  expect(got.length).toBe(want.length);
  want.forEach((w, i) => expect(Math.abs(got[i] - w)).toBeLessThanOrEqual(tol));
}

describe("singularValues (one-sided Jacobi)", () => {
  it("returns a diagonal matrix's |entries|, descending, wide and tall", () => {
    const diag = [3, -7, 0, 0.5, 2, 1e-3];
    const m = 6, n = 10;
    const A = new Float64Array(m * n);
    diag.forEach((v, i) => (A[i * n + i] = v));
    const want = diag.map(Math.abs).sort((a, b) => b - a);
    for (const b of BACKENDS) {
      expectValues(singularValues(A, m, n, { engine: eng[b] }).values, want, 1e-14);
      expectValues(singularValues(transpose(A, m, n), n, m, { engine: eng[b] }).values, want, 1e-14);
    }
  });

  it("recovers s from U·diag(s)·Vᵀ (Householder U, V), 50×200 and 200×50, within 1e-10", () => {
    const s = Array.from({ length: 50 }, (_, i) => 10 / (1 + i) + 0.1);
    const A = withSingularValues(s, 50, 200, 1);
    for (const b of BACKENDS) {
      const r = singularValues(A, 50, 200, { engine: eng[b] });
      expectValues(r.values, s, 1e-10);
      expect(r.residual).toBeLessThanOrEqual(Number.EPSILON * Math.sqrt(200));
      expect(r.sweeps).toBeLessThan(60);
    }
    expectValues(singularValues(transpose(A, 50, 200), 200, 50, { engine: eng.simd }).values, s, 1e-10);
  });

  it("handles a rank-deficient matrix: zero singular values and λ_min⁺ from the smallest nonzero one", () => {
    const s = [5, 4, 3, 2, 1.5, 0.75, 0, 0, 0, 0];
    const A = withSingularValues(s, 10, 30, 7);
    for (const b of BACKENDS) {
      const r = singularValues(A, 10, 30, { engine: eng[b] });
      expectValues(r.values, s, 1e-10);
      const g = gramExtremes(r.values, 10, 30);
      expect(g.rank).toBe(6);
      expect(g.lambdaMax).toBeCloseTo(25, 9);
      expect(g.lambdaMinPlus).toBeCloseTo(0.5625, 9);
    }
    // A zero matrix: rank 0, no λ_min⁺.
    const z = singularValues(new Float64Array(12), 3, 4, { engine: eng.simd });
    expect(Array.from(z.values)).toEqual([0, 0, 0]);
    expect(gramExtremes(z.values, 3, 4)).toEqual({ lambdaMax: 0, lambdaMinPlus: null, rank: 0 });
  });

  it("matches √eig(XXᵀ) from an independent Jacobi eigensolver on a random 50×200 X, within 1e-10", () => {
    const m = 50, n = 200, X = randomArray(m * n, 2024);
    const G = new Float64Array(m * m);
    for (let i = 0; i < m; i++)
      for (let j = 0; j < m; j++) {
        let g = 0;
        for (let k = 0; k < n; k++) g += X[i * n + k] * X[j * n + k];
        G[i * m + j] = g;
      }
    const want = jacobiEigenvalues(G, m).map(Math.sqrt);
    const runs = BACKENDS.map((b) => singularValues(X, m, n, { engine: eng[b] }));
    for (const r of runs) expectValues(r.values, want, 1e-10);
    for (const r of runs.slice(1)) {
      expect(bits(r.values)).toEqual(bits(runs[0].values));
      expect(r.sweeps).toBe(runs[0].sweeps);
    }
  });

  it("scales huge and tiny matrices exactly: σ(c·A) = c·σ(A) bit for bit when c is a power of two", () => {
    const A = randomArray(8 * 20, 77);
    const base = singularValues(A, 8, 20, { engine: eng.wasm }).values;
    for (const c of [2 ** 600, 2 ** -600, 2 ** 1000]) {
      const got = singularValues(A.map((v) => v * c), 8, 20, { engine: eng.wasm }).values;
      expect(Array.from(got)).toEqual(Array.from(base, (v) => v * c));
    }
    // 1e200 entries: plain sums of squares would overflow to Infinity.
    const big = singularValues(Float64Array.of(3e200, 0, 0, 4e200), 2, 2, { engine: eng.simd }).values;
    expect(big[0] / 4e200).toBeCloseTo(1, 14);
    expect(big[1] / 3e200).toBeCloseTo(1, 14);
  });

  it("handles empty and 1×1 matrices and rejects bad input", () => {
    expect(singularValues(new Float64Array(0), 0, 5, { engine: eng.js }).values.length).toBe(0);
    expect(Array.from(singularValues(Float64Array.of(-3), 1, 1, { engine: eng.wasm }).values)).toEqual([3]);
    expect(() => singularValues(new Float64Array(5), 2, 3)).toThrow(InvalidArgumentError);
    expect(() => singularValues(Float64Array.of(1, NaN), 1, 2)).toThrow(InvalidArgumentError);
    expect(() => singularValues(Float64Array.of(1, 2), 1, 2, { maxSweeps: 0 })).toThrow(InvalidArgumentError);
  });
});
