// The tanh chain (docs/design.md §1, "The tanh chain"): f(θ) = θ_p·tanh(θ_{p−1}·tanh(⋯ tanh(θ₁x))), one scalar input
// x, one scalar output, target y. A codimension-1 model given only as JS callbacks, like a user model: there is no wasm
// kernel and no closed-form flattest minimum, so every run takes the general path (runTrajectory's JS loop,
// projectNewton, flattestMinimum). The Hessian-vector product is exact: forward-over-reverse (an R-operator pass),
// O(p) per product, never finite differences.
//
// Notation: h₀ = x, a_k = θ_k·h_{k−1}, h_k = tanh(a_k), d_k = 1 − h_k² (k = 1 … p−1), f = θ_p·h_{p−1}.
import { InvalidArgumentError } from "../errors.js";
import { MAX_MODEL_DIM, type Codim1Model } from "./codim1.js";
import { argInt, argNumber, argObject } from "../check-args.js";
import { portableTanh } from "../linalg/portable-math.js";

/**
 * The tanh chain made by {@link tanhChain}.
 *
 * @category Models
 */
export interface TanhChainModel extends Codim1Model {
  readonly kind: "tanh-chain";
  /** p, the number of parameters (p − 1 tanh layers, then the output weight θ_p). */
  readonly depth: number;
  /** x, the one scalar input. */
  readonly input: number;
}

/**
 * The tanh chain f(θ) = θ_p·tanh(θ_{p−1}·tanh(⋯ tanh(θ₁x))) with ℓ(θ) = ½(f(θ) − y)² (docs/design.md §1). Every y ≠ 0
 * is a regular value (∂f/∂θ_p = h_{p−1} = y/θ_p ≠ 0 on M), and M is non-empty (|θ_p| > |y| reaches y), so the model
 * is exactly codimension 1. Throws InvalidArgumentError for depth outside [2, 4096], x = 0 (f ≡ 0) or y = 0, or
 * non-finite x or y. λ* has no closed form: it comes from {@link flattestMinimum}.
 * @example const m = tanhChain({ depth: 3, input: 1, target: 0.5 }); m.f(Float64Array.from([1, 1, 1])); // tanh(tanh(1))
 * @category Models
 */
export function tanhChain(opts: { depth: number; input: number; target: number }): TanhChainModel {
  argObject("tanhChain", "opts", opts);
  argInt("tanhChain", "depth", opts.depth);
  argNumber("tanhChain", "input", opts.input);
  argNumber("tanhChain", "target", opts.target);
  const p = opts.depth, x = opts.input, y = opts.target;
  if (p < 2 || p > MAX_MODEL_DIM) throw new InvalidArgumentError(`tanhChain: depth must be an integer in [2, ${MAX_MODEL_DIM}], got ${p}`);
  if (!Number.isFinite(x) || x === 0) throw new InvalidArgumentError(`tanhChain: input must be a finite non-zero number (x = 0 makes f ≡ 0), got ${x}`);
  if (!Number.isFinite(y) || y === 0) throw new InvalidArgumentError(`tanhChain: target must be a finite non-zero number (y = 0 is not a regular value of f), got ${y}`);
  // Forward pass into h (h[0] = x, h[k] = tanh(θ_k h[k−1])); reused by every callback.
  const h = new Float64Array(p);
  const forward = (theta: Float64Array): void => {
    h[0] = x;
    for (let k = 1; k < p; k++) h[k] = portableTanh(theta[k - 1] * h[k - 1]); // the same bits in every engine (docs/determinism-and-memory.md)
  };
  const hd = new Float64Array(p); // forward tangents ḣ_k along v
  return {
    kind: "tanh-chain", name: `tanh-chain(p=${p},x=${x},y=${y})`, dim: p, target: y, depth: p, input: x,
    f(theta: Float64Array): number {
      forward(theta);
      return theta[p - 1] * h[p - 1];
    },
    grad(theta: Float64Array, out: Float64Array): void {
      forward(theta);
      out[p - 1] = h[p - 1];
      let hbar = theta[p - 1]; // ∂f/∂h_k, from k = p−1 down
      for (let k = p - 1; k >= 1; k--) {
        const abar = hbar * (1 - h[k] * h[k]);
        out[k - 1] = abar * h[k - 1];
        hbar = abar * theta[k - 1];
      }
    },
    // Forward-over-reverse: differentiate the reverse sweep of grad along v (every quantity q gets its tangent q̇).
    hvp(theta: Float64Array, v: Float64Array, out: Float64Array): void {
      forward(theta);
      hd[0] = 0;
      for (let k = 1; k < p; k++) hd[k] = (1 - h[k] * h[k]) * (v[k - 1] * h[k - 1] + theta[k - 1] * hd[k - 1]);
      out[p - 1] = hd[p - 1];
      let hbar = theta[p - 1], hbarDot = v[p - 1];
      for (let k = p - 1; k >= 1; k--) {
        const d = 1 - h[k] * h[k], dDot = -2 * h[k] * hd[k];
        const abar = hbar * d, abarDot = hbarDot * d + hbar * dDot;
        out[k - 1] = abarDot * h[k - 1] + abar * hd[k - 1];
        hbarDot = abarDot * theta[k - 1] + abar * v[k - 1];
        hbar = abar * theta[k - 1];
      }
    },
  };
}

/** How far off M the default start sits, along the normal: as for deep scalar, a run started exactly on M can sit still in floating point (docs/design.md §3). */
const START_OFFSET = 0.01;

/** θ_k of the default start for k < p: unbalanced enough that λ(θ∥₀) is above λ* (depth 3, x = 1, y = 0.5: by 14%), so 0.98·η_c starts with ηλ(θ∥₀) > 2 (subcritical, not stable), and near enough that GD stays by the same θ∥* (docs/design.md §1). */
const START_WEIGHT = 1.2;

/**
 * The default start of `eoslab run --model tanh-chain` (docs/design.md §1): θ_k = 1.2 for k < p, θ_p = y/h_{p−1} (so
 * f = y exactly), then 0.01 off M along the normal ∇f/‖∇f‖.
 * @example tanhChainStart(tanhChain({ depth: 3, input: 1, target: 0.5 })); // near M, 0.01 off it
 * @category Models
 */
export function tanhChainStart(model: TanhChainModel): Float64Array {
  argObject("tanhChainStart", "model", model);
  if (model.kind !== "tanh-chain" || typeof model.f !== "function") throw new InvalidArgumentError("tanhChainStart: model must be made by tanhChain()");
  const p = model.depth;
  const th = new Float64Array(p).fill(START_WEIGHT);
  th[p - 1] = 1;
  th[p - 1] = model.target / model.f(th);
  const g = new Float64Array(p);
  model.grad(th, g);
  let gn = 0;
  for (let i = 0; i < p; i++) gn += g[i] * g[i];
  gn = Math.sqrt(gn);
  for (let i = 0; i < p; i++) th[i] += START_OFFSET * g[i] / gn;
  return th;
}
