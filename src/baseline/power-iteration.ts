import { axpy } from "./axpy.js";
import { dot } from "./dot.js";
import { gemv } from "./gemv.js";
import { gemvT } from "./gemv-t.js";
import { nrm2 } from "./nrm2.js";
import { scal } from "./scal.js";

/** Pure-JS twin of assembly/linalg/power-iteration.ts (powerGram), over one heap array with element offsets. */
export function powerGram(
  h: Float64Array, n: number, d: number, x: number, v: number, w: number, u: number, tmp: number,
  maxIter: number, tol: number, out: number,
): number {
  let lambda = 0, res = Infinity;
  let it = 0;
  while (it < maxIter) {
    it++;
    gemv(n, d, 1, h, x, h, v, 0, h, tmp);
    gemvT(n, d, 1, h, x, h, tmp, 0, h, w);
    lambda = dot(d, h, v, h, w);
    h.copyWithin(u, w, w + d);
    axpy(d, -lambda, h, v, h, u);
    res = nrm2(d, h, u);
    const nw = nrm2(d, h, w);
    if (res <= tol * lambda || nw === 0 || !Number.isFinite(nw)) break;
    h.copyWithin(v, w, w + d);
    scal(d, 1 / nw, h, v);
  }
  h[out] = lambda;
  h[out + 1] = res;
  return it;
}
