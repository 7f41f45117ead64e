// A data-driven run with its coordinates near M (docs/design.md §4): the
// several-output analogue of the codimension-1 run. Everything here is
// EMPIRICAL: the paper's theorems cover a scalar output only.
import type { Dataset } from "../dataset/dataset.js";
import type { Engine } from "../engine.js";
import { InvalidArgumentError } from "../errors.js";
import { engineOr } from "../init.js";
import { flattestMinimumData, projectToDataManifold, type FlattestDataOutcome, type NoExactFit } from "./flattest-minimum.js";
import { analyzeConvergence, type ConvergenceAnalysis } from "../fits/analyze-convergence.js";
import { classifyRegime, type RegimePrediction } from "../theory/regime.js";
import { sharpnessOf } from "./sharpness.js";
import { DataOps } from "../models/data-ops.js";
import { dataModel, paramCount, type DataModelSpec } from "../models/data-model.js";
import { runData, type DataRunResult } from "./run.js";
import { observeRun, type Observation } from "../observe/observe-run.js";
import { seriesFrom, type RunPoint, type RunSeries, type RunSummary } from "../series/run-series.js";
import { argArray, argObject } from "../check-args.js";

/**
 * Options of {@link observeDataRun}.
 *
 * @category Data-model runs
 */
export interface ObserveDataOptions {
  eta: number;
  steps: number;
  theta0: ArrayLike<number>;
  /** Record the loss every k steps (default as runData). Use an odd k, or 1, to see period-2 orbits in the loss. */
  recordEvery?: number;
  /** Coordinates every k steps (default ⌈N/200⌉). */
  coordEvery?: number;
  /** Record every step (coordinates and loss) over the last K steps, for period detection. Default DATA_TAIL_STEPS, at most N/2. */
  tailSteps?: number;
  /** The flattest minimum to measure distances to (or the no-exact-fit result); computed from θ₀ when absent. */
  flattest?: FlattestDataOutcome;
  engine?: Engine;
}

/**
 * The regime η would be in if the codimension-1 picture carried over (docs/design.md §2), with the empirical λ*.
 * @category Data-model runs
 */
export type EmpiricalRegime = RegimePrediction["regime"];

/** |ηλ* − 2| below which a data run counts as critical: λ* is only known to the flattest search's accuracy. */
export const EMPIRICAL_CRITICAL_TOLERANCE = 1e-6;

/**
 * The exact-fit outcome of {@link observeDataRun}: the prediction, the run and its observed label.
 *
 * @category Data-model runs
 */
export interface ObservedDataRun {
  /** M = {F = y} is not empty: coordinates, λ* and a regime exist (ObservedNoExactFitRun otherwise). */
  kind: "exact";
  label: "empirical";
  model: string;
  eta: number;
  /** 2/λ* from the Riemannian-GD flattest minimum. */
  etaCritical: number;
  lambdaStar: number;
  thetaStar: Float64Array;
  /** Regime by the docs/design.md §2 conditions with λ* and λ(θ∥₀): a prediction by analogy, not a theorem. */
  expectedRegime: EmpiricalRegime;
  /** classifyRegime (src/theory) with lambdaStarSource "empirical". */
  prediction: RegimePrediction;
  /** λ(θ∥₀) = λ_max(JJᵀ) at the Gauss–Newton projection of θ₀. */
  lambdaParStart: number;
  /** Coordinates at every coordEvery-th step: ‖θ⊥‖ = ‖θ − θ∥‖ (Gauss–Newton projection), distPar = ‖θ∥ − θ∥*‖, λ(θ∥), λ(θ) (Hessian top, Lanczos). */
  series: RunSeries;
  /** The series above with θ⊥ signed (see observeDataRun), checkpoints and tail together: what `observation` was made from. */
  signedSeries: RunSeries;
  /** Every step of the last K steps (signed θ⊥). */
  tail: RunSeries;
  /** The last state with its coordinates. */
  final: RunPoint;
  summary: RunSummary;
  /** The label by the codimension-1 observer (observeRun) on the signed coordinates: stable, subcritical, critical, supercritical (period 2), period-k, chaotic or divergent. */
  observation: Observation;
  /** The loss at every recorded step. */
  run: DataRunResult;
  /** What the loss series alone did (analyzeConvergence, docs/design.md §3 fits): a second, coordinate-free reading. */
  observed: ConvergenceAnalysis;
  /** λ(θ∥) at the last state, and whether it is below 2/η. */
  lambdaParFinal: number;
  lambdaParFinalBelowEdge: boolean;
}

/**
 * observeDataRun when y cannot be fitted exactly (NoExactFit): M is empty, so there are no coordinates near M, no
 * λ*, no η_c, no regime and no certificate; GD goes (at best) to the least-squares loss, and what remains to observe
 * is the loss, its excess over that least-squares loss, and the Hessian sharpness where the run ended (docs/design.md §4).
 * @category Data-model runs
 */
export interface ObservedNoExactFitRun {
  kind: "no-exact-fit";
  /** "no exact fit", or "divergent" when the run blew up: divergence wins over every label (docs/design.md §2). */
  label: "no exact fit" | "divergent";
  model: string;
  eta: number;
  /** Why there is no λ*, from flattestMinimumData. */
  fit: NoExactFit;
  /** min_θ ½‖F(θ) − y‖² > 0. */
  leastSquaresLoss: number;
  lambdaStar: null;
  etaCritical: null;
  expectedRegime: null;
  prediction: null;
  certificate: null;
  /** The loss at every recorded step. */
  run: DataRunResult;
  summary: RunSummary;
  /** analyzeConvergence of the loss (it goes to leastSquaresLoss, not to 0: a plateau when GD converges). */
  observed: ConvergenceAnalysis;
  /** analyzeConvergence of the excess loss ℓ(θ_t) − leastSquaresLoss ("converged" when GD reaches the least-squares loss). */
  observedExcess: ConvergenceAnalysis;
  /** The last state: loss, excess over the least-squares loss, and λ_max(∇²ℓ) there (Lanczos; null if the run diverged). */
  final: { step: number; loss: number; excessLoss: number; theta: Float64Array; hessianTop: number | null };
}

/**
 * observeDataRun's result: the observed run near M, or the run without M when y cannot be fitted exactly.
 * @category Data-model runs
 */
export type ObservedDataOutcome = ObservedDataRun | ObservedNoExactFitRun;

/** Steps recorded one by one at the end of a run (period detection), unless ObserveDataOptions.tailSteps says otherwise. */
export const DATA_TAIL_STEPS = 64;

/**
 * Runs GD on a several-output model and observes it: coordinates near M at
 * checkpoints and over every step of the last K steps, the label given by
 * the same observer as the codimension-1 runs (observeRun), the outcome of
 * the loss series, and the regime expected by analogy with docs/design.md §2 using
 * the empirical λ*. The whole loop between checkpoints runs in the core.
 *
 * The signed normal coordinate: θ⊥ = s·‖θ − θ∥‖, the size of the whole normal
 * component, with s the sign of q_kᵀ(F(θ) − y) for the sharpest EXCITED normal
 * mode: q_k the eigenvector of JJᵀ at θ∥ with the largest eigenvalue among
 * those whose residual component exceeds MODE_EXCITED·‖F(θ) − y‖ (the top
 * mode, unless it sits exactly on M and never moves). Eigenvector signs are
 * carried along the run by continuity (each q_k is flipped to agree with the
 * previous checkpoint's). With one output this is the codimension-1 θ⊥ up to
 * one global sign; with several, a run oscillating across M in that mode
 * alternates in sign and one approaching M from one side keeps it.
 *
 * When y cannot be fitted exactly (the flattest-minimum search returned NoExactFit), M is empty: the result is
 * ObservedNoExactFitRun, label "no exact fit", with the loss run and no λ*, η_c or regime.
 * @example
 * await init();
 * const o = observeDataRun({ kind: "diagonal", n, d }, data, { eta: 0.1, steps: 20_000, theta0 });
 * if (o.kind === "exact") o.observation.label;
 * @category Data-model runs
 */
export function observeDataRun(spec: DataModelSpec, data: Dataset, opts: ObserveDataOptions): ObservedDataOutcome {
  argObject("observeDataRun", "opts", opts); argArray("observeDataRun", "opts.theta0", opts.theta0);
  const p = paramCount(spec);
  if (opts.theta0.length !== p) throw new InvalidArgumentError(`theta0 has ${opts.theta0.length} entries; the ${spec.kind} model needs p = ${p}`);
  if (!Number.isSafeInteger(opts.steps) || opts.steps < 0) throw new InvalidArgumentError(`steps must be an integer ≥ 0, got ${opts.steps}`);
  const engine = engineOr(opts.engine);
  const found = opts.flattest ?? flattestMinimumData(spec, data, opts.theta0, { engine });
  if (found.kind === "no-exact-fit") return observeWithoutManifold(spec, data, opts, found, engine);
  const flat = found;
  const tailSteps = Math.min(opts.tailSteps ?? DATA_TAIL_STEPS, Math.floor(opts.steps / 2));
  if (!Number.isSafeInteger(tailSteps) || tailSteps < 0) throw new InvalidArgumentError(`tailSteps must be an integer ≥ 0, got ${opts.tailSteps}`);
  const mainSteps = opts.steps - tailSteps;
  let coordEvery = opts.coordEvery ?? Math.max(1, Math.ceil(mainSteps / 200));
  if (opts.coordEvery === undefined && opts.recordEvery !== undefined) coordEvery = Math.ceil(coordEvery / opts.recordEvery) * opts.recordEvery;
  const y = Float64Array.from(data.y);
  return engine.scoped(() => {
    const model = dataModel(spec, new DataOps(engine, data));
    const main = new CoordinateLog(), tail = new CoordinateLog();
    let warm: Float64Array | undefined;
    let qPrev: Float64Array | null = null;
    let last: { point: RunPoint } | null = null;
    const resid = new Float64Array(spec.n);
    const measure = (into: CoordinateLog, t: number, theta: Float64Array) => {
      const pr = projectToDataManifold(model, theta, y);
      model.forward(theta, resid);
      let l = 0;
      for (let i = 0; i < spec.n; i++) {
        resid[i] -= y[i];
        l += resid[i] ** 2;
      }
      const loss = 0.5 * l;
      const q = alignedModes(pr.modes.vectors, spec.n, qPrev);
      qPrev = q;
      const signed = excitedModeSign(q, spec.n, resid) * pr.perpNorm;
      let dd = 0;
      for (let i = 0; i < p; i++) dd += (pr.thetaPar[i] - flat.theta[i]) ** 2;
      const s = sharpnessOf(model, theta, { top: 1, hessianStart: warm, gaussNewton: "dense", tol: 1e-10 });
      warm = s.hessianVector;
      const point: RunPoint = { step: t, loss, thetaPerp: signed, distPar: Math.sqrt(dd), lambdaPar: pr.lambdaPar, lambdaAt: s.hessianTop[0], theta, thetaPar: pr.thetaPar };
      into.push(point, pr.perpNorm);
      last = { point };
    };
    const start = projectToDataManifold(model, opts.theta0, y);
    const first = runData(spec, data, {
      eta: opts.eta, steps: mainSteps, theta0: opts.theta0, engine, chunkEvery: coordEvery, recordEvery: opts.recordEvery,
      onChunk: (t, theta) => measure(main, t, theta),
    });
    let run = first;
    if (tailSteps > 0 && first.summary.firstNonFiniteStep === null) {
      tail.push(main.last()!, main.lastNorm());
      const second = runData(spec, data, {
        eta: opts.eta, steps: tailSteps, theta0: first.theta, engine, chunkEvery: 1, recordEvery: 1,
        onChunk: (t, theta) => { if (t > 0) measure(tail, mainSteps + t, theta); },
      });
      run = joinRuns(first, second, mainSteps);
      main.pushAll(tail, 1); // the tail's steps belong to the series too
    }
    const series = main.series(), tailSeries = tail.series();
    const loss = series.loss;
    const lambdaStar = flat.lambdaStar;
    const prediction = classifyRegime({
      eta: opts.eta, lambdaStar, lambdaStarSource: "empirical", lambdaParStart: start.lambdaPar, criticalTolerance: EMPIRICAL_CRITICAL_TOLERANCE,
    });
    const final = (last as { point: RunPoint } | null)?.point ?? main.last()!;
    const summary: RunSummary = { stepsRun: run.summary.stepsRun, firstNonFiniteStep: run.summary.firstNonFiniteStep, minLoss: run.summary.minLoss, maxLoss: run.summary.maxLoss };
    const observation = observeRun({
      eta: opts.eta, lambdaStar, series, tail: tailSeries.step.length > 1 ? tailSeries : undefined, final, summary,
      lossRecord: { step: run.steps, loss: run.loss }, // divergence on the same losses as `observed` (docs/design.md §2)
    });
    const lastPar = final.lambdaPar;
    return {
      kind: "exact",
      label: "empirical",
      model: run.model,
      eta: opts.eta,
      etaCritical: flat.etaCritical,
      lambdaStar,
      thetaStar: flat.theta,
      expectedRegime: prediction.regime,
      prediction,
      lambdaParStart: start.lambdaPar,
      series: { ...series, loss, thetaPerp: main.norms() },
      signedSeries: series,
      tail: tailSeries,
      final,
      summary,
      observation,
      run,
      observed: analyzeConvergence(run.loss, { t: run.steps }),
      lambdaParFinal: lastPar,
      lambdaParFinalBelowEdge: opts.eta * lastPar < 2,
    };
  });
}

/** The run when M is empty: GD on the loss, measured against the least-squares loss. */
function observeWithoutManifold(spec: DataModelSpec, data: Dataset, opts: ObserveDataOptions, fit: NoExactFit, engine: Engine): ObservedNoExactFitRun {
  if (!Number.isSafeInteger(opts.steps) || opts.steps < 0) throw new InvalidArgumentError(`steps must be an integer ≥ 0, got ${opts.steps}`);
  const run = runData(spec, data, { eta: opts.eta, steps: opts.steps, theta0: opts.theta0, engine, recordEvery: opts.recordEvery });
  const L = fit.leastSquaresLoss;
  const excess = run.loss.map((l) => l - L);
  const s = run.summary;
  let hessianTop: number | null = null;
  if (s.firstNonFiniteStep === null && run.theta.every(Number.isFinite)) {
    hessianTop = engine.scoped(() => sharpnessOf(dataModel(spec, new DataOps(engine, data)), run.theta, { top: 1, tol: 1e-10 }).hessianTop[0] ?? null);
  }
  const observed = analyzeConvergence(run.loss, { t: run.steps });
  return {
    kind: "no-exact-fit",
    label: s.firstNonFiniteStep !== null || observed.label === "diverged" ? "divergent" : "no exact fit",
    model: run.model,
    eta: opts.eta,
    fit,
    leastSquaresLoss: L,
    lambdaStar: null,
    etaCritical: null,
    expectedRegime: null,
    prediction: null,
    certificate: null,
    run,
    summary: { stepsRun: s.stepsRun, firstNonFiniteStep: s.firstNonFiniteStep, minLoss: s.minLoss, maxLoss: s.maxLoss },
    observed,
    observedExcess: analyzeConvergence(excess, { t: run.steps }),
    final: { step: s.stepsRun, loss: s.lastLoss, excessLoss: s.lastLoss - L, theta: run.theta, hessianTop },
  };
}

/** A normal mode counts as excited when its residual component is above this fraction of ‖F(θ) − y‖. */
export const MODE_EXCITED = 1e-8;

/** The eigenvectors (columns of the row-major n×n `vectors`), each sign-flipped to agree with the previous checkpoint's. */
function alignedModes(vectors: Float64Array, n: number, prev: Float64Array | null): Float64Array {
  const q = Float64Array.from(vectors);
  if (!prev) return q;
  for (let k = 0; k < n; k++) {
    let c = 0;
    for (let i = 0; i < n; i++) c += q[i * n + k] * prev[i * n + k];
    if (c < 0) for (let i = 0; i < n; i++) q[i * n + k] = -q[i * n + k];
  }
  return q;
}

/** The sign of q_kᵀr for the sharpest mode k whose component is above MODE_EXCITED·‖r‖; +1 when r = 0. */
function excitedModeSign(q: Float64Array, n: number, r: Float64Array): number {
  let rr = 0;
  for (let i = 0; i < n; i++) rr += r[i] * r[i];
  const floor = MODE_EXCITED * Math.sqrt(rr);
  for (let k = 0; k < n; k++) {
    let c = 0;
    for (let i = 0; i < n; i++) c += q[i * n + k] * r[i];
    if (Math.abs(c) > floor) return c < 0 ? -1 : 1;
  }
  return 1;
}

/** Coordinates at checkpoints, in the shape of a codimension-1 run's series. */
class CoordinateLog {
  private points: RunPoint[] = [];
  private perpNorms: number[] = [];
  push(p: RunPoint, perpNorm: number): void {
    this.points.push(p);
    this.perpNorms.push(perpNorm);
  }
  pushAll(other: CoordinateLog, from: number): void {
    for (let i = from; i < other.points.length; i++) this.push(other.points[i], other.perpNorms[i]);
  }
  last(): RunPoint | undefined {
    return this.points[this.points.length - 1];
  }
  lastNorm(): number {
    return this.perpNorms[this.perpNorms.length - 1];
  }
  norms(): Float64Array {
    return Float64Array.from(this.perpNorms);
  }
  series(): RunSeries {
    return seriesFrom((k) => Float64Array.from(this.points, (p) => p[k]));
  }
}

/** One run from two consecutive ones: `b` started where `a` ended, after `offset` steps. */
function joinRuns(a: DataRunResult, b: DataRunResult, offset: number): DataRunResult {
  const steps = Float64Array.from([...a.steps, ...Array.from(b.steps.subarray(1), (t) => t + offset)]);
  const loss = Float64Array.from([...a.loss, ...b.loss.subarray(1)]);
  return {
    ...b,
    steps,
    loss,
    summary: {
      minLoss: Math.min(a.summary.minLoss, b.summary.minLoss),
      maxLoss: Math.max(a.summary.maxLoss, b.summary.maxLoss),
      lastLoss: b.summary.lastLoss,
      prevLoss: b.summary.stepsRun >= 1 ? b.summary.prevLoss : a.summary.prevLoss,
      firstNonFiniteStep: b.summary.firstNonFiniteStep === null ? null : offset + b.summary.firstNonFiniteStep,
      stepsRun: a.summary.stepsRun + b.summary.stepsRun,
    },
  };
}
