// Flattest minimum by Riemannian GD on λ_max(JJᵀ) (docs/design.md §4), against closed forms.
import { describe, expect, it } from "vitest";
import { RandomState } from "../../src/index.js";
import type { Dataset } from "../../src/dataset/dataset.js";
import { flattestMinimumData } from "../../src/data/flattest-minimum.js";
import { paramCount, type DataModelSpec } from "../../src/models/data-model.js";
import { engines } from "../engines.js";

const eng = engines();

describe("flattestMinimumData", () => {
  it("n = 1 diagonal network: λ* = 2|y|·min_j |x_j| (all weight on the smallest |x_j|, balanced)", () => {
    // JJᵀ = Σ x_j²(u_j² + v_j²) ≥ 2Σ x_j²|w_j| with Σ x_j w_j = y: minimised by w on argmin |x_j|.
    const ds: Dataset = { X: Float64Array.from([1.5, -0.7, 2.0]), y: Float64Array.from([1.2]), n: 1, d: 3 };
    const spec: DataModelSpec = { kind: "diagonal", n: 1, d: 3 };
    const f = flattestMinimumData(spec, ds, [0.6, 0.5, 0.4, 0.7, -0.3, 0.5], { engine: eng.simd, gradTol: 1e-10 });
    expect(f.label).toBe("empirical");
    expect(f.lambdaStar).toBeCloseTo(2 * 1.2 * 0.7, 8);
    expect(f.feasibility).toBeLessThan(1e-12);
    expect(f.topSimple).toBe(true);
    expect(Math.abs(Math.abs(f.theta[1]) - Math.abs(f.theta[4]))).toBeLessThan(1e-6); // balanced |u| = |v|
  });

  it("X = I diagonal network: λ* = 2·max|y_j|", () => {
    const ds: Dataset = { X: Float64Array.from([1, 0, 0, 0, 1, 0, 0, 0, 1]), y: Float64Array.from([0.5, -1.5, 1]), n: 3, d: 3 };
    const f = flattestMinimumData({ kind: "diagonal", n: 3, d: 3 }, ds, [2, 1, 0.5, 0.25, -1.5, 2], { engine: eng.simd });
    expect(f.lambdaStar).toBeCloseTo(3, 8);
    expect(f.feasibility).toBeLessThan(1e-12);
  });

  it("n = d = h = 1 two-layer network: λ* = 2|xy|", () => {
    const ds: Dataset = { X: Float64Array.from([1.3]), y: Float64Array.from([0.8]), n: 1, d: 1 };
    const f = flattestMinimumData({ kind: "two-layer", n: 1, d: 1, h: 1 }, ds, [2, 0.2], { engine: eng.simd });
    expect(f.lambdaStar).toBeCloseTo(2 * 1.3 * 0.8, 9);
    expect(f.topSimple).toBe(true);
  });

  it("random diagonal and two-layer problems: λ decreases monotonically along the iterations and the points stay on M", () => {
    for (const spec of [{ kind: "diagonal", n: 5, d: 20 }, { kind: "two-layer", n: 5, d: 10, h: 3 }] as DataModelSpec[]) {
      const rs = new RandomState(5);
      const X = rs.randn(spec.n * spec.d);
      const ds: Dataset = { X, y: rs.randn(spec.n), n: spec.n, d: spec.d };
      const f = flattestMinimumData(spec, ds, rs.randn(paramCount(spec)), { engine: eng.simd, maxIter: 1000 });
      for (let i = 1; i < f.history.length; i++) expect(f.history[i]).toBeLessThanOrEqual(f.history[i - 1]);
      expect(f.feasibility).toBeLessThan(1e-10);
      if (process.env.EOSLAB_PRINT) console.log(spec.kind, f.lambdaStar, f.gradRel, f.iterations, f.topSimple, f.relativeGap, f.multiplicity, f.usedClusterSteps, f.history[0]);
    }
  });
});
