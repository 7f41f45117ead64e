// A certified interval for the flattest-minimum sharpness λ* of a diagonal network F = X(u⊙v) (docs/design.md §4),
// by convex duality: a second algorithm, independent of the Riemannian GD search.
//
// On M, JJᵀ = X diag(u² + v²) Xᵀ and u² + v² ≥ 2|u⊙v|, with equality when |u| = |v|. So, with w = u⊙v,
//   λ* = P = min { λ_max(A(w)) : Xw = y },   A(w) = Σ_j 2|w_j| x_j x_jᵀ   (x_j: column j of X),
// a convex problem. Upper bound: λ_max(A(w)) at any feasible w. Lower bound (weak duality): for any Z ⪰ 0 with
// tr Z = 1, λ_max(A) ≥ ⟨A, Z⟩ = Σ_j c_j|w_j| with c_j = 2x_jᵀZx_j, and min { Σ c_j|w_j| : Xw = y } ≥ νᵀy for
// every ν with |x_jᵀν| ≤ c_j (LP duality). We take Z on the top eigenvectors of A at the point found, ν from
// the optimality conditions on the support of w, scaled into feasibility; the bound is tight at the optimum.
import type { Dataset } from "../dataset/dataset.js";
import { InvalidArgumentError } from "../errors.js";
import { symmetricEigen } from "../linalg/symmetric-eigen.js";
import { boxLp } from "../linalg/box-lp.js";
import { dataExactFit } from "./exact-fit.js";

/**
 * A duality certificate bounding λ* for the diagonal model (see {@link FlattestDataResult}).
 *
 * @category Data-model runs
 */
export interface DiagonalCertificate {
  /** A lower bound on λ* by weak duality, moved down by a rounding allowance of 256ε·λ. */
  lower: number;
  /** λ_max(X diag(2|u⊙v|) Xᵀ) at the point (the sharpness after balancing |u| = |v|), plus 256ε·λ: an upper bound when Xw = y. */
  upper: number;
  /** (upper − lower)/upper. */
  relativeGap: number;
  /** ‖X(u⊙v) − y‖ at the point: the upper bound holds for y' = X(u⊙v), within this of y. */
  feasibility: number;
  /** Eigenvectors of A the dual matrix Z was built on (the top cluster, at most 2 searched; 1 when simple). */
  dualRank: number;
}

/** Each end of the interval is moved outwards by this times λ: a few hundred ulps for the sums and the eigensolver. */
const ROUNDING_ALLOWANCE = 256 * Number.EPSILON;

/** Relative width of the top eigenvalue cluster of A whose span Z is searched over. */
const CLUSTER = 1e-4;

/**
 * Certifies λ* for the diagonal network at θ = [u; v] (a point found by flattestMinimumData, say):
 * returns lower ≤ λ* ≤ upper. A small relativeGap proves the point is (near) the global flattest minimum.
 * Refuses data whose y is outside range(X): M is empty there, there is no λ* to bound, and the two ends (one
 * from y, one from the point) need not even be ordered (docs/design.md §4).
 */
export function diagonalFlattestCertificate(data: Dataset, theta: ArrayLike<number>): DiagonalCertificate {
  const { X, y, n, d } = data;
  if (theta.length !== 2 * d) throw new InvalidArgumentError(`theta has ${theta.length} entries; the diagonal network needs 2d = ${2 * d}`);
  const fit = dataExactFit(data);
  if (!fit.exact) throw new InvalidArgumentError(`y cannot be fitted exactly (least-squares loss ${fit.leastSquaresLoss.toPrecision(6)} > 0): there is no λ* to certify`);
  const w = Float64Array.from({ length: d }, (_, j) => theta[j] * theta[d + j]);
  let res = 0;
  for (let i = 0; i < n; i++) {
    let s = -y[i];
    for (let j = 0; j < d; j++) s += X[i * d + j] * w[j];
    res += s * s;
  }
  // A = Σ_j 2|w_j| x_j x_jᵀ and its eigenpairs.
  const A = new Float64Array(n * n);
  for (let j = 0; j < d; j++) {
    const c = 2 * Math.abs(w[j]);
    if (c === 0) continue;
    for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) A[a * n + b] += c * X[a * d + j] * X[b * d + j];
  }
  const eig = symmetricEigen(A, n);
  const upper = eig.values[0];
  let m = 1;
  while (m < n && m < 2 && eig.values[0] - eig.values[m] <= CLUSTER * upper) m++;
  // z_j = Qᵀx_j for the m top eigenvectors Q.
  const z = new Float64Array(d * m);
  for (let j = 0; j < d; j++) for (let k = 0; k < m; k++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += eig.vectors[i * n + k] * X[i * d + j];
    z[j * m + k] = s;
  }
  let wmax = 0;
  for (const v of w) wmax = Math.max(wmax, Math.abs(v));
  // Two candidate supports of the optimal w (a weighted-ℓ1 minimiser has at most n nonzeros generically): every
  // entry above rounding, and the n largest. Each gives a valid bound; we keep the better.
  const nonzero = Array.from({ length: d }, (_, j) => j).filter((j) => Math.abs(w[j]) > 1e-9 * wmax);
  const largest = [...nonzero].sort((a, b) => Math.abs(w[b]) - Math.abs(w[a])).slice(0, n);
  const supports = nonzero.length > n ? [nonzero, largest] : [nonzero];
  // Each S gives two bounds: the best support guess (cheap), and, when every c_j > 0, the weighted-ℓ1 dual LP
  // solved by a barrier method (its iterates are strictly feasible, so its value is a bound too).
  const cheap = (S: number[]) => Math.max(...supports.map((s) => dualBound(X, y, n, d, dualWeights(z, m, d, S), s, w)));
  const exact = (S: number[]) => {
    const c = dualWeights(z, m, d, S);
    return c.every((v) => v > 0) ? Math.max(cheap(S), boxLp(X, y, n, d, c, 1e-13).value) : cheap(S);
  };
  let lower: number;
  if (m === 1) lower = exact([1]);
  else {
    // S = [[a, b], [b, 1 − a]] ⪰ 0 with b = ρ·sqrt(a(1 − a)): a grid on the cheap bound, refined three times around
    // its best, then the LP on a small grid around that (the LP's value is concave in S).
    const at = (a: number, r: number) => [a, r * Math.sqrt(a * (1 - a)), 1 - a];
    const search = (f: (S: number[]) => number, centre: { a: number; r: number }, half: number, rounds: number, k: number) => {
      let best = { ...centre, v: f(at(centre.a, centre.r)) };
      for (let round = 0; round < rounds; round++, half /= k) {
        const c0 = { a: best.a, r: best.r };
        for (let i = -k; i <= k; i++) for (let j = -k; j <= k; j++) {
          const a = Math.min(1, Math.max(0, c0.a + (half * i) / k));
          const r = Math.min(1, Math.max(-1, c0.r + (2 * half * j) / k));
          const v = f(at(a, r));
          if (v > best.v) best = { a, r, v };
        }
      }
      return best;
    };
    const coarse = search(cheap, { a: 0.5, r: 0 }, 0.5, 4, 10);
    lower = search(exact, { a: coarse.a, r: coarse.r }, 0.1, 8, 2).v;
  }
  // Both ends are computed in floating point: widen each by a rounding allowance, so that lower ≤ upper always.
  const slack = ROUNDING_ALLOWANCE * upper;
  return { lower: lower - slack, upper: upper + slack, relativeGap: (upper - lower + 2 * slack) / upper, feasibility: Math.sqrt(res), dualRank: m };
}

/** c_j = 2x_jᵀZx_j with Z = Q·S·Qᵀ, from z_j = Qᵀx_j. S: [1] (m = 1) or the upper triangle [s11, s12, s22] (m = 2). */
function dualWeights(z: Float64Array, m: number, d: number, S: number[]): Float64Array {
  const c = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    if (m === 1) c[j] = 2 * z[j] * z[j];
    else {
      const p = z[j * 2], q = z[j * 2 + 1];
      c[j] = 2 * (S[0] * p * p + 2 * S[1] * p * q + S[2] * q * q);
    }
  }
  return c;
}

/** νᵀy for ν solving x_jᵀν = c_j·sign(w_j) on the support (least squares), scaled so |x_jᵀν| ≤ c_j for every j. */
function dualBound(X: Float64Array, y: Float64Array, n: number, d: number, c: Float64Array, support: number[], w: Float64Array): number {
  // Normal equations G ν = b with G = Σ_{j∈S} x_j x_jᵀ, b = Σ_{j∈S} c_j s_j x_j, solved through G's eigenpairs (pseudo-inverse).
  const G = new Float64Array(n * n), b = new Float64Array(n);
  for (const j of support) {
    const t = c[j] * Math.sign(w[j]);
    for (let a = 0; a < n; a++) {
      const xa = X[a * d + j];
      b[a] += t * xa;
      for (let k = 0; k < n; k++) G[a * n + k] += xa * X[k * d + j];
    }
  }
  const e = symmetricEigen(G, n);
  const nu = new Float64Array(n);
  const cut = 1e-12 * Math.max(e.values[0], 0);
  for (let k = 0; k < n; k++) {
    if (!(e.values[k] > cut)) continue;
    let s = 0;
    for (let i = 0; i < n; i++) s += e.vectors[i * n + k] * b[i];
    s /= e.values[k];
    for (let i = 0; i < n; i++) nu[i] += e.vectors[i * n + k] * s;
  }
  let ratio = 1;
  for (let j = 0; j < d; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += X[i * d + j] * nu[i];
    if (Math.abs(s) === 0) continue;
    ratio = Math.max(ratio, c[j] > 0 ? Math.abs(s) / c[j] : Infinity);
  }
  if (!Number.isFinite(ratio)) return 0;
  let v = 0;
  for (let i = 0; i < n; i++) v += nu[i] * y[i];
  return v / ratio;
}
