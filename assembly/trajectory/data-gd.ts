// Whole GD trajectories of the several-output models (docs/design.md §3, §4) in one
// call: diagonal (model 1) and two-layer (model 2) networks. Same loop,
// records and summary layout as gdLinearRun (assembly/trajectory/gd-linear.ts):
// ℓ_t is computed, the run stops at the first non-finite ℓ_t, (t, ℓ_t) is
// recorded when t ≡ 0 (mod every) or t = steps, θ is double buffered so the
// last finite state survives. Linear regression uses gdLinearRun or the
// residual-space loop (linear-residual.ts).
import { diagonalLoss, diagonalUpdate } from "../models/diagonal";
import { twoLayerLoss, twoLayerUpdate } from "../models/two-layer";
import { recordLoss, recorderCount, recorderFinish, recorderStart } from "./loss-recorder";

// Scratch layout in `work` (f64 slots): [0, d) w or z; [d, 2d) g; [2d, 2d+n) r; [2d+n, 2d+n+h) q.

@inline
function lossAt(model: i32, n: i32, d: i32, h: i32, x: usize, y: usize, theta: usize, work: usize): f64 {
  const r = work + (<usize>(2 * d) << 3);
  return model == 1 ? diagonalLoss(n, d, x, y, theta, work, r) : twoLayerLoss(n, d, h, x, y, theta, work, r);
}

@inline
function update(model: i32, n: i32, d: i32, h: i32, eta: f64, x: usize, theta: usize, work: usize, next: usize): void {
  const g = work + (<usize>d << 3);
  const r = work + (<usize>(2 * d) << 3);
  if (model == 1) diagonalUpdate(n, d, eta, x, theta, r, g, next);
  else twoLayerUpdate(n, d, h, eta, x, theta, r, g, r + (<usize>n << 3), next);
}

/**
 * Runs up to `steps` GD steps of model 1 (diagonal, p = 2d) or 2 (two-layer,
 * p = dh + h) from θ₀ in `theta` (p values), leaving the last finite state
 * there. `spare` (p) and `work` (2d + n + h) are scratch. Records need room
 * for floor(steps/every) + 2. Summary: 7 slots as in gdLinearRun. Returns
 * the number of records.
 */
export function dataGdRun(
  model: i32, n: i32, d: i32, h: i32, eta: f64, x: usize, y: usize, theta: usize, spare: usize, work: usize,
  steps: i32, every: i32, recStep: usize, recLoss: usize, summary: usize,
): i32 {
  const p = model == 1 ? 2 * d : d * h + h;
  let cur = theta, other = spare;
  recorderStart(every, recStep, recLoss);
  let t = 0;
  let bad = false;
  let loss = lossAt(model, n, d, h, x, y, cur, work);
  while (true) {
    if (!recordLoss(t, steps, loss)) {
      bad = true;
      break;
    }
    if (t == steps) break;
    update(model, n, d, h, eta, x, cur, work, other);
    const tmp = cur;
    cur = other;
    other = tmp;
    t++;
    loss = lossAt(model, n, d, h, x, y, cur, work);
  }
  if (bad && t > 0) cur = other;
  recorderFinish(t, bad, summary);
  if (cur != theta) memory.copy(theta, cur, <usize>p << 3);
  return recorderCount();
}
