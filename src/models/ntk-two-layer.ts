// The two-layer linear network in NTK scaling of Lewkowycz et al. (2020), the model of the catapult
// (docs/design.md §4): f(x) = vᵀUx/√m with U ∈ R^{m×d}, v ∈ R^m, on n samples X ∈ R^{n×d} (row-major), y ∈ R^n.
// θ = [vec(U) row-major; v], p = m·d + m.
//
// Loss convention: the MEAN, ℓ(θ) = (1/2n)·‖F(θ) − y‖², as in Lewkowycz et al., whose NTK is Θ = (1/n)·JJᵀ; so
// at a wide initialisation the Hessian's top eigenvalue λ₀ is their λ₀ (the Gauss–Newton part (1/n)·JᵀJ dominates,
// the residual term is O(1/√m)). The catapult edges are stated as η·λ₀ = 2 and η·λ₀ ≈ 4, which do not depend on
// the convention anyway: a factor c on ℓ multiplies λ by c and the critical η by 1/c.
//
// Everything is in closed form and costs O(m·d + n·d): with s = 1/√m, w = Uᵀv ∈ R^d, F = s·X·w; with r = F − y
// and g = Xᵀr ∈ R^d,
//   ∇ℓ = (s/n)·[v·gᵀ ; U·g],
//   ∇²ℓ·(δU, δv) = (s/n)·[v·qᵀ + δv·gᵀ ; U·q + δU·g]  with  q = Xᵀ(s·X·(δUᵀv + Uᵀδv)),
// the first terms being the Gauss–Newton part (1/n)·Jᵀ(Jδ) and the second Σₐ (rₐ/n)·∇²fₐ·δ (fₐ is bilinear in U, v).
import { InvalidArgumentError } from "../errors.js";
import { argArray, argInt, argNumber, argObject } from "../check-args.js";
import { RandomState } from "../random/random-state.js";
import { lanczosTop } from "../linalg/lanczos-operator.js";
import { symmetricEigen } from "../linalg/symmetric-eigen.js";

/**
 * The data and width of a {@link ntkTwoLayer} model: X (n×d, row-major, flat or as rows), y (n), width m.
 * @category Models
 */
export interface NtkTwoLayerSpec {
  /** Hidden width m ≥ 1. */
  m: number;
  /** Inputs: n rows of d numbers, or a flat row-major array of n·d numbers (then give d). */
  X: ArrayLike<number> | ArrayLike<number>[];
  /** Targets, one per row of X. */
  y: ArrayLike<number>;
  /** Input dimension; needed only when X is flat. */
  d?: number;
}

/**
 * The two-layer linear network f(x) = vᵀUx/√m bound to data, with the mean loss ℓ = (1/2n)‖F − y‖², its exact
 * gradient and exact Hessian-vector product (docs/design.md §4). θ = [vec(U) row-major; v].
 * @category Models
 */
export interface NtkTwoLayer {
  readonly m: number;
  readonly n: number;
  readonly d: number;
  /** m·d + m. */
  readonly p: number;
  /** Row-major n×d copy of the inputs. */
  readonly X: Float64Array;
  readonly y: Float64Array;
  /** out (n) ← F(θ), the network's outputs on the n samples. */
  outputs(theta: Float64Array, out?: Float64Array): Float64Array;
  /** ℓ(θ) = (1/2n)‖F(θ) − y‖². */
  loss(theta: Float64Array): number;
  /** out (p) ← ∇ℓ(θ); returns ℓ(θ). */
  grad(theta: Float64Array, out: Float64Array): number;
  /** out (p) ← ∇²ℓ(θ)·dir, exact. */
  hvp(theta: Float64Array, dir: Float64Array, out: Float64Array): Float64Array;
  /** The Hessian at θ as a matvec (the residual part computed once): for Lanczos. */
  hessianAt(theta: Float64Array): (dir: Float64Array, out: Float64Array) => Float64Array;
}

function flatX(fn: string, X: NtkTwoLayerSpec["X"], n: number, d?: number): { flat: Float64Array; d: number } {
  argArray(fn, "spec.X", X);
  const rows = n > 0 && typeof (X as ArrayLike<unknown>)[0] === "object";
  if (rows) {
    const R = X as ArrayLike<number>[];
    const dd = R[0].length;
    if (!Number.isSafeInteger(dd) || dd < 1) throw new InvalidArgumentError(`${fn}: the rows of X must be non-empty arrays of numbers`);
    if (d !== undefined && d !== dd) throw new InvalidArgumentError(`${fn}: d = ${d} but the rows of X have ${dd} entries`);
    if (R.length !== n) throw new InvalidArgumentError(`${fn}: X has ${R.length} rows but y has ${n} entries`);
    const flat = new Float64Array(n * dd);
    for (let a = 0; a < n; a++) {
      const row = R[a];
      if (!row || row.length !== dd) throw new InvalidArgumentError(`${fn}: row ${a} of X has ${row?.length} entries, expected ${dd}`);
      for (let j = 0; j < dd; j++) flat[a * dd + j] = row[j];
    }
    return { flat, d: dd };
  }
  if (d === undefined) throw new InvalidArgumentError(`${fn}: a flat X needs spec.d, the input dimension`);
  const F = X as ArrayLike<number>;
  if (F.length !== n * d) throw new InvalidArgumentError(`${fn}: flat X has ${F.length} entries, expected n·d = ${n}·${d}`);
  return { flat: Float64Array.from(F), d };
}

/**
 * The catapult's model of Lewkowycz et al. (2020): f(x) = vᵀUx/√m on data, mean loss ℓ = (1/2n)‖F − y‖²,
 * exact gradient and Hessian-vector product in O(m·d + n·d) (docs/design.md §4).
 * @example
 * const model = ntkTwoLayer({ m: 64, X: [[1, 0], [0, 1]], y: [1, -1] });
 * const theta = ntkTwoLayerInit(64, 2, new RandomState(0));
 * model.loss(theta); // (1/2n)‖F(θ) − y‖²
 * @category Models
 */
export function ntkTwoLayer(spec: NtkTwoLayerSpec): NtkTwoLayer {
  const fn = "ntkTwoLayer";
  argObject(fn, "spec", spec); argInt(fn, "spec.m", spec.m); argArray(fn, "spec.y", spec.y); argInt(fn, "spec.d", spec.d, true);
  const m = spec.m;
  if (m < 1) throw new InvalidArgumentError(`${fn}: the width m must be ≥ 1, got ${m}`);
  const n = spec.y.length;
  if (n < 1) throw new InvalidArgumentError(`${fn}: y must have at least one entry`);
  const { flat: X, d } = flatX(fn, spec.X, n, spec.d);
  if (d < 1) throw new InvalidArgumentError(`${fn}: d must be ≥ 1, got ${d}`);
  const y = Float64Array.from(spec.y);
  for (let i = 0; i < X.length; i++) if (!Number.isFinite(X[i])) throw new InvalidArgumentError(`${fn}: X has a non-finite entry at ${i}`);
  for (let i = 0; i < n; i++) if (!Number.isFinite(y[i])) throw new InvalidArgumentError(`${fn}: y has a non-finite entry at ${i}`);
  const p = m * d + m;
  const s = 1 / Math.sqrt(m);
  const w = new Float64Array(d), F = new Float64Array(n), g = new Float64Array(d), dw = new Float64Array(d), q = new Float64Array(d), dF = new Float64Array(n);

  const checkTheta = (name: string, t: Float64Array) => {
    if (!(t instanceof Float64Array) || t.length !== p) throw new InvalidArgumentError(`${fn}: ${name} must be a Float64Array of length p = ${p}, got ${t instanceof Float64Array ? `length ${t.length}` : typeof t}`);
  };
  // w ← Uᵀv (d).
  const utv = (theta: Float64Array, vOff: Float64Array, out: Float64Array) => {
    out.fill(0);
    for (let i = 0; i < m; i++) {
      const vi = vOff[m * d + i], row = i * d;
      if (vi === 0) continue;
      for (let j = 0; j < d; j++) out[j] += theta[row + j] * vi;
    }
    return out;
  };
  // out (n) ← s·X·w.
  const xw = (wv: Float64Array, out: Float64Array) => {
    for (let a = 0; a < n; a++) {
      let acc = 0;
      for (let j = 0; j < d; j++) acc += X[a * d + j] * wv[j];
      out[a] = s * acc;
    }
    return out;
  };
  // out (d) ← Xᵀ·r.
  const xtr = (r: Float64Array, out: Float64Array) => {
    out.fill(0);
    for (let a = 0; a < n; a++) {
      const ra = r[a];
      for (let j = 0; j < d; j++) out[j] += X[a * d + j] * ra;
    }
    return out;
  };
  const outputs = (theta: Float64Array, out = new Float64Array(n)) => {
    checkTheta("theta", theta);
    return xw(utv(theta, theta, w), out);
  };
  const residual = (theta: Float64Array) => {
    outputs(theta, F);
    let l = 0;
    for (let a = 0; a < n; a++) { F[a] -= y[a]; l += F[a] * F[a]; }
    return l / (2 * n);
  };
  const hessianAt = (theta: Float64Array) => {
    checkTheta("theta", theta);
    residual(theta);
    const gg = xtr(F, new Float64Array(d));
    const c = s / n;
    return (dir: Float64Array, out: Float64Array) => {
      // dw = δUᵀv + Uᵀδv.
      dw.fill(0);
      for (let i = 0; i < m; i++) {
        const vi = theta[m * d + i], dvi = dir[m * d + i], row = i * d;
        for (let j = 0; j < d; j++) dw[j] += dir[row + j] * vi + theta[row + j] * dvi;
      }
      xtr(xw(dw, dF), q);
      for (let i = 0; i < m; i++) {
        const vi = theta[m * d + i], dvi = dir[m * d + i], row = i * d;
        let uq = 0, dug = 0;
        for (let j = 0; j < d; j++) {
          out[row + j] = c * (vi * q[j] + dvi * gg[j]);
          uq += theta[row + j] * q[j];
          dug += dir[row + j] * gg[j];
        }
        out[m * d + i] = c * (uq + dug);
      }
      return out;
    };
  };
  return {
    m, n, d, p, X, y,
    outputs,
    loss: (theta) => residual((checkTheta("theta", theta), theta)),
    grad(theta, out) {
      checkTheta("theta", theta); checkTheta("out", out);
      const l = residual(theta);
      xtr(F, g);
      const c = s / n;
      for (let i = 0; i < m; i++) {
        const vi = theta[m * d + i], row = i * d;
        let ug = 0;
        for (let j = 0; j < d; j++) { out[row + j] = c * vi * g[j]; ug += theta[row + j] * g[j]; }
        out[m * d + i] = c * ug;
      }
      return l;
    },
    hvp(theta, dir, out) {
      checkTheta("dir", dir); checkTheta("out", out);
      return hessianAt(theta)(dir, out);
    },
    hessianAt,
  };
}

/**
 * θ₀ for width m and input dimension d: m·d + m standard normals from `rs`, U row-major then v (numpy:
 * `U = rs.randn(m, d); v = rs.randn(m)`), in NTK scaling (the 1/√m is in f, not in θ).
 * @example
 * const theta0 = ntkTwoLayerInit(512, 16, new RandomState(0));
 * @category Models
 */
export function ntkTwoLayerInit(m: number, d: number, rs: RandomState): Float64Array {
  argInt("ntkTwoLayerInit", "m", m); argInt("ntkTwoLayerInit", "d", d);
  if (m < 1 || d < 1) throw new InvalidArgumentError(`ntkTwoLayerInit: m and d must be ≥ 1, got m = ${m}, d = ${d}`);
  if (!(rs instanceof RandomState)) throw new InvalidArgumentError("ntkTwoLayerInit: rs must be a RandomState");
  return rs.randn(m * d + m);
}

/**
 * Options of {@link ntkTwoLayerSharpness}.
 * @category Models
 */
export interface NtkSharpnessOptions {
  /** Warm start: e.g. the previous top eigenvector. */
  start?: ArrayLike<number>;
  /** Lanczos tolerance (default 1e-10). */
  tol?: number;
  /** Krylov limit (default 80). */
  maxIter?: number;
  /** Use a dense eigensolve of the Hessian (built column by column from HVPs) when p ≤ this (default 120). */
  denseUpTo?: number;
}

/**
 * The sharpness λ(θ) = top eigenvalue of ∇²ℓ(θ), with its unit eigenvector.
 * @category Models
 */
export interface NtkSharpness {
  lambda: number;
  vector: Float64Array;
  /** ‖H·v − λv‖ (0 from the dense path up to rounding). */
  residual: number;
  /** Lanczos steps (0 for the dense path). */
  iterations: number;
}

/**
 * Sharpness of the NTK two-layer model at θ: Lanczos on exact HVPs (lanczosTop, warm-startable), or a dense
 * symmetric eigensolve when p is small (docs/design.md §3).
 * @example
 * const model = ntkTwoLayer({ m: 64, X: [[1, 0], [0, 1]], y: [1, -1] });
 * const { lambda } = ntkTwoLayerSharpness(model, ntkTwoLayerInit(64, 2, new RandomState(0)));
 * @category Models
 */
export function ntkTwoLayerSharpness(model: NtkTwoLayer, theta: Float64Array, opts: NtkSharpnessOptions = {}): NtkSharpness {
  const fn = "ntkTwoLayerSharpness";
  argObject(fn, "model", model); argArray(fn, "theta", theta); argObject(fn, "opts", opts, true);
  argArray(fn, "opts.start", opts.start, true); argNumber(fn, "opts.tol", opts.tol, true); argInt(fn, "opts.maxIter", opts.maxIter, true); argInt(fn, "opts.denseUpTo", opts.denseUpTo, true);
  if (typeof model.hessianAt !== "function") throw new InvalidArgumentError(`${fn}: model must come from ntkTwoLayer`);
  const p = model.p;
  const H = model.hessianAt(theta);
  const denseUpTo = opts.denseUpTo ?? 120;
  if (p <= denseUpTo) {
    const A = new Float64Array(p * p), e = new Float64Array(p), col = new Float64Array(p);
    for (let k = 0; k < p; k++) {
      e.fill(0); e[k] = 1;
      H(e, col);
      for (let i = 0; i < p; i++) A[i * p + k] = col[i];
    }
    // Symmetrise the rounding (the operator is symmetric in exact arithmetic).
    for (let i = 0; i < p; i++) for (let k = i + 1; k < p; k++) A[i * p + k] = A[k * p + i] = 0.5 * (A[i * p + k] + A[k * p + i]);
    const eig = symmetricEigen(A, p);
    const vector = new Float64Array(p);
    for (let i = 0; i < p; i++) vector[i] = eig.vectors[i * p];
    const hv = H(vector, new Float64Array(p));
    let r = 0;
    for (let i = 0; i < p; i++) r += (hv[i] - eig.values[0] * vector[i]) ** 2;
    return { lambda: eig.values[0], vector, residual: Math.sqrt(r), iterations: 0 };
  }
  const res = lanczosTop(H, p, { k: 1, tol: opts.tol ?? 1e-10, maxIter: opts.maxIter ?? 80, start: opts.start });
  return { lambda: res.values[0], vector: res.vectors[0], residual: res.residuals[0], iterations: res.iterations };
}
