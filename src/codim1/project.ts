// Projection onto M = f⁻¹{y} (docs/design.md §1, "Coordinates near M"): θ∥ is the
// nearest point of M to θ and θ⊥ = (θ − θ∥)·n(θ∥), n = ∇f/‖∇f‖, so that
// θ = θ∥ + θ⊥·n(θ∥). Built-in deep scalar models use the exact KKT +
// bisection kernel in wasm; any other Codim1Model goes through Newton's
// method on the Lagrange conditions, in JS.
import type { Engine } from "../engine.js";
import { EoslabError, InvalidArgumentError } from "../errors.js";
import { engineOr } from "../init.js";
import { checkModelAt, guardModel, type Codim1Model } from "../models/codim1.js";
import { flattestScale, isBuiltInDeepScalar } from "../models/deep-scalar.js";
import { solveDense } from "../linalg/dense-solve.js";
import { argObject } from "../check-args.js";

/**
 * What {@link projectToManifold} returns: the nearest point of M, θ⊥, the normal and λ∥.
 *
 * @category Codimension-1 runs
 */
export interface Projection {
  /** θ∥, the nearest point of M found. */
  point: Float64Array;
  /** θ⊥ = (θ − θ∥)·n(θ∥), signed. */
  thetaPerp: number;
  /** n(θ∥) = ∇f(θ∥)/‖∇f(θ∥)‖. */
  normal: Float64Array;
  /** λ(θ∥) = ‖∇f(θ∥)‖². */
  lambdaPar: number;
  /** Bisection steps (deep scalar) or Newton iterations (general path). */
  iterations: number;
  /**
   * How well θ∥ solves the Lagrange conditions: the larger of |f(θ∥) − y| and
   * ‖(θ − θ∥) − θ⊥·n‖ (the part of θ − θ∥ along M, zero at a critical point).
   */
  residual: number;
}

/**
 * Options of {@link projectToManifold}.
 *
 * @category Codimension-1 runs
 */
export interface ProjectOptions {
  engine?: Engine;
  /** General path: stop when the Lagrange residual is below tol·(1 + ‖θ‖ + |y|). Default 1e-14. Ignored by the exact deep-scalar kernel. */
  tol?: number;
  /** General path: Newton iteration cap. Default 100. */
  maxIter?: number;
}

function checkTheta(model: Codim1Model, theta: ArrayLike<number>): void {
  if (theta == null || typeof theta.length !== "number") throw new InvalidArgumentError(`theta must be an array of ${model.dim} numbers, got ${theta === null ? "null" : typeof theta}`);
  if (theta.length !== model.dim) throw new InvalidArgumentError(`theta has ${theta.length} entries, the model has ${model.dim} parameters`);
  for (let i = 0; i < theta.length; i++) {
    if (!Number.isFinite(theta[i])) throw new InvalidArgumentError(`theta[${i}] is ${theta[i]}; all entries must be finite`);
  }
}

/** Largest |θ_i| the exact deep-scalar projection accepts: θ_i² + 4t must stay finite (θ_i² overflows from 2^512 ≈ 1.34e154; 1e150 leaves room for 4t). */
export const PROJECT_MAX_ABS = 1e150;

/** θ so far from M that its projection is not representable in f64 (λ(θ∥) or θ⊥ overflows). */
function tooFar(r: number): InvalidArgumentError {
  return new InvalidArgumentError(`theta is too far from M to project in float64 (f(θ) − y = ${r.toPrecision(3)}, its square or λ(θ∥) overflows); use entries of moderate size`);
}

/** A projection whose iterate left the finite doubles (an overflowing model or a start far from M). */
function leftFloat64(where: string): EoslabError {
  return new EoslabError(`projection failed: ${where} produced a non-finite value (the model overflows float64 near theta); start closer to M`);
}

function tangentialResidual(theta: ArrayLike<number>, x: Float64Array, n: Float64Array, perp: number): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    const e = theta[i] - x[i] - perp * n[i];
    s += e * e;
  }
  return Math.sqrt(s);
}

/**
 * The nearest point θ∥ of M to θ, with θ⊥, n(θ∥) and λ(θ∥).
 *
 * Deep scalar (built-in): exact, by KKT + bisection to adjacent doubles on
 * the multiplier (assembly/models/deep-scalar.ts). Other models: Newton on
 * x − θ + μ∇f(x) = 0, f(x) = y with a backtracking line search on the
 * residual, from a start on M reached by Gauss–Newton steps; it finds the
 * critical point of the distance nearest that start, which is the nearest
 * point when θ is close to M (within its reach).
 *
 * @example const pr = projectToManifold(deepScalar({ depth: 2 }), [1.8, 0.6]); // pr.point ≈ (1.7, 0.59)
 * @category Codimension-1 runs
 */
export function projectToManifold(model: Codim1Model, theta: ArrayLike<number>, opts: ProjectOptions = {}): Projection {
  argObject("projectToManifold", "opts", opts, true);
  const builtIn = isBuiltInDeepScalar(model);
  model = guardModel(model, builtIn);
  checkTheta(model, theta);
  if (!builtIn) checkModelAt(model, theta, "theta");
  if (isBuiltInDeepScalar(model)) {
    const engine = engineOr(opts.engine);
    const p = model.depth;
    // The exact kernel needs f(θ) − y representable: beyond that its bracket overflows (and may not terminate).
    const r0 = model.f(Float64Array.from(theta)) - model.target;
    if (!Number.isFinite(0.5 * r0 * r0)) throw tooFar(r0);
    // The KKT roots x_i(t) square θ_i (docs/design.md §3): beyond PROJECT_MAX_ABS that
    // square overflows and the bracket search can only return a non-finite point.
    for (let i = 0; i < p; i++) {
      if (Math.abs(theta[i]) > PROJECT_MAX_ABS) {
        throw new InvalidArgumentError(`theta[${i}] = ${theta[i]} is beyond ±${PROJECT_MAX_ABS}: the exact projection squares each entry, which overflows float64; use entries of moderate size`);
      }
    }
    return engine.scoped(() => {
      const pt = engine.copyIn(theta);
      const pOut = engine.allocF64(2 * p + 5);
      const pWork = engine.allocF64(p * p + 4 * p + 2);
      const iterations = engine.exports.deepScalarProject(p, model.target, flattestScale(model), pt, pOut, pWork);
      const out = engine.read(pOut, 2 * p + 5);
      const point = out.slice(0, p), normal = out.slice(p, 2 * p);
      const perp = out[2 * p];
      for (let i = 0; i < 2 * p + 2; i++) if (!Number.isFinite(out[i])) throw tooFar(r0);
      return {
        point, normal, thetaPerp: perp, lambdaPar: out[2 * p + 1], iterations,
        residual: Math.max(out[2 * p + 3], tangentialResidual(theta, point, normal, perp)),
      };
    });
  }
  const tol = opts.tol ?? 1e-14, maxIter = opts.maxIter ?? 100;
  if (typeof tol !== "number" || !(tol >= 0) || !Number.isFinite(tol)) throw new InvalidArgumentError(`tol must be a finite number ≥ 0, got ${tol}`);
  if (!Number.isSafeInteger(maxIter) || maxIter < 0 || maxIter > PROJECT_MAX_ITER) {
    throw new InvalidArgumentError(`maxIter must be an integer in [0, ${PROJECT_MAX_ITER}], got ${maxIter}`);
  }
  return projectNewton(model, theta, tol, maxIter);
}

/** Upper bound on ProjectOptions.maxIter: each Newton step costs p Hessian-vector products and a (p+1)² solve. */
export const PROJECT_MAX_ITER = 10000;

function norm(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s);
}

/** The general path of projectToManifold (exported for the tests and the JS run path). */
export function projectNewton(model: Codim1Model, theta: ArrayLike<number>, tol: number, maxIter: number): Projection {
  const p = model.dim, y = model.target;
  const th = Float64Array.from(theta);
  const x = Float64Array.from(theta);
  const g = new Float64Array(p);
  const scale = 1 + norm(th) + Math.abs(y);
  // 1. Onto M by Gauss–Newton steps x ← x − (f − y)∇f/‖∇f‖² (not yet nearest).
  for (let it = 0; it < 200; it++) {
    const r = model.f(x) - y;
    if (Math.abs(r) <= 1e-15 * scale) break;
    model.grad(x, g);
    const gg = g.reduce((s, v) => s + v * v, 0);
    if (!Number.isFinite(r) || !Number.isFinite(gg)) throw leftFloat64("the Gauss–Newton steps onto M");
    if (!(gg > 0)) throw new InvalidArgumentError(`∇f vanishes at a point near θ: y = ${y} is not a regular value there; start elsewhere`);
    for (let i = 0; i < p; i++) x[i] -= (r * g[i]) / gg;
  }
  model.grad(x, g);
  let gg = g.reduce((s, v) => s + v * v, 0);
  let mu = 0;
  for (let i = 0; i < p; i++) mu += (th[i] - x[i]) * g[i];
  mu /= gg;
  // 2. Newton on F(x, μ) = [x − θ + μ∇f(x); f(x) − y], J = [[I + μ∇²f, ∇f], [∇fᵀ, 0]].
  const n1 = p + 1;
  const J = new Float64Array(n1 * n1), rhs = new Float64Array(n1), e = new Float64Array(p), col = new Float64Array(p);
  const xt = new Float64Array(p), gt = new Float64Array(p);
  const resid = (xx: Float64Array, gx: Float64Array, m: number): number => {
    let s = 0;
    for (let i = 0; i < p; i++) {
      const v = xx[i] - th[i] + m * gx[i];
      s += v * v;
    }
    const c = model.f(xx) - y;
    return Math.sqrt(s + c * c);
  };
  let res = resid(x, g, mu);
  if (!Number.isFinite(res)) throw leftFloat64("the start of the Newton iteration");
  let iterations = 0;
  while (iterations < maxIter && res > tol * scale) {
    iterations++;
    J.fill(0);
    for (let j = 0; j < p; j++) {
      e.fill(0);
      e[j] = 1;
      model.hvp(x, e, col);
      for (let i = 0; i < p; i++) J[i * n1 + j] = (i === j ? 1 : 0) + mu * col[i];
      J[j * n1 + p] = g[j];
      J[p * n1 + j] = g[j];
    }
    for (let i = 0; i < p; i++) rhs[i] = -(x[i] - th[i] + mu * g[i]);
    rhs[p] = -(model.f(x) - y);
    if (!solveDense(J, rhs, n1)) break;
    let step = 1;
    let accepted = false;
    for (let ls = 0; ls < 40; ls++) {
      for (let i = 0; i < p; i++) xt[i] = x[i] + step * rhs[i];
      model.grad(xt, gt);
      const mt = mu + step * rhs[p];
      const rt = resid(xt, gt, mt);
      if (rt < res || (ls === 0 && rt <= res)) {
        x.set(xt);
        g.set(gt);
        mu = mt;
        res = rt;
        accepted = true;
        break;
      }
      step *= 0.5;
    }
    if (!accepted) break;
  }
  model.grad(x, g);
  gg = g.reduce((s, v) => s + v * v, 0);
  const gn = Math.sqrt(gg);
  const normal = g.map((v) => v / gn);
  let perp = 0;
  for (let i = 0; i < p; i++) perp += (th[i] - x[i]) * normal[i];
  const residual = Math.max(Math.abs(model.f(x) - y), tangentialResidual(th, x, normal, perp));
  // The loops above stop on NaN (every comparison is false); say so instead of returning it.
  if (!Number.isFinite(residual) || !Number.isFinite(gg) || !Number.isFinite(perp)) throw leftFloat64("the Newton iteration");
  return { point: x, normal, thetaPerp: perp, lambdaPar: gg, iterations, residual };
}
