// Cyclic Jacobi eigenvalues of a small dense symmetric matrix (docs/design.md §3,
// "Sharpness": dense eigensolver for small sizes). Used for λ(θ), the top
// eigenvalue of the full Hessian ∇²ℓ(θ) at recorded steps of codimension-1
// runs. Scalar code only (no reductions), so the SIMD build, the scalar build
// and the JS twin (src/baseline/sym-eig.ts) give bit-identical results.

/**
 * Diagonalises the symmetric n×n matrix A (row-major, both triangles; it is
 * overwritten) by cyclic Jacobi rotations and writes the eigenvalues
 * (unsorted) to d. A pair (p, q) is skipped when |a_pq| is negligible next to
 * both diagonal entries or below 1e-18·‖A‖_F. Stops after a sweep with no
 * rotation, or after maxSweeps. Returns the sweeps used.
 */
export function symEigJacobi(n: i32, a: usize, d: usize, maxSweeps: i32): i32 {
  const row = <usize>n << 3;
  let fro: f64 = 0;
  for (let i = 0; i < n * n; i++) {
    const v = load<f64>(a + (<usize>i << 3));
    fro += v * v;
  }
  const floor = 1e-18 * Math.sqrt(fro);
  let sweeps = 0;
  while (sweeps < maxSweeps) {
    sweeps++;
    let rotations = 0;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = load<f64>(a + <usize>p * row + (<usize>q << 3));
        const app = load<f64>(a + <usize>p * row + (<usize>p << 3));
        const aqq = load<f64>(a + <usize>q * row + (<usize>q << 3));
        const g = 100 * Math.abs(apq);
        if (Math.abs(apq) <= floor || (Math.abs(app) + g == Math.abs(app) && Math.abs(aqq) + g == Math.abs(aqq))) {
          store<f64>(a + <usize>p * row + (<usize>q << 3), 0);
          store<f64>(a + <usize>q * row + (<usize>p << 3), 0);
          continue;
        }
        rotations++;
        const theta = (aqq - app) / (2 * apq);
        let t: f64;
        if (Math.abs(theta) > 1e150) t = 0.5 / theta;
        else t = (theta >= 0 ? 1.0 : -1.0) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          if (k == p || k == q) continue;
          const kp = a + <usize>k * row + (<usize>p << 3);
          const kq = a + <usize>k * row + (<usize>q << 3);
          const akp = load<f64>(kp), akq = load<f64>(kq);
          const np = c * akp - s * akq;
          const nq = s * akp + c * akq;
          store<f64>(kp, np);
          store<f64>(kq, nq);
          store<f64>(a + <usize>p * row + (<usize>k << 3), np);
          store<f64>(a + <usize>q * row + (<usize>k << 3), nq);
        }
        store<f64>(a + <usize>p * row + (<usize>p << 3), app - t * apq);
        store<f64>(a + <usize>q * row + (<usize>q << 3), aqq + t * apq);
        store<f64>(a + <usize>p * row + (<usize>q << 3), 0);
        store<f64>(a + <usize>q * row + (<usize>p << 3), 0);
      }
    }
    if (rotations == 0) break;
  }
  for (let i = 0; i < n; i++) store<f64>(d + (<usize>i << 3), load<f64>(a + <usize>i * row + (<usize>i << 3)));
  return sweeps;
}
