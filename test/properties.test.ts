// Property-based tests, VALID configurations: random valid
// inputs never throw, and the invariants of docs/design.md §1, §5 hold: the loss is
// ≥ 0 (and finite unless the run reports divergence), the projection lands
// on M, θ = θ∥ + θ⊥·n(θ∥) with n = ∇f/‖∇f‖ at θ∥, and a provably stable run's
// loss is eventually monotone. References (f, ∇f, λ_max(XᵀX) by plain
// power iteration) are written here, not taken from the library.
// The seed is fixed so that the suite is reproducible; FC_SEED=<n> (and FC_RUNS_SCALE=<k>, k× the runs) explore others.
import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import {
  analyseRun, analyzeConvergence, DEFAULT_DIVERGENCE_BOUND, detectGrowth, GROWTH_FACTOR, GROWTH_RECORDS, GROWTH_STEADY_FACTOR, GROWTH_STEADY_RECORDS, GROWTH_TOTAL, dataSharpness, deepScalar, engineGeometry, gdLinear, initSync, paramCount, projectToManifold, runData,
  runTrajectory, singularValues, type Codim1Model, type DataModelSpec,
} from "../src/index.js";

const engine = initSync();
vi.setConfig({ testTimeout: 60_000 * Number(process.env.FC_RUNS_SCALE ?? 1) });
const SEED = Number(process.env.FC_SEED ?? 20261129);
const params = (numRuns: number) => ({ numRuns: numRuns * Number(process.env.FC_RUNS_SCALE ?? 1), seed: SEED });

/**
 * "Growth is certain" from its definition (docs/design.md §2), written here: the first index with a non-finite or
 * out-of-bound value, or ending GROWTH_RECORDS consecutive steps of ≥ GROWTH_FACTOR growth (or GROWTH_STEADY_RECORDS of
 * ≥ GROWTH_STEADY_FACTOR) above GROWTH_TOTAL·max(1, v₀).
 */
function growthCertainAt(v: ArrayLike<number>): number | null {
  let fast = 0, steady = 0;
  for (let i = 0; i < v.length; i++) {
    if (!Number.isFinite(v[i]) || Math.abs(v[i]) > DEFAULT_DIVERGENCE_BOUND) return i;
    const up = (g: number) => i > 0 && v[i - 1] !== 0 && Math.abs(v[i]) >= g * Math.abs(v[i - 1]);
    fast = up(GROWTH_FACTOR) ? fast + 1 : 0;
    steady = up(GROWTH_STEADY_FACTOR) ? steady + 1 : 0;
    if ((fast >= GROWTH_RECORDS || steady >= GROWTH_STEADY_RECORDS) && Math.abs(v[i]) > GROWTH_TOTAL * Math.max(1, Math.abs(v[0]))) return i;
  }
  return null;
}

describe("divergence wins: detectGrowth against its definition", () => {
  it("random series of growth and decay factors: detectGrowth and analyzeConvergence switch at the reference index", () => {
    const factor = fc.oneof(fc.double({ min: 0.1, max: 3.9, noNaN: true }), fc.double({ min: 3.9, max: 100, noNaN: true }), fc.constantFrom(4, 64, 1.01, 1.5, 0.99));
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1e3, noNaN: true }), fc.array(factor, { minLength: 0, maxLength: 120 }), (v0, fs) => {
        const v = [v0];
        for (const f of fs) v.push(v[v.length - 1] * f);
        const at = growthCertainAt(v);
        const g = detectGrowth(v);
        expect(g.diverged).toBe(at !== null);
        expect(g.index).toBe(at);
        const a = analyzeConvergence(v);
        if (at !== null) {
          expect(a.label).toBe("diverged");
          expect(a.divergedAt).toBe(at);
        }
      }),
      params(300),
    );
  });
});

// ---- deep scalar: f(θ) = θ₁⋯θ_p, y ≠ 0 (docs/design.md §1) ----

/** Π θᵢ in plain left-to-right order. */
function prod(t: ArrayLike<number>): number {
  let s = 1;
  for (let i = 0; i < t.length; i++) s *= t[i];
  return s;
}

/** ∇f(θ)ᵢ = Π_{j≠i} θⱼ, by a plain double loop. */
function gradF(t: ArrayLike<number>): Float64Array {
  const g = new Float64Array(t.length);
  for (let i = 0; i < t.length; i++) {
    let s = 1;
    for (let j = 0; j < t.length; j++) if (j !== i) s *= t[j];
    g[i] = s;
  }
  return g;
}

const norm = (v: ArrayLike<number>) => Math.sqrt(Array.from(v).reduce((s, x) => s + x * x, 0));

/**
 * A valid deep-scalar configuration: depth 2–6, |y| log-uniform in [10⁻³, 10³] (either sign), a point of M with
 * factors within e^±1 of the balanced |y|^{1/p}, moved off M by up to 20% of |y|^{1/p} in a random direction.
 */
const deepConfig = fc.record({
  p: fc.integer({ min: 2, max: 6 }),
  yAbs: fc.double({ min: -3, max: 3, noNaN: true }).map((e) => 10 ** e),
  yNeg: fc.boolean(),
  u: fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 6, maxLength: 6 }),
  neg: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
  offRel: fc.double({ min: 1e-6, max: 0.2, noNaN: true }),
  dir: fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 6, maxLength: 6 }),
});
type DeepConfig = typeof deepConfig extends fc.Arbitrary<infer T> ? T : never;

function setUp(c: DeepConfig) {
  const { p } = c;
  const y = c.yNeg ? -c.yAbs : c.yAbs;
  const scale = Math.abs(y) ** (1 / p);
  const onM = new Float64Array(p);
  for (let i = 0; i < p - 1; i++) onM[i] = (c.neg[i] ? -1 : 1) * scale * Math.exp(c.u[i]);
  onM[p - 1] = y / prod(onM.subarray(0, p - 1));
  const dir = c.dir.slice(0, p);
  const dn = norm(dir);
  const off = c.offRel * scale;
  const theta0 = Float64Array.from(onM, (v, i) => v + off * (dn > 1e-3 ? dir[i] / dn : i === 0 ? 1 : 0));
  const lambdaStar = p * Math.abs(y) ** (2 - 2 / p); // docs/design.md §1: λ* = p·|y|^{2−2/p}
  // λ on M at the start point (‖∇f‖² at the point of M we moved away from).
  const lambdaOnM = norm(gradF(onM)) ** 2;
  return { model: deepScalar({ depth: p, target: y }), y, onM, theta0, off, lambdaStar, etaC: 2 / lambdaStar, lambdaOnM };
}

describe("deep scalar: random valid configurations", () => {
  it("runTrajectory never throws for η in (0, 1.5·η_c); losses ≥ 0 and finite (a divergent run stops before its first non-finite state)", () => {
    fc.assert(
      fc.property(deepConfig, fc.double({ min: 0.01, max: 1.5, maxExcluded: true, noNaN: true }), fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 1, max: 50 }), (c, frac, steps, every) => {
        const s = setUp(c);
        const r = runTrajectory(s.model, { eta: frac * s.etaC, steps, theta0: s.theta0, record: { every }, engine });
        const { series, summary } = r;
        for (let i = 0; i < series.loss.length; i++) {
          expect(series.loss[i]).toBeGreaterThanOrEqual(0);
          expect(Number.isFinite(series.loss[i])).toBe(true);
          expect(series.lambdaPar[i]).toBeGreaterThan(0);
        }
        expect(series.step[0]).toBe(0);
        if (summary.firstNonFiniteStep === null) {
          expect(summary.stepsRun).toBe(steps);
          expect(series.step[series.step.length - 1]).toBe(steps);
        } else {
          expect(summary.firstNonFiniteStep).toBeGreaterThan(0);
          expect(summary.stepsRun).toBe(summary.firstNonFiniteStep - 1);
          expect(r.final.step).toBe(summary.stepsRun);
        }
        expect(summary.minLoss).toBeGreaterThanOrEqual(0);
        expect(Number.isFinite(r.final.loss)).toBe(true);
      }),
      params(80),
    );
  });

  it("along a run, every recorded θ_t = θ∥_t + θ⊥_t·n(θ∥_t) and f(θ∥_t) = y (docs/design.md §1 coordinates)", () => {
    fc.assert(
      fc.property(deepConfig, fc.double({ min: 0.01, max: 1.5, maxExcluded: true, noNaN: true }), fc.integer({ min: 1, max: 2000 }), (c, frac, steps) => {
        const s = setUp(c);
        const p = c.p;
        const r = runTrajectory(s.model, { eta: frac * s.etaC, steps, theta0: s.theta0, record: { logPoints: 40 }, recordTheta: true, engine });
        const { theta, thetaPar, thetaPerp } = r.series;
        for (let k = 0; k < thetaPerp.length; k++) {
          const th = theta!.subarray(k * p, (k + 1) * p), par = thetaPar!.subarray(k * p, (k + 1) * p);
          const g = gradF(par), gn = norm(g);
          const err = norm(th.map((v, i) => v - par[i] - thetaPerp[k] * (g[i] / gn)));
          expect(err).toBeLessThanOrEqual(1e-12 * (1 + norm(th)));
          expect(Math.abs(prod(par) - s.y)).toBeLessThanOrEqual(1e-12 * Math.abs(s.y));
        }
      }),
      params(60),
    );
  });

  it("analyseRun never throws for η in (0, 1.5·η_c)", () => {
    fc.assert(
      fc.property(deepConfig, fc.double({ min: 0.05, max: 1.5, maxExcluded: true, noNaN: true }), fc.integer({ min: 2, max: 3000 }), (c, frac, steps) => {
        const s = setUp(c);
        const a = analyseRun(s.model, engineGeometry(engine), { eta: frac * s.etaC, steps, theta0: s.theta0, record: { logPoints: 100 } });
        expect(a.series.loss.every((l) => l >= 0)).toBe(true);
        expect(typeof a.observation.label).toBe("string");
      }),
      params(25),
    );
  });

  it("analyseRun at any η up to 4·η_c: divergence wins, and the label never contradicts its divergence detail", () => {
    const seen = [0, 0];
    fc.assert(
      fc.property(deepConfig, fc.double({ min: 0.05, max: 4, noNaN: true }), fc.integer({ min: 2, max: 400 }), (c, frac, steps) => {
        const s = setUp(c);
        const a = analyseRun(s.model, engineGeometry(engine), { eta: frac * s.etaC, steps, theta0: s.theta0, record: { every: 1 }, tailSteps: 2 });
        const o = a.observation;
        expect(o.label === "divergent", o.labelReason).toBe(o.divergence.diverged);
        // Every step recorded: the plain rule on the losses (a non-finite state also stops the run).
        const certain = a.summary.firstNonFiniteStep !== null || growthCertainAt(a.series.loss) !== null;
        expect(o.label === "divergent", `${o.label}: ${o.labelReason}`).toBe(certain);
        seen[o.label === "divergent" ? 0 : 1]++;
      }),
      params(40),
    );
    // Both sides of the rule were exercised.
    expect(seen[0]).toBeGreaterThan(0);
    expect(seen[1]).toBeGreaterThan(0);
  });

  for (const path of ["built-in (KKT + bisection in wasm)", "general (Newton on the Lagrange conditions)"] as const) {
    // On M: the built-in kernel is exact to 1e-12·|y|. The general path stops when its Lagrange residual is below
    // 1e-14·(1 + ‖θ‖ + |y|) (ProjectOptions.tol), an absolute scale: for |y| ≪ 1 that is only ~1e-12·|y| or a bit
    // worse (found by this property at |y| ≈ 10⁻³), so it is held to 1e-12·(1 + ‖θ‖ + |y|).
    it(`projectToManifold, ${path}: f(θ∥) = y to 1e-12, n = ∇f(θ∥)/‖∇f(θ∥)‖, and θ∥ + θ⊥·n rebuilds θ to 1e-12·(1 + ‖θ‖)`, () => {
      fc.assert(
        fc.property(deepConfig, (c) => {
          const s = setUp(c);
          const model: Codim1Model = path.startsWith("built-in") ? s.model : { ...s.model };
          const pr = projectToManifold(model, s.theta0, { engine });
          const onScale = path.startsWith("built-in") ? Math.abs(s.y) : 1 + norm(s.theta0) + Math.abs(s.y);
          expect(Math.abs(prod(pr.point) - s.y)).toBeLessThanOrEqual(1e-12 * onScale);
          const g = gradF(pr.point), gn = norm(g);
          for (let i = 0; i < c.p; i++) expect(Math.abs(pr.normal[i] - g[i] / gn)).toBeLessThanOrEqual(1e-12);
          expect(Math.abs(pr.lambdaPar - gn * gn)).toBeLessThanOrEqual(1e-12 * gn * gn);
          // θ = θ∥ + θ⊥·n(θ∥) (docs/design.md §1), with n from the reference gradient.
          const rebuilt = Float64Array.from(pr.point, (v, i) => v + pr.thetaPerp * (g[i] / gn));
          const err = norm(rebuilt.map((v, i) => v - s.theta0[i]));
          expect(err).toBeLessThanOrEqual(1e-12 * (1 + norm(s.theta0)));
          // θ⊥ is the signed distance: |θ⊥| = ‖θ − θ∥‖ ≤ the offset we applied (θ∥ is the NEAREST point of M).
          expect(Math.abs(Math.abs(pr.thetaPerp) - norm(pr.point.map((v, i) => s.theta0[i] - v)))).toBeLessThanOrEqual(1e-12 * (1 + norm(s.theta0)));
          expect(Math.abs(pr.thetaPerp)).toBeLessThanOrEqual(s.off * (1 + 1e-9));
        }),
        params(path.startsWith("built-in") ? 200 : 60),
      );
    });
  }

  it("a stable run (ηλ(θ∥₀) ≤ 1.8 < 2, so η < η_c) has an eventually monotone loss", () => {
    fc.assert(
      fc.property(deepConfig, fc.double({ min: 0.2, max: 0.9, noNaN: true }), (c, frac) => {
        const s = setUp({ ...c, offRel: Math.min(c.offRel, 0.01) });
        // η = frac·2/λ(θ∥₀) < 2/λ* = η_c: the normal direction contracts by |1 − ηλ| < 1 and λ(θ∥) only falls (docs/design.md §1).
        const eta = (frac * 2) / s.lambdaOnM;
        expect(eta).toBeLessThan(s.etaC);
        const N = 3000;
        const r = runTrajectory(s.model, { eta, steps: N, theta0: s.theta0, record: { every: 1 }, engine });
        expect(r.summary.firstNonFiniteStep).toBeNull();
        const L = r.series.loss;
        // Above round-off (ℓ ≳ (ε·y)², where f − y is a few ulps), from step 200 on, the loss never rises.
        const floor = 1e-26 * s.y * s.y;
        for (let t = 200; t < N; t++) {
          if (L[t] <= floor) break;
          expect(L[t + 1]).toBeLessThanOrEqual(L[t] * (1 + 1e-9));
        }
        expect(L[N]).toBeLessThan(L[0]);
      }),
      params(60),
    );
  });
});

// ---- several outputs (docs/design.md §4, §5): small random X, y ----

const dataConfig = fc.record({
  kind: fc.constantFrom("linear", "diagonal", "two-layer") as fc.Arbitrary<DataModelSpec["kind"]>,
  n: fc.integer({ min: 1, max: 5 }),
  d: fc.integer({ min: 1, max: 6 }),
  h: fc.integer({ min: 1, max: 3 }),
  seedValues: fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 64, maxLength: 64 }),
  theta: fc.array(fc.double({ min: -1.5, max: 1.5, noNaN: true }), { minLength: 24, maxLength: 24 }),
});
type DataConfig = typeof dataConfig extends fc.Arbitrary<infer T> ? T : never;

function dataSetUp(c: DataConfig) {
  const spec: DataModelSpec = c.kind === "two-layer" ? { kind: c.kind, n: c.n, d: c.d, h: c.h } : { kind: c.kind, n: c.n, d: c.d };
  const X = Float64Array.from({ length: c.n * c.d }, (_, i) => c.seedValues[i]);
  const y = Float64Array.from({ length: c.n }, (_, i) => c.seedValues[40 + i]);
  const theta0 = Float64Array.from({ length: paramCount(spec) }, (_, i) => c.theta[i]);
  return { spec, data: { X, y, n: c.n, d: c.d }, theta0 };
}

/** λ_max(XᵀX) by cyclic Jacobi rotations on the d×d matrix XᵀX (a reference independent of the library's kernels). */
function lambdaMaxRef(X: Float64Array, n: number, d: number): number {
  const A = new Float64Array(d * d);
  for (let i = 0; i < n; i++) for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) A[a * d + b] += X[i * d + a] * X[i * d + b];
  for (let sweep = 0; sweep < 50; sweep++) {
    let off = 0;
    for (let a = 0; a < d; a++) for (let b = a + 1; b < d; b++) off += A[a * d + b] ** 2;
    if (off === 0) break;
    for (let a = 0; a < d; a++) {
      for (let b = a + 1; b < d; b++) {
        const apq = A[a * d + b];
        if (apq === 0) continue;
        const tau = (A[b * d + b] - A[a * d + a]) / (2 * apq);
        const t = Math.sign(tau || 1) / (Math.abs(tau) + Math.sqrt(1 + tau * tau));
        const cs = 1 / Math.sqrt(1 + t * t), sn = t * cs;
        for (let k = 0; k < d; k++) {
          const x = A[k * d + a], z = A[k * d + b];
          A[k * d + a] = cs * x - sn * z;
          A[k * d + b] = sn * x + cs * z;
        }
        for (let k = 0; k < d; k++) {
          const x = A[a * d + k], z = A[b * d + k];
          A[a * d + k] = cs * x - sn * z;
          A[b * d + k] = sn * x + cs * z;
        }
      }
    }
  }
  let top = 0;
  for (let a = 0; a < d; a++) top = Math.max(top, A[a * d + a]);
  return top;
}

describe("several-output models: random valid configurations", () => {
  it("runData never throws (linear, diagonal, two-layer; with or without sharpness tracking); losses ≥ 0, finite unless divergent", () => {
    fc.assert(
      fc.property(dataConfig, fc.double({ min: 1e-3, max: 2, noNaN: true }), fc.integer({ min: 0, max: 400 }), fc.boolean(), (c, eta, steps, track) => {
        const { spec, data, theta0 } = dataSetUp(c);
        const r = runData(spec, data, { eta, steps, theta0, sharpnessEvery: track ? 50 : undefined, engine });
        for (const l of r.loss) {
          expect(l).toBeGreaterThanOrEqual(0);
          expect(Number.isFinite(l)).toBe(true);
        }
        if (r.summary.firstNonFiniteStep === null) expect(r.summary.stepsRun).toBe(steps);
        else expect(r.summary.stepsRun).toBe(r.summary.firstNonFiniteStep - 1);
        expect(r.theta.every(Number.isFinite)).toBe(true);
        if (track) for (const v of r.sharpness!.hessian) expect(Number.isFinite(v)).toBe(true);
      }),
      params(80),
    );
  });

  it("dataSharpness never throws; the Gauss–Newton spectrum is ≥ 0 (JᵀJ is PSD) and below the ‖J‖²_F bound", () => {
    fc.assert(
      fc.property(dataConfig, fc.integer({ min: 1, max: 3 }), fc.constantFrom("auto", "dense", "lanczos") as fc.Arbitrary<"auto" | "dense" | "lanczos">, (c, top, gn) => {
        const { spec, data, theta0 } = dataSetUp(c);
        const s = dataSharpness(spec, data, theta0, { top, gaussNewton: gn, engine });
        expect(s.loss).toBeGreaterThanOrEqual(0);
        for (const v of [...s.hessianTop, ...s.gaussNewtonTop]) expect(Number.isFinite(v)).toBe(true);
        const scale = Math.max(1, Math.abs(s.gaussNewtonTop[0] ?? 0));
        for (const v of s.gaussNewtonTop) expect(v).toBeGreaterThanOrEqual(-1e-12 * scale);
        for (let i = 1; i < s.hessianTop.length; i++) expect(s.hessianTop[i]).toBeLessThanOrEqual(s.hessianTop[i - 1]);
      }),
      params(80),
    );
  });

  it("linear regression with η < 2/λ_max (docs/design.md §5): the loss never rises, in gdLinear and in runData (both loops)", () => {
    fc.assert(
      fc.property(dataConfig, fc.double({ min: 0.05, max: 0.98, noNaN: true }), (c, frac) => {
        const { data } = dataSetUp({ ...c, kind: "linear" });
        const lmax = lambdaMaxRef(data.X, data.n, data.d);
        fc.pre(lmax > 1e-6);
        // The reference against the library's singular values (a second, independent algorithm).
        expect(Math.abs(lmax - singularValues(data.X, data.n, data.d, { engine }).values[0] ** 2)).toBeLessThanOrEqual(1e-12 * lmax);
        const eta = (frac * 2) / lmax;
        const runs = [
          gdLinear(data.X, data.y, data.n, data.d, { eta, steps: 300, engine }).loss,
          runData({ kind: "linear", n: data.n, d: data.d }, data, { eta, steps: 300, theta0: new Float64Array(data.d), linearForm: "plain", engine }).loss,
          runData({ kind: "linear", n: data.n, d: data.d }, data, { eta, steps: 300, theta0: new Float64Array(data.d), linearForm: "residual", engine }).loss,
        ];
        for (const L of runs) {
          // Each mode of the residual shrinks by |1 − ηλᵢ| < 1 every step, so ½‖r‖² is non-increasing (up to round-off,
          // which includes subnormal round-off: fast-check found y ≈ 5e-162, whose loss goes 0 → 5e-324).
          for (let t = 0; t + 1 < L.length; t++) expect(L[t + 1]).toBeLessThanOrEqual(L[t] + 1e-13 * L[0] + 1e-300);
        }
      }),
      params(60),
    );
  });
});
