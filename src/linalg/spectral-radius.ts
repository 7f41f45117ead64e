// Spectral radius of a small dense (possibly non-symmetric) matrix.
import { InvalidArgumentError } from "../errors.js";
import { argArray, argInt } from "../check-args.js";

/**
 * What {@link spectralRadius} returns: the estimate and how it was reached.
 *
 * @category Linear algebra
 */
export interface SpectralRadius {
  /** ρ(A) = max |eigenvalue|. */
  value: number;
  /** Squarings done. */
  iterations: number;
  /** |ρ_m − ρ_{m−1}| / ρ_m at the last squaring: how settled the estimate is. */
  residual: number;
}

/**
 * ρ(A) by Gelfand's formula ρ = lim ‖A^{2^m}‖^{1/2^m}, by repeated squaring
 * with renormalisation (the scale is kept as a logarithm, so nothing
 * overflows). Unlike power iteration this needs no real dominant eigenvalue:
 * complex pairs and Jordan blocks are fine. The error of the m-th estimate
 * is O(log(cond)/2^m), so 60 squarings reach rounding level.
 *
 * `a` is n×n, row-major.
 * @example
 * spectralRadius([0, 1, -1, 0], 2).value; // 1 (a rotation)
 * @category Linear algebra
 */
export function spectralRadius(a: ArrayLike<number>, n: number, maxSquarings = 60): SpectralRadius {
  argArray("spectralRadius", "a", a); argInt("spectralRadius", "n", n); argInt("spectralRadius", "maxSquarings", maxSquarings, true);
  if (!Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError(`n must be a non-negative integer, got ${n}`);
  if (a == null || a.length !== n * n) throw new InvalidArgumentError(`the matrix has ${a?.length} entries, expected ${n}×${n}`);
  if (n === 0) return { value: 0, iterations: 0, residual: 0 };
  let b = Float64Array.from(a);
  let tmp = new Float64Array(n * n);
  let logScale = 0; // A^{2^m} = exp(logScale) · b
  let weight = 1; // 2^m
  let prev = NaN, value = NaN, residual = Infinity, m = 0;
  for (; m <= maxSquarings; m++) {
    const norm = frobenius(b);
    if (norm === 0) return { value: 0, iterations: m, residual: 0 };
    logScale += Math.log(norm);
    for (let i = 0; i < b.length; i++) b[i] /= norm;
    value = Math.exp(logScale / weight);
    residual = Number.isNaN(prev) ? Infinity : Math.abs(value - prev) / value;
    if (residual < 1e-15) break;
    prev = value;
    matmul(b, b, tmp, n);
    [b, tmp] = [tmp, b];
    logScale *= 2;
    weight *= 2;
  }
  return { value, iterations: m, residual };
}

function frobenius(a: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * a[i];
  return Math.sqrt(s);
}

/** out = a·b, n×n row-major; out must not alias a or b. */
export function matmul(a: ArrayLike<number>, b: ArrayLike<number>, out: Float64Array, n: number): Float64Array {
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += a[i * n + k] * b[k * n + j];
      out[i * n + j] = s;
    }
  }
  return out;
}
