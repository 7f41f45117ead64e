import { InvalidArgumentError } from "../errors.js";
import type { Codim1Model } from "../models/codim1.js";
import { solveDense } from "../linalg/dense-solve.js";
import { floquetMultiplier, type FloquetMultiplier } from "./floquet.js";
import { gdJacobian, gdStep } from "./gd-jacobian.js";
import { argNumber, argObject } from "../check-args.js";

/**
 * The line L = {point + s·direction}; for the paper's orbit, point = θ∥* and direction = n(θ∥*).
 * @category Theory
 */
export interface OrbitLine {
  point: Float64Array;
  /** Need not be normalised; it is normalised here. */
  direction: Float64Array;
}

/**
 * Options of {@link periodTwoOrbit}.
 *
 * @category Theory
 */
export interface PeriodTwoOrbitOptions {
  /** Largest |s| searched for the orbit. Default max(1, ‖point‖). */
  maxAmplitude?: number;
  /** Maps an orbit point to its θ⊥ (e.g. via projectToManifold). Without it θ⊥ is the line coordinate s, exact when the projection of every point of L is `point` (deep scalar on span(1)). */
  thetaPerp?: (theta: Float64Array) => number;
  /**
   * Projects an orbit point onto M (e.g. projectToManifold): gives θ⊥ (and
   * then `thetaPerp` is not used) and the orbit's own projection points
   * `thetaPar` with their distances `distPar` to `point`.
   */
  project?: (theta: Float64Array) => { point: Float64Array; thetaPerp: number };
}

/**
 * How the orbit points were found.
 * @category Theory
 */
export type OrbitMethod =
  /** The root of g(g(s)) = s on L, kept because L is invariant under GD (deep scalar on span(1)): exact as it stands. */
  | "line"
  /** The line root, then Newton's method on G∘G in all of R^p: the true orbit when L is not invariant. */
  | "newton";

/**
 * What {@link periodTwoOrbit} returns: the two points of the orbit, if found, and its stability.
 *
 * @category Theory
 */
export interface PeriodTwoOrbit {
  /** True when a non-trivial solution of g(g(s)) = s was found. */
  found: boolean;
  /** Why not, when found is false. */
  reason: string | null;
  /** Line coordinates s_a > 0 and s_b = g(s_a) of the two line-solve points; after Newton in R^p, dᵀ(θ − point) of the refined points. */
  s: [number, number] | null;
  thetaA: Float64Array | null;
  thetaB: Float64Array | null;
  /** θ⊥ at θ_a and θ_b, in that order. */
  thetaPerp: [number, number] | null;
  thetaPerpSource: "projection" | "line-coordinate";
  /**
   * The orbit's own projection points θ∥(θ_a), θ∥(θ_b) (with the `project`
   * option; else null). They equal `point` only when L is invariant; for a
   * general model the orbit's projections sit O(ηλ* − 2) away from θ∥*.
   */
  thetaPar: [Float64Array, Float64Array] | null;
  /** ‖θ∥(θ_a) − point‖ and ‖θ∥(θ_b) − point‖: what a run converging to the orbit shows as distPar (with `project`; else null). */
  distPar: [number, number] | null;
  /** |s_a − s_b|/2. */
  amplitude: number | null;
  /** Iterations of the line solve. */
  newtonIterations: number;
  /** |g(g(s_a)) − s_a| of the line solve. */
  residual: number | null;
  /** Largest off-line component of G(θ) at the line-solve points: 0 when L is invariant under GD, as on deep scalar's span(1). */
  lineResidual: number | null;
  /** "line" when L is invariant (the line root is the orbit), "newton" when refined in R^p. */
  method: OrbitMethod;
  /** Newton iterations in R^p (0 for "line"). */
  refineIterations: number;
  /** Of those, how many steps came from the regularised least-squares solve because J − I was (nearly) singular. */
  leastSquaresSteps: number;
  /** max |G(G(θ_a)) − θ_a| over the entries, at the reported orbit points (in R^p, whatever the method). */
  orbitResidual: number | null;
  floquet: FloquetMultiplier | null;
}

/**
 * The period-2 orbit θ_a → θ_b → θ_a of GD near θ∥* (docs/design.md §3,
 * supercritical), in two stages.
 *
 * 1. On the line L: with θ(s) = point + s·d (d unit), g(s) = dᵀ(G(θ(s)) − point)
 *    is GD restricted to L; on deep scalar with L = span(1) this is
 *    g(s) = s − η(f − y)∇f·d, the paper's 1-D map. Solves
 *    h(s) = g(g(s)) − s = 0 for s > 0 by Newton's method, safeguarded by a
 *    bracket found by a doubling scan from s = 1e-6·scale (where h > 0 when
 *    ηλ* > 2, since h(s) ≈ ((1 − ηλ*)² − 1)s), with bisection whenever a
 *    Newton step leaves the bracket.
 * 2. L is invariant under GD only for special models (deep scalar on
 *    span(1)); then the line root is the orbit and is returned as solved
 *    (method "line"). Otherwise GD leaves L, the true orbit lies off it and
 *    its projections onto M sit O(ηλ* − 2) from θ∥*: the line root seeds
 *    Newton's method on G∘G(θ) = θ in all of R^p (method "newton"). Along M
 *    the orbit is pinned only by multipliers 1 − O(ηλ* − 2), so in float64
 *    it is determined to about ε/(ηλ* − 2): very near η_c the line root can
 *    already be a floating-point orbit (zero Newton iterations).
 *
 * Then the Floquet multiplier at the reported orbit points, in R^p.
 * @example
 * const m = deepScalar({ depth: 2 });
 * const { thetaStar } = deepScalarFlattest(m);
 * const at = projectToManifold(m, thetaStar);
 * const orbit = periodTwoOrbit(m, 1.05, { point: thetaStar, direction: at.normal });
 * @category Theory
 */
export function periodTwoOrbit(model: Codim1Model, eta: number, line: OrbitLine, opts: PeriodTwoOrbitOptions = {}): PeriodTwoOrbit {
  argObject("periodTwoOrbit", "model", model); argNumber("periodTwoOrbit", "eta", eta); argObject("periodTwoOrbit", "line", line); argObject("periodTwoOrbit", "opts", opts, true);
  const p = model.dim;
  if (line.point.length !== p || line.direction.length !== p) {
    throw new InvalidArgumentError(`orbit line has length ${line.point.length}/${line.direction.length}, model dim is ${p}`);
  }
  if (!(eta > 0) || !Number.isFinite(eta)) throw new InvalidArgumentError(`η must be finite and > 0, got ${eta}`);
  let dn = 0;
  for (let i = 0; i < p; i++) dn += line.direction[i] ** 2;
  dn = Math.sqrt(dn);
  if (!(dn > 0) || !Number.isFinite(dn)) throw new InvalidArgumentError("orbit line direction must be finite and nonzero");
  const d = line.direction.map((x) => x / dn);
  const pt = line.point;
  let scale = 0;
  for (let i = 0; i < p; i++) scale += pt[i] ** 2;
  scale = Math.max(1, Math.sqrt(scale));
  const maxS = opts.maxAmplitude ?? scale;
  if (typeof maxS !== "number" || !(maxS > 0) || !Number.isFinite(maxS)) {
    throw new InvalidArgumentError(`maxAmplitude must be a finite number > 0, got ${String(opts.maxAmplitude)}`);
  }

  const at = (s: number) => { const th = new Float64Array(p); for (let i = 0; i < p; i++) th[i] = pt[i] + s * d[i]; return th; };
  const g1 = new Float64Array(p), hv = new Float64Array(p), nx = new Float64Array(p);
  // g(s) and g'(s) = dᵀDG(θ(s))d = 1 − η((∇f·d)² + (f − y)dᵀ∇²f d).
  const gAndSlope = (s: number): [number, number] => {
    const th = at(s);
    gdStep(model, eta, th, nx);
    let gs = 0;
    for (let i = 0; i < p; i++) gs += d[i] * (nx[i] - pt[i]);
    model.grad(th, g1);
    model.hvp(th, d, hv);
    const r = model.f(th) - model.target;
    let gd = 0, dhd = 0;
    for (let i = 0; i < p; i++) { gd += g1[i] * d[i]; dhd += d[i] * hv[i]; }
    return [gs, 1 - eta * (gd * gd + r * dhd)];
  };
  const h = (s: number): [number, number] => {
    const [gs, d1] = gAndSlope(s);
    const [ggs, d2] = gAndSlope(gs);
    return [ggs - s, d2 * d1 - 1];
  };
  const none = (reason: string, iters = 0): PeriodTwoOrbit => ({
    found: false, reason, s: null, thetaA: null, thetaB: null, thetaPerp: null, thetaPerpSource: opts.thetaPerp || opts.project ? "projection" : "line-coordinate",
    thetaPar: null, distPar: null, amplitude: null, newtonIterations: iters, residual: null, lineResidual: null,
    method: "line", refineIterations: 0, leastSquaresSteps: 0, orbitResidual: null, floquet: null,
  });

  // Bracket: h(lo) > 0 > h(hi).
  let lo = 1e-6 * scale, hLo = h(lo)[0];
  if (!(hLo > 0)) return none("h(s) = g(g(s)) − s is not positive near the fixed point: the fixed point is not unstable along L (ηλ* ≤ 2?)");
  let hi = lo, found = false;
  // Doubling from lo ≥ 1e-6 reaches any finite maxS within 1100 steps; the cap also stops a NaN scale.
  for (let doublings = 0; hi < maxS && doublings < 1100; doublings++) {
    const next = Math.min(2 * hi, maxS);
    const hn = h(next)[0];
    if (!Number.isFinite(hn)) return none(`GD overflowed on L at s = ${next} before g(g(s)) = s had a root`);
    if (hn <= 0) { lo = hi; hi = next; found = true; break; }
    hi = next;
    if (next === maxS) break;
  }
  if (!found) return none(`no root of g(g(s)) = s with 0 < s ≤ ${maxS}`);
  hLo = h(lo)[0];

  // Safeguarded Newton inside [lo, hi].
  let s = 0.5 * (lo + hi), iters = 0;
  for (; iters < 200; iters++) {
    const [hs, dh] = h(s);
    if (hs === 0) break;
    if (hs > 0) lo = s; else hi = s;
    let next = dh !== 0 ? s - hs / dh : NaN;
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    const done = Math.abs(next - s) <= 4 * Number.EPSILON * Math.abs(s) || hi - lo <= 4 * Number.EPSILON * hi;
    s = next;
    if (done) break;
  }
  const sa = s, sb = gAndSlope(sa)[0];
  let thetaA: Float64Array = at(sa), thetaB: Float64Array = at(sb);
  const residual = Math.abs(gAndSlope(sb)[0] - sa);
  // Off-line component of G at the orbit points: is L invariant?
  let lineResidual = 0;
  for (const th of [thetaA, thetaB]) {
    gdStep(model, eta, th, nx);
    let c = 0;
    for (let i = 0; i < p; i++) c += d[i] * (nx[i] - pt[i]);
    for (let i = 0; i < p; i++) lineResidual = Math.max(lineResidual, Math.abs(nx[i] - pt[i] - c * d[i]));
  }
  // L is invariant only for special models (deep scalar on span(1)); then the line root is the orbit and is kept
  // exactly as solved. Otherwise GD leaves L and the true orbit lies off it: refine in R^p (docs/design.md §3).
  // Invariance is tested at rounding level, at the orbit points and at s = ±0.01·scale: near η_c the orbit points sit
  // so close to θ∥* that GD's off-line part there (second order in s) drowns in rounding, yet the true orbit's
  // projection is still O(ηλ* − 2) from θ∥*.
  const offLine = (th: Float64Array): number => {
    gdStep(model, eta, th, nx);
    let c = 0, size = 0, off = 0;
    for (let i = 0; i < p; i++) c += d[i] * (nx[i] - pt[i]);
    for (let i = 0; i < p; i++) {
      off = Math.max(off, Math.abs(nx[i] - pt[i] - c * d[i]));
      size = Math.max(size, Math.abs(th[i]), Math.abs(nx[i] - th[i]));
    }
    return off / size;
  };
  const invariantTol = 16 * (p + 4) * Number.EPSILON;
  const invariant = [thetaA, thetaB, at(0.01 * scale), at(-0.01 * scale)].every((th) => offLine(th) <= invariantTol);
  let method: OrbitMethod = "line", refineIterations = 0, leastSquaresSteps = 0;
  let sPair: [number, number] = [sa, sb];
  if (!invariant) {
    const r = refineOrbit(model, eta, thetaA, scale);
    refineIterations = r.iterations;
    leastSquaresSteps = r.leastSquaresSteps;
    method = "newton";
    const fail = (why: string) => ({ ...none(why, iters), newtonIterations: iters, residual, lineResidual, method, refineIterations, leastSquaresSteps, orbitResidual: r.residual });
    if (!(r.residual <= REFINE_ACCEPT_TOL * scale)) return fail(`Newton on G∘G in R^p did not converge from the orbit on L (residual ${r.residual.toPrecision(3)})`);
    let gap = 0;
    for (let i = 0; i < p; i++) gap = Math.max(gap, Math.abs(r.thetaA[i] - r.thetaB[i]));
    // G∘G(θ) = θ on all of M too: a Newton run that lands on M found a fixed point, not the orbit.
    if (!(gap > 1e-3 * Math.abs(sa - sb))) return fail("Newton on G∘G in R^p collapsed onto M (a fixed point, not a period-2 orbit)");
    thetaA = r.thetaA;
    thetaB = r.thetaB;
    sPair = [lineCoord(thetaA, pt, d), lineCoord(thetaB, pt, d)];
  }
  const orbitResidual = twoStepResidual(model, eta, thetaA);
  let tp: [number, number] = [sPair[0], sPair[1]];
  let thetaPar: [Float64Array, Float64Array] | null = null, distPar: [number, number] | null = null;
  if (opts.project) {
    const pa = opts.project(thetaA), pb = opts.project(thetaB);
    tp = [pa.thetaPerp, pb.thetaPerp];
    thetaPar = [Float64Array.from(pa.point), Float64Array.from(pb.point)];
    distPar = [distance(pa.point, pt), distance(pb.point, pt)];
  } else if (opts.thetaPerp) {
    tp = [opts.thetaPerp(thetaA), opts.thetaPerp(thetaB)];
  }
  return {
    found: true, reason: null, s: sPair, thetaA, thetaB, thetaPerp: tp,
    thetaPerpSource: opts.thetaPerp || opts.project ? "projection" : "line-coordinate",
    thetaPar, distPar,
    amplitude: Math.abs(sPair[0] - sPair[1]) / 2, newtonIterations: iters, residual, lineResidual,
    method, refineIterations, leastSquaresSteps, orbitResidual,
    floquet: floquetMultiplier(model, eta, thetaA, thetaB),
  };
}

/** A refined orbit counts as found when max|G(G(θ_a)) − θ_a| ≤ this × max(1, ‖point‖). */
const REFINE_ACCEPT_TOL = 1e-10;

function lineCoord(theta: Float64Array, pt: Float64Array, d: Float64Array): number {
  let c = 0;
  for (let i = 0; i < theta.length; i++) c += d[i] * (theta[i] - pt[i]);
  return c;
}

function distance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  return Math.sqrt(s);
}

function maxAbs(v: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) m = Math.max(m, Math.abs(v[i]));
  return m;
}

/** max |G(G(θ)) − θ| over the entries (NaN propagates). */
function twoStepResidual(model: Codim1Model, eta: number, theta: Float64Array): number {
  const b = gdStep(model, eta, theta), c = gdStep(model, eta, b);
  let m = 0;
  for (let i = 0; i < theta.length; i++) {
    const e = Math.abs(c[i] - theta[i]);
    if (!(e <= m)) m = e;
  }
  return m;
}

/**
 * Newton's method on F(θ) = G(G(θ)) − θ in R^p from θ₀ (the root on L), with
 * DF = DG(θ_b)·DG(θ_a) − I from gd-jacobian and a backtracking line search on
 * max|F|. At an attracting orbit every eigenvalue of J = DG(θ_b)·DG(θ_a) has
 * modulus < 1, so DF is invertible and the orbit is isolated (it is not one of
 * a family); DF is nearly singular only when a multiplier nears 1 — near η_c
 * the modes along M have multipliers 1 − O(ηλ* − 2), and at an unstable orbit
 * one may cross 1. Then the Gaussian-elimination step is replaced by the
 * regularised least-squares step (DFᵀDF + μI)δ = −DFᵀF, a pseudo-inverse step
 * that ignores the (near-)null directions.
 */
function refineOrbit(model: Codim1Model, eta: number, theta0: Float64Array, scale: number) {
  const p = model.dim;
  const ja = new Float64Array(p * p), jb = new Float64Array(p * p), a = new Float64Array(p * p), ata = new Float64Array(p * p);
  const rhs = new Float64Array(p), delta = new Float64Array(p), trial = new Float64Array(p);
  const theta = Float64Array.from(theta0);
  const F = (th: Float64Array, out: Float64Array): number => {
    const b = gdStep(model, eta, th), c = gdStep(model, eta, b);
    for (let i = 0; i < p; i++) out[i] = c[i] - th[i];
    return maxAbs(out);
  };
  const fv = new Float64Array(p), ft = new Float64Array(p);
  let res = F(theta, fv);
  let iterations = 0, leastSquaresSteps = 0;
  for (; iterations < 60 && res > 0 && Number.isFinite(res); iterations++) {
    const tb = gdStep(model, eta, theta);
    gdJacobian(model, eta, theta, ja);
    gdJacobian(model, eta, tb, jb);
    // a = DG(θ_b)·DG(θ_a) − I
    for (let i = 0; i < p; i++) {
      for (let j = 0; j < p; j++) {
        let sum = 0;
        for (let k = 0; k < p; k++) sum += jb[i * p + k] * ja[k * p + j];
        a[i * p + j] = sum - (i === j ? 1 : 0);
      }
    }
    // Backtracking: accept the first step length that lowers max|F|.
    const search = (): number => {
      let t = 1;
      for (let ls = 0; ls < 30; ls++) {
        for (let i = 0; i < p; i++) trial[i] = theta[i] + t * delta[i];
        if (F(trial, ft) < res) return t;
        t *= 0.5;
      }
      return 0;
    };
    let t = newtonStep(a, fv, delta, rhs, ata, p) ? search() : 0;
    if (t === 0) {
      // Singular, nearly singular (a huge step) or no descent: the least-squares step instead.
      leastSquaresSteps++;
      t = leastSquaresStep(a, fv, delta, ata, p) ? search() : 0;
    }
    if (t === 0) break;
    const next = maxAbs(ft);
    theta.set(trial);
    fv.set(ft);
    res = next;
    if (t * maxAbs(delta) <= 4 * Number.EPSILON * Math.max(scale, maxAbs(theta))) { iterations++; break; }
  }
  return { thetaA: theta, thetaB: gdStep(model, eta, theta), residual: res, iterations, leastSquaresSteps };
}

/**
 * δ = −A⁻¹F by Gaussian elimination with partial pivoting; false when A is
 * singular or the step is non-finite or amplifies F by more than 1e12 (A is
 * then too close to singular for the step to mean anything).
 */
function newtonStep(a: Float64Array, f: Float64Array, delta: Float64Array, rhs: Float64Array, work: Float64Array, p: number): boolean {
  work.set(a);
  for (let i = 0; i < p; i++) rhs[i] = -f[i];
  if (!solveDense(work, rhs, p)) return false;
  for (let i = 0; i < p; i++) if (!Number.isFinite(rhs[i])) return false;
  if (maxAbs(rhs) > 1e12 * maxAbs(f)) return false;
  delta.set(rhs);
  return true;
}

/** δ = −(AᵀA + μI)⁻¹AᵀF with μ = 1e-12·tr(AᵀA)/p: a pseudo-inverse step that damps directions A nearly annihilates. */
function leastSquaresStep(a: Float64Array, f: Float64Array, delta: Float64Array, ata: Float64Array, p: number): boolean {
  let tr = 0;
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < p; j++) {
      let s = 0;
      for (let k = 0; k < p; k++) s += a[k * p + i] * a[k * p + j];
      ata[i * p + j] = s;
    }
    tr += ata[i * p + i];
    let g = 0;
    for (let k = 0; k < p; k++) g += a[k * p + i] * f[k];
    delta[i] = -g;
  }
  const mu = Math.max(1e-12 * tr / p, Number.MIN_VALUE);
  for (let i = 0; i < p; i++) ata[i * p + i] += mu;
  if (!solveDense(ata, delta, p)) return false;
  for (let i = 0; i < p; i++) if (!Number.isFinite(delta[i])) return false;
  return true;
}
