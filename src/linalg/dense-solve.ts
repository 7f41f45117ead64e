/**
 * Solves A·x = b in place for a small dense n×n system (A row-major, both
 * overwritten; x ends in b) by Gaussian elimination with partial pivoting.
 * Returns false when a pivot is exactly zero (A singular).
 */
export function solveDense(a: Float64Array, b: Float64Array, n: number): boolean {
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r * n + c]) > Math.abs(a[piv * n + c])) piv = r;
    if (a[piv * n + c] === 0) return false;
    if (piv !== c) {
      for (let k = 0; k < n; k++) {
        const t = a[c * n + k]; a[c * n + k] = a[piv * n + k]; a[piv * n + k] = t;
      }
      const t = b[c]; b[c] = b[piv]; b[piv] = t;
    }
    const d = a[c * n + c];
    for (let r = c + 1; r < n; r++) {
      const m = a[r * n + c] / d;
      if (m === 0) continue;
      for (let k = c; k < n; k++) a[r * n + k] -= m * a[c * n + k];
      b[r] -= m * b[c];
    }
  }
  for (let r = n - 1; r >= 0; r--) {
    let s = b[r];
    for (let k = r + 1; k < n; k++) s -= a[r * n + k] * b[k];
    b[r] = s / a[r * n + r];
  }
  return true;
}
