// Lanczos on XᵀX with full reorthogonalisation, X row-major n×d, using only
// gemv and gemvT (docs/design.md §3, "Sharpness"). This is one step; the driver
// (src/linalg/lanczos.ts) solves the small tridiagonal problem and decides
// when to stop, one call per step (each step is a full pass over X, so the
// call overhead does not matter).
import { axpy } from "../kernels/axpy";
import { dot } from "../kernels/dot";
import { gemv } from "../kernels/gemv";
import { gemvT } from "../kernels/gemv-t";
import { nrm2 } from "../kernels/nrm2";
import { scal } from "../kernels/scal";

/**
 * Lanczos step j. V holds the orthonormal rows v_0..v_j (d values each).
 * Computes w = XᵀX·v_j, α_j = v_jᵀw, orthogonalises w against v_0..v_j twice
 * (modified Gram–Schmidt; "twice is enough"), β_j = ‖w‖, and when β_j > 0
 * stores v_{j+1} = w/β_j as row j+1 of V. Scratch: w (d), tmp (n).
 * Writes α_j to out[0]; returns β_j.
 */
export function lanczosGramStep(n: i32, d: i32, x: usize, vs: usize, j: i32, w: usize, tmp: usize, out: usize): f64 {
  const dBytes = <usize>d << 3;
  const vj = vs + <usize>j * dBytes;
  gemv(n, d, 1, x, vj, 0, tmp);
  gemvT(n, d, 1, x, tmp, 0, w);
  store<f64>(out, dot(d, vj, w));
  for (let pass = 0; pass < 2; pass++) {
    for (let i = 0; i <= j; i++) {
      const vi = vs + <usize>i * dBytes;
      axpy(d, -dot(d, vi, w), vi, w);
    }
  }
  const beta = nrm2(d, w);
  if (beta > 0) {
    const next = vj + dBytes;
    memory.copy(next, w, dBytes);
    scal(d, 1 / beta, next);
  }
  return beta;
}
