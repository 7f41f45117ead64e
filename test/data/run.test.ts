// Whole-trajectory GD for the several-output models (wasm loops) against
// plain reference loops written here, across backends, and the
// residual-space linear loop against the plain linear loop.
import { describe, expect, it } from "vitest";
import { RandomState, gdLinear, lanczosTopGram } from "../../src/index.js";
import type { Dataset } from "../../src/dataset/dataset.js";
import { paramCount, type DataModelSpec } from "../../src/models/data-model.js";
import { runData } from "../../src/data/run.js";
import { BACKENDS, engines } from "../engines.js";
import { problem } from "./problem.js";

const eng = engines();


/** Plain GD, written from docs/design.md §4 without the library: returns losses and final θ. */
function referenceGd(spec: DataModelSpec, ds: Dataset, theta0: Float64Array, eta: number, steps: number): { loss: number[]; theta: Float64Array } {
  const { n, d, X, y } = ds;
  const h = spec.h ?? 0;
  let t = Float64Array.from(theta0);
  const loss: number[] = [];
  for (let s = 0; s <= steps; s++) {
    const w = new Float64Array(d);
    for (let j = 0; j < d; j++) {
      if (spec.kind === "diagonal") w[j] = t[j] * t[d + j];
      else if (spec.kind === "linear") w[j] = t[j];
      else for (let k = 0; k < h; k++) w[j] += t[j * h + k] * t[d * h + k];
    }
    const r = new Float64Array(n);
    let l = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) r[i] += X[i * d + j] * w[j];
      r[i] -= y[i];
      l += r[i] * r[i];
    }
    loss.push(0.5 * l);
    if (s === steps) break;
    const g = new Float64Array(d);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) g[j] += X[i * d + j] * r[i];
    const next = new Float64Array(t.length);
    if (spec.kind === "linear") for (let j = 0; j < d; j++) next[j] = t[j] - eta * g[j];
    else if (spec.kind === "diagonal") {
      for (let j = 0; j < d; j++) {
        next[j] = t[j] - eta * t[d + j] * g[j];
        next[d + j] = t[d + j] - eta * t[j] * g[j];
      }
    } else {
      for (let k = 0; k < h; k++) {
        let q = 0;
        for (let j = 0; j < d; j++) {
          q += t[j * h + k] * g[j];
          next[j * h + k] = t[j * h + k] - eta * g[j] * t[d * h + k];
        }
        next[d * h + k] = t[d * h + k] - eta * q;
      }
    }
    t = next;
  }
  return { loss, theta: t };
}

function relMax(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let e = 0, s = 0;
  for (let i = 0; i < a.length; i++) {
    e = Math.max(e, Math.abs(a[i] - b[i]));
    s = Math.max(s, Math.abs(b[i]));
  }
  return e / s;
}

describe("runData: diagonal and two-layer networks", () => {
  const cases: [DataModelSpec, number, number][] = [
    [{ kind: "diagonal", n: 9, d: 17 }, 0.05, 300],
    [{ kind: "diagonal", n: 1, d: 1 }, 0.1, 50],
    [{ kind: "two-layer", n: 7, d: 33, h: 3 }, 0.05, 300],
    [{ kind: "two-layer", n: 8, d: 9, h: 1 }, 0.05, 100],
  ];
  for (const [spec, eta, steps] of cases) {
    it(`${spec.kind} n=${spec.n} d=${spec.d}: the reference loop within 1e-12, bit-identical backends, identical when chunked`, () => {
      const ds = problem(spec.n, spec.d, spec.n * 31 + spec.d);
      const theta0 = new RandomState(7).randn(paramCount(spec));
      const ref = referenceGd(spec, ds, theta0, eta, steps);
      const runs = BACKENDS.map((b) => runData(spec, ds, { eta, steps, theta0, engine: eng[b] }));
      for (const r of runs) {
        expect(r.steps).toHaveLength(steps + 1);
        expect(relMax(r.loss, ref.loss)).toBeLessThan(1e-12);
        expect(relMax(r.theta, ref.theta)).toBeLessThan(1e-12);
        expect(r.summary.stepsRun).toBe(steps);
        expect(r.summary.lastLoss).toBe(r.loss[steps]);
      }
      for (const r of runs.slice(1)) {
        expect(r.loss).toEqual(runs[0].loss);
        expect(r.theta).toEqual(runs[0].theta);
      }
      const chunked = runData(spec, ds, { eta, steps, theta0, engine: eng.simd, sharpnessEvery: 25 });
      expect(chunked.loss).toEqual(runs[0].loss);
      expect(chunked.steps).toEqual(runs[0].steps);
      expect(chunked.theta).toEqual(runs[0].theta);
      expect(chunked.sharpness?.step[0]).toBe(0);
      expect(chunked.sharpness?.step.at(-1)).toBe(steps);
    });
  }

  it("stops at the first non-finite loss and returns the last finite state", () => {
    const spec: DataModelSpec = { kind: "diagonal", n: 5, d: 8 };
    const ds = problem(5, 8, 3);
    const theta0 = new RandomState(1).randn(16);
    for (const b of BACKENDS) {
      const r = runData(spec, ds, { eta: 50, steps: 10000, theta0, engine: eng[b] });
      expect(r.summary.firstNonFiniteStep).not.toBeNull();
      expect(r.summary.stepsRun).toBe((r.summary.firstNonFiniteStep as number) - 1);
      expect(r.theta.every(Number.isFinite)).toBe(true);
      expect(r.steps.at(-1)).toBe(r.summary.stepsRun);
    }
  });

  it("tracks the sharpness: λ(θ_t) at the recorded steps equals a fresh measurement, and time at the edge is counted", () => {
    const spec: DataModelSpec = { kind: "diagonal", n: 6, d: 10 };
    const ds = problem(6, 10, 4);
    const theta0 = new RandomState(2).randn(20);
    const r = runData(spec, ds, { eta: 0.05, steps: 100, theta0, engine: eng.simd, sharpnessEvery: 50 });
    const s = r.sharpness!;
    expect(Array.from(s.step)).toEqual([0, 50, 100]);
    const end = runData(spec, ds, { eta: 0.05, steps: 100, theta0, engine: eng.simd, sharpnessEvery: 100 });
    expect(end.sharpness!.hessian[1]).toBeCloseTo(s.hessian[2], 9);
    const above = Array.from(s.hessian).filter((l) => 0.05 * l > 2).length;
    expect(s.edgeHessian.samplesAbove).toBe(above);
    for (const v of s.residual) expect(v).toBeLessThan(1e-8 * s.hessian[0]);
  });
});

describe("sharpness tracking with warm starts", () => {
  it("still finds a new top eigenvalue orthogonal to the previous eigenvector (X = I: block-diagonal Hessian)", () => {
    // Block 3 starts exactly on M (u₃v₃ = y₃) with u₃² + v₃² = 4.25 > 2/η: it stays put, and becomes the top
    // eigenvalue once block 2 has flattened; the block-2 eigenvector of step 0 has no component along it.
    const ds: Dataset = { X: Float64Array.from([1, 0, 0, 0, 1, 0, 0, 0, 1]), y: Float64Array.from([0.5, -1.5, 1]), n: 3, d: 3 };
    const r = runData({ kind: "diagonal", n: 3, d: 3 }, ds, { eta: 0.5333, steps: 2000, theta0: [1, 2, 0.5, 0.5, -1, 2], sharpnessEvery: 100, engine: eng.simd });
    const u = r.theta.subarray(0, 3), v = r.theta.subarray(3);
    const top = Math.max(...Array.from(u, (x, j) => x * x + v[j] * v[j]));
    expect(top).toBeCloseTo(4.25, 12);
    expect(r.sharpness!.hessian.at(-1)).toBeCloseTo(top, 10);
    expect(r.sharpness!.gaussNewton.at(-1)).toBeCloseTo(top, 10);
  });
});

describe("linear regression in residual space", () => {
  it("follows the plain loop within 1e-12 relative over 1000 steps (seed's 50×200 shape), on every backend", () => {
    const ds = problem(50, 200, 42);
    const theta0 = new RandomState(3).randn(200);
    for (const frac of [0.5, 0.95]) {
      const lam = lanczosTopGram(ds.X, 50, 200, { engine: eng.simd }).value;
      const eta = (frac * 2) / lam;
      const plain = gdLinear(ds.X, ds.y, 50, 200, { eta, steps: 1000, theta0, engine: eng.simd });
      for (const b of BACKENDS) {
        const res = runData({ kind: "linear", n: 50, d: 200 }, ds, { eta, steps: 1000, theta0, engine: eng[b], linearForm: "residual" });
        expect(res.form).toBe("residual");
        expect(relMax(res.theta, plain.theta)).toBeLessThan(1e-12);
        // Loss relative to the loss scale of the run (the residual itself decays; compare on the scale of ℓ₀).
        let e = 0;
        for (let i = 0; i < res.loss.length; i++) e = Math.max(e, Math.abs(res.loss[i] - plain.loss[i]));
        expect(e / plain.loss[0]).toBeLessThan(1e-12);
        if (process.env.EOSLAB_PRINT) console.log(`frac ${frac} ${b}: θ rel ${relMax(res.theta, plain.theta)}, loss/ℓ₀ ${e / plain.loss[0]}, ℓ₁₀₀₀/ℓ₀ ${plain.loss[1000] / plain.loss[0]}`);
      }
    }
  });
});
