/** Pure-JS twin of assembly/kernels/scal.ts: x[i] ← a·x[i], i < n. */
export function scal(n: number, a: number, x: Float64Array, xo: number): void {
  for (let i = 0; i < n; i++) x[xo + i] = a * x[xo + i];
}
