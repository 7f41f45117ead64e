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
  // vt holds the eigenvectors as ROWS (vt[i·m + k] = component k of vector i), so rotations touch contiguous memory.
  const vt = new Float64Array(m * m);
  for (let i = 0; i < m; i++) vt[i * m + i] = 1;
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
        // Rutishauser's rotation (as in Numerical Recipes' jacobi): t = tan φ, the smaller root, zeroes a_pq.
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1), s = t * c;
        const rp = p * m, rq = q * m;
        // Rows p and q (contiguous), mirrored into columns p and q: the matrix stays exactly symmetric.
        for (let k = 0; k < m; k++) {
          if (k === p || k === q) continue;
          const akp = a[rp + k], akq = a[rq + k];
          const np = c * akp - s * akq, nq = s * akp + c * akq;
          a[rp + k] = np;
          a[k * m + p] = np;
          a[rq + k] = nq;
          a[k * m + q] = nq;
        }
        a[rp + p] = app - t * apq;
        a[rq + q] = aqq + t * apq;
        a[rp + q] = 0;
        a[rq + p] = 0;
        for (let k = 0; k < m; k++) {
          const vp = vt[rp + k], vq = vt[rq + k];
          vt[rp + k] = c * vp - s * vq;
          vt[rq + k] = s * vp + c * vq;
        }
      }
    }
  }
  const order = Array.from({ length: m }, (_, i) => i).sort((i, j) => a[j * m + j] - a[i * m + i]);
  const values = new Float64Array(m), vectors = new Float64Array(m * m);
  order.forEach((src, dst) => {
    values[dst] = a[src * m + src];
    for (let k = 0; k < m; k++) vectors[k * m + dst] = vt[src * m + k];
  });
  return { values, vectors, sweeps, offDiagonal: fro > 0 ? off / fro : 0 };
}
