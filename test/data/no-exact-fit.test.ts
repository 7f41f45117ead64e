// Data that cannot be fitted exactly (y outside range(X), n > d): no manifold of minima, so a typed
// "no-exact-fit" result with the least-squares loss and no λ*, η_c, regime or certificate. The least-squares
// residual is checked against a Gram–Schmidt loop written here, and against the normal equations Xᵀr = 0.
import { describe, expect, it } from "vitest";
import {
  dataExactFit, flattestMinimumData, leastSquaresResidual, NO_EXACT_FIT_TOLERANCE, observeDataRun, projectToDataManifold,
  dataModel, DataOps, dataStartWithLambda, InvalidArgumentError,
} from "../../src/index.js";
import type { Dataset } from "../../src/dataset/dataset.js";
import type { DataModelSpec } from "../../src/models/data-model.js";
import { diagonalFlattestCertificate } from "../../src/data/diagonal-certificate.js";
import { engines } from "../engines.js";
import { normals } from "../normals.js";

const eng = engines().simd;


function problem(n: number, d: number, seed: number): Dataset {
  return { X: normals(n * d, seed), y: normals(n, seed + 1000), n, d };
}

/** y minus its projection on X's columns, by classical Gram–Schmidt done twice per column (the reference). */
function gramSchmidtResidual(ds: Dataset): Float64Array {
  const { X, n, d } = ds;
  const basis: Float64Array[] = [];
  for (let j = 0; j < d; j++) {
    const q = Float64Array.from({ length: n }, (_, i) => X[i * d + j]);
    const before = Math.hypot(...q);
    for (let pass = 0; pass < 2; pass++) {
      for (const b of basis) {
        let c = 0;
        for (let i = 0; i < n; i++) c += b[i] * q[i];
        for (let i = 0; i < n; i++) q[i] -= c * b[i];
      }
    }
    const nq = Math.hypot(...q);
    if (nq > 1e-10 * before) basis.push(q.map((v) => v / nq));
  }
  const r = Float64Array.from(ds.y);
  for (let pass = 0; pass < 2; pass++) {
    for (const b of basis) {
      let c = 0;
      for (let i = 0; i < n; i++) c += b[i] * r[i];
      for (let i = 0; i < n; i++) r[i] -= c * b[i];
    }
  }
  return r;
}

const half2 = (r: ArrayLike<number>) => 0.5 * Array.from(r).reduce((s, v) => s + v * v, 0);

describe("no exact fit: y outside range(X) (n = 7 > d = 5)", () => {
  const ds = problem(7, 5, 11);
  const ref = gramSchmidtResidual(ds);
  const refLoss = half2(ref);

  it("the reference residual is a real least-squares residual: Xᵀr = 0 and clearly nonzero", () => {
    for (let j = 0; j < ds.d; j++) {
      let s = 0;
      for (let i = 0; i < ds.n; i++) s += ds.X[i * ds.d + j] * ref[i];
      expect(Math.abs(s)).toBeLessThan(1e-12);
    }
    expect(Math.sqrt(2 * refLoss) / Math.hypot(...ds.y)).toBeGreaterThan(1e-2);
  });

  it("leastSquaresResidual and dataExactFit agree with the Gram–Schmidt reference", () => {
    const ls = leastSquaresResidual(ds.X, ds.n, ds.d, ds.y);
    expect(ls.rank).toBe(5);
    for (let i = 0; i < ds.n; i++) expect(ls.residual[i]).toBeCloseTo(ref[i], 12);
    const fit = dataExactFit(ds);
    expect(fit.exact).toBe(false);
    expect(fit.leastSquaresLoss).toBeCloseTo(refLoss, 12);
    expect(Math.abs(fit.leastSquaresLoss - refLoss)).toBeLessThan(1e-12 * refLoss);
    expect(fit.tolerance).toBe(NO_EXACT_FIT_TOLERANCE);
  });

  it("linear: flattestMinimumData is no-exact-fit with the least-squares loss, and no λ*", () => {
    const f = flattestMinimumData({ kind: "linear", n: 7, d: 5 }, ds, normals(5, 3), { engine: eng });
    expect(f.kind).toBe("no-exact-fit");
    if (f.kind !== "no-exact-fit") return;
    expect(f.label).toBe("no exact fit");
    expect(f.cause).toBe("y-outside-range");
    expect(Math.abs(f.leastSquaresLoss - refLoss)).toBeLessThan(1e-12 * refLoss);
    expect(f.lambdaStar).toBeNull();
    expect(f.etaCritical).toBeNull();
    expect(f.certificate).toBeNull();
    expect(f.reason).toMatch(/^no exact fit: y cannot be fitted exactly \(least-squares loss L = .* > 0\)/);
  });

  const specs: DataModelSpec[] = [{ kind: "diagonal", n: 7, d: 5 }, { kind: "two-layer", n: 7, d: 5, h: 3 }];
  for (const spec of specs) {
    it(`${spec.kind}: no-exact-fit, no λ*, no certificate; the observed run has no λ*, η_c or regime`, () => {
      const p = spec.kind === "diagonal" ? 10 : 5 * 3 + 3;
      const theta0 = normals(p, 5).map((v) => 0.5 * v);
      const f = flattestMinimumData(spec, ds, theta0, { engine: eng });
      expect(f.kind).toBe("no-exact-fit");
      expect(f.lambdaStar).toBeNull();
      expect(f.etaCritical).toBeNull();
      expect(f.certificate).toBeNull();
      if (f.kind !== "no-exact-fit") return;
      expect(Math.abs(f.leastSquaresLoss - refLoss)).toBeLessThan(1e-12 * refLoss);
      const o = observeDataRun(spec, ds, { eta: 0.02, steps: 3000, theta0, flattest: f, engine: eng });
      expect(o.kind).toBe("no-exact-fit");
      expect(o.label).toBe("no exact fit");
      expect(o.lambdaStar).toBeNull();
      expect(o.etaCritical).toBeNull();
      expect(o.prediction).toBeNull();
      expect(o.expectedRegime).toBeNull();
      if (o.kind !== "no-exact-fit") return;
      // The least-squares loss is a floor for every θ: GD can approach it, never go below it.
      expect(o.summary.minLoss).toBeGreaterThanOrEqual(refLoss * (1 - 1e-12));
      expect(o.final.hessianTop).not.toBeNull();
      // Computed without the search result too.
      expect(observeDataRun(spec, ds, { eta: 0.02, steps: 10, theta0, engine: eng }).kind).toBe("no-exact-fit");
    }, 60_000);
  }

  it("linear GD at a small step goes to the least-squares loss (the excess goes to 0)", () => {
    const o = observeDataRun({ kind: "linear", n: 7, d: 5 }, ds, { eta: 0.05, steps: 20000, theta0: new Float64Array(5), engine: eng });
    if (o.kind !== "no-exact-fit") throw new Error(`expected no-exact-fit, got ${o.kind}`);
    expect(o.final.excessLoss).toBeGreaterThanOrEqual(-1e-12 * refLoss);
    expect(o.final.excessLoss).toBeLessThan(1e-10 * refLoss);
    // On a linear model the Hessian is XᵀX everywhere: its top eigenvalue is σ_max(X)², here checked by power iteration.
    let v = Float64Array.from({ length: 5 }, (_, j) => 1 + j);
    let lam = 0;
    for (let it = 0; it < 2000; it++) {
      const Xv = Array.from({ length: 7 }, (_, i) => v.reduce((s, vj, j) => s + ds.X[i * 5 + j] * vj, 0));
      const w = Float64Array.from({ length: 5 }, (_, j) => Xv.reduce((s, xi, i) => s + ds.X[i * 5 + j] * xi, 0));
      lam = Math.hypot(...w);
      v = w.map((x) => x / lam);
    }
    expect(o.final.hessianTop).toBeCloseTo(lam, 8);
  }, 60_000);

  it("projections say they did not reach M; certificates and starts on M are refused", () => {
    const spec: DataModelSpec = { kind: "diagonal", n: 7, d: 5 };
    const theta0 = normals(10, 5);
    const pr = eng.scoped(() => projectToDataManifold(dataModel(spec, new DataOps(eng, ds)), theta0, ds.y));
    expect(pr.reached).toBe(false);
    expect(() => diagonalFlattestCertificate(ds, theta0)).toThrow(InvalidArgumentError);
    const f = flattestMinimumData(spec, ds, theta0, { engine: eng });
    expect(() => dataStartWithLambda(spec, ds, f as never, theta0, 1, eng)).toThrow(InvalidArgumentError);
  });
});

describe("consistent problems still get λ*", () => {
  it("n = 5 < d = 7 (diagonal and two-layer): kind exact, λ* > 0, η_c = 2/λ*, on M", () => {
    const ds = problem(5, 7, 21);
    const fit = dataExactFit(ds);
    expect(fit.exact).toBe(true);
    expect(half2(gramSchmidtResidual(ds))).toBeLessThan(1e-25);
    for (const spec of [{ kind: "diagonal", n: 5, d: 7 }, { kind: "two-layer", n: 5, d: 7, h: 2 }] as DataModelSpec[]) {
      const p = spec.kind === "diagonal" ? 14 : 7 * 2 + 2;
      const f = flattestMinimumData(spec, ds, normals(p, 9), { engine: eng, maxIter: 2000 });
      expect(f.kind).toBe("exact");
      if (f.kind !== "exact") continue;
      expect(f.lambdaStar).toBeGreaterThan(0);
      expect(f.etaCritical).toBeCloseTo(2 / f.lambdaStar, 14);
      expect(f.feasibility).toBeLessThan(1e-9);
      if (spec.kind === "diagonal") {
        expect(f.certificate).not.toBeNull();
        expect(f.certificate!.lower).toBeLessThanOrEqual(f.certificate!.upper);
      }
    }
  }, 60_000);

  it("n = 7 > d = 5 with y = X·w exactly (in range(X)) is fitted: kind exact", () => {
    const base = problem(7, 5, 31);
    const w = normals(5, 77);
    const y = Float64Array.from({ length: 7 }, (_, i) => w.reduce((s, wj, j) => s + base.X[i * 5 + j] * wj, 0));
    const ds = { ...base, y };
    expect(dataExactFit(ds).exact).toBe(true);
    const f = flattestMinimumData({ kind: "linear", n: 7, d: 5 }, ds, new Float64Array(5), { engine: eng });
    expect(f.kind).toBe("exact");
    // Linear: M is a single point when X has full column rank, and λ* = λ_max(XXᵀ) there.
    if (f.kind === "exact") for (let j = 0; j < 5; j++) expect(f.theta[j]).toBeCloseTo(w[j], 9);
  });

  it("the tolerance: a residual 1e-6·‖y‖ outside range(X) is no exact fit, 1e-12·‖y‖ is fitted", () => {
    const base = problem(7, 5, 41);
    const w = normals(5, 42);
    const inRange = Float64Array.from({ length: 7 }, (_, i) => w.reduce((s, wj, j) => s + base.X[i * 5 + j] * wj, 0));
    const out = gramSchmidtResidual(base); // orthogonal to range(X)
    const nOut = Math.hypot(...out), nIn = Math.hypot(...inRange);
    for (const [rel, exact] of [[1e-6, false], [1e-12, true]] as const) {
      const y = inRange.map((v, i) => v + ((rel * nIn) / nOut) * out[i]);
      const fit = dataExactFit({ ...base, y });
      expect(fit.exact).toBe(exact);
      if (!exact) expect(fit.relativeResidual).toBeCloseTo(rel * (nIn / Math.hypot(...y)), 12);
      else expect(fit.relativeResidual).toBeLessThan(1e-10);
    }
  });

  it("a Gauss–Newton retraction that stalls off M is reported too (consistent data, a start that cannot reach it)", () => {
    // X = I, y = (1, 1): a diagonal start with u₁ = v₁ = 0 keeps w₁ = u₁v₁ = 0 under every Gauss–Newton step
    // (J's columns for coordinate 1 vanish), so the retraction fits y₂ only and stops at loss ½·1² = 0.5.
    const ds: Dataset = { X: Float64Array.from([1, 0, 0, 1]), y: Float64Array.from([1, 1]), n: 2, d: 2 };
    const f = flattestMinimumData({ kind: "diagonal", n: 2, d: 2 }, ds, [0, 0.7, 0, 1.3], { engine: eng });
    expect(f.kind).toBe("no-exact-fit");
    if (f.kind !== "no-exact-fit") return;
    expect(f.cause).toBe("retraction-stalled");
    expect(f.leastSquaresLoss).toBeLessThan(1e-30);
    expect(f.reachedLoss).toBeCloseTo(0.5, 12);
    expect(f.lambdaStar).toBeNull();
  });
});
