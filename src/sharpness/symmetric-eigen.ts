import { InvalidArgumentError } from "../errors.js";

/** Eigenpairs of a dense symmetric matrix, values in decreasing order. */
export interface SymmetricEigen {
  /** Eigenvalues, largest algebraic first. */
  values: Float64Array;
  /** Row-major m×m; column i is the unit eigenvector of values[i]. */
  vectors: Float64Array;
  sweeps: number;
  /** Largest off-diagonal |a_ij| left, relative to the Frobenius norm. */
  offDiagonal: number;
}

/**
 * Cyclic Jacobi eigenvalue method for a dense symmetric m×m matrix (row-major;
 * only symmetry of the input is assumed, the upper triangle is used). Slow
 * (O(m³) per sweep) but very accurate: every eigenvalue to a small multiple
 * of ε·‖A‖. For the small dense problems of DESIGN §4 (JJᵀ for small n, the
 * Lanczos tridiagonal's Ritz vectors, test references).
 */
export function symmetricEigen(A: ArrayLike<number>, m: number, opts: { maxSweeps?: number } = {}): SymmetricEigen {
  if (A.length !== m * m) throw new InvalidArgumentError(`matrix has ${A.length} entries, expected ${m}×${m}`);
  const a = new Float64Array(m * m);
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) a[i * m + j] = j >= i ? A[i * m + j] : A[j * m + i];
  const v = new Float64Array(m * m);
  for (let i = 0; i < m; i++) v[i * m + i] = 1;
  let fro = 0;
  for (let i = 0; i < m * m; i++) fro += a[i] * a[i];
  fro = Math.sqrt(fro);
  const maxSweeps = opts.maxSweeps ?? 60;
  let sweeps = 0, off = 0;
  for (; sweeps < maxSweeps; sweeps++) {
    off = 0;
    for (let p = 0; p < m; p++) for (let q = p + 1; q < m; q++) off = Math.max(off, Math.abs(a[p * m + q]));
    if (!(off > 1e-17 * fro)) break;
    for (let p = 0; p < m - 1; p++) {
      for (let q = p + 1; q < m; q++) {
        const apq = a[p * m + q];
        if (apq === 0) continue;
        const app = a[p * m + p], aqq = a[q * m + q];
        // Rutishauser's rotation: t = tan φ, the smaller root, zeroes a_pq.
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1), s = t * c;
        for (let k = 0; k < m; k++) {
          const akp = a[k * m + p], akq = a[k * m + q];
          a[k * m + p] = c * akp - s * akq;
          a[k * m + q] = s * akp + c * akq;
        }
        for (let k = 0; k < m; k++) {
          const apk = a[p * m + k], aqk = a[q * m + k];
          a[p * m + k] = c * apk - s * aqk;
          a[q * m + k] = s * apk + c * aqk;
        }
        a[p * m + q] = 0;
        a[q * m + p] = 0;
        for (let k = 0; k < m; k++) {
          const vkp = v[k * m + p], vkq = v[k * m + q];
          v[k * m + p] = c * vkp - s * vkq;
          v[k * m + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: m }, (_, i) => i).sort((i, j) => a[j * m + j] - a[i * m + i]);
  const values = new Float64Array(m), vectors = new Float64Array(m * m);
  order.forEach((src, dst) => {
    values[dst] = a[src * m + src];
    for (let k = 0; k < m; k++) vectors[k * m + dst] = v[k * m + src];
  });
  return { values, vectors, sweeps, offDiagonal: fro > 0 ? off / fro : 0 };
}
