// Eigenvalues of a small symmetric matrix by Sylvester's law of inertia and
// bisection: a reference that shares neither code nor algorithm with the
// library's eigensolvers (all of them Jacobi rotations, in src/linalg and in
// the core). A − xI = LDLᵀ has exactly as many negative pivots in D as A has
// eigenvalues below x, so counting them pins each eigenvalue by bisection on x
// to the accuracy of the elimination (a few ε‖A‖ for the well-scaled test
// matrices used here).

/** How many eigenvalues of the symmetric row-major n×n matrix `a` lie below x: the negative pivots of A − xI. */
export function countBelow(a: ArrayLike<number>, n: number, x: number): number {
  const m = Float64Array.from(a);
  for (let i = 0; i < n; i++) m[i * n + i] -= x;
  let scale = 0;
  for (let i = 0; i < n * n; i++) scale = Math.max(scale, Math.abs(m[i]));
  let negative = 0;
  for (let k = 0; k < n; k++) {
    let piv = m[k * n + k];
    // An exact zero pivot: perturb it by a rounding-sized amount (the usual Sturm-count convention).
    if (piv === 0) piv = -Number.EPSILON * Math.max(scale, Number.MIN_VALUE);
    if (piv < 0) negative++;
    for (let i = k + 1; i < n; i++) {
      const f = m[i * n + k] / piv;
      if (f === 0) continue;
      for (let j = k + 1; j < n; j++) m[i * n + j] -= f * m[k * n + j];
    }
  }
  return negative;
}

/** Gershgorin bounds: every eigenvalue of `a` lies in [lo, hi]. */
export function gershgorin(a: ArrayLike<number>, n: number): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < n; i++) {
    let r = 0;
    for (let j = 0; j < n; j++) if (j !== i) r += Math.abs(a[i * n + j]);
    lo = Math.min(lo, a[i * n + i] - r);
    hi = Math.max(hi, a[i * n + i] + r);
  }
  return [lo, hi];
}

/** The m-th smallest eigenvalue (m = 0 … n − 1) of the symmetric matrix `a`, by bisection on countBelow. */
export function eigenvalueByBisection(a: ArrayLike<number>, n: number, m: number): number {
  let [lo, hi] = gershgorin(a, n);
  // Invariant: countBelow(lo) ≤ m < countBelow(hi) (widened by one ulp-ish step so the ends are strict).
  const pad = Number.EPSILON * Math.max(Math.abs(lo), Math.abs(hi), Number.MIN_VALUE);
  lo -= pad;
  hi += pad;
  for (;;) {
    const mid = 0.5 * (lo + hi);
    if (!(mid > lo && mid < hi)) return mid;
    if (countBelow(a, n, mid) > m) hi = mid;
    else lo = mid;
  }
}

/** All eigenvalues of the symmetric matrix `a`, largest first. */
export function eigenvaluesByBisection(a: ArrayLike<number>, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let m = 0; m < n; m++) out[n - 1 - m] = eigenvalueByBisection(a, n, m);
  return out;
}
