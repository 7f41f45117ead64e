// The fused gradient step for linear least squares, ℓ(θ) = ½‖Xθ − y‖²
// (docs/design.md §5), X row-major n×d. Two passes over X and no gradient buffer:
//   pass 1: r ← Xθ − y (gemv with β = −1) and ℓ = ½·dot(r, r);
//   pass 2: θ ← θ − η·Xᵀr, as θ[j] + Σ_i (−η·r[i])·X[i,j] with rows in
//           index order (addScaledRows).
// Both passes keep the repo's fixed summation order, so the backends are
// bit-identical.
import { dot } from "./dot";
import { gemv } from "./gemv";
import { addScaledRows } from "./gemv-t";

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
