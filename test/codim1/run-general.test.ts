// runTrajectory's general JS path (any Codim1Model) against the wasm loop:
// deep scalar callbacks in a plain object take the JS path; the GD updates
// use the same operations, so θ_t matches bit for bit, and the coordinates
// (Newton projection, flattestMinimum, Hessian from HVPs) match the exact
// kernels to tolerance.
import { describe, expect, it } from "vitest";
import { deepScalar, InvalidArgumentError, runTrajectory, type Codim1Model } from "../../src/index.js";
import { engines } from "../engines.js";

const eng = engines();

function bits(a: ArrayLike<number>): bigint[] {
  return Array.from(new BigUint64Array(Float64Array.from(a).buffer));
}
function plain(m: Codim1Model): Codim1Model {
  return { name: "plain", dim: m.dim, target: m.target, f: (t) => m.f(t), grad: (t, o) => m.grad(t, o), hvp: (t, v, o) => m.hvp(t, v, o) };
}

describe("runTrajectory, general path", () => {
  it("reproduces the wasm deep-scalar run: θ_t bit for bit, coordinates to tolerance", () => {
    for (const [p, eta, theta0] of [
      [2, 0.9, [1.8, 1 / 1.8 + 0.02]],
      [5, 0.41, [1.3, 1, 1, 0.9, 0.8]],
      [3, 0.6, [1.1, 0.95, 1.05]],
    ] as [number, number, number[]][]) {
      const m = deepScalar({ depth: p });
      const opts = { eta, steps: 3000, theta0, record: { logPoints: 12 }, recordTheta: true };
      const w = runTrajectory(m, { ...opts, engine: eng.simd });
      const g = runTrajectory(plain(m), opts);
      expect(bits(g.series.step)).toEqual(bits(w.series.step));
      expect(bits(g.series.theta!)).toEqual(bits(w.series.theta!));
      expect(bits(g.series.loss)).toEqual(bits(w.series.loss));
      expect(bits(g.final.theta)).toEqual(bits(w.final.theta));
      for (let i = 0; i < w.series.step.length; i++) {
        expect(g.series.thetaPerp[i]).toBeCloseTo(w.series.thetaPerp[i], 11);
        expect(g.series.lambdaPar[i]).toBeCloseTo(w.series.lambdaPar[i], 9);
        expect(g.series.lambdaAt[i]).toBeCloseTo(w.series.lambdaAt[i], 9);
        expect(g.series.distPar[i]).toBeCloseTo(w.series.distPar[i], 6);
      }
      for (let i = 0; i < p; i++) expect(g.thetaStar[i]).toBeCloseTo(w.thetaStar[i], 6);
      expect(g.lambdaStar).toBeCloseTo(w.lambdaStar, 10);
      expect(g.summary).toEqual(w.summary);
    }
  });

  it("runs a user model (f = θ₁ + θ₂², y = 1) and matches a plain GD loop", () => {
    const m: Codim1Model = {
      name: "parabola", dim: 2, target: 1,
      f: (t) => t[0] + t[1] * t[1],
      grad: (t, o) => { o[0] = 1; o[1] = 2 * t[1]; },
      hvp: (_t, v, o) => { o[0] = 0; o[1] = 2 * v[1]; },
    };
    const r = runTrajectory(m, { eta: 0.3, steps: 200, theta0: [0.5, 0.6], record: { every: 50 } });
    let th = [0.5, 0.6];
    for (let t = 0; t < 200; t++) {
      const res = th[0] + th[1] * th[1] - 1;
      th = [th[0] - 0.3 * res * 1, th[1] - 0.3 * res * 2 * th[1]];
    }
    expect(r.final.theta[0]).toBeCloseTo(th[0], 14);
    expect(r.final.theta[1]).toBeCloseTo(th[1], 14);
    expect(r.lambdaStar).toBeCloseTo(1, 10);
    // On M at the end: λ(θ∥) = 1 + 4θ₂², distPar to (1, 0).
    expect(r.final.lambdaPar).toBeCloseTo(1 + 4 * th[1] ** 2, 8);
    expect(r.final.distPar).toBeCloseTo(Math.hypot(r.final.thetaPar[0] - 1, r.final.thetaPar[1]), 6);
    expect(Array.from(r.series.step)).toEqual([0, 50, 100, 150, 200]);
  });

  it("stops at the first non-finite state like the wasm loop", () => {
    const m = deepScalar({ depth: 3 });
    const opts = { eta: 1, steps: 1000, theta0: [1.5, 1.5, 1.5], record: { every: 500 } };
    const w = runTrajectory(m, { ...opts, engine: eng.wasm });
    const g = runTrajectory(plain(m), { ...opts, flattest: { thetaStar: [1, 1, 1], lambdaStar: 3 } });
    expect(g.summary).toEqual(w.summary);
    expect(bits(g.final.theta)).toEqual(bits(w.final.theta));
    expect(Array.from(g.series.step)).toEqual(Array.from(w.series.step));
  });

  it("validates inputs", () => {
    const m = plain(deepScalar({ depth: 2 }));
    expect(() => runTrajectory(m, { eta: 0.5, steps: 10, theta0: [1, 1, 1] })).toThrow(InvalidArgumentError);
    expect(() => runTrajectory(m, { eta: NaN, steps: 10, theta0: [1, 1] })).toThrow(InvalidArgumentError);
    expect(() => runTrajectory(m, { eta: 0.5, steps: 10, theta0: [1, 1], flattest: { thetaStar: [1], lambdaStar: 2 } })).toThrow(InvalidArgumentError);
  });
});
