// The one Lanczos loop of the library (docs/design.md §3). Both front ends run
// it: lanczosTop (src/linalg/lanczos-operator.ts: any symmetric operator given
// by a matvec callback) and lanczosTopGram (src/linalg/lanczos.ts: XᵀX, where
// one whole step — the two products, α, full reorthogonalisation, β and the
// next vector — is a single call into the wasm core or its JS twin). They
// differ only in how a step is taken; the start vector, the tridiagonal
// solve, the convergence test, the breakdown test and the restart policy
// (none: full reorthogonalisation keeps the basis orthogonal, and the Krylov
// dimension is capped instead) live here.
import { InvalidArgumentError } from "../errors.js";
import { krylovStartVector } from "./start-vector.js";
import { tridiagonalEigen } from "./tridiagonal-eigen.js";

/** How a front end extends its Krylov basis: v_0, …, v_j are unit and orthogonal when step(j) is called. */
export interface LanczosStepper {
  /**
   * w ← A·v_j, orthogonalised against the basis; returns α_j = ⟨A·v_j, v_j⟩
   * (the tridiagonal's diagonal) and β_j = ‖w‖ (its next off-diagonal).
   * betaPrev is β_{j−1} (0 for j = 0), for a three-term recurrence.
   */
  step(j: number, betaPrev: number): { alpha: number; beta: number };
  /** Appends v_{j+1} = w/β_j; called only when the loop goes on (so never with β_j = 0). */
  extend(beta: number): void;
}

/** What the loop leaves: the tridiagonal T and its eigen-decomposition at the last step. */
export interface LanczosIteration {
  /** Diagonal of T (one per step). */
  alphas: number[];
  /** Off-diagonal of T (one fewer than alphas). */
  betas: number[];
  /** β of the last step: the residual bound of Ritz pair i is |beta·lastRow[i]|. */
  beta: number;
  /** Eigenvalues of T (unsorted) and the last component of each unit eigenvector. */
  ritz: { values: Float64Array; lastRow: Float64Array };
  /** Indices into ritz of the wanted (top-k) Ritz values, largest algebraic first. */
  top: number[];
  /** Whether every wanted Ritz pair met the tolerance. */
  converged: boolean;
}

/**
 * The unit start vector: `start` normalised, or the fixed generic
 * krylovStartVector (already unit) when absent, zero or not finite — so that
 * every backend and every run starts alike.
 */
export function lanczosStartVector(p: number, start?: ArrayLike<number>): Float64Array {
  if (start === undefined) return krylovStartVector(p);
  if (start.length !== p) throw new InvalidArgumentError(`start vector has ${start.length} entries, expected ${p}`);
  const v = Float64Array.from(start);
  let ss = 0;
  for (let i = 0; i < p; i++) ss += v[i] * v[i];
  const nv = Math.sqrt(ss);
  if (!(nv > 0) || !Number.isFinite(nv)) return krylovStartVector(p);
  for (let i = 0; i < p; i++) v[i] /= nv;
  return v;
}

/**
 * Runs Lanczos steps until the top-k Ritz pairs have |β_j·z_j| ≤ tol·max|θ|
 * (the standard bound on ‖A·u − θu‖ for the Ritz pair (θ, u)), or the Krylov
 * space is invariant (β below 1e-14·max|θ|: continuing would normalise
 * rounding noise), or maxIter steps were taken. T is re-solved after every
 * step by implicit QL on its last row only (O(j²)).
 */
export function lanczosIterate(stepper: LanczosStepper, opts: { k: number; tol: number; maxIter: number }): LanczosIteration {
  const { k, tol, maxIter } = opts;
  const alphas: number[] = [], betas: number[] = [];
  let beta = 0, top: number[] = [], converged = false;
  let ritz: LanczosIteration["ritz"] = { values: new Float64Array(0), lastRow: new Float64Array(0) };
  for (let j = 0; j < maxIter; j++) {
    const s = stepper.step(j, j > 0 ? betas[j - 1] : 0);
    alphas.push(s.alpha);
    beta = s.beta;
    ritz = tridiagonalEigen(alphas, betas);
    const values = ritz.values;
    // Largest algebraic first; ties keep index order (the first maximum wins).
    top = Array.from(values.keys()).sort((a, b) => values[b] - values[a]).slice(0, k);
    let scale = 0;
    for (const x of values) scale = Math.max(scale, Math.abs(x));
    converged = top.length === k && top.every((i) => !(Math.abs(beta * ritz.lastRow[i]) > tol * scale));
    if (converged || !(beta > 1e-14 * Math.max(scale, Number.MIN_VALUE)) || j + 1 === maxIter) break;
    betas.push(beta);
    stepper.extend(beta);
  }
  return { alphas, betas, beta, ritz, top, converged };
}
