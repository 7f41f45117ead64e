// The deep linear network and the tanh MLP on data (docs/design.md §4) against plain loops written here: F by direct
// evaluation, ∇ℓ by a hand-written backprop loop, and the dense Hessian of ℓ by hyper-dual numbers (exact second
// derivatives, a different algorithm from the models' forward-over-reverse R-operator pass). Then GD (runData's JS loop)
// against a plain GD loop, the same bits on every backend, and the sharpness against the dense Hessian's eigenvalues.
import { describe, expect, it } from "vitest";
import { DataOps, dataModel, dataSharpness, flattestMinimumData, hessianOperator, InvalidArgumentError, paramCount, runData, symmetricEigen, type DataModelSpec, type Dataset } from "../../src/index.js";
import { BACKENDS, engines } from "../engines.js";
import { problem } from "../data/problem.js";

const eng = engines();

/** Hyper-dual number a + b·ε₁ + c·ε₂ + d·ε₁ε₂ (ε₁² = ε₂² = 0). */
type HD = [number, number, number, number];
const add = (u: HD, v: HD): HD => [u[0] + v[0], u[1] + v[1], u[2] + v[2], u[3] + v[3]];
const mul = (u: HD, v: HD): HD => [u[0] * v[0], u[0] * v[1] + u[1] * v[0], u[0] * v[2] + u[2] * v[0], u[0] * v[3] + u[1] * v[2] + u[2] * v[1] + u[3] * v[0]];
const tanhHD = (u: HD): HD => {
  const t = Math.tanh(u[0]), d1 = 1 - t * t, d2 = -2 * t * d1;
  return [t, d1 * u[1], d1 * u[2], d1 * u[3] + d2 * u[1] * u[2]];
};
const cst = (x: number): HD => [x, 0, 0, 0];

/** The network output on sample x, written plainly over any number type given its operations. */
function mlpOut<T>(th: T[], x: T[], d: number, h: number, layers: number, ops: { add: (a: T, b: T) => T; mul: (a: T, b: T) => T; tanh: (a: T) => T }): T {
  let o = 0;
  let hin = x;
  for (let k = 1; k <= layers; k++) {
    const din = k === 1 ? d : h;
    const W = th.slice(o, o + h * din); o += h * din;
    const b = th.slice(o, o + h); o += h;
    const hout: T[] = [];
    for (let u = 0; u < h; u++) {
      let z = b[u];
      for (let j = 0; j < din; j++) z = ops.add(z, ops.mul(W[u * din + j], hin[j]));
      hout.push(ops.tanh(z));
    }
    hin = hout;
  }
  let f = ops.mul(th[o], hin[0]);
  for (let u = 1; u < h; u++) f = ops.add(f, ops.mul(th[o + u], hin[u]));
  return f;
}

function deepLinearOut<T>(th: T[], x: T[], widths: number[], ops: { add: (a: T, b: T) => T; mul: (a: T, b: T) => T }): T {
  let a = x, o = 0;
  for (let k = 1; k < widths.length; k++) {
    const din = widths[k - 1], dout = widths[k];
    const next: T[] = [];
    for (let i = 0; i < dout; i++) {
      let s = ops.mul(th[o + i * din], a[0]);
      for (let j = 1; j < din; j++) s = ops.add(s, ops.mul(th[o + i * din + j], a[j]));
      next.push(s);
    }
    o += din * dout;
    a = next;
  }
  return a[0];
}

const numOps = { add: (a: number, b: number) => a + b, mul: (a: number, b: number) => a * b, tanh: Math.tanh };
const hdOps = { add, mul, tanh: tanhHD };

function outOf<T>(spec: DataModelSpec, th: T[], x: T[], ops: typeof numOps | typeof hdOps): T {
  return spec.kind === "tanh-mlp"
    ? mlpOut(th, x, spec.d, spec.h!, spec.layers ?? 1, ops as never)
    : deepLinearOut(th, x, spec.widths as number[], ops as never);
}

/** ℓ = ½Σ(F_i − y_i)² and its dense Hessian by hyper-duals (p² evaluations of ℓ). */
function denseHessian(spec: DataModelSpec, ds: Dataset, th: Float64Array): number[][] {
  const p = th.length, H: number[][] = [];
  for (let a = 0; a < p; a++) {
    H.push([]);
    for (let b = 0; b < p; b++) {
      const t = Array.from(th, (v, k): HD => [v, k === a ? 1 : 0, k === b ? 1 : 0, 0]);
      let l: HD = cst(0);
      for (let i = 0; i < ds.n; i++) {
        const x = Array.from(ds.X.subarray(i * ds.d, (i + 1) * ds.d), cst);
        const r = add(outOf(spec, t, x, hdOps), cst(-ds.y[i]));
        l = add(l, mul(cst(0.5), mul(r, r)));
      }
      H[a].push(l[3]);
    }
  }
  return H;
}

/** ∇ℓ of the one-hidden-layer tanh MLP by a hand-written backprop loop. */
function gradMlp1(th: Float64Array, ds: Dataset, h: number): Float64Array {
  const { n, d, X, y } = ds;
  const g = new Float64Array(th.length);
  const W = 0, B = h * d, A = h * d + h;
  for (let i = 0; i < n; i++) {
    const hid: number[] = [];
    let f = 0;
    for (let u = 0; u < h; u++) {
      let z = th[B + u];
      for (let j = 0; j < d; j++) z += th[W + u * d + j] * X[i * d + j];
      hid.push(Math.tanh(z));
      f += th[A + u] * hid[u];
    }
    const r = f - y[i];
    for (let u = 0; u < h; u++) {
      g[A + u] += r * hid[u];
      const dz = r * th[A + u] * (1 - hid[u] * hid[u]);
      g[B + u] += dz;
      for (let j = 0; j < d; j++) g[W + u * d + j] += dz * X[i * d + j];
    }
  }
  return g;
}

/** ∇ℓ of the two-hidden-layer tanh MLP by a hand-written backprop loop (θ = [W₁; b₁; W₂; b₂; a]). */
function gradMlp2(th: Float64Array, ds: Dataset, h: number): Float64Array {
  const { n, d, X, y } = ds;
  const g = new Float64Array(th.length);
  const W1 = 0, B1 = h * d, W2 = B1 + h, B2 = W2 + h * h, A = B2 + h;
  for (let i = 0; i < n; i++) {
    const x = X.subarray(i * d, (i + 1) * d);
    const h1: number[] = [], h2: number[] = [];
    for (let u = 0; u < h; u++) {
      let z = th[B1 + u];
      for (let j = 0; j < d; j++) z += th[W1 + u * d + j] * x[j];
      h1.push(Math.tanh(z));
    }
    let f = 0;
    for (let u = 0; u < h; u++) {
      let z = th[B2 + u];
      for (let j = 0; j < h; j++) z += th[W2 + u * h + j] * h1[j];
      h2.push(Math.tanh(z));
      f += th[A + u] * h2[u];
    }
    const r = f - y[i];
    const dz2: number[] = [];
    for (let u = 0; u < h; u++) {
      g[A + u] += r * h2[u];
      dz2.push(r * th[A + u] * (1 - h2[u] * h2[u]));
      g[B2 + u] += dz2[u];
      for (let j = 0; j < h; j++) g[W2 + u * h + j] += dz2[u] * h1[j];
    }
    for (let j = 0; j < h; j++) {
      let back = 0;
      for (let u = 0; u < h; u++) back += th[W2 + u * h + j] * dz2[u];
      const dz1 = back * (1 - h1[j] * h1[j]);
      g[B1 + j] += dz1;
      for (let k = 0; k < d; k++) g[W1 + j * d + k] += dz1 * x[k];
    }
  }
  return g;
}

/** ∇ℓ of the deep linear network: ∂ℓ/∂W_k = Σᵢ rᵢ·(w_L⋯W_{k+1})ᵀ(W_{k−1}⋯W₁xᵢ)ᵀ, each product formed by plain loops. */
function gradDeepLinear(th: Float64Array, ds: Dataset, widths: number[]): Float64Array {
  const { n, d, X, y } = ds;
  const L = widths.length - 1, g = new Float64Array(th.length);
  const offs: number[] = [];
  for (let k = 1, o = 0; k <= L; o += widths[k] * widths[k - 1], k++) offs.push(o);
  for (let i = 0; i < n; i++) {
    const acts: number[][] = [Array.from(X.subarray(i * d, (i + 1) * d))];
    for (let k = 1; k <= L; k++) {
      const din = widths[k - 1], dout = widths[k], a = acts[k - 1], next: number[] = [];
      for (let u = 0; u < dout; u++) { let s = 0; for (let j = 0; j < din; j++) s += th[offs[k - 1] + u * din + j] * a[j]; next.push(s); }
      acts.push(next);
    }
    const r = acts[L][0] - y[i];
    let back = [1];
    for (let k = L; k >= 1; k--) {
      const din = widths[k - 1], dout = widths[k];
      for (let u = 0; u < dout; u++) for (let j = 0; j < din; j++) g[offs[k - 1] + u * din + j] += r * back[u] * acts[k - 1][j];
      const prev = new Array(din).fill(0);
      for (let u = 0; u < dout; u++) for (let j = 0; j < din; j++) prev[j] += th[offs[k - 1] + u * din + j] * back[u];
      back = prev;
    }
  }
  return g;
}

function randVec(p: number, seed: number, scale: number): Float64Array {
  let s = seed >>> 0;
  return Float64Array.from({ length: p }, () => scale * (((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 2 - 1));
}

const relErr = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let num = 0, den = 0;
  for (let i = 0; i < a.length; i++) { num = Math.max(num, Math.abs(a[i] - b[i])); den = Math.max(den, Math.abs(b[i])); }
  return num / Math.max(den, 1e-300);
};

const SPECS: DataModelSpec[] = [
  { kind: "tanh-mlp", n: 6, d: 3, h: 4 },
  { kind: "tanh-mlp", n: 5, d: 2, h: 3, layers: 2 },
  { kind: "deep-linear-data", n: 5, d: 3, widths: [3, 4, 2, 1] },
  { kind: "deep-linear-data", n: 4, d: 2, widths: [2, 3, 1] },
];

describe("networks on data: products against plain loops", () => {
  for (const spec of SPECS) {
    const name = `${spec.kind} ${spec.widths ? spec.widths.join(",") : `h=${spec.h} layers=${spec.layers ?? 1}`}`;
    it(`${name}: F, ∇ℓ (backprop loop), the dense hyper-dual Hessian against the R-operator HVP, Jacobian rows`, () => {
      const ds = problem(spec.n, spec.d, 5);
      const p = paramCount(spec);
      const th = randVec(p, 3, 1.2);
      eng.js.scoped(() => {
        const m = dataModel(spec, new DataOps(eng.js, ds));
        expect(m.p).toBe(p);
        // F.
        const F = m.forward(th, new Float64Array(spec.n));
        for (let i = 0; i < spec.n; i++) {
          const ref = outOf(spec, Array.from(th), Array.from(ds.X.subarray(i * spec.d, (i + 1) * spec.d)), numOps);
          expect(Math.abs(F[i] - ref)).toBeLessThan(1e-13 * (1 + Math.abs(ref)));
        }
        // ∇ℓ = Jᵀr against the hand-written loops.
        const r = Float64Array.from(F, (f, i) => f - ds.y[i]);
        const g = m.vjp(th, r, new Float64Array(p));
        const gRef = spec.kind === "tanh-mlp"
          ? (spec.layers ?? 1) === 1 ? gradMlp1(th, ds, spec.h!) : gradMlp2(th, ds, spec.h!)
          : gradDeepLinear(th, ds, spec.widths as number[]);
        expect(relErr(g, gRef)).toBeLessThan(1e-12);
        // Hessian-vector products against the dense Hessian, column by column and for a random vector.
        const H = denseHessian(spec, ds, th);
        const op = hessianOperator(m, th);
        const e = new Float64Array(p), col = new Float64Array(p);
        for (let k = 0; k < p; k++) {
          e.fill(0); e[k] = 1;
          op(e, col);
          expect(relErr(col, H.map((row) => row[k]))).toBeLessThan(1e-11);
        }
        const v = randVec(p, 9, 1), hv = op(v, new Float64Array(p));
        const ref = H.map((row) => row.reduce((s, x, k) => s + x * v[k], 0));
        expect(relErr(hv, ref)).toBeLessThan(1e-11);
        // The unfused pieces too (the flattest search uses them): Jᵀ(Jv) + curvature with c = r.
        const parts = m.vjp(th, m.jvp(th, v, new Float64Array(spec.n)), new Float64Array(p));
        m.curvature(th, r, m.ops.XTv(r, new Float64Array(spec.d)), v, parts);
        expect(relErr(parts, ref)).toBeLessThan(1e-11);
        // Jacobian rows = vjp with eᵢ; J·δ = jvp.
        const J = m.jacobian(th);
        const ei = new Float64Array(spec.n), row = new Float64Array(p);
        for (let i = 0; i < spec.n; i++) {
          ei.fill(0); ei[i] = 1;
          m.vjp(th, ei, row);
          expect(relErr(J.subarray(i * p, (i + 1) * p), row)).toBeLessThan(1e-14);
        }
        const Jv = m.jvp(th, v, new Float64Array(spec.n));
        for (let i = 0; i < spec.n; i++) {
          let s = 0;
          for (let k = 0; k < p; k++) s += J[i * p + k] * v[k];
          expect(Math.abs(Jv[i] - s)).toBeLessThan(1e-12 * (1 + Math.abs(s)));
        }
      });
    });
  }
});

/** ∇ℓ by hyper-duals (the ε₁ part): the plain GD loop below steps with it. */
function denseGradHD(spec: DataModelSpec, ds: Dataset, th: Float64Array): number[] {
  return Array.from(th, (_, a) => {
    const t = Array.from(th, (v, k): HD => [v, k === a ? 1 : 0, 0, 0]);
    let l: HD = cst(0);
    for (let i = 0; i < ds.n; i++) {
      const r = add(outOf(spec, t, Array.from(ds.X.subarray(i * ds.d, (i + 1) * ds.d), cst), hdOps), cst(-ds.y[i]));
      l = add(l, mul(cst(0.5), mul(r, r)));
    }
    return l[1];
  });
}

describe("networks on data: GD and sharpness", () => {
  for (const spec of [SPECS[0], SPECS[1], SPECS[2]]) {
    it(`${spec.kind}: runData's JS loop = a plain GD loop; the same bits on every backend and when chunked`, () => {
      const ds = problem(spec.n, spec.d, 7);
      const p = paramCount(spec);
      const theta0 = randVec(p, 4, 0.6);
      const eta = 0.05, steps = 60;
      // Plain GD with the hyper-dual gradient (independent of the model's code).
      let t = Float64Array.from(theta0);
      const losses: number[] = [];
      for (let s = 0; s <= steps; s++) {
        let l = 0;
        for (let i = 0; i < ds.n; i++) {
          const r = outOf(spec, Array.from(t), Array.from(ds.X.subarray(i * ds.d, (i + 1) * ds.d)), numOps) - ds.y[i];
          l += 0.5 * r * r;
        }
        losses.push(l);
        if (s === steps) break;
        const g = denseGradHD(spec, ds, t);
        t = Float64Array.from(t, (x, k) => x - eta * g[k]);
      }
      const runs = BACKENDS.map((b) => runData(spec, ds, { eta, steps, theta0, engine: eng[b] }));
      expect(runs[0].loop).toBe("js");
      expect(relErr(runs[0].loss, losses)).toBeLessThan(1e-11);
      expect(relErr(runs[0].theta, t)).toBeLessThan(1e-11);
      for (const r of runs.slice(1)) {
        expect(Array.from(r.theta)).toEqual(Array.from(runs[0].theta));
        expect(Array.from(r.loss)).toEqual(Array.from(runs[0].loss));
      }
      const chunked = runData(spec, ds, { eta, steps, theta0, engine: eng.simd, sharpnessEvery: 20 });
      expect(Array.from(chunked.theta)).toEqual(Array.from(runs[0].theta));
      expect(Array.from(chunked.loss)).toEqual(Array.from(runs[0].loss));
    });

    it(`${spec.kind}: dataSharpness's top eigenvalue = the dense hyper-dual Hessian's, on every backend`, () => {
      const ds = problem(spec.n, spec.d, 8);
      const th = randVec(paramCount(spec), 6, 0.9);
      const H = denseHessian(spec, ds, th);
      const p = th.length;
      const A = new Float64Array(p * p);
      for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) A[a * p + b] = 0.5 * (H[a][b] + H[b][a]);
      const top = symmetricEigen(A, p).values.slice(0, 2);
      const got = BACKENDS.map((b) => dataSharpness(spec, ds, th, { top: 2, engine: eng[b] }).hessianTop);
      for (const g of got) {
        expect(Math.abs(g[0] - top[0])).toBeLessThan(1e-9 * Math.abs(top[0]));
        expect(Math.abs(g[1] - top[1])).toBeLessThan(1e-8 * Math.abs(top[0]));
      }
    });
  }

  it("flattestMinimumData: a tanh MLP with p < n is no-exact-fit at once (underparametrised), with the loss at θ₀ as the bound", () => {
    const spec: DataModelSpec = { kind: "tanh-mlp", n: 30, d: 3, h: 2 }; // p = 10 < 30
    const ds = problem(30, 3, 4);
    const theta0 = randVec(10, 2, 0.5);
    const f = flattestMinimumData(spec, ds, theta0, { engine: eng.js });
    expect(f.kind).toBe("no-exact-fit");
    if (f.kind !== "no-exact-fit") return;
    expect(f.cause).toBe("underparametrised");
    let l0 = 0;
    for (let i = 0; i < 30; i++) l0 += 0.5 * (outOf(spec, Array.from(theta0), Array.from(ds.X.subarray(3 * i, 3 * i + 3)), numOps) - ds.y[i]) ** 2;
    expect(f.leastSquaresLoss).toBeCloseTo(l0, 12);
    expect(f.lambdaStar).toBe(null);
  });

  it("bad specs are InvalidArgumentError with a clear message", () => {
    const ds = problem(4, 3, 1);
    expect(() => paramCount({ kind: "tanh-mlp", n: 4, d: 3 })).toThrow(InvalidArgumentError);
    expect(() => paramCount({ kind: "tanh-mlp", n: 4, d: 3, h: 2, layers: 3 })).toThrow(/1 or 2 hidden layers/);
    expect(() => paramCount({ kind: "deep-linear-data", n: 4, d: 3, widths: [2, 2, 1] })).toThrow(/input dimension d = 3/);
    expect(() => paramCount({ kind: "deep-linear-data", n: 4, d: 3, widths: [3, 2, 2] })).toThrow(/must be 1/);
    expect(() => paramCount({ kind: "deep-linear-data", n: 4, d: 3 })).toThrow(InvalidArgumentError);
    expect(() => runData({ kind: "tanh-mlp", n: 4, d: 3, h: 2 }, ds, { eta: 0.1, steps: 1, theta0: [1, 2] })).toThrow(/p = 10/);
  });
});
