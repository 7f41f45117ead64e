// Deep scalar factorisation (docs/design.md §1): the model's callbacks against plain
// products, the whole-run kernel against a plain GD loop, the three backends
// against each other (bit for bit), and the scalar-factorisation facts of
// docs/design.md §1 (f = ab, y = 1, start (1.8, 1/1.8 + 0.02)) as independent checks.
import { describe, expect, it } from "vitest";
import { deepScalar, deepScalarFlattest, InvalidArgumentError, projectToManifold, runTrajectory } from "../../src/index.js";
import { BACKENDS, engines, randomArray } from "../engines.js";
import { eigenvalueByBisection } from "../inertia.js";

const eng = engines();

function bits(a: ArrayLike<number>): bigint[] {
  return Array.from(new BigUint64Array(Float64Array.from(a).buffer));
}

/** Π_{k ∉ skip} θ_k, computed plainly. */
function prodExcept(theta: ArrayLike<number>, ...skip: number[]): number {
  let s = 1;
  for (let k = 0; k < theta.length; k++) if (!skip.includes(k)) s *= theta[k];
  return s;
}

/** Plain GD on ½(Πθ − y)² with ∇f_i = Π_{j≠i} θ_j; returns θ_N. */
function plainGd(theta0: number[], y: number, eta: number, steps: number): number[] {
  let th = theta0.slice();
  for (let t = 0; t < steps; t++) {
    const r = prodExcept(th) - y;
    th = th.map((v, i) => v - eta * r * prodExcept(th, i));
  }
  return th;
}

/**
 * λ(θ) from the full Hessian ∇f∇fᵀ + r·∇²f built entry by entry, its top
 * eigenvalue by Sylvester inertia and bisection (test/inertia.ts): independent
 * of the run's own eigensolver, which (like the library's symmetricEigen) is
 * Jacobi rotations.
 */
function plainHessianTop(theta: ArrayLike<number>, y: number): number {
  const p = theta.length;
  const r = prodExcept(theta) - y;
  const H = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < p; j++) {
      H[i * p + j] = prodExcept(theta, i) * prodExcept(theta, j) + (i === j ? 0 : r * prodExcept(theta, i, j));
    }
  }
  return eigenvalueByBisection(H, p, p - 1);
}

describe("deepScalar model", () => {
  it("validates depth and target", () => {
    expect(() => deepScalar({ depth: 1 })).toThrow(InvalidArgumentError);
    expect(() => deepScalar({ depth: 2.5 })).toThrow(InvalidArgumentError);
    expect(() => deepScalar({ depth: 3, target: 0 })).toThrow(InvalidArgumentError);
    expect(() => deepScalar({ depth: 3, target: Infinity })).toThrow(InvalidArgumentError);
    expect(() => deepScalar({ depth: 3, target: NaN })).toThrow(InvalidArgumentError);
    const m = deepScalar({ depth: 3 });
    expect(m.target).toBe(1);
    expect(m.dim).toBe(3);
    expect(m.kind).toBe("deep-scalar");
  });

  it("f, ∇f and ∇²f·v match plain products, with zero entries", () => {
    for (const p of [2, 3, 5, 8]) {
      const m = deepScalar({ depth: p, target: -1.5 });
      for (const zero of [-1, 0, p - 1]) {
        const th = randomArray(p, 7 + p).map((v) => v + 0.3);
        if (zero >= 0) th[zero] = 0;
        const v = randomArray(p, 99 + p);
        expect(m.f(th)).toBeCloseTo(prodExcept(th), 14);
        const g = new Float64Array(p), hv = new Float64Array(p);
        m.grad(th, g);
        m.hvp(th, v, hv);
        for (let i = 0; i < p; i++) {
          expect(g[i]).toBeCloseTo(prodExcept(th, i), 14);
          let s = 0;
          for (let j = 0; j < p; j++) if (j !== i) s += prodExcept(th, i, j) * v[j];
          expect(hv[i]).toBeCloseTo(s, 13);
        }
      }
    }
  });

  it("closed-form flattest minimum: on M and with λ* = p|y|^{2−2/p}", () => {
    for (const [p, y] of [[2, 1], [5, 1], [3, -8], [4, 0.25]] as const) {
      const m = deepScalar({ depth: p, target: y });
      const { thetaStar, lambdaStar } = deepScalarFlattest(m);
      expect(prodExcept(thetaStar)).toBeCloseTo(y, 13);
      let lam = 0;
      for (let i = 0; i < p; i++) lam += prodExcept(thetaStar, i) ** 2;
      expect(lambdaStar).toBeCloseTo(lam, 12);
    }
    expect(deepScalarFlattest(deepScalar({ depth: 5 })).lambdaStar).toBe(5);
  });
});

describe("runTrajectory on deep scalar (wasm loop)", () => {
  it("validates inputs with typed errors", () => {
    const m = deepScalar({ depth: 3 });
    const ok = { eta: 0.1, steps: 10, theta0: [1, 1, 1.1] };
    expect(() => runTrajectory(m, { ...ok, theta0: [1, 1] })).toThrow(InvalidArgumentError);
    expect(() => runTrajectory(m, { ...ok, theta0: [1, NaN, 1] })).toThrow(InvalidArgumentError);
    expect(() => runTrajectory(m, { ...ok, theta0: [1, Infinity, 1] })).toThrow(InvalidArgumentError);
    expect(() => runTrajectory(m, { ...ok, eta: 0 })).toThrow(InvalidArgumentError);
    expect(() => runTrajectory(m, { ...ok, eta: -1 })).toThrow(InvalidArgumentError);
    expect(() => runTrajectory(m, { ...ok, steps: -1 })).toThrow(InvalidArgumentError);
    expect(() => runTrajectory(m, { ...ok, steps: 1.5 })).toThrow(InvalidArgumentError);
    expect(() => runTrajectory(m, { ...ok, record: { every: 0 } })).toThrow(InvalidArgumentError);
    expect(() => runTrajectory(m, { ...ok, startStep: -3 })).toThrow(InvalidArgumentError);
    // A loss that overflows at θ₀ is a usage error, not a run.
    expect(() => runTrajectory(m, { ...ok, theta0: [1e200, 1e200, 1] })).toThrow(InvalidArgumentError);
  });

  it("matches a plain GD loop, for depths 2, 3, 5 (unrolled) and 7", () => {
    for (const p of [2, 3, 5, 7]) {
      const y = p === 3 ? -0.7 : 1.3;
      const m = deepScalar({ depth: p, target: y });
      const th0 = Array.from(randomArray(p, p), (v) => (y < 0 && p === 3 ? -1 : 1) * (1 + 0.3 * v));
      if (y < 0) th0[0] = -Math.abs(th0[0]);
      const r = runTrajectory(m, { eta: 0.05, steps: 300, theta0: th0, record: { every: 100 }, engine: eng.wasm });
      const ref = plainGd(th0, y, 0.05, 300);
      for (let i = 0; i < p; i++) expect(r.final.theta[i]).toBeCloseTo(ref[i], 12);
      expect(Array.from(r.series.step)).toEqual([0, 100, 200, 300]);
      const rr = prodExcept(ref) - y;
      expect(r.final.loss).toBeCloseTo(0.5 * rr * rr, 14);
      expect(r.final.lambdaAt).toBeCloseTo(plainHessianTop(ref, y), 10);
      expect(r.summary.stepsRun).toBe(300);
      expect(r.summary.firstNonFiniteStep).toBeNull();
    }
  });

  it("simd, wasm and js backends agree bit for bit (records, final state, summary)", () => {
    for (const p of [2, 5, 6]) {
      const m = deepScalar({ depth: p, target: 1 });
      const th0 = Array.from(randomArray(p, 3 * p), (v) => 1 + 0.4 * v);
      const eta = 1.9 / p; // a large step: oscillation across M
      const runs = BACKENDS.map((b) =>
        runTrajectory(m, { eta, steps: 5000, theta0: th0, record: { logPoints: 30 }, recordTheta: true, engine: eng[b] }),
      );
      for (const r of runs.slice(1)) {
        for (const k of ["step", "loss", "thetaPerp", "distPar", "lambdaPar", "lambdaAt", "theta", "thetaPar"] as const) {
          expect(bits(r.series[k]!)).toEqual(bits(runs[0].series[k]!));
        }
        expect(bits(r.final.theta)).toEqual(bits(runs[0].final.theta));
        expect(bits(r.final.thetaPar)).toEqual(bits(runs[0].final.thetaPar));
        expect(r.summary).toEqual(runs[0].summary);
      }
    }
  });

  it("the unrolled depth-5 loop gives the same bits as the general loop's operation order", () => {
    // The general segment runs for p ≠ 5; compare p = 5 against the plain loop in the kernel's own operation order.
    const th0 = [1.3, 1, 1, 0.9, 0.8];
    const r = runTrajectory(deepScalar({ depth: 5 }), { eta: 0.4, steps: 2000, theta0: th0, record: { every: 2000 }, engine: eng.wasm });
    let th = th0.slice();
    for (let t = 0; t < 2000; t++) {
      const pre = [1], suf = new Array(5).fill(1);
      for (let i = 0; i < 5; i++) pre.push(pre[i] * th[i]);
      let acc = 1;
      for (let i = 4; i >= 0; i--) { suf[i] = acc; acc = acc * th[i]; }
      const r = pre[2] * suf[1] - 1; // f = pre[⌊p/2⌋]·suf[⌊p/2⌋ − 1]
      th = th.map((v, i) => v - r * (0.4 * (pre[i] * suf[i])));
    }
    expect(bits(r.final.theta)).toEqual(bits(th));
  });

  it("record plans: every k, log-spaced, explicit; startStep continues a run exactly", () => {
    const m = deepScalar({ depth: 3 });
    const th0 = [1.2, 0.9, 1.0];
    const base = { eta: 0.3, theta0: th0, engine: eng.simd };
    const every = runTrajectory(m, { ...base, steps: 1000, record: { every: 300 } });
    expect(Array.from(every.series.step)).toEqual([0, 300, 600, 900, 1000]);
    const log = runTrajectory(m, { ...base, steps: 100000, record: { logPoints: 6 } });
    expect(Array.from(log.series.step)).toEqual([0, 1, 10, 100, 1000, 10000, 100000]);
    const explicit = runTrajectory(m, { ...base, steps: 50, record: { steps: [3, 7, 7, 49, 80] } });
    expect(Array.from(explicit.series.step)).toEqual([0, 3, 7, 49, 50]);
    // Continue: 600 steps, then 400 more from step 600, equals 1000 steps at once.
    const first = runTrajectory(m, { ...base, steps: 600, record: { every: 300 } });
    const rest = runTrajectory(m, { ...base, theta0: first.final.theta, steps: 400, startStep: 600, record: { every: 300 } });
    expect(Array.from(rest.series.step)).toEqual([600, 900, 1000]);
    expect(bits(rest.final.theta)).toEqual(bits(every.final.theta));
    expect(bits(rest.series.thetaPerp)).toEqual(bits(every.series.thetaPerp.slice(2)));
    const none = runTrajectory(m, { ...base, steps: 0 });
    expect(Array.from(none.series.step)).toEqual([0]);
    expect(bits(none.final.theta)).toEqual(bits(th0));
  });

  it("y < 0: θ∥* is the flattest minimum in θ∥'s orthant; recorded θ∥ equals projectToManifold's", () => {
    const m = deepScalar({ depth: 3, target: -8 });
    const th0 = [2.1, -1.9, 2.05];
    const r = runTrajectory(m, { eta: 0.01, steps: 200, theta0: th0, record: { every: 100 }, recordTheta: true, engine: eng.wasm });
    expect(Array.from(r.thetaStar)).toEqual([2, -2, 2]);
    expect(r.lambdaStar).toBeCloseTo(3 * Math.pow(8, 4 / 3), 12);
    expect(r.series.theta!.length).toBe(3 * 3);
    for (let i = 0; i < 3; i++) {
      const th = r.series.theta!.slice(3 * i, 3 * i + 3);
      const pr = projectToManifold(m, th, { engine: eng.simd });
      expect(Array.from(r.series.thetaPar!.slice(3 * i, 3 * i + 3))).toEqual(Array.from(pr.point));
      expect(r.series.thetaPerp[i]).toBe(pr.thetaPerp);
      expect(r.series.lambdaPar[i]).toBe(pr.lambdaPar);
      const star = Array.from(pr.point, (v) => (v >= 0 ? 2 : -2));
      expect(r.series.distPar[i]).toBeCloseTo(Math.hypot(...pr.point.map((v, j) => v - star[j])), 14);
    }
    expect(Array.from(r.final.thetaPar)).toEqual(Array.from(r.series.thetaPar!.slice(6, 9)));
  });

  it("stops at the first non-finite state and returns the last finite one", () => {
    const m = deepScalar({ depth: 3 });
    const th0 = [1.5, 1.5, 1.5];
    for (const b of BACKENDS) {
      const r = runTrajectory(m, { eta: 1, steps: 1000, theta0: th0, record: { every: 1 }, engine: eng[b] });
      // Reference: plain loop until the loss is not finite.
      let th = th0.slice(), t = 0;
      for (;;) {
        const next = th.map((v, i) => v - 1 * (prodExcept(th) - 1) * prodExcept(th, i));
        const rr = (prodExcept(next) - 1) ** 2;
        if (!Number.isFinite(rr)) break;
        th = next;
        t++;
      }
      expect(r.summary.firstNonFiniteStep).toBe(t + 1);
      expect(r.summary.stepsRun).toBe(t);
      expect(r.final.step).toBe(t);
      for (let i = 0; i < 3; i++) expect(r.final.theta[i]).toBeCloseTo(th[i], 10 - Math.log10(Math.abs(th[i]) + 1));
      expect(Number.isFinite(r.final.loss)).toBe(true);
      expect(r.series.step.length).toBe(t + 1);
      expect(r.summary.maxLoss).toBe(Math.max(...r.series.loss));
      // A sparse plan still records the last finite state.
      const sparse = runTrajectory(m, { eta: 1, steps: 1000, theta0: th0, record: { every: 500 }, engine: eng[b] });
      expect(Array.from(sparse.series.step)).toEqual([0, t]);
      expect(bits(sparse.final.theta)).toEqual(bits(r.final.theta));
    }
  });
});

describe("scalar factorisation facts (docs/design.md §1: f = ab, y = 1, θ₀ = (1.8, 1/1.8 + 0.02))", () => {
  const m = deepScalar({ depth: 2 });
  const theta0 = [1.8, 1 / 1.8 + 0.02];

  it("η = 0.9: linear convergence to a minimum with λ ≈ 2.09, between 2 and 2/η", () => {
    const r = runTrajectory(m, { eta: 0.9, steps: 3000, theta0, record: { every: 1 }, engine: eng.simd });
    const lam = r.final.lambdaPar;
    expect(lam).toBeGreaterThan(2);
    expect(lam).toBeLessThan(2 / 0.9);
    expect(lam).toBeCloseTo(2.09, 2);
    // λ(θ∥) of the limit equals a² + b² there (on M), and the run ends on M.
    const [a, b] = r.final.theta;
    expect(a * a + b * b).toBeCloseTo(lam, 10);
    expect(r.final.loss).toBeLessThan(1e-25);
    // Linear: |θ⊥| shrinks by |1 − ηλ∞| per step once the transient is over.
    const rate = Math.abs(1 - 0.9 * lam);
    const s = r.series.thetaPerp;
    // (after t ≈ 160 θ⊥ reaches round-off, ~1e-16, and the ratio is noise)
    for (const t of [100, 120, 140]) expect(Math.abs(Math.abs(s[t + 1] / s[t]) - rate)).toBeLessThan(1e-5);
  });

  it("η = 1 (= η_c = 2/λ*): a balanced minimum, loss·t → 1/4", () => {
    const r = runTrajectory(m, { eta: 1, steps: 400000, theta0, record: { steps: [100000, 200000, 400000] }, engine: eng.simd });
    const [a, b] = r.final.theta;
    expect(Math.abs(Math.abs(a) - Math.abs(b))).toBeLessThan(1e-2);
    expect(r.final.lambdaPar).toBeCloseTo(2, 4);
    for (let i = 1; i < r.series.step.length; i++) {
      expect(r.series.loss[i] * r.series.step[i]).toBeCloseTo(0.25, 2);
    }
    // and 4·loss·t approaches 1 from one side as t grows
    const lt = Array.from(r.series.loss).map((l, i) => l * r.series.step[i]).slice(1);
    expect(Math.abs(lt[2] - 0.25)).toBeLessThan(Math.abs(lt[0] - 0.25));
  });

  it("η = 1.05: a period-2 orbit of balanced points, |a| = |b| ≈ 1.0911 and ≈ 0.8729", () => {
    const N = 20000;
    const r = runTrajectory(m, { eta: 1.05, steps: N, theta0, record: { steps: [N - 3, N - 2, N - 1, N] }, recordTheta: true, engine: eng.wasm });
    const th = r.series.theta!;
    const mags: number[] = [];
    for (let i = 1; i < 5; i++) {
      const a = th[2 * i], b = th[2 * i + 1];
      expect(Math.abs(Math.abs(a) - Math.abs(b))).toBeLessThan(1e-9); // balanced
      mags.push(Math.abs(a));
    }
    const hi = Math.max(mags[2], mags[3]), lo = Math.min(mags[2], mags[3]);
    expect(hi).toBeCloseTo(1.0911, 4);
    expect(lo).toBeCloseTo(0.8729, 4);
    expect(mags[0]).toBeCloseTo(mags[2], 12); // period 2
    expect(mags[1]).toBeCloseTo(mags[3], 12);
    // The orbit passes through the flattest minimum's line: θ∥ is balanced, so distPar → 0 and λ(θ∥) → λ* = 2.
    expect(r.final.distPar).toBeLessThan(1e-9);
    expect(r.final.lambdaPar).toBeCloseTo(2, 9);
  });
});
