// λ_GFS on deep scalar factorisation against an independent gradient-flow integration (RK4, written here) and
// against closed forms (balanced points; depth 2).
import { describe, expect, it } from "vitest";
import { gfsPoint, gfsSharpness, gfsSharpnessSeries } from "../../src/theory/gfs-sharpness.js";
import { InvalidArgumentError } from "../../src/errors.js";

/** θ̇ = −(f − y)∇f by classical RK4, step scaled by the local curvature, until |f − y| is at rounding level. */
function gradientFlowLimit(theta0: number[], y: number): number[] {
  const p = theta0.length;
  const rhs = (t: number[]): number[] => {
    const f = t.reduce((a, b) => a * b, 1);
    return t.map((_, i) => { let g = 1; for (let j = 0; j < p; j++) if (j !== i) g *= t[j]; return -(f - y) * g; });
  };
  let t = theta0.slice();
  for (let it = 0; it < 2_000_000; it++) {
    const f = t.reduce((a, b) => a * b, 1);
    if (Math.abs(f - y) < 1e-14 * Math.max(1, Math.abs(y))) break;
    // Curvature bound: ‖∇f‖² + |f − y|·(Σ_{i≠j} |Π_{k≠i,j} θ_k|) ≥ the Hessian's norm; RK4 is accurate well inside 1/that.
    let g2 = 0;
    for (let i = 0; i < p; i++) { let g = 1; for (let j = 0; j < p; j++) if (j !== i) g *= t[j]; g2 += g * g; }
    let h2 = 0;
    for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) if (i !== j) { let g = 1; for (let k = 0; k < p; k++) if (k !== i && k !== j) g *= t[k]; h2 += Math.abs(g); }
    const dt = 0.02 / (g2 + Math.abs(f - y) * h2 + 1e-3);
    const k1 = rhs(t);
    const k2 = rhs(t.map((v, i) => v + 0.5 * dt * k1[i]));
    const k3 = rhs(t.map((v, i) => v + 0.5 * dt * k2[i]));
    const k4 = rhs(t.map((v, i) => v + dt * k3[i]));
    t = t.map((v, i) => v + (dt / 6) * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]));
  }
  return t;
}

const sharpnessAt = (t: number[]): number => {
  let s = 0;
  for (let i = 0; i < t.length; i++) { let g = 1; for (let j = 0; j < t.length; j++) if (j !== i) g *= t[j]; s += g * g; }
  return s;
};

describe("gfsPoint against a gradient-flow integration", () => {
  const cases: { name: string; theta: number[]; y: number }[] = [
    { name: "depth 5 near M (a paper-like start)", theta: [1.2, 0.85, 1.05, 0.95, 0.93], y: 1 },
    { name: "depth 5 far from M, f < y", theta: [0.6, 0.9, 0.7, 1.1, 0.8], y: 1 },
    { name: "depth 4 far from M, f > y", theta: [1.5, 1.3, 0.9, 1.2], y: 1 },
    { name: "depth 3 with negative entries, y = −2", theta: [-1.4, 0.9, 1.3], y: -2 },
    { name: "depth 3, sign(f) ≠ sign(y): the smallest entry crosses zero", theta: [1.5, -0.3, 1.2], y: 1 },
    { name: "depth 2", theta: [2.0, 0.2], y: 1.5 },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const ref = gradientFlowLimit(c.theta, c.y);
      const g = gfsPoint(c.theta, c.y);
      for (let i = 0; i < c.theta.length; i++) expect(Math.abs(g.thetaStar[i] - ref[i])).toBeLessThan(1e-8);
      const lam = sharpnessAt(ref);
      expect(Math.abs(g.sharpness - lam) / lam).toBeLessThan(1e-8);
      expect(Math.abs(gfsSharpness(c.theta, c.y) - lam) / lam).toBeLessThan(1e-8);
      // and the conserved quantity: θᵢ*² − θᵢ² is one shift c for all i
      for (let i = 0; i < c.theta.length; i++) expect(g.thetaStar[i] ** 2 - c.theta[i] ** 2).toBeCloseTo(g.shift, 10);
    }, 60_000);
  }
});

describe("gfsPoint against closed forms", () => {
  it("balanced points (all |θᵢ| equal, right sign): θ* = |y|^{1/p}·sign(θ), λ_GFS = p·|y|^{2−2/p}", () => {
    for (const [p, s, y] of [[5, 0.7, 1], [5, 1.3, 1], [3, 2, 0.5], [4, 0.2, 3], [6, 1, 1]]) {
      const theta = new Array(p).fill(s);
      const g = gfsPoint(theta, y);
      const r = Math.pow(y, 1 / p);
      for (const v of g.thetaStar) expect(v).toBeCloseTo(r, 13);
      expect(g.sharpness / (p * Math.pow(y, 2 - 2 / p)) - 1).toBeLessThan(1e-13);
      expect(Math.abs(g.sharpness / (p * Math.pow(y, 2 - 2 / p)) - 1)).toBeLessThan(1e-13);
    }
    // signs kept: two negative entries of a balanced point
    const g = gfsPoint([-0.5, 0.5, -0.5], 8);
    expect(Array.from(g.thetaStar).map((v) => +v.toFixed(12))).toEqual([-2, 2, -2]);
    expect(g.sharpness).toBeCloseTo(3 * 64 / 4, 10);
  });

  it("depth 2: (a + c)(b + c) = y² gives λ_GFS = θ₁*² + θ₂*² = √((θ₁² − θ₂²)² + 4y²)", () => {
    for (const [t1, t2, y] of [[1.8, 0.6, 1], [3, 0.1, 2], [-0.4, -2.5, 1.2], [0.9, 1.1, -0.5]]) {
      const expected = Math.sqrt((t1 * t1 - t2 * t2) ** 2 + 4 * y * y);
      expect(Math.abs(gfsSharpness([t1, t2], y) / expected - 1)).toBeLessThan(1e-13);
    }
  });

  it("depth 1: gradient flow reaches θ = y, with sharpness 1", () => {
    const g = gfsPoint([3], -1.5);
    expect(g.thetaStar[0]).toBeCloseTo(-1.5, 14);
    expect(g.sharpness).toBe(1);
  });

  it("a point of M is its own GFS; λ_GFS there is ‖∇f‖²", () => {
    const theta = [1.3, 0.8, 1 / (1.3 * 0.8 * 1.1), 1.1];
    const g = gfsPoint(theta, 1);
    for (let i = 0; i < 4; i++) expect(g.thetaStar[i]).toBeCloseTo(theta[i], 13);
    expect(g.sharpness).toBeCloseTo(sharpnessAt(theta), 12);
  });

  it("y = 0: the smallest entry goes to zero, λ_GFS = Π of the other θⱼ² − θ_k²", () => {
    const g = gfsPoint([0.5, 2, -1.5], 0);
    expect(g.thetaStar[0]).toBe(0);
    expect(g.sharpness).toBeCloseTo((4 - 0.25) * (2.25 - 0.25), 12);
  });

  it("extreme scales stay finite and accurate (θᵢ from 1e-8 to 3e5)", () => {
    const theta = [1e-8, 3e5, 1];
    const g = gfsPoint(theta, 1e-3);
    expect(Math.abs(g.thetaStar.reduce((a, b) => a * b, 1) / 1e-3 - 1)).toBeLessThan(1e-12);
    expect(Number.isFinite(g.sharpness)).toBe(true);
    expect(g.iterations).toBeLessThan(300);
  });

  it("gfsSharpnessSeries: one value per row", () => {
    const rows = [1, 1, 1, 1.8, 0.6, 1.2];
    const s = gfsSharpnessSeries(rows, 3, 1);
    expect(s.length).toBe(2);
    expect(s[0]).toBeCloseTo(3, 13);
    expect(s[1]).toBe(gfsSharpness([1.8, 0.6, 1.2], 1));
  });
});

describe("gfsPoint bad input and saddles", () => {
  it("typed errors, never NaN", () => {
    expect(() => gfsPoint([], 1)).toThrow(InvalidArgumentError);
    expect(() => gfsPoint([1, Number.NaN], 1)).toThrow(InvalidArgumentError);
    expect(() => gfsPoint([1, 2], Number.POSITIVE_INFINITY)).toThrow(InvalidArgumentError);
    expect(() => gfsSharpnessSeries([1, 2, 3], 2, 1)).toThrow(InvalidArgumentError);
    // two entries tie for the smallest |θ| and must cross zero together: gradient flow stops at a saddle
    expect(() => gfsPoint([0.5, -0.5, 2], 1)).toThrow(/saddle/);
    expect(() => gfsPoint([0, 0, 2], 1)).toThrow(/saddle/);
    expect(() => gfsPoint([1e200, 1e200, 1e200], 1)).toThrow(InvalidArgumentError);
  });
});
