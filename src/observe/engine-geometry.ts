// The analysis's geometry from the engine half: closed-form θ∥* (deep scalar),
// projectToManifold, runTrajectory (wasm for built-in deep scalar models).
import type { Engine } from "../engine.js";
import { InvalidArgumentError } from "../errors.js";
import { projectToManifold } from "../manifold/project.js";
import type { Codim1Model } from "../models/codim1.js";
import { deepScalarFlattest, isBuiltInDeepScalar } from "../models/deep-scalar.js";
import { runTrajectory } from "../trajectory/run.js";
import type { Codim1Geometry } from "./analyse-run.js";

/** Codim1Geometry on the engine: deep scalar models made by deepScalar() (closed-form λ*, exact projection, wasm runs). */
export function engineGeometry(engine?: Engine): Codim1Geometry {
  return {
    flattest(model: Codim1Model) {
      if (!isBuiltInDeepScalar(model)) throw new InvalidArgumentError(`${model.name}: the paper analysis needs a model made by deepScalar() (closed-form θ∥*)`);
      return { ...deepScalarFlattest(model), source: "closed-form" as const };
    },
    project(model, theta) {
      return projectToManifold(model, theta, { engine });
    },
    run(model, o) {
      return runTrajectory(model, { eta: o.eta, steps: o.steps, theta0: o.theta0, record: o.record, startStep: o.startStep, engine });
    },
  };
}
