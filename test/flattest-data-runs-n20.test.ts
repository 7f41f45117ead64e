// Issue 5 acceptance at the upper end, n = 20: a two-layer network (d = 30, h = 3) at 0.8, 1.0, 1.05 and
// 1.1 × the empirical η_c. EMPIRICAL: what we measured, checked for consistency, not a theorem.
import { describe, expect, it } from "vitest";
import { RandomState } from "../src/index.js";
import type { Dataset } from "../src/data/dataset.js";
import { flattestMinimumData, projectToDataManifold } from "../src/manifold/flattest-data.js";
import { DataOps } from "../src/models/data-ops.js";
import { dataModel, paramCount, type DataModelSpec } from "../src/models/data-model.js";
import { observeDataRun } from "../src/models/data-observe.js";
import { engines } from "./engines.js";

const eng = engines();
const spec: DataModelSpec = { kind: "two-layer", n: 20, d: 30, h: 3 };
const rs = new RandomState(23);
const X = rs.randn(spec.n * spec.d);
for (let i = 0; i < X.length; i++) X[i] /= Math.sqrt(spec.d);
const ds: Dataset = { X, y: rs.randn(spec.n), n: spec.n, d: spec.d };
const theta0 = rs.randn(paramCount(spec));
const flat = flattestMinimumData(spec, ds, theta0, { engine: eng.simd });

/** A point of M on the retracted segment from θ∥* towards θ₀ with λ(θ∥) ≈ target, then 1e-3 off M. */
function start(target: number): Float64Array {
  return eng.simd.scoped(() => {
    const m = dataModel(spec, new DataOps(eng.simd, ds));
    const at = (s: number) => projectToDataManifold(m, flat.theta.map((x, i) => x + s * (theta0[i] - x)), ds.y);
    let lo = 0, hi = 1;
    for (let it = 0; it < 50; it++) {
      const mid = (lo + hi) / 2;
      if (at(mid).lambdaPar < target) lo = mid;
      else hi = mid;
    }
    return at(lo).thetaPar.map((x, i) => x + 1e-3 * Math.sin(i + 1));
  });
}

const run = (frac: number, lam0: number) =>
  observeDataRun(spec, ds, { eta: frac * flat.etaCritical, steps: 20000, theta0: start(lam0 * flat.lambdaStar), flattest: flat, engine: eng.simd, recordEvery: 1 });

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
      expect(o.observed.label).toBe("converged");
      expect(o.observed.rate).not.toBeNull();
      expect(o.lambdaParFinalBelowEdge).toBe(true);
    }
  });

  it("1.0·η_c: loss ∝ t^e with e ≈ −1, and λ(θ∥_t) → λ*", () => {
    const o = run(1.0, 1.4);
    expect(o.observed.label).toBe("converged");
    expect(o.observed.exponent!).toBeGreaterThan(-1.2);
    expect(o.observed.exponent!).toBeLessThan(-0.8);
    expect(Math.abs(o.lambdaParFinal - o.lambdaStar)).toBeLessThan(1e-4 * o.lambdaStar);
  });

  it("1.05·η_c and 1.1·η_c: period-2 orbits with λ(θ∥) above 2/η", () => {
    for (const f of [1.05, 1.1]) {
      const o = run(f, 1.05);
      expect(o.expectedRegime).toBe("supercritical");
      expect(o.observed.label).toBe("oscillating");
      expect(o.observed.limits).toHaveLength(2);
      expect(o.lambdaParFinalBelowEdge).toBe(false);
    }
  });
});
