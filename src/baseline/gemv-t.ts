/**
 * Pure-JS twin of addScaledRows in assembly/kernels/gemv-t.ts:
 * dst[j] ← src[j] + Σ_i (s·x[i])·A[i,j], rows added in index order (the
 * order that makes it bit-identical to wasm). src may equal dst.
 */
export function addScaledRows(
  m: number, n: number, s: number, a: Float64Array, ao: number, x: Float64Array, xo: number,
  src: Float64Array, so: number, dst: Float64Array, dso: number,
): void {
  if (n <= 0) return;
  if (m <= 0) {
    if (src !== dst || so !== dso) dst.set(src.subarray(so, so + n), dso);
    return;
  }
  let from = src, fo = so;
  let i = 0;
  // Four rows per pass, the running value in a local: same order as row by row.
  for (; i + 4 <= m; i += 4) {
    const c0 = s * x[xo + i], c1 = s * x[xo + i + 1], c2 = s * x[xo + i + 2], c3 = s * x[xo + i + 3];
    const p0 = ao + i * n, p1 = p0 + n, p2 = p1 + n, p3 = p2 + n;
    for (let j = 0; j < n; j++) {
      let t = from[fo + j];
      t += c0 * a[p0 + j];
      t += c1 * a[p1 + j];
      t += c2 * a[p2 + j];
      t += c3 * a[p3 + j];
      dst[dso + j] = t;
    }
    from = dst;
    fo = dso;
  }
  for (; i < m; i++) {
    const c = s * x[xo + i];
    const p = ao + i * n;
    for (let j = 0; j < n; j++) dst[dso + j] = from[fo + j] + c * a[p + j];
    from = dst;
    fo = dso;
  }
}

/** Pure-JS twin of gemvT: y ← α·Aᵀ·x + β·y, A row-major m×n. When β = 0, y is not read. */
export function gemvT(
  m: number, n: number, alpha: number, a: Float64Array, ao: number, x: Float64Array, xo: number,
  beta: number, y: Float64Array, yo: number,
): void {
  if (beta === 0) y.fill(0, yo, yo + Math.max(0, n));
  else if (beta !== 1) for (let j = 0; j < n; j++) y[yo + j] = beta * y[yo + j];
  addScaledRows(m, n, alpha, a, ao, x, xo, y, yo, y, yo);
}
