// The one Lanczos loop (src/linalg/lanczos-driver.ts) with a plain stepper written here (diagonal operator,
// classical Gram–Schmidt twice), and its two front ends (lanczosTopGram, lanczosTop) against each other on XᵀX.
import { describe, expect, it } from "vitest";
import { InvalidArgumentError, lanczosTop, lanczosTopGram } from "../../src/index.js";
import { lanczosIterate, lanczosStartVector, type LanczosStepper } from "../../src/linalg/lanczos-driver.js";
import { krylovStartVector } from "../../src/linalg/start-vector.js";
import { BACKENDS, engines, randomArray } from "../engines.js";

const eng = engines();

/** A stepper for diag(d) written from the definition: w = A·v_j, minus its projections on every v_i (twice). */
function diagonalStepper(d: number[], v0: Float64Array, log: number[] = []): LanczosStepper & { V: Float64Array[] } {
  const p = d.length, V = [v0];
  let w = new Float64Array(p);
  const dot = (a: Float64Array, b: Float64Array) => a.reduce((s, x, i) => s + x * b[i], 0);
  return {
    V,
    step(j) {
      w = Float64Array.from(V[j], (x, i) => d[i] * x);
      const alpha = dot(w, V[j]);
      for (let pass = 0; pass < 2; pass++) {
        for (const u of V) {
          const c = dot(w, u);
          for (let i = 0; i < p; i++) w[i] -= c * u[i];
        }
      }
      return { alpha, beta: Math.sqrt(dot(w, w)) };
    },
    extend(beta) {
      log.push(beta);
      V.push(Float64Array.from(w, (x) => x / beta));
    },
  };
}

describe("lanczosIterate", () => {
  const d = Array.from({ length: 40 }, (_, i) => (i === 7 ? 10 : i === 21 ? 9 : i === 3 ? 8.5 : Math.sin(i)));

  it("finds the top-3 of diag(d), largest first, with every bound |β·z| within tol·max|θ|", () => {
    const log: number[] = [];
    const run = lanczosIterate(diagonalStepper(d, krylovStartVector(40), log), { k: 3, tol: 1e-10, maxIter: 40 });
    expect(run.converged).toBe(true);
    expect(run.top.map((i) => run.ritz.values[i])).toEqual([10, 9, 8.5].map((x) => expect.closeTo(x, 9)));
    let scale = 0;
    for (const x of run.ritz.values) scale = Math.max(scale, Math.abs(x));
    for (const i of run.top) expect(Math.abs(run.beta * run.ritz.lastRow[i])).toBeLessThanOrEqual(1e-10 * scale);
    // T is alphas.length square; extend ran once per off-diagonal entry, never with β = 0.
    expect(run.betas.length).toBe(run.alphas.length - 1);
    expect(log).toEqual(run.betas);
    expect(log.every((b) => b > 0)).toBe(true);
  });

  it("stops on an invariant Krylov space (β ≈ 0) even when fewer than k Ritz values exist, and at maxIter", () => {
    // v0 in span{e_7, e_21}: the Krylov space has dimension 2, so k = 3 can never be met.
    const v0 = new Float64Array(40);
    v0[7] = 0.6;
    v0[21] = 0.8;
    const run = lanczosIterate(diagonalStepper(d, v0), { k: 3, tol: 1e-12, maxIter: 40 });
    expect(run.alphas.length).toBe(2);
    expect(run.converged).toBe(false);
    expect(run.top.map((i) => run.ritz.values[i])).toEqual([expect.closeTo(10, 13), expect.closeTo(9, 13)]);
    const capped = lanczosIterate(diagonalStepper(d, krylovStartVector(40)), { k: 1, tol: 1e-14, maxIter: 3 });
    expect(capped.alphas.length).toBe(3);
    expect(capped.converged).toBe(false);
  });
});

describe("lanczosStartVector", () => {
  it("is the fixed krylovStartVector when no start is given, the given start normalised otherwise", () => {
    expect(Array.from(lanczosStartVector(9))).toEqual(Array.from(krylovStartVector(9)));
    const s = [3, 0, -4];
    expect(Array.from(lanczosStartVector(3, s))).toEqual([0.6, 0, -0.8]);
    for (const bad of [[0, 0, 0], [NaN, 1, 1], [Infinity, 0, 0]]) expect(Array.from(lanczosStartVector(3, bad))).toEqual(Array.from(krylovStartVector(3)));
    expect(() => lanczosStartVector(3, [1, 2])).toThrow(InvalidArgumentError);
  });
});

describe("the two front ends share the loop", () => {
  it("lanczosTopGram (fused core step) and lanczosTop on v ↦ Xᵀ(Xv) agree on λ_max(XᵀX) and on the steps taken", () => {
    const n = 30, d = 70, X = randomArray(n * d, 12);
    const gram = (v: Float64Array, out: Float64Array) => {
      const xv = new Float64Array(n);
      for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) xv[i] += X[i * d + j] * v[j];
      out.fill(0);
      for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) out[j] += X[i * d + j] * xv[i];
      return out;
    };
    const maxIter = Math.min(n + 1, d);
    const op = lanczosTop(gram, d, { tol: 1e-10, maxIter });
    for (const b of BACKENDS) {
      const g = lanczosTopGram(X, n, d, { engine: eng[b] });
      expect(Math.abs(g.value - op.values[0])).toBeLessThanOrEqual(1e-12 * op.values[0]);
      // Same start vector, same convergence test, same tolerance: the same number of steps.
      expect(g.iterations).toBe(op.iterations);
      expect(g.residual).toBeLessThanOrEqual(1e-10 * g.value);
    }
  });
});
