// The flattest global minimum of a several-output model (docs/design.md §4):
// Riemannian GD on λ(θ) = λ_max(J(θ)J(θ)ᵀ) over M = {F(θ) = y}.
//   1. ∇λ = 2σ·Σᵢ uᵢ∇²Fᵢ(θ)·v, from the top singular pair (σ, u, v) of J
//      (Hellmann–Feynman: dλ = uᵀ d(JJᵀ) u = 2σ·uᵀ dJ v);
//   2. projected on the tangent space with P_T = I − J⁺J;
//   3. retracted onto M by Gauss–Newton steps θ ← θ − J⁺(F(θ) − y).
// Dense n×n work (JJᵀ and its eigenpairs): meant for small n (tens to a few
// hundreds). EMPIRICAL: the paper proves nothing for vector outputs.
import type { Dataset } from "../dataset/dataset.js";
import { checkDataset } from "../dataset/dataset.js";
import type { Engine } from "../engine.js";
import { InvalidArgumentError } from "../errors.js";
import { engineOr } from "../init.js";
import { DataOps } from "../models/data-ops.js";
import { dataModel, paramCount, type DataModel, type DataModelSpec } from "../models/data-model.js";
import { denseGram } from "./sharpness.js";
import { symmetricEigen, type SymmetricEigen } from "../linalg/symmetric-eigen.js";
import { diagonalFlattestCertificate, type DiagonalCertificate } from "./diagonal-certificate.js";
import { dataExactFit, noExactFitLine } from "./exact-fit.js";
import { argArray, argObject } from "../check-args.js";

/**
 * A point counts as on M when ‖F(θ) − y‖ ≤ FEASIBLE·(1 + ‖y‖): the bound every accepted step of the search keeps.
 * A Gauss–Newton retraction that stops above it has not reached M (docs/design.md §3).
 */
const FEASIBLE = 1e-10;

/**
 * Options of {@link flattestMinimumData}.
 *
 * @category Data-model runs
 */
export interface FlattestDataOptions {
  /** Stop when ‖P_T∇λ‖ ≤ gradTol·λ. Default 1e-9. */
  gradTol?: number;
  /** Riemannian GD iterations. Default 20000 (also stops when λ has not fallen by 1e-13 relative in 1000 iterations). */
  maxIter?: number;
  /** Relative gap below which the top eigenvalue counts as multiple. Default 1e-6. */
  multipleTol?: number;
  engine?: Engine;
}

/**
 * The exact-fit outcome of {@link flattestMinimumData}: λ*, the critical η and how the search ended.
 *
 * @category Data-model runs
 */
export interface FlattestDataResult {
  /** M = {F = y} is not empty and the search ran on it (see NoExactFit for the other case). */
  kind: "exact";
  /** Always "empirical": no theorem covers vector outputs. */
  label: "empirical";
  /** λ* = λ_max(JJᵀ) at the point found. */
  lambdaStar: number;
  /** 2/λ*. */
  etaCritical: number;
  /** The point θ∥* found (on M to `feasibility`). */
  theta: Float64Array;
  /**
   * ‖g‖/λ at the end, the tolerance reached: g is the minimum-norm element of the projected
   * generalised gradient of the eigenvalues within clusterWidth·λ of the top (P_T∇λ when that
   * cluster is the top alone).
   */
  gradRel: number;
  /** The relative cluster width ε used last (ε-steepest descent; multipleTol when the top stayed isolated). */
  clusterWidth: number;
  /** Whether gradRel ≤ gradTol. */
  converged: boolean;
  iterations: number;
  /** ‖F(θ) − y‖ at the end. */
  feasibility: number;
  /** Whether the top eigenvalue of JJᵀ was simple at the end (gap > max(multipleTol, RIDGE_RESOLUTION)·λ). */
  topSimple: boolean;
  /** (λ₁ − λ₂)/λ₁ at the end (1 when n = 1). */
  relativeGap: number;
  /** How many eigenvalues were within max(multipleTol, RIDGE_RESOLUTION)·λ of the top. */
  multiplicity: number;
  /** True if some step treated a cluster of top eigenvalues together (λ_max not smooth there): the min-norm generalised gradient. */
  usedClusterSteps: boolean;
  /** λ along the iterations (every iteration), for plots and checks. */
  history: number[];
  /**
   * Diagonal networks only (else null): an interval [lower, upper] that provably contains the global λ*, by
   * convex duality (diagonal-certificate.ts), independent of the search. A small relativeGap certifies the result.
   */
  certificate: DiagonalCertificate | null;
}

/**
 * What flattestMinimumData returns when it cannot reach F = y: no λ*, η_c or certificate exist (docs/design.md §4).
 * `cause` says how that was decided: "y-outside-range": y is not in range(X), so M is empty for every model here
 * (least-squares loss above 0, see exact-fit.ts); "retraction-stalled": y is (numerically) in range(X) but the
 * Gauss–Newton retraction from θ₀ stopped off M (for instance a diagonal start with u_j = v_j = 0 where the fit
 * needs coordinate j): another start may reach M; "underparametrised": a tanh MLP with fewer parameters than samples,
 * whose outputs F(R^p) form a p-dimensional set in R^n that a generic y is not on (nothing is searched).
 * @category Data-model runs
 */
export interface NoExactFit {
  kind: "no-exact-fit";
  label: "no exact fit";
  cause: "y-outside-range" | "retraction-stalled" | "underparametrised";
  /**
   * min_θ ½‖F(θ) − y‖² = ½‖(I − P_X)y‖², the loss GD can at best go to. tanh-mlp (outputs not confined to range(X)):
   * the loss where the retraction stopped (at θ₀ when "underparametrised", p < n), an upper bound on that minimum
   * (relativeResidual is then NaN).
   */
  leastSquaresLoss: number;
  /** ‖(I − P_X)y‖/‖y‖. */
  relativeResidual: number;
  /** The relative residual above which y counts as outside range(X) (NO_EXACT_FIT_TOLERANCE). */
  tolerance: number;
  /** "retraction-stalled": ½‖F(θ) − y‖² where the retraction stopped; else null. */
  reachedLoss: number | null;
  /** "retraction-stalled": the point where the retraction stopped; else null. */
  theta: Float64Array | null;
  lambdaStar: null;
  etaCritical: null;
  certificate: null;
  /** One line saying why there is no λ*. */
  reason: string;
}

/**
 * flattestMinimumData's result: the flattest minimum found, or why there is none.
 * @category Data-model runs
 */
export type FlattestDataOutcome = FlattestDataResult | NoExactFit;

interface Geometry {
  J: Float64Array;
  eig: SymmetricEigen;
  r: Float64Array;
  rnorm: number;
}

function geometry(model: DataModel, theta: Float64Array, y: Float64Array): Geometry {
  const J = model.jacobian(theta);
  const eig = symmetricEigen(denseGram(J, model.n, model.p), model.n);
  const r = model.forward(theta, new Float64Array(model.n));
  let s = 0;
  for (let i = 0; i < model.n; i++) {
    r[i] -= y[i];
    s += r[i] * r[i];
  }
  return { J, eig, r, rnorm: Math.sqrt(s) };
}

/** Jᵀ(JJᵀ)⁺b via the eigenpairs of JJᵀ (cut-off 1e-13·λ_max). */
function pinvT(g: Geometry, n: number, p: number, b: Float64Array): Float64Array {
  const { values, vectors } = g.eig;
  const c = new Float64Array(n);
  const cut = 1e-13 * Math.max(values[0], 0);
  for (let k = 0; k < n; k++) {
    if (!(values[k] > cut)) continue;
    let s = 0;
    for (let i = 0; i < n; i++) s += vectors[i * n + k] * b[i];
    s /= values[k];
    for (let i = 0; i < n; i++) c[i] += vectors[i * n + k] * s;
  }
  const out = new Float64Array(p);
  for (let i = 0; i < n; i++) for (let t = 0; t < p; t++) out[t] += g.J[i * p + t] * c[i];
  return out;
}

/**
 * Gauss–Newton retraction onto M, damped (the step J⁺r is halved until ‖r‖
 * falls, so far starts converge too); returns the geometry at the retracted
 * point (θ updated in place).
 */
function retract(model: DataModel, theta: Float64Array, y: Float64Array, scale: number): Geometry {
  let g = geometry(model, theta, y);
  for (let it = 0; it < 200 && g.rnorm > 1e-14 * scale; it++) {
    const step = pinvT(g, model.n, model.p, g.r);
    let s = 1, next: Geometry | null = null;
    const trial = new Float64Array(model.p);
    for (let bt = 0; bt < 30; bt++, s *= 0.5) {
      for (let t = 0; t < model.p; t++) trial[t] = theta[t] - s * step[t];
      const gt = geometry(model, trial, y);
      if (gt.rnorm < g.rnorm) {
        next = gt;
        break;
      }
    }
    if (!next) break; // no more progress at rounding level
    theta.set(trial);
    g = next;
  }
  return g;
}

/** P_T·w = w − Jᵀ(JJᵀ)⁺J·w, in place. */
function projectTangent(g: Geometry, n: number, p: number, w: Float64Array): void {
  const Jw = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let t = 0; t < p; t++) s += g.J[i * p + t] * w[t];
    Jw[i] = s;
  }
  const back = pinvT(g, n, p, Jw);
  for (let t = 0; t < p; t++) w[t] -= back[t];
}

/** Euclidean projection of a symmetric m×m matrix onto {U ⪰ 0, tr U = 1}: eigenvalues onto the simplex. */
function projectSpectraplex(U: Float64Array, m: number): Float64Array {
  const e = symmetricEigen(U, m);
  const mu = Array.from(e.values); // decreasing
  let cum = 0, tau = 0;
  for (let k = 0; k < m; k++) {
    cum += mu[k];
    const t = (cum - 1) / (k + 1);
    if (mu[k] - t > 0) tau = t;
  }
  const out = new Float64Array(m * m);
  for (let k = 0; k < m; k++) {
    const w = Math.max(mu[k] - tau, 0);
    if (w === 0) continue;
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) out[i * m + j] += w * e.vectors[i * m + k] * e.vectors[j * m + k];
  }
  return out;
}

/**
 * The steepest-descent direction of λ_max(JJᵀ) on M at a cluster of m top
 * eigenvalues: the minimum-norm element of {Σ_kl U_kl·D_kl : U ⪰ 0, tr U = 1},
 * where D_kl = P_T∇(u_kᵀJJᵀu_l) = P_T(σ_l·C(u_k)v_l + σ_k·C(u_l)v_k) and
 * C(c) = Σᵢcᵢ∇²Fᵢ (for m = 1 this is P_T∇λ = 2σ·P_T C(u)v). Solved by
 * projected gradient on the m×m spectraplex (m is small).
 */
function descentDirection(model: DataModel, theta: Float64Array, g: Geometry, m: number): Float64Array {
  const { n, p } = model;
  const sig: number[] = [], us: Float64Array[] = [], vs: Float64Array[] = [], Xtu: Float64Array[] = [];
  for (let k = 0; k < m; k++) {
    const sigma = Math.sqrt(Math.max(g.eig.values[k], 0));
    const u = new Float64Array(n), v = new Float64Array(p);
    for (let i = 0; i < n; i++) u[i] = g.eig.vectors[i * n + k];
    for (let i = 0; i < n; i++) for (let t = 0; t < p; t++) v[t] += g.J[i * p + t] * u[i];
    if (sigma > 0) for (let t = 0; t < p; t++) v[t] /= sigma;
    sig.push(sigma);
    us.push(u);
    vs.push(v);
    Xtu.push(model.ops.XTv(u, new Float64Array(model.d)));
  }
  const D: Float64Array[] = new Array(m * m);
  for (let k = 0; k < m; k++) {
    for (let l = k; l < m; l++) {
      const w = new Float64Array(p);
      const a = model.curvature(theta, us[k], Xtu[k], vs[l], new Float64Array(p));
      const b = model.curvature(theta, us[l], Xtu[l], vs[k], new Float64Array(p));
      for (let t = 0; t < p; t++) w[t] = sig[l] * a[t] + sig[k] * b[t];
      if (model.kind !== "linear") projectTangent(g, n, p, w);
      D[k * m + l] = D[l * m + k] = w;
    }
  }
  const combine = (U: Float64Array): Float64Array => {
    const out = new Float64Array(p);
    for (let k = 0; k < m * m; k++) {
      const c = U[k];
      if (c === 0) continue;
      const w = D[k];
      for (let t = 0; t < p; t++) out[t] += c * w[t];
    }
    return out;
  };
  if (m === 1) return D[0];
  // Gram of the D's, then projected gradient on h(U) = ‖Σ U_kl D_kl‖².
  const mm = m * m;
  const M = new Float64Array(mm * mm);
  for (let a = 0; a < mm; a++) for (let b = a; b < mm; b++) {
    let s = 0;
    for (let t = 0; t < p; t++) s += D[a][t] * D[b][t];
    M[a * mm + b] = M[b * mm + a] = s;
  }
  const L = 2 * Math.max(symmetricEigen(M, mm).values[0], 0);
  let U: Float64Array = new Float64Array(mm);
  for (let k = 0; k < m; k++) U[k * m + k] = 1 / m;
  const step = L > 0 ? 1 / L : 0;
  for (let it = 0; it < 300 && step > 0; it++) {
    const G = new Float64Array(mm);
    for (let a = 0; a < mm; a++) {
      let s = 0;
      for (let b = 0; b < mm; b++) s += M[a * mm + b] * U[b];
      G[a] = 2 * s;
    }
    const next = projectSpectraplex(U.map((x, a) => x - step * G[a]), m);
    let diff = 0;
    for (let a = 0; a < mm; a++) diff = Math.max(diff, Math.abs(next[a] - U[a]));
    U = next;
    if (diff < 1e-10) break;
  }
  return combine(U);
}

/**
 * θ∥ by Gauss–Newton retraction of θ onto M, with λ(θ∥) = λ_max(J(θ∥)J(θ∥)ᵀ).
 * @category Data-model runs
 */
export interface DataProjection {
  thetaPar: Float64Array;
  /** λ_max(JJᵀ) at θ∥. */
  lambdaPar: number;
  /** ‖F(θ∥) − y‖. */
  feasibility: number;
  /** ‖θ − θ∥‖, the size of the normal component. */
  perpNorm: number;
  /** The eigenpairs of JJᵀ at θ∥, largest first (the normal modes; eigenvector signs are arbitrary). */
  modes: SymmetricEigen;
  /**
   * Whether θ∥ is on M (feasibility ≤ 1e-10·(1 + ‖y‖)). False when F = y cannot be reached from θ (y outside
   * range(X), or the retraction stalled): θ∥, λ(θ∥) and ‖θ − θ∥‖ then describe where it stopped, not a point of M.
   */
  reached: boolean;
}

/**
 * Projects θ onto M = {F = y} by Gauss–Newton steps θ ← θ − J⁺(F(θ) − y)
 * (minimum-norm steps, so θ − θ∥ is close to normal to M; exact for linear F).
 * @example
 * const pr = projectToDataManifold(model, theta0, data.y);
 * @category Data-model runs
 */
export function projectToDataManifold(model: DataModel, theta: ArrayLike<number>, y: Float64Array): DataProjection {
  argObject("projectToDataManifold", "model", model); argArray("projectToDataManifold", "theta", theta); argArray("projectToDataManifold", "y", y);
  let ynorm = 0;
  for (const v of y) ynorm += v * v;
  const t = Float64Array.from(theta);
  const scale = 1 + Math.sqrt(ynorm);
  const g = retract(model, t, y, scale);
  let pn = 0;
  for (let i = 0; i < t.length; i++) pn += (t[i] - theta[i]) ** 2;
  return { thetaPar: t, lambdaPar: g.eig.values[0], feasibility: g.rnorm, perpNorm: Math.sqrt(pn), modes: g.eig, reached: g.rnorm <= FEASIBLE * scale };
}

function clusterSize(values: Float64Array, tol: number): number {
  let m = 1;
  while (m < values.length && values[0] - values[m] <= tol * Math.abs(values[0])) m++;
  return m;
}

/**
 * The relative gap below which the search's end point counts as lying on a
 * ridge of a multiple top eigenvalue. At such a minimum λ_max is not smooth
 * and the ε-steepest descent stops a little off the ridge: on the n = 5,
 * d = 12 diagonal instance of the tests the final gap ranged from 3.6e-7 to
 * 2.0e-6 depending only on the rounding of the eigensolver's stopping rule,
 * so a gap below 1e-5 cannot be told from a double eigenvalue (the duality
 * certificate of docs/design.md §4 bounds λ* there to about the same width).
 */
export const RIDGE_RESOLUTION = 1e-5;

/**
 * Finds an (empirical) flattest global minimum θ∥* of a several-output model
 * by Riemannian GD on λ_max(JJᵀ) over M, started from θ₀ (retracted onto M
 * first), with Armijo backtracking on λ itself. Where the top eigenvalue is
 * (nearly) multiple, λ_max is not smooth: the step then follows the
 * minimum-norm element of the generalised gradient of the cluster (the
 * ε-steepest descent of eigenvalue optimisation), and the result says so (`usedClusterSteps`,
 * `topSimple`, `multiplicity`). A local method: it finds a local minimum of λ
 * on M near θ₀, not a certified global one.
 *
 * When F = y cannot be reached, the result is `kind: "no-exact-fit"` with the least-squares loss and no λ*
 * (NoExactFit): y outside range(X) (checked first, by the linear least-squares residual, exact-fit.ts), or a
 * Gauss–Newton retraction from θ₀ that stops off M.
 *
 * @example
 * const f = flattestMinimumData({ kind: "diagonal", n, d }, data, theta0);
 * if (f.kind === "exact") { f.lambdaStar; f.etaCritical; f.topSimple; } else f.leastSquaresLoss;
 * @category Data-model runs
 */
export function flattestMinimumData(spec: DataModelSpec, data: Dataset, theta0: ArrayLike<number>, opts: FlattestDataOptions = {}): FlattestDataOutcome {
  checkDataset(data);
  argArray("flattestMinimumData", "theta0", theta0); argObject("flattestMinimumData", "opts", opts, true);
  const p = paramCount(spec);
  if (theta0.length !== p) throw new InvalidArgumentError(`theta0 has ${theta0.length} entries; the ${spec.kind} model needs p = ${p}`);
  for (let i = 0; i < p; i++) if (!Number.isFinite(theta0[i])) throw new InvalidArgumentError(`theta0[${i}] is ${theta0[i]}; all entries must be finite`);
  const gradTol = opts.gradTol ?? 1e-9;
  const maxIter = opts.maxIter ?? 20000;
  const multipleTol = opts.multipleTol ?? 1e-6;
  const engine = engineOr(opts.engine);
  return engine.scoped(() => {
    const model = dataModel(spec, new DataOps(engine, data));
    const y = Float64Array.from(data.y);
    let ynorm = 0;
    for (const v of y) ynorm += v * v;
    const scale = 1 + Math.sqrt(ynorm);
    // After binding the model (which checks spec against data): a mismatch stays an error, not a result.
    const fit = dataExactFit(data);
    const noFit = (cause: NoExactFit["cause"], at: Geometry | null, point: Float64Array | null, reason: string): NoExactFit => ({
      kind: "no-exact-fit", label: "no exact fit", cause,
      leastSquaresLoss: fit.leastSquaresLoss, relativeResidual: fit.relativeResidual, tolerance: fit.tolerance,
      reachedLoss: at ? 0.5 * at.rnorm * at.rnorm : null, theta: point,
      lambdaStar: null, etaCritical: null, certificate: null, reason,
    });
    // range(F) = range(X) for every model but the tanh MLP (exact-fit.ts); for the tanh MLP only the retraction can tell,
    // unless p < n: then F(R^p) is a p-dimensional set in R^n and a generic y is not on it (no retraction is tried).
    const linearRange = spec.kind !== "tanh-mlp";
    if (!fit.exact && linearRange) return noFit("y-outside-range", null, null, noExactFitLine(fit.leastSquaresLoss));
    if (!linearRange && p < model.n) {
      const g0 = geometry(model, Float64Array.from(theta0), y);
      const l0 = 0.5 * g0.rnorm * g0.rnorm;
      return {
        ...noFit("underparametrised", g0, Float64Array.from(theta0), `no exact fit: tanh-mlp with p = ${p} < n = ${model.n} maps R^p onto a p-dimensional set in R^n, so y is (generically) not reached: no manifold of minima, no λ*`),
        leastSquaresLoss: l0, relativeResidual: NaN,
      };
    }
    const theta = Float64Array.from(theta0);
    let g = retract(model, theta, y, scale);
    if (!(g.eig.values[0] > 0)) throw new InvalidArgumentError("J(θ₀) is zero after retraction onto M; start from another point");
    if (g.rnorm > FEASIBLE * scale) {
      const reached = 0.5 * g.rnorm * g.rnorm;
      if (!linearRange) {
        // F is not linear in X: the least-squares loss over θ is unknown; the loss where the retraction stopped bounds it.
        return {
          ...noFit("retraction-stalled", g, theta, `no exact fit reached: the Gauss–Newton retraction from θ₀ stopped at loss ${reached.toPrecision(6)} > 0, off M, so there is no λ* from this start (tanh-mlp: try another θ₀ or a larger --hidden)`),
          leastSquaresLoss: reached, relativeResidual: NaN,
        };
      }
      return noFit("retraction-stalled", g, theta,
        `no exact fit reached: the Gauss–Newton retraction from θ₀ stopped at loss ${reached.toPrecision(6)} > 0, off M, so there is no λ* from this start (least-squares loss ${fit.leastSquaresLoss.toPrecision(3)}: try another θ₀)`);
    }
    let lambda = g.eig.values[0];
    const history = [lambda];
    let alpha = 0;
    let gradRel = Infinity, iterations = 0, usedCluster = false;
    // ε-steepest descent for λ_max: the eigenvalues within ε·λ of the top count as one cluster.
    // ε grows (×10, up to 0.1) when a step fails (a nearby eigenvalue overtook the top), and
    // shrinks (÷10, down to multipleTol) when the direction is ε-stationary, so steps can run
    // along a ridge where the top eigenvalue is double instead of zigzagging across it.
    let eps = multipleTol;
    let stallFrom = 0;
    for (; iterations < maxIter; iterations++) {
      const m = clusterSize(g.eig.values, eps);
      if (m > 1) usedCluster = true;
      const dir = descentDirection(model, theta, g, m);
      let gn2 = 0;
      for (const v of dir) gn2 += v * v;
      gradRel = Math.sqrt(gn2) / lambda;
      if (gradRel <= gradTol || gn2 === 0) {
        if (eps <= multipleTol) break;
        eps = Math.max(eps / 10, multipleTol);
        alpha = 0;
        continue;
      }
      if (alpha === 0) alpha = (0.01 * lambda) / gn2;
      // Armijo backtracking on λ after retraction.
      let accepted = false;
      for (let bt = 0; bt < 60; bt++) {
        const trial = Float64Array.from(theta, (x, t) => x - alpha * dir[t]);
        const gt = retract(model, trial, y, scale);
        const lt = gt.eig.values[0];
        if (gt.rnorm <= FEASIBLE * scale && lt <= lambda - 1e-4 * alpha * gn2) {
          theta.set(trial);
          g = gt;
          lambda = lt;
          accepted = true;
          break;
        }
        alpha *= 0.5;
      }
      if (!accepted) {
        // No descent: a neighbouring eigenvalue overtakes the top (widen the cluster), or the rounding floor.
        if (eps < 0.1 && g.eig.values.length > m) {
          eps = Math.min(eps * 10, 0.1);
          alpha = 0;
          continue;
        }
        break;
      }
      alpha *= 2;
      // A long run of tiny successful steps with a near-multiple top: widen the cluster.
      if (m < g.eig.values.length && g.eig.values[0] - g.eig.values[m] <= 10 * eps * lambda && iterations % 50 === 49) eps = Math.min(eps * 10, 0.1);
      history.push(lambda);
      const h = history.length;
      if (h - stallFrom > 1000 && history[h - 1001] - lambda <= 1e-13 * lambda) {
        // Stalled: zigzagging across a ridge of a (nearly) multiple top; widen the cluster, or stop.
        if (eps >= 0.1) break;
        eps = Math.min(eps * 10, 0.1);
        stallFrom = h;
        alpha = 0;
      }
    }
    const vals = g.eig.values;
    const relativeGap = vals.length > 1 ? (vals[0] - vals[1]) / vals[0] : 1;
    const multiplicity = clusterSize(vals, Math.max(multipleTol, RIDGE_RESOLUTION));
    return {
      kind: "exact",
      label: "empirical",
      lambdaStar: lambda,
      etaCritical: 2 / lambda,
      theta,
      gradRel,
      clusterWidth: eps,
      converged: gradRel <= gradTol,
      iterations,
      feasibility: g.rnorm,
      topSimple: multiplicity === 1,
      relativeGap,
      multiplicity,
      usedClusterSteps: usedCluster,
      history,
      certificate: spec.kind === "diagonal" ? diagonalFlattestCertificate(data, theta) : null,
    };
  });
}
