// The paper's depth-5 experiment at the critical step η = 2/λ* = 0.4
// (docs/design.md §2, Theorem 5.2): the recorded coordinates decay with the stated
// exponents. Checked as the leveling-off of the scaled quantities between
// t = 10⁵ and 10⁶ (10⁶ steps take a few ms in wasm).
import { describe, expect, it } from "vitest";
import { deepScalar, runTrajectory } from "../../src/index.js";
import { engines } from "../engines.js";

const eng = engines();

describe("depth 5, y = 1, η = η_c = 0.4: critical regime", () => {
  const r = runTrajectory(deepScalar({ depth: 5 }), {
    eta: 0.4, steps: 1_000_000, theta0: [1.3, 1, 1, 0.9, 0.8],
    record: { steps: [1e4, 1e4 + 1, 1e5, 1e5 + 1, 1e6 - 1, 1e6] }, engine: eng.simd,
  });
  const s = r.series;
  const at = (t: number): number => Array.from(s.step).indexOf(t);
  const scaled = (v: Float64Array, t: number, power: number): number => Math.abs(v[at(t)]) * Math.pow(t, power);

  it("|θ⊥|·√t and distPar·√t level off; loss·t and (λ(θ∥) − λ*)·t level off", () => {
    expect(r.lambdaStar).toBe(5);
    for (const [v, power] of [[s.thetaPerp, 0.5], [s.distPar, 0.5], [s.loss, 1]] as const) {
      const a = scaled(v, 1e5, power), b = scaled(v, 1e6, power);
      expect(a).toBeGreaterThan(0);
      expect(Math.abs(b / a - 1)).toBeLessThan(0.1);
    }
    const lamPar = s.lambdaPar.map((v) => v - 5);
    expect(lamPar[at(1e6)]).toBeGreaterThan(0);
    expect(Math.abs(scaled(lamPar, 1e6, 1) / scaled(lamPar, 1e5, 1) - 1)).toBeLessThan(0.1);
  });

  it("θ⊥ alternates in sign (period 2), and λ(θ) − λ* decays only like t^{-1/2}, alternating too", () => {
    expect(Math.sign(s.thetaPerp[at(1e6)])).toBe(-Math.sign(s.thetaPerp[at(1e6 - 1)]));
    const lamAt = s.lambdaAt.map((v) => v - 5);
    expect(Math.sign(lamAt[at(1e6)])).toBe(-Math.sign(lamAt[at(1e6 - 1)]));
    const a = scaled(lamAt, 1e5, 0.5), b = scaled(lamAt, 1e6, 0.5);
    expect(Math.abs(b / a - 1)).toBeLessThan(0.1);
    // λ(θ∥) − λ* is an order of magnitude closer: the distinction docs/design.md §1 insists on.
    expect(Math.abs(s.lambdaPar[at(1e6)] - 5)).toBeLessThan(0.01 * Math.abs(lamAt[at(1e6)]));
  });
});
