// The deep-linear benchmark case: the same final state on every backend, the work it claims, and its memory freed
// (no timing assertions: speed goals live in the benchmark report only).
import { describe, expect, it } from "vitest";
import { deepLinearCase } from "../../src/bench/cases/deep-linear.js";
import { benchCases } from "../../src/bench/cases/index.js";
import { InvalidArgumentError } from "../../src/index.js";
import { deepLinearInit } from "../../src/models/deep-linear.js";
import { BACKENDS, engines } from "../engines.js";

/** θ and ℓ after `steps` GD steps, by a plain loop over the matrices (W₁ row-major, …, w_L), independent of the core. */
function plainRun(widths: number[], x: number[], y: number, eta: number, theta0: Float64Array, steps: number): { theta: Float64Array; loss: number } {
  const L = widths.length - 1;
  const th = Float64Array.from(theta0);
  const offs: number[] = [0];
  for (let k = 1; k <= L; k++) offs.push(offs[k - 1] + widths[k] * widths[k - 1]);
  const W = (k: number, i: number, j: number) => th[offs[k - 1] + i * widths[k - 1] + j];
  const forward = () => {
    const h: number[][] = [x.slice()];
    for (let k = 1; k <= L; k++) {
      const out: number[] = [];
      for (let i = 0; i < widths[k]; i++) {
        let s = 0;
        for (let j = 0; j < widths[k - 1]; j++) s += W(k, i, j) * h[k - 1][j];
        out.push(s);
      }
      h.push(out);
    }
    return h;
  };
  for (let t = 0; t < steps; t++) {
    const h = forward();
    const r = h[L][0] - y;
    const g = new Float64Array(th.length);
    let b = [1]; // ∂f/∂h_L
    for (let k = L; k >= 1; k--) {
      for (let i = 0; i < widths[k]; i++) for (let j = 0; j < widths[k - 1]; j++) g[offs[k - 1] + i * widths[k - 1] + j] = b[i] * h[k - 1][j];
      const nb: number[] = [];
      for (let j = 0; j < widths[k - 1]; j++) {
        let s = 0;
        for (let i = 0; i < widths[k]; i++) s += W(k, i, j) * b[i];
        nb.push(s);
      }
      b = nb;
    }
    for (let i = 0; i < th.length; i++) th[i] -= eta * r * g[i];
  }
  const f = forward()[L][0];
  return { theta: th, loss: 0.5 * (f - y) ** 2 };
}

describe("deep-linear benchmark case", () => {
  it("is registered, and gives bit-identical results on simd, wasm and js; dispose frees its memory", () => {
    expect(benchCases.map((c) => c.name)).toContain("deep-linear");
    const eng = engines();
    const out = BACKENDS.map((b) => {
      const e = eng[b];
      const before = e.arena.used;
      const inst = deepLinearCase.setup(e, "3,4,4,1");
      const v1 = inst.run(), v2 = inst.run();
      inst.dispose();
      expect(e.arena.used).toBe(before);
      expect(v2).toBe(v1); // each run restarts from θ₀
      expect(inst.flopsPerStep).toBe(8 * 32);
      expect(inst.stepsPerRun).toBe(400_000);
      return v1;
    });
    expect(Number.isFinite(out[0])).toBe(true);
    expect(out[1]).toBe(out[0]);
    expect(out[2]).toBe(out[0]);
  }, 60_000);

  it("does the GD it claims: ℓ(θ_N) + θ_N[0] of a small size against a plain loop (same θ₀ and η rule)", () => {
    const eng = engines();
    const widths = [3, 2, 1];
    const inst = deepLinearCase.setup(eng.simd, widths.join(","));
    const steps = inst.stepsPerRun;
    expect(steps).toBe(Math.round(1e7 / (8 * 8))); // p = 3·2 + 2 = 8
    const got = inst.run();
    inst.dispose();
    // The case's rule: θ₀ = 0.3/√(d₁/4)·RandomState(7).randn(p), η = 0.98·2/λ*, λ* = L·|y|^{2(L−1)/L}·‖x‖^{2/L}.
    const x = [0.5, -1, 2], L = 2;
    const lambdaStar = L * Math.hypot(...x) ** (2 / L);
    const theta0 = deepLinearInit({ widths, seed: 7, scale: 0.3 / Math.sqrt(2 / 4) });
    const ref = plainRun(widths, x, 1, (0.98 * 2) / lambdaStar, theta0, steps);
    expect(Number.isFinite(ref.loss)).toBe(true);
    // Rounding differs between the loops (update order), and the subcritical run converges, so agreement is close, not bitwise.
    expect(got).toBeCloseTo(ref.loss + ref.theta[0], 9);
    expect(() => deepLinearCase.setup(eng.simd, "4,4,1")).toThrow(InvalidArgumentError);
    expect(() => deepLinearCase.setup(eng.simd, "3,4,4,2")).toThrow(InvalidArgumentError);
  }, 60_000);
});
