import { dot } from "./dot.js";
import { gemv } from "./gemv.js";
import { addScaledRows } from "./gemv-t.js";

/** Pure-JS twin of residualLoss (assembly/kernels/gd-step-linear.ts): r ← Xθ − y; returns ½‖r‖². */
export function residualLoss(
  n: number, d: number, x: Float64Array, xo: number, y: Float64Array, yo: number,
  theta: Float64Array, to: number, r: Float64Array, ro: number,
): number {
  if (n <= 0) return 0;
  r.set(y.subarray(yo, yo + n), ro);
  gemv(n, d, 1, x, xo, theta, to, -1, r, ro);
  return 0.5 * dot(n, r, ro, r, ro);
}

/** Pure-JS twin of gdStepLinear: θ ← θ − η·Xᵀ(Xθ − y) in place; returns the loss at the old θ. */
export function gdStepLinear(
  n: number, d: number, eta: number, x: Float64Array, xo: number, y: Float64Array, yo: number,
  theta: Float64Array, to: number, r: Float64Array, ro: number,
): number {
  const loss = residualLoss(n, d, x, xo, y, yo, theta, to, r, ro);
  addScaledRows(n, d, -eta, x, xo, r, ro, theta, to, theta, to);
  return loss;
}
