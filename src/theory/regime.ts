// The regime of a learning rate on a codimension-1 problem, from λ* and λ(θ∥₀) (docs/design.md §2).
import { InvalidArgumentError } from "../errors.js";
import { argObject, argString } from "../check-args.js";

/**
 * The one regime vocabulary (docs/design.md §2): every label eoslab predicts
 * or observes is one of these strings, so a prediction and an observation
 * compare with ===.
 * - stable, subcritical, critical, supercritical: the regimes of the theory,
 *   predicted from η, λ* and λ(θ∥₀) or observed on a run near M
 *   (supercritical: on or near the period-2 orbit);
 * - `period-${k}`: the run settled on an orbit of period k (k ≠ 2);
 * - chaotic: bounded, no period up to 16, not decaying;
 * - divergent: non-finite, or past the divergence bound;
 * - saddle: the run stalled away from M where ∇f is tiny (f → 0 for a deep
 *   product): the loss sits at a positive constant;
 * - not-converged: still on its way when the steps ran out (the detail says
 *   how many steps the theory asks for);
 * - "no exact fit": data that no parameters fit exactly (there is no M).
 * @category Theory
 */
export type Regime =
  | "stable" | "subcritical" | "critical" | "supercritical"
  | `period-${number}` | "chaotic" | "divergent" | "saddle" | "not-converged" | "no exact fit";

const REGIME_NAMES: ReadonlySet<string> = new Set(["stable", "subcritical", "critical", "supercritical", "chaotic", "divergent", "saddle", "not-converged", "no exact fit"]);

/**
 * Regime predicted from η, λ* and λ(θ∥₀) (docs/design.md §2): the four the theory speaks about.
 * @category Theory
 */
export type PredictedRegime = Extract<Regime, "stable" | "subcritical" | "critical" | "supercritical">;

/**
 * Whether `v` is one of the Regime strings: the check for labels read back from files (a sweep's JSONL).
 * @example
 * isRegime("period-4"); // true
 * isRegime("periodic"); // false
 * @category Theory
 */
export function isRegime(v: unknown): v is Regime {
  return typeof v === "string" && (REGIME_NAMES.has(v) || /^period-\d+$/.test(v));
}

/**
 * The period k of a `period-${k}` label (2 for "supercritical", whose orbit has period 2), else null.
 * @example
 * regimePeriod("period-4"); // 4
 * regimePeriod("subcritical"); // null
 * @category Theory
 */
export function regimePeriod(r: Regime): number | null {
  argString("regimePeriod", "r", r);
  if (!isRegime(r)) throw new InvalidArgumentError(`regimePeriod: "${String(r).slice(0, 24)}" is not a regime (${[...REGIME_NAMES].join(", ")}, period-k)`);
  if (r === "supercritical") return 2;
  const m = /^period-(\d+)$/.exec(r);
  return m ? Number(m[1]) : null;
}

/**
 * Where λ* came from: a closed form (deep scalar: λ* = p·y^{2−2/p}) or a numerical search.
 * @category Theory
 */
export type LambdaStarSource = "closed-form" | "empirical";

/**
 * Default tolerance of "critical": |ηλ* − 2| ≤ 1e-9. The crossover time
 * 1/|ηλ* − 2| is then at least 10⁹ steps, longer than any run eoslab's CLI
 * makes, so within the tolerance a run cannot tell η from η_c. It also
 * absorbs the rounding of η = 0.4 (0.4·5 rounds to exactly 2 in f64 anyway).
 * @category Theory
 */
export const DEFAULT_CRITICAL_TOLERANCE = 1e-9;

/**
 * What {@link classifyRegime} and {@link predictRegime} return: the predicted regime and why.
 *
 * @category Theory
 */
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

/**
 * The inputs of {@link classifyRegime}: η, λ* and λ∥ at the start.
 *
 * @category Theory
 */
export interface RegimeInputs {
  eta: number;
  lambdaStar: number;
  lambdaStarSource: LambdaStarSource;
  lambdaParStart: number;
  criticalTolerance?: number;
}

/**
 * The regime from the numbers alone (docs/design.md §2):
 * - critical: |ηλ* − 2| ≤ tol;
 * - supercritical: ηλ* > 2 (η > η_c);
 * - stable: ηλ(θ∥₀) < 2 (already below the edge where it starts: plain linear convergence);
 * - subcritical: 2/λ* > η ≥ 2/λ(θ∥₀) (starts above the edge, Theorem 5.1).
 * @example
 * classifyRegime({ eta: 0.41, lambdaStar: 5, lambdaStarSource: "closed-form", lambdaParStart: 6 }).regime; // "supercritical"
 * @category Theory
 */
export function classifyRegime(inputs: RegimeInputs): RegimePrediction {
  argObject("classifyRegime", "inputs", inputs);
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
