import type { Engine } from "../engine.js";

/**
 * An eigenvalue estimate with what it cost and how sure it is (docs/design.md §3: "every estimate reports the iterations used and a residual").
 * @category Linear algebra
 */
export interface EigenEstimate {
  value: number;
  iterations: number;
  /** A residual bound: some eigenvalue lies within this of `value`. */
  residual: number;
  /** Products with XᵀX used (each is one gemv and one gemvT). */
  matvecs: number;
}

/**
 * Options of {@link lanczosTopGram} and {@link powerIterationGram}: tolerance and iteration cap.
 *
 * @category Linear algebra
 */
export interface GramEigenOptions {
  engine?: Engine;
  maxIter?: number;
  /** Stop when residual ≤ tol·value. */
  tol?: number;
}
