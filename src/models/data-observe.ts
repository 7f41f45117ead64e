// A data-driven run with its coordinates near M (issue 5, DESIGN §3): the
// several-output analogue of the codimension-1 run. Everything here is
// EMPIRICAL: the paper's theorems cover a scalar output only.
import type { Dataset } from "../data/dataset.js";
import type { Engine } from "../engine.js";
import { InvalidArgumentError } from "../errors.js";
import { engineOr } from "../init.js";
import { flattestMinimumData, projectToDataManifold, type FlattestDataResult } from "../manifold/flattest-data.js";
import { analyzeConvergence, type ConvergenceAnalysis } from "../seed/analyze-convergence.js";
import { classifyRegime, type RegimePrediction } from "../theory/regime.js";
import { sharpnessOf } from "../sharpness/sharpness.js";
import { DataOps } from "./data-ops.js";
import { dataModel, paramCount, type DataModelSpec } from "./data-model.js";
import { runData, type DataRunResult } from "./data-run.js";

export interface ObserveDataOptions {
  eta: number;
  steps: number;
  theta0: ArrayLike<number>;
  /** Record the loss every k steps (default as runData). Use an odd k, or 1, to see period-2 orbits in the loss. */
  recordEvery?: number;
  /** Coordinates every k steps (default ⌈N/200⌉). */
  coordEvery?: number;
  /** The flattest minimum to measure distances to; computed from θ₀ when absent. */
  flattest?: FlattestDataResult;
  engine?: Engine;
}

/** The regime η would be in if the codimension-1 picture carried over (DESIGN §1 table), with the empirical λ*. */
export type EmpiricalRegime = RegimePrediction["regime"];

/** |ηλ* − 2| below which a data run counts as critical: λ* is only known to the flattest search's accuracy. */
export const EMPIRICAL_CRITICAL_TOLERANCE = 1e-6;

export interface ObservedDataRun {
  label: "empirical";
  model: string;
  eta: number;
  /** 2/λ* from the Riemannian-GD flattest minimum. */
  etaCritical: number;
  lambdaStar: number;
  thetaStar: Float64Array;
  /** Regime by the DESIGN §1 conditions with λ* and λ(θ∥₀): a prediction by analogy, not a theorem. */
  expectedRegime: EmpiricalRegime;
  /** classifyRegime (src/theory) with lambdaStarSource "empirical". */
  prediction: RegimePrediction;
  /** λ(θ∥₀) = λ_max(JJᵀ) at the Gauss–Newton projection of θ₀. */
  lambdaParStart: number;
  /** Coordinates at every coordEvery-th step: ‖θ⊥‖ = ‖θ − θ∥‖ (Gauss–Newton projection), distPar = ‖θ∥ − θ∥*‖, λ(θ∥), λ(θ) (Hessian top, Lanczos). */
  series: { step: Float64Array; loss: Float64Array; thetaPerp: Float64Array; distPar: Float64Array; lambdaPar: Float64Array; lambdaAt: Float64Array };
  /** The loss at every recorded step. */
  run: DataRunResult;
  /** What the loss series did (analyzeConvergence, DESIGN §4 fits). */
  observed: ConvergenceAnalysis;
  /** λ(θ∥) at the last state, and whether it is below 2/η. */
  lambdaParFinal: number;
  lambdaParFinalBelowEdge: boolean;
}

/**
 * Runs GD on a several-output model and observes it: coordinates near M at
 * checkpoints, the outcome of the loss series, and the regime expected by
 * analogy with DESIGN §1 using the empirical λ*. The whole loop between
 * checkpoints runs in the core.
 */
export function observeDataRun(spec: DataModelSpec, data: Dataset, opts: ObserveDataOptions): ObservedDataRun {
  const p = paramCount(spec);
  if (opts.theta0.length !== p) throw new InvalidArgumentError(`theta0 has ${opts.theta0.length} entries; the ${spec.kind} model needs p = ${p}`);
  const engine = engineOr(opts.engine);
  const flat = opts.flattest ?? flattestMinimumData(spec, data, opts.theta0, { engine });
  let coordEvery = opts.coordEvery ?? Math.max(1, Math.ceil(opts.steps / 200));
  if (opts.coordEvery === undefined && opts.recordEvery !== undefined) coordEvery = Math.ceil(coordEvery / opts.recordEvery) * opts.recordEvery;
  const y = Float64Array.from(data.y);
  return engine.scoped(() => {
    const model = dataModel(spec, new DataOps(engine, data));
    const cs: number[] = [], perp: number[] = [], dist: number[] = [], lpar: number[] = [], lat: number[] = [];
    let warm: Float64Array | undefined;
    let lastPar = NaN;
    const start = projectToDataManifold(model, opts.theta0, y);
    const run = runData(spec, data, {
      eta: opts.eta, steps: opts.steps, theta0: opts.theta0, engine, chunkEvery: coordEvery, recordEvery: opts.recordEvery,
      onChunk: (t, theta) => {
        const pr = projectToDataManifold(model, theta, y);
        let dd = 0;
        for (let i = 0; i < p; i++) dd += (pr.thetaPar[i] - flat.theta[i]) ** 2;
        const s = sharpnessOf(model, theta, { top: 1, hessianStart: warm, gaussNewton: "dense", tol: 1e-10 });
        warm = s.hessianVector;
        cs.push(t);
        perp.push(pr.perpNorm);
        dist.push(Math.sqrt(dd));
        lpar.push(pr.lambdaPar);
        lat.push(s.hessianTop[0]);
        lastPar = pr.lambdaPar;
      },
    });
    const step = Float64Array.from(cs);
    // Loss at the checkpoints, from the run's records (checkpoints are record steps).
    const lossAt = new Map<number, number>();
    run.steps.forEach((t, i) => lossAt.set(t, run.loss[i]));
    const loss = step.map((t) => lossAt.get(t) ?? NaN);
    const observed = analyzeConvergence(run.loss, { t: run.steps });
    const lambdaStar = flat.lambdaStar;
    const prediction = classifyRegime({
      eta: opts.eta, lambdaStar, lambdaStarSource: "empirical", lambdaParStart: start.lambdaPar, criticalTolerance: EMPIRICAL_CRITICAL_TOLERANCE,
    });
    const expectedRegime = prediction.regime;
    return {
      label: "empirical",
      model: run.model,
      eta: opts.eta,
      etaCritical: flat.etaCritical,
      lambdaStar,
      thetaStar: flat.theta,
      expectedRegime,
      prediction,
      lambdaParStart: start.lambdaPar,
      series: { step, loss, thetaPerp: Float64Array.from(perp), distPar: Float64Array.from(dist), lambdaPar: Float64Array.from(lpar), lambdaAt: Float64Array.from(lat) },
      run,
      observed,
      lambdaParFinal: lastPar,
      lambdaParFinalBelowEdge: opts.eta * lastPar < 2,
    };
  });
}
