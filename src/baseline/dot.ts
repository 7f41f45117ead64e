/**
 * Pure-JS twin of assembly/kernels/dot.ts, with the same summation order
 * (eight interleaved partial sums, fixed combination, tail last), so it is
 * bit-identical to both wasm builds.
 *
 * @example dot(3, new Float64Array([1, 2, 3]), 0, new Float64Array([4, 5, 6]), 0) // 32
 */
export function dot(n: number, x: Float64Array, xo: number, y: Float64Array, yo: number): number {
  const n8 = n & ~7;
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
  let i = 0;
  for (; i < n8; i += 8) {
    const a = xo + i, b = yo + i;
    s0 += x[a] * y[b];
    s1 += x[a + 1] * y[b + 1];
    s2 += x[a + 2] * y[b + 2];
    s3 += x[a + 3] * y[b + 3];
    s4 += x[a + 4] * y[b + 4];
    s5 += x[a + 5] * y[b + 5];
    s6 += x[a + 6] * y[b + 6];
    s7 += x[a + 7] * y[b + 7];
  }
  let r = ((s0 + s4) + (s2 + s6)) + ((s1 + s5) + (s3 + s7));
  for (; i < n; i++) r += x[xo + i] * y[yo + i];
  return r;
}
