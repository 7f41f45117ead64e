import type { Engine } from "../engine.js";
import { InvalidArgumentError } from "../errors.js";
import { engineOr } from "../init.js";
import { isBuiltInDeepScalar, type DeepScalarModel } from "../models/deep-scalar.js";
import { MAX_RUN_STEPS } from "./run.js";
import { argArray, argInt, argObject } from "../check-args.js";

/**
 * One trajectory of {@link deepScalarLanes}: its step size and start.
 *
 * @category Codimension-1 runs
 */
export interface LaneStart {
  /** Learning rate η > 0. */
  eta: number;
  /** θ₀ (p values). */
  theta0: ArrayLike<number>;
}

/**
 * What {@link deepScalarLanes} returns for each trajectory: bit for bit what its own runTrajectory loop gives.
 *
 * @category Codimension-1 runs
 */
export interface LaneResult {
  /** θ_N, or the last finite state when the loss went non-finite. */
  theta: Float64Array;
  /** Least and largest loss over θ₀ … θ_{stepsRun}. */
  minLoss: number;
  maxLoss: number;
  /** First t with a non-finite loss, or null. */
  firstNonFiniteStep: number | null;
  /** The step of the returned θ: N, or firstNonFiniteStep − 1 (0 when θ₀'s loss is not finite). */
  stepsRun: number;
}

/**
 * Many GD runs of N steps on deep scalar factorisation (docs/design.md §1, §3), each from its own η and θ₀, run in the
 * f64x2 lanes of the SIMD core (four per loop at depth 5, two at other depths): for sweeps of small models, where one run is bound by the latency of
 * its multiply chain and leaves the second lane idle. Each trajectory's θ_N (or last finite θ), min and max loss
 * and first non-finite step are bit for bit those of its own whole-trajectory run (runTrajectory on the same model),
 * on every backend. Only the final state is returned: record along the way with runTrajectory.
 *
 * @example
 * await init();
 * const model = deepScalar({ depth: 5 });
 * const runs = deepScalarLanes(model, [0.38, 0.39, 0.4, 0.41].map((eta) => ({ eta, theta0: [1.3, 1, 1, 0.9, 0.8] })), 100_000);
 * runs.map((r) => r.firstNonFiniteStep); // null where the run stayed finite
 * @category Codimension-1 runs
 */
export function deepScalarLanes(model: DeepScalarModel, starts: readonly LaneStart[], steps: number, opts: { engine?: Engine } = {}): LaneResult[] {
  argObject("deepScalarLanes", "model", model); argArray("deepScalarLanes", "starts", starts); argInt("deepScalarLanes", "steps", steps);
  argObject("deepScalarLanes", "opts", opts, true);
  if (!isBuiltInDeepScalar(model)) throw new InvalidArgumentError("deepScalarLanes: model must be made by deepScalar() (the lanes run in the core)");
  if (steps < 0 || steps > MAX_RUN_STEPS) throw new InvalidArgumentError(`deepScalarLanes: steps must be an integer in [0, ${MAX_RUN_STEPS}], got ${steps}`);
  const p = model.depth, y = model.target;
  starts.forEach((s, j) => {
    argObject("deepScalarLanes", `starts[${j}]`, s);
    if (typeof s.eta !== "number" || !Number.isFinite(s.eta) || s.eta <= 0) {
      throw new InvalidArgumentError(`deepScalarLanes: starts[${j}].eta must be a finite number > 0, got ${String(s.eta)}`);
    }
    argArray("deepScalarLanes", `starts[${j}].theta0`, s.theta0);
    if (s.theta0.length !== p) throw new InvalidArgumentError(`deepScalarLanes: starts[${j}].theta0 has ${s.theta0.length} entries; depth ${p} needs ${p}`);
    for (let i = 0; i < p; i++) {
      if (typeof s.theta0[i] !== "number" || !Number.isFinite(s.theta0[i])) {
        throw new InvalidArgumentError(`deepScalarLanes: starts[${j}].theta0[${i}] must be finite, got ${String(s.theta0[i])}`);
      }
    }
  });
  const engine = engineOr(opts.engine);
  const count = starts.length;
  engine.requireF64(count * (p + 5) + 8 * p + 8, `deepScalarLanes (${count} runs of depth ${p})`, "run fewer trajectories per call");
  return engine.scoped(() => {
    const pEta = engine.copyIn(Float64Array.from(starts, (s) => s.eta));
    const th = new Float64Array(count * p);
    starts.forEach((s, j) => th.set(Array.from(s.theta0), j * p));
    const pTh = engine.copyIn(th), pWork = engine.allocF64(8 * p + 8), pOut = engine.allocF64(Math.max(4 * count, 1));
    engine.exports.deepScalarLanes(p, y, count, pEta, pTh, steps, pWork, pOut);
    const thetas = engine.read(pTh, count * p), out = engine.read(pOut, 4 * count);
    return starts.map((_, j) => ({
      theta: thetas.slice(j * p, j * p + p),
      minLoss: out[4 * j],
      maxLoss: out[4 * j + 1],
      firstNonFiniteStep: out[4 * j + 2] < 0 ? null : out[4 * j + 2],
      stepsRun: out[4 * j + 3],
    }));
  });
}
