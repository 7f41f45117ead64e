// Shapes shared by every trajectory runner (wasm built-ins and the JS path).
import { argArray, argFunction, argInt, argObject } from "../check-args.js";

/**
 * Which steps to record. Step 0 (the start) and the last step run are always recorded.
 * @category Series & fits
 */
export type RecordPlan =
  | { every: number }
  | { logPoints: number } // about this many steps, geometrically spaced from 1 to N
  | { steps: ArrayLike<number> }; // exactly these steps (sorted, increasing)

/**
 * Per-recorded-step coordinates (docs/design.md §1, "Coordinates near M"). All arrays have one entry per record.
 * @category Series & fits
 */
export interface RunSeries {
  /** Step index t (θ_t is the state after t updates). */
  step: Float64Array;
  /** ℓ(θ_t) = ½(f(θ_t) − y)². */
  loss: Float64Array;
  /** θ⊥: signed distance along n(θ∥) = ∇f(θ∥)/‖∇f(θ∥)‖. */
  thetaPerp: Float64Array;
  /** ‖θ∥_t − θ∥*‖, to the flattest minimum. */
  distPar: Float64Array;
  /** λ(θ∥_t) = ‖∇f(θ∥_t)‖², sharpness on M at the projection. */
  lambdaPar: Float64Array;
  /** λ(θ_t): top eigenvalue of the full Hessian ∇²ℓ(θ_t) at the iterate itself. */
  lambdaAt: Float64Array;
  /** θ_t at each record, row-major (records × p); only when the run was asked to record θ (RunOptions.recordTheta). */
  theta?: Float64Array;
  /** θ∥_t at each record, row-major (records × p); only with RunOptions.recordTheta. */
  thetaPar?: Float64Array;
}

/**
 * The six recorded columns of a RunSeries, in their record order (θ_t and θ∥_t are optional extras).
 * @category Series & fits
 */
export const SERIES_COLUMNS = ["step", "loss", "thetaPerp", "distPar", "lambdaPar", "lambdaAt"] as const;
/**
 * The name of one recorded column of a {@link RunSeries}.
 *
 * @category Series & fits
 */
export type SeriesColumn = (typeof SERIES_COLUMNS)[number];

/**
 * A RunSeries whose every column is `column(name)`: the one place the six columns are spelled out.
 * @example
 * const s = seriesFrom((name) => new Float64Array(3)); // three records, every column zero
 * @category Series & fits
 */
export function seriesFrom(column: (name: SeriesColumn) => Float64Array): RunSeries {
  argFunction("seriesFrom", "column", column);
  return {
    step: column("step"), loss: column("loss"), thetaPerp: column("thetaPerp"),
    distPar: column("distPar"), lambdaPar: column("lambdaPar"), lambdaAt: column("lambdaAt"),
  };
}

/**
 * Records [from, to) of every column (θ_t and θ∥_t are dropped), as copies.
 * @example
 * const tail = sliceSeries(run.series, run.series.step.length - 50); // the last 50 records
 * @category Series & fits
 */
export function sliceSeries(s: RunSeries, from: number, to?: number): RunSeries {
  checkSeries("sliceSeries", "s", s); argInt("sliceSeries", "from", from); argInt("sliceSeries", "to", to, true);
  to ??= s.step.length;
  return seriesFrom((k) => s[k].slice(from, to));
}

/**
 * a, then the records of b after a's last step (the overlap a continued run shares with its start is dropped).
 * θ_t and θ∥_t (RunOptions.recordTheta) are kept when both parts have them, so a run continued in pieces still
 * carries its states (the GFS sharpness is computed from them, docs/design.md §3).
 * @example
 * const whole = appendSeries(first.series, second.series); // one run recorded in two parts
 * @category Series & fits
 */
export function appendSeries(a: RunSeries, b: RunSeries): RunSeries {
  checkSeries("appendSeries", "a", a); checkSeries("appendSeries", "b", b);
  const last = a.step.length ? a.step[a.step.length - 1] : -Infinity;
  let k = 0;
  while (k < b.step.length && b.step[k] <= last) k++;
  const join = (x: Float64Array, y: Float64Array, width: number) => {
    const o = new Float64Array(x.length + y.length - k * width);
    o.set(x);
    o.set(y.subarray(k * width), x.length);
    return o;
  };
  const out = seriesFrom((name) => join(a[name], b[name], 1));
  // Row-major records × p: p from either part (a part with no records says nothing about p).
  const p = a.step.length ? (a.theta?.length ?? 0) / a.step.length : b.step.length ? (b.theta?.length ?? 0) / b.step.length : 0;
  const rows = (s: RunSeries, x: Float64Array | undefined) => x !== undefined && x.length === p * s.step.length;
  if (p > 0 && Number.isInteger(p) && rows(a, a.theta) && rows(b, b.theta) && rows(a, a.thetaPar) && rows(b, b.thetaPar)) {
    out.theta = join(a.theta!, b.theta!, p);
    out.thetaPar = join(a.thetaPar!, b.thetaPar!, p);
  }
  return out;
}

/**
 * The state at one step, with its coordinates.
 * @category Series & fits
 */
export interface RunPoint {
  step: number;
  loss: number;
  thetaPerp: number;
  distPar: number;
  lambdaPar: number;
  lambdaAt: number;
  theta: Float64Array;
  thetaPar: Float64Array;
}

/**
 * Record i of a series as a RunPoint, with the state θ and its projection θ∥ at that record.
 * @example
 * const r = runTrajectory(deepScalar({ depth: 2 }), { eta: 0.3, steps: 1000, theta0: [1.8, 0.6], recordTheta: true });
 * const p = pointAt(r.series, 0, new Float64Array(2), new Float64Array(2));
 * @category Series & fits
 */
export function pointAt(s: RunSeries, i: number, theta: Float64Array, thetaPar: Float64Array): RunPoint {
  checkSeries("pointAt", "s", s); argInt("pointAt", "i", i); argArray("pointAt", "theta", theta); argArray("pointAt", "thetaPar", thetaPar);
  return {
    step: s.step[i], loss: s.loss[i], thetaPerp: s.thetaPerp[i], distPar: s.distPar[i],
    lambdaPar: s.lambdaPar[i], lambdaAt: s.lambdaAt[i], theta, thetaPar,
  };
}

/**
 * A summary of a whole codimension-1 run (losses and the first non-finite step).
 *
 * @category Series & fits
 */
export interface RunSummary {
  /** Steps actually run (fewer than asked when the run went non-finite). */
  stepsRun: number;
  /** First step whose state or loss was non-finite, or null. The run stops there. */
  firstNonFiniteStep: number | null;
  minLoss: number;
  maxLoss: number;
}

/**
 * What {@link runTrajectory} returns: the recorded series, the final point and a summary.
 *
 * @category Series & fits
 */
export interface RunResult {
  model: string;
  eta: number;
  series: RunSeries;
  /** The last finite state. */
  final: RunPoint;
  summary: RunSummary;
  /** θ∥*, the flattest minimum that distPar is measured to, and λ* = λ(θ∥*). */
  thetaStar: Float64Array;
  lambdaStar: number;
}

/** A RunSeries: an object whose six columns are arrays (their values are the caller's). */
export function checkSeries(fn: string, name: string, s: unknown): asserts s is RunSeries {
  argObject(fn, name, s);
  for (const k of SERIES_COLUMNS) argArray(fn, `${name}.${k}`, (s as Record<string, unknown>)[k]);
}
