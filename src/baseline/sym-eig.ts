/**
 * Pure-JS twin of assembly/linalg/sym-eig.ts (symEigJacobi): cyclic Jacobi
 * eigenvalues of a symmetric n×n matrix at h[a] (row-major, overwritten),
 * written unsorted to h[d]; same operations, bit-identical. Returns sweeps.
 */
export function symEigJacobi(h: Float64Array, n: number, a: number, d: number, maxSweeps: number): number {
  let fro = 0;
  for (let i = 0; i < n * n; i++) {
    const v = h[a + i];
    fro += v * v;
  }
  const floor = 1e-18 * Math.sqrt(fro);
  let sweeps = 0;
  while (sweeps < maxSweeps) {
    sweeps++;
    let rotations = 0;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = h[a + p * n + q];
        const app = h[a + p * n + p];
        const aqq = h[a + q * n + q];
        const g = 100 * Math.abs(apq);
        if (Math.abs(apq) <= floor || (Math.abs(app) + g === Math.abs(app) && Math.abs(aqq) + g === Math.abs(aqq))) {
          h[a + p * n + q] = 0;
          h[a + q * n + p] = 0;
          continue;
        }
        rotations++;
        const theta = (aqq - app) / (2 * apq);
        let t: number;
        if (Math.abs(theta) > 1e150) t = 0.5 / theta;
        else t = (theta >= 0 ? 1.0 : -1.0) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          if (k === p || k === q) continue;
          const akp = h[a + k * n + p], akq = h[a + k * n + q];
          const np = c * akp - s * akq;
          const nq = s * akp + c * akq;
          h[a + k * n + p] = np;
          h[a + k * n + q] = nq;
          h[a + p * n + k] = np;
          h[a + q * n + k] = nq;
        }
        h[a + p * n + p] = app - t * apq;
        h[a + q * n + q] = aqq + t * apq;
        h[a + p * n + q] = 0;
        h[a + q * n + p] = 0;
      }
    }
    if (rotations === 0) break;
  }
  for (let i = 0; i < n; i++) h[d + i] = h[a + i * n + i];
  return sweeps;
}
