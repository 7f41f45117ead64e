// The linear least-squares residual b − A·x̂ (x̂ = argmin ‖Ax − b‖), by Householder QR with column pivoting: a
// rank-revealing factorisation, so a rank-deficient A is handled (x̂ on the numerical range only) and the residual
// is computed without squaring the condition number (no normal equations). Dense and in plain TypeScript: meant
// for the data matrices of the several-output models (docs/design.md §4), O(rows·cols·min(rows, cols)) work.
import { checkFiniteArray, checkMatrix } from "./validate-matrix.js";
import { argArray, argInt, argObject } from "../check-args.js";

/**
 * What {@link leastSquaresResidual} returns: ‖Ax − b‖ at the least-squares solution, and ‖b‖.
 *
 * @category Linear algebra
 */
export interface LeastSquaresResidual {
  /** b − A·x̂, the part of b outside the numerical range of A (length rows). */
  residual: Float64Array;
  /** ‖b − A·x̂‖. */
  residualNorm: number;
  /** ‖b‖. */
  bNorm: number;
  /** Numerical rank of A: the pivots |R_kk| above rankTolerance·|R_00|. */
  rank: number;
  /** The relative pivot size below which a column counts as dependent. */
  rankTolerance: number;
}

/** ‖a[from..to)‖ with a step, scaled so that squares cannot overflow. */
function norm(a: Float64Array, from: number, to: number): number {
  let big = 0;
  for (let i = from; i < to; i++) big = Math.max(big, Math.abs(a[i]));
  if (big === 0) return 0;
  let s = 0;
  for (let i = from; i < to; i++) {
    const t = a[i] / big;
    s += t * t;
  }
  return big * Math.sqrt(s);
}

/**
 * The least-squares residual of b (rows) on the columns of A (row-major rows×cols). Rank: pivots below
 * `rankTolerance`·|R_00| count as zero; the default max(rows, cols)·ε is numpy's matrix_rank convention
 * (applied here to the pivots of a column-pivoted QR, which track the singular values within modest factors).
 *
 * @example
 * const { residualNorm, bNorm } = leastSquaresResidual(X, n, d, y);
 * const yInRange = residualNorm <= 1e-8 * bNorm;
 * @category Linear algebra
 */
export function leastSquaresResidual(A: ArrayLike<number>, rows: number, cols: number, b: ArrayLike<number>, opts: { rankTolerance?: number } = {}): LeastSquaresResidual {
  argArray("leastSquaresResidual", "A", A); argInt("leastSquaresResidual", "rows", rows); argInt("leastSquaresResidual", "cols", cols); argArray("leastSquaresResidual", "b", b); argObject("leastSquaresResidual", "opts", opts, true);
  checkMatrix("A", A, rows, cols);
  checkFiniteArray("b", b, rows);
  const rankTolerance = opts.rankTolerance ?? Math.max(rows, cols) * Number.EPSILON;
  // Column-major copy: column j is Q[j·rows .. (j+1)·rows).
  const Q = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) Q[j * rows + i] = A[i * cols + j];
  const c = Float64Array.from(b);
  const bNorm = norm(c, 0, rows);
  const kmax = Math.min(rows, cols);
  const perm = Array.from({ length: cols }, (_, j) => j);
  // Householder vectors (v_k stored in rows k.. of column k's slot) and their β = 2/‖v‖².
  const betas = new Float64Array(kmax);
  let rank = 0, first = 0;
  for (let k = 0; k < kmax; k++) {
    // Pivot: the remaining column with the largest norm below row k (recomputed, not downdated: exact and cheap here).
    let best = -1, bestNorm = -1;
    for (let j = k; j < cols; j++) {
      const nj = norm(Q, perm[j] * rows + k, perm[j] * rows + rows);
      if (nj > bestNorm) {
        bestNorm = nj;
        best = j;
      }
    }
    if (k === 0) first = bestNorm;
    if (!(bestNorm > rankTolerance * first) || bestNorm === 0) break;
    [perm[k], perm[best]] = [perm[best], perm[k]];
    const col = perm[k] * rows;
    // v = x + sign(x₀)‖x‖e₀, so that H x = −sign(x₀)‖x‖e₀ without cancellation.
    const x0 = Q[col + k];
    const alpha = x0 >= 0 ? -bestNorm : bestNorm;
    Q[col + k] = x0 - alpha;
    let vv = 0;
    for (let i = k; i < rows; i++) vv += Q[col + i] * Q[col + i];
    const beta = vv > 0 ? 2 / vv : 0;
    betas[k] = beta;
    const apply = (target: Float64Array, at: number) => {
      let s = 0;
      for (let i = k; i < rows; i++) s += Q[col + i] * target[at + i];
      s *= beta;
      if (s !== 0) for (let i = k; i < rows; i++) target[at + i] -= s * Q[col + i];
    };
    for (let j = k + 1; j < cols; j++) apply(Q, perm[j] * rows);
    apply(c, 0);
    rank = k + 1;
  }
  // Qᵀb = c: its first `rank` entries are fitted; the residual is Q·[0; c[rank..]].
  const residual = new Float64Array(rows);
  for (let i = rank; i < rows; i++) residual[i] = c[i];
  for (let k = rank - 1; k >= 0; k--) {
    const col = perm[k] * rows;
    let s = 0;
    for (let i = k; i < rows; i++) s += Q[col + i] * residual[i];
    s *= betas[k];
    if (s !== 0) for (let i = k; i < rows; i++) residual[i] -= s * Q[col + i];
  }
  return { residual, residualNorm: norm(c, rank, rows), bNorm, rank, rankTolerance };
}
