// Empirical runs (docs/design.md §4) at the upper end, n = 20: a two-layer network (d = 30, h = 3) at 0.8, 1.0, 1.05 and
// 1.1 × the empirical η_c. EMPIRICAL: what we measured, checked for consistency, not a theorem.
import { describe, expect, it } from "vitest";
import { dataStartWithLambda, randomDataProblem } from "../../src/data/starts.js";
import { flattestMinimumData } from "../../src/data/flattest-minimum.js";
import type { DataModelSpec } from "../../src/models/data-model.js";
import { observeDataRun } from "../../src/data/observe.js";
import { CRITICAL_EXPONENTS } from "../../src/codim1/analyse-run.js";
import { engines } from "../engines.js";

const eng = engines();
const spec: DataModelSpec = { kind: "two-layer", n: 20, d: 30, h: 3 };
const { data: ds, theta0 } = randomDataProblem(spec, 23);
const flat = flattestMinimumData(spec, ds, theta0, { engine: eng.simd });

const run = (frac: number, lam0: number) =>
  observeDataRun(spec, ds, { eta: frac * flat.etaCritical, steps: 20000, theta0: dataStartWithLambda(spec, ds, flat, theta0, lam0 * flat.lambdaStar, eng.simd), flattest: flat, engine: eng.simd, recordEvery: 1 });

describe("two-layer network, n = 20, d = 30, h = 3", () => {
  it("the flattest search ends on M with a simple top eigenvalue", () => {
    expect(flat.feasibility).toBeLessThan(1e-12);
    expect(flat.topSimple).toBe(true);
    expect(flat.gradRel).toBeLessThan(1e-3);
  });

  it("0.8·η_c: converges linearly with λ(θ∥∞) < 2/η, from below and from above the edge", () => {
    for (const lam0 of [1.15, 1.4]) {
      const o = run(0.8, lam0);
      expect(o.expectedRegime).toBe(lam0 === 1.15 ? "stable" : "subcritical");
      expect(o.observation.label).toBe(o.expectedRegime);
      expect(o.observed.label).toBe("converged");
      expect(o.observed.rate).not.toBeNull();
      expect(o.lambdaParFinalBelowEdge).toBe(true);
    }
  });

  it("1.0·η_c: critical, with the codimension-1 exponents (|θ⊥| −1/2, loss −1), and λ(θ∥_t) → λ*", () => {
    const o = run(1.0, 1.4);
    expect(o.observation.label).toBe("critical");
    expect(o.observation.powerLaw!.thetaPerp.exponent!).toBeCloseTo(CRITICAL_EXPONENTS.thetaPerp, 1);
    expect(o.observation.powerLaw!.loss.exponent!).toBeCloseTo(CRITICAL_EXPONENTS.loss, 1);
    expect(o.observed.label).toBe("converged");
    expect(o.observed.exponent!).toBeGreaterThan(-1.2);
    expect(o.observed.exponent!).toBeLessThan(-0.8);
    expect(Math.abs(o.lambdaParFinal - o.lambdaStar)).toBeLessThan(1e-4 * o.lambdaStar);
  });

  it("1.05·η_c and 1.1·η_c: period-2 orbits with λ(θ∥) above 2/η", () => {
    for (const f of [1.05, 1.1]) {
      const o = run(f, 1.05);
      expect(o.expectedRegime).toBe("supercritical");
      expect(o.observation.label).toBe("supercritical");
      expect(o.observation.period.period).toBe(2);
      expect(o.observed.label).toBe("oscillating");
      expect(o.observed.limits).toHaveLength(2);
      expect(o.lambdaParFinalBelowEdge).toBe(false);
    }
  }, 30000); // two 2·10⁴-step runs with coordinates; seconds on a loaded machine
});
