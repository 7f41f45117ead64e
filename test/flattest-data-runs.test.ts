// Runs at 0.8, 1.0 and 1.1 × the empirical η_c = 2/λ* on diagonal and
// two-layer networks (issue 5 acceptance). EMPIRICAL: these check what we
// measured, and that the measurements hang together, not a theorem.
import { describe, expect, it } from "vitest";
import { RandomState } from "../src/index.js";
import type { Dataset } from "../src/data/dataset.js";
import { flattestMinimumData } from "../src/manifold/flattest-data.js";
import { paramCount, type DataModelSpec } from "../src/models/data-model.js";
import { observeDataRun } from "../src/models/data-observe.js";
import { DataOps } from "../src/models/data-ops.js";
import { dataModel } from "../src/models/data-model.js";
import { projectToDataManifold } from "../src/manifold/flattest-data.js";
import { engines } from "./engines.js";

const eng = engines();

function setup(spec: DataModelSpec, seed: number) {
  const rs = new RandomState(seed);
  const X = rs.randn(spec.n * spec.d);
  for (let i = 0; i < X.length; i++) X[i] /= Math.sqrt(spec.d);
  const ds: Dataset = { X, y: rs.randn(spec.n), n: spec.n, d: spec.d };
  const theta0 = rs.randn(paramCount(spec));
  return { ds, theta0 };
}

/** A point of M on the retracted segment from θ∥* towards θ_a with λ(θ∥) ≈ target (bisection on the segment parameter). */
function pointWithLambda(spec: DataModelSpec, ds: Dataset, star: Float64Array, a: ArrayLike<number>, target: number): Float64Array {
  return eng.simd.scoped(() => {
    const m = dataModel(spec, new DataOps(eng.simd, ds));
    const at = (s: number) => projectToDataManifold(m, star.map((x, i) => x + s * (a[i] - x)), ds.y);
    let lo = 0, hi = 1;
    for (let it = 0; it < 60; it++) {
      const mid = (lo + hi) / 2;
      if (at(mid).lambdaPar < target) lo = mid;
      else hi = mid;
    }
    return at(lo).thetaPar;
  });
}

const TWO: DataModelSpec = { kind: "two-layer", n: 6, d: 8, h: 2 };
const DIAG: DataModelSpec = { kind: "diagonal", n: 5, d: 12 };

const flatCache = new Map<DataModelSpec, ReturnType<typeof flattestMinimumData>>();

function runAt(spec: DataModelSpec, frac: number, lam0: number, steps: number) {
  const { ds, theta0 } = setup(spec, 17);
  let flat = flatCache.get(spec);
  if (!flat) flatCache.set(spec, (flat = flattestMinimumData(spec, ds, theta0, { engine: eng.simd })));
  const onM = pointWithLambda(spec, ds, flat.theta, theta0, lam0 * flat.lambdaStar);
  const start = onM.map((x, i) => x + 1e-3 * Math.sin(i + 1)); // start off M (DESIGN §4)
  const o = observeDataRun(spec, ds, { eta: frac * flat.etaCritical, steps, theta0: start, flattest: flat, engine: eng.simd, recordEvery: 1 });
  return { flat, o };
}

describe("two-layer network (n = 6, d = 8, h = 2): a simple top eigenvalue at θ∥*", () => {
  it("has a converged Riemannian-GD flattest minimum with a simple top eigenvalue", () => {
    const { ds, theta0 } = setup(TWO, 17);
    const f = flattestMinimumData(TWO, ds, theta0, { engine: eng.simd });
    expect(f.topSimple).toBe(true);
    expect(f.gradRel).toBeLessThan(1e-6);
    expect(f.feasibility).toBeLessThan(1e-12);
  });

  it("0.8·η_c, stable start (λ(θ∥₀) < 2/η): converges linearly, λ(θ∥∞) ≈ λ(θ∥₀) < 2/η", () => {
    const { o } = runAt(TWO, 0.8, 1.15, 3000);
    expect(o.expectedRegime).toBe("stable");
    expect(o.observed.label).toBe("converged");
    expect(o.observed.rate).not.toBeNull();
    expect(o.lambdaParFinalBelowEdge).toBe(true);
    expect(Math.abs(o.lambdaParFinal - o.lambdaParStart)).toBeLessThan(1e-3 * o.lambdaParStart);
  });

  it("0.8·η_c, start above the edge (λ(θ∥₀) > 2/η): converges linearly to a flatter minimum with λ* < λ(θ∥∞) < 2/η", () => {
    const { o } = runAt(TWO, 0.8, 1.4, 5000);
    expect(o.expectedRegime).toBe("subcritical");
    expect(o.eta * o.lambdaParStart).toBeGreaterThan(2);
    expect(o.observed.label).toBe("converged");
    expect(o.observed.rate).not.toBeNull();
    expect(o.lambdaParFinalBelowEdge).toBe(true);
    expect(o.lambdaParFinal).toBeGreaterThan(o.lambdaStar);
  });

  it("1.0·η_c: the loss decays as a power law with exponent ≈ −1 and λ(θ∥_t) → λ*", () => {
    const { o } = runAt(TWO, 1.0, 1.4, 20000);
    expect(o.expectedRegime).toBe("critical");
    expect(o.observed.label).toBe("converged");
    expect(o.observed.exponent).not.toBeNull();
    expect(o.observed.exponent!).toBeGreaterThan(-1.2);
    expect(o.observed.exponent!).toBeLessThan(-0.8);
    expect(Math.abs(o.lambdaParFinal - o.lambdaStar)).toBeLessThan(1e-3 * o.lambdaStar);
  });

  it("1.05·η_c: a period-2 orbit", () => {
    const { o } = runAt(TWO, 1.05, 1.05, 20000);
    expect(o.expectedRegime).toBe("supercritical");
    expect(o.observed.label).toBe("oscillating");
    expect(o.observed.limits).toHaveLength(2);
  });

  it("1.1·η_c: no convergence and no divergence within 2·10⁴ steps (an oscillation that has not settled: measured, not explained)", () => {
    const { o } = runAt(TWO, 1.1, 1.05, 20000);
    expect(o.expectedRegime).toBe("supercritical");
    expect(o.run.summary.firstNonFiniteStep).toBeNull();
    expect(["oscillating", "undetermined"]).toContain(o.observed.label);
    let minTail = Infinity;
    for (let i = o.run.loss.length >> 1; i < o.run.loss.length; i++) minTail = Math.min(minTail, o.run.loss[i]);
    expect(minTail).toBeGreaterThan(1e-3);
    expect(o.lambdaParFinalBelowEdge).toBe(false);
  });
});

describe("diagonal network (n = 5, d = 12): a double top eigenvalue at θ∥* (λ_max not smooth there)", () => {
  it("reports the flattest minimum's top eigenvalue as multiple and says it used cluster steps", () => {
    const { ds, theta0 } = setup(DIAG, 17);
    const f = flattestMinimumData(DIAG, ds, theta0, { engine: eng.simd }); // computed once: runAt reuses it
    flatCache.set(DIAG, f);
    expect(f.topSimple).toBe(false);
    expect(f.multiplicity).toBeGreaterThanOrEqual(2);
    expect(f.usedClusterSteps).toBe(true);
    expect(f.feasibility).toBeLessThan(1e-12);
  });

  it("0.8·η_c from both sides of the edge: converges, λ(θ∥∞) < 2/η", () => {
    for (const lam0 of [1.15, 1.4]) {
      const { o } = runAt(DIAG, 0.8, lam0, 5000);
      expect(o.expectedRegime).toBe(lam0 === 1.15 ? "stable" : "subcritical");
      expect(o.observed.label).toBe("converged");
      expect(o.lambdaParFinalBelowEdge).toBe(true);
      if (lam0 === 1.4) expect(o.lambdaParFinal).toBeLessThan(o.lambdaParStart);
    }
  });

  it("1.0·η_c: the loss keeps falling and λ(θ∥_t) approaches λ* from above (no settled label within 2·10⁴ steps)", () => {
    const { o } = runAt(DIAG, 1.0, 1.4, 20000);
    expect(o.run.summary.firstNonFiniteStep).toBeNull();
    const mid = o.run.loss[o.run.loss.length >> 1];
    expect(o.run.summary.lastLoss).toBeLessThan(0.5 * mid);
    expect(o.lambdaParFinal).toBeGreaterThanOrEqual(o.lambdaStar * (1 - 1e-6));
    expect(o.lambdaParFinal).toBeLessThan(1.01 * o.lambdaStar);
  });

  it("1.1·η_c: no convergence, no divergence within 10⁴ steps", () => {
    const { o } = runAt(DIAG, 1.1, 1.05, 10000);
    expect(o.run.summary.firstNonFiniteStep).toBeNull();
    expect(o.observed.label).not.toBe("converged");
    expect(o.observed.label).not.toBe("diverged");
    expect(o.lambdaParFinalBelowEdge).toBe(false);
  });
});
