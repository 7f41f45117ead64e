// Deep linear network with one input, f(θ) = w_L W_{L−1} ⋯ W₁ x (docs/design.md §1, "Deep linear networks with one
// input"): a codimension-1 model built in. Its callbacks run the core's JS twin (src/baseline/deep-linear.ts) on a
// private heap, so they give the same bits as the wasm kernels; runTrajectory recognises a model made by deepLinear()
// and runs its whole GD loop in the core.
//
// Parameter order (also the order of deepLinearInit's draws): W₁ (d₁×d₀, row-major), W₂ (d₂×d₁), …, W_{L−1}, then
// w_L (1×d_{L−1}). With numpy: θ₀ = scale * np.random.RandomState(seed).randn(p), W₁ = θ₀[:d₁·d₀].reshape(d₁, d₀), …
import { InvalidArgumentError } from "../errors.js";
import type { Codim1Model } from "./codim1.js";
import { MAX_MODEL_DIM } from "./codim1.js";
import { argArray, argInt, argNumber, argObject } from "../check-args.js";
import { portablePow } from "../linalg/portable-math.js";
import { RandomState } from "../random/random-state.js";
import { deepLinearGrad, deepLinearHvp, deepLinearWorkSize } from "../baseline/deep-linear.js";

/**
 * The deep linear network made by {@link deepLinear}.
 *
 * @category Models
 */
export interface DeepLinearModel extends Codim1Model {
  readonly kind: "deep-linear";
  /** d₀, d₁, …, d_{L−1}, 1: the input size, the hidden widths and the scalar output. */
  readonly widths: readonly number[];
  /** L, the number of weight matrices (widths.length − 1). */
  readonly layers: number;
  /** The one input x (d₀ values). */
  readonly input: Float64Array;
}

const builtIns = new WeakSet<object>();

/**
 * Whether `model` was made by deepLinear() (and so runs its GD loop in the core). A copy of its callbacks in a plain object is not.
 * @example
 * isBuiltInDeepLinear(deepLinear({ widths: [3, 4, 1], input: [0.5, -1, 2] })); // true
 * @category Models
 */
export function isBuiltInDeepLinear(model: Codim1Model): model is DeepLinearModel {
  return builtIns.has(model);
}

/** The number of parameters Σ d_k·d_{k−1} of a network with these widths. */
function paramsOf(widths: readonly number[]): number {
  let p = 0;
  for (let k = 1; k < widths.length; k++) p += widths[k] * widths[k - 1];
  return p;
}

function checkWidths(fn: string, widths: unknown): number[] {
  argArray(fn, "widths", widths);
  const w = Array.from(widths as ArrayLike<unknown>);
  if (w.length < 3) throw new InvalidArgumentError(`${fn}: widths must list d₀, at least one hidden width and the output 1 (L ≥ 2 layers), got ${w.length} entries`);
  for (let k = 0; k < w.length; k++) {
    const d = w[k];
    if (typeof d !== "number" || !Number.isSafeInteger(d) || d < 1 || d > MAX_MODEL_DIM) throw new InvalidArgumentError(`${fn}: widths[${k}] must be an integer in [1, ${MAX_MODEL_DIM}], got ${String(d)}`);
  }
  if (w[w.length - 1] !== 1) throw new InvalidArgumentError(`${fn}: the last width is the output and must be 1 (a scalar output), got ${String(w[w.length - 1])}`);
  const p = paramsOf(w as number[]);
  if (p > MAX_MODEL_DIM) throw new InvalidArgumentError(`${fn}: these widths give p = ${p} parameters; at most ${MAX_MODEL_DIM} (the general projection solves dense p×p systems)`);
  return w as number[];
}

/**
 * The deep linear network with one input, ℓ(θ) = ½(w_L W_{L−1}⋯W₁x − y)², θ = every matrix entry in the order W₁
 * (row-major), W₂, …, w_L. `widths` = [d₀, d₁, …, d_{L−1}, 1] with d₀ = input.length and L ≥ 2. Throws
 * InvalidArgumentError for other widths, a zero or non-finite input, or y = 0 or non-finite (not a regular value).
 * λ* = L·|y|^{2(L−1)/L}·‖x‖^{2/L} (deepLinearFlattest).
 * @example const m = deepLinear({ widths: [3, 4, 4, 1], input: [0.5, -1, 2], target: 1 }); // p = 32 parameters
 * @category Models
 */
export function deepLinear(opts: { widths: ArrayLike<number>; input: ArrayLike<number>; target?: number }): DeepLinearModel {
  argObject("deepLinear", "opts", opts);
  const widths = checkWidths("deepLinear", opts.widths);
  argArray("deepLinear", "input", opts.input);
  const x = Float64Array.from(opts.input as ArrayLike<number>);
  if (x.length !== widths[0]) throw new InvalidArgumentError(`deepLinear: input has ${x.length} entries but widths[0] = d₀ = ${widths[0]}; they must match`);
  let xx = 0;
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i])) throw new InvalidArgumentError(`deepLinear: input[${i}] is ${x[i]}; all entries must be finite`);
    xx += x[i] * x[i];
  }
  if (!(xx > 0) || !Number.isFinite(xx)) throw new InvalidArgumentError("deepLinear: the input must be non-zero with a finite norm (x = 0 makes f ≡ 0, so no y ≠ 0 is reached)");
  const y = opts.target ?? 1;
  if (typeof y !== "number" || !Number.isFinite(y) || y === 0) {
    throw new InvalidArgumentError(`deepLinear: target must be a finite non-zero number (y = 0 is not a regular value of f), got ${String(y)}`);
  }
  const L = widths.length - 1, p = paramsOf(widths);
  // Private heap for the twin: dims (L + 1) | x (d₀) | θ (p) | v (p) | out (p) | work.
  const dims = 0, xo = L + 1, th = xo + widths[0], vo = th + p, out = vo + p, work = out + p;
  const heap = new Float64Array(work + 4 * widths.slice(0, L).reduce((s, d) => s + d, 0));
  heap.set(widths, dims);
  heap.set(x, xo);
  if (deepLinearWorkSize(heap, L, dims) !== heap.length - work) throw new Error("deepLinear: work size mismatch");
  const model: DeepLinearModel = {
    kind: "deep-linear",
    name: `deep-linear(widths=${widths.join(",")},y=${y})`,
    dim: p,
    target: y,
    widths: Object.freeze(widths.slice()),
    layers: L,
    input: x,
    f(theta: Float64Array): number {
      heap.set(theta.subarray(0, p), th);
      return deepLinearGrad(heap, L, dims, xo, th, work, -1);
    },
    grad(theta: Float64Array, g: Float64Array): void {
      heap.set(theta.subarray(0, p), th);
      deepLinearGrad(heap, L, dims, xo, th, work, out);
      g.set(heap.subarray(out, out + p));
    },
    hvp(theta: Float64Array, v: Float64Array, o: Float64Array): void {
      heap.set(theta.subarray(0, p), th);
      heap.set(v.subarray(0, p), vo);
      deepLinearHvp(heap, L, dims, xo, th, vo, work, out);
      o.set(heap.subarray(out, out + p));
    },
  };
  builtIns.add(model);
  return Object.freeze(model);
}

/**
 * λ* and a flattest minimum θ∥* in closed form (docs/design.md §1). λ* = L·|y|^{2(L−1)/L}·‖x‖^{2/L}. The flattest
 * minima are the points W_k = a·u_k u_{k−1}ᵀ + R_k (w_L = sign(y)·a·u_{L−1}ᵀ) with u₀ = x/‖x‖, any unit u₁, …, u_{L−1},
 * a = (|y|/‖x‖)^{1/L} and any R_k with R_k u_{k−1} = 0 and, for 2 ≤ k ≤ L − 1, R_kᵀ u_k = 0 (the part of W_k that moves
 * neither the activation nor the back vector; W₁'s back vector W₁ᵀb₁ does not enter λ); R = 0 is the balanced
 * rank-one minimum. Without `near` the point returned is
 * balanced rank-one with u_k = e₁. With `near` it follows near's forward pass, u_k = W_k u_{k−1}/‖W_k u_{k−1}‖ (e₁
 * where that vector is zero), and keeps near's R_k = (I − u_k u_kᵀ) W_k (I − u_{k−1}u_{k−1}ᵀ) (R₁ = W₁(I − u₀u₀ᵀ)): on a flattest minimum it
 * returns that point itself, so ‖θ∥ − θ∥*‖ is zero exactly on the flattest set (and small near it).
 * @example
 * deepLinearFlattest(deepLinear({ widths: [1, 1, 1], input: [1], target: 1 })).lambdaStar; // 2 (= deep scalar p = 2)
 * @category Models
 */
export function deepLinearFlattest(model: DeepLinearModel, near?: ArrayLike<number>): { thetaStar: Float64Array; lambdaStar: number } {
  argObject("deepLinearFlattest", "model", model);
  if (!isBuiltInDeepLinear(model)) throw new InvalidArgumentError("deepLinearFlattest: model must be a deep linear network made by deepLinear({ widths, input, target })");
  argArray("deepLinearFlattest", "near", near, true);
  if (near !== undefined && near.length !== model.dim) throw new InvalidArgumentError(`deepLinearFlattest: near has ${near.length} entries, the model has ${model.dim} parameters`);
  if (near !== undefined) for (let i = 0; i < near.length; i++) if (!Number.isFinite(near[i])) throw new InvalidArgumentError(`deepLinearFlattest: near[${i}] is ${near[i]}; all entries must be finite`);
  const { widths, layers: L, input: x, target: y } = model;
  let xx = 0;
  for (let i = 0; i < x.length; i++) xx += x[i] * x[i];
  const xn = Math.sqrt(xx);
  const a = portablePow(Math.abs(y) / xn, 1 / L); // portable: θ* and λ* (hence η) are the same in every engine
  // The unit directions u₀ … u_L (u_L = sign y).
  const us: Float64Array[] = [Float64Array.from(x, (v) => v / xn)];
  let off = 0;
  const offs: number[] = [];
  for (let k = 1; k <= L; k++) {
    const din = widths[k - 1], dout = widths[k], u = us[k - 1];
    offs.push(off);
    const next = new Float64Array(dout);
    if (k === L) next[0] = y > 0 ? 1 : -1;
    else {
      let nn = 0;
      if (near !== undefined) {
        for (let i = 0; i < dout; i++) {
          let s = 0;
          for (let j = 0; j < din; j++) s += near[off + i * din + j] * u[j];
          next[i] = s;
          nn += s * s;
        }
      }
      if (!(nn > 0) || !Number.isFinite(nn)) {
        next.fill(0);
        next[0] = 1;
      } else {
        const r = Math.sqrt(nn);
        for (let i = 0; i < dout; i++) next[i] /= r;
      }
    }
    us.push(next);
    off += dout * din;
  }
  const thetaStar = new Float64Array(model.dim);
  for (let k = 1; k <= L; k++) {
    const din = widths[k - 1], dout = widths[k], o = offs[k - 1], uo = us[k], ui = us[k - 1];
    // R_k = P⊥ W_k P⊥ from near (none for the output row: its P⊥ is 0).
    let R: Float64Array | null = null;
    if (near !== undefined && k < L) {
      R = new Float64Array(dout * din);
      const Wu = new Float64Array(dout), uW = new Float64Array(din);
      let uWu = 0;
      for (let i = 0; i < dout; i++) for (let j = 0; j < din; j++) {
        const w = near[o + i * din + j];
        Wu[i] += w * ui[j];
        uW[j] += uo[i] * w;
      }
      for (let i = 0; i < dout; i++) uWu += uo[i] * Wu[i];
      for (let i = 0; i < dout; i++) for (let j = 0; j < din; j++) {
        // Layer 1 keeps W₁(I − u₀u₀ᵀ) whole: b₀ = W₁ᵀb₁ never enters λ, so only W₁x is constrained.
        R[i * din + j] = k === 1 ? near[o + i * din + j] - Wu[i] * ui[j] : near[o + i * din + j] - uo[i] * uW[j] - Wu[i] * ui[j] + uo[i] * uWu * ui[j];
      }
    }
    for (let i = 0; i < dout; i++) for (let j = 0; j < din; j++) thetaStar[o + i * din + j] = a * uo[i] * ui[j] + (R ? R[i * din + j] : 0);
  }
  return { thetaStar, lambdaStar: L * portablePow(Math.abs(y), (2 * (L - 1)) / L) * portablePow(xn, 2 / L) };
}

/**
 * θ₀ = scale · RandomState(seed).randn(p): numpy's legacy stream, drawn in the parameter order W₁ (row-major), W₂, …,
 * w_L, so `scale * np.random.RandomState(seed).randn(p)` rebuilds it (docs/design.md §1).
 * @example deepLinearInit({ widths: [3, 4, 4, 1], seed: 7, scale: 0.5 }); // 32 values
 * @category Models
 */
export function deepLinearInit(opts: { widths: ArrayLike<number>; seed: number; scale: number }): Float64Array {
  argObject("deepLinearInit", "opts", opts);
  const widths = checkWidths("deepLinearInit", opts.widths);
  argInt("deepLinearInit", "seed", opts.seed);
  argNumber("deepLinearInit", "scale", opts.scale);
  if (!(opts.seed >= 0 && opts.seed < 2 ** 32)) throw new InvalidArgumentError(`deepLinearInit: seed must be an integer in [0, 2³²), got ${opts.seed}`);
  if (!Number.isFinite(opts.scale) || opts.scale <= 0) throw new InvalidArgumentError(`deepLinearInit: scale must be a finite number > 0, got ${opts.scale}`);
  const z = new RandomState(opts.seed).randn(paramsOf(widths));
  return Float64Array.from(z, (v) => opts.scale * v);
}
