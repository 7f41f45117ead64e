// The GFS-sharpness experiment against a plain GD loop written here, and its monotonicity verdict on hand-made series.
import { describe, expect, it } from "vitest";
import { initSync } from "../../src/index.js";
import { formatGfsTable, gfsExperiment, gfsMonotonicity, gfsRunCheck } from "../../src/experiments/gfs.js";
import { gfsSharpness } from "../../src/theory/gfs-sharpness.js";
import { PAPER_FIGURES } from "../../src/experiments/paper.js";
import { InvalidArgumentError } from "../../src/errors.js";

const engine = initSync({ backend: "simd" });

/** Plain GD on ½(θ₁⋯θ_p − y)², every step, with λ_GFS at each state. */
function plainLoop(theta0: number[], y: number, eta: number, steps: number): number[] {
  const p = theta0.length;
  const t = theta0.slice();
  const out = [gfsSharpness(t, y)];
  for (let s = 0; s < steps; s++) {
    const f = t.reduce((a, b) => a * b, 1);
    const g = t.map((_, i) => { let q = 1; for (let j = 0; j < p; j++) if (j !== i) q *= t[j]; return q; });
    for (let i = 0; i < p; i++) t[i] -= eta * (f - y) * g[i];
    out.push(gfsSharpness(t, y));
  }
  return out;
}

describe("gfsRunCheck against a plain loop", () => {
  it("unbalanced start off M, ηλ_GFS(θ₀) = 2.6, every step of 400: same λ_GFS series and verdict", () => {
    const theta0 = [1.2, 1.2, 1.2, 1.2, 0.1];
    const eta = 2.6 / gfsSharpness(theta0, 1);
    const ref = plainLoop(theta0, 1, eta, 400);
    const c = gfsRunCheck({ eta, steps: 400, theta0, everyUpTo: 400, keepSeries: true, engine });
    expect(c.records).toBe(401);
    expect(Array.from(c.series!.step)).toEqual(Array.from({ length: 401 }, (_, i) => i));
    for (let i = 0; i <= 400; i++) expect(Math.abs(c.series!.gfs[i] / ref[i] - 1)).toBeLessThan(1e-10);
    let ups = 0;
    for (let i = 0; i < 400; i++) if (ref[i + 1] > ref[i] * (1 + 1e-12)) ups++;
    expect(c.increases).toBe(ups);
    expect(c.monotone).toBe(ups === 0);
    expect(c.etaGfsStart).toBeCloseTo(2.6, 12);
    expect(c.etaGfsFinal).toBeCloseTo(eta * ref[400], 10);
    // λ_GFS really moves here (GD is far from M): from ηλ_GFS = 2.6 down towards 2/η or below
    expect(ref[400]).toBeLessThan(ref[0] * 0.9);
  });

  it("a run that reaches a state with no GFS: only the records before are checked, and it says so", () => {
    // Not a divergence: GD stays finite, but flips the sign of f with the two smallest |θᵢ| tied, and gradient flow
    // from there stops at a saddle (test/experiments/gfs-increase.test.ts checks that state against a plain loop).
    const theta0 = [1.2, 1.2, 1.2, 1.2, 0.1];
    const eta = 4 / gfsSharpness(theta0, 1);
    const c = gfsRunCheck({ eta, steps: 1000, theta0, engine });
    expect(c.diverged).toBe(false);
    expect(c.saddleStep).not.toBeNull();
    expect(c.records).toBeLessThan(1001);
  });
});

describe("gfsMonotonicity on hand-made series", () => {
  it("finds the increases, the first one and the step from which the series is non-increasing", () => {
    const v = gfsMonotonicity([0, 1, 2, 3, 4, 5], [6, 5.5, 5.6, 5.4, 5.45, 5.3], 0.4);
    expect(v.monotone).toBe(false);
    expect(v.increases).toBe(2);
    expect(v.firstIncreaseStep).toBe(2);
    expect(v.etaGfsBeforeFirstIncrease).toBeCloseTo(0.4 * 5.5, 14);
    expect(v.monotoneFrom).toBe(4);
    expect(v.maxRelIncrease).toBeCloseTo(5.6 / 5.5 - 1, 14);
    const flat = gfsMonotonicity([0, 10], [5, 5 * (1 + 1e-14)], 0.4);
    expect(flat.monotone).toBe(true);
    expect(gfsMonotonicity([0, 10], [5, 5 * (1 + 1e-14)], 0.4, 0).monotone).toBe(false);
    expect(() => gfsMonotonicity([0, 1], [1], 0.4)).toThrow(InvalidArgumentError);
  });
});

describe("gfsExperiment (short runs)", () => {
  it("covers the paper's figures, the sweep and the far starts; the near-M runs start above the edge", () => {
    const r = gfsExperiment(engine, {
      figures: PAPER_FIGURES.map((f) => ({ ...f, steps: 3000 })), sweepEtas: [0.3, 0.45], sweepSteps: 3000, farFracs: [1.3],
      everyUpTo: 500, logPoints: 100,
    });
    expect(r.paper).toHaveLength(15);
    expect(r.sweep).toHaveLength(10);
    expect(r.far).toHaveLength(3);
    for (const c of r.paper) expect(c.etaGfsStart).toBeGreaterThan(2);
    // supercritical η = 0.408 > η_c: λ_GFS ≥ λ* everywhere on M, so it can never go below 2/η
    for (const c of r.paper.filter((c) => c.figure === 4)) expect(c.gfsFinal).toBeGreaterThanOrEqual(5 * (1 - 1e-12));
    const table = formatGfsTable(r);
    expect(table.split("\n")).toHaveLength(2 + 15 + 10 + 3);
  }, 60_000);
});
