// Sharpness of the several-output models (docs/design.md §3, §4): analytic
// Hessian-vector products against finite differences of gradients, and
// Lanczos top-k against a dense Hessian assembled entry by entry from the
// closed-form second derivatives and diagonalised by cyclic Jacobi.
import { describe, expect, it } from "vitest";
import { RandomState, singularValues } from "../../src/index.js";
import type { Dataset } from "../../src/dataset/dataset.js";
import { DataOps } from "../../src/models/data-ops.js";
import { dataModel, evalPoint, hessianOperator, lossGradient, paramCount, type DataModelSpec } from "../../src/models/data-model.js";
import { lanczosTop } from "../../src/linalg/lanczos-operator.js";
import { dataSharpness } from "../../src/data/sharpness.js";
import { symmetricEigen } from "../../src/linalg/symmetric-eigen.js";
import { BACKENDS, engines } from "../engines.js";
import { problem } from "./problem.js";
import { lanczosHessianCase } from "../../src/bench/cases/lanczos-hessian.js";

const eng = engines();


/** Dense ∇²ℓ = JᵀJ + Σᵢ rᵢ∇²Fᵢ, written out from the model formulas of docs/design.md §4 (independent of src/models). */
function denseHessian(spec: DataModelSpec, ds: Dataset, t: Float64Array): Float64Array {
  const { n, d, X, y } = ds;
  const p = paramCount(spec);
  const J = new Float64Array(n * p), r = new Float64Array(n);
  const H = new Float64Array(p * p);
  const h = spec.h ?? 0;
  for (let i = 0; i < n; i++) {
    let F = 0;
    for (let j = 0; j < d; j++) {
      const x = X[i * d + j];
      if (spec.kind === "linear") {
        F += x * t[j];
        J[i * p + j] = x;
      } else if (spec.kind === "diagonal") {
        F += x * t[j] * t[d + j];
        J[i * p + j] = x * t[d + j];
        J[i * p + d + j] = x * t[j];
      } else {
        for (let k = 0; k < h; k++) {
          F += x * t[j * h + k] * t[d * h + k];
          J[i * p + j * h + k] = x * t[d * h + k];
          J[i * p + d * h + k] += x * t[j * h + k];
        }
      }
    }
    r[i] = F - y[i];
  }
  for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += J[i * p + a] * J[i * p + b];
    H[a * p + b] = s;
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const c = r[i] * X[i * d + j];
      if (spec.kind === "diagonal") {
        H[j * p + d + j] += c;
        H[(d + j) * p + j] += c;
      } else if (spec.kind === "two-layer") {
        for (let k = 0; k < h; k++) {
          H[(j * h + k) * p + d * h + k] += c;
          H[(d * h + k) * p + j * h + k] += c;
        }
      }
    }
  }
  return H;
}

function randomTheta(spec: DataModelSpec, seed: number): Float64Array {
  const rs = new RandomState(seed);
  const t = rs.randn(paramCount(spec));
  return t;
}

describe("symmetricEigen (cyclic Jacobi)", () => {
  it("finds 2 − 2cos(kπ/(m+1)) for the second-difference matrix, with orthonormal eigenvectors", () => {
    for (const m of [1, 2, 5, 17]) {
      const A = new Float64Array(m * m);
      for (let i = 0; i < m; i++) {
        A[i * m + i] = 2;
        if (i + 1 < m) A[i * m + i + 1] = A[(i + 1) * m + i] = -1;
      }
      const e = symmetricEigen(A, m);
      for (let k = 0; k < m; k++) expect(e.values[k]).toBeCloseTo(2 - 2 * Math.cos(((m - k) * Math.PI) / (m + 1)), 13);
      for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) {
        let s = 0;
        for (let i = 0; i < m; i++) s += e.vectors[i * m + a] * e.vectors[i * m + b];
        expect(s).toBeCloseTo(a === b ? 1 : 0, 13);
      }
    }
  });
});

const SPECS: DataModelSpec[] = [
  { kind: "linear", n: 0, d: 0 },
  { kind: "diagonal", n: 0, d: 0 },
  { kind: "two-layer", n: 0, d: 0, h: 3 },
];

describe("analytic Hessian-vector products", () => {
  it("match central differences of the analytic gradient, for all three models", () => {
    const ds = problem(7, 9, 3);
    for (const s of SPECS) {
      const spec = { ...s, n: ds.n, d: ds.d };
      eng.simd.scoped(() => {
        const m = dataModel(spec, new DataOps(eng.simd, ds));
        const t = randomTheta(spec, 11), v = randomTheta(spec, 12);
        const hv = hessianOperator(m, t)(v, new Float64Array(m.p));
        const grad = (x: Float64Array) => lossGradient(m, x, evalPoint(m, x).residual);
        const eps = 1e-5;
        const tp = t.map((x, i) => x + eps * v[i]), tm = t.map((x, i) => x - eps * v[i]);
        const gp = grad(tp), gm = grad(tm);
        let err = 0, scale = 0;
        for (let i = 0; i < m.p; i++) {
          err = Math.max(err, Math.abs((gp[i] - gm[i]) / (2 * eps) - hv[i]));
          scale = Math.max(scale, Math.abs(hv[i]));
        }
        expect(err).toBeLessThan(1e-7 * scale);
        // And the gradient itself against differences of the loss.
        const g = grad(t);
        const lp = evalPoint(m, tp).loss, lm = evalPoint(m, tm).loss;
        let gv = 0;
        for (let i = 0; i < m.p; i++) gv += g[i] * v[i];
        expect(Math.abs((lp - lm) / (2 * eps) - gv)).toBeLessThan(1e-7 * Math.max(1, Math.abs(gv)));
      });
    }
  });

  it("equal the dense Hessian times v exactly up to rounding", () => {
    const ds = problem(5, 6, 8);
    for (const s of SPECS) {
      const spec = { ...s, n: ds.n, d: ds.d };
      const t = randomTheta(spec, 2), v = randomTheta(spec, 4);
      const H = denseHessian(spec, ds, t);
      const p = paramCount(spec);
      eng.js.scoped(() => {
        const m = dataModel(spec, new DataOps(eng.js, ds));
        const hv = hessianOperator(m, t)(v, new Float64Array(p));
        for (let a = 0; a < p; a++) {
          let s2 = 0;
          for (let b = 0; b < p; b++) s2 += H[a * p + b] * v[b];
          expect(hv[a]).toBeCloseTo(s2, 12);
        }
      });
    }
  });
});

describe("Lanczos top-3 of the full Hessian and of JᵀJ", () => {
  for (const [n, d] of [[20, 60], [50, 200]] as const) {
    it(`agrees with the dense Jacobi eigensolver within 1e-9 relative (n=${n}, d=${d})`, () => {
      const ds = problem(n, d, n + d);
      const specs: DataModelSpec[] = n === 20
        ? [{ kind: "diagonal", n, d }, { kind: "two-layer", n, d, h: 2 }, { kind: "linear", n, d }]
        : [{ kind: "diagonal", n, d }];
      for (const spec of specs) {
        const t = randomTheta(spec, 5);
        const ref = symmetricEigen(denseHessian(spec, ds, t), paramCount(spec)).values;
        const s = dataSharpness(spec, ds, t, { top: 3, engine: eng.simd });
        expect(s.hessianTop).toHaveLength(3);
        for (let k = 0; k < 3; k++) {
          expect(Math.abs(s.hessianTop[k] - ref[k])).toBeLessThanOrEqual(1e-9 * Math.abs(ref[0]));
          expect(s.residuals.hessian[k]).toBeLessThan(1e-8 * Math.abs(ref[0]));
        }
        expect(s.matvecs.hessian).toBe(s.iterations.hessian + 3);
        // Gauss–Newton: the top squared singular values of J, from the Jacobi SVD of J (rows of J = ∇Fᵢ).
        const J = eng.simd.scoped(() => dataModel(spec, new DataOps(eng.simd, ds)).jacobian(t));
        const sv = singularValues(J, n, paramCount(spec), { engine: eng.simd }).values;
        for (const mode of ["dense", "lanczos"] as const) {
          const g = dataSharpness(spec, ds, t, { top: 3, engine: eng.simd, gaussNewton: mode });
          for (let k = 0; k < 3; k++) expect(Math.abs(g.gaussNewtonTop[k] - sv[k] ** 2)).toBeLessThanOrEqual(1e-9 * sv[0] ** 2);
        }
      }
    }, 30000); // the dense 400×400 Jacobi reference takes a few seconds
  }

  it("gives the same values on every backend and accepts a warm start", () => {
    const ds = problem(20, 60, 1);
    const spec: DataModelSpec = { kind: "diagonal", n: 20, d: 60 };
    const t = randomTheta(spec, 9);
    const runs = BACKENDS.map((b) => dataSharpness(spec, ds, t, { top: 2, engine: eng[b] }));
    for (const r of runs.slice(1)) expect(r.hessianTop).toEqual(runs[0].hessianTop); // same kernels, same order: bit-identical
    const warm = dataSharpness(spec, ds, t, { top: 1, engine: eng.simd, hessianStart: runs[0].hessianVector });
    expect(warm.hessianTop[0]).toBeCloseTo(runs[0].hessianTop[0], 10);
    expect(warm.iterations.hessian).toBeLessThan(runs[0].iterations.hessian);
  });

  it("runs the reorthogonalisation on an engine or in plain JS with the same results to rounding", () => {
    const ds = problem(30, 50, 6);
    const spec: DataModelSpec = { kind: "two-layer", n: 30, d: 50, h: 2 };
    const t = randomTheta(spec, 3);
    eng.simd.scoped(() => {
      const m = dataModel(spec, new DataOps(eng.simd, ds));
      const op = hessianOperator(m, t);
      const a = lanczosTop(op, m.p, { k: 3 }), b = lanczosTop(op, m.p, { k: 3, engine: eng.simd });
      for (let i = 0; i < 3; i++) expect(Math.abs(a.values[i] - b.values[i])).toBeLessThan(1e-12 * a.values[0]);
    });
  });

  it("the benchmark case runs and finds the same top eigenvalue on every backend", () => {
    const vals = BACKENDS.map((b) => {
      const inst = lanczosHessianCase.setup(eng[b], "100x400");
      try {
        return inst.run();
      } finally {
        inst.dispose();
      }
    });
    expect(vals[1]).toBe(vals[0]);
    expect(vals[2]).toBe(vals[0]);
  });

  it("lanczosTop finds a known spectrum, largest algebraic first, including negative eigenvalues", () => {
    const diag = [-5, 3, 1, 2.5, -1, 0.5, 4];
    const r = lanczosTop((v, out) => { diag.forEach((x, i) => (out[i] = x * v[i])); return out; }, diag.length, { k: 3 });
    expect(r.values[0]).toBeCloseTo(4, 12);
    expect(r.values[1]).toBeCloseTo(3, 12);
    expect(r.values[2]).toBeCloseTo(2.5, 12);
  });
});
