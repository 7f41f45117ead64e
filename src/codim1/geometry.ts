// The analysis's geometry from the engine half: θ∥* (closed form for deep
// scalar, Riemannian GD otherwise), projectToManifold, runTrajectory (whole
// loop in wasm for models made by deepScalar(), the JS path for user models).
import { Engine } from "../engine.js";
import { InvalidArgumentError } from "../errors.js";
import { flattestMinimum } from "./flattest-minimum.js";
import { projectToManifold } from "./project.js";
import type { Codim1Model } from "../models/codim1.js";
import { deepScalarFlattest, isBuiltInDeepScalar } from "../models/deep-scalar.js";
import { deepLinearFlattest, isBuiltInDeepLinear } from "../models/deep-linear.js";
import { runTrajectory } from "./run.js";
import type { Codim1Geometry } from "./analyse-run.js";
import { argObject } from "../check-args.js";

/**
 * Codim1Geometry on the engine. General models: λ* is "empirical" (flattestMinimum from the start), cached per model.
 * @example
 * await init();
 * const geometry = engineGeometry(); // wasm runs, projection and flattest minimum
 * @category Codimension-1 runs
 */
export function engineGeometry(engine?: Engine): Codim1Geometry {
  argObject("engineGeometry", "engine", engine, true);
  if (engine !== undefined && !(engine instanceof Engine)) throw new InvalidArgumentError("engineGeometry: engine must be an Engine (from init() or initSync()), or omitted");
  const cache = new WeakMap<Codim1Model, { thetaStar: Float64Array; lambdaStar: number; source: "closed-form" | "empirical" }>();
  const flattest = (model: Codim1Model, start: Float64Array) => {
    if (isBuiltInDeepScalar(model)) return { ...deepScalarFlattest(model), source: "closed-form" as const };
    // Deep linear: λ* in closed form; θ∥* the balanced rank-one minimum that follows the start's forward pass.
    if (isBuiltInDeepLinear(model)) return { ...deepLinearFlattest(model, start), source: "closed-form" as const };
    let f = cache.get(model);
    if (!f) {
      const r = flattestMinimum(model, start);
      f = { thetaStar: r.point, lambdaStar: r.lambdaStar, source: "empirical" };
      cache.set(model, f);
    }
    return f;
  };
  return {
    flattest,
    project(model, theta) {
      return projectToManifold(model, theta, { engine });
    },
    run(model, o) {
      const flat = isBuiltInDeepScalar(model) || isBuiltInDeepLinear(model) ? undefined : flattest(model, o.theta0);
      return runTrajectory(model, { eta: o.eta, steps: o.steps, theta0: o.theta0, record: o.record, startStep: o.startStep, recordTheta: o.recordTheta, lambdaAt: o.lambdaAt, engine, flattest: flat });
    },
  };
}
