import { dot } from "./dot.js";

/** Pure-JS twin of assembly/kernels/nrm2.ts: sqrt(dot(x, x)), bit-identical to wasm. */
export function nrm2(n: number, x: Float64Array, xo: number): number {
  return Math.sqrt(dot(n, x, xo, x, xo));
}
