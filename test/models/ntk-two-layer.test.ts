// The NTK two-layer linear network f(x) = vᵀUx/√m (docs/design.md §4): loss, gradient and Hessian-vector product
// against a dense gradient and Hessian built here by plain loops over the formula's index pairs (finite differences
// only as a sanity check), the sharpness against a power iteration on that dense Hessian, and θ₀'s draw order
// against numpy's published RandomState(0) normals.
import { describe, expect, it } from "vitest";
import { InvalidArgumentError, ntkTwoLayer, ntkTwoLayerInit, ntkTwoLayerSharpness, RandomState } from "../../src/index.js";

/** Plain reference: f_a, ∂f_a/∂θ_k and ∂²f_a/∂θ_k∂θ_l by the definition, θ = [U row-major; v]. */
function reference(m: number, d: number, X: number[][], y: number[], th: number[]) {
  const n = X.length, p = m * d + m, s = 1 / Math.sqrt(m);
  const U = (i: number, j: number) => th[i * d + j], v = (i: number) => th[m * d + i];
  const f: number[] = [], J: number[][] = [];
  for (let a = 0; a < n; a++) {
    let fa = 0;
    for (let i = 0; i < m; i++) for (let j = 0; j < d; j++) fa += v(i) * U(i, j) * X[a][j];
    f.push(s * fa);
    const row = new Array(p).fill(0);
    for (let i = 0; i < m; i++) for (let j = 0; j < d; j++) row[i * d + j] = s * v(i) * X[a][j];
    for (let i = 0; i < m; i++) { let u = 0; for (let j = 0; j < d; j++) u += U(i, j) * X[a][j]; row[m * d + i] = s * u; }
    J.push(row);
  }
  // ∂²f_a/∂U_ij∂v_k = δ_ik·x_aj/√m; every other second derivative is zero.
  const d2 = (a: number, k: number, l: number): number => {
    const uIndex = (q: number) => q < m * d, vi = (q: number) => q - m * d;
    if (uIndex(k) === uIndex(l)) return 0;
    const [ku, lv] = uIndex(k) ? [k, l] : [l, k];
    const i = Math.floor(ku / d), j = ku % d;
    return i === vi(lv) ? s * X[a][j] : 0;
  };
  const r = f.map((fa, a) => fa - y[a]);
  const loss = r.reduce((acc, ra) => acc + ra * ra, 0) / (2 * n);
  const grad = new Array(p).fill(0);
  for (let a = 0; a < n; a++) for (let k = 0; k < p; k++) grad[k] += (r[a] * J[a][k]) / n;
  const H: number[][] = [];
  for (let k = 0; k < p; k++) {
    const row: number[] = [];
    for (let l = 0; l < p; l++) {
      let h = 0;
      for (let a = 0; a < n; a++) h += J[a][k] * J[a][l] + r[a] * d2(a, k, l);
      row.push(h / n);
    }
    H.push(row);
  }
  return { f, loss, grad, H };
}

/** Top eigenvalue of a symmetric matrix by power iteration on H + cI (c shifts the spectrum positive). */
function powerTop(H: number[][]): number {
  const p = H.length;
  const c = H.reduce((acc, row) => Math.max(acc, row.reduce((s, x) => s + Math.abs(x), 0)), 0);
  let x = Array.from({ length: p }, (_, i) => 1 + 0.1 * Math.sin(i + 1)), lam = 0;
  for (let it = 0; it < 20000; it++) {
    const y = x.map((_, i) => H[i].reduce((s, h, j) => s + h * x[j], 0) + c * x[i]);
    const nrm = Math.hypot(...y);
    const next = nrm - c;
    x = y.map((t) => t / nrm);
    if (Math.abs(next - lam) < 1e-15 * Math.max(1, Math.abs(next)) && it > 50) { lam = next; break; }
    lam = next;
  }
  return lam;
}

const m = 3, d = 2;
const X = [[1, 0.5], [-0.3, 2], [0.7, -1.1]];
const y = [0.4, -1, 2];
const theta = Float64Array.from([0.3, -1.2, 0.8, 0.5, -0.7, 1.1, 0.9, -0.4, 1.3]);

describe("ntkTwoLayer: exact loss, gradient and Hessian-vector product", () => {
  const model = ntkTwoLayer({ m, X, y });
  const ref = reference(m, d, X, y, [...theta]);

  it("outputs and the mean loss (1/2n)‖F − y‖² match the plain loop", () => {
    const F = model.outputs(theta);
    ref.f.forEach((fa, a) => expect(F[a]).toBeCloseTo(fa, 14));
    expect(model.loss(theta)).toBeCloseTo(ref.loss, 14);
  });

  it("the gradient matches the plain loop (and central differences, as a sanity check)", () => {
    const g = new Float64Array(model.p);
    expect(model.grad(theta, g)).toBeCloseTo(ref.loss, 14);
    ref.grad.forEach((gk, k) => expect(g[k]).toBeCloseTo(gk, 13));
    const h = 1e-6;
    for (let k = 0; k < model.p; k++) {
      const tp = Float64Array.from(theta), tm = Float64Array.from(theta);
      tp[k] += h; tm[k] -= h;
      expect(g[k]).toBeCloseTo((model.loss(tp) - model.loss(tm)) / (2 * h), 6);
    }
  });

  it("every Hessian-vector product with a unit vector is the dense Hessian's column; a random direction too", () => {
    const e = new Float64Array(model.p), out = new Float64Array(model.p);
    for (let k = 0; k < model.p; k++) {
      e.fill(0); e[k] = 1;
      model.hvp(theta, e, out);
      for (let l = 0; l < model.p; l++) expect(out[l]).toBeCloseTo(ref.H[l][k], 13);
    }
    const dir = Float64Array.from({ length: model.p }, (_, i) => Math.cos(3 * i + 1));
    model.hvp(theta, dir, out);
    for (let l = 0; l < model.p; l++) expect(out[l]).toBeCloseTo(ref.H[l].reduce((s, h, k) => s + h * dir[k], 0), 13);
    // Sanity: the HVP is the directional derivative of the gradient.
    const hh = 1e-6, gp = new Float64Array(model.p), gm = new Float64Array(model.p);
    model.grad(theta.map((t, i) => t + hh * dir[i]), gp);
    model.grad(theta.map((t, i) => t - hh * dir[i]), gm);
    for (let l = 0; l < model.p; l++) expect(out[l]).toBeCloseTo((gp[l] - gm[l]) / (2 * hh), 6);
  });

  it("the sharpness (dense path and Lanczos path) is the top eigenvalue of the dense Hessian by power iteration", () => {
    const top = powerTop(ref.H);
    expect(ntkTwoLayerSharpness(model, theta).lambda).toBeCloseTo(top, 10);
    const lz = ntkTwoLayerSharpness(model, theta, { denseUpTo: 0 });
    expect(lz.lambda).toBeCloseTo(top, 10);
    expect(lz.residual).toBeLessThan(1e-8);
  });

  it("at a wider random θ₀ the Lanczos sharpness matches power iteration on the dense Hessian", () => {
    const mm = 12, dd = 3;
    const XX = [[0.2, 1, -0.5], [1.5, -0.3, 0.4], [-0.8, 0.6, 0.9], [0.1, 0.2, -1.3]];
    const yy = [1, -0.5, 0.3, 2];
    const th = ntkTwoLayerInit(mm, dd, new RandomState(3));
    const top = powerTop(reference(mm, dd, XX, yy, [...th]).H);
    const mod = ntkTwoLayer({ m: mm, X: XX, y: yy });
    expect(ntkTwoLayerSharpness(mod, th, { denseUpTo: 0 }).lambda).toBeCloseTo(top, 9);
    expect(ntkTwoLayerSharpness(mod, th).lambda).toBeCloseTo(top, 9);
  });
});

describe("ntkTwoLayerInit: U row-major, then v, from RandomState(seed)", () => {
  it("seed 0 gives numpy's first normals: np.random.seed(0); np.random.randn(6)", () => {
    // numpy 1.x: np.random.seed(0); np.random.randn(6)
    const numpy = [1.764052345967664, 0.4001572083672233, 0.9787379841057392, 2.240893199201458, 1.8675579901499675, -0.977277879876411];
    const th = ntkTwoLayerInit(2, 2, new RandomState(0));
    expect(th.length).toBe(6);
    numpy.forEach((x, i) => expect(th[i]).toBeCloseTo(x, 14));
    // θ = [U (2×2, row-major); v]: U_10 is the third draw, v_0 the fifth.
    const model = ntkTwoLayer({ m: 2, X: [[1, 0]], y: [0] });
    // f(e₁) = (v₀U₀₀ + v₁U₁₀)/√2.
    expect(model.outputs(th)[0]).toBeCloseTo((numpy[4] * numpy[0] + numpy[5] * numpy[2]) / Math.SQRT2, 14);
  });

  it("flat X with d, and bad input, are handled", () => {
    const a = ntkTwoLayer({ m, X: X.flat(), y, d });
    expect(a.loss(theta)).toBeCloseTo(ntkTwoLayer({ m, X, y }).loss(theta), 15);
    expect(() => ntkTwoLayer({ m: 0, X, y })).toThrow(InvalidArgumentError);
    expect(() => ntkTwoLayer({ m, X: X.flat(), y })).toThrow(/needs spec\.d/);
    expect(() => ntkTwoLayer({ m, X: [[1, 2], [3]], y: [1, 2] })).toThrow(/row 1 of X/);
    expect(() => ntkTwoLayer({ m, X, y: [1, NaN, 2] })).toThrow(/non-finite/);
    expect(() => ntkTwoLayer({ m, X, y }).loss(new Float64Array(3))).toThrow(/length p = 9/);
  });
});
