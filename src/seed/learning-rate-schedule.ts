import { InvalidArgumentError } from "../errors.js";
import type { SeedRegime } from "./identify-regime.js";
import { argFunction, argObject, argString } from "../check-args.js";

/** The seed's factors of 2/λmax per target regime (docs/design.md §5). */
const FACTOR: Record<SeedRegime, number> = { subcritical: 0.5, critical: 0.95, supercritical: 1.5 };

function etaFor(lambdaMax: number, target: SeedRegime): number {
  if (!(lambdaMax > 0) || !Number.isFinite(lambdaMax)) {
    throw new InvalidArgumentError(`the sharpness estimate must be finite and > 0, got ${lambdaMax}`);
  }
  const f = FACTOR[target];
  if (f === undefined) throw new InvalidArgumentError(`target must be subcritical, critical or supercritical, got ${String(target)}`);
  return (f * 2) / lambdaMax;
}

/**
 * The seed's `adaptive_learning_rate_schedule`: η = 0.5, 0.95 or 1.5 times
 * 2/λmax for target "subcritical", "critical" (default) or "supercritical",
 * with λmax from the estimator, called once. (The seed's unused `model`
 * argument is dropped.) Note that 0.95 is below the critical step: on a
 * quadratic it is plain linear convergence (docs/design.md §5).
 *
 * @example
 * adaptiveLearningRateSchedule(() => 5, "critical"); // 0.38
 * @category Seed document
 */
export function adaptiveLearningRateSchedule(lambdaMaxEstimator: () => number, target: SeedRegime = "critical"): number {
  argFunction("adaptiveLearningRateSchedule", "lambdaMaxEstimator", lambdaMaxEstimator); argString("adaptiveLearningRateSchedule", "target", target, true);
  return etaFor(lambdaMaxEstimator(), target);
}

/**
 * One re-estimate of the online schedule.
 * @category Seed document
 */
export interface ScheduleEstimate {
  step: number;
  lambdaMax: number;
  eta: number;
}

/**
 * The online schedule: call `eta(t)` before each GD update t = 0, 1, 2, ….
 * @category Seed document
 */
export interface OnlineLearningRateSchedule {
  /** η for update t; re-estimates sharpness when t is a multiple of `every` (always at the first call). */
  eta(step: number): number;
  /** Every estimate so far, in order. */
  readonly estimates: readonly ScheduleEstimate[];
}

/**
 * The online variant: re-estimates sharpness every `every` steps during a
 * run and holds η = factor·2/λmax in between. The estimator receives the
 * step and typically reads the caller's current θ (closure), e.g. by power
 * iteration or a closed form.
 *
 * @example
 * let theta = [1.8, 0.6];
 * const s = onlineLearningRateSchedule(() => 2, { every: 10, target: "subcritical" }); // λ_max of ‖θ‖² is 2
 * for (let t = 0; t < 100; t++) theta = theta.map((v) => v - s.eta(t) * 2 * v); // GD on ‖θ‖²
 * @category Seed document
 */
export function onlineLearningRateSchedule(
  lambdaMaxEstimator: (step: number) => number,
  opts: { every: number; target?: SeedRegime },
): OnlineLearningRateSchedule {
  argFunction("onlineLearningRateSchedule", "lambdaMaxEstimator", lambdaMaxEstimator); argObject("onlineLearningRateSchedule", "opts", opts);
  const every = opts.every, target = opts.target ?? "critical";
  if (!Number.isInteger(every) || every < 1) throw new InvalidArgumentError(`every must be an integer ≥ 1, got ${every}`);
  etaFor(1, target); // validates the target up front
  const estimates: ScheduleEstimate[] = [];
  let current = NaN, lastStep = -Infinity;
  return {
    estimates,
    eta(step: number): number {
      if (!Number.isInteger(step) || step < 0) throw new InvalidArgumentError(`step must be an integer ≥ 0, got ${step}`);
      if (estimates.length === 0 || step % every === 0 && step !== lastStep || step - lastStep >= every) {
        const lambdaMax = lambdaMaxEstimator(step);
        current = etaFor(lambdaMax, target);
        lastStep = step;
        estimates.push({ step, lambdaMax, eta: current });
      }
      return current;
    },
  };
}
