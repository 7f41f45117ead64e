/**
 * The exponent e with max|a| in [2^e, 2^(e+1)), or 0 when a is zero.
 * Dividing a matrix by 2^e is exact (barring subnormals) and every
 * algorithm here is homogeneous, so SVD and eigenvalue estimates run on
 * the scaled matrix give the same bits, times 2^e (or 2^2e), without
 * overflowing in sums of squares for entries near 1e154 and up.
 */
export function powerOfTwoExponent(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const v = Math.abs(a[i]);
    if (v > m) m = v;
  }
  if (m === 0) return 0;
  let e = Math.floor(Math.log2(m));
  // log2 may be off by one ulp at powers of two: pin e exactly.
  if (2 ** e > m) e--;
  else if (2 ** (e + 1) <= m) e++;
  return e;
}

/** Writes a·2^−e into out at element offset `at` (exact). */
export function writeScaled(out: Float64Array, at: number, a: ArrayLike<number>, e: number): void {
  const s = 2 ** -e;
  for (let i = 0; i < a.length; i++) out[at + i] = a[i] * s;
}
