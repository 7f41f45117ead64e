/** Pure-JS twin of assembly/kernels/axpy.ts: y[i] ← a·x[i] + y[i], i < n. */
export function axpy(n: number, a: number, x: Float64Array, xo: number, y: Float64Array, yo: number): void {
  for (let i = 0; i < n; i++) y[yo + i] += a * x[xo + i];
}
