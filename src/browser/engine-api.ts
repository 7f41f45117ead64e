// What the explorer's worker asks of the library: the model, a chunk of a
// trajectory (runTrajectory with startStep), and the comparison of the
// theory's prediction with the observation of the recorded run. The
// comparison follows analyseRun (src/observe/analyse-run.ts) step for step,
// on the series the worker has already streamed instead of a second run.
import type { Engine } from "../engine.js";
import { bifurcationSweep } from "../experiments/bifurcation.js";
import { deepScalar, type DeepScalarModel } from "../models/deep-scalar.js";
import { engineGeometry } from "../codim1/geometry.js";
import { observeRun, type Observation } from "../observe/observe-run.js";
import { periodTwoOrbit, type PeriodTwoOrbit } from "../theory/period-two-orbit.js";
import { CRITICAL_EXPONENTS, subcriticalRate } from "../theory/predicted-rates.js";
import { classifyRegime, type RegimePrediction } from "../theory/regime.js";
import { runTrajectory } from "../codim1/run.js";
import type { RunResult, RunSeries } from "../series/run-series.js";
import { TAIL_STEPS } from "./config.js";
import type { Comparison, ModelSpec, SeriesChunk } from "./protocol.js";

export type BuiltModel = DeepScalarModel;

export function buildModel(spec: ModelSpec, _engine: Engine): BuiltModel {
  return deepScalar({ depth: spec.depth, target: spec.target });
}

export interface ChunkOptions {
  eta: number;
  theta0: Float64Array;
  startStep: number;
  steps: number;
  /** Absolute step numbers to record in (startStep, startStep + steps]. */
  recordSteps: Float64Array;
  engine: Engine;
}

/** One chunk of a run: `steps` updates from θ₀ = θ_startStep (its first record is the start itself). */
export function runChunk(model: BuiltModel, o: ChunkOptions): RunResult {
  return runTrajectory(model, { eta: o.eta, steps: o.steps, theta0: o.theta0, startStep: o.startStep, record: { steps: o.recordSteps }, engine: o.engine });
}

function cut(s: SeriesChunk, keep: (t: number) => boolean): RunSeries {
  const idx: number[] = [];
  for (let i = 0; i < s.step.length; i++) if (keep(s.step[i]!)) idx.push(i);
  const pick = (a: Float64Array): Float64Array => Float64Array.from(idx, (i) => a[i]!);
  return { step: pick(s.step), loss: pick(s.loss), thetaPerp: pick(s.thetaPerp), distPar: pick(s.distPar), lambdaPar: pick(s.lambdaPar), lambdaAt: pick(s.lambdaAt) };
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
 * The theory's prediction (classifyRegime from λ* and λ(θ∥₀); the rate
 * |1 − ηλ(θ∥∞)|, or the Floquet rate and the exact orbit when supercritical;
 * the exponents at η_c) against observeRun on the streamed series, as
 * analyseRun does for a single run.
 */
export function compareRun(model: BuiltModel, o: CompareInput): { comparison: Comparison; prediction: unknown; observation: unknown } {
  const geo = engineGeometry(o.engine);
  const flat = geo.flattest(model, o.theta0);
  const start = geo.project(model, o.theta0);
  const regime: RegimePrediction = classifyRegime({ eta: o.eta, lambdaStar: flat.lambdaStar, lambdaStarSource: flat.source, lambdaParStart: start.lambdaPar });

  let orbit: PeriodTwoOrbit | null = null;
  if (regime.regime === "supercritical") {
    const at = geo.project(model, flat.thetaStar);
    orbit = periodTwoOrbit(model, o.eta, { point: flat.thetaStar, direction: at.normal }, { thetaPerp: (th) => geo.project(model, th).thetaPerp });
  }

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
    observation = observeRun({ eta: o.eta, lambdaStar: flat.lambdaStar, series: fitSeries, tail, final, summary });
  } catch (e) {
    o.notes.push(`observation failed: ${e instanceof Error ? e.message : String(e)}`);
  }

  const sub = regime.regime === "stable" || regime.regime === "subcritical";
  const finite = Number.isFinite(final.lambdaPar);
  // Beyond the stable range of the Newton orbit (ρ(J) ≥ 1) the theory claims no rate (as analyseRun).
  const orbitStable = orbit ? orbit.found && orbit.floquet !== null && orbit.floquet.spectralRadius < 1 : null;
  const predictedRate = sub && finite ? subcriticalRate(o.eta, final.lambdaPar) : orbitStable ? orbit!.floquet!.perStepRate : null;
  const predictedOrbit = orbit?.found && orbit.thetaPerp ? ([...orbit.thetaPerp].sort((a, b) => b - a) as [number, number]) : null;
  const lambdaEnd =
    regime.regime === "subcritical"
      ? `in (λ*, 2/η) = (${fmt(flat.lambdaStar)}, ${fmt(2 / o.eta)})`
      : regime.regime === "stable"
        ? `< 2/η = ${fmt(2 / o.eta)}`
        : `→ λ* = ${fmt(flat.lambdaStar)}`;
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
    rate: { predicted: predictedRate, observed: observation?.linear?.fit.rate ?? null, quantity: observation?.linear?.quantity ?? null },
    // Power laws are the critical regime's claim; elsewhere a fitted exponent means nothing, so none is shown.
    exponentThetaPerp: { predicted: critical ? CRITICAL_EXPONENTS.thetaPerp : null, observed: showPower ? (observation?.powerLaw?.thetaPerp.exponent ?? null) : null },
    exponentLoss: { predicted: critical ? CRITICAL_EXPONENTS.loss : null, observed: showPower ? (observation?.powerLaw?.loss.exponent ?? null) : null },
    orbit: { predicted: predictedOrbit, observed: observation?.orbit ?? null, stable: orbitStable, spectralRadius: orbit?.floquet?.spectralRadius ?? null },
    lambdaEnd: { predicted: lambdaEnd, observed: Number.isFinite(final.lambdaPar) ? final.lambdaPar : null },
  };
  const prediction = {
    regime,
    rate: predictedRate,
    exponents: regime.regime === "critical" ? CRITICAL_EXPONENTS : null,
    orbit: orbit ? { ...orbit, floquet: orbit.floquet ? { ...orbit.floquet, jacobian: undefined } : null } : null,
    orbitStable,
  };
  return { comparison, prediction, observation };
}

function fmt(x: number): string {
  return String(Number(x.toPrecision(6)));
}

/** One column of the bifurcation diagram: the last `keep` θ⊥ values after `steps` steps, and observeRun's label (bifurcationSweep). */
export function bifurcationColumn(model: BuiltModel, eta: number, theta0: Float64Array, steps: number, keep: number, engine: Engine): { attractor: number[]; label: string } {
  const r = bifurcationSweep(model, engineGeometry(engine), { etaFrom: eta, etaTo: eta, count: 1, steps, tail: keep, theta0 });
  const p = r.points[0]!;
  return { attractor: p.attractor, label: p.label };
}
