// The flattest minimum by Riemannian GD on λ = ‖∇f‖² along M (general path),
// cross-checked against the deep-scalar closed form θ∥* = |y|^{1/p}·s,
// λ* = p·|y|^{2−2/p} (docs/design.md §1), with the callbacks in a plain object so
// that nothing deep-scalar-specific runs.
import { describe, expect, it } from "vitest";
import { deepScalar, deepScalarFlattest, flattestMinimum, InvalidArgumentError, type Codim1Model } from "../../src/index.js";
import { randomArray } from "../engines.js";

function plain(m: Codim1Model): Codim1Model {
  return { name: "plain", dim: m.dim, target: m.target, f: (t) => m.f(t), grad: (t, o) => m.grad(t, o), hvp: (t, v, o) => m.hvp(t, v, o) };
}

describe("flattestMinimum (general path)", () => {
  it("finds the closed-form flattest minimum of deep scalar factorisation", () => {
    for (const [p, y] of [[2, 1], [3, 2], [5, 1], [4, -0.5]] as const) {
      const m = deepScalar({ depth: p, target: y });
      const { thetaStar, lambdaStar } = deepScalarFlattest(m);
      const start = Array.from(thetaStar, (v, i) => v * (1 + 0.3 * randomArray(p, 5 + p)[i]));
      const r = flattestMinimum(plain(m), start);
      expect(r.converged).toBe(true);
      expect(r.gradNorm).toBeLessThanOrEqual(1e-10 * Math.max(1, r.lambdaStar));
      expect(r.lambdaStar).toBeCloseTo(lambdaStar, 10);
      for (let i = 0; i < p; i++) expect(r.point[i]).toBeCloseTo(thetaStar[i], 7);
      // On M.
      expect(m.f(r.point)).toBeCloseTo(y, 13);
    }
  });

  it("reports the tolerance reached when stopped early, and validates input", () => {
    const m = plain(deepScalar({ depth: 5 }));
    const r = flattestMinimum(m, [1.5, 1, 1, 0.9, 0.8], { maxIter: 2 });
    expect(r.iterations).toBe(2);
    expect(r.converged).toBe(false);
    expect(r.gradNorm).toBeGreaterThan(1e-10 * r.lambdaStar);
    expect(r.lambdaStar).toBeGreaterThan(5);
    expect(() => flattestMinimum(m, [1, 1])).toThrow(InvalidArgumentError);
    expect(() => flattestMinimum(m, [1, 1, 1, 1, NaN])).toThrow(InvalidArgumentError);
  });

  it("a model with a known flattest point: f = θ₁ + θ₂² on y = 1 (λ = 1 + 4θ₂², minimum at (1, 0))", () => {
    const m: Codim1Model = {
      name: "parabola", dim: 2, target: 1,
      f: (t) => t[0] + t[1] * t[1],
      grad: (t, o) => { o[0] = 1; o[1] = 2 * t[1]; },
      hvp: (_t, v, o) => { o[0] = 0; o[1] = 2 * v[1]; },
    };
    const r = flattestMinimum(m, [0.2, 0.9]);
    expect(r.converged).toBe(true);
    expect(r.lambdaStar).toBeCloseTo(1, 12);
    expect(r.point[0]).toBeCloseTo(1, 10);
    expect(r.point[1]).toBeCloseTo(0, 6);
  });
});
