// What the explorer's worker asks of the library: the model, a chunk of a
// trajectory (runTrajectory with startStep), and the comparison of the
// theory's prediction with the observation of the recorded run. The
// prediction is the library's (predictRun and completePrediction, as
// analyseRun makes it); the observation is observeRun on the series the
// worker has already streamed, cut as analyseRun cuts its own, instead of a
// second run.
import type { Engine } from "../engine.js";
import { bifurcationPoints } from "../experiments/bifurcation.js";
import { deepScalar, deepScalarFlattest, isBuiltInDeepScalar, type DeepScalarModel } from "../models/deep-scalar.js";
import { deepLinear, deepLinearFlattest, isBuiltInDeepLinear, type DeepLinearModel } from "../models/deep-linear.js";
import { tanhChain, type TanhChainModel } from "../models/tanh-chain.js";
import { engineGeometry } from "../codim1/geometry.js";
import { laneWidth } from "../codim1/lanes-run.js";
import { completePrediction, predictRun } from "../codim1/predict-run.js";
import { observeRun, type Observation } from "../observe/observe-run.js";
import { saddleInputs } from "../observe/saddle-inputs.js";
import { CRITICAL_EXPONENTS } from "../theory/predicted-rates.js";
import type { Regime } from "../theory/regime.js";
import { runTrajectory } from "../codim1/run.js";
import { seriesFrom, type RunResult, type RunSeries } from "../series/run-series.js";
import { TAIL_STEPS, tanhChainFlattest } from "./config.js";
import type { Comparison, ModelSpec, SeriesChunk } from "./protocol.js";

export type BuiltModel = DeepScalarModel | DeepLinearModel | TanhChainModel;

export function buildModel(spec: ModelSpec, _engine: Engine): BuiltModel {
  if (spec.model === "deep-linear") return deepLinear({ widths: spec.widths ?? [], input: spec.input ?? [], target: spec.target });
  if (spec.model === "tanh-chain") return tanhChain({ depth: spec.depth, input: spec.input?.[0] ?? 1, target: spec.target });
  return deepScalar({ depth: spec.depth, target: spec.target });
}

/**
 * The flattest minimum a run of the tanh chain measures distPar to: the
 * explorer's one rule (tanhChainFlattest), passed to every chunk, so that
 * chunks agree with each other and with one uninterrupted run. The built-in
 * models find their own (closed forms).
 */
function generalFlattest(model: BuiltModel): { thetaStar: Float64Array; lambdaStar: number } | undefined {
  if (isBuiltInDeepScalar(model) || isBuiltInDeepLinear(model)) return undefined;
  const t = model as TanhChainModel;
  return tanhChainFlattest(t.depth, t.input, t.target);
}

/** λ* and θ∥* of the model (the closed form, docs/design.md §1). */
export function flattestOf(model: BuiltModel): { lambdaStar: number } {
  if (isBuiltInDeepScalar(model)) return deepScalarFlattest(model);
  if (isBuiltInDeepLinear(model)) return deepLinearFlattest(model);
  return generalFlattest(model)!;
}

export interface ChunkOptions {
  eta: number;
  theta0: Float64Array;
  startStep: number;
  steps: number;
  /** Absolute step numbers to record in (startStep, startStep + steps]. */
  recordSteps: Float64Array;
  engine: Engine;
  recordTheta?: boolean;
}

/** One chunk of a run: `steps` updates from θ₀ = θ_startStep (its first record is the start itself). */
export function runChunk(model: BuiltModel, o: ChunkOptions): RunResult {
  return runTrajectory(model, { eta: o.eta, steps: o.steps, theta0: o.theta0, startStep: o.startStep, record: { steps: o.recordSteps }, engine: o.engine, flattest: generalFlattest(model), recordTheta: o.recordTheta });
}

function cut(s: SeriesChunk, keep: (t: number) => boolean): RunSeries {
  const idx: number[] = [];
  for (let i = 0; i < s.step.length; i++) if (keep(s.step[i]!)) idx.push(i);
  const pick = (a: Float64Array): Float64Array => Float64Array.from(idx, (i) => a[i]!);
  return seriesFrom((k) => pick(s[k]));
}

export interface CompareInput {
  eta: number;
  theta0: Float64Array;
  /** The whole recorded series (recordSteps: ends with every step of the last TAIL_STEPS). */
  series: SeriesChunk;
  /** The last chunk's result: final state and summary of the run's end. */
  last: RunResult;
  /** Steps actually run and the first non-finite step, over the whole run. */
  stepsRun: number;
  firstNonFiniteStep: number | null;
  notes: string[];
  engine: Engine;
}

/**
 * The theory's prediction (predictRun: the regime from λ* and λ(θ∥₀), and
 * when supercritical the period-2 orbit and its Floquet rate;
 * completePrediction: the rate |1 − ηλ(θ∥∞)| from the run's end) against
 * observeRun on the streamed series, as analyseRun does for a single run.
 */
export function compareRun(model: BuiltModel, o: CompareInput): { comparison: Comparison; prediction: unknown; observation: unknown } {
  const forecast = predictRun(model, engineGeometry(o.engine), { eta: o.eta, theta0: o.theta0 });
  const { regime, orbit } = forecast;
  const lambdaStar = regime.lambdaStar;

  // Like analyseRun: the fits see the log-spaced records plus the final point; period detection sees the dense tail.
  const final = o.last.final;
  const n = final.step;
  const tailFrom = n - TAIL_STEPS;
  const diverged = o.firstNonFiniteStep !== null;
  const fitSeries = cut(o.series, (t) => t <= tailFrom || t === n || diverged);
  const tail = diverged ? undefined : cut(o.series, (t) => t >= tailFrom);
  const summary = { ...o.last.summary, stepsRun: o.stepsRun, firstNonFiniteStep: o.firstNonFiniteStep };
  let observation: Observation | null = null;
  try {
    // f(θ_N) and ‖∇f(θ_N)‖ tell a saddle from a fixed point, as in analyseRun.
    observation = observeRun({ eta: o.eta, lambdaStar, series: fitSeries, tail, final, summary, ...saddleInputs(model, final.theta) });
  } catch (e) {
    o.notes.push(`observation failed: ${e instanceof Error ? e.message : String(e)}`);
  }

  // Beyond the stable range of the orbit (ρ(J) ≥ 1) the theory claims no rate: completePrediction gives null there.
  const prediction = completePrediction(forecast, final.lambdaPar);
  const predictedOrbit = orbit?.found && orbit.thetaPerp ? ([...orbit.thetaPerp].sort((a, b) => b - a) as [number, number]) : null;
  const lambdaEnd =
    regime.regime === "subcritical"
      ? `in (λ*, 2/η) = (${fmt(lambdaStar)}, ${fmt(2 / o.eta)})`
      : regime.regime === "stable"
        ? `< 2/η = ${fmt(2 / o.eta)}`
        : `→ λ* = ${fmt(lambdaStar)}`;
  const critical = regime.regime === "critical";
  const showPower = critical || observation?.label === "critical";
  const comparison: Comparison = {
    regime: { predicted: regime.regime, observed: observation?.label ?? null, predictedReason: regime.reason, observedReason: observation?.labelReason ?? null },
    crossoverSteps: regime.crossoverSteps,
    tau: {
      // Theorem 5.1: finite τ below η_c from a start above the edge; at or above η_c, λ(θ∥) → λ* ≥ 2/η, so ηλ(θ∥) stays ≥ 2.
      predicted: regime.regime === "subcritical" ? "finite" : regime.regime === "stable" ? "0 (starts below the edge)" : "never",
      observed: observation?.tau ?? null,
    },
    rate: { predicted: prediction.rate, observed: observation?.linear?.fit.rate ?? null, quantity: observation?.linear?.quantity ?? null },
    // Power laws are the critical regime's claim; elsewhere a fitted exponent means nothing, so none is shown.
    exponentThetaPerp: { predicted: critical ? CRITICAL_EXPONENTS.thetaPerp : null, observed: showPower ? (observation?.powerLaw?.thetaPerp.exponent ?? null) : null },
    exponentLoss: { predicted: critical ? CRITICAL_EXPONENTS.loss : null, observed: showPower ? (observation?.powerLaw?.loss.exponent ?? null) : null },
    orbit: { predicted: predictedOrbit, observed: observation?.orbit ?? null, stable: prediction.orbitStable, spectralRadius: orbit?.floquet?.spectralRadius ?? null },
    lambdaEnd: { predicted: lambdaEnd, observed: Number.isFinite(final.lambdaPar) ? final.lambdaPar : null },
  };
  // The Floquet Jacobian (p×p) stays out of the report: the panel does not show it and it would only weigh down the JSON.
  const reported = { ...prediction, orbit: orbit ? { ...orbit, floquet: orbit.floquet ? { ...orbit.floquet, jacobian: undefined } : null } : null };
  return { comparison, prediction: reported, observation };
}

function fmt(x: number): string {
  return String(Number(x.toPrecision(6)));
}

/** How many neighbouring columns bifurcationColumns should be given at once: the lanes' width for deep scalar, else 1. */
export function columnGroup(model: BuiltModel): number {
  return isBuiltInDeepScalar(model) ? laneWidth(model.depth) : 1;
}

/**
 * Columns of the bifurcation diagram at several η with the same steps: for each, the last `keep` θ⊥ values after
 * `steps` steps and observeRun's label (bifurcationPoints: deep scalar columns share the SIMD lanes, same bits).
 */
export function bifurcationColumns(model: BuiltModel, etas: readonly number[], theta0: Float64Array, steps: number, keep: number, engine: Engine): { attractor: number[]; label: Regime }[] {
  return bifurcationPoints(model, engineGeometry(engine), etas, steps, keep, theta0, { engine }).map(({ point }) => ({ attractor: point.attractor, label: point.label }));
}
