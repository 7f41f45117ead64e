// Deep scalar factorisation, f(θ) = θ₁⋯θ_p (docs/design.md §1): the paper's model,
// built in. Its callbacks are plain JS (prefix/suffix products, no division,
// in the same order as the wasm kernels); runTrajectory and
// projectToManifold recognise a model made by deepScalar() and run the wasm
// kernels instead of the general path.
import { InvalidArgumentError } from "../errors.js";
import type { Codim1Model } from "./codim1.js";
import { argObject } from "../check-args.js";
import { portablePow } from "../linalg/portable-math.js";

/**
 * The deep scalar factorisation model made by {@link deepScalar}.
 *
 * @category Models
 */
export interface DeepScalarModel extends Codim1Model {
  readonly kind: "deep-scalar";
  /** p, the number of factors (= dim). */
  readonly depth: number;
}

const builtIns = new WeakSet<object>();

/**
 * Whether `model` was made by deepScalar() (and so runs in wasm). A copy of its callbacks in a plain object is not.
 * @example
 * isBuiltInDeepScalar(deepScalar({ depth: 3 })); // true
 * @category Models
 */
export function isBuiltInDeepScalar(model: Codim1Model): model is DeepScalarModel {
  return builtIns.has(model);
}

function gradInto(theta: ArrayLike<number>, p: number, out: Float64Array | number[]): void {
  // out[i] = pre[i]·suf[i]; pre first, then suffix products multiplied in: the wasm order.
  const pre = new Float64Array(p + 1);
  let acc = 1;
  for (let i = 0; i < p; i++) {
    pre[i] = acc;
    acc = acc * theta[i];
  }
  acc = 1;
  for (let i = p - 1; i >= 0; i--) {
    out[i] = pre[i] * acc;
    acc = acc * theta[i];
  }
}

/**
 * The depth-p scalar factorisation model ℓ(θ) = ½(θ₁⋯θ_p − y)² (p = 2 is
 * f = ab). Throws InvalidArgumentError unless p ≥ 2 is an integer and y is
 * finite and non-zero (y = 0 is not a regular value: M would be singular).
 *
 * @example const m = deepScalar({ depth: 5 }); // the paper's model, y = 1, λ* = 5, η_c = 0.4
 * @category Models
 */
export function deepScalar(opts: { depth: number; target?: number }): DeepScalarModel {
  argObject("deepScalar", "opts", opts);
  const p = opts.depth;
  if (!Number.isSafeInteger(p) || p < 2 || p > 4096) {
    throw new InvalidArgumentError(`depth must be an integer in [2, 4096], got ${p}`);
  }
  const y = opts.target ?? 1;
  if (typeof y !== "number" || !Number.isFinite(y) || y === 0) {
    throw new InvalidArgumentError(`target must be a finite non-zero number (y = 0 is not a regular value of θ₁⋯θ_p), got ${y}`);
  }
  const model: DeepScalarModel = {
    kind: "deep-scalar",
    name: `deep-scalar(p=${p},y=${y})`,
    dim: p,
    depth: p,
    target: y,
    f(theta: Float64Array): number {
      // pre[m]·suf[m−1], m = ⌊p/2⌋: the wasm kernel's order (assembly/models/deep-scalar.ts).
      const m = p >> 1;
      let lo = 1, hi = 1;
      for (let i = 0; i < m; i++) lo = lo * theta[i];
      for (let i = p - 1; i >= m; i--) hi = hi * theta[i];
      return lo * hi;
    },
    grad(theta: Float64Array, out: Float64Array): void {
      gradInto(theta, p, out);
    },
    hvp(theta: Float64Array, v: Float64Array, out: Float64Array): void {
      // (∇²f v)_i = d/dε [pre_i·suf_i](θ + εv): forward-mode through the prefix/suffix products.
      const pre = new Float64Array(p + 1), dpre = new Float64Array(p + 1);
      pre[0] = 1;
      for (let i = 0; i < p; i++) {
        pre[i + 1] = pre[i] * theta[i];
        dpre[i + 1] = dpre[i] * theta[i] + pre[i] * v[i];
      }
      let suf = 1, dsuf = 0;
      for (let i = p - 1; i >= 0; i--) {
        out[i] = dpre[i] * suf + pre[i] * dsuf;
        dsuf = dsuf * theta[i] + suf * v[i];
        suf = suf * theta[i];
      }
    },
  };
  builtIns.add(model);
  return Object.freeze(model);
}

/**
 * The flattest minimum in closed form (docs/design.md §1): θ∥* = |y|^{1/p}·s and
 * λ* = p·|y|^{2−2/p}. Sign pattern s: all +1 when y > 0; when y < 0 the
 * first entry is −1 and the rest +1. Every ±|y|^{1/p} pattern whose product
 * has y's sign is equally flat; runs measure distPar to the one in the
 * orthant of θ∥ (see runTrajectory), which is the nearest of them.
 * @example
 * const { thetaStar, lambdaStar } = deepScalarFlattest(deepScalar({ depth: 5 })); // λ* = 5
 * @category Models
 */
export function deepScalarFlattest(model: DeepScalarModel): { thetaStar: Float64Array; lambdaStar: number } {
  argObject("deepScalarFlattest", "model", model);
  if (!isBuiltInDeepScalar(model)) throw new InvalidArgumentError("deepScalarFlattest: model must be a deep scalar made by deepScalar({ depth, target })");
  const p = model.depth, y = model.target;
  const c = flattestScale(model);
  const thetaStar = new Float64Array(p).fill(c);
  if (y < 0) thetaStar[0] = -c;
  return { thetaStar, lambdaStar: p * portablePow(Math.abs(y), 2 - 2 / p) }; // portable: η = 2/λ* feeds runs in Node and the browser alike
}

/** |y|^{1/p}, the magnitude of every entry of a flattest minimum. */
export function flattestScale(model: DeepScalarModel): number {
  return portablePow(Math.abs(model.target), 1 / model.depth);
}
