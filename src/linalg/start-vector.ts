/**
 * The fixed unit start vector of the Krylov methods (power iteration,
 * Lanczos): deterministic, so every backend and every run starts alike, and
 * generic (pseudo-random entries in (0.5, 1.5)), so it is not orthogonal to
 * the top eigenvector for any X met in practice (all-positive entries keep
 * it off the sign-alternating null vectors of structured X).
 */
export function krylovStartVector(d: number): Float64Array {
  const v = new Float64Array(d);
  let s = 0x9e3779b9 >>> 0;
  let nn = 0;
  for (let i = 0; i < d; i++) {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    v[i] = 0.5 + s / 2 ** 32;
    nn += v[i] * v[i];
  }
  const inv = 1 / Math.sqrt(nn);
  for (let i = 0; i < d; i++) v[i] *= inv;
  return v;
}
