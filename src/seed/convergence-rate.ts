import { InvalidArgumentError } from "../errors.js";
import { checkEtaLambda, quadraticBehaviour, type SeedRegime } from "./identify-regime.js";
import { argNumber, argObject } from "../check-args.js";

/**
 * Which model the predicted envelope is for.
 * @category Seed document
 */
export type RateModel = "quadratic" | "codim1";

/**
 * What {@link edgeOfStabilityConvergenceRate} returns: the predicted rate or exponent and its envelope.
 *
 * @category Seed document
 */
export interface PredictedConvergence {
  model: RateModel;
  /**
   * quadratic: "linear-convergence" | "plateau" | "divergence" (docs/design.md §5);
   * codim1: the regime of docs/design.md §2 relative to η_c = 2/λ*.
   */
  regime: string;
  /** What the envelope describes, in words. */
  quantity: string;
  /** Per-step factor of the envelope, or null when the theory gives none (a power law, or an unknown constant). */
  rate: number | null;
  /** Exponent of a power-law envelope t^exponent, or null. */
  exponent: number | null;
  /** Envelope at t = 0..T−1, normalised to 1 at t = 0 (unknown constants set to 1). May overflow to Infinity when divergent. */
  envelope: Float64Array;
  /** Constants the theory leaves unknown; the envelope sets each to 1. Empty when the envelope is exact. */
  unknownConstants: string[];
}

/**
 * Options of {@link edgeOfStabilityConvergenceRate}.
 *
 * @category Seed document
 */
export interface ConvergenceRateOptions {
  /** Default "quadratic". */
  model?: RateModel;
  /** Relative tolerance for η = 2/λ (default 1e-12). */
  relTol?: number;
}

/**
 * The predicted convergence envelope, correcting the seed's
 * `edge_of_stability_convergence_rate` (docs/design.md §5).
 *
 * `model: "quadratic"` (default; docs/design.md §5, e.g. linear regression with
 * Hessian XᵀX): lambdaMin is λ_min⁺, the smallest NONZERO eigenvalue, and
 * the envelope bounds ‖r_t‖/‖r_0‖ for the residual r = Xθ − y (the loss is
 * its square):
 * - η < 2/λmax: ρ^t with ρ = max(|1 − ηλmax|, |1 − ηλmin⁺|), exact per mode;
 * - η = 2/λmax: 1 for all t (the top mode flips sign but keeps its size: a plateau);
 * - η > 2/λmax: |1 − ηλmax|^t, growth, labelled divergence.
 *
 * `model: "codim1"` (docs/design.md §2, MacDonald et al. theorems 5.1–5.3):
 * lambdaMax is read as λ*, the sharpness of the flattest minimum, and
 * lambdaMin is not used (the Hessian on M has rank one). Only the shapes are
 * known; constants depending on the start and on c are unknown and set to 1:
 * - subcritical (η < 2/λ*): linear, β = |1 − ηλ(θ∥∞)| with
 *   λ(θ∥∞) ∈ (λ*, 2/η) unknown, so β lies in (max(ηλ* − 1, 0), 1);
 *   rate = null, envelope uses the fastest possible rate max(ηλ* − 1, 0)
 *   (for ηλ* ≤ 1 it is 0^t: the theorem bounds nothing useful there);
 * - critical (η = 2/λ*): loss = Θ(1/t): envelope 1/(t+1), exponent −1
 *   (|θ⊥| and distance to θ∥* decay like t^{-1/2});
 * - supercritical (η > 2/λ*, close to it): linear convergence to a
 *   period-2 orbit at rate 1 − C(ηλ* − 2), C unknown: envelope with C = 1
 *   for the distance to the orbit; valid only for η near 2/λ*.
 * @example
 * const p = edgeOfStabilityConvergenceRate(0.3, 1, 5, 1000);
 * p.rate; // predicted per-step contraction
 * @category Seed document
 */
export function edgeOfStabilityConvergenceRate(
  eta: number,
  lambdaMin: number,
  lambdaMax: number,
  T: number,
  opts: ConvergenceRateOptions = {},
): PredictedConvergence {
  argNumber("edgeOfStabilityConvergenceRate", "eta", eta); argNumber("edgeOfStabilityConvergenceRate", "lambdaMin", lambdaMin); argNumber("edgeOfStabilityConvergenceRate", "lambdaMax", lambdaMax); argNumber("edgeOfStabilityConvergenceRate", "T", T); argObject("edgeOfStabilityConvergenceRate", "opts", opts, true);
  checkEtaLambda(eta, lambdaMax);
  if (!Number.isInteger(T) || T < 0) throw new InvalidArgumentError(`T must be an integer ≥ 0, got ${T}`);
  const model = opts.model ?? "quadratic";
  const envelope = new Float64Array(T);
  const geometric = (rho: number) => {
    for (let t = 0; t < T; t++) envelope[t] = rho ** t;
  };
  if (model === "quadratic") {
    if (!(lambdaMin > 0) || !(lambdaMin <= lambdaMax)) {
      throw new InvalidArgumentError(`lambdaMin must be the smallest nonzero eigenvalue, in (0, lambdaMax], got ${lambdaMin}`);
    }
    const regime = quadraticBehaviour(eta, lambdaMax, { relTol: opts.relTol });
    const quantity = "‖r_t‖/‖r_0‖ for the residual r = Xθ − y (loss ratio = its square)";
    if (regime === "plateau") {
      envelope.fill(1);
      return { model, regime, quantity, rate: 1, exponent: null, envelope, unknownConstants: [] };
    }
    const rate = regime === "linear-convergence"
      ? Math.max(Math.abs(1 - eta * lambdaMax), Math.abs(1 - eta * lambdaMin))
      : Math.abs(1 - eta * lambdaMax);
    geometric(rate);
    return { model, regime, quantity, rate, exponent: null, envelope, unknownConstants: [] };
  }
  if (model !== "codim1") throw new InvalidArgumentError(`model must be "quadratic" or "codim1", got ${String(model)}`);
  const lambdaStar = lambdaMax;
  const x = (eta * lambdaStar) / 2 - 1;
  const regime: SeedRegime = Math.abs(x) <= (opts.relTol ?? 1e-12) ? "critical" : x < 0 ? "subcritical" : "supercritical";
  if (regime === "subcritical") {
    geometric(Math.max(eta * lambdaStar - 1, 0));
    return {
      model, regime, quantity: "|θ⊥_t| and loss^{1/2} after the finite time τ (theorem 5.1)", rate: null, exponent: null, envelope,
      unknownConstants: ["λ(θ∥∞) ∈ (λ*, 2/η), which sets β = |1 − ηλ(θ∥∞)|; the envelope uses the lower bound max(ηλ* − 1, 0)", "τ, the end of the unstable phase", "the prefactor"],
    };
  }
  if (regime === "critical") {
    for (let t = 0; t < T; t++) envelope[t] = 1 / (t + 1);
    return {
      model, regime, quantity: "loss and λ(θ∥_t) − λ* (theorem 5.2; |θ⊥| and d(θ∥, θ∥*) go like t^{-1/2})", rate: null, exponent: -1, envelope,
      unknownConstants: ["the prefactor of Θ(1/t) (1/4 for f = ab, y = 1, docs/design.md §1)"],
    };
  }
  const rate = Math.max(0, 1 - (eta * lambdaStar - 2));
  geometric(rate);
  return {
    model, regime, quantity: "distance to the period-2 orbit (theorem 5.3, η close to 2/λ* only)", rate: null, exponent: null, envelope,
    unknownConstants: ["C in the rate 1 − C(ηλ* − 2); the envelope uses C = 1", "the orbit amplitude's prefactor in ∝ (ηλ* − 2)^{1/2}", "how close to 2/λ* η must be"],
  };
}
