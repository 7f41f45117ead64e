// The regime of a learning rate on a codimension-1 problem, from λ* and λ(θ∥₀) (DESIGN §1 table).
import { InvalidArgumentError } from "../errors.js";

/** Regime predicted from η, λ* and λ(θ∥₀) (DESIGN §1). */
export type PredictedRegime = "stable" | "subcritical" | "critical" | "supercritical";

/** Where λ* came from: a closed form (deep scalar: λ* = p·y^{2−2/p}) or a numerical search. */
export type LambdaStarSource = "closed-form" | "empirical";

/**
 * Default tolerance of "critical": |ηλ* − 2| ≤ 1e-9. The crossover time
 * 1/|ηλ* − 2| is then at least 10⁹ steps, longer than any run eoslab's CLI
 * makes, so within the tolerance a run cannot tell η from η_c. It also
 * absorbs the rounding of η = 0.4 (0.4·5 rounds to exactly 2 in f64 anyway).
 */
export const DEFAULT_CRITICAL_TOLERANCE = 1e-9;

export interface RegimePrediction {
  regime: PredictedRegime;
  eta: number;
  /** η_c = 2/λ*. */
  etaCritical: number;
  lambdaStar: number;
  lambdaStarSource: LambdaStarSource;
  /** λ(θ∥₀), sharpness on M at the projection of the start. */
  lambdaParStart: number;
  /** ηλ* − 2: the signed distance from criticality that sets the supercritical amplitude and rate. */
  criticalOffset: number;
  /** "critical" means |ηλ* − 2| ≤ criticalTolerance. */
  criticalTolerance: number;
  /**
   * 1/|ηλ* − 2| (null when ηλ* = 2 exactly): for about this many steps a run
   * near η_c looks critical (power laws) before its true regime shows.
   */
  crossoverSteps: number | null;
  /** One line: the condition that decided the regime. */
  reason: string;
}

export interface RegimeInputs {
  eta: number;
  lambdaStar: number;
  lambdaStarSource: LambdaStarSource;
  lambdaParStart: number;
  criticalTolerance?: number;
}

/**
 * The regime from the numbers alone (DESIGN §1 table):
 * - critical: |ηλ* − 2| ≤ tol;
 * - supercritical: ηλ* > 2 (η > η_c);
 * - stable: ηλ(θ∥₀) < 2 (already below the edge where it starts: plain linear convergence);
 * - subcritical: 2/λ* > η ≥ 2/λ(θ∥₀) (starts above the edge, Theorem 5.1).
 */
export function classifyRegime(inputs: RegimeInputs): RegimePrediction {
  const { eta, lambdaStar, lambdaStarSource, lambdaParStart } = inputs;
  if (!Number.isFinite(eta) || eta <= 0) throw new InvalidArgumentError(`η must be a finite number > 0, got ${eta}`);
  if (!Number.isFinite(lambdaStar) || lambdaStar <= 0) throw new InvalidArgumentError(`λ* must be a finite number > 0, got ${lambdaStar}`);
  if (!Number.isFinite(lambdaParStart)) throw new InvalidArgumentError(`λ(θ∥₀) must be finite, got ${lambdaParStart}; start closer to M`);
  const tol = inputs.criticalTolerance ?? DEFAULT_CRITICAL_TOLERANCE;
  const offset = eta * lambdaStar - 2;
  const base = {
    eta, etaCritical: 2 / lambdaStar, lambdaStar, lambdaStarSource, lambdaParStart,
    criticalOffset: offset, criticalTolerance: tol, crossoverSteps: offset === 0 ? null : 1 / Math.abs(offset),
  };
  const el0 = eta * lambdaParStart;
  if (Math.abs(offset) <= tol) return { ...base, regime: "critical", reason: `|ηλ* − 2| = ${Math.abs(offset).toExponential(2)} ≤ ${tol}` };
  if (offset > 0) return { ...base, regime: "supercritical", reason: `ηλ* = ${(eta * lambdaStar).toPrecision(6)} > 2` };
  if (el0 < 2) return { ...base, regime: "stable", reason: `ηλ(θ∥₀) = ${el0.toPrecision(6)} < 2` };
  return { ...base, regime: "subcritical", reason: `ηλ* = ${(eta * lambdaStar).toPrecision(6)} < 2 ≤ ηλ(θ∥₀) = ${el0.toPrecision(6)}` };
}
