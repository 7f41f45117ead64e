import type { Codim1Model } from "../models/codim1.js";
import { gdJacobian } from "./gd-jacobian.js";
import { matmul, spectralRadius } from "../linalg/spectral-radius.js";
import { argArray, argNumber, argObject } from "../check-args.js";
import { symmetricEigen } from "../linalg/symmetric-eigen.js";

/**
 * A direction v counts as neutral for the two-step map when ‖(J − I)v‖ ≤ NEUTRAL_TOL·max(1, ‖J − I‖₂): found
 * through the eigenvalues of (J − I)ᵀ(J − I), which square σ, so 1e-6 sits just above where rounding
 * (about 1e-8·‖J − I‖ for σ read off a squared matrix) stops telling 0 from small.
 *
 * @category Theory
 */
export const NEUTRAL_TOL = 1e-6;

/**
 * What {@link floquetMultiplier} returns: the spectral radius of the two-step Jacobian.
 *
 * @category Theory
 */
export interface FloquetMultiplier {
  /** ρ(J), J = DG(θ_b)·DG(θ_a): the spectral radius of the two-step map's Jacobian at the orbit (full R^p). */
  spectralRadius: number;
  /**
   * Predicted per-step linear rate, sqrt(transverseRadius) (= sqrt(ρ(J)) without neutral directions). Convention: the deviation
   * from the orbit shrinks by ρ(J) every two steps, so by sqrt(ρ(J)) per step
   * on average; measured rates are per step too.
   */
  perStepRate: number;
  /**
   * The dimension of J's eigenvalue-1 space (within NEUTRAL_TOL): directions along a continuous family of orbits, such as
   * the hidden-unit rotations of a deep linear network, which GD maps onto equivalent orbits. 0 for deep scalar.
   */
  neutralDimension: number;
  /**
   * ρ of J on the complement of its neutral directions: the rate at which a deviation across the family decays. Equal
   * to spectralRadius when neutralDimension = 0. An orbit is stable when this is below 1.
   */
  transverseRadius: number;
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
  const transverse = transverseRadius(j, p);
  const value = transverse.dimension > 0 ? transverse.radius : rho.value;
  return {
    spectralRadius: rho.value, perStepRate: Math.sqrt(value), neutralDimension: transverse.dimension, transverseRadius: value,
    jacobian: j, iterations: rho.iterations, residual: rho.residual,
  };
}

/**
 * The neutral directions N of J (its eigenvalue-1 space, from (J − I)ᵀ(J − I)) and ρ of J compressed to their orthogonal
 * complement Q: in the basis [N, Q], J = [[I, ·], [0, QᵀJQ]] because JN = N, so the spectrum of J is {1, …} together with
 * that of QᵀJQ (docs/design.md §3).
 */
function transverseRadius(j: Float64Array, p: number): { dimension: number; radius: number } {
  const a = new Float64Array(p * p);
  for (let r = 0; r < p; r++) {
    for (let c = 0; c < p; c++) {
      let s = 0;
      for (let k = 0; k < p; k++) s += (j[k * p + r] - (k === r ? 1 : 0)) * (j[k * p + c] - (k === c ? 1 : 0));
      a[r * p + c] = s;
    }
  }
  const eig = symmetricEigen(a, p);
  const top = Math.max(1, eig.values[0]);
  let keep = p;
  while (keep > 0 && eig.values[keep - 1] <= NEUTRAL_TOL * NEUTRAL_TOL * top) keep--;
  if (keep === p || keep === 0) return { dimension: p - keep, radius: keep === 0 ? 1 : NaN };
  // C = QᵀJQ, Q = the eigenvectors of the kept (non-neutral) values: columns 0 … keep − 1 of eig.vectors.
  const jq = new Float64Array(p * keep);
  for (let r = 0; r < p; r++) for (let c = 0; c < keep; c++) {
    let s = 0;
    for (let k = 0; k < p; k++) s += j[r * p + k] * eig.vectors[k * p + c];
    jq[r * keep + c] = s;
  }
  const comp = new Float64Array(keep * keep);
  for (let r = 0; r < keep; r++) for (let c = 0; c < keep; c++) {
    let s = 0;
    for (let k = 0; k < p; k++) s += eig.vectors[k * p + r] * jq[k * keep + c];
    comp[r * keep + c] = s;
  }
  return { dimension: p - keep, radius: spectralRadius(comp, keep).value };
}
