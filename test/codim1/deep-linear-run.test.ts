// Whole GD runs on the built-in deep linear network (docs/design.md §1, §3): the loop in the core against the general
// JS path on a plain-callback copy (same operation order, so the same bits) and against a plain GD loop written here;
// the same bytes on simd, wasm and js; a divergent run stops at its last finite state; and the paper's three regimes,
// predicted and measured, around η_c = 2/λ* with the closed-form λ*.
import { beforeAll, describe, expect, it } from "vitest";
import {
  analyseRun, deepLinear, initSync, deepLinearFlattest, deepLinearInit, engineGeometry, runTrajectory, type Codim1Model,
} from "../../src/index.js";
import { BACKENDS, engines } from "../engines.js";

const WIDTHS = [3, 4, 4, 1], X = [0.5, -1, 2];

function plain(m: Codim1Model): Codim1Model {
  return { name: "plain", dim: m.dim, target: m.target, f: (t) => m.f(t), grad: (t, o) => m.grad(t, o), hvp: (t, v, o) => m.hvp(t, v, o) };
}

/** f and ∇f by whole-matrix products (plain loops). */
function fGrad(widths: number[], x: number[], th: Float64Array): { f: number; g: Float64Array } {
  const L = widths.length - 1, offs = [0];
  for (let k = 1; k <= L; k++) offs.push(offs[k - 1] + widths[k] * widths[k - 1]);
  const hs: number[][] = [x];
  for (let k = 1; k <= L; k++) {
    const h: number[] = [];
    for (let i = 0; i < widths[k]; i++) {
      let s = 0;
      for (let j = 0; j < widths[k - 1]; j++) s += th[offs[k - 1] + i * widths[k - 1] + j] * hs[k - 1][j];
      h.push(s);
    }
    hs.push(h);
  }
  const g = new Float64Array(th.length);
  let b = [1];
  for (let k = L; k >= 1; k--) {
    for (let i = 0; i < widths[k]; i++) for (let j = 0; j < widths[k - 1]; j++) g[offs[k - 1] + i * widths[k - 1] + j] = b[i] * hs[k - 1][j];
    const nb: number[] = [];
    for (let j = 0; j < widths[k - 1]; j++) {
      let s = 0;
      for (let i = 0; i < widths[k]; i++) s += th[offs[k - 1] + i * widths[k - 1] + j] * b[i];
      nb.push(s);
    }
    b = nb;
  }
  return { f: hs[L][0], g };
}

beforeAll(() => {
  initSync();
});

describe("runTrajectory on deepLinear", () => {
  const m = deepLinear({ widths: WIDTHS, input: X, target: 1 });
  const lam = deepLinearFlattest(m).lambdaStar;
  const theta0 = deepLinearInit({ widths: WIDTHS, seed: 7, scale: 0.3 });

  it("gives the general path's bits (θ_t, loss, θ⊥, λ(θ∥), λ(θ)) and follows a plain GD loop", () => {
    const opts = { eta: 2 / lam, steps: 3000, theta0, record: { every: 500 }, recordTheta: true };
    const a = runTrajectory(m, opts);
    const b = runTrajectory(plain(m), opts);
    expect(a.series.step).toEqual(b.series.step);
    for (const k of ["loss", "thetaPerp", "lambdaPar", "lambdaAt"] as const) {
      expect(new BigUint64Array(a.series[k].buffer), k).toEqual(new BigUint64Array(b.series[k].buffer));
    }
    expect(new BigUint64Array(a.series.theta!.buffer)).toEqual(new BigUint64Array(b.series.theta!.buffer));
    expect(a.lambdaStar).toBe(lam);
    // A plain loop: θ ← θ − η(f − y)∇f with matrix products written here (another summation order: a tolerance).
    let th = Float64Array.from(theta0);
    for (let t = 0; t < 3000; t++) {
      const { f, g } = fGrad(WIDTHS, X, th);
      th = th.map((v, i) => v - (2 / lam) * (f - 1) * g[i]);
    }
    for (let i = 0; i < m.dim; i++) expect(a.final.theta[i]).toBeCloseTo(th[i], 9);
    // distPar is measured to a flattest point: λ at that point is λ*.
    const star = fGrad(WIDTHS, X, a.thetaStar);
    expect(star.f).toBeCloseTo(1, 12);
    expect(star.g.reduce((s, v) => s + v * v, 0)).toBeCloseTo(lam, 11);
  });

  it("is bit-identical on simd, wasm and js, also when it diverges", () => {
    const es = engines();
    for (const eta of [2 / lam, 30 / lam]) {
      const runs = BACKENDS.map((k) => runTrajectory(m, { eta, steps: 2000, theta0, record: { logPoints: 30 }, engine: es[k], recordTheta: true }));
      for (const r of runs.slice(1)) {
        for (const k of ["step", "loss", "thetaPerp", "distPar", "lambdaPar", "lambdaAt", "theta"] as const) {
          expect(new BigUint64Array(r.series[k]!.buffer), `${eta} ${k}`).toEqual(new BigUint64Array(runs[0].series[k]!.buffer));
        }
        expect(r.summary).toEqual(runs[0].summary);
      }
      if (eta > 10 / lam) {
        const s = runs[0].summary;
        expect(s.firstNonFiniteStep).not.toBeNull();
        expect(s.stepsRun).toBe(s.firstNonFiniteStep! - 1);
        expect(runs[0].final.step).toBe(s.stepsRun);
        expect(Number.isFinite(runs[0].final.loss)).toBe(true);
        // The last finite state is the plain loop's θ at that step.
        let th = Float64Array.from(theta0);
        for (let t = 0; t < s.stepsRun; t++) {
          const { f, g } = fGrad(WIDTHS, X, th);
          th = th.map((v, i) => v - eta * (f - 1) * g[i]);
        }
        expect(Number.isFinite(fGrad(WIDTHS, X, th).f)).toBe(true);
      }
    }
  });

  it("shows the three regimes around η_c = 2/λ*, predicted and observed alike", () => {
    const geometry = engineGeometry();
    const out: Record<string, { predicted: string; observed: string; lamRatio: number; distPar: number }> = {};
    for (const frac of [0.98, 1.0, 1.02]) {
      const a = analyseRun(m, geometry, { eta: (frac * 2) / lam, steps: 100_000, theta0, record: { logPoints: 400 } });
      expect(a.prediction.regime.lambdaStarSource).toBe("closed-form");
      expect(a.prediction.regime.lambdaStar).toBe(lam);
      out[frac] = { predicted: a.prediction.regime.regime, observed: a.observation.label, lamRatio: a.final.lambdaPar / lam, distPar: a.final.distPar };
      expect(a.observation.label, `η = ${frac}·η_c`).toBe(a.prediction.regime.regime);
    }
    expect(out["0.98"].predicted).toBe("subcritical");
    expect(out["1"].predicted).toBe("critical");
    expect(out["1.02"].predicted).toBe("supercritical");
    // Subcritical: converges to a minimum sharper than λ* with ηλ < 2; critical: λ(θ∥) → λ*, θ∥ → the flattest set;
    // supercritical: λ(θ∥) → λ* exactly as θ∥ sits on the period-two orbit's base.
    expect(out["0.98"].lamRatio).toBeGreaterThan(1);
    expect(out["0.98"].lamRatio * 0.98).toBeLessThan(1);
    expect(Math.abs(out["1"].lamRatio - 1)).toBeLessThan(1e-3);
    expect(out["1"].distPar).toBeLessThan(0.02);
    expect(Math.abs(out["1.02"].lamRatio - 1)).toBeLessThan(1e-9);
    expect(out["1.02"].distPar).toBeLessThan(1e-12);
  }, 60_000);
});
