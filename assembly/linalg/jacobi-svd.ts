// One-sided (Hestenes) Jacobi SVD of a small dense matrix (docs/design.md §3,
// "Sharpness": dense Jacobi SVD gives λ_max = σ_max² and λ_min⁺ together).
//
// The k rows of W (k×len, row-major, k ≤ len) are rotated in pairs until
// they are mutually orthogonal; the singular values are then the row norms.
// For a wide A (m ≤ n) W is A itself; for a tall A the caller passes Aᵀ, so
// only min(m, n) vectors are orthogonalised. Dots use dot's fixed order and
// rotations are elementwise, so all backends give bit-identical results.
import { dot } from "../kernels/dot";

/**
 * Rotates rows p and q of W so that they become orthogonal:
 * w_p ← c·w_p − s·w_q, w_q ← s·w_p + c·w_q.
 */
// @ts-ignore: decorator
@inline function rotateRows(len: i32, wp: usize, wq: usize, c: f64, s: f64): void {
  let j = 0;
  if (ASC_FEATURE_SIMD) {
    const len2 = len & ~1;
    const vc = f64x2.splat(c), vs = f64x2.splat(s);
    for (; j < len2; j += 2) {
      const o = <usize>j << 3;
      const p = v128.load(wp + o), q = v128.load(wq + o);
      v128.store(wp + o, f64x2.sub(f64x2.mul(vc, p), f64x2.mul(vs, q)));
      v128.store(wq + o, f64x2.add(f64x2.mul(vs, p), f64x2.mul(vc, q)));
    }
  }
  for (; j < len; j++) {
    const o = <usize>j << 3;
    const p = load<f64>(wp + o), q = load<f64>(wq + o);
    store<f64>(wp + o, c * p - s * q);
    store<f64>(wq + o, s * p + c * q);
  }
}

/**
 * Orthogonalises the k rows of W (k×len) by cyclic sweeps over the pairs
 * p < q, rotating a pair when |cos∠(w_p, w_q)| > tol. Stops after a sweep
 * with no rotation, or after maxSweeps. Writes the row norms (singular
 * values, unsorted) to sigma (k values) and, to info[0], the largest
 * |cos| between two rows seen in the last sweep (the residual; it is
 * the value at exit when the last sweep rotated nothing). Returns the sweeps used.
 */
export function jacobiSvd(k: i32, len: i32, w: usize, tol: f64, maxSweeps: i32, sigma: usize, info: usize): i32 {
  const rowBytes = <usize>len << 3;
  let sweeps = 0;
  let maxCos: f64 = 0;
  while (sweeps < maxSweeps) {
    sweeps++;
    maxCos = 0;
    let rotations = 0;
    for (let p = 0; p < k - 1; p++) {
      const wp = w + <usize>p * rowBytes;
      for (let q = p + 1; q < k; q++) {
        const wq = w + <usize>q * rowBytes;
        const a = dot(len, wp, wp);
        const b = dot(len, wq, wq);
        if (a == 0 || b == 0) continue; // a zero row is orthogonal to everything
        const g = dot(len, wp, wq);
        const cosPq = Math.abs(g) / (Math.sqrt(a) * Math.sqrt(b));
        if (cosPq > maxCos) maxCos = cosPq;
        if (cosPq <= tol) continue;
        // tan of the rotation angle: the smaller root of t² + 2ζt − 1 = 0.
        const zeta = (b - a) / (2 * g);
        const t = (zeta >= 0 ? 1.0 : -1.0) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        rotateRows(len, wp, wq, c, c * t);
        rotations++;
      }
    }
    if (rotations == 0) break;
  }
  for (let i = 0; i < k; i++) {
    const wi = w + <usize>i * rowBytes;
    store<f64>(sigma + (<usize>i << 3), Math.sqrt(dot(len, wi, wi)));
  }
  store<f64>(info, maxCos);
  return sweeps;
}
