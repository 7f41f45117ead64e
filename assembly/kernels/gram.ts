// gram: K = XXᵀ for a row-major n×d X (K is n×n, row-major), blocked and symmetric.
//
// K[i,j] = dot(X_j, X_i) with dot's fixed summation order: exactly what n
// calls gemv(n, d, 1, X, X_i, 0, K_i) give, bit for bit. Each product
// X_j[k]·X_i[k] rounds the same either way round, so dot(X_j, X_i) and
// dot(X_i, X_j) are the same double and K is exactly symmetric: only the
// entries with j in a block J and i ≥ start of J are computed, and mirrored.
//
// Why blocked: n gemv calls read all of X n times, from DRAM once X is past
// the cache (1.9 s at 1000×4000). Here a block of rows X_J stays in cache
// while every later row X_i streams past it once: X is read about n/|J|
// times, and half the dots are skipped by symmetry.
import { gemv } from "./gemv";
import { assertF64Range } from "../memory";

/**
 * Rows per block: as many as fit in 2 MiB (the block is re-read from L2/L3 once per later row), at least 8 and at
 * most 64. Measured at 8 to 128 rows in docs/benchmark.md ("Gram matrix"): 32–64 rows are best at d = 4000 and 8000.
 */
export function gramBlockRows(d: i32): i32 {
  const b = 2097152 / (max<i32>(d, 1) << 3);
  return min<i32>(64, max<i32>(8, b));
}

/** gram ← X·Xᵀ (n×n), X row-major n×d; `block` rows per block (0: gramBlockRows(d)). */
export function gramXXt(n: i32, d: i32, x: usize, gram: usize, block: i32): void {
  assert(n >= 0 && d >= 0, "gramXXt: negative dimension");
  assertF64Range(x, n * d);
  assertF64Range(gram, n * n);
  const b = block > 0 ? block : gramBlockRows(d);
  const rowBytes = <usize>d << 3;
  const kRow = <usize>n << 3;
  for (let j0 = 0; j0 < n; j0 += b) {
    const m = min<i32>(b, n - j0);
    const xj = x + <usize>j0 * rowBytes;
    for (let i = j0; i < n; i++) {
      // K[i, j0..j0+m) = dot(X_j, X_i), then the mirror K[j, i].
      const ki = gram + <usize>i * kRow + (<usize>j0 << 3);
      gemv(m, d, 1, xj, x + <usize>i * rowBytes, 0, ki);
      for (let jj = 0; jj < m; jj++) {
        store<f64>(gram + <usize>(j0 + jj) * kRow + (<usize>i << 3), load<f64>(ki + (<usize>jj << 3)));
      }
    }
  }
}
