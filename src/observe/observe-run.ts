// What a recorded run did: the labels of docs/design.md §2, from the fits of §3.
import { detectDivergence } from "../fits/divergence.js";
import { fitLinearRate } from "../fits/linear-fit.js";
import { detectPeriod } from "../fits/period.js";
import { fitPowerLaw } from "../fits/power-law-fit.js";
import type { DivergenceCheck, LinearFit, PeriodFit, PowerLawFit } from "../fits/types.js";
import type { RunPoint, RunSeries, RunSummary } from "../series/run-series.js";

/** The observed label of a run. */
export type ObservedLabel = "stable" | "subcritical" | "critical" | "supercritical" | `period-${number}` | "chaotic" | "divergent";

/** Which series a linear fit was made on. */
export type RateQuantity = "|θ⊥|" | "distPar" | "|θ⊥ − orbit|";

export interface LinearRateFit {
  quantity: RateQuantity;
  /** Steps [from, to] of the window used. */
  window: [number, number];
  /** Only records with step ≡ final step (mod 2) were used: a period-2 orbit's factors alternate. */
  sameParity: boolean;
  fit: LinearFit;
}

export interface PowerLawFits {
  /** Steps [from, to] of the window used (the last two decades of the run by default). */
  window: [number, number];
  thetaPerp: PowerLawFit;
  distPar: PowerLawFit;
  loss: PowerLawFit;
  /** λ(θ∥_t) − λ*. */
  lambdaGap: PowerLawFit;
  /** max/min of |θ⊥|·√t and of distPar·√t over the window's last decade: near 1 when they level off. */
  levelOff: { thetaPerp: number | null; distPar: number | null };
}

export interface Observation {
  label: ObservedLabel;
  /** One line: what decided the label. */
  labelReason: string;
  /** First recorded step with ηλ(θ∥_t) < 2 (0 if the start is already below the edge), or null. Resolution: the recording. */
  tau: number | null;
  divergence: DivergenceCheck;
  /** Period detection on θ⊥ over the tail (every step of the last K steps when a tail was recorded). */
  period: PeriodFit;
  /** The measured period-2 orbit, θ⊥ values (larger first), when period 2 was detected. */
  orbit: [number, number] | null;
  /** The linear fit that gives the measured rate (the slowest of those tried), or null. */
  linear: LinearRateFit | null;
  /** Every linear fit tried. */
  linearFits: LinearRateFit[];
  powerLaw: PowerLawFits | null;
  /** θ⊥ has fallen to the rounding floor: the run converged onto M. */
  convergedToM: boolean;
}

export interface ObserveInput {
  eta: number;
  lambdaStar: number;
  series: RunSeries;
  /** Every step over the last K steps (for period detection); optional. */
  tail?: RunSeries;
  final: RunPoint;
  summary: RunSummary;
  /** Window for the power-law fits; default the last two decades [N/100, N]. */
  powerWindow?: [number, number];
}

/** |θ⊥| below this (relative to max(1, ‖θ‖)) counts as on M: a few hundred ulps. */
export const ON_M_FLOOR = 1e-13;
/** Linear fits use values between these (relative to max(1, ‖θ‖)): small enough to be in the linear regime, large enough to be above rounding. */
export const LINEAR_FIT_HIGH = 1e-5;
export const LINEAR_FIT_LOW = 1e-12;

/** Labels a run from its recorded series; pure (no engine). */
export function observeRun(input: ObserveInput): Observation {
  const { eta, lambdaStar, series, final, summary } = input;
  const n = series.step.length;
  const tail = input.tail && input.tail.step.length > 0 ? input.tail : series;
  let thetaNorm = 0;
  for (const x of final.theta) thetaNorm += x * x;
  const scale = Math.max(1, Math.sqrt(thetaNorm));

  // τ: first recorded step below the edge.
  let tau: number | null = null;
  for (let i = 0; i < n; i++) if (eta * series.lambdaPar[i] < 2) { tau = series.step[i]; break; }

  const divergence = summary.firstNonFiniteStep !== null
    ? { kind: "divergence" as const, diverged: true, index: null, reason: "non-finite" as const }
    : detectDivergence(series.loss);
  const period = detectPeriod(tail.thetaPerp, { maxPeriod: 16, tail: Math.min(tail.thetaPerp.length, 128), relTol: 1e-6, absTol: ON_M_FLOOR * scale });
  // On M when the last (up to 128) θ⊥ values are all at the rounding floor.
  let tailMax = 0;
  for (let i = Math.max(0, tail.thetaPerp.length - 128); i < tail.thetaPerp.length; i++) tailMax = Math.max(tailMax, Math.abs(tail.thetaPerp[i]));
  const convergedToM = !divergence.diverged && tailMax <= ON_M_FLOOR * scale * 100;

  const N = final.step;
  const pw = input.powerWindow ?? [N / 100, N];
  const powerLaw = N >= 100 && !divergence.diverged ? powerFits(series, lambdaStar, pw) : null;

  const linearFits: LinearRateFit[] = [];
  const lo = LINEAR_FIT_LOW * scale, hi = LINEAR_FIT_HIGH * scale;
  const orbit = period.period === 2 && !convergedToM ? ([Math.max(...period.limits), Math.min(...period.limits)] as [number, number]) : null;
  if (convergedToM) {
    const from = tau ?? 0;
    const f = windowedLinearFit(series, series.thetaPerp, from, lo, hi, false, (v) => Math.abs(v));
    if (f) linearFits.push({ ...f, quantity: "|θ⊥|" });
  } else if (orbit) {
    // Two modes: along M (distPar) and along L (θ⊥ minus its orbit value of that parity). The slower one is the rate.
    const f1 = windowedLinearFit(series, series.distPar, 0, lo, hi, true, (v) => v);
    if (f1) linearFits.push({ ...f1, quantity: "distPar" });
    // Orbit value at steps of the final step's parity: the tail's last value of that parity.
    const lastSame = tail.thetaPerp[tail.thetaPerp.length - 1];
    const f2 = windowedLinearFit(series, series.thetaPerp, 0, lo, hi, true, (v) => Math.abs(v - lastSame));
    if (f2) linearFits.push({ ...f2, quantity: "|θ⊥ − orbit|" });
  }
  let linear: LinearRateFit | null = null;
  for (const f of linearFits) if (f.fit.rate !== null && (linear === null || f.fit.rate > linear.fit.rate!)) linear = f;

  // Not settled yet: is |θ⊥| over the last decade a geometric decay (linear convergence) or a power law?
  let lateDecay: LateDecay | null = null;
  if (!convergedToM && !divergence.diverged && period.period === null && N >= 20) {
    const absPerp = Float64Array.from(series.thetaPerp, Math.abs);
    const w = { from: N / 10, to: N };
    lateDecay = { linear: fitLinearRate(series.step, absPerp, w), power: fitPowerLaw(series.step, absPerp, w) };
  }
  // Still drifting onto an orbit: the same period test with a looser tolerance.
  const roughPeriod = !convergedToM && period.period === null
    ? detectPeriod(tail.thetaPerp, { maxPeriod: 16, tail: Math.min(tail.thetaPerp.length, 128), relTol: ROUGH_PERIOD_TOL, absTol: ON_M_FLOOR * scale })
    : null;
  const [label, labelReason] = decideLabel({ divergence, convergedToM, tau, period, roughPeriod, lateDecay, powerLaw, summary, eta, lambdaFinal: final.lambdaPar });
  return { label, labelReason, tau, divergence, period, orbit, linear, linearFits, powerLaw, convergedToM };
}

interface LateDecay { linear: LinearFit; power: PowerLawFit }

/** Relative tolerance of the second, rough period test (a run still converging onto its orbit). */
export const ROUGH_PERIOD_TOL = 1e-3;

function decideLabel(o: {
  divergence: DivergenceCheck; convergedToM: boolean; tau: number | null; period: PeriodFit; roughPeriod: PeriodFit | null;
  lateDecay: LateDecay | null; powerLaw: PowerLawFits | null; summary: RunSummary; eta: number; lambdaFinal: number;
}): [ObservedLabel, string] {
  if (o.divergence.diverged) return ["divergent", o.summary.firstNonFiniteStep !== null ? `non-finite at step ${o.summary.firstNonFiniteStep}` : `loss ${o.divergence.reason} at record ${o.divergence.index}`];
  if (o.convergedToM) {
    if (o.tau === 0) return ["stable", "θ⊥ → 0 and ηλ(θ∥) < 2 from the start"];
    if (o.tau !== null) return ["subcritical", `θ⊥ → 0 after τ = ${o.tau}, with ηλ(θ∥∞) = ${(o.eta * o.lambdaFinal).toPrecision(6)} < 2`];
    return ["stable", "θ⊥ → 0 (ηλ(θ∥) never recorded below 2)"];
  }
  const ld = o.lateDecay;
  if (ld && ld.linear.rate !== null && ld.linear.rate < 1 && ld.linear.r2 > 0.99 && ld.linear.r2 > ld.power.r2) {
    // Geometric decay over the last decade, not yet at the rounding floor.
    const head = `|θ⊥| decays geometrically (rate ${ld.linear.rate.toPrecision(6)} over the last decade; not yet on M)`;
    if (o.tau === 0) return ["stable", `${head}, ηλ(θ∥) < 2 from the start`];
    if (o.tau !== null) return ["subcritical", `${head}, after τ = ${o.tau}`];
  }
  const ex = o.powerLaw?.thetaPerp.exponent ?? null;
  // Still decaying like a power law over the last two decades: critical (or within the crossover time of η_c).
  if (ex !== null && ex < -0.25 && (o.powerLaw?.thetaPerp.r2 ?? 0) > 0.9) return ["critical", `|θ⊥| ∝ t^${ex.toFixed(3)} over the last two decades`];
  if (o.period.period === 1) return ["period-1", "θ⊥ settled at a nonzero value"];
  if (o.period.period === 2) return ["supercritical", `θ⊥ settled on a period-2 orbit (${o.period.limits.map((x) => x.toPrecision(6)).join(", ")})`];
  if (o.period.period !== null) return [`period-${o.period.period}`, `θ⊥ settled on a period-${o.period.period} orbit`];
  const rp = o.roughPeriod?.period ?? null;
  if (rp === 2) return ["supercritical", `θ⊥ near a period-2 orbit (within ${ROUGH_PERIOD_TOL} relative; still converging)`];
  if (rp !== null && rp > 2) return [`period-${rp}`, `θ⊥ near a period-${rp} orbit (within ${ROUGH_PERIOD_TOL} relative; still converging)`];
  if (ex !== null && ex < -0.1) return ["critical", `|θ⊥| still decaying, t^${ex.toFixed(3)}, with no period up to 16`];
  return ["chaotic", "bounded, no period up to 16 in the tail"];
}

function powerFits(s: RunSeries, lambdaStar: number, w: [number, number]): PowerLawFits {
  const n = s.step.length;
  const absPerp = new Float64Array(n), gap = new Float64Array(n);
  for (let i = 0; i < n; i++) { absPerp[i] = Math.abs(s.thetaPerp[i]); gap[i] = s.lambdaPar[i] - lambdaStar; }
  const win = { from: w[0], to: w[1] };
  const level = (v: Float64Array) => {
    let lo = Infinity, hi = -Infinity;
    for (let i = 0; i < n; i++) {
      const t = s.step[i];
      if (t < w[1] / 10 || t > w[1] || t <= 0) continue;
      const x = Math.abs(v[i]) * Math.sqrt(t);
      if (!(x > 0) || !Number.isFinite(x)) continue;
      lo = Math.min(lo, x); hi = Math.max(hi, x);
    }
    return lo <= hi ? hi / lo : null;
  };
  return {
    window: w,
    thetaPerp: fitPowerLaw(s.step, absPerp, win),
    distPar: fitPowerLaw(s.step, s.distPar, win),
    loss: fitPowerLaw(s.step, s.loss, win),
    lambdaGap: fitPowerLaw(s.step, gap, win),
    levelOff: { thetaPerp: level(absPerp), distPar: level(s.distPar) },
  };
}

/**
 * Linear fit of |v| after the transient: records with step ≥ from whose
 * value lies in [lo, hi] (from the first record at or below hi to the last
 * at or above lo), optionally only those of the final step's parity.
 */
function windowedLinearFit(s: RunSeries, v: ArrayLike<number>, from: number, lo: number, hi: number, sameParity: boolean, map: (x: number) => number): Omit<LinearRateFit, "quantity"> | null {
  const n = s.step.length;
  const parity = n > 0 ? s.step[n - 1] % 2 : 0;
  const ts: number[] = [], vs: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = s.step[i];
    if (t < from || (sameParity && t % 2 !== parity)) continue;
    ts.push(t); vs.push(map(v[i]));
  }
  let a = ts.findIndex((_, i) => vs[i] <= hi && vs[i] > 0);
  if (a < 0) return null;
  let b = -1;
  for (let i = ts.length - 1; i >= a; i--) if (vs[i] >= lo) { b = i; break; }
  if (b - a + 1 < 3) return null;
  const fit = fitLinearRate(ts.slice(a, b + 1), vs.slice(a, b + 1));
  return { window: [ts[a], ts[b]], sameParity, fit };
}
