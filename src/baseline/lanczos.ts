import { axpy } from "./axpy.js";
import { dot } from "./dot.js";
import { gemv } from "./gemv.js";
import { gemvT } from "./gemv-t.js";
import { nrm2 } from "./nrm2.js";
import { scal } from "./scal.js";

/** Pure-JS twin of assembly/linalg/lanczos.ts (lanczosGramStep), over one heap array with element offsets. */
export function lanczosGramStep(
  h: Float64Array, n: number, d: number, x: number, vs: number, j: number, w: number, tmp: number, out: number,
): number {
  const vj = vs + j * d;
  gemv(n, d, 1, h, x, h, vj, 0, h, tmp);
  gemvT(n, d, 1, h, x, h, tmp, 0, h, w);
  h[out] = dot(d, h, vj, h, w);
  for (let pass = 0; pass < 2; pass++) {
    for (let i = 0; i <= j; i++) {
      const vi = vs + i * d;
      axpy(d, -dot(d, h, vi, h, w), h, vi, h, w);
    }
  }
  const beta = nrm2(d, h, w);
  if (beta > 0) {
    const next = vj + d;
    h.copyWithin(next, w, w + d);
    scal(d, 1 / beta, h, next);
  }
  return beta;
}
