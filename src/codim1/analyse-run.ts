// One run, predicted and observed: every label, prediction and measurement in one object (docs/design.md §2, §3).
import { InvalidArgumentError } from "../errors.js";
import { argBoolean } from "../check-args.js";
import { guardModel, type Codim1Model } from "../models/codim1.js";
import { isBuiltInDeepScalar } from "../models/deep-scalar.js";
import { isBuiltInDeepLinear } from "../models/deep-linear.js";
import { CRITICAL_EXPONENTS } from "../theory/predicted-rates.js";
import { appendSeries, sliceSeries, type RecordPlan, type RunResult, type RunSeries } from "../series/run-series.js";
import { checkRunStart, completePrediction, predictRun, type Codim1Geometry, type RunPrediction } from "./predict-run.js";
import { observeRun, type Observation } from "../observe/observe-run.js";
import { saddleInputs } from "../observe/saddle-inputs.js";
import { gfsPoint } from "../theory/gfs-sharpness.js";

// Codim1Geometry and RunPrediction live with the prediction (predict-run.ts); re-exported for existing importers.
export type { Codim1Geometry, RunPrediction };

/**
 * analyseRun's default tail: the last K = 64 steps are recorded every step,
 * enough for observeRun's period detection (docs/design.md §2). The explorer
 * records the same tail (src/browser/config.ts), so it labels a run as
 * `eoslab run` does.
 * @category Codimension-1 runs
 */
export const DEFAULT_TAIL_STEPS = 64;

/**
 * Options of {@link analyseRun}.
 *
 * @category Codimension-1 runs
 */
export interface AnalyseOptions {
  eta: number;
  steps: number;
  theta0: ArrayLike<number>;
  /** Recording of the main run; default about 2000 log-spaced steps. */
  record?: RecordPlan;
  /** The last K steps are recorded every step, for period detection. Default DEFAULT_TAIL_STEPS (64). */
  tailSteps?: number;
  criticalTolerance?: number;
  /** Window of the power-law fits; default [N/100, N]. */
  powerWindow?: [number, number];
  /**
   * Compute RunAnalysis.gfsSharpness (deep scalar only); default true. false records no θ_t (nor θ∥_t) and leaves
   * gfsSharpness null, for callers that read only labels, rates and the tail (sweep points, bifurcation columns):
   * every other field is the same.
   */
  gfsSharpness?: boolean;
  /**
   * Compute λ(θ) at every record (series.lambdaAt, tail.lambdaAt, final.lambdaAt); default true. false leaves NaN
   * there and skips that eigenproblem, most of a record's cost (docs/sweeps.md, "Lanes"): the labels, rates, checks
   * and every other column never read it, so they are the same bits.
   */
  lambdaAt?: boolean;
}

export { CRITICAL_EXPONENTS };

/**
 * One predicted-vs-measured comparison.
 * @category Codimension-1 runs
 */
export interface Check {
  name: string;
  predicted: number | string | null;
  measured: number | string | null;
  /** What "agrees" means here, in words. */
  criterion: string;
  pass: boolean | null;
}

/**
 * What {@link analyseRun} returns: the prediction, the observation and the checks between them.
 *
 * @category Codimension-1 runs
 */
export interface RunAnalysis {
  model: string;
  eta: number;
  steps: number;
  theta0: number[];
  start: { thetaPerp: number; lambdaPar: number };
  thetaStar: number[];
  prediction: RunPrediction;
  observation: Observation;
  /** Main run (records per `record`), plus the tail's points appended: the series to plot. */
  series: RunSeries;
  /** The tail: every step of the last K steps. */
  tail: RunSeries;
  /**
   * Deep scalar factorisation only (null otherwise, and when AnalyseOptions.gfsSharpness is false): λ_GFS(θ_t), the sharpness of the minimum gradient flow would
   * reach from θ_t (docs/design.md §3, "GFS sharpness"), at every record of `series` (same length as series.step);
   * NaN at a record with no gradient-flow solution (a saddle, or a state too large for λ_GFS to be finite).
   */
  gfsSharpness: Float64Array | null;
  final: RunResult["final"];
  summary: RunResult["summary"];
  checks: Check[];
}

/**
 * Runs GD, predicts its regime and rates, observes it, and compares (docs/design.md §2, §3).
 * @example
 * await init();
 * const a = analyseRun(deepScalar({ depth: 5 }), engineGeometry(), { eta: 0.4, steps: 100_000, theta0: [1.3, 1, 1, 0.9, 0.8] });
 * a.observation.label; a.checks.filter((c) => !c.pass);
 * @category Codimension-1 runs
 */
export function analyseRun(model: Codim1Model, geometry: Codim1Geometry, opts: AnalyseOptions): RunAnalysis {
  model = guardModel(model, isBuiltInDeepScalar(model) || isBuiltInDeepLinear(model));
  if (opts === null || typeof opts !== "object") throw new InvalidArgumentError("analyseRun needs options { eta, steps, theta0 }");
  const { eta, steps } = opts;
  if (!(eta > 0) || !Number.isFinite(eta)) throw new InvalidArgumentError(`η must be finite and > 0, got ${eta}`);
  if (!Number.isSafeInteger(steps) || steps < 2) throw new InvalidArgumentError(`steps must be an integer ≥ 2, got ${steps}`);
  argBoolean("analyseRun", "opts.gfsSharpness", opts.gfsSharpness, true);
  argBoolean("analyseRun", "opts.lambdaAt", opts.lambdaAt, true);
  const lambdaAt = opts.lambdaAt !== false;
  const checked = checkRunStart(model, eta, opts.theta0);
  model = checked.model;
  const theta0 = checked.theta0;
  const K = Math.min(opts.tailSteps ?? DEFAULT_TAIL_STEPS, Math.floor(steps / 2));
  // Everything predicted before the run, derived in one place (predict-run.ts) for analyseRun and the explorer alike.
  const forecast = predictRun(model, geometry, { eta, theta0, criticalTolerance: opts.criticalTolerance });
  const { regime } = forecast;
  const lambdaStar = regime.lambdaStar;
  const flat = { thetaStar: forecast.thetaStar, lambdaStar };

  // Deep scalar runs keep θ_t at every record, for λ_GFS(θ_t) (docs/design.md §3, "GFS sharpness"): the closed form
  // needs the state itself, which no other recorded column determines.
  const recordTheta = opts.gfsSharpness !== false && isBuiltInDeepScalar(model);
  const main = geometry.run(model, { eta, steps: steps - K, theta0, record: opts.record ?? { logPoints: 2000 }, recordTheta, lambdaAt });
  const tailRun = main.summary.firstNonFiniteStep === null
    ? geometry.run(model, { eta, steps: K, theta0: main.final.theta, record: { every: 1 }, startStep: main.final.step, recordTheta, lambdaAt })
    : main;
  const final = tailRun.final;
  const summary = tailRun === main ? main.summary : {
    stepsRun: main.summary.stepsRun + tailRun.summary.stepsRun,
    firstNonFiniteStep: tailRun.summary.firstNonFiniteStep,
    minLoss: Math.min(main.summary.minLoss, tailRun.summary.minLoss), maxLoss: Math.max(main.summary.maxLoss, tailRun.summary.maxLoss),
  };
  const series = tailRun === main ? main.series : appendSeries(main.series, tailRun.series);
  const fitSeries = tailRun === main ? main.series : appendSeries(main.series, sliceSeries(tailRun.series, tailRun.series.step.length - 1));

  const observation = observeRun({
    eta, lambdaStar: flat.lambdaStar, series: fitSeries, tail: tailRun === main ? undefined : tailRun.series, final, summary, powerWindow: opts.powerWindow,
    ...saddleInputs(model, final.theta), // f(θ_N) and ‖∇f(θ_N)‖: what tells a saddle (∇f → 0 off M) from a fixed point
  });

  const prediction = completePrediction(forecast, final.lambdaPar);
  return {
    model: model.name, eta, steps, theta0: Array.from(theta0), start: forecast.start,
    thetaStar: Array.from(forecast.thetaStar), prediction, observation, series, tail: tailRun.series, final, summary,
    gfsSharpness: recordTheta ? gfsAtRecords(series, model.dim, model.target) : null,
    checks: compare(prediction, observation, final, eta, lambdaStar),
  };
}

/** λ_GFS at every record of a series that kept θ_t; NaN where gradient flow from θ_t has no minimum to reach. */
function gfsAtRecords(s: RunSeries, p: number, y: number): Float64Array {
  const n = s.step.length, out = new Float64Array(n).fill(NaN);
  // A geometry that ignored recordTheta (a custom one) leaves no states: every record is then "not computed".
  if (s.theta === undefined || s.theta.length !== n * p) return out;
  for (let r = 0; r < n; r++) {
    const row = s.theta.subarray(r * p, (r + 1) * p);
    if (!row.every(Number.isFinite)) continue;
    try { out[r] = gfsPoint(row, y).sharpness; } catch (e) {
      if (!(e instanceof InvalidArgumentError)) throw e; // a saddle or an overflowing state: no GFS, NaN
    }
  }
  return out;
}

function compare(pr: RunPrediction, ob: Observation, final: RunResult["final"], eta: number, lambdaStar: number): Check[] {
  const checks: Check[] = [];
  const predictedLabel = pr.regime.regime;
  // Theorem 5.3 needs η close to η_c: when the Newton orbit is itself unstable (ρ(J) > 1) GD cannot settle on it,
  // and period-k, chaos or divergence are all possible, so nothing is claimed.
  const rho = pr.orbit?.floquet?.transverseRadius ?? null;
  if (predictedLabel === "supercritical" && (!pr.orbit?.found || (rho !== null && rho >= 1))) {
    const why = pr.orbit?.found ? `Newton orbit unstable, ρ(J) = ${rho!.toPrecision(4)} ≥ 1 (transverse to any neutral directions)` : `no period-2 orbit found (${pr.orbit?.reason ?? "not computed"})`;
    checks.push({ name: "regime", predicted: predictedLabel, measured: ob.label, criterion: `${why}: beyond Theorem 5.3, no claim`, pass: null });
    return checks;
  }
  checks.push({ name: "regime", predicted: predictedLabel, measured: ob.label, criterion: "same label", pass: predictedLabel === ob.label });
  if (predictedLabel === "subcritical" || predictedLabel === "stable") {
    checks.push({ name: "τ", predicted: predictedLabel === "subcritical" ? "finite, > 0" : "0", measured: ob.tau, criterion: "first recorded step with ηλ(θ∥) < 2", pass: predictedLabel === "subcritical" ? ob.tau !== null && ob.tau > 0 : ob.tau === 0 });
    if (predictedLabel === "subcritical") {
      checks.push({ name: "λ(θ∥∞)", predicted: `in (${lambdaStar}, ${2 / eta})`, measured: final.lambdaPar, criterion: "λ* < λ(θ∥∞) < 2/η", pass: final.lambdaPar > lambdaStar && final.lambdaPar < 2 / eta });
    }
    const m = ob.linear?.fit.rate ?? null;
    checks.push({ name: "rate |θ⊥|", predicted: pr.rate, measured: m, criterion: "|measured − predicted| ≤ 1e-4", pass: pr.rate !== null && m !== null ? Math.abs(m - pr.rate) <= 1e-4 : null });
  }
  if (predictedLabel === "supercritical" && pr.orbit?.found) {
    const po = [...pr.orbit.thetaPerp!].sort((a, b) => b - a);
    const err = ob.orbit ? Math.max(Math.abs(ob.orbit[0] - po[0]), Math.abs(ob.orbit[1] - po[1])) : null;
    checks.push({ name: "orbit θ⊥", predicted: po.map((x) => x.toPrecision(10)).join(", "), measured: ob.orbit ? ob.orbit.map((x) => x.toPrecision(10)).join(", ") : null, criterion: "max error ≤ 1e-8", pass: err !== null ? err <= 1e-8 : null });
    const m = ob.linear?.fit.rate ?? null;
    checks.push({ name: `rate ${ob.linear?.quantity ?? ""}`.trim(), predicted: pr.rate, measured: m, criterion: "within 1% (relative)", pass: pr.rate !== null && m !== null ? Math.abs(m - pr.rate) <= 0.01 * pr.rate : null });
    // A run on the orbit sits at one orbit point, whose projection is ‖θ∥(θ_a or θ_b) − θ∥*‖ from θ∥*: 0 only when L is
    // invariant (deep scalar); for a general model the orbit's projections are O(ηλ* − 2) away (docs/design.md §3).
    // Compare with the orbit point nearer the final state's θ⊥.
    const tp = pr.orbit.thetaPerp!, dp = pr.orbit.distPar ?? [0, 0];
    const k = Math.abs(final.thetaPerp - tp[0]) <= Math.abs(final.thetaPerp - tp[1]) ? 0 : 1;
    checks.push({
      name: "distPar final", predicted: dp[k], measured: final.distPar,
      criterion: "|measured − predicted| ≤ 1e-10 (predicted: distance of the orbit point's projection to θ∥*)",
      pass: Number.isFinite(final.distPar) && Math.abs(final.distPar - dp[k]) <= 1e-10,
    });
  }
  if (predictedLabel === "critical" && ob.powerLaw) {
    const pl = ob.powerLaw;
    for (const [k, fit] of [["thetaPerp", pl.thetaPerp], ["distPar", pl.distPar], ["loss", pl.loss], ["lambdaGap", pl.lambdaGap]] as const) {
      const p = CRITICAL_EXPONENTS[k];
      checks.push({ name: `exponent ${k}`, predicted: p, measured: fit.exponent, criterion: "within ±0.05", pass: fit.exponent !== null ? Math.abs(fit.exponent - p) <= 0.05 : null });
    }
  }
  return checks;
}
