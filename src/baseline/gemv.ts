import { dot } from "./dot.js";

/**
 * Pure-JS twin of assembly/kernels/gemv.ts: y ← α·A·x + β·y, A row-major
 * m×n, each row by dot() (same summation order, so bit-identical to wasm).
 * When β = 0, y is not read.
 */
export function gemv(
  m: number, n: number, alpha: number, a: Float64Array, ao: number, x: Float64Array, xo: number,
  beta: number, y: Float64Array, yo: number,
): void {
  for (let i = 0; i < m; i++) {
    const r = dot(n, a, ao + i * n, x, xo);
    y[yo + i] = beta === 0 ? alpha * r : alpha * r + beta * y[yo + i];
  }
}
