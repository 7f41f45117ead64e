import type { Dataset } from "../dataset/dataset.js";
import { checkDataset } from "../dataset/dataset.js";
import type { Engine } from "../engine.js";
import { InvalidArgumentError } from "../errors.js";
import { engineOr } from "../init.js";
import { DataOps, dataOpsWorkspace } from "../models/data-ops.js";
import { dataModel, evalPoint, gaussNewtonOperator, hessianOperator, paramCount, type DataModel, type DataModelKind, type DataModelSpec } from "../models/data-model.js";
import { krylovStartVector } from "../linalg/start-vector.js";
import { LANCZOS_MAX_ITER, lanczosTop, lanczosWorkspace } from "../linalg/lanczos-operator.js";
import { symmetricEigen } from "../linalg/symmetric-eigen.js";
import { sizesOk } from "../linalg/workspace-size.js";
import { argArray, argInt, argObject, argString } from "../check-args.js";

/**
 * Options of {@link dataSharpness} and {@link sharpnessOf}.
 *
 * @category Data-model runs
 */
export interface SharpnessOptions {
  /** How many eigenvalues of each matrix, largest algebraic first. Default 1. */
  top?: number;
  /** Lanczos tolerance (relative residual bound). Default 1e-12. */
  tol?: number;
  maxIter?: number;
  /** Gauss–Newton spectrum: "dense" forms JJᵀ (n×n) and diagonalises it; "lanczos" runs Lanczos on JᵀJ. Default: dense when n ≤ 150. */
  gaussNewton?: "auto" | "dense" | "lanczos";
  /** Warm starts, e.g. the previous top vectors when tracking a run (mixed with 10% of the generic start vector). */
  hessianStart?: ArrayLike<number>;
  gaussNewtonStart?: ArrayLike<number>;
  engine?: Engine;
}

/**
 * Sharpness at one point (docs/design.md §3, §4). Every list is largest algebraic first.
 * @category Data-model runs
 */
export interface SharpnessResult {
  loss: number;
  /** Top eigenvalues of the full Hessian ∇²ℓ(θ) = JᵀJ + Σᵢrᵢ∇²Fᵢ (Lanczos, analytic Hessian-vector products). */
  hessianTop: number[];
  /** Top eigenvalues of the Gauss–Newton matrix JᵀJ (= nonzero spectrum of JJᵀ). On M (r = 0) they equal hessianTop. */
  gaussNewtonTop: number[];
  /** ‖Av − λv‖ for each reported pair. */
  residuals: { hessian: number[]; gaussNewton: number[] };
  /** Operator products: Hessian-vector products (2 passes over X each) and Gauss–Newton products (0 when dense). */
  matvecs: { hessian: number; gaussNewton: number };
  iterations: { hessian: number; gaussNewton: number };
  gaussNewtonMethod: "dense-JJt" | "lanczos-JtJ";
  /** Unit top eigenvector of the Hessian (length p), for warm starts. */
  hessianVector: Float64Array;
  /** Unit top eigenvector of JᵀJ (length p), for warm starts. */
  gaussNewtonVector: Float64Array;
}

/**
 * The dense JJᵀ (n×n) from the dense Jacobian.
 * @example
 * const G = denseGram(J, n, p); // J·Jᵀ, n×n, from an n×p Jacobian
 * @category Data-model runs
 */
export function denseGram(J: Float64Array, n: number, p: number): Float64Array {
  argArray("denseGram", "J", J); argInt("denseGram", "n", n); argInt("denseGram", "p", p);
  const G = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let s = 0;
      for (let k = 0; k < p; k++) s += J[i * p + k] * J[j * p + k];
      G[i * n + j] = G[j * n + i] = s;
    }
  }
  return G;
}

/**
 * A warm start for Lanczos: the previous eigenvector plus 10% of the generic
 * start vector. A pure previous eigenvector can be exactly orthogonal to the
 * new top eigenvector (block-structured Hessians, e.g. X = I), and Lanczos
 * would then never see it.
 */
function warmStart(prev: ArrayLike<number> | undefined, p: number): Float64Array | undefined {
  if (prev === undefined || prev.length !== p) return undefined;
  const g = krylovStartVector(p);
  let nn = 0;
  for (let i = 0; i < p; i++) nn += prev[i] * prev[i];
  const scale = nn > 0 ? 1 / Math.sqrt(nn) : 0;
  return Float64Array.from(g, (x, i) => prev[i] * scale + 0.1 * x);
}

/**
 * Sharpness of a model already bound to data (used by runs that track it).
 * @example
 * const s = sharpnessOf(dataModel(spec, new DataOps(await init(), data)), theta, { top: 2 });
 * s.hessianTop; s.gaussNewtonTop;
 * @category Data-model runs
 */
export function sharpnessOf(model: DataModel, theta: Float64Array, opts: SharpnessOptions = {}): SharpnessResult {
  argObject("sharpnessOf", "model", model); argArray("sharpnessOf", "theta", theta); argObject("sharpnessOf", "opts", opts, true);
  const k = opts.top ?? 1;
  if (!Number.isSafeInteger(k) || k < 1) throw new InvalidArgumentError(`top must be an integer ≥ 1, got ${k}`);
  const at = evalPoint(model, theta);
  const H = lanczosTop(hessianOperator(model, theta, at), model.p, { k, tol: opts.tol, maxIter: opts.maxIter, start: warmStart(opts.hessianStart, model.p), engine: model.ops.engine });
  const mode = opts.gaussNewton ?? "auto";
  const dense = mode === "dense" || (mode === "auto" && model.n <= 150);
  let gn: number[], gnRes: number[], gnVec: Float64Array, gnMv = 0, gnIt = 0;
  if (dense) {
    const J = model.jacobian(theta);
    const G = denseGram(J, model.n, model.p);
    const e = symmetricEigen(G, model.n);
    const kk = Math.min(k, model.n);
    gn = Array.from(e.values.subarray(0, kk));
    gnRes = gn.map((lam, c) => {
      let s = 0;
      for (let i = 0; i < model.n; i++) {
        let gu = 0;
        for (let j = 0; j < model.n; j++) gu += G[i * model.n + j] * e.vectors[j * model.n + c];
        s += (gu - lam * e.vectors[i * model.n + c]) ** 2;
      }
      return Math.sqrt(s);
    });
    // Top right singular vector of J: Jᵀu/‖Jᵀu‖.
    gnVec = new Float64Array(model.p);
    for (let i = 0; i < model.n; i++) {
      const ui = e.vectors[i * model.n];
      for (let t = 0; t < model.p; t++) gnVec[t] += J[i * model.p + t] * ui;
    }
    let nn = 0;
    for (const x of gnVec) nn += x * x;
    nn = Math.sqrt(nn);
    if (nn > 0) for (let t = 0; t < model.p; t++) gnVec[t] /= nn;
  } else {
    const G = lanczosTop(gaussNewtonOperator(model, theta), model.p, { k, tol: opts.tol, maxIter: opts.maxIter, start: warmStart(opts.gaussNewtonStart, model.p), engine: model.ops.engine });
    gn = G.values;
    gnRes = G.residuals;
    gnVec = G.vectors[0] ?? new Float64Array(model.p);
    gnMv = G.matvecs;
    gnIt = G.iterations;
  }
  return {
    loss: at.loss,
    hessianTop: H.values,
    gaussNewtonTop: gn,
    residuals: { hessian: H.residuals, gaussNewton: gnRes },
    matvecs: { hessian: H.matvecs, gaussNewton: gnMv },
    iterations: { hessian: H.iterations, gaussNewton: gnIt },
    gaussNewtonMethod: dense ? "dense-JJt" : "lanczos-JtJ",
    hessianVector: H.vectors[0] ?? new Float64Array(model.p),
    gaussNewtonVector: gnVec,
  };
}

/**
 * p for a data model (as paramCount, but NaN instead of an error), for the
 * workspace formulas here and in runData (src/data/run.ts).
 */
export function dataParamCount(kind: DataModelKind, d: number, h = 0, spec?: { layers?: number; widths?: readonly number[] }): number {
  if (kind === "linear") return d;
  if (kind === "diagonal") return 2 * d;
  if (kind === "deep-linear-data" || kind === "tanh-mlp") {
    try {
      return paramCount({ kind, n: 1, d, h, layers: spec?.layers, widths: spec?.widths });
    } catch {
      return NaN;
    }
  }
  return sizesOk(h) && h >= 1 ? d * h + h : NaN;
}

/**
 * dataSharpness's f64 workspace (docs/design.md §3): the dataset and one
 * Lanczos basis (the Hessian and Gauss–Newton runs reuse the same memory).
 */
function dataSharpnessWorkspaceCount(kind: DataModelKind, n: number, d: number, h = 0, maxIter?: number, spec?: { layers?: number; widths?: readonly number[] }): number {
  const p = dataParamCount(kind, d, h, spec);
  if (!sizesOk(n, d) || !Number.isFinite(p)) return NaN;
  return dataOpsWorkspace(n, d) + lanczosWorkspace(p, maxIter !== undefined && sizesOk(maxIter) ? maxIter : LANCZOS_MAX_ITER);
}

/**
 * Top-k eigenvalues of the full Hessian and of the Gauss–Newton matrix of
 * ℓ(θ) = ½‖F(θ) − y‖² for a several-output model (docs/design.md §4), with residuals
 * and product counts. EMPIRICAL territory: the paper's theorems are for a
 * scalar output only.
 *
 * @example
 * const s = dataSharpness({ kind: "diagonal", n, d }, data, theta, { top: 3 });
 * s.hessianTop; // [λ₁, λ₂, λ₃]
 * @category Data-model runs
 */
export function dataSharpness(spec: DataModelSpec, data: Dataset, theta: ArrayLike<number>, opts: SharpnessOptions = {}): SharpnessResult {
  argObject("dataSharpness", "spec", spec); argArray("dataSharpness", "theta", theta); argObject("dataSharpness", "opts", opts, true);
  // Refused before the data are checked entry by entry or anything is allocated (docs/design.md §3).
  engineOr(opts.engine).requireF64(dataSharpnessWorkspaceCount(spec.kind, data?.n, data?.d, spec.h, opts.maxIter, spec), `dataSharpness (${spec.kind}) on ${data?.n}×${data?.d} data`);
  checkDataset(data);
  const p = paramCount(spec);
  if (theta.length !== p) throw new InvalidArgumentError(`theta has ${theta.length} entries; the ${spec.kind} model on d = ${spec.d} needs p = ${p}`);
  for (let i = 0; i < p; i++) if (!Number.isFinite(theta[i])) throw new InvalidArgumentError(`theta[${i}] is ${theta[i]}; all entries must be finite`);
  const engine = engineOr(opts.engine);
  return engine.scoped(() => {
    const model = dataModel(spec, new DataOps(engine, data));
    return sharpnessOf(model, Float64Array.from(theta), opts);
  });
}

/**
 * dataSharpnessWorkspace, checked (docs/design.md §3): the same f64 count, but sizes that are not non-negative integers are an
 * InvalidArgumentError rather than NaN. (eoslab's own entry points use the unchecked count, whose NaN defers the
 * report to their own validation.)
 * @example
 * dataSharpnessWorkspace("two-layer", 20, 10, 8) * 8 <= MAX_WASM_BYTES; // fits in wasm memory
 * @category Memory
 */
export function dataSharpnessWorkspace(kind: DataModelKind, n: number, d: number, h = 0, maxIter?: number): number {
  argString("dataSharpnessWorkspace", "kind", kind); argInt("dataSharpnessWorkspace", "n", n); argInt("dataSharpnessWorkspace", "d", d); argInt("dataSharpnessWorkspace", "h", h); argInt("dataSharpnessWorkspace", "maxIter", maxIter, true);
  const count = dataSharpnessWorkspaceCount(kind, n, d, h, maxIter);
  if (!Number.isFinite(count)) throw new InvalidArgumentError(`dataSharpnessWorkspace: the sizes must be non-negative integers (and the options valid), got ${JSON.stringify([kind, n, d, h, maxIter])}`);
  return count;
}
