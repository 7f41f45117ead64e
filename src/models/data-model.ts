// The several-output models of docs/design.md §4, ℓ(θ) = ½‖F(θ) − y‖², F: R^p → R^n.
// Each gives F, J·δ, Jᵀ·s and the curvature term Σᵢ cᵢ∇²Fᵢ·δ in closed form,
// touching X only through X·v and Xᵀ·r (DataOps: gemv/gemvT kernels). The
// Hessian-vector product is then ∇²ℓ·δ = Jᵀ(Jδ) + Σᵢ rᵢ∇²Fᵢ·δ with r = F − y.
import { InvalidArgumentError } from "../errors.js";
import type { DataOps } from "./data-ops.js";
import { argArray, argObject } from "../check-args.js";
import { checkDataWidths, checkTanhMlp, deepLinearDataModel, deepLinearDataParams, tanhMlpModel, tanhMlpParams } from "./data-networks.js";

/**
 * The several-output model families: linear, diagonal, two-layer, the deep linear network on data and the tanh MLP
 * (docs/design.md §4).
 *
 * @category Models
 */
export type DataModelKind = "linear" | "diagonal" | "two-layer" | "deep-linear-data" | "tanh-mlp";

const KINDS: readonly string[] = ["linear", "diagonal", "two-layer", "deep-linear-data", "tanh-mlp"];

/**
 * Which model, on which data shape. `h` (hidden width) is for two-layer and tanh-mlp; `layers` (1 or 2 hidden
 * layers, default 1) for tanh-mlp; `widths` = [d, d₁, …, d_{L−1}, 1] for deep-linear-data.
 * @category Models
 */
export interface DataModelSpec {
  kind: DataModelKind;
  n: number;
  d: number;
  h?: number;
  layers?: number;
  widths?: readonly number[];
}

/**
 * p, the number of parameters: d (linear), 2d (diagonal, θ = [u; v]), d·h + h (two-layer, θ = [vec(W) row-major; a]),
 * Σ d_k·d_{k−1} (deep-linear-data, θ = [W₁ row-major; …; w_L]), h·d + h [+ h² + h] + h (tanh-mlp, θ = [W₁; b₁; (W₂; b₂;) a]).
 * @example
 * paramCount({ kind: "two-layer", n: 20, d: 10, h: 8 }); // parameters of the model
 * @category Models
 */
export function paramCount(spec: DataModelSpec): number {
  if (spec === null || typeof spec !== "object") throw new InvalidArgumentError("the model spec must be { kind, n, d, h? }");
  if (!KINDS.includes(spec.kind)) throw new InvalidArgumentError(`unknown model "${String(spec.kind)}"; use ${KINDS.join(", ")}`);
  if (!Number.isSafeInteger(spec.d) || spec.d < 1) throw new InvalidArgumentError(`the model spec's d must be an integer ≥ 1, got ${spec.d}`);
  if (spec.kind === "linear") return spec.d;
  if (spec.kind === "diagonal") return 2 * spec.d;
  if (spec.kind === "deep-linear-data") return deepLinearDataParams(checkDataWidths(spec.widths, spec.d));
  if (spec.kind === "tanh-mlp") {
    const t = checkTanhMlp(spec.h, spec.layers, spec.d);
    return tanhMlpParams(spec.d, t.h, t.layers);
  }
  const h = hiddenWidth(spec);
  return spec.d * h + h;
}

function hiddenWidth(spec: DataModelSpec): number {
  const h = spec.h;
  if (h === undefined || !Number.isSafeInteger(h) || h < 1) throw new InvalidArgumentError(`two-layer needs a hidden width h ≥ 1 (--hidden h), got ${h}`);
  return h;
}

/**
 * A model bound to data, with the products needed by GD, Lanczos and the flattest-minimum search.
 * @category Models
 */
export interface DataModel {
  readonly kind: DataModelKind;
  readonly n: number;
  readonly d: number;
  readonly h: number;
  readonly p: number;
  readonly ops: DataOps;
  /** out (n) ← F(θ). */
  forward(theta: Float64Array, out: Float64Array): Float64Array;
  /** out (n) ← J(θ)·δ. */
  jvp(theta: Float64Array, delta: Float64Array, out: Float64Array): Float64Array;
  /** out (p) ← J(θ)ᵀ·s. */
  vjp(theta: Float64Array, s: Float64Array, out: Float64Array): Float64Array;
  /**
   * out (p) ← out + Σᵢ cᵢ∇²Fᵢ(θ)·δ, given c (length n) and g = Xᵀc (length d); accumulates. Nothing for linear. The
   * models F = X·w(θ) use g only; the networks of data-networks.ts use c (their curvature is not a function of Xᵀc).
   */
  curvature(theta: Float64Array, c: Float64Array, g: Float64Array, delta: Float64Array, out: Float64Array): Float64Array;
  /** Dense J(θ), row-major n×p (row i = ∇Fᵢ). */
  jacobian(theta: Float64Array): Float64Array;
  /**
   * Optional fused r (n) ← F(θ) − y and g (p) ← Jᵀr, returning ½‖r‖²: the same numbers as forward then vjp, in one
   * forward and one reverse pass per sample instead of two forward passes (tanh-mlp).
   */
  residualAndGradient?(theta: Float64Array, y: Float64Array, r: Float64Array, g: Float64Array): number;
  /** Optional fused out (p) ← ∇²ℓ(θ)·δ given r = F(θ) − y (tanh-mlp: one forward-over-reverse pass per sample). */
  lossHvp?(theta: Float64Array, residual: Float64Array, delta: Float64Array, out: Float64Array): Float64Array;
}

/**
 * Binds a model to data already in engine memory.
 * @example
 * const spec: DataModelSpec = { kind: "diagonal", n: data.n, d: data.d };
 * const model = dataModel(spec, new DataOps(await init(), data));
 * @category Models
 */
export function dataModel(spec: DataModelSpec, ops: DataOps): DataModel {
  argObject("dataModel", "spec", spec); argObject("dataModel", "ops", ops);
  if (spec.n !== ops.n || spec.d !== ops.d) throw new InvalidArgumentError(`model is for ${spec.n}×${spec.d} data, got ${ops.n}×${ops.d}`);
  if (spec.kind === "linear") return linearModel(ops);
  if (spec.kind === "diagonal") return diagonalModel(ops);
  if (spec.kind === "two-layer") return twoLayerModel(ops, hiddenWidth(spec));
  if (spec.kind === "deep-linear-data") return deepLinearDataModel(ops, checkDataWidths(spec.widths, spec.d));
  if (spec.kind === "tanh-mlp") {
    const t = checkTanhMlp(spec.h, spec.layers, spec.d);
    return tanhMlpModel(ops, t.h, t.layers);
  }
  throw new InvalidArgumentError(`unknown model "${String(spec.kind)}"; use ${KINDS.join(", ")}`);
}

function linearModel(ops: DataOps): DataModel {
  const { n, d } = ops;
  return {
    kind: "linear", n, d, h: 0, p: d, ops,
    forward: (t, out) => ops.Xv(t, out),
    jvp: (_t, dl, out) => ops.Xv(dl, out),
    vjp: (_t, s, out) => ops.XTv(s, out),
    curvature: (_t, _c, _g, _dl, out) => out,
    jacobian: () => ops.engine.read(ops.px, n * d),
  };
}

// F = X(u⊙v), θ = [u; v]. J·δ = X(v⊙δu + u⊙δv); Jᵀs = [v⊙Xᵀs; u⊙Xᵀs];
// Σᵢcᵢ∂²Fᵢ/∂u_j∂v_j = (Xᵀc)_j, the only nonzero second derivatives.
function diagonalModel(ops: DataOps): DataModel {
  const { n, d } = ops;
  const w = new Float64Array(d), q = new Float64Array(d);
  return {
    kind: "diagonal", n, d, h: 0, p: 2 * d, ops,
    forward(t, out) {
      for (let j = 0; j < d; j++) w[j] = t[j] * t[d + j];
      return ops.Xv(w, out);
    },
    jvp(t, dl, out) {
      for (let j = 0; j < d; j++) w[j] = t[d + j] * dl[j] + t[j] * dl[d + j];
      return ops.Xv(w, out);
    },
    vjp(t, s, out) {
      ops.XTv(s, q);
      for (let j = 0; j < d; j++) {
        out[j] = t[d + j] * q[j];
        out[d + j] = t[j] * q[j];
      }
      return out;
    },
    curvature(_t, _c, g, dl, out) {
      for (let j = 0; j < d; j++) {
        out[j] += g[j] * dl[d + j];
        out[d + j] += g[j] * dl[j];
      }
      return out;
    },
    jacobian(t) {
      const X = ops.engine.read(ops.px, n * d);
      const J = new Float64Array(n * 2 * d);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < d; j++) {
          J[i * 2 * d + j] = X[i * d + j] * t[d + j];
          J[i * 2 * d + d + j] = X[i * d + j] * t[j];
        }
      }
      return J;
    },
  };
}

// F = XWa, W d×h row-major, θ = [vec(W); a]. J·δ = X(δW·a + W·δa);
// Jᵀs = [q aᵀ; Wᵀq] with q = Xᵀs; Σᵢcᵢ∇²Fᵢ·δ = [g δaᵀ; δWᵀg] with g = Xᵀc
// (Fᵢ is bilinear in W and a: ∂²Fᵢ/∂W_jk∂a_l = X_ij [k = l]).
function twoLayerModel(ops: DataOps, h: number): DataModel {
  const { n, d } = ops;
  const p = d * h + h;
  const z = new Float64Array(d), q = new Float64Array(d);
  return {
    kind: "two-layer", n, d, h, p, ops,
    forward(t, out) {
      for (let j = 0; j < d; j++) {
        let s = 0;
        for (let k = 0; k < h; k++) s += t[j * h + k] * t[d * h + k];
        z[j] = s;
      }
      return ops.Xv(z, out);
    },
    jvp(t, dl, out) {
      const a = d * h;
      for (let j = 0; j < d; j++) {
        let s = 0;
        for (let k = 0; k < h; k++) s += dl[j * h + k] * t[a + k] + t[j * h + k] * dl[a + k];
        z[j] = s;
      }
      return ops.Xv(z, out);
    },
    vjp(t, s, out) {
      const a = d * h;
      ops.XTv(s, q);
      for (let k = 0; k < h; k++) out[a + k] = 0;
      for (let j = 0; j < d; j++) {
        const qj = q[j];
        for (let k = 0; k < h; k++) {
          out[j * h + k] = qj * t[a + k];
          out[a + k] += t[j * h + k] * qj;
        }
      }
      return out;
    },
    curvature(_t, _c, g, dl, out) {
      const a = d * h;
      for (let j = 0; j < d; j++) {
        const gj = g[j];
        for (let k = 0; k < h; k++) {
          out[j * h + k] += gj * dl[a + k];
          out[a + k] += dl[j * h + k] * gj;
        }
      }
      return out;
    },
    jacobian(t) {
      const X = ops.engine.read(ops.px, n * d);
      const a = d * h;
      const J = new Float64Array(n * p);
      for (let i = 0; i < n; i++) {
        const row = i * p;
        for (let j = 0; j < d; j++) {
          const xij = X[i * d + j];
          for (let k = 0; k < h; k++) {
            J[row + j * h + k] = xij * t[a + k];
            J[row + a + k] += xij * t[j * h + k];
          }
        }
      }
      return J;
    },
  };
}

/**
 * Evaluation of ℓ at θ: residual r = F − y, loss ½‖r‖², gradient Jᵀr and g = Xᵀr (for Hessian products).
 * @category Models
 */
export interface PointEval {
  residual: Float64Array;
  loss: number;
  /** Xᵀr (length d), the data-side factor of Σᵢrᵢ∇²Fᵢ. */
  g: Float64Array;
}

/**
 * r, ℓ and Xᵀr at θ.
 * @example
 * const model = dataModel({ kind: "diagonal", n: data.n, d: data.d }, new DataOps(await init(), data));
 * const { loss, residual } = evalPoint(model, theta);
 * @category Models
 */
export function evalPoint(model: DataModel, theta: Float64Array): PointEval {
  argObject("evalPoint", "model", model); argArray("evalPoint", "theta", theta);
  const r = model.forward(theta, new Float64Array(model.n));
  const y = model.ops.targets();
  let s = 0;
  for (let i = 0; i < model.n; i++) {
    r[i] -= y[i];
    s += r[i] * r[i];
  }
  const g = model.ops.XTv(r, new Float64Array(model.d));
  return { residual: r, loss: 0.5 * s, g };
}

/**
 * ∇ℓ(θ) = J(θ)ᵀr.
 * @example
 * const at = evalPoint(model, theta);
 * const g = lossGradient(model, theta, at.residual); // ∇L(θ)
 * @category Models
 */
export function lossGradient(model: DataModel, theta: Float64Array, residual: Float64Array): Float64Array {
  argObject("lossGradient", "model", model); argArray("lossGradient", "theta", theta); argArray("lossGradient", "residual", residual);
  return model.vjp(theta, residual, new Float64Array(model.p));
}

/**
 * The Hessian ∇²ℓ(θ) as an operator: δ ↦ Jᵀ(Jδ) + Σᵢrᵢ∇²Fᵢ·δ (docs/design.md §3, §4,
 * "analytic Hessian-vector products"). Two passes over X per product.
 * @example
 * const H = hessianOperator(model, theta);
 * const top = lanczosTop(H, paramCount(spec), { k: 1 }).values[0]; // λ_max(∇²L)
 * @category Models
 */
export function hessianOperator(model: DataModel, theta: Float64Array, at: PointEval = evalPoint(model, theta)): (v: Float64Array, out: Float64Array) => Float64Array {
  argObject("hessianOperator", "model", model); argArray("hessianOperator", "theta", theta); argObject("hessianOperator", "at", at);
  const s = new Float64Array(model.n);
  if (model.lossHvp) return (v, out) => model.lossHvp!(theta, at.residual, v, out);
  return (v, out) => {
    model.jvp(theta, v, s);
    model.vjp(theta, s, out);
    return model.curvature(theta, at.residual, at.g, v, out);
  };
}

/**
 * The Gauss–Newton matrix JᵀJ as an operator (its nonzero spectrum is that of JJᵀ).
 * @example
 * const G = gaussNewtonOperator(model, theta);
 * lanczosTop(G, paramCount(spec)).values[0]; // λ_max(JᵀJ)
 * @category Models
 */
export function gaussNewtonOperator(model: DataModel, theta: Float64Array): (v: Float64Array, out: Float64Array) => Float64Array {
  argObject("gaussNewtonOperator", "model", model); argArray("gaussNewtonOperator", "theta", theta);
  const s = new Float64Array(model.n);
  return (v, out) => model.vjp(theta, model.jvp(theta, v, s), out);
}
