// Where scripts/gfs-sweep.mjs measured λ_GFS going UP along GD (docs/gfs.md), a second method written here confirms it:
// a plain GD loop and the gradient-flow limit by bisection on Π(θᵢ² + c) = y² and by RK4 on the flow itself. Also the
// saddle label of gfsRunCheck (a finite run whose state has no gradient-flow solution is not "diverged").
import { describe, expect, it } from "vitest";
import { gfsRunCheck, gfsSharpness, initSync, RandomState } from "../../src/index.js";
import { gfsByBisection as bisection, gfsByFlow as flow, plainGd } from "../codim1/gfs-reference.js";

const engine = initSync({ backend: "simd" });

// The sweep's start families (scripts/gfs-sweep.mjs), y = 1.
const families: Record<string, (z: number[]) => number[]> = {
  "balanced-ish": (z) => z.map((v) => Math.exp(0.1 * v)),
  small: (z) => z.map((v) => 0.5 * Math.exp(0.3 * v)),
  large: (z) => z.map((v) => 1.6 * Math.exp(0.3 * v)),
  "wrong-sign": (z) => z.map((v, i) => (i < 1 ? -1 : 1) * Math.exp(0.5 * v)),
};

describe("measured increases of λ_GFS, confirmed by a second method", () => {
  it.each([
    // far above M (f(θ₀) = 4.9): up at step 1 although ηλ_GFS(θ₀) = 1.8 < 2
    { family: "large", p: 2, seed: 0, etaGfs0: 1.8, first: 1 },
    // f(θ₀) < 0 < y: up at step 1 with ηλ_GFS(θ₀) = 1.8 and η‖∇f(θ₀)‖² = 1.43, both below 2
    { family: "wrong-sign", p: 2, seed: 2, etaGfs0: 1.8, first: 1 },
    // near M, nearly balanced, ηλ_GFS(θ₀) = 3.2 (ηλ_GFS ≈ 3.1 just before the increase)
    { family: "balanced-ish", p: 2, seed: 1, etaGfs0: 3.2, first: 7 },
    // depth 5 far below M, ηλ_GFS(θ₀) = 5
    { family: "small", p: 5, seed: 1, etaGfs0: 5, first: 5 },
  ])("$family p = $p seed $seed at ηλ_GFS(θ₀) = $etaGfs0: first increase at step $first", ({ family, p, seed, etaGfs0, first }) => {
    const theta0 = families[family](Array.from(new RandomState(seed).randn(p)));
    const eta = etaGfs0 / bisection(theta0, 1);
    const c = gfsRunCheck({ eta, steps: 2000, theta0, target: 1, everyUpTo: 2000, engine });
    expect(c.monotone).toBe(false);
    expect(c.firstIncreaseStep).toBe(first);
    const ref = plainGd(theta0, 1, eta, first);
    const before = [bisection(ref[first - 1], 1), flow(ref[first - 1], 1)];
    const after = [bisection(ref[first], 1), flow(ref[first], 1)];
    // Both references agree with each other and with the library, and both see the increase (far above rounding).
    expect(Math.abs(before[1] / before[0] - 1)).toBeLessThan(1e-7);
    expect(Math.abs(after[1] / after[0] - 1)).toBeLessThan(1e-7);
    expect(Math.abs(gfsSharpness(ref[first], 1) / after[0] - 1)).toBeLessThan(1e-9);
    expect(after[0] / before[0] - 1).toBeGreaterThan(1e-7);
    expect(after[1] / before[1] - 1).toBeGreaterThan(1e-7);
  }, 60_000);
});

describe("gfsRunCheck: a state with no gradient-flow solution", () => {
  it("stops the check with saddleStep, not diverged, when GD reaches a saddle of the flow", () => {
    // GD flips the sign of f and ties the two smallest |θᵢ|: gradient flow from there stops at a saddle.
    const theta0 = [1.2, 1.2, 1.2, 1.2, 0.1];
    const c = gfsRunCheck({ eta: 4 / gfsSharpness(theta0, 1), steps: 200, theta0, everyUpTo: 200, engine });
    expect(c.diverged).toBe(false);
    expect(c.saddleStep).not.toBeNull();
    const ref = plainGd(theta0, 1, 4 / gfsSharpness(theta0, 1), c.saddleStep!);
    const t = ref[c.saddleStep!], m = Math.min(...t.map(Math.abs));
    expect(t.reduce((a, b) => a * b, 1)).toBeLessThan(0);
    expect(t.filter((v) => Math.abs(v) === m).length).toBeGreaterThan(1);
    expect(c.records).toBe(c.saddleStep!); // every step before it was checked (records 0 … saddleStep − 1)
  });
  it("a run that overflows is diverged, with no saddle", () => {
    const theta0 = [1.3, 1, 1, 0.9, 0.8];
    const c = gfsRunCheck({ eta: 3, steps: 200, theta0, everyUpTo: 200, engine });
    expect(c.diverged).toBe(true);
    expect(c.saddleStep).toBeNull();
  });
});
