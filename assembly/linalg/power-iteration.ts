// Power iteration for λ_max(XᵀX), X row-major n×d, using only gemv and
// gemvT (docs/design.md §3, "Sharpness"). The whole loop runs in one call.
import { axpy } from "../kernels/axpy";
import { dot } from "../kernels/dot";
import { gemv } from "../kernels/gemv";
import { gemvT } from "../kernels/gemv-t";
import { nrm2 } from "../kernels/nrm2";
import { scal } from "../kernels/scal";

/**
 * From the unit vector v (d values), iterates w = XᵀX·v, λ = vᵀw,
 * residual ‖w − λv‖, v ← w/‖w‖, until residual ≤ tol·λ or maxIter
 * products. Scratch: w and u (d values each), tmp (n values). Writes
 * out[0] = λ (the Rayleigh quotient of the last v), out[1] = its residual
 * ‖XᵀXv − λv‖ (some eigenvalue lies within it of λ). Returns the products
 * with XᵀX used (each one gemv and one gemvT).
 */
export function powerGram(
  n: i32, d: i32, x: usize, v: usize, w: usize, u: usize, tmp: usize, maxIter: i32, tol: f64, out: usize,
): i32 {
  const dBytes = <usize>d << 3;
  let lambda: f64 = 0, res: f64 = Infinity;
  let it = 0;
  while (it < maxIter) {
    it++;
    gemv(n, d, 1, x, v, 0, tmp);
    gemvT(n, d, 1, x, tmp, 0, w);
    lambda = dot(d, v, w);
    memory.copy(u, w, dBytes);
    axpy(d, -lambda, v, u);
    res = nrm2(d, u);
    const nw = nrm2(d, w);
    if (res <= tol * lambda || nw == 0 || !isFinite(nw)) break;
    memory.copy(v, w, dBytes);
    scal(d, 1 / nw, v);
  }
  store<f64>(out, lambda);
  store<f64>(out, res, 8);
  return it;
}
