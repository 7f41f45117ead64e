// symmetricEigen, the library's one dense symmetric eigensolver: against closed-form spectra and vectors,
// against the defining identities (A·v = λv, VᵀV = I) on matrices built from a known spectrum, and bit for bit
// against the core's symEigJacobi (same rotations, so λ(θ) agrees byte for byte between the wasm deep-scalar
// loop and the general codimension-1 path, docs/design.md §3).
import { describe, expect, it } from "vitest";
import { InvalidArgumentError, symmetricEigen } from "../../src/index.js";
import { symEigJacobi } from "../../src/baseline/sym-eig.js";
import { BACKENDS, engines, randomArray } from "../engines.js";

const eng = engines();

/** A random symmetric m×m matrix (both triangles). */
function randomSymmetric(m: number, seed: number, diagScale = 1): Float64Array {
  const r = randomArray(m * m, seed), a = new Float64Array(m * m);
  for (let i = 0; i < m; i++) for (let j = 0; j <= i; j++) a[i * m + j] = a[j * m + i] = r[i * m + j] * (i === j ? diagScale : 1);
  return a;
}

/** Q·diag(lambda)·Qᵀ with Q = I − 2uuᵀ/uᵀu (a Householder reflection: orthogonal, symmetric). */
function withSpectrum(lambda: number[], seed: number): { A: Float64Array; Q: Float64Array } {
  const m = lambda.length, u = randomArray(m, seed);
  let uu = 0;
  for (const x of u) uu += x * x;
  const Q = new Float64Array(m * m);
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) Q[i * m + j] = (i === j ? 1 : 0) - (2 * u[i] * u[j]) / uu;
  const A = new Float64Array(m * m);
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) {
    let s = 0;
    for (let k = 0; k < m; k++) s += Q[i * m + k] * lambda[k] * Q[j * m + k];
    A[i * m + j] = s;
  }
  return { A, Q };
}

function column(V: Float64Array, m: number, c: number): Float64Array {
  return Float64Array.from({ length: m }, (_, i) => V[i * m + c]);
}

describe("symmetricEigen", () => {
  it("gives the second-difference matrix's eigenpairs: λ_k = 2 − 2cos(kπ/(m+1)), v_k ∝ sin(ikπ/(m+1))", () => {
    for (const m of [1, 2, 5, 17, 40]) {
      const A = new Float64Array(m * m);
      for (let i = 0; i < m; i++) {
        A[i * m + i] = 2;
        if (i + 1 < m) A[i * m + i + 1] = A[(i + 1) * m + i] = -1;
      }
      const e = symmetricEigen(A, m);
      for (let c = 0; c < m; c++) {
        const k = m - c; // largest first
        const lam = 2 - 2 * Math.cos((k * Math.PI) / (m + 1));
        expect(Math.abs(e.values[c] - lam)).toBeLessThanOrEqual(1e-14 * 4);
        // Eigenvalues are simple here, so the vector is fixed up to sign: |⟨v, ref⟩| = 1.
        const ref = Float64Array.from({ length: m }, (_, i) => Math.sin(((i + 1) * k * Math.PI) / (m + 1)));
        let rr = 0, vr = 0;
        const v = column(e.vectors, m, c);
        for (let i = 0; i < m; i++) {
          rr += ref[i] * ref[i];
          vr += v[i] * ref[i];
        }
        expect(Math.abs(Math.abs(vr) / Math.sqrt(rr) - 1)).toBeLessThanOrEqual(1e-12);
      }
    }
  });

  it("recovers a known spectrum (negative, repeated, zero) with A·v = λv and VᵀV = I to a few ε·‖A‖", () => {
    const lambda = [5, -3, 2, 2, 0, 1e-3, -3, 7.5, 0.25];
    const m = lambda.length;
    const { A } = withSpectrum(lambda, 7);
    const e = symmetricEigen(A, m);
    const want = [...lambda].sort((a, b) => b - a);
    const norm = 7.5, tol = 64 * Number.EPSILON * norm;
    e.values.forEach((v, i) => expect(Math.abs(v - want[i])).toBeLessThanOrEqual(tol));
    for (let c = 0; c < m; c++) {
      const v = column(e.vectors, m, c);
      let r = 0;
      for (let i = 0; i < m; i++) {
        let s = 0;
        for (let j = 0; j < m; j++) s += A[i * m + j] * v[j];
        r += (s - e.values[c] * v[i]) ** 2;
      }
      expect(Math.sqrt(r)).toBeLessThanOrEqual(tol);
      for (let c2 = 0; c2 < m; c2++) {
        let d = 0;
        for (let i = 0; i < m; i++) d += v[i] * e.vectors[i * m + c2];
        expect(Math.abs(d - (c === c2 ? 1 : 0))).toBeLessThanOrEqual(1e-14);
      }
    }
    expect(e.offDiagonal).toBeLessThan(1e-15);
  });

  it("has eigenvalues bit-identical to the core's symEigJacobi (JS twin and both wasm builds), sizes 1–34 and a graded matrix", () => {
    const cases: [Float64Array, number][] = [];
    for (const m of [1, 2, 3, 4, 5, 8, 13, 21, 34]) for (const seed of [1, 2, 3]) cases.push([randomSymmetric(m, 100 * seed + m, 3), m]);
    // Graded: entries over 20 orders of magnitude, where the skip rule (negligible next to both diagonals) decides.
    const g = randomSymmetric(6, 5);
    for (let i = 0; i < 6; i++) for (let j = 0; j < 6; j++) g[i * 6 + j] *= 10 ** (-2 * (i + j));
    cases.push([g, 6]);
    for (const [a, m] of cases) {
      const mine = symmetricEigen(a, m).values;
      const h = new Float64Array(m * m + m);
      h.set(a);
      const sweeps = symEigJacobi(h, m, 0, m * m, 60);
      expect(sweeps).toBe(symmetricEigen(a, m).sweeps);
      const twin = Float64Array.from(h.subarray(m * m)).sort((x, y) => y - x);
      expect(Array.from(mine)).toEqual(Array.from(twin));
      for (const b of BACKENDS) {
        const e = eng[b];
        const core = e.scoped(() => {
          const pa = e.copyIn(a), pd = e.allocF64(m);
          e.exports.symEigJacobi(m, pa, pd, 60);
          return e.read(pd, m).sort((x, y) => y - x);
        });
        expect(new BigUint64Array(core.buffer)).toEqual(new BigUint64Array(mine.buffer));
      }
    }
  });

  it("reads only the upper triangle, and stops after maxSweeps", () => {
    const a = randomSymmetric(4, 3);
    const garbage = Float64Array.from(a);
    for (let i = 0; i < 4; i++) for (let j = 0; j < i; j++) garbage[i * 4 + j] = NaN;
    expect(Array.from(symmetricEigen(garbage, 4).values)).toEqual(Array.from(symmetricEigen(a, 4).values));
    // No sweep: the diagonal, sorted, and the whole off-diagonal left over.
    const none = symmetricEigen(a, 4, { maxSweeps: 0 });
    expect(none.sweeps).toBe(0);
    expect(Array.from(none.values)).toEqual([0, 1, 2, 3].map((i) => a[i * 5]).sort((x, y) => y - x));
    let off = 0, fro = 0;
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) {
      fro += a[i * 4 + j] ** 2;
      if (i !== j) off = Math.max(off, Math.abs(a[i * 4 + j]));
    }
    expect(none.offDiagonal).toBeCloseTo(off / Math.sqrt(fro), 15);
  });

  it("handles m = 0, puts a NaN first, and rejects bad sizes with a typed error", () => {
    expect(symmetricEigen([], 0).values.length).toBe(0);
    expect(Number.isNaN(symmetricEigen([1, 0, 0, NaN], 2).values[0])).toBe(true);
    expect(() => symmetricEigen([1, 2, 3], 2)).toThrow(InvalidArgumentError);
    expect(() => symmetricEigen([1], 1.5)).toThrow(InvalidArgumentError);
    expect(() => symmetricEigen([1], 1, { maxSweeps: -1 })).toThrow(InvalidArgumentError);
  });
});
