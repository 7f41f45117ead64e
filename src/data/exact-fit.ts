// Can the several-output models fit y exactly? (docs/design.md §4.)
//
// Every model here is F(θ) = X·w(θ) with w(θ) ∈ R^d covering all of R^d: linear w = θ; diagonal w = u⊙v (u = w,
// v = 1); two-layer w = W·a (a = e₁, first column of W = w). So {F(θ)} = range(X), and
//   min_θ ½‖F(θ) − y‖² = ½‖(I − P_X)y‖²,
// attained: the linear least-squares residual of y on X's columns. When it is not 0, M = {θ : F(θ) = y} is empty,
// GD goes to that least-squares loss instead, and λ*, η_c, a regime or a certificate mean nothing.
import type { Dataset } from "../dataset/dataset.js";
import { checkDataset } from "../dataset/dataset.js";
import { leastSquaresResidual } from "../linalg/least-squares.js";

/**
 * y counts as outside range(X) when the least-squares residual is above this fraction of ‖y‖. Householder QR
 * computes the residual of a consistent system to about rows·ε·κ(X)·‖y‖, so this leaves room for κ(X) up to
 * ~10⁵–10⁶ at the sizes the dense search handles (n ≤ 300); a y closer than this to range(X) is treated as
 * fittable, and if the Gauss–Newton retraction then cannot reach F = y, flattestMinimumData says so itself.
 * @category Data-model runs
 */
export const NO_EXACT_FIT_TOLERANCE = 1e-8;

/**
 * What {@link dataExactFit} returns: whether y lies in the range of the model, else the least-squares loss.
 *
 * @category Data-model runs
 */
export interface ExactFitCheck {
  /** Whether y is in range(X) (relativeResidual ≤ tolerance): then M = {F = y} is not empty. */
  exact: boolean;
  /** min_θ ½‖F(θ) − y‖² = ½‖(I − P_X)y‖² (exactly 0 is not promised even when `exact`: rounding). */
  leastSquaresLoss: number;
  /** ‖(I − P_X)y‖/‖y‖ (0 when y = 0). */
  relativeResidual: number;
  /** NO_EXACT_FIT_TOLERANCE. */
  tolerance: number;
  /** Numerical rank of X (column-pivoted QR). */
  rank: number;
}

/**
 * Whether the data can be fitted exactly by the linear, diagonal or two-layer model (the same answer for all
 * three, see the header): the least-squares residual of y on X's columns, relative to ‖y‖, against
 * NO_EXACT_FIT_TOLERANCE.
 *
 * @example
 * const fit = dataExactFit(data);
 * if (!fit.exact) console.log(`no exact fit: least-squares loss ${fit.leastSquaresLoss}`);
 * @category Data-model runs
 */
export function dataExactFit(data: Dataset): ExactFitCheck {
  checkDataset(data);
  const ls = leastSquaresResidual(data.X, data.n, data.d, data.y);
  const relativeResidual = ls.bNorm > 0 ? ls.residualNorm / ls.bNorm : 0;
  return {
    exact: relativeResidual <= NO_EXACT_FIT_TOLERANCE,
    leastSquaresLoss: 0.5 * ls.residualNorm * ls.residualNorm,
    relativeResidual,
    tolerance: NO_EXACT_FIT_TOLERANCE,
    rank: ls.rank,
  };
}

/** Work (n·d·min(n, d) multiply-adds) up to which the CLI runs dataExactFit even where it skips the dense search. */
export const EXACT_FIT_CHECK_MAX_WORK = 2e8;

/** dataExactFit when it costs at most EXACT_FIT_CHECK_MAX_WORK, else null (unchecked). */
export function dataExactFitIfCheap(data: Dataset): ExactFitCheck | null {
  return data.n * data.d * Math.min(data.n, data.d) <= EXACT_FIT_CHECK_MAX_WORK ? dataExactFit(data) : null;
}

/** The one line the CLI and the results give when y cannot be fitted exactly. */
export function noExactFitLine(leastSquaresLoss: number): string {
  return `no exact fit: y cannot be fitted exactly (least-squares loss L = ${leastSquaresLoss.toPrecision(6)} > 0), so there is no manifold of minima and no λ*`;
}
