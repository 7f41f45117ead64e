import { InvalidArgumentError } from "../errors.js";
import type { Codim1Model } from "../models/codim1.js";
import { argArray, argNumber, argObject } from "../check-args.js";

/** η finite and θ of the model's length (θ itself may be anything: the orbit search probes far points). */
function checkStep(model: Codim1Model, eta: number, theta: ArrayLike<number>): void {
  if (typeof eta !== "number" || !Number.isFinite(eta)) throw new InvalidArgumentError(`η must be a finite number, got ${eta}`);
  if (theta == null || theta.length !== model.dim) throw new InvalidArgumentError(`θ has ${theta?.length} entries, the model has ${model.dim} parameters`);
}

/**
 * The Jacobian of one GD step G(θ) = θ − η(f(θ) − y)∇f(θ) on ℓ = ½(f − y)²:
 * DG(θ) = I − η(∇f∇fᵀ + (f − y)∇²f)  (docs/design.md §1, §3), as a dense p×p
 * row-major matrix, built column by column from Hessian-vector products.
 * Symmetric up to rounding of the model's hvp.
 * @example
 * const J = gdJacobian(deepScalar({ depth: 2 }), 0.3, new Float64Array([1, 1])); // I − η∇²L, 2×2, row-major
 * @category Theory
 */
export function gdJacobian(model: Codim1Model, eta: number, theta: Float64Array, out?: Float64Array): Float64Array {
  argObject("gdJacobian", "model", model); argNumber("gdJacobian", "eta", eta); argArray("gdJacobian", "theta", theta); argArray("gdJacobian", "out", out, true);
  checkStep(model, eta, theta);
  out ??= new Float64Array(model.dim * model.dim);
  const p = model.dim;
  const g = new Float64Array(p), e = new Float64Array(p), he = new Float64Array(p);
  model.grad(theta, g);
  const r = model.f(theta) - model.target;
  for (let j = 0; j < p; j++) {
    e.fill(0);
    e[j] = 1;
    model.hvp(theta, e, he);
    for (let i = 0; i < p; i++) out[i * p + j] = (i === j ? 1 : 0) - eta * (g[i] * g[j] + r * he[i]);
  }
  return out;
}

/**
 * One GD step: out = θ − η(f(θ) − y)∇f(θ).
 * @example
 * const next = gdStep(deepScalar({ depth: 2 }), 0.3, new Float64Array([1.8, 0.6])); // θ − η∇L(θ)
 * @category Theory
 */
export function gdStep(model: Codim1Model, eta: number, theta: Float64Array, out?: Float64Array): Float64Array {
  argObject("gdStep", "model", model); argNumber("gdStep", "eta", eta); argArray("gdStep", "theta", theta); argArray("gdStep", "out", out, true);
  checkStep(model, eta, theta);
  out ??= new Float64Array(model.dim);
  const g = new Float64Array(model.dim);
  model.grad(theta, g);
  const r = model.f(theta) - model.target;
  for (let i = 0; i < model.dim; i++) out[i] = theta[i] - eta * r * g[i];
  return out;
}
