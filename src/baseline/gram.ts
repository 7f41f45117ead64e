import { gemv } from "./gemv.js";

/** Twin of gramBlockRows (assembly/kernels/gram.ts). */
export function gramBlockRows(d: number): number {
  return Math.min(64, Math.max(8, Math.floor(2097152 / (Math.max(d, 1) * 8))));
}

/**
 * Pure-JS twin of assembly/kernels/gram.ts (gramXXt): gram ← X·Xᵀ, n×n, blocked and symmetric; each entry is
 * dot(X_j, X_i) in dot's order, so it is bit-identical to n gemv calls and to wasm.
 */
export function gramXXt(h: Float64Array, n: number, d: number, x: number, gram: number, block: number): void {
  const b = block > 0 ? block : gramBlockRows(d);
  for (let j0 = 0; j0 < n; j0 += b) {
    const m = Math.min(b, n - j0);
    for (let i = j0; i < n; i++) {
      const ki = gram + i * n + j0;
      gemv(m, d, 1, h, x + j0 * d, h, x + i * d, 0, h, ki);
      for (let jj = 0; jj < m; jj++) h[gram + (j0 + jj) * n + i] = h[ki + jj];
    }
  }
}
