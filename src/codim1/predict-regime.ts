import type { Engine } from "../engine.js";
import { InvalidArgumentError } from "../errors.js";
import type { Codim1Model } from "../models/codim1.js";
import { engineGeometry } from "./geometry.js";
import { classifyRegime, type RegimePrediction } from "../theory/regime.js";
import { argArray, argNumber, argObject } from "../check-args.js";

/**
 * Options of {@link predictRegime}.
 *
 * @category Codimension-1 runs
 */
export interface PredictRegimeOptions {
  engine?: Engine;
  /** "critical" means |ηλ* − 2| ≤ this; default DEFAULT_CRITICAL_TOLERANCE (1e-9). */
  criticalTolerance?: number;
}

/**
 * The regime of GD with step η from θ₀ (docs/design.md §2): λ* from the closed
 * form (deep scalar, `lambdaStarSource: "closed-form"`) or from
 * flattestMinimum started at θ₀ ("empirical"), λ(θ∥₀) from projectToManifold.
 * Also states η_c = 2/λ*, the explicit critical tolerance and the crossover
 * time 1/|ηλ* − 2|.
 *
 * @example predictRegime(deepScalar({ depth: 5 }), 0.39, theta0).regime; // "subcritical" when 0.39·λ(θ∥₀) ≥ 2
 * @category Codimension-1 runs
 */
export function predictRegime(model: Codim1Model, eta: number, theta0: ArrayLike<number>, opts: PredictRegimeOptions = {}): RegimePrediction {
  argObject("predictRegime", "model", model); argNumber("predictRegime", "eta", eta); argArray("predictRegime", "theta0", theta0); argObject("predictRegime", "opts", opts, true);
  if (!Number.isFinite(eta) || eta <= 0) throw new InvalidArgumentError(`η must be a finite number > 0, got ${eta}`);
  if (theta0 == null || theta0.length !== model.dim) throw new InvalidArgumentError(`θ₀ has ${theta0?.length} entries, the model has ${model.dim} parameters`);
  for (let i = 0; i < theta0.length; i++) if (!Number.isFinite(theta0[i])) throw new InvalidArgumentError(`θ₀[${i}] is ${theta0[i]}; all entries must be finite`);
  const geo = engineGeometry(opts.engine);
  const start = Float64Array.from(theta0);
  const flat = geo.flattest(model, start);
  const pr = geo.project(model, start);
  return classifyRegime({ eta, lambdaStar: flat.lambdaStar, lambdaStarSource: flat.source, lambdaParStart: pr.lambdaPar, criticalTolerance: opts.criticalTolerance });
}
