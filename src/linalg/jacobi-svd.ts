import type { Engine } from "../engine.js";
import { engineOr } from "../init.js";
import { powerOfTwoExponent, writeScaled } from "./power-of-two-scale.js";
import { checkIntIn, checkMatrix, checkPositive } from "./validate-matrix.js";
import { sizesOk } from "./workspace-size.js";
import { argArray, argInt, argNumber, argObject } from "../check-args.js";
import { InvalidArgumentError } from "../errors.js";

/**
 * What {@link singularValues} returns: the singular values, largest first.
 *
 * @category Linear algebra
 */
export interface SvdResult {
  /** All min(rows, cols) singular values, descending. */
  values: Float64Array;
  /** Jacobi sweeps used. */
  sweeps: number;
  /** Largest |cos| between two orthogonalised vectors in the last sweep (≤ tol when converged). */
  residual: number;
}

/**
 * Options of {@link singularValues}.
 *
 * @category Linear algebra
 */
export interface SvdOptions {
  engine?: Engine;
  /** Rotate a pair while |cos| between them exceeds this. Default ε·√max(rows, cols). */
  tol?: number;
  /** Default 60. */
  maxSweeps?: number;
}

/**
 * singularValues' f64 workspace (docs/design.md §3) for a rows×cols matrix:
 * min(rows, cols) vectors of length max(rows, cols), the values, 2 outputs.
 */
function singularValuesWorkspaceCount(rows: number, cols: number): number {
  if (!sizesOk(rows, cols)) return NaN;
  const k = Math.min(rows, cols), len = Math.max(rows, cols);
  return k * len + k + 2;
}

/**
 * Singular values of a small dense row-major rows×cols matrix by one-sided
 * Jacobi (docs/design.md §3, "Sharpness"). For a wide matrix the rows are
 * orthogonalised, for a tall one the columns (via Aᵀ), so the work is on
 * min(rows, cols) vectors. Bit-identical across backends.
 *
 * @example
 * const { values } = singularValues(X, 50, 200);
 * const lambdaMax = values[0] ** 2; // λ_max(XᵀX)
 * @category Linear algebra
 */
export function singularValues(A: Float64Array, rows: number, cols: number, opts: SvdOptions = {}): SvdResult {
  argArray("singularValues", "A", A); argInt("singularValues", "rows", rows); argInt("singularValues", "cols", cols); argObject("singularValues", "opts", opts, true);
  // Refused before validating A at length or allocating (docs/design.md §3).
  engineOr(opts.engine).requireF64(singularValuesWorkspaceCount(rows, cols), `singularValues of a ${rows}×${cols} matrix`);
  checkMatrix("A", A, rows, cols);
  const k = Math.min(rows, cols), len = Math.max(rows, cols);
  const tol = opts.tol ?? Number.EPSILON * Math.sqrt(Math.max(1, len));
  checkPositive("tol", tol);
  const maxSweeps = opts.maxSweeps ?? 60;
  checkIntIn("maxSweeps", maxSweeps, 1, 1e6);
  if (k === 0) return { values: new Float64Array(0), sweeps: 0, residual: 0 };
  const engine = engineOr(opts.engine);
  return engine.scoped(() => {
    const pw = engine.allocF64(k * len);
    const ps = engine.allocF64(k);
    const pi = engine.allocF64(2);
    const h = engine.f64();
    const w = pw >>> 3;
    // Work on A·2^−e (exact) so that sums of squares cannot overflow; σ scales back exactly.
    const e = powerOfTwoExponent(A);
    const sc = 2 ** -e;
    if (rows <= cols) writeScaled(h, w, A, e);
    else for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) h[w + j * rows + i] = A[i * cols + j] * sc;
    const sweeps = engine.exports.jacobiSvd(k, len, pw, tol, maxSweeps, ps, pi);
    const values = engine.read(ps, k).sort().reverse();
    const back = 2 ** e;
    for (let i = 0; i < k; i++) values[i] *= back;
    return { values, sweeps, residual: engine.read(pi, 1)[0] };
  });
}

/**
 * λ_max and λ_min⁺ of AᵀA (equivalently AAᵀ) from A's singular values.
 * @category Linear algebra
 */
export interface GramExtremes {
  /** σ_max². */
  lambdaMax: number;
  /** The smallest σ² with σ > rtol·σ_max, or null when A is zero. */
  lambdaMinPlus: number | null;
  /** Number of σ above the rank threshold. */
  rank: number;
}

/**
 * Reads λ_max = σ_max² and λ_min⁺ (the smallest nonzero eigenvalue, docs/design.md
 * §2) off descending singular values. σ counts as zero when
 * σ ≤ rtol·σ_max; the default rtol = max(rows, cols)·ε is numpy's
 * matrix_rank rule.
 * @example
 * const { values } = singularValues(X, n, d);
 * const { lambdaMax, lambdaMinPlus, rank } = gramExtremes(values, n, d);
 * @category Linear algebra
 */
export function gramExtremes(values: Float64Array, rows: number, cols: number, rtol = Math.max(rows, cols) * Number.EPSILON): GramExtremes {
  argArray("gramExtremes", "values", values); argInt("gramExtremes", "rows", rows); argInt("gramExtremes", "cols", cols); argNumber("gramExtremes", "rtol", rtol);
  const smax = values.length > 0 ? values[0] : 0;
  let rank = 0;
  while (rank < values.length && values[rank] > rtol * smax && values[rank] > 0) rank++;
  return {
    lambdaMax: smax * smax,
    lambdaMinPlus: rank > 0 ? values[rank - 1] * values[rank - 1] : null,
    rank,
  };
}

/**
 * singularValuesWorkspace, checked (docs/design.md §3): the same f64 count, but sizes that are not non-negative integers are an
 * InvalidArgumentError rather than NaN. (eoslab's own entry points use the unchecked count, whose NaN defers the
 * report to their own validation.)
 * @example
 * singularValuesWorkspace(50, 200) * 8; // bytes singularValues(X, 50, 200) needs
 * @category Memory
 */
export function singularValuesWorkspace(rows: number, cols: number): number {
  argInt("singularValuesWorkspace", "rows", rows); argInt("singularValuesWorkspace", "cols", cols);
  const count = singularValuesWorkspaceCount(rows, cols);
  if (!Number.isFinite(count)) throw new InvalidArgumentError(`singularValuesWorkspace: the sizes must be non-negative integers (and the options valid), got ${JSON.stringify([rows, cols])}`);
  return count;
}
