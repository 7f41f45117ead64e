// Diagonal linear network F = X(u⊙v), θ = [u; v] (docs/design.md §4), one GD step
// in two passes over X: r ← X(u⊙v) − y (gemv), g ← Xᵀr (gemvT), then
// u ← u − η·(v⊙g), v ← v − η·(u⊙g) with the old u, v. The elementwise parts
// are scalar code in every build (O(d), against O(nd) for the passes), so
// the backends stay bit-identical.
import { dot } from "../kernels/dot";
import { gemv } from "../kernels/gemv";
import { gemvT } from "../kernels/gemv-t";

/** w ← u⊙v, r ← Xw − y; returns ½‖r‖². */
export function diagonalLoss(n: i32, d: i32, x: usize, y: usize, theta: usize, w: usize, r: usize): f64 {
  const v = theta + (<usize>d << 3);
  for (let j = 0; j < d; j++) {
    const o = <usize>j << 3;
    store<f64>(w + o, load<f64>(theta + o) * load<f64>(v + o));
  }
  if (n <= 0) return 0;
  memory.copy(r, y, <usize>n << 3);
  gemv(n, d, 1, x, w, -1, r);
  return 0.5 * dot(n, r, r);
}

/** g ← Xᵀr; next ← θ − η∇ℓ(θ) with ∇ℓ = [v⊙g; u⊙g]. next must not alias θ. */
export function diagonalUpdate(n: i32, d: i32, eta: f64, x: usize, theta: usize, r: usize, g: usize, next: usize): void {
  gemvT(n, d, 1, x, r, 0, g);
  const v = theta + (<usize>d << 3), nv = next + (<usize>d << 3);
  for (let j = 0; j < d; j++) {
    const o = <usize>j << 3;
    const uj = load<f64>(theta + o), vj = load<f64>(v + o), gj = load<f64>(g + o);
    store<f64>(next + o, uj - eta * (vj * gj));
    store<f64>(nv + o, vj - eta * (uj * gj));
  }
}
