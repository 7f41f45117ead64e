// Lanczos and power iteration for λ_max(XᵀX) against the Jacobi SVD's σ_max²
// and against matrices with known singular values.
import { describe, expect, it } from "vitest";
import { InvalidArgumentError, lanczosTopGram, powerIterationGram, singularValues } from "../../src/index.js";
import { tridiagonalEigen } from "../../src/linalg/tridiagonal-eigen.js";
import { BACKENDS, engines, randomArray } from "../engines.js";

const eng = engines();

/** X = [diag(s) 0] (n×d). */
function diagMatrix(s: number[], d: number): Float64Array {
  const X = new Float64Array(s.length * d);
  s.forEach((v, i) => (X[i * d + i] = v));
  return X;
}

describe("tridiagonalEigen (implicit QL)", () => {
  it("gives the eigenvalues 2 − 2cos(kπ/(m+1)) of the m×m second-difference matrix, and unit last components", () => {
    for (const m of [1, 2, 3, 10, 41]) {
      const { values, lastRow } = tridiagonalEigen(new Array(m).fill(2), new Array(m - 1).fill(-1));
      const got = Array.from(values).sort((a, b) => a - b);
      got.forEach((v, k) => expect(v).toBeCloseTo(2 - 2 * Math.cos(((k + 1) * Math.PI) / (m + 1)), 13));
      // Eigenvector k has last component ±√(2/(m+1))·sin(k·mπ/(m+1)); their squares sum to 1.
      let ss = 0;
      for (const z of lastRow) ss += z * z;
      expect(ss).toBeCloseTo(1, 13);
    }
  });
});

describe("lanczosTopGram and powerIterationGram", () => {
  it("find λ_max = max s² for X = [diag(s) 0]", () => {
    const s = [3, 2.5, 1, 0.5, 0.1], X = diagMatrix(s, 12);
    for (const b of BACKENDS) {
      const l = lanczosTopGram(X, 5, 12, { engine: eng[b] });
      expect(l.value).toBeCloseTo(9, 12);
      expect(l.iterations).toBeLessThanOrEqual(6); // rank 5, plus the start vector's null-space part
      const p = powerIterationGram(X, 5, 12, { engine: eng[b] });
      expect(Math.abs(p.value - 9)).toBeLessThanOrEqual(p.residual + 1e-12);
      expect(p.residual).toBeLessThanOrEqual(1e-10 * 9);
    }
  });

  it("agree with the Jacobi SVD's σ_max² within 1e-9 on a random 50×200 X, bit-identically across backends", () => {
    const n = 50, d = 200, X = randomArray(n * d, 99);
    const smax = singularValues(X, n, d, { engine: eng.simd }).values[0];
    const runs = BACKENDS.map((b) => lanczosTopGram(X, n, d, { engine: eng[b] }));
    for (const l of runs) {
      expect(Math.abs(l.value - smax * smax)).toBeLessThanOrEqual(1e-9);
      expect(l.residual).toBeLessThanOrEqual(1e-10 * l.value);
      expect(l.matvecs).toBe(l.iterations);
      expect(l.iterations).toBeLessThan(50);
    }
    for (const l of runs.slice(1)) expect(l).toEqual(runs[0]);
    const p = powerIterationGram(X, n, d, { engine: eng.simd });
    expect(Math.abs(p.value - smax * smax)).toBeLessThanOrEqual(Math.max(p.residual, 1e-9));
  });

  it("works on a tall X (n > d) and stops early on a rank-1 X", () => {
    const X = randomArray(80 * 20, 5);
    const smax = singularValues(X, 80, 20).values[0];
    expect(Math.abs(lanczosTopGram(X, 80, 20, { engine: eng.wasm }).value - smax * smax)).toBeLessThanOrEqual(1e-9);
    // X = u vᵀ: XᵀX = ‖u‖² v vᵀ, λ_max = ‖u‖²‖v‖², reached in one step.
    const u = randomArray(7, 1), v = randomArray(9, 2);
    const R = new Float64Array(63);
    let uu = 0, vv = 0;
    for (let i = 0; i < 7; i++) uu += u[i] * u[i];
    for (let j = 0; j < 9; j++) vv += v[j] * v[j];
    for (let i = 0; i < 7; i++) for (let j = 0; j < 9; j++) R[i * 9 + j] = u[i] * v[j];
    const l = lanczosTopGram(R, 7, 9, { engine: eng.js });
    expect(l.value).toBeCloseTo(uu * vv, 12);
    expect(l.iterations).toBeLessThanOrEqual(2);
  });

  it("report an unconverged estimate honestly when maxIter is too small", () => {
    const X = randomArray(50 * 200, 3);
    const l = lanczosTopGram(X, 50, 200, { maxIter: 2, engine: eng.simd });
    expect(l.iterations).toBe(2);
    expect(l.residual).toBeGreaterThan(1e-10 * l.value);
    const p = powerIterationGram(X, 50, 200, { maxIter: 3, engine: eng.simd });
    expect(p.iterations).toBe(3);
    expect(p.residual).toBeGreaterThan(1e-10 * p.value);
  });

  it("stay finite for huge entries (exact power-of-two scaling inside)", () => {
    const X = diagMatrix([3e150, 1e150], 4); // λ = 9e300: ‖XᵀXv‖² would overflow unscaled
    expect(lanczosTopGram(X, 2, 4, { engine: eng.simd }).value / 9e300).toBeCloseTo(1, 12);
    expect(powerIterationGram(X, 2, 4, { engine: eng.js }).value / 9e300).toBeCloseTo(1, 9);
  });

  it("return 0 for empty X and reject bad input", () => {
    expect(lanczosTopGram(new Float64Array(0), 0, 3, { engine: eng.js }).value).toBe(0);
    expect(() => lanczosTopGram(new Float64Array(5), 2, 3)).toThrow(InvalidArgumentError);
    expect(() => powerIterationGram(new Float64Array(6), 2, 3, { tol: 0 })).toThrow(InvalidArgumentError);
  });
});
