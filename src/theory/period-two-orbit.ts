import { InvalidArgumentError } from "../errors.js";
import type { Codim1Model } from "../models/codim1.js";
import { floquetMultiplier, type FloquetMultiplier } from "./floquet.js";
import { gdStep } from "./gd-jacobian.js";

/** The line L = {point + s·direction}; for the paper's orbit, point = θ∥* and direction = n(θ∥*). */
export interface OrbitLine {
  point: Float64Array;
  /** Need not be normalised; it is normalised here. */
  direction: Float64Array;
}

export interface PeriodTwoOrbitOptions {
  /** Largest |s| searched for the orbit. Default max(1, ‖point‖). */
  maxAmplitude?: number;
  /** Maps an orbit point to its θ⊥ (e.g. via projectToManifold). Without it θ⊥ is the line coordinate s, exact when the projection of every point of L is `point` (deep scalar on span(1)). */
  thetaPerp?: (theta: Float64Array) => number;
}

export interface PeriodTwoOrbit {
  /** True when a non-trivial solution of g(g(s)) = s was found. */
  found: boolean;
  /** Why not, when found is false. */
  reason: string | null;
  /** Line coordinates s_a > 0 and s_b = g(s_a) of the two orbit points. */
  s: [number, number] | null;
  thetaA: Float64Array | null;
  thetaB: Float64Array | null;
  /** θ⊥ at θ_a and θ_b, in that order. */
  thetaPerp: [number, number] | null;
  thetaPerpSource: "projection" | "line-coordinate";
  /** |s_a − s_b|/2. */
  amplitude: number | null;
  newtonIterations: number;
  /** |g(g(s_a)) − s_a|. */
  residual: number | null;
  /** Largest off-line component of G(θ) at the orbit points: 0 when L is invariant under GD, as on deep scalar's span(1). */
  lineResidual: number | null;
  floquet: FloquetMultiplier | null;
}

/**
 * The exact period-2 orbit of GD on the line L (DESIGN §4, supercritical):
 * with θ(s) = point + s·d (d unit), g(s) = dᵀ(G(θ(s)) − point) is GD
 * restricted to L; on deep scalar with L = span(1) this is
 * g(s) = s − η(f − y)∇f·d, exactly the 1-D map of the issue. Solves
 * h(s) = g(g(s)) − s = 0 for s > 0 by Newton's method, safeguarded by
 * a bracket found by a doubling scan from s = 1e-6·scale (where h > 0 when
 * ηλ* > 2, since h(s) ≈ ((1 − ηλ*)² − 1)s), with bisection whenever a
 * Newton step leaves the bracket. Then the Floquet multiplier at the orbit,
 * in the full R^p.
 */
export function periodTwoOrbit(model: Codim1Model, eta: number, line: OrbitLine, opts: PeriodTwoOrbitOptions = {}): PeriodTwoOrbit {
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
    found: false, reason, s: null, thetaA: null, thetaB: null, thetaPerp: null, thetaPerpSource: opts.thetaPerp ? "projection" : "line-coordinate",
    amplitude: null, newtonIterations: iters, residual: null, lineResidual: null, floquet: null,
  });

  // Bracket: h(lo) > 0 > h(hi).
  let lo = 1e-6 * scale, hLo = h(lo)[0];
  if (!(hLo > 0)) return none("h(s) = g(g(s)) − s is not positive near the fixed point: the fixed point is not unstable along L (ηλ* ≤ 2?)");
  let hi = lo, found = false;
  while (hi < maxS) {
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
  const thetaA = at(sa), thetaB = at(sb);
  const residual = Math.abs(gAndSlope(sb)[0] - sa);
  // Off-line component of G at the orbit points: is L invariant?
  let lineResidual = 0;
  for (const th of [thetaA, thetaB]) {
    gdStep(model, eta, th, nx);
    let c = 0;
    for (let i = 0; i < p; i++) c += d[i] * (nx[i] - pt[i]);
    for (let i = 0; i < p; i++) lineResidual = Math.max(lineResidual, Math.abs(nx[i] - pt[i] - c * d[i]));
  }
  const tp: [number, number] = opts.thetaPerp ? [opts.thetaPerp(thetaA), opts.thetaPerp(thetaB)] : [sa, sb];
  return {
    found: true, reason: null, s: [sa, sb], thetaA, thetaB, thetaPerp: tp,
    thetaPerpSource: opts.thetaPerp ? "projection" : "line-coordinate",
    amplitude: Math.abs(sa - sb) / 2, newtonIterations: iters, residual, lineResidual,
    floquet: floquetMultiplier(model, eta, thetaA, thetaB),
  };
}
