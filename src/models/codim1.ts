/**
 * A codimension-1 least-squares model, DESIGN §1: ℓ(θ) = ½(f(θ) − y)² with
 * f: R^p → R and y a regular value, so M = f⁻¹{y} is a (p−1)-manifold.
 * Built-in models (deep scalar factorisation) also run their whole loops in
 * wasm; a user model made of these callbacks runs the same algorithms in JS.
 */
export interface Codim1Model {
  /** A short identifier, e.g. "deep-scalar(p=5,y=1)". */
  readonly name: string;
  /** p, the number of parameters. */
  readonly dim: number;
  /** y, the target value of f. */
  readonly target: number;
  /** f(θ). */
  f(theta: Float64Array): number;
  /** Writes ∇f(θ) into `out` (length p). */
  grad(theta: Float64Array, out: Float64Array): void;
  /** Writes the Hessian-vector product ∇²f(θ)·v into `out` (length p). */
  hvp(theta: Float64Array, v: Float64Array, out: Float64Array): void;
}
