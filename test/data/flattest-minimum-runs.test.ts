// Runs at 0.8, 1.0 and 1.1 × the empirical η_c = 2/λ* on a two-layer network and on a diagonal network whose
// flattest minimum has a DOUBLE top eigenvalue (docs/design.md §4). EMPIRICAL: these check what we measured, and that the
// measurements hang together, not a theorem. Two kinds of label: `observation` (the codimension-1 observer on the
// signed normal coordinate) and `observed` (the loss series alone).
import { describe, expect, it } from "vitest";
import { dataStartWithLambda, randomDataProblem } from "../../src/data/starts.js";
import { flattestMinimumData } from "../../src/data/flattest-minimum.js";
import type { DataModelSpec } from "../../src/models/data-model.js";
import { observeDataRun } from "../../src/data/observe.js";
import { CRITICAL_EXPONENTS } from "../../src/codim1/analyse-run.js";
import { engines } from "../engines.js";

const eng = engines();

function setup(spec: DataModelSpec, seed: number) {
  const { data: ds, theta0 } = randomDataProblem(spec, seed);
  return { ds, theta0 };
}

const TWO: DataModelSpec = { kind: "two-layer", n: 6, d: 8, h: 2 };
const DIAG: DataModelSpec = { kind: "diagonal", n: 5, d: 12 };

const flatCache = new Map<DataModelSpec, ReturnType<typeof flattestMinimumData>>();

function runAt(spec: DataModelSpec, frac: number, lam0: number, steps: number) {
  const { ds, theta0 } = setup(spec, 17);
  let flat = flatCache.get(spec);
  if (!flat) flatCache.set(spec, (flat = flattestMinimumData(spec, ds, theta0, { engine: eng.simd })));
  const start = dataStartWithLambda(spec, ds, flat, theta0, lam0 * flat.lambdaStar, eng.simd);
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
    expect(o.observation.label).toBe("stable");
    expect(o.observed.label).toBe("converged");
    expect(o.observed.rate).not.toBeNull();
    expect(o.lambdaParFinalBelowEdge).toBe(true);
    expect(Math.abs(o.lambdaParFinal - o.lambdaParStart)).toBeLessThan(1e-3 * o.lambdaParStart);
  });

  it("0.8·η_c, start above the edge (λ(θ∥₀) > 2/η): converges linearly to a flatter minimum with λ* < λ(θ∥∞) < 2/η", () => {
    const { o } = runAt(TWO, 0.8, 1.4, 5000);
    expect(o.expectedRegime).toBe("subcritical");
    expect(o.eta * o.lambdaParStart).toBeGreaterThan(2);
    expect(o.observation.label).toBe("subcritical");
    expect(o.observed.label).toBe("converged");
    expect(o.observed.rate).not.toBeNull();
    expect(o.lambdaParFinalBelowEdge).toBe(true);
    expect(o.lambdaParFinal).toBeGreaterThan(o.lambdaStar);
  });

  it("1.0·η_c: critical; |θ⊥|, the loss and λ(θ∥) − λ* decay with the codimension-1 exponents −1/2, −1, −1; λ(θ∥_t) → λ*", () => {
    const { o } = runAt(TWO, 1.0, 1.4, 20000);
    expect(o.expectedRegime).toBe("critical");
    expect(o.observation.label).toBe("critical");
    const pl = o.observation.powerLaw!;
    expect(pl.thetaPerp.exponent!).toBeCloseTo(CRITICAL_EXPONENTS.thetaPerp, 1);
    expect(pl.loss.exponent!).toBeCloseTo(CRITICAL_EXPONENTS.loss, 1);
    expect(pl.lambdaGap.exponent!).toBeCloseTo(CRITICAL_EXPONENTS.lambdaGap, 0);
    expect(o.observed.label).toBe("converged");
    expect(o.observed.exponent).not.toBeNull();
    expect(o.observed.exponent!).toBeGreaterThan(-1.2);
    expect(o.observed.exponent!).toBeLessThan(-0.8);
    expect(Math.abs(o.lambdaParFinal - o.lambdaStar)).toBeLessThan(1e-3 * o.lambdaStar);
  });

  it("1.05·η_c: a period-2 orbit", () => {
    const { o } = runAt(TWO, 1.05, 1.05, 20000);
    expect(o.expectedRegime).toBe("supercritical");
    expect(o.observation.label).toBe("supercritical");
    expect(o.observation.orbit![0]).toBeGreaterThan(0);
    expect(o.observation.orbit![1]).toBeLessThan(0);
    expect(o.observed.label).toBe("oscillating");
    expect(o.observed.limits).toHaveLength(2);
  });

  it("1.1·η_c: no convergence and no divergence within 2·10⁴ steps (an oscillation that has not settled: measured, not explained)", () => {
    const { o } = runAt(TWO, 1.1, 1.05, 20000);
    expect(o.expectedRegime).toBe("supercritical");
    expect(o.run.summary.firstNonFiniteStep).toBeNull();
    expect(["oscillating", "undetermined"]).toContain(o.observed.label);
    // The observer finds no period up to 16 in the signed coordinate: not the period-2 orbit of the codimension-1 picture.
    expect(o.observation.label).toBe("chaotic");
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
      expect(o.observation.label).toBe(o.expectedRegime);
      expect(o.observed.label).toBe("converged");
      expect(o.lambdaParFinalBelowEdge).toBe(true);
      if (lam0 === 1.4) expect(o.lambdaParFinal).toBeLessThan(o.lambdaParStart);
    }
  });

  it("1.0·η_c: labelled critical (θ⊥ still decaying), the loss keeps falling and λ(θ∥_t) approaches λ* from above", () => {
    const { o } = runAt(DIAG, 1.0, 1.4, 20000);
    expect(o.observation.label).toBe("critical");
    expect(o.run.summary.firstNonFiniteStep).toBeNull();
    const mid = o.run.loss[o.run.loss.length >> 1];
    expect(o.run.summary.lastLoss).toBeLessThan(0.5 * mid);
    expect(o.lambdaParFinal).toBeGreaterThanOrEqual(o.lambdaStar * (1 - 1e-6));
    expect(o.lambdaParFinal).toBeLessThan(1.01 * o.lambdaStar);
  });

  it("1.1·η_c: no convergence, no divergence and no period up to 16 (labelled chaotic) within 2·10⁴ steps", () => {
    const { o } = runAt(DIAG, 1.1, 1.05, 20000);
    expect(o.observation.label).toBe("chaotic");
    expect(o.run.summary.firstNonFiniteStep).toBeNull();
    expect(o.observed.label).not.toBe("converged");
    expect(o.observed.label).not.toBe("diverged");
    expect(o.lambdaParFinalBelowEdge).toBe(false);
  });
});
