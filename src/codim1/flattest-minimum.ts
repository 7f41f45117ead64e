// The flattest minimum θ∥* of a codimension-1 model (docs/design.md §1): the
// minimiser of λ(x) = ‖∇f(x)‖² over M = f⁻¹{y}, by Riemannian gradient
// descent on M (Armijo backtracking from a Barzilai–Borwein trial step). Euclidean gradient ∇λ = 2∇²f(x)∇f(x) (one Hessian-vector
// product), projected onto the tangent space T_xM = n⊥, step with Armijo
// backtracking, retraction by projecting back onto M (projectToManifold's
// general Newton path). Deep scalar has a closed form (deepScalarFlattest);
// this is the general path, cross-checked against it in the tests.
import { EoslabError, InvalidArgumentError } from "../errors.js";
import { checkModelAt, guardModel, type Codim1Model } from "../models/codim1.js";
import { isBuiltInDeepScalar } from "../models/deep-scalar.js";
import { projectNewton } from "./project.js";
import { argObject } from "../check-args.js";

/**
 * Options of {@link flattestMinimum}.
 *
 * @category Codimension-1 runs
 */
export interface FlattestMinimumOptions {
  /** Stop when ‖P_T∇λ‖ ≤ tol·max(1, λ). Default 1e-10 (λ then is exact to round-off; θ∥* to about tol/curvature). */
  tol?: number;
  /** Riemannian GD iterations. Default 20000. */
  maxIter?: number;
}

/**
 * What {@link flattestMinimum} returns: θ∥*, λ* and how the search ended.
 *
 * @category Codimension-1 runs
 */
export interface FlattestMinimumResult {
  /** θ∥*, on M to the projection's accuracy. */
  point: Float64Array;
  /** λ* = λ(θ∥*) = ‖∇f(θ∥*)‖². */
  lambdaStar: number;
  iterations: number;
  /** ‖P_T∇λ‖ at the returned point: the tolerance reached. */
  gradNorm: number;
  converged: boolean;
}

/**
 * Riemannian GD on λ along M from the projection of `start`. Finds a local
 * minimum of λ on M (the flattest minimum when started in its basin).
 *
 * @example flattestMinimum(deepScalar({ depth: 3 }), [1.2, 0.9, 0.8]).lambdaStar; // 3 (λ* = depth for y = 1)
 * @category Codimension-1 runs
 */
export function flattestMinimum(model: Codim1Model, start: ArrayLike<number>, opts: FlattestMinimumOptions = {}): FlattestMinimumResult {
  argObject("flattestMinimum", "opts", opts, true);
  model = guardModel(model, isBuiltInDeepScalar(model));
  const p = model.dim;
  if (start == null || typeof start.length !== "number") throw new InvalidArgumentError(`start must be an array of ${p} numbers`);
  if (start.length !== p) throw new InvalidArgumentError(`start has ${start.length} entries, the model has ${p} parameters`);
  for (let i = 0; i < p; i++) if (!Number.isFinite(start[i])) throw new InvalidArgumentError(`start[${i}] is ${start[i]}; all entries must be finite`);
  checkModelAt(model, start, "start");
  const tol = opts.tol ?? 1e-10;
  const maxIter = opts.maxIter ?? 20000;
  if (!(tol > 0) || !Number.isFinite(tol)) throw new InvalidArgumentError(`tol must be > 0, got ${tol}`);
  if (!Number.isSafeInteger(maxIter) || maxIter < 0) throw new InvalidArgumentError(`maxIter must be a non-negative integer, got ${maxIter}`);
  let x = projectNewton(model, start, 1e-15, 100).point;
  const g = new Float64Array(p), hg = new Float64Array(p), gt = new Float64Array(p), trial = new Float64Array(p);
  // λ and the tangential gradient at x.
  const evalAt = (pt: Float64Array): { lam: number; gn: number } => {
    model.grad(pt, g);
    let lam = 0;
    for (let i = 0; i < p; i++) lam += g[i] * g[i];
    model.hvp(pt, g, hg);
    let along = 0;
    for (let i = 0; i < p; i++) along += 2 * hg[i] * g[i];
    along /= lam; // (∇λ·∇f)/‖∇f‖²
    let gn = 0;
    for (let i = 0; i < p; i++) {
      gt[i] = 2 * hg[i] - along * g[i];
      gn += gt[i] * gt[i];
    }
    return { lam, gn: Math.sqrt(gn) };
  };
  const lamOnly = (pt: Float64Array): number => {
    model.grad(pt, g);
    let lam = 0;
    for (let i = 0; i < p; i++) lam += g[i] * g[i];
    return lam;
  };
  let { lam, gn } = evalAt(x);
  if (!Number.isFinite(lam) || !Number.isFinite(gn)) {
    throw new EoslabError(`flattestMinimum: λ or its gradient is not finite at the projection of start (the model overflows there); start closer to M`);
  }
  let alpha = 1 / Math.max(1, lam);
  let iterations = 0;
  while (iterations < maxIter && gn > tol * Math.max(1, lam)) {
    iterations++;
    const dir = Float64Array.from(gt);
    const xOld = x;
    let accepted = false;
    for (let ls = 0; ls < 60; ls++) {
      for (let i = 0; i < p; i++) trial[i] = x[i] - alpha * dir[i];
      const xt = projectNewton(model, trial, 1e-15, 100).point;
      const lt = lamOnly(xt);
      let ok = lt < lam && lt <= lam - 1e-4 * alpha * gn * gn;
      if (!ok && lt <= lam + 1e-12 * Math.max(1, lam)) {
        // Near the minimum the decrease of λ (~α·gn²) is below the round-off of λ after retraction
        // (~1e-15·λ): accept a step that shrinks the tangential gradient instead.
        ok = evalAt(xt).gn < 0.9 * gn;
      }
      if (ok) {
        x = xt;
        accepted = true;
        break;
      }
      alpha *= 0.5;
    }
    ({ lam, gn } = evalAt(x));
    // A NaN gradient norm would end the loop as if converged-to-tolerance; say what happened instead.
    if (!Number.isFinite(lam) || !Number.isFinite(gn)) {
      throw new EoslabError(`flattestMinimum: λ or its gradient left float64 after ${iterations} iterations (the model overflows along M here); start closer to the flattest minimum`);
    }
    if (!accepted) break; // no representable progress: gradNorm is the tolerance reached
    // Barzilai–Borwein trial step for the next iteration: sᵀs/sᵀy, s = Δx, y = Δ(tangential gradient).
    let ss = 0, sy = 0;
    for (let i = 0; i < p; i++) {
      const si = x[i] - xOld[i], yi = gt[i] - dir[i];
      ss += si * si;
      sy += si * yi;
    }
    alpha = sy > 0 && Number.isFinite(ss / sy) ? Math.min(ss / sy, 1e6 * alpha) : 2 * alpha;
  }
  const converged = gn <= tol * Math.max(1, lam);
  return { point: x, lambdaStar: lam, iterations, gradNorm: gn, converged };
}
