// Projection onto M = {θ₁⋯θ_p = y} (docs/design.md §1): θ∥ + θ⊥·n(θ∥) rebuilds θ,
// θ∥ lies on M, and it is the nearest point: checked against random points
// of M, a brute-force search for p = 2, and the general Newton path run on a
// plain copy of the model's callbacks.
import { describe, expect, it } from "vitest";
import { deepScalar, projectToManifold, InvalidArgumentError, type Codim1Model } from "../../src/index.js";
import { BACKENDS, engines, randomArray } from "../engines.js";

const eng = engines();

function bits(a: ArrayLike<number>): bigint[] {
  return Array.from(new BigUint64Array(Float64Array.from(a).buffer));
}
function prod(a: ArrayLike<number>): number {
  let s = 1;
  for (let i = 0; i < a.length; i++) s *= a[i];
  return s;
}
function dist(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  return Math.sqrt(s);
}
/** The same callbacks in a plain object: not recognised as built-in, so the general (Newton) path runs. */
function plain(m: Codim1Model): Codim1Model {
  return { name: "plain " + m.name, dim: m.dim, target: m.target, f: (t) => m.f(t), grad: (t, o) => m.grad(t, o), hvp: (t, v, o) => m.hvp(t, v, o) };
}

/** A point of M: random magnitudes rescaled so that Π = |y|, signs with product sign(y). */
function pointOnM(p: number, y: number, seed: number): Float64Array {
  const u = randomArray(p, seed);
  const x = u.map((v) => Math.exp(0.5 * v));
  const scale = Math.pow(Math.abs(y) / prod(x), 1 / p);
  for (let i = 0; i < p; i++) x[i] *= scale;
  const s = randomArray(p, seed + 1000);
  let neg = y < 0;
  for (let i = 1; i < p; i++) if (s[i] < 0) { x[i] = -x[i]; neg = !neg; }
  if (neg) x[0] = -x[0];
  return x;
}

/** Points of M near x: z_i = x_i·e^{u_i} with Σu = 0, so Π z = Π x. */
function nearbyOnM(x: Float64Array, radius: number, seed: number): Float64Array {
  const u = randomArray(x.length, seed).map((v) => radius * v);
  const mean = u.reduce((a, b) => a + b, 0) / u.length;
  return x.map((v, i) => v * Math.exp(u[i] - mean));
}

/** Brute-force nearest point of {ab = y} to θ (p = 2): grid over a on both branches, then golden section. */
function bruteForce2(theta: number[], y: number): { point: number[]; d: number } {
  const D = (a: number): number => (a - theta[0]) ** 2 + (y / a - theta[1]) ** 2;
  let best = { a: 0, d: Infinity };
  const grid: number[] = [];
  for (let i = -6000; i <= 6000; i++) grid.push(Math.pow(10, i / 2000));
  for (const s of [1, -1]) {
    for (let i = 1; i < grid.length - 1; i++) {
      const a = s * grid[i];
      if (D(a) < best.d) best = { a, d: D(a) };
    }
  }
  let lo = best.a * Math.pow(10, -1 / 2000), hi = best.a * Math.pow(10, 1 / 2000);
  if (lo > hi) [lo, hi] = [hi, lo];
  const gr = (Math.sqrt(5) - 1) / 2;
  for (let it = 0; it < 200; it++) {
    const c = hi - gr * (hi - lo), d = lo + gr * (hi - lo);
    if (D(c) < D(d)) hi = d;
    else lo = c;
  }
  const a = (lo + hi) / 2;
  return { point: [a, y / a], d: Math.sqrt(D(a)) };
}

function checkProjection(m: Codim1Model, theta: ArrayLike<number>, engine = eng.simd): ReturnType<typeof projectToManifold> {
  const pr = projectToManifold(m, theta, { engine });
  const y = m.target;
  // On M.
  expect(Math.abs(prod(pr.point) - y)).toBeLessThanOrEqual(1e-12 * Math.abs(y));
  // θ∥ + θ⊥·n(θ∥) rebuilds θ.
  const rebuilt = pr.point.map((v, i) => v + pr.thetaPerp * pr.normal[i]);
  let norm = 0;
  for (let i = 0; i < theta.length; i++) norm += theta[i] ** 2;
  expect(dist(rebuilt, theta)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.sqrt(norm)));
  // n is the unit normal ∇f/‖∇f‖ and λ(θ∥) = ‖∇f(θ∥)‖².
  const g = new Float64Array(theta.length);
  m.grad(pr.point, g);
  const gn = Math.hypot(...g);
  for (let i = 0; i < g.length; i++) expect(pr.normal[i]).toBeCloseTo(g[i] / gn, 14);
  expect(pr.lambdaPar).toBeCloseTo(gn * gn, 12);
  expect(Math.abs(pr.thetaPerp)).toBeCloseTo(dist(pr.point, theta), 13);
  return pr;
}

describe("projectToManifold, deep scalar (KKT + bisection in wasm)", () => {
  it("lands on M, rebuilds θ to 1e-12, and no point of M is closer", () => {
    for (const p of [2, 3, 5, 8]) {
      for (const y of [1, -2, 0.3]) {
        const m = deepScalar({ depth: p, target: y });
        for (let k = 0; k < 6; k++) {
          const x0 = pointOnM(p, y, 31 * p + k);
          const theta = x0.map((v, i) => v + 0.2 * randomArray(p, 7 * k + p)[i]);
          const pr = checkProjection(m, theta);
          const d0 = Math.abs(pr.thetaPerp);
          for (let s = 0; s < 200; s++) {
            const z = nearbyOnM(pr.point, s < 100 ? 1e-3 : 0.3, 1000 * s + k + p);
            expect(dist(z, theta)).toBeGreaterThanOrEqual(d0 - 1e-12);
          }
          for (let s = 0; s < 100; s++) expect(dist(pointOnM(p, y, 5000 + s), theta)).toBeGreaterThanOrEqual(d0 - 1e-12);
        }
      }
    }
  });

  it("agrees with the general Newton path on a plain copy of the callbacks", () => {
    for (const p of [2, 3, 5]) {
      const m = deepScalar({ depth: p, target: 1.7 });
      for (let k = 0; k < 5; k++) {
        const theta = pointOnM(p, 1.7, 77 * p + k).map((v, i) => v + 0.1 * randomArray(p, 9 * k + p)[i]);
        const exact = projectToManifold(m, theta, { engine: eng.wasm });
        const newton = projectToManifold(plain(m), theta);
        expect(newton.residual).toBeLessThan(1e-12);
        expect(dist(exact.point, newton.point)).toBeLessThan(1e-10);
        expect(exact.thetaPerp).toBeCloseTo(newton.thetaPerp, 11);
        expect(exact.lambdaPar).toBeCloseTo(newton.lambdaPar, 9);
      }
    }
  });

  it("p = 2: matches a brute-force search, also with the wrong sign pattern and far from M", () => {
    const cases: [number[], number][] = [
      [[1.8, 1 / 1.8 + 0.02], 1], [[1.2, -0.3], 1], [[-0.2, 2.5], 1], [[0.9, 0.7], -1],
      [[10, 1], 1], [[0.05, 3], 1], [[3, 3], 2], [[-1.1, -0.8], 1],
    ];
    for (const [theta, y] of cases) {
      const m = deepScalar({ depth: 2, target: y });
      const pr = checkProjection(m, theta);
      const bf = bruteForce2(theta, y);
      expect(Math.abs(pr.thetaPerp)).toBeLessThanOrEqual(bf.d + 1e-12);
      expect(Math.abs(pr.thetaPerp)).toBeCloseTo(bf.d, 10);
      expect(dist(pr.point, bf.point)).toBeLessThan(1e-5);
    }
  });

  it("wrong sign pattern in higher depth: the smallest |θ_i| changes sign", () => {
    const m = deepScalar({ depth: 3 });
    const theta = [1.2, -0.3, 0.9];
    const pr = checkProjection(m, theta);
    expect(pr.point[0]).toBeGreaterThan(0);
    expect(pr.point[1]).toBeGreaterThan(0);
    expect(pr.point[2]).toBeGreaterThan(0);
    for (let s = 0; s < 300; s++) {
      const z = nearbyOnM(pr.point, s < 150 ? 1e-3 : 0.5, 17 * s + 3);
      expect(dist(z, theta)).toBeGreaterThanOrEqual(Math.abs(pr.thetaPerp) - 1e-12);
    }
    // Points of M in the other orthants (another entry negative) are all farther.
    for (const flip of [0, 2]) {
      for (let s = 0; s < 100; s++) {
        const z = pointOnM(3, 1, 300 + s).map(Math.abs);
        z[flip] = -z[flip];
        z[1] = -z[1];
        expect(dist(z, theta)).toBeGreaterThanOrEqual(Math.abs(pr.thetaPerp));
      }
    }
  });

  it("zero entries: the sign of a zero entry is free", () => {
    let pr = checkProjection(deepScalar({ depth: 3 }), [0, 0, 0]);
    expect(Array.from(pr.point)).toEqual([1, 1, 1].map((v) => expect.closeTo(v, 14)));
    pr = checkProjection(deepScalar({ depth: 3, target: -1 }), [0, 0, 0]);
    expect(Math.abs(pr.thetaPerp)).toBeCloseTo(Math.sqrt(3), 13);
    pr = checkProjection(deepScalar({ depth: 3, target: -1 }), [0, 1.5, 0.8]);
    expect(pr.point[0]).toBeLessThan(0);
    pr = checkProjection(deepScalar({ depth: 2 }), [0, 2]);
    expect(Math.abs(pr.thetaPerp)).toBeCloseTo(bruteForce2([0, 2], 1).d, 10);
  });

  it("is bit-identical on the three backends and validates input", () => {
    const m = deepScalar({ depth: 5 });
    const theta = [1.3, 1, 1, 0.9, -0.8];
    const prs = BACKENDS.map((b) => projectToManifold(m, theta, { engine: eng[b] }));
    for (const pr of prs.slice(1)) {
      expect(bits(pr.point)).toEqual(bits(prs[0].point));
      expect(bits([pr.thetaPerp, pr.lambdaPar])).toEqual(bits([prs[0].thetaPerp, prs[0].lambdaPar]));
      expect(pr.iterations).toBe(prs[0].iterations);
    }
    expect(prs[0].iterations).toBeLessThanOrEqual(80);
    expect(() => projectToManifold(m, [1, 2])).toThrow(InvalidArgumentError);
    expect(() => projectToManifold(m, [1, 2, NaN, 1, 1])).toThrow(InvalidArgumentError);
  });
});

describe("projectToManifold, general Newton path", () => {
  it("projects onto a sphere-like level set f = ‖θ‖² (closed form θ·√y/‖θ‖)", () => {
    const sphere: Codim1Model = {
      name: "sphere", dim: 4, target: 2,
      f: (t) => t.reduce((s, v) => s + v * v, 0),
      grad: (t, o) => { for (let i = 0; i < 4; i++) o[i] = 2 * t[i]; },
      hvp: (_t, v, o) => { for (let i = 0; i < 4; i++) o[i] = 2 * v[i]; },
    };
    const theta = [0.3, -1.2, 0.8, 0.5];
    const pr = projectToManifold(sphere, theta);
    const r = Math.hypot(...theta);
    for (let i = 0; i < 4; i++) expect(pr.point[i]).toBeCloseTo((theta[i] * Math.sqrt(2)) / r, 13);
    expect(pr.thetaPerp).toBeCloseTo(r - Math.sqrt(2), 13);
    expect(pr.lambdaPar).toBeCloseTo(8, 12);
    expect(pr.residual).toBeLessThan(1e-13);
  });
});
