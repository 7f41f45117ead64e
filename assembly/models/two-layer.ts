// Two-layer linear network F = XWa, W d×h row-major, θ = [vec(W); a]
// (docs/design.md §4). One GD step: z ← Wa (gemv, d×h), r ← Xz − y (gemv),
// g ← Xᵀr (gemvT), q ← Wᵀg (gemvT, d×h), then W ← W − η·g aᵀ and
// a ← a − η·q, both from the old W, a. Two passes over X per step.
import { dot } from "../kernels/dot";
import { gemv } from "../kernels/gemv";
import { gemvT } from "../kernels/gemv-t";

/** z ← Wa, r ← Xz − y; returns ½‖r‖². */
export function twoLayerLoss(n: i32, d: i32, h: i32, x: usize, y: usize, theta: usize, z: usize, r: usize): f64 {
  const a = theta + (<usize>(d * h) << 3);
  gemv(d, h, 1, theta, a, 0, z);
  if (n <= 0) return 0;
  memory.copy(r, y, <usize>n << 3);
  gemv(n, d, 1, x, z, -1, r);
  return 0.5 * dot(n, r, r);
}

/** g ← Xᵀr, q ← Wᵀg; next ← θ − η·[g aᵀ; q]. next must not alias θ. */
export function twoLayerUpdate(n: i32, d: i32, h: i32, eta: f64, x: usize, theta: usize, r: usize, g: usize, q: usize, next: usize): void {
  gemvT(n, d, 1, x, r, 0, g);
  gemvT(d, h, 1, theta, g, 0, q);
  const dh = <usize>(d * h) << 3;
  const a = theta + dh, na = next + dh;
  for (let j = 0; j < d; j++) {
    const gj = load<f64>(g + (<usize>j << 3));
    const row = <usize>(j * h) << 3;
    for (let k = 0; k < h; k++) {
      const o = <usize>k << 3;
      store<f64>(next + row + o, load<f64>(theta + row + o) - eta * (gj * load<f64>(a + o)));
    }
  }
  for (let k = 0; k < h; k++) {
    const o = <usize>k << 3;
    store<f64>(na + o, load<f64>(a + o) - eta * load<f64>(q + o));
  }
}
