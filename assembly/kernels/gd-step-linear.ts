// The fused gradient step for linear least squares, ℓ(θ) = ½‖Xθ − y‖²
// (docs/design.md §5), X row-major n×d. Two passes over X and no gradient buffer:
//   pass 1: r ← Xθ − y (gemv with β = −1) and ℓ = ½·dot(r, r);
//   pass 2: θ ← θ − η·Xᵀr, as θ[j] + Σ_i (−η·r[i])·X[i,j] with rows in
//           index order (addScaledRows).
// Both passes keep the repo's fixed summation order, so the backends are
// bit-identical.
//
// gdStepLinearInto does the same step in ONE pass over X, a block of rows at
// a time: gemv on the block, then the block's rows are added into the new θ
// while they are still in cache. Each r[i] is still one dot in dot's order,
// and each θ[j] still receives the rows in index order, so the bits are
// those of the two-pass step; only the traffic from memory halves.
import { dot } from "./dot";
import { gemv } from "./gemv";
import { addScaledRows } from "./gemv-t";

/**
 * Rows per block of the one-pass step: 8 rows (the width of addScaledRows' SIMD pass), more while a block
 * stays under 128 KiB, which fits the L2 of current x86 and ARM cores next to θ and the new θ. Measured
 * against 8, 16, 32, 64 and whole-X blocks in docs/benchmark.md ("one pass over X").
 */
export function gdBlockRows(d: i32): i32 {
  const b = (131072 / max<i32>(d, 1) / 8) & ~7;
  return max<i32>(8, b);
}

/** r ← Xθ − y; returns ½‖r‖². */
export function residualLoss(n: i32, d: i32, x: usize, y: usize, theta: usize, r: usize): f64 {
  if (n <= 0) return 0;
  memory.copy(r, y, <usize>n << 3);
  // 1·s + (−1)·y[i] rounds exactly like s − y[i].
  gemv(n, d, 1, x, theta, -1, r);
  return 0.5 * dot(n, r, r);
}

/**
 * One GD step θ ← θ − η·Xᵀ(Xθ − y), in place; r (n values) is scratch and
 * holds the residual at the old θ afterwards. Returns ½‖Xθ − y‖² at the old θ.
 */
export function gdStepLinear(n: i32, d: i32, eta: f64, x: usize, y: usize, theta: usize, r: usize): f64 {
  const loss = residualLoss(n, d, x, y, theta, r);
  addScaledRows(n, d, -eta, x, r, theta, theta);
  return loss;
}

/**
 * One GD step in one pass over X: r ← Xθ − y and next ← θ − η·Xᵀr, block by
 * block of `block` rows (block ≥ 1). cur (θ) is only read; next must not
 * overlap it. Returns ½‖r‖² at cur. Bit-identical to residualLoss followed by
 * addScaledRows(n, d, −η, x, r, cur, next).
 */
export function gdStepLinearInto(
  n: i32, d: i32, eta: f64, x: usize, y: usize, cur: usize, next: usize, r: usize, block: i32,
): f64 {
  if (n <= 0) {
    if (d > 0) memory.copy(next, cur, <usize>d << 3);
    return 0;
  }
  memory.copy(r, y, <usize>n << 3);
  const rowBytes = <usize>d << 3;
  let from = cur;
  for (let i = 0; i < n; i += block) {
    const m = min<i32>(block, n - i);
    const xb = x + <usize>i * rowBytes, rb = r + (<usize>i << 3);
    gemv(m, d, 1, xb, cur, -1, rb);
    addScaledRows(m, d, -eta, xb, rb, from, next);
    from = next;
  }
  return 0.5 * dot(n, r, r);
}
