import type { Codim1Model } from "../models/codim1.js";
import { gdJacobian } from "./gd-jacobian.js";
import { matmul, spectralRadius } from "../linalg/spectral-radius.js";
import { argArray, argNumber, argObject } from "../check-args.js";

/**
 * What {@link floquetMultiplier} returns: the spectral radius of the two-step Jacobian.
 *
 * @category Theory
 */
export interface FloquetMultiplier {
  /** ρ(J), J = DG(θ_b)·DG(θ_a): the spectral radius of the two-step map's Jacobian at the orbit (full R^p). */
  spectralRadius: number;
  /**
   * Predicted per-step linear rate, sqrt(ρ(J)). Convention: the deviation
   * from the orbit shrinks by ρ(J) every two steps, so by sqrt(ρ(J)) per step
   * on average; measured rates are per step too.
   */
  perStepRate: number;
  /** J itself, p×p row-major. */
  jacobian: Float64Array;
  iterations: number;
  residual: number;
}

/**
 * The Floquet multiplier of a period-2 orbit θ_a → θ_b → θ_a of GD
 * (docs/design.md §3, "Predicted rates"): the spectral radius of
 * J = DG(θ_b)·DG(θ_a) in the full parameter space, so it covers the modes
 * along the orbit line and the modes along M alike.
 * @example
 * const fm = floquetMultiplier(m, 1.05, orbit.thetaA!, orbit.thetaB!);
 * fm.spectralRadius < 1; // the period-2 orbit is stable
 * @category Theory
 */
export function floquetMultiplier(model: Codim1Model, eta: number, thetaA: Float64Array, thetaB: Float64Array): FloquetMultiplier {
  argObject("floquetMultiplier", "model", model); argNumber("floquetMultiplier", "eta", eta); argArray("floquetMultiplier", "thetaA", thetaA); argArray("floquetMultiplier", "thetaB", thetaB);
  const p = model.dim;
  const ja = gdJacobian(model, eta, thetaA), jb = gdJacobian(model, eta, thetaB);
  const j = matmul(jb, ja, new Float64Array(p * p), p);
  const rho = spectralRadius(j, p);
  return { spectralRadius: rho.value, perStepRate: Math.sqrt(rho.value), jacobian: j, iterations: rho.iterations, residual: rho.residual };
}
