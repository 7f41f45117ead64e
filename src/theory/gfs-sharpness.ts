// The gradient-flow solution (GFS) of deep scalar factorisation and its sharpness (docs/design.md §3, "GFS
// sharpness"). Gradient flow on ℓ = ½(θ₁⋯θ_p − y)² moves every θᵢ² by the same amount, so the minimum it reaches
// from θ is θᵢ*² = θᵢ² + c with one scalar c; this file solves for c and returns θ* and λ_GFS = ‖∇f(θ*)‖².
// Pure: no engine, no wasm.
import { InvalidArgumentError } from "../errors.js";
import { argArray, argNumber } from "../check-args.js";
import { portableLog, portablePow } from "../linalg/portable-math.js";

/**
 * The point gradient flow reaches from θ on deep scalar factorisation, and its sharpness (see {@link gfsPoint}).
 *
 * @category Theory
 */
export interface GfsPoint {
  /** θ*: the limit of gradient flow from θ, a point of M = {Πθᵢ = y}. */
  thetaStar: Float64Array;
  /** The shift c of θᵢ*² = θᵢ² + c (the same for every i). */
  shift: number;
  /** λ_GFS(θ) = ‖∇f(θ*)‖² = Σᵢ Π_{j≠i} θⱼ*² (= y²·Σᵢ 1/θᵢ*² when y ≠ 0): the sharpness of ℓ at θ*. */
  sharpness: number;
  /** Safeguarded Newton iterations used to solve for c. */
  iterations: number;
}

const MAX_ITERATIONS = 200;

function checkTheta(fn: string, theta: ArrayLike<number>, y: number): void {
  argArray(fn, "theta", theta); argNumber(fn, "y", y);
  if (theta.length < 1) throw new InvalidArgumentError(`${fn}: theta must have at least one entry, got an empty array`);
  for (let i = 0; i < theta.length; i++) {
    if (typeof theta[i] !== "number" || !Number.isFinite(theta[i])) throw new InvalidArgumentError(`${fn}: theta[${i}] must be a finite number, got ${theta[i]}`);
  }
}

/**
 * The gradient-flow solution from θ on deep scalar factorisation f(θ) = θ₁⋯θ_p, ℓ = ½(f − y)² (docs/design.md
 * §3, "GFS sharpness"). Gradient flow conserves θᵢ² − θⱼ², so its limit is θᵢ*² = θᵢ² + c with Π√(θᵢ² + c) = |y|;
 * every sign is kept except, when sign(Πθ) ≠ sign(y), that of the smallest |θᵢ|, which gradient flow drives
 * through zero. c is found by Newton's method on Σ ½·log(θᵢ² − m + u) = log|y| (m = min θᵢ², u = c + m > 0),
 * which is concave and increasing in u, inside a bracket, with an iteration cap.
 * Throws InvalidArgumentError when gradient flow from θ stops at a saddle instead (two or more entries tie for
 * the smallest |θᵢ| while they must pass through zero, or two are zero), or when the result is not finite.
 * @example
 * gfsPoint([1.2, 1 / 1.2], 1).sharpness; // θ*² = θ² + c with θ₁*θ₂* = 1
 * @category Theory
 */
export function gfsPoint(theta: ArrayLike<number>, y: number): GfsPoint {
  checkTheta("gfsPoint", theta, y);
  const p = theta.length;
  let k = 0;
  for (let i = 1; i < p; i++) if (Math.abs(theta[i]) < Math.abs(theta[k])) k = i;
  const m = theta[k] * theta[k];
  let negatives = 0, ties = 0;
  for (let i = 0; i < p; i++) {
    if (theta[i] < 0) negatives++;
    if (Math.abs(theta[i]) === Math.abs(theta[k])) ties++;
  }
  // a_i = θᵢ² − m ≥ 0, a_k = 0: working in u = c + m keeps the smallest entry's θ*² = u free of cancellation.
  const a = Float64Array.from(theta, (t) => t * t - m);
  a[k] = 0;
  const signProduct = theta[k] === 0 ? 0 : negatives % 2 === 0 ? 1 : -1;
  const crosses = y !== 0 && signProduct !== Math.sign(y); // the smallest entry must pass through (or leave) zero
  if (ties > 1 && (crosses || (y !== 0 && m === 0))) {
    throw new InvalidArgumentError(`gfsPoint: gradient flow from this θ stops at a saddle (${ties} entries tie for the smallest |θᵢ| = ${Math.abs(theta[k])} and would reach zero together); there is no GFS`);
  }
  let u = 0;
  let iterations = 0;
  if (y !== 0) {
    // Portable log and pow: λ_GFS is the same number in Node and in the browser (docs/determinism-and-memory.md).
    const target = portableLog(Math.abs(y));
    const h = (v: number) => { let s = 0; for (let i = 0; i < p; i++) s += portableLog(a[i] + v); return 0.5 * s - target; };
    const dh = (v: number) => { let s = 0; for (let i = 0; i < p; i++) s += 1 / (a[i] + v); return 0.5 * s; };
    // Bracket [lo, hi] with h(lo) < 0 ≤ h(hi): h(0⁺) = −∞, and h grows like (p/2)·log u.
    let lo = 0, hi = Math.max(portablePow(Math.abs(y), 2 / p), Number.MIN_VALUE);
    while (h(hi) < 0) {
      lo = hi; hi *= 2;
      if (++iterations > 4 * MAX_ITERATIONS || !Number.isFinite(hi)) throw new InvalidArgumentError(`gfsPoint: could not bracket the shift c (|y| = ${Math.abs(y)}, θ too large or too small)`);
    }
    // Concave increasing h: a Newton step from a point with h < 0 stays left of the root, so start at lo's side
    // and fall back to bisection (geometric when lo = 0) whenever a step leaves the bracket or stalls.
    u = lo > 0 ? lo : hi / 2;
    let converged = false;
    for (let it = 0; it < MAX_ITERATIONS; it++) {
      iterations++;
      const hv = h(u);
      if (hv === 0) { converged = true; break; }
      if (hv < 0) lo = u; else hi = u;
      const next = u - hv / dh(u);
      const inside = next > lo && next < hi && Number.isFinite(next);
      const nu = inside ? next : lo > 0 ? 0.5 * (lo + hi) : hi / 16;
      if (Math.abs(nu - u) <= 4 * Number.EPSILON * u || hi - lo <= 4 * Number.EPSILON * hi) { u = nu; converged = true; break; }
      u = nu;
    }
    if (!converged) throw new InvalidArgumentError(`gfsPoint: the shift c did not converge in ${MAX_ITERATIONS} iterations`);
  }
  const thetaStar = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    const mag = Math.sqrt(a[i] + u);
    const s = theta[i] < 0 ? -1 : 1;
    thetaStar[i] = i === k ? 0 : s * mag;
  }
  // The smallest entry: its sign is whatever makes Πθ* = y (kept when sign(Πθ) already equals sign(y)).
  let others = 1;
  for (let i = 0; i < p; i++) if (i !== k) others *= thetaStar[i] < 0 ? -1 : 1;
  const magK = Math.sqrt(u);
  thetaStar[k] = y === 0 ? 0 : (Math.sign(y) * others >= 0 ? magK : -magK);
  // λ = Σᵢ Π_{j≠i} θⱼ*², by prefix/suffix products (no division, so zero entries are fine).
  const sq = Float64Array.from(thetaStar, (t) => t * t);
  let sharpness = 0;
  const pre = new Float64Array(p + 1);
  pre[0] = 1;
  for (let i = 0; i < p; i++) pre[i + 1] = pre[i] * sq[i];
  let suf = 1;
  for (let i = p - 1; i >= 0; i--) { sharpness += pre[i] * suf; suf *= sq[i]; }
  const shift = u - m;
  if (!Number.isFinite(sharpness) || !Number.isFinite(shift)) throw new InvalidArgumentError(`gfsPoint: the GFS sharpness is not finite for this θ (entries too large)`);
  return { thetaStar, shift, sharpness, iterations };
}

/**
 * λ_GFS(θ): the sharpness of the minimum gradient flow reaches from θ on deep scalar factorisation,
 * y²·Σᵢ 1/θᵢ*² with θᵢ*² = θᵢ² + c (docs/design.md §3, "GFS sharpness"; Kreisler et al., ICML 2023).
 * @example
 * gfsSharpness([1, 1, 1, 1, 1], 1); // 5: θ is already the balanced minimum, λ* = p·|y|^{2−2/p}
 * @category Theory
 */
export function gfsSharpness(theta: ArrayLike<number>, y: number): number {
  checkTheta("gfsSharpness", theta, y);
  return gfsPoint(theta, y).sharpness;
}

/**
 * λ_GFS at each record of a row-major θ series (records × p), e.g. RunSeries.theta from a run with recordTheta.
 * @example
 * const r = runTrajectory(deepScalar({ depth: 5 }), { eta: 0.39, steps: 1000, theta0: paperStarts()[0], recordTheta: true });
 * gfsSharpnessSeries(r.series.theta!, 5, 1); // one λ_GFS per record
 * @category Theory
 */
export function gfsSharpnessSeries(theta: ArrayLike<number>, p: number, y: number): Float64Array {
  argArray("gfsSharpnessSeries", "theta", theta); argNumber("gfsSharpnessSeries", "p", p); argNumber("gfsSharpnessSeries", "y", y);
  if (!Number.isSafeInteger(p) || p < 1 || theta.length % p !== 0) {
    throw new InvalidArgumentError(`gfsSharpnessSeries: p must be a positive integer dividing theta's length ${theta.length}, got ${p}`);
  }
  const n = theta.length / p;
  const out = new Float64Array(n);
  const row = new Float64Array(p);
  for (let r = 0; r < n; r++) {
    for (let i = 0; i < p; i++) row[i] = theta[r * p + i];
    out[r] = gfsPoint(row, y).sharpness;
  }
  return out;
}
