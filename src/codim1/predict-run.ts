// What the theory predicts for one GD run on a codimension-1 model, in two
// halves (docs/design.md §2, §3): before the run (regime, θ∥*, λ*, the
// period-2 orbit and its Floquet rate), and after it (the subcritical and
// stable rate |1 − ηλ(θ∥∞)| needs the run's final projection). analyseRun
// and the browser explorer both call these, so the prediction is derived in
// one place only.
import { InvalidArgumentError } from "../errors.js";
import { checkModelAt, guardModel, type Codim1Model } from "../models/codim1.js";
import { isBuiltInDeepScalar } from "../models/deep-scalar.js";
import { isBuiltInDeepLinear } from "../models/deep-linear.js";
import { periodTwoOrbit, type PeriodTwoOrbit } from "../theory/period-two-orbit.js";
import { CRITICAL_EXPONENTS, subcriticalRate } from "../theory/predicted-rates.js";
import { classifyRegime, type LambdaStarSource, type RegimePrediction } from "../theory/regime.js";
import type { RecordPlan, RunResult } from "../series/run-series.js";
import { argObject, describeArg } from "../check-args.js";

/**
 * What the analysis needs from the engine: θ∥* and λ*, the projection onto M, and a trajectory runner.
 * @category Codimension-1 runs
 */
export interface Codim1Geometry {
  /** θ∥* and λ*; `start` seeds a numerical search where there is no closed form. */
  flattest(model: Codim1Model, start: Float64Array): { thetaStar: Float64Array; lambdaStar: number; source: LambdaStarSource };
  project(model: Codim1Model, theta: Float64Array): { point: Float64Array; thetaPerp: number; normal: Float64Array; lambdaPar: number };
  /**
   * `recordTheta`: also keep θ_t and θ∥_t at every record (series.theta, series.thetaPar), as runTrajectory does.
   * `lambdaAt` (default true): false may leave NaN in series.lambdaAt (runTrajectory's option of that name); a
   * geometry is free to compute it anyway, and no other column may depend on it.
   */
  run(model: Codim1Model, opts: { eta: number; steps: number; theta0: Float64Array; record: RecordPlan; startStep?: number; recordTheta?: boolean; lambdaAt?: boolean }): RunResult;
}

/**
 * Options of {@link predictRun}.
 *
 * @category Codimension-1 runs
 */
export interface PredictRunOptions {
  eta: number;
  theta0: ArrayLike<number>;
  /** "critical" means |ηλ* − 2| ≤ this; default DEFAULT_CRITICAL_TOLERANCE (1e-9). */
  criticalTolerance?: number;
}

/**
 * The prediction that needs no run: everything but the subcritical/stable rate.
 * @category Codimension-1 runs
 */
export interface RunForecast {
  regime: RegimePrediction;
  /** θ∥*, the flattest point of M (closed form or numerical search from θ₀). */
  thetaStar: Float64Array;
  /** The projection of θ₀: θ⊥₀ and λ(θ∥₀). */
  start: { thetaPerp: number; lambdaPar: number };
  exponents: typeof CRITICAL_EXPONENTS | null;
  /** The period-2 orbit of GD through θ∥* (supercritical only), refined in R^p. */
  orbit: PeriodTwoOrbit | null;
  /** Supercritical: whether the orbit is stable (ρ(J) < 1). When false, η is beyond Theorem 5.3's reach and no rate is predicted. */
  orbitStable: boolean | null;
  /** Supercritical with a stable orbit: sqrt(ρ(J)) per step; otherwise null (the subcritical rate needs the run's end, see predictedRate). */
  orbitRate: number | null;
}

/**
 * The full prediction for one run, made by {@link completePrediction}.
 *
 * @category Codimension-1 runs
 */
export interface RunPrediction {
  regime: RegimePrediction;
  /**
   * Predicted per-step linear rate: |1 − ηλ(θ∥∞)| (stable, subcritical; θ∥∞
   * is the run's final projection, so this prediction uses the run's end
   * point), or sqrt(ρ(J)) of the period-2 orbit (supercritical); null at η_c.
   */
  rate: number | null;
  rateSource: string | null;
  /** λ(θ∥∞) used by the subcritical rate: the final projection's sharpness. */
  lambdaParInfinity: number | null;
  exponents: typeof CRITICAL_EXPONENTS | null;
  /** The period-2 orbit through θ∥* (supercritical only). */
  orbit: PeriodTwoOrbit | null;
  /** Supercritical: whether the orbit is stable (ρ(J) < 1). When false, η is beyond Theorem 5.3's reach and no rate is predicted. */
  orbitStable: boolean | null;
}

const SUB_RATE_SOURCE = "|1 − ηλ(θ∥∞)|, θ∥∞ = projection of the run's final state";
const ORBIT_RATE_SOURCE = "sqrt(ρ(DG(θ_b)·DG(θ_a))), Floquet multiplier of the Newton orbit, per step";

/**
 * Checks η and θ₀ for a run of `model` and returns θ₀ as a Float64Array and
 * the guarded model. Throws InvalidArgumentError (or ModelCallbackError for a
 * broken user model) with a one-line message.
 * @example
 * const { theta0 } = checkRunStart(deepScalar({ depth: 2 }), 0.3, [1.8, 0.6]); // throws InvalidArgumentError on bad input
 * @category Codimension-1 runs
 */
export function checkRunStart(model: Codim1Model, eta: number, theta0: ArrayLike<number>): { model: Codim1Model; theta0: Float64Array } {
  model = guardModel(model, isBuiltInDeepScalar(model) || isBuiltInDeepLinear(model));
  if (!(eta > 0) || !Number.isFinite(eta)) throw new InvalidArgumentError(`η must be finite and > 0, got ${eta}`);
  if (theta0 == null || typeof theta0.length !== "number") throw new InvalidArgumentError(`θ₀ (theta0) is required: an array of ${model.dim} numbers`);
  if (theta0.length !== model.dim) throw new InvalidArgumentError(`θ₀ has ${theta0.length} entries, the model has ${model.dim} parameters`);
  for (let i = 0; i < model.dim; i++) if (typeof theta0[i] !== "number" || !Number.isFinite(theta0[i])) throw new InvalidArgumentError(`θ₀[${i}] is ${theta0[i]}; all entries must be finite`);
  const th = Float64Array.from(theta0);
  if (!isBuiltInDeepScalar(model)) checkModelAt(model, th);
  const r0 = model.f(th) - model.target;
  if (!Number.isFinite(0.5 * r0 * r0)) throw new InvalidArgumentError(`the loss at θ₀ is not finite (f(θ₀) − y = ${r0.toPrecision(3)}: entries too large); start closer to M`);
  return { model, theta0: th };
}

/**
 * The prediction before the run (docs/design.md §2, §3): the regime from η,
 * λ* and λ(θ∥₀); in the supercritical regime the period-2 orbit through θ∥*
 * (line solve along n(θ∥*), then Newton on G∘G in R^p) and its Floquet rate.
 *
 * @example const f = predictRun(deepScalar({ depth: 2 }), engineGeometry(), { eta: 1.05, theta0: [1.8, 0.58] }); // f.regime.regime === "supercritical"
 * @category Codimension-1 runs
 */
export function predictRun(model: Codim1Model, geometry: Codim1Geometry, opts: PredictRunOptions): RunForecast {
  if (opts === null || typeof opts !== "object") throw new InvalidArgumentError("predictRun needs options { eta, theta0 }");
  const { eta } = opts;
  const checked = checkRunStart(model, eta, opts.theta0);
  model = checked.model;
  const theta0 = checked.theta0;
  const flat = geometry.flattest(model, theta0);
  const start = geometry.project(model, theta0);
  const regime = classifyRegime({ eta, lambdaStar: flat.lambdaStar, lambdaStarSource: flat.source, lambdaParStart: start.lambdaPar, criticalTolerance: opts.criticalTolerance });
  let orbit: PeriodTwoOrbit | null = null;
  if (regime.regime === "supercritical") {
    const at = geometry.project(model, flat.thetaStar);
    orbit = periodTwoOrbit(model, eta, { point: flat.thetaStar, direction: at.normal }, { project: (th) => geometry.project(model, th) });
  }
  const orbitStable = orbit ? orbit.found && orbit.floquet !== null && orbit.floquet.transverseRadius < 1 : null;
  return {
    regime, thetaStar: flat.thetaStar, start: { thetaPerp: start.thetaPerp, lambdaPar: start.lambdaPar },
    exponents: regime.regime === "critical" ? CRITICAL_EXPONENTS : null,
    orbit, orbitStable, orbitRate: orbitStable ? orbit!.floquet!.perStepRate : null,
  };
}

/**
 * The predicted per-step rate once the run's final λ(θ∥∞) is known: stable and
 * subcritical |1 − ηλ(θ∥∞)| (Theorem 5.1's limit point is wherever the run
 * ends on M, so the rate cannot be known before); supercritical the orbit's
 * Floquet rate; critical (or a non-finite final state) null.
 * @example
 * const f = predictRun(deepScalar({ depth: 5 }), engineGeometry(), { eta: 0.3, theta0: [1.3, 1, 1, 0.9, 0.8] });
 * predictedRate(f, 5).rate; // |1 − ηλ∥∞| with λ∥∞ = 5
 * @category Codimension-1 runs
 */
export function predictedRate(forecast: RunForecast, finalLambdaPar: number): { rate: number | null; rateSource: string | null; lambdaParInfinity: number | null } {
  argObject("predictedRate", "forecast", forecast); argObject("predictedRate", "forecast.regime", forecast.regime);
  // A non-finite final λ (a run that diverged) is a valid input: the rate is then unknown.
  if (typeof finalLambdaPar !== "number") throw new InvalidArgumentError(`predictedRate: finalLambdaPar must be a number, got ${describeArg(finalLambdaPar)}`);
  const r = forecast.regime.regime;
  if (r === "stable" || r === "subcritical") {
    if (!Number.isFinite(finalLambdaPar)) return { rate: null, rateSource: SUB_RATE_SOURCE, lambdaParInfinity: null };
    return { rate: subcriticalRate(forecast.regime.eta, finalLambdaPar), rateSource: SUB_RATE_SOURCE, lambdaParInfinity: finalLambdaPar };
  }
  if (forecast.orbitRate !== null) return { rate: forecast.orbitRate, rateSource: ORBIT_RATE_SOURCE, lambdaParInfinity: null };
  return { rate: null, rateSource: null, lambdaParInfinity: null };
}

/**
 * The whole prediction of a run: the forecast plus the rate from the run's final λ(θ∥∞).
 * @example
 * const prediction = completePrediction(forecast, run.final.lambdaPar);
 * @category Codimension-1 runs
 */
export function completePrediction(forecast: RunForecast, finalLambdaPar: number): RunPrediction {
  argObject("completePrediction", "forecast", forecast); argObject("completePrediction", "forecast.regime", forecast.regime);
  // A non-finite final λ (a run that diverged) is a valid input: the rate is then unknown.
  if (typeof finalLambdaPar !== "number") throw new InvalidArgumentError(`completePrediction: finalLambdaPar must be a number, got ${describeArg(finalLambdaPar)}`);
  return {
    regime: forecast.regime, ...predictedRate(forecast, finalLambdaPar),
    exponents: forecast.exponents, orbit: forecast.orbit, orbitStable: forecast.orbitStable,
  };
}
