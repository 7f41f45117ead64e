/**
 * Eigenvalues of a symmetric tridiagonal matrix T (diagonal `alpha`,
 * off-diagonal `beta`, beta[i] = T[i+1,i]) by the implicit QL method
 * (EISPACK tql2, as in JAMA), accumulating only the LAST ROW of the
 * eigenvector matrix: that is all Lanczos needs for its residual bound
 * |β_k·z_k| (docs/design.md §3). O(k²) per call.
 *
 * Returns the eigenvalues (unsorted) and, for each, the last component of its
 * unit eigenvector.
 */
export function tridiagonalEigen(alpha: ArrayLike<number>, beta: ArrayLike<number>): { values: Float64Array; lastRow: Float64Array } {
  const n = alpha.length;
  const d = Float64Array.from(alpha);
  const e = new Float64Array(n);
  for (let i = 0; i < n - 1; i++) e[i] = beta[i];
  const z = new Float64Array(n); // last row of the eigenvector matrix, starting from I
  if (n > 0) z[n - 1] = 1;
  const eps = Number.EPSILON;
  let f = 0, tst1 = 0;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
    let m = l;
    while (m < n - 1 && Math.abs(e[m]) > eps * tst1) m++;
    if (m > l) {
      let iter = 0;
      do {
        if (++iter > 60) break; // never reached in practice: QL converges cubically
        let g = d[l];
        let p = (d[l + 1] - g) / (2 * e[l]);
        let r = Math.hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l] / (p + r);
        d[l + 1] = e[l] * (p + r);
        const dl1 = d[l + 1];
        let h = g - d[l];
        for (let i = l + 2; i < n; i++) d[i] -= h;
        f += h;
        p = d[m];
        let c = 1, c2 = 1, c3 = 1, s = 0, s2 = 0;
        const el1 = e[l + 1];
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i];
          h = c * p;
          r = Math.hypot(p, e[i]);
          e[i + 1] = s * r;
          s = e[i] / r;
          c = p / r;
          p = c * d[i] - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]);
          h = z[i + 1];
          z[i + 1] = s * z[i] + c * h;
          z[i] = c * z[i] - s * h;
        }
        p = (-s * s2 * c3 * el1 * e[l]) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l]) > eps * tst1);
    }
    d[l] += f;
    e[l] = 0;
  }
  return { values: d, lastRow: z };
}
