// The deep linear network with one input (docs/design.md §1, "Deep linear networks with one input"): f, ∇f and the
// Hessian-vector product against plain matrix loops written here; λ* = L·|y|^{2(L−1)/L}·‖x‖^{2/L} against the general
// Riemannian search (flattestMinimum on a plain-callback copy) and against a brute-force search written here; the
// kernels bit-identical on simd, wasm and js; θ₀ against numpy's stream.
import { describe, expect, it } from "vitest";
import {
  deepLinear, deepLinearFlattest, deepLinearInit, deepScalar, flattestMinimum, isBuiltInDeepLinear, InvalidArgumentError,
  RandomState, type Codim1Model, type DeepLinearModel,
} from "../../src/index.js";
import { BACKENDS, engines, randomArray } from "../engines.js";

/** The layers of θ as plain nested arrays: W_k[i][j], last one a row. */
function layersOf(widths: number[], theta: ArrayLike<number>): number[][][] {
  const out: number[][][] = [];
  let off = 0;
  for (let k = 1; k < widths.length; k++) {
    const W: number[][] = [];
    for (let i = 0; i < widths[k]; i++) {
      W.push(Array.from({ length: widths[k - 1] }, (_, j) => theta[off + i * widths[k - 1] + j]));
    }
    out.push(W);
    off += widths[k] * widths[k - 1];
  }
  return out;
}

const matVec = (W: number[][], v: number[]): number[] => W.map((row) => row.reduce((s, a, j) => s + a * v[j], 0));
const vecMat = (u: number[], W: number[][]): number[] => W[0].map((_, j) => W.reduce((s, row, i) => s + u[i] * row[j], 0));

/** f and ∇f by the chain rule on whole matrices: ∂f/∂W_k = (w_L W_{L−1}⋯W_{k+1})ᵀ (W_{k−1}⋯W₁x)ᵀ. */
function reference(widths: number[], x: number[], theta: ArrayLike<number>): { f: number; grad: number[] } {
  const Ws = layersOf(widths, theta), L = Ws.length;
  const hs = [x];
  for (let k = 0; k < L; k++) hs.push(matVec(Ws[k], hs[k]));
  const grad: number[] = [];
  for (let k = 0; k < L; k++) {
    let b = [1];
    for (let m = L - 1; m > k; m--) b = vecMat(b, Ws[m]);
    for (let i = 0; i < widths[k + 1]; i++) for (let j = 0; j < widths[k]; j++) grad.push(b[i] * hs[k][j]);
  }
  return { f: hs[L][0], grad };
}

/** A plain-callback copy of a model: flattestMinimum and friends then take the general path. */
function plain(m: Codim1Model): Codim1Model {
  return { name: "plain", dim: m.dim, target: m.target, f: (t) => m.f(t), grad: (t, o) => m.grad(t, o), hvp: (t, v, o) => m.hvp(t, v, o) };
}

const closedForm = (L: number, y: number, x: number[]): number => L * Math.abs(y) ** ((2 * (L - 1)) / L) * Math.hypot(...x) ** (2 / L);

const CASES: { widths: number[]; x: number[]; y: number }[] = [
  { widths: [3, 4, 4, 1], x: [0.5, -1, 2], y: 1 },
  { widths: [2, 3, 1], x: [1.5, -0.5], y: -2 },
  { widths: [1, 2, 2, 2, 1], x: [0.7], y: 0.5 },
  { widths: [4, 2, 5, 3, 1], x: [0.3, 0.1, -0.8, 1.1], y: 3 },
];

describe("deepLinear: f, ∇f, ∇²f·v", () => {
  it("match the plain chain rule and central differences of ∇f", () => {
    for (const c of CASES) {
      const m = deepLinear({ widths: c.widths, input: c.x, target: c.y });
      const p = m.dim;
      expect(p).toBe(c.widths.slice(1).reduce((s, d, k) => s + d * c.widths[k], 0));
      const th = randomArray(p, 3 + p);
      const ref = reference(c.widths, c.x, th);
      expect(m.f(th)).toBeCloseTo(ref.f, 13);
      const g = new Float64Array(p);
      m.grad(th, g);
      for (let i = 0; i < p; i++) expect(g[i]).toBeCloseTo(ref.grad[i], 13);
      // HVP against central differences of the reference gradient (f is a polynomial: error O(h²)).
      const v = randomArray(p, 11), hv = new Float64Array(p), h = 1e-5;
      m.hvp(th, v, hv);
      const plus = reference(c.widths, c.x, th.map((t, i) => t + h * v[i])).grad;
      const minus = reference(c.widths, c.x, th.map((t, i) => t - h * v[i])).grad;
      for (let i = 0; i < p; i++) expect(hv[i]).toBeCloseTo((plus[i] - minus[i]) / (2 * h), 7);
    }
  });

  it("with widths all 1 and x = 1 is deep scalar factorisation", () => {
    const ds = deepScalar({ depth: 4, target: -1.5 }), dl = deepLinear({ widths: [1, 1, 1, 1, 1], input: [1], target: -1.5 });
    const th = new Float64Array([1.1, -0.9, 1.3, 0.95]);
    const g1 = new Float64Array(4), g2 = new Float64Array(4), h1 = new Float64Array(4), h2 = new Float64Array(4), v = new Float64Array([0.3, -1, 0.2, 0.5]);
    ds.grad(th, g1); dl.grad(th, g2); ds.hvp(th, v, h1); dl.hvp(th, v, h2);
    expect(dl.f(th)).toBeCloseTo(ds.f(th), 14);
    for (let i = 0; i < 4; i++) {
      expect(g2[i]).toBeCloseTo(g1[i], 14);
      expect(h2[i]).toBeCloseTo(h1[i], 14);
    }
    expect(deepLinearFlattest(dl).lambdaStar).toBeCloseTo(4 * 1.5 ** (2 - 2 / 4), 13);
  });

  it("rejects bad widths, inputs and targets with InvalidArgumentError", () => {
    const bad: unknown[] = [
      { widths: [3, 1], input: [1, 2, 3] }, { widths: [3, 4, 2], input: [1, 2, 3] }, { widths: [2, 4, 1], input: [1, 2, 3] },
      { widths: [3, 0, 1], input: [1, 2, 3] }, { widths: [3, 2.5, 1], input: [1, 2, 3] }, { widths: [3, 4, 1], input: [0, 0, 0] },
      { widths: [3, 4, 1], input: [1, NaN, 3] }, { widths: [3, 4, 1], input: [1, 2, 3], target: 0 }, { widths: [1, 100, 100, 1], input: [1] },
    ];
    for (const o of bad) expect(() => deepLinear(o as never), JSON.stringify(o)).toThrow(InvalidArgumentError);
    expect(() => deepLinearInit({ widths: [3, 4, 1], seed: -1, scale: 1 })).toThrow(InvalidArgumentError);
    expect(() => deepLinearInit({ widths: [3, 4, 1], seed: 0, scale: 0 })).toThrow(InvalidArgumentError);
    expect(() => deepLinearFlattest(plain(deepLinear({ widths: [1, 1, 1], input: [1] })) as DeepLinearModel)).toThrow(InvalidArgumentError);
    expect(isBuiltInDeepLinear(plain(deepLinear({ widths: [1, 1, 1], input: [1] })))).toBe(false);
  });
});

describe("deepLinearInit: numpy's RandomState stream in the documented order", () => {
  it("is scale·randn(p) with numpy's first normals of seed 42", () => {
    const th = deepLinearInit({ widths: [1, 2, 1], seed: 42, scale: 2 });
    expect(th.length).toBe(4);
    // np.random.RandomState(42).randn(3) = [0.4967141530112327, -0.13826430117118466, 0.6476885381006925]
    expect(Array.from(th.slice(0, 3))).toEqual([2 * 0.4967141530112327, 2 * -0.13826430117118466, 2 * 0.6476885381006925]);
    const z = new RandomState(7).randn(32);
    expect(Array.from(deepLinearInit({ widths: [3, 4, 4, 1], seed: 7, scale: 0.5 }))).toEqual(Array.from(z, (v) => 0.5 * v));
  });
});

describe("λ* = L·|y|^{2(L−1)/L}·‖x‖^{2/L} at the balanced rank-one minimum", () => {
  it("the closed-form points are on M with λ = λ*: balanced rank-one without `near`, the flattest point following `near` with it", () => {
    for (const c of CASES) {
      const m = deepLinear({ widths: c.widths, input: c.x, target: c.y });
      const L = c.widths.length - 1;
      const plainPoint = deepLinearFlattest(m);
      expect(plainPoint.lambdaStar).toBeCloseTo(closedForm(L, c.y, c.x), 12);
      const norms = layersOf(c.widths, plainPoint.thetaStar).map((W) => Math.sqrt(W.flat().reduce((s, v) => s + v * v, 0)));
      for (const n of norms) expect(n).toBeCloseTo(norms[0], 12);
      for (const W of layersOf(c.widths, plainPoint.thetaStar)) {
        // rank one: every 2×2 minor vanishes
        for (let i = 1; i < W.length; i++) for (let j = 1; j < W[0].length; j++) expect(W[0][0] * W[i][j] - W[0][j] * W[i][0]).toBeCloseTo(0, 14);
      }
      const near = randomArray(m.dim, 5);
      const { thetaStar, lambdaStar } = deepLinearFlattest(m, near);
      for (const t of [plainPoint.thetaStar, thetaStar]) {
        const ref = reference(c.widths, c.x, t);
        expect(ref.f).toBeCloseTo(c.y, 12);
        expect(ref.grad.reduce((s, v) => s + v * v, 0) / lambdaStar).toBeCloseTo(1, 12);
      }
      // A flattest minimum is its own nearest flattest point.
      const again = deepLinearFlattest(m, thetaStar).thetaStar;
      for (let i = 0; i < m.dim; i++) expect(again[i]).toBeCloseTo(thetaStar[i], 12);
    }
  });

  it("agrees with the general Riemannian search (flattestMinimum on plain callbacks) at several widths", () => {
    for (const c of CASES) {
      const m = deepLinear({ widths: c.widths, input: c.x, target: c.y });
      const lam = closedForm(c.widths.length - 1, c.y, c.x);
      for (const seed of [1, 2]) {
        const start = deepLinearInit({ widths: c.widths, seed, scale: 0.7 });
        const r = flattestMinimum(plain(m), start, { tol: 1e-9 });
        expect(r.converged).toBe(true);
        expect(Math.abs(r.lambdaStar - lam) / lam, `${c.widths} seed ${seed}`).toBeLessThan(1e-8);
      }
    }
  }, 60_000);

  it("agrees with a brute-force search written here: no point of M is flatter, and restarts of GD on the scale-free λ reach λ*", () => {
    for (const c of CASES) {
      const m = deepLinear({ widths: c.widths, input: c.x, target: c.y });
      const p = m.dim, L = c.widths.length - 1;
      const lam = closedForm(L, c.y, c.x);
      const lamAt = (t: Float64Array): number => reference(c.widths, c.x, t).grad.reduce((s, v) => s + v * v, 0);
      // Onto M along the last layer: f is linear in w_L, so scaling w_L by y/f lands exactly on M.
      const ontoM = (t: Float64Array): Float64Array | null => {
        const f = reference(c.widths, c.x, t).f;
        if (Math.abs(f) < 1e-3) return null;
        const out = Float64Array.from(t), dl = c.widths[L - 1];
        for (let j = p - dl; j < p; j++) out[j] *= c.y / f;
        return out;
      };
      // 1. Random points of M: none below λ*.
      const rs = new RandomState(99);
      let best = Infinity;
      for (let s = 0; s < 400; s++) {
        const t = ontoM(rs.randn(p));
        if (t) best = Math.min(best, lamAt(t));
      }
      expect(best).toBeGreaterThanOrEqual(lam * (1 - 1e-12));
      // 2. Restarts of gradient descent on the scale-free λ̃(θ) = λ(θ)·|y/f(θ)|^{2(L−1)/L}, which is λ at the point of M
      //    reached by scaling every layer by one factor (f scales as c^L, λ as c^{2(L−1)}): an unconstrained brute force
      //    over M, with a central-difference gradient and an accept/grow, reject/shrink step.
      const scaled = (t: Float64Array): number => {
        const r = reference(c.widths, c.x, t);
        return r.grad.reduce((s, v) => s + v * v, 0) * Math.abs(c.y / r.f) ** ((2 * (L - 1)) / L);
      };
      let bestGd = Infinity;
      for (let restart = 0; restart < 3; restart++) {
        let t = Float64Array.from(rs.randn(p));
        let lt = scaled(t), step = 1e-3;
        for (let it = 0; it < 4000 && step > 1e-16; it++) {
          const g = new Float64Array(p);
          for (let i = 0; i < p; i++) {
            const a = Float64Array.from(t), b = Float64Array.from(t);
            a[i] += 1e-6; b[i] -= 1e-6;
            g[i] = (scaled(a) - scaled(b)) / 2e-6;
          }
          const trial = t.map((v, i) => v - step * g[i]);
          const ltr = scaled(trial);
          if (ltr < lt) { t = trial; lt = ltr; step *= 1.5; } else step *= 0.5;
        }
        bestGd = Math.min(bestGd, lt);
      }
      expect(bestGd).toBeGreaterThanOrEqual(lam * (1 - 1e-12));
      expect((bestGd - lam) / lam, `${c.widths}`).toBeLessThan(1e-4);
    }
  }, 60_000);
});

describe("the kernels are bit-identical on simd, wasm and js", () => {
  it("deepLinearGrad and deepLinearHvp", () => {
    const es = engines();
    const widths = [3, 4, 4, 1], L = 3, p = 32;
    const x = [0.5, -1, 2], th = randomArray(p, 21), v = randomArray(p, 22);
    const results = BACKENDS.map((k) => {
      const e = es[k];
      return e.scoped(() => {
        const pd = e.copyIn(widths), px = e.copyIn(x), pt = e.copyIn(th), pv = e.copyIn(v);
        const work = e.allocF64(4 * 11), g = e.allocF64(p), hv = e.allocF64(p);
        const f = e.exports.deepLinearGrad(L, pd, px, pt, work, g);
        const f2 = e.exports.deepLinearHvp(L, pd, px, pt, pv, work, hv);
        return new BigUint64Array(Float64Array.from([f, f2, ...e.read(g, p), ...e.read(hv, p)]).buffer);
      });
    });
    for (const r of results.slice(1)) expect(Array.from(r)).toEqual(Array.from(results[0]));
    // And the model's callbacks (the JS twin on a private heap) give the same bits.
    const m = deepLinear({ widths, input: x });
    const g = new Float64Array(p), hv = new Float64Array(p);
    m.grad(th, g); m.hvp(th, v, hv);
    expect(Array.from(new BigUint64Array(Float64Array.from([m.f(th), m.f(th), ...g, ...hv]).buffer))).toEqual(Array.from(results[0]));
  });
});
