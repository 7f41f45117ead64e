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

/** Twin of gdBlockRows (assembly/kernels/gd-step-linear.ts): rows per block of the one-pass step. */
export function gdBlockRows(d: number): number {
  return Math.max(8, Math.floor(131072 / Math.max(d, 1) / 8) & ~7);
}

/**
 * Pure-JS twin of gdStepLinearInto: r ← Xθ − y and next ← θ − η·Xᵀr in one pass over X, `block` rows at a time;
 * bit-identical to residualLoss followed by addScaledRows. Returns the loss at cur.
 */
export function gdStepLinearInto(
  h: Float64Array, n: number, d: number, eta: number, x: number, y: number, cur: number, next: number, r: number, block: number,
): number {
  if (n <= 0) {
    if (d > 0) h.copyWithin(next, cur, cur + d);
    return 0;
  }
  h.copyWithin(r, y, y + n);
  let from = cur;
  for (let i = 0; i < n; i += block) {
    const m = Math.min(block, n - i);
    gemv(m, d, 1, h, x + i * d, h, cur, -1, h, r + i);
    addScaledRows(m, d, -eta, h, x + i * d, h, r + i, h, from, h, next);
    from = next;
  }
  return 0.5 * dot(n, h, r, h, r);
}
