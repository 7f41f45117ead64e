// The period-2 orbit of GD for a general codimension-1 model (docs/design.md §3): the normal line L through θ∥* is not
// invariant under GD there, so the orbit found on L is refined by Newton in R^p. References are plain GD loops written
// here, never the library's own output; deep scalar (L invariant) must keep the line solution exactly.
import { describe, expect, it } from "vitest";
import {
  analyseRun, deepScalar, engineGeometry, initSync, periodTwoOrbit, predictRun, projectToManifold, type Codim1Model,
} from "../../src/index.js";

const engine = initSync({ backend: "simd" });

/** f(θ) = θ₁² + θ₂²θ₃, y = 1, as plain callbacks (extra = number of dummy parameters f does not depend on). */
function userModel(extra = 0): Codim1Model {
  return {
    name: "θ₁² + θ₂²θ₃", dim: 3 + extra, target: 1,
    f: (t) => t[0] * t[0] + t[1] * t[1] * t[2],
    grad: (t, o) => { o.fill(0); o[0] = 2 * t[0]; o[1] = 2 * t[1] * t[2]; o[2] = t[1] * t[1]; },
    hvp: (t, v, o) => { o.fill(0); o[0] = 2 * v[0]; o[1] = 2 * t[2] * v[1] + 2 * t[1] * v[2]; o[2] = 2 * t[1] * v[1]; },
  };
}

// θ∥* in closed form: on M, λ = ‖∇f‖² = 4θ₁² + 4θ₂²θ₃² + θ₂⁴ is least at (√3/2, 1/√2, 1/2), λ* = 3.75, so η_c = 0.5333…
const STAR = [Math.sqrt(3) / 2, Math.SQRT1_2, 0.5];
const NORMAL = [Math.sqrt(3), Math.SQRT1_2, 0.5];
const ETA = 0.55;

/** One plain GD step θ ← θ − η(f − y)∇f, with f and ∇f written out (not the model's callbacks). */
function gd(t: number[], eta = ETA): number[] {
  const r = t[0] * t[0] + t[1] * t[1] * t[2] - 1;
  const out = [t[0] - eta * r * 2 * t[0], t[1] - eta * r * 2 * t[1] * t[2], t[2] - eta * r * t[1] * t[1]];
  for (let i = 3; i < t.length; i++) out.push(t[i]);
  return out;
}

/** The period-2 orbit of plain GD from `start`, after `steps` steps: [θ at an even step, the next point]. */
function plainOrbit(step: (t: number[]) => number[], start: number[], steps: number): [number[], number[]] {
  let t = start;
  for (let k = 0; k < steps; k++) t = step(t);
  return [t, step(t)];
}

const dist = (a: ArrayLike<number>, b: ArrayLike<number>) => Math.sqrt(Array.from(a).reduce((s, x, i) => s + (x - b[i]) ** 2, 0));
const maxErr = (a: ArrayLike<number>, b: ArrayLike<number>) => Math.max(...Array.from(a).map((x, i) => Math.abs(x - b[i])));

/**
 * Measured contraction per two steps of a perturbation of the orbit under plain GD: the growth of a renormalised
 * perturbation u (central differences of G∘G, step ε), iterated until u aligns with the slowest mode.
 */
function measuredTwoStepContraction(step: (t: number[]) => number[], at: number[], iters: number, eps = 1e-6): { factor: number; u: number[] } {
  let u = at.map((_, i) => (i % 2 ? -1 : 1) / Math.sqrt(at.length));
  let factor = 0;
  for (let k = 0; k < iters; k++) {
    const plus = step(step(at.map((x, i) => x + eps * u[i])));
    const minus = step(step(at.map((x, i) => x - eps * u[i])));
    const d = plus.map((x, i) => (x - minus[i]) / (2 * eps));
    factor = Math.hypot(...d);
    u = d.map((x) => x / factor);
  }
  return { factor, u };
}

describe("periodTwoOrbit, general model f = θ₁² + θ₂²θ₃ (L not invariant)", () => {
  const m = userModel();
  const project = (th: Float64Array) => projectToManifold(m, th, { engine });
  const orbit = periodTwoOrbit(m, ETA, { point: Float64Array.from(STAR), direction: Float64Array.from(NORMAL) }, { project });
  // Plain GD from near the orbit (values near the line solution, rounded), long enough to settle: the true orbit.
  const [g0, g1] = plainOrbit((t) => gd(t), [0.93, 0.735, 0.52], 20000);

  it("refines off L and matches the orbit of plain GD to 1e-9", () => {
    expect(orbit.found).toBe(true);
    expect(orbit.method).toBe("newton");
    expect(orbit.lineResidual!).toBeGreaterThan(1e-5); // GD leaves L: the line root alone is not the orbit
    // The plain-GD orbit really is off L: its off-line component is far above 1e-9.
    const n = Math.hypot(...NORMAL), d = NORMAL.map((x) => x / n);
    const rel = g0.map((x, i) => x - STAR[i]);
    const along = rel.reduce((s, x, i) => s + x * d[i], 0);
    expect(Math.hypot(...rel.map((x, i) => x - along * d[i]))).toBeGreaterThan(1e-4);
    // Which orbit point the loop ended on depends on parity: pair them by distance.
    const [a, b] = dist(orbit.thetaA!, g0) < dist(orbit.thetaA!, g1) ? [g0, g1] : [g1, g0];
    expect(maxErr(orbit.thetaA!, a)).toBeLessThan(1e-9);
    expect(maxErr(orbit.thetaB!, b)).toBeLessThan(1e-9);
    expect(orbit.orbitResidual!).toBeLessThan(1e-12);
    // θ⊥ and the orbit's own projections: distPar = ‖θ∥(θ_a) − θ∥*‖ is far from 0 for a general model.
    const pa = projectToManifold(m, a, { engine }), pb = projectToManifold(m, b, { engine });
    expect(orbit.thetaPerp![0]).toBeCloseTo(pa.thetaPerp, 9);
    expect(orbit.thetaPerp![1]).toBeCloseTo(pb.thetaPerp, 9);
    expect(Math.abs(orbit.distPar![0] - dist(pa.point, STAR))).toBeLessThan(1e-9);
    expect(Math.abs(orbit.distPar![1] - dist(pb.point, STAR))).toBeLessThan(1e-9);
    expect(orbit.distPar![0]).toBeGreaterThan(1e-3);
  });

  it("detects that L is not invariant even just above η_c, where GD's off-line part at the tiny orbit is below 1e-12", () => {
    const eta = (2 / 3.75) * (1 + 1e-8);
    const o = periodTwoOrbit(m, eta, { point: Float64Array.from(STAR), direction: Float64Array.from(NORMAL) });
    expect(o.found).toBe(true);
    expect(o.lineResidual!).toBeLessThan(1e-12);
    expect(o.method).toBe("newton");
  });

  it("the Floquet rate at the true orbit equals the measured contraction of plain GD", () => {
    const [a] = dist(orbit.thetaA!, g0) < dist(orbit.thetaA!, g1) ? [g0, g1] : [g1, g0];
    const { factor: rho, u } = measuredTwoStepContraction((t) => gd(t), a, 6000);
    expect(Math.abs(orbit.floquet!.spectralRadius - rho)).toBeLessThan(1e-8);
    expect(Math.abs(orbit.floquet!.perStepRate - Math.sqrt(rho))).toBeLessThan(1e-8);
    // Along a whole GD run: a deviation of 1e-3 along the slowest mode shrinks at the per-step rate. (The next mode,
    // multiplier ≈ 0.984 against ≈ 0.987, would take thousands of steps to fade from a generic deviation.)
    let t = a.map((x, i) => x + 1e-3 * u[i]);
    const devs: number[] = [];
    for (let k = 0; k <= 3000; k++) {
      if (k % 1000 === 0) devs.push(dist(t, a));
      t = gd(t);
    }
    const measured = Math.exp((Math.log(devs[3]) - Math.log(devs[1])) / 2000);
    expect(Math.abs(measured - orbit.floquet!.perStepRate)).toBeLessThan(1e-6);
  });

  it("analyseRun at η = 0.55 passes every check, including distPar against the orbit's own projection", { timeout: 60_000 }, () => {
    const a = analyseRun(userModel(), engineGeometry(engine), { eta: ETA, steps: 20000, theta0: [0.6, 0.9, 1.0] });
    expect(a.prediction.regime.regime).toBe("supercritical");
    expect(a.prediction.orbit!.method).toBe("newton");
    expect(a.checks.map((c) => c.name)).toEqual(expect.arrayContaining(["regime", "orbit θ⊥", "distPar final"]));
    for (const c of a.checks) expect({ name: c.name, pass: c.pass }).toEqual({ name: c.name, pass: true });
    const dp = a.checks.find((c) => c.name === "distPar final")!;
    expect(dp.predicted as number).toBeGreaterThan(1e-3);
  });

  it("a parameter f ignores makes J − I exactly singular: least-squares steps still find the orbit", () => {
    const m4 = userModel(1);
    const o = periodTwoOrbit(m4, ETA, { point: Float64Array.from([...STAR, 0.3]), direction: Float64Array.from([...NORMAL, 0]) });
    expect(o.found).toBe(true);
    expect(o.leastSquaresSteps).toBeGreaterThan(0);
    expect(o.thetaA![3]).toBe(0.3);
    const [a, b] = dist(orbit.thetaA!, g0) < dist(orbit.thetaA!, g1) ? [g0, g1] : [g1, g0];
    expect(maxErr(o.thetaA!.subarray(0, 3), a)).toBeLessThan(1e-9);
    expect(maxErr(o.thetaB!.subarray(0, 3), b)).toBeLessThan(1e-9);
    // The ignored direction is neutral: multiplier 1.
    expect(o.floquet!.spectralRadius).toBeCloseTo(1, 8);
    // Across that direction the rate is the 3-parameter model's: the reference is the same orbit without the dummy.
    const o3 = periodTwoOrbit(userModel(), ETA, { point: Float64Array.from(STAR), direction: Float64Array.from(NORMAL) });
    expect(o3.floquet!.neutralDimension).toBe(0);
    expect(o3.floquet!.transverseRadius).toBe(o3.floquet!.spectralRadius);
    expect(o.floquet!.neutralDimension).toBe(1);
    expect(o.floquet!.transverseRadius).toBeCloseTo(o3.floquet!.spectralRadius, 10);
    expect(o.floquet!.perStepRate).toBeCloseTo(o3.floquet!.perStepRate, 10);
    // So the prediction is stable and makes a rate claim, as for the 3-parameter model.
    const geo = engineGeometry(engine);
    const theta0 = Float64Array.from([...STAR.map((x, i) => x + 0.01 * NORMAL[i]), 0.3]);
    const pr = predictRun(m4, geo, { eta: ETA, theta0 });
    expect(pr.orbitStable).toBe(true);
    expect(pr.orbitRate).toBeCloseTo(o3.floquet!.perStepRate, 8);
  });
});

describe("periodTwoOrbit, deep scalar f = ab (L = span(1) invariant): the line solution is kept", () => {
  const eta = 1.05;
  const gdAb = (t: number[]) => { const r = t[0] * t[1] - 1; return [t[0] - eta * r * t[1], t[1] - eta * r * t[0]]; };
  // The plain loop from (1.8, 1/1.8 + 0.02): a² − b² shrinks by (1 − η²r²) a step, so it settles on a balanced orbit.
  // Its first steps (ηλ ≈ 3.7) throw it onto the branch a, b < 0 of M, about θ∥* = (−1, −1); f(−θ) = f(θ), so that
  // orbit is the mirror image of the one about (1, 1): compare |a|.
  const [g0, g1] = plainOrbit(gdAb, [1.8, 1 / 1.8 + 0.02], 20000);
  const big = Math.max(Math.abs(g0[0]), Math.abs(g1[0])), small = Math.min(Math.abs(g0[0]), Math.abs(g1[0]));
  const mirror = (t: number[]) => t.map((x) => Math.sign(g0[0]) * x);

  it("f = ab, y = 1, η = 1.05: balanced points |a| = |b| ≈ 1.0911 and 0.8729, as plain GD, by the line method", () => {
    expect(Math.abs(g0[0] - g0[1])).toBeLessThan(1e-12);
    const o = periodTwoOrbit(deepScalar({ depth: 2 }), eta, { point: Float64Array.from([1, 1]), direction: Float64Array.from([1, 1]) });
    expect(o.found).toBe(true);
    expect(o.method).toBe("line");
    expect(o.refineIterations).toBe(0);
    // Kept exactly as solved on L: θ_a = point + s_a·d, bit for bit.
    const d = 1 / Math.sqrt(2);
    for (const [th, s] of [[o.thetaA!, o.s![0]], [o.thetaB!, o.s![1]]] as const) for (let i = 0; i < 2; i++) expect(th[i]).toBe(1 + s * d);
    expect(big).toBeCloseTo(1.0911, 4);
    expect(small).toBeCloseTo(0.8729, 4);
    const pts = [o.thetaA![0], o.thetaB![0]].sort((u, v) => v - u);
    expect(Math.abs(pts[0] - big)).toBeLessThan(1e-12);
    expect(Math.abs(pts[1] - small)).toBeLessThan(1e-12);
    const rho = measuredTwoStepContraction(gdAb, mirror(g0), 3000).factor;
    expect(Math.abs(o.floquet!.spectralRadius - rho)).toBeLessThan(1e-8);
  });

  it("predictRun on the built-in model: line method, θ⊥ by projection, the orbit projects onto θ∥* itself", () => {
    const f = predictRun(deepScalar({ depth: 2 }), engineGeometry(engine), { eta, theta0: [1.8, 1 / 1.8 + 0.02] });
    const o = f.orbit!;
    expect(o.method).toBe("line");
    expect(o.thetaPerpSource).toBe("projection");
    // θ⊥ of a balanced point (x, x) is √2·(x − 1), its projection (1, 1).
    const tp = [...o.thetaPerp!].sort((u, v) => v - u);
    expect(Math.abs(tp[0] - Math.SQRT2 * (big - 1))).toBeLessThan(1e-12);
    expect(Math.abs(tp[1] - Math.SQRT2 * (small - 1))).toBeLessThan(1e-12);
    expect(Math.max(...o.distPar!)).toBeLessThan(1e-14);
  });
});
