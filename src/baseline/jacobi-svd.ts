import { dot } from "./dot.js";

/**
 * Pure-JS twin of assembly/linalg/jacobi-svd.ts over one heap array h with
 * element offsets: the same sweeps, pair order, tests and rotations, so
 * bit-identical singular values, sweeps and residual.
 */
export function jacobiSvd(
  h: Float64Array, k: number, len: number, w: number, tol: number, maxSweeps: number, sigma: number, info: number,
): number {
  let sweeps = 0;
  let maxCos = 0;
  while (sweeps < maxSweeps) {
    sweeps++;
    maxCos = 0;
    let rotations = 0;
    for (let p = 0; p < k - 1; p++) {
      const wp = w + p * len;
      for (let q = p + 1; q < k; q++) {
        const wq = w + q * len;
        const a = dot(len, h, wp, h, wp);
        const b = dot(len, h, wq, h, wq);
        if (a === 0 || b === 0) continue;
        const g = dot(len, h, wp, h, wq);
        const cosPq = Math.abs(g) / (Math.sqrt(a) * Math.sqrt(b));
        if (cosPq > maxCos) maxCos = cosPq;
        if (cosPq <= tol) continue;
        const zeta = (b - a) / (2 * g);
        const t = (zeta >= 0 ? 1.0 : -1.0) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        for (let j = 0; j < len; j++) {
          const pv = h[wp + j], qv = h[wq + j];
          h[wp + j] = c * pv - s * qv;
          h[wq + j] = s * pv + c * qv;
        }
        rotations++;
      }
    }
    if (rotations === 0) break;
  }
  for (let i = 0; i < k; i++) h[sigma + i] = Math.sqrt(dot(len, h, w + i * len, h, w + i * len));
  h[info] = maxCos;
  return sweeps;
}
