import { InvalidArgumentError } from "../errors.js";
import { argArray, argInt, argObject } from "../check-args.js";

/**
 * Eigenpairs of a dense symmetric matrix, values in decreasing order.
 * @category Linear algebra
 */
export interface SymmetricEigen {
  /** Eigenvalues, largest algebraic first (a NaN, from non-finite input, sorts first so it cannot hide). */
  values: Float64Array;
  /** Row-major m×m; column i is the unit eigenvector of values[i]. */
  vectors: Float64Array;
  /** Jacobi sweeps used (the last one found nothing left to rotate, unless maxSweeps stopped it). */
  sweeps: number;
  /** Largest off-diagonal |a_ij| dropped in the last sweep or left over, relative to ‖A‖_F. */
  offDiagonal: number;
}

/**
 * THE dense symmetric eigensolver of the library (docs/design.md §3): every
 * caller outside the wasm core uses this one. Cyclic Jacobi on a symmetric
 * m×m matrix (row-major; the upper triangle is read, the lower ignored),
 * accumulating eigenvectors. Slow (O(m³) per sweep) but accurate: every
 * eigenvalue to a small multiple of ε·‖A‖. Meant for small dense problems
 * (JJᵀ for small n, the Lanczos tridiagonal's Ritz vectors, λ(θ) of a
 * codimension-1 model).
 *
 * The rotations, their order, the skip rule (|a_pq| ≤ 1e-18·‖A‖_F, or
 * negligible next to both a_pp and a_qq — then a_pq is set to 0) and the stop
 * rule (a sweep with no rotation) are exactly those of the core's symEigJacobi
 * (assembly/linalg/sym-eig.ts and its JS twin src/baseline/sym-eig.ts), so the
 * eigenvalues here are bit-identical to the core's for the same symmetric
 * input: λ(θ) on the general codimension-1 path agrees byte for byte with the
 * wasm deep-scalar loop (docs/design.md §3). The eigenvectors are accumulated
 * on the side and do not feed back into the arithmetic on A.
 * @example
 * const { values } = symmetricEigen([2, 1, 1, 2], 2); // eigenvalues 3 and 1
 * @category Linear algebra
 */
export function symmetricEigen(A: ArrayLike<number>, m: number, opts: { maxSweeps?: number } = {}): SymmetricEigen {
  argArray("symmetricEigen", "A", A); argInt("symmetricEigen", "m", m); argObject("symmetricEigen", "opts", opts, true);
  if (!Number.isSafeInteger(m) || m < 0) throw new InvalidArgumentError(`matrix size must be a non-negative integer, got ${m}`);
  if (A.length !== m * m) throw new InvalidArgumentError(`matrix has ${A.length} entries, expected ${m}×${m}`);
  const maxSweeps = opts.maxSweeps ?? 60;
  if (!Number.isSafeInteger(maxSweeps) || maxSweeps < 0) throw new InvalidArgumentError(`maxSweeps must be a non-negative integer, got ${maxSweeps}`);
  const a = new Float64Array(m * m);
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) a[i * m + j] = j >= i ? A[i * m + j] : A[j * m + i];
  // vt holds the eigenvectors as ROWS (vt[i·m + k] = component k of vector i), so rotations touch contiguous memory.
  const vt = new Float64Array(m * m);
  for (let i = 0; i < m; i++) vt[i * m + i] = 1;
  // Same summation order as symEigJacobi (row-major, both triangles).
  let fro = 0;
  for (let i = 0; i < m * m; i++) fro += a[i] * a[i];
  const floor = 1e-18 * Math.sqrt(fro);
  let sweeps = 0, dropped = 0;
  while (sweeps < maxSweeps) {
    sweeps++;
    dropped = 0;
    let rotations = 0;
    for (let p = 0; p < m - 1; p++) {
      for (let q = p + 1; q < m; q++) {
        const rp = p * m, rq = q * m;
        const apq = a[rp + q], app = a[rp + p], aqq = a[rq + q];
        const g = 100 * Math.abs(apq);
        if (Math.abs(apq) <= floor || (Math.abs(app) + g === Math.abs(app) && Math.abs(aqq) + g === Math.abs(aqq))) {
          dropped = Math.max(dropped, Math.abs(apq));
          a[rp + q] = 0;
          a[rq + p] = 0;
          continue;
        }
        rotations++;
        // Rutishauser's rotation (Numerical Recipes' jacobi): t = tan φ, the smaller root, zeroes a_pq.
        const theta = (aqq - app) / (2 * apq);
        const t = Math.abs(theta) > 1e150 ? 0.5 / theta : (theta >= 0 ? 1.0 : -1.0) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1), s = t * c;
        // Rows p and q (a is exactly symmetric, so row p holds column p's values), mirrored into columns p and q.
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
    if (rotations === 0) break;
  }
  let off = dropped;
  for (let p = 0; p < m; p++) for (let q = p + 1; q < m; q++) off = Math.max(off, Math.abs(a[p * m + q]));
  const diag = (i: number) => a[i * m + i];
  // Decreasing; a NaN first (Math.max-like: a poisoned spectrum shows at values[0]); ties keep index order.
  const order = Array.from({ length: m }, (_, i) => i).sort((i, j) => {
    const x = diag(i), y = diag(j);
    if (Number.isNaN(x) || Number.isNaN(y)) return Number(Number.isNaN(y)) - Number(Number.isNaN(x));
    return y - x;
  });
  const values = new Float64Array(m), vectors = new Float64Array(m * m);
  order.forEach((src, dst) => {
    values[dst] = diag(src);
    for (let k = 0; k < m; k++) vectors[k * m + dst] = vt[src * m + k];
  });
  return { values, vectors, sweeps, offDiagonal: fro > 0 ? off / Math.sqrt(fro) : 0 };
}
