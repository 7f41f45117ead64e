// What a recorded run did: the labels of docs/design.md §2, from the fits of §3.
import { InvalidArgumentError } from "../errors.js";
import { detectGrowth, GROWTH_FACTOR, GROWTH_RECORDS, GROWTH_STEADY_FACTOR, GROWTH_STEADY_RECORDS, GROWTH_TOTAL } from "../fits/divergence.js";
import { fitLinearRate } from "../fits/linear-fit.js";
import { detectPeriod } from "../fits/period.js";
import { fitPowerLaw } from "../fits/power-law-fit.js";
import type { DivergenceCheck, LinearFit, PeriodFit, PowerLawFit } from "../fits/types.js";
import type { RunPoint, RunSeries, RunSummary } from "../series/run-series.js";
import { DEFAULT_CRITICAL_TOLERANCE, type Regime } from "../theory/regime.js";
import { countDistinct, DISTINCT_REL_TOL } from "./distinct.js";
import { argArray, argNumber, argObject } from "../check-args.js";
import { checkSeries } from "../series/run-series.js";
import { portableLog, portablePow } from "../linalg/portable-math.js";

/** x^y in the same bits in every engine; NaN for a negative base, as Math.pow gives with a fractional y. */
const powOrNaN = (x: number, y: number): number => (x >= 0 ? portablePow(x, y) : NaN);

/**
 * The observed label of a run: one of the Regime strings (docs/design.md §2). Kept as a name for readers of older code.
 * @category Observation
 */
export type ObservedLabel = Regime;

/**
 * Which series a linear fit was made on.
 * @category Observation
 */
export type RateQuantity = "|θ⊥|" | "distPar" | "|θ⊥ − orbit|";

/**
 * An exponential rate fitted to one quantity of a run (see {@link Observation}).
 *
 * @category Observation
 */
export interface LinearRateFit {
  quantity: RateQuantity;
  /** Steps [from, to] of the window used. */
  window: [number, number];
  /** Only records with step ≡ final step (mod 2) were used: a period-2 orbit's factors alternate. */
  sameParity: boolean;
  fit: LinearFit;
}

/**
 * Power-law exponents fitted to a critical run (see {@link Observation}).
 *
 * @category Observation
 */
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

/**
 * What {@link observeRun} returns: the observed label of a recorded run and the fits behind it.
 *
 * @category Observation
 */
export interface Observation {
  label: ObservedLabel;
  /** One line: what decided the label. */
  labelReason: string;
  /** First recorded step with ηλ(θ∥_t) < 2 (0 if the start is already below the edge), or null. Resolution: the recording. */
  tau: number | null;
  /** Non-finite, past the bound, or certain growth (detectGrowth); `index` counts the series' records before the tail's first step, then the tail's. */
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
  /**
   * Distinct θ⊥ values over the period window (the tail's last ≤ 128 steps), two values counting as one when
   * within DISTINCT_REL_TOL·max(1, |θ⊥|) (countDistinct). A period-k label always has tailDistinct = k.
   */
  tailDistinct: number;
  /** The |ηλ* − 2| below which this run may be labelled critical: observedCriticalTolerance(N). */
  criticalTolerance: number;
  /** Saddle test at the final state, when the caller gave ‖∇f(θ_N)‖ (ObserveInput.gradFFinal); else null. */
  stall: StallCheck | null;
  /**
   * "not-converged" only: the steps the whole run would need to settle, by the estimate the detail names
   * (the theory's rate, the crossover time 1/|ηλ* − 2|, or the measured contraction); null when none applies.
   */
  stepsNeeded: number | null;
}

/**
 * The numbers behind the "saddle" label (docs/design.md §2).
 * @category Observation
 */
export interface StallCheck {
  /** ‖∇f(θ_N)‖ (several outputs: the largest singular value of the Jacobian). */
  gradF: number;
  /** η‖∇f(θ_N)‖²·N: below SADDLE_RELAXATION, GD cannot move the residual f − y within a run this long. */
  relaxation: number;
  /** ‖∇f(θ_N)‖²/λ*: below SADDLE_FLATNESS, θ_N is much flatter than any point of M. */
  flatness: number;
  /** max |ℓ_i − ℓ_N|/ℓ_N over the tail's losses: below SADDLE_LOSS_REL_TOL the loss sits at a constant. */
  lossSpread: number;
  /** All three hold, the loss is positive and the run neither diverged nor reached M. */
  stalled: boolean;
}

/**
 * The inputs of {@link observeRun}: η, λ* and a recorded run.
 *
 * @category Observation
 */
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
  /**
   * ‖∇f(θ_N)‖ at the final state (several outputs: the largest singular value of the Jacobian). Optional; without
   * it the observer cannot tell a saddle (∇f → 0 away from M) and never says "saddle".
   */
  gradFFinal?: number;
  /** f(θ_N), only quoted in the saddle label's detail (f → 0 is the deep product's saddle). Optional. */
  fFinal?: number;
  /**
   * Every recorded loss, when the run recorded its loss more often than `series` (a data run records the loss
   * every recordEvery steps, the coordinates more rarely). Divergence is then read on it, the same array the
   * loss-only reading (analyzeConvergence) uses, so the two never disagree. Optional.
   */
  lossRecord?: { step: ArrayLike<number>; loss: ArrayLike<number> };
}

/** |θ⊥| below this (relative to max(1, ‖θ‖)) counts as on M: a few hundred ulps. */
export const ON_M_FLOOR = 1e-13;
/** Linear fits use values between these (relative to max(1, ‖θ‖)): small enough to be in the linear regime, large enough to be above rounding. */
export const LINEAR_FIT_HIGH = 1e-5;
export const LINEAR_FIT_LOW = 1e-12;

/**
 * A run of N steps may be labelled "critical" only when its crossover time 1/|ηλ* − 2| is at least
 * CRITICAL_CROSSOVER_FRACTION·N, i.e. |ηλ* − 2| ≤ 1/N (docs/design.md §2). Why 1: until t ≈ 1/|ηλ* − 2| GD near
 * η_c follows the critical power laws (|θ⊥| ∝ t^−½); after it the true regime takes over (a geometric decay at
 * rate no faster than 1 − |ηλ* − 2| below η_c, a period-2 orbit of size ∝ |ηλ* − 2|^½ above). With the crossover
 * at or beyond N, the whole fit window [N/100, N] lies before it and the run cannot tell η from η_c; with the
 * crossover earlier, the last part of the window is past it and a run still showing a power law there has not
 * converged, whatever it looks like. The tolerance never drops below DEFAULT_CRITICAL_TOLERANCE (the prediction's).
 * @category Observation
 */
export const CRITICAL_CROSSOVER_FRACTION = 1;

/**
 * The |ηλ* − 2| below which a run of `steps` steps may be labelled critical (CRITICAL_CROSSOVER_FRACTION).
 * @example
 * observedCriticalTolerance(1e6); // how close to ηλ* = 2 a 10⁶-step run can tell "critical"
 * @category Observation
 */
export function observedCriticalTolerance(steps: number): number {
  argNumber("observedCriticalTolerance", "steps", steps);
  return Math.max(DEFAULT_CRITICAL_TOLERANCE, 1 / (CRITICAL_CROSSOVER_FRACTION * Math.max(1, steps)));
}

/**
 * "saddle" needs η‖∇f(θ_N)‖²·N ≤ SADDLE_RELAXATION: near θ_N the residual r = f − y moves by
 * r ← (1 − η‖∇f‖²)·r per step, so its relaxation time 1/(η‖∇f‖²) is then at least the whole run — GD cannot
 * leave the neighbourhood in the time it has been given. On M, ‖∇f‖² = λ ≥ λ*, so this never holds there
 * unless ηλ*·N ≤ 1 (a run too short to do anything; SADDLE_FLATNESS excludes it).
 * @category Observation
 */
export const SADDLE_RELAXATION = 1;
/**
 * "saddle" needs ‖∇f(θ_N)‖² ≤ SADDLE_FLATNESS·λ*: a thousand times flatter than the flattest point of M.
 * @category Observation
 */
export const SADDLE_FLATNESS = 1e-3;
/**
 * "saddle" needs the tail's losses within this relative distance of the last one: the loss sits at a constant.
 * @category Observation
 */
export const SADDLE_LOSS_REL_TOL = 1e-3;

/**
 * Labels a run from its recorded series; pure (no engine).
 * @example
 * const r = runTrajectory(deepScalar({ depth: 5 }), { eta: 0.3, steps: 100_000, theta0: [1.3, 1, 1, 0.9, 0.8] });
 * observeRun({ eta: 0.3, lambdaStar: 5, series: r.series, final: r.final, summary: r.summary }).label;
 * @category Observation
 */
export function observeRun(input: ObserveInput): Observation {
  argObject("observeRun", "input", input);
  const { eta, lambdaStar, series, final, summary } = input;
  argNumber("observeRun", "input.eta", eta); argNumber("observeRun", "input.lambdaStar", lambdaStar);
  checkSeries("observeRun", "input.series", series);
  if (input.tail !== undefined) checkSeries("observeRun", "input.tail", input.tail);
  argObject("observeRun", "input.final", final); argArray("observeRun", "input.final.theta", final.theta); argNumber("observeRun", "input.final.step", final.step);
  argObject("observeRun", "input.summary", summary);
  const n = series.step.length;
  const tail = input.tail && input.tail.step.length > 0 ? input.tail : series;
  let thetaNorm = 0;
  for (const x of final.theta) thetaNorm += x * x;
  const scale = Math.max(1, Math.sqrt(thetaNorm));

  // τ: first recorded step below the edge.
  let tau: number | null = null;
  for (let i = 0; i < n; i++) if (eta * series.lambdaPar[i] < 2) { tau = series.step[i]; break; }

  if (input.lossRecord !== undefined) {
    argObject("observeRun", "input.lossRecord", input.lossRecord);
    argArray("observeRun", "input.lossRecord.step", input.lossRecord.step); argArray("observeRun", "input.lossRecord.loss", input.lossRecord.loss);
    if (input.lossRecord.step.length !== input.lossRecord.loss.length) throw new InvalidArgumentError("observeRun: input.lossRecord needs one step per loss");
  }
  const losses = input.lossRecord ? { t: input.lossRecord.step, v: input.lossRecord.loss } : allLosses(series, input.tail);
  const divergence = summary.firstNonFiniteStep !== null
    ? { kind: "divergence" as const, diverged: true, index: null, reason: "non-finite" as const }
    // Divergence wins as soon as growth is certain (detectGrowth's rule, docs/design.md §2), not only past the bound;
    // read on every recorded loss, the tail's steps included (a run can blow up within its last K steps).
    : detectGrowth(losses.v, { t: losses.t });
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
  const win = Math.min(tail.thetaPerp.length, 128);
  const tailDistinct = countDistinct(tail.thetaPerp.subarray(tail.thetaPerp.length - win));
  const criticalTolerance = observedCriticalTolerance(N);
  const stall = stallCheck(input, tail, divergence.diverged, convergedToM, N);
  const [label, labelReason, stepsNeeded] = decideLabel({
    divergence, convergedToM, tau, period, roughPeriod, lateDecay, powerLaw, summary, eta, lambdaStar, lambdaFinal: final.lambdaPar,
    N, win, tailDistinct, criticalTolerance, stall, fFinal: input.fFinal, perpFinal: final.thetaPerp, lossFinal: final.loss, floor: ON_M_FLOOR * scale,
    tailPerp: tail.thetaPerp, steps: losses.t, losses: losses.v,
  });
  return { label, labelReason, tau, divergence, period, orbit, linear, linearFits, powerLaw, convergedToM, tailDistinct, criticalTolerance, stall, stepsNeeded };
}

function stallCheck(input: ObserveInput, tail: RunSeries, diverged: boolean, convergedToM: boolean, N: number): StallCheck | null {
  const g = input.gradFFinal;
  if (g === undefined || g === null) return null;
  if (g < 0) throw new InvalidArgumentError(`gradFFinal is a norm, ‖∇f(θ_N)‖ ≥ 0; got ${g}`);
  const loss = input.final.loss;
  let spread = 0;
  for (let i = Math.max(0, tail.loss.length - 128); i < tail.loss.length; i++) spread = Math.max(spread, Math.abs(tail.loss[i] - loss));
  const lossSpread = loss > 0 ? spread / loss : Infinity;
  const relaxation = input.eta * g * g * N, flatness = (g * g) / input.lambdaStar;
  const stalled = !diverged && !convergedToM && Number.isFinite(g) && loss > 0 && Number.isFinite(loss)
    && relaxation <= SADDLE_RELAXATION && flatness <= SADDLE_FLATNESS && lossSpread <= SADDLE_LOSS_REL_TOL;
  return { gradF: g, relaxation, flatness, lossSpread, stalled };
}

interface LateDecay { linear: LinearFit; power: PowerLawFit }

/** Relative tolerance of the second, rough period test (a run still converging onto its orbit). */
export const ROUGH_PERIOD_TOL = 1e-3;

interface LabelInputs {
  divergence: DivergenceCheck; convergedToM: boolean; tau: number | null; period: PeriodFit; roughPeriod: PeriodFit | null;
  lateDecay: LateDecay | null; powerLaw: PowerLawFits | null; summary: RunSummary; eta: number; lambdaStar: number; lambdaFinal: number;
  /** Steps run, the period window's length, and the distinct θ⊥ values in it. */
  N: number; win: number; tailDistinct: number;
  criticalTolerance: number; stall: StallCheck | null; fFinal: number | undefined;
  perpFinal: number; lossFinal: number; floor: number; tailPerp: Float64Array;
  /** Every recorded step and loss, the tail's included (to name the step of a divergence, and to see growth). */
  steps: ArrayLike<number>; losses: ArrayLike<number>;
}

/** The series' losses up to the tail's first step, then the tail's: every recorded loss once, in step order. */
function allLosses(series: RunSeries, tail: RunSeries | undefined): { t: ArrayLike<number>; v: ArrayLike<number> } {
  if (!tail || tail.step.length === 0) return { t: series.step, v: series.loss };
  const t0 = tail.step[0];
  let k = 0;
  while (k < series.step.length && series.step[k] < t0) k++;
  const t = new Float64Array(k + tail.step.length), v = new Float64Array(k + tail.step.length);
  t.set(series.step.subarray(0, k)); v.set(series.loss.subarray(0, k));
  t.set(tail.step, k); v.set(tail.loss, k);
  return { t, v };
}

/**
 * The loss grew by ≥ GROWTH_STEADY_FACTOR per step over each of its last (up to GROWTH_RECORDS) recorded intervals,
 * to its largest value yet, above max(1, loss₀): growth not yet certain by detectGrowth's rule, but nothing shows the
 * run bounded either, so it is not called "chaotic" (docs/design.md §2). A chaotic loss rises and falls; it does
 * not end on a run of rises to a new maximum above its start.
 */
function stillGrowing(t: ArrayLike<number>, v: ArrayLike<number>): boolean {
  const n = v.length;
  if (n < 2) return false;
  const last = Math.abs(v[n - 1]);
  if (!(last > Math.max(1, Math.abs(v[0])))) return false;
  for (let i = 0; i < n - 1; i++) if (!(Math.abs(v[i]) < last)) return false;
  const rising = (factor: number, records: number) => {
    for (let i = n - 1; i >= Math.max(1, n - records); i--) {
      const dt = t[i] - t[i - 1], a = Math.abs(v[i - 1]), b = Math.abs(v[i]);
      if (!(dt > 0 && a > 0 && b >= a * portablePow(factor, dt))) return false;
    }
    return true;
  };
  return rising(GROWTH_STEADY_FACTOR, GROWTH_RECORDS);
}

/** The label, the one line that says why, and (not-converged only) the steps needed. Each branch states what it checked. */
function decideLabel(o: LabelInputs): [ObservedLabel, string, number | null] {
  if (o.divergence.diverged) return ["divergent", divergenceReason(o), null];
  if (o.convergedToM) {
    if (o.tau === 0) return ["stable", "θ⊥ → 0 and ηλ(θ∥) < 2 from the start", null];
    if (o.tau !== null) return ["subcritical", `θ⊥ → 0 after τ = ${o.tau}, with ηλ(θ∥∞) = ${(o.eta * o.lambdaFinal).toPrecision(6)} < 2`, null];
    return ["stable", "θ⊥ → 0 (ηλ(θ∥) never recorded below 2)", null];
  }
  const ld = o.lateDecay;
  if (ld && ld.linear.rate !== null && ld.linear.rate < 1 && ld.linear.r2 > 0.99 && ld.linear.r2 > ld.power.r2) {
    // Geometric decay over the last decade, not yet at the rounding floor.
    const head = `|θ⊥| decays geometrically (rate ${ld.linear.rate.toPrecision(6)} over the last decade; not yet on M)`;
    if (o.tau === 0) return ["stable", `${head}, ηλ(θ∥) < 2 from the start`, null];
    if (o.tau !== null) return ["subcritical", `${head}, after τ = ${o.tau}`, null];
  }
  const window = `in the last ${o.win} steps`;
  const distinct = `${o.tailDistinct} distinct θ⊥ value${o.tailDistinct === 1 ? "" : "s"} ${window}`;
  if (o.stall?.stalled) {
    // Before the period tests: a stalled run's θ⊥ barely moves and would pass for period 1.
    const s = o.stall;
    const f = o.fFinal !== undefined ? `, f(θ_N) = ${o.fFinal.toPrecision(3)}` : "";
    return ["saddle", `stalled away from M: the loss stays at ${o.lossFinal.toPrecision(6)} (within ${s.lossSpread.toExponential(1)} relative ${window}) `
      + `with ‖∇f(θ_N)‖ = ${s.gradF.toExponential(2)}${f}: η‖∇f‖²·N = ${s.relaxation.toExponential(2)} ≤ ${SADDLE_RELAXATION}, too flat for GD to move the residual within the run`, null];
  }
  const offset = o.eta * o.lambdaStar - 2;
  const tolText = `|ηλ* − 2| = ${Math.abs(offset).toExponential(2)}`;
  const within = Math.abs(offset) <= o.criticalTolerance;
  const pl = o.powerLaw;
  const ex = pl?.thetaPerp.exponent ?? null, lossEx = pl?.loss.exponent ?? null;
  // Near M and decaying: |θ⊥| and the loss both fall over the last two decades. "strong": clean power laws.
  // "weak": a trend through noise (e.g. several normal modes at once); enough at η_c, where the theory expects
  // nothing else, but away from it chaos can show such a trend by chance, so there it must fit (r² > 0.5).
  const r2 = Math.min(pl?.thetaPerp.r2 ?? 0, pl?.loss.r2 ?? 0);
  const decays = ex !== null && lossEx !== null && lossEx < -0.1;
  const strong = decays && ex! < -0.25 && r2 > 0.9;
  const weak = decays && ex! < -0.1 && (within || r2 > 0.5);
  if (strong) {
    if (within) return ["critical", `|θ⊥| ∝ t^${ex!.toFixed(3)} and loss ∝ t^${lossEx!.toFixed(3)} over the last two decades, ${tolText} ≤ ${o.criticalTolerance.toExponential(2)} (crossover time ≥ the ${o.N} steps run)`, null];
    return nearEdgeNotConverged(o, `|θ⊥| still decays like t^${ex!.toFixed(3)}`, offset);
  }
  // Settled on an orbit: the period test and the count of distinct values agree.
  const k = o.period.period;
  if (k !== null && o.tailDistinct === k) {
    if (k === 1) return ["period-1", `θ⊥ settled at ${o.period.limits[0].toPrecision(6)}, off M: ${distinct}`, null];
    if (k === 2) return ["supercritical", `θ⊥ settled on a period-2 orbit (${o.period.limits.map((x) => x.toPrecision(6)).join(", ")}): ${distinct}`, null];
    return [`period-${k}`, `θ⊥ settled on a period-${k} orbit: ${distinct}`, null];
  }
  // Close to an orbit but still moving: within ROUGH_PERIOD_TOL, more distinct values than the period.
  const rp = k ?? o.roughPeriod?.period ?? null;
  if (rp === 2) return ["supercritical", `θ⊥ near a period-2 orbit (within ${ROUGH_PERIOD_TOL} relative; still converging: ${distinct})`, null];
  if (rp !== null) {
    const est = measuredSettle(o.tailPerp, o.win, rp, o.N);
    const what = rp === 1 ? "θ⊥ nearly constant" : `θ⊥ approaching a period-${rp} orbit`;
    return ["not-converged", `${what} (within ${ROUGH_PERIOD_TOL} relative) but still moving: ${distinct}; ${est.text}`, est.steps];
  }
  if (weak) {
    if (within) return ["critical", `|θ⊥| still decaying, t^${ex!.toFixed(3)}, loss t^${lossEx!.toFixed(3)}, no period up to 16, ${tolText} ≤ ${o.criticalTolerance.toExponential(2)} (crossover time ≥ the ${o.N} steps run)`, null];
    return nearEdgeNotConverged(o, `|θ⊥| still decays, t^${ex!.toFixed(3)}, with no period up to 16`, offset);
  }
  const shrink = tailShrinks(o.tailPerp, o.win, o.floor, o.N);
  if (shrink) {
    // Not chaos: every value of |θ⊥| in the tail is below the one two steps before (both parities), a slow linear
    // convergence whose last decade mixed the transient in (so the geometric fit above did not qualify).
    return ["not-converged", `|θ⊥| still shrinks at every step of the last ${o.win} (by ${shrink.rate.toPrecision(6)} per step), not yet on M: ${distinct}; `
      + `needs ≈ ${stepsText(shrink.steps)} steps in all (measured: that rate down to the rounding floor)`, shrink.steps];
  }
  if (stillGrowing(o.steps, o.losses)) {
    return ["not-converged", `the loss still rises to a new maximum at every one of its last records, but divergence is not yet certain (it needs ${GROWTH_RECORDS} records of ≥ ${GROWTH_FACTOR}× per step, or ${GROWTH_STEADY_RECORDS} of ≥ ${GROWTH_STEADY_FACTOR}×, past ${GROWTH_TOTAL.toExponential(0)}·max(1, loss₀))`, null];
  }
  return ["chaotic", `bounded, no period up to 16 (within ${ROUGH_PERIOD_TOL} relative) and not decaying: ${distinct}`, null];
}

/** The divergent label's one line: where the loss became non-finite, passed the bound, or certainly grew. */
function divergenceReason(o: LabelInputs): string {
  const d = o.divergence;
  if (o.summary.firstNonFiniteStep !== null) return `non-finite at step ${o.summary.firstNonFiniteStep}`;
  const at = d.index !== null ? `step ${o.steps[d.index]}` : "an unknown step";
  if (d.reason === "growth") {
    return `certain growth: the loss grew ≥ ${GROWTH_FACTOR}× per step over ${GROWTH_RECORDS} consecutive records (or ≥ ${GROWTH_STEADY_FACTOR}× over ${GROWTH_STEADY_RECORDS}) and passed ${GROWTH_TOTAL.toExponential(0)}·max(1, loss₀) at ${at}`;
  }
  return d.reason === "bound" ? `loss past the divergence bound at ${at}` : `loss non-finite at ${at}`;
}

const stepsText = (n: number) => (n < 1e7 ? `${Math.round(n)}` : n.toExponential(2));

/**
 * A run still decaying like a power law although |ηλ* − 2| exceeds the critical tolerance: past the crossover
 * time, so the true regime has yet to show. The steps it needs, from the theory (docs/design.md §2): while the run
 * looks critical the sharpness gap λ(θ∥_t) − λ* falls like 1/t (CRITICAL_EXPONENTS.lambdaGap), so from its value
 * at N it reaches a target gap g at about N·(λ(θ∥_N) − λ*)/g; after that
 * - below η_c (target: ηλ(θ∥) < 2, g = 2/η − λ*), |θ⊥| falls geometrically at |1 − ηλ(θ∥∞)| (Theorem 5.1), read
 *   at θ∥_N once it is below the edge, else at best 1 − |ηλ* − 2|, down to the rounding floor;
 * - above η_c (target: g = |ηλ* − 2|/η, where the period-2 orbit of Theorem 5.3 takes over), the approach to the
 *   orbit contracts by about 1 − |ηλ* − 2| per step (the orbit is born at η_c with multiplier 1), until within
 *   DISTINCT_REL_TOL.
 */
function nearEdgeNotConverged(o: LabelInputs, head: string, offset: number): [ObservedLabel, string, number | null] {
  const eps = Math.abs(offset);
  const crossover = `the crossover time 1/|ηλ* − 2| = ${stepsText(1 / eps)} steps is shorter than the ${o.N} steps run, so this is not η_c`;
  const gapN = o.lambdaFinal - o.lambdaStar;
  const reach = (g: number) => Math.max(o.N, gapN > 0 ? (o.N * gapN) / g : o.N);
  let total: number, how: string;
  const el = o.eta * o.lambdaFinal;
  if (offset < 0) {
    const efolds = Math.max(1, portableLog(Math.abs(o.perpFinal) / o.floor));
    if (el < 2) {
      const r = Math.abs(1 - el);
      total = o.N + efolds / -portableLog(r);
      how = `${efolds.toFixed(1)} e-foldings of |θ⊥| to the rounding floor at the rate |1 − ηλ(θ∥_N)| = ${r.toPrecision(6)}`;
    } else {
      const tEdge = reach(2 / o.eta - o.lambdaStar);
      total = tEdge + efolds / eps;
      how = `ηλ(θ∥_N) = ${el.toPrecision(9)} ≥ 2 still: with λ(θ∥) − λ* ∝ 1/t it falls below 2/η near step ${stepsText(tEdge)}, `
        + `then ${efolds.toFixed(1)} e-foldings of |θ⊥| at a rate no faster than 1 − |ηλ* − 2|`;
    }
  } else {
    const tOrbit = reach(eps / o.eta);
    const efolds = portableLog(1 / DISTINCT_REL_TOL);
    total = tOrbit + efolds / eps;
    how = `with λ(θ∥) − λ* ∝ 1/t, ηλ(θ∥) − ηλ* falls to |ηλ* − 2| near step ${stepsText(tOrbit)}, then ${efolds.toFixed(1)} e-foldings towards the period-2 orbit at about 1 − |ηλ* − 2| per step`;
  }
  const steps = Number.isFinite(total) ? Math.ceil(total) : null;
  const need = steps !== null ? `needs ≈ ${stepsText(steps)} steps in all (${how})` : `no step estimate (${how})`;
  return ["not-converged", `${head}, but |ηλ* − 2| = ${eps.toExponential(2)} > ${o.criticalTolerance.toExponential(2)}: ${crossover}; ${need}`, steps];
}

/**
 * A tail in which |θ⊥| strictly shrinks over every two steps (so at both parities: an oscillation across M decaying as
 * well as a one-sided one), still above the rounding floor: the per-step factor q over the window and the steps, in
 * all, for |θ⊥| to reach the floor at that rate. Null when any value fails to shrink.
 */
function tailShrinks(v: Float64Array, win: number, floor: number, N: number): { rate: number; steps: number } | null {
  const a = v.length - win;
  if (win < 8 || a < 0) return null;
  for (let i = a; i + 2 < v.length; i++) if (!(Math.abs(v[i + 2]) < Math.abs(v[i]))) return null;
  const first = Math.abs(v[a]), last = Math.abs(v[v.length - 1]);
  if (!(last > floor)) return null;
  const rate = powOrNaN(last / first, 1 / (win - 1));
  if (!(rate < 1)) return null;
  return { rate, steps: N + Math.ceil(portableLog(floor / last) / portableLog(rate)) };
}

/**
 * Steps for θ⊥ to settle on the period-k orbit it is approaching, from the MEASURED contraction of the tail (no
 * theorem gives a rate for k ≠ 2): the largest change |θ⊥_{i+k} − θ⊥_i| over the first and the second half of
 * the window gives a per-step factor q, and the orbit is settled once the change is below DISTINCT_REL_TOL.
 */
function measuredSettle(v: Float64Array, win: number, k: number, N: number): { steps: number | null; text: string } {
  const a = v.length - win, half = Math.floor((win - k) / 2);
  if (half < 2) return { steps: null, text: "tail too short for a step estimate" };
  let e1 = 0, e2 = 0, scale = 1;
  for (let i = a; i + k < v.length; i++) {
    const d = Math.abs(v[i + k] - v[i]);
    if (i - a < half) e1 = Math.max(e1, d); else e2 = Math.max(e2, d);
    scale = Math.max(scale, Math.abs(v[i]));
  }
  const q = e1 > 0 && e2 > 0 ? powOrNaN(e2 / e1, 1 / half) : NaN;
  if (!(q < 1)) return { steps: null, text: `no step estimate: the change over one period is not shrinking over the tail (${e1.toExponential(2)} then ${e2.toExponential(2)})` };
  const more = Math.max(0, portableLog(e2 / (DISTINCT_REL_TOL * scale)) / -portableLog(q));
  const steps = N + Math.ceil(more);
  return { steps, text: `needs ≈ ${stepsText(steps)} steps in all (measured: the change over one period shrinks by ${q.toPrecision(6)} per step, down to ${DISTINCT_REL_TOL}·max(1, |θ⊥|))` };
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
