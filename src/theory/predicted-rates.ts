// Predicted rates from linearisation (docs/design.md §3, "Predicted rates").
import { InvalidArgumentError } from "../errors.js";
import { argNumber } from "../check-args.js";

/**
 * Critical step (Theorem 5.2): |θ⊥|, distPar ∝ t^{-1/2}; loss, λ(θ∥) − λ* ∝ t^{-1}.
 * @category Theory
 */
export const CRITICAL_EXPONENTS = { thetaPerp: -0.5, distPar: -0.5, loss: -1, lambdaGap: -1 } as const;

/**
 * Subcritical (Theorem 5.1) and stable: the per-step rate |1 − ηλ(θ∥∞)|.
 * On M the Hessian ∇f∇fᵀ has the single nonzero eigenvalue λ, so this is
 * docs/design.md §3's max |1 − ηλᵢ| over the nonzero eigenvalues at the limit.
 * @example
 * subcriticalRate(0.3, 5); // |1 − ηλ∥∞| = 0.5
 * @category Theory
 */
export function subcriticalRate(eta: number, lambdaParInfinity: number): number {
  argNumber("subcriticalRate", "eta", eta); argNumber("subcriticalRate", "lambdaParInfinity", lambdaParInfinity);
  if (!Number.isFinite(eta) || eta <= 0) throw new InvalidArgumentError(`η must be a finite number > 0, got ${eta}`);
  if (!Number.isFinite(lambdaParInfinity)) throw new InvalidArgumentError(`λ(θ∥∞) must be finite, got ${lambdaParInfinity}`);
  return Math.abs(1 - eta * lambdaParInfinity);
}
