import { describe, expect, it } from "vitest";
import { analyseRun } from "../../src/codim1/analyse-run.js";
import { expectCriticalPowerLaws, productGeometry, productModel, runProduct } from "./observe-reference.js";

// The claims of docs/design.md §2 on the plain-JS reference run (engine-independent): p = 5, y = 1, λ* = 5, η_c = 0.4.
const p = 5, y = 1;
const model = productModel(p, y), geo = productGeometry(p, y);
// An unbalanced point of M (Πx = 1) with λ(x) = Σ x⁻² ≈ 5.26 > 2/0.39, moved 0.01 off M along its normal.
function startNearM(): Float64Array {
  const u = [0.25, -0.25, 0.1, -0.1, 0];
  const x = u.map(Math.exp);
  const g = x.map((_, i) => x.reduce((a, b, j) => (j === i ? a : a * b), 1));
  const gn = Math.hypot(...g);
  return Float64Array.from(x.map((xi, i) => xi + 0.01 * g[i] / gn));
}

describe("observeRun on the reference dynamics (docs/design.md §2 claims)", () => {
  it("subcritical η = 0.39 from ηλ(θ∥₀) > 2: finite τ, λ* < λ(θ∥∞) < 2/η, rate within 1e-4 of |1 − ηλ(θ∥∞)|", () => {
    const a = analyseRun(model, geo, { eta: 0.39, steps: 20000, theta0: startNearM(), record: { every: 1 } });
    expect(0.39 * a.start.lambdaPar).toBeGreaterThan(2);
    expect(a.prediction.regime.regime).toBe("subcritical");
    expect(a.observation.label).toBe("subcritical");
    expect(a.observation.tau).not.toBeNull();
    expect(a.observation.tau!).toBeGreaterThan(0);
    expect(a.final.lambdaPar).toBeGreaterThan(5);
    expect(a.final.lambdaPar).toBeLessThan(2 / 0.39);
    const beta = Math.abs(1 - 0.39 * a.final.lambdaPar);
    expect(Math.abs(a.observation.linear!.fit.rate! - beta)).toBeLessThan(1e-4);
    expect(a.checks.every((c) => c.pass !== false)).toBe(true);
  });

  it("supercritical η = 0.408: orbit within 1e-8 of Newton's, rate within 1% of the Floquet prediction, distPar < 1e-10", () => {
    const a = analyseRun(model, geo, { eta: 0.408, steps: 40000, theta0: startNearM(), record: { every: 10 } });
    expect(a.prediction.regime.regime).toBe("supercritical");
    expect(a.observation.label).toBe("supercritical");
    const po = [...a.prediction.orbit!.thetaPerp!].sort((u, v) => v - u);
    expect(Math.abs(a.observation.orbit![0] - po[0])).toBeLessThan(1e-8);
    expect(Math.abs(a.observation.orbit![1] - po[1])).toBeLessThan(1e-8);
    const rate = a.observation.linear!.fit.rate!, pred = a.prediction.rate!;
    expect(Math.abs(rate - pred) / pred).toBeLessThan(0.01);
    expect(a.final.distPar).toBeLessThan(1e-10);
  });

  it("critical η = 0.4, 10⁶ steps: exponents on [10⁴, 10⁶] within ±0.05, |θ⊥|√t and distPar√t level off", () => {
    const a = analyseRun(model, geo, { eta: 0.4, steps: 1_000_000, theta0: startNearM(), record: { logPoints: 600 }, powerWindow: [1e4, 1e6] });
    expect(a.prediction.regime.regime).toBe("critical");
    expect(a.observation.label).toBe("critical");
    expectCriticalPowerLaws(a.observation.powerLaw!);
  });

  it("a start below the edge is stable; a huge η diverges", () => {
    const x = Float64Array.from([1.02, 0.99, 1.0, 1.0, 0.99]);
    expect(analyseRun(model, geo, { eta: 0.3, steps: 2000, theta0: x, record: { every: 1 } }).observation.label).toBe("stable");
    const d = runProduct(p, y, 3, 200, x, () => true);
    expect(Number.isFinite(d.final.loss) && d.final.loss < 1e100).toBe(false);
  });
});
