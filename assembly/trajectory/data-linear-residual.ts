// GD on linear least squares in residual space (docs/design.md §4, §5): with
// G = XXᵀ (n×n), r_{t+1} = (I − ηG)·r_t costs n² per step instead of the
// 4nd of the plain loop; cheaper when n < 4d roughly (after the one-off n²d
// for G). θ stays recoverable: θ_t = θ₀ − η·Xᵀ·Σ_{s<t} r_s, applied once at
// the end of the call (one pass over X). Records, summary and the stop at
// the first non-finite loss are as in gdLinearRun.
import { dot } from "../kernels/dot";
import { gemv } from "../kernels/gemv";
import { addScaledRows } from "../kernels/gemv-t";
import { recordLoss, recorderCount, recorderFinish, recorderStart } from "./loss-recorder";

/**
 * Runs up to `steps` residual-space steps from θ₀ in `theta` (d values) and
 * leaves the last finite θ there. `gram` is XXᵀ (row-major n×n), `work` 4n
 * scratch. Records need floor(steps/every) + 2 slots; summary 7 slots as in
 * gdLinearRun. Returns the number of records.
 */
export function linearResidualRun(
  n: i32, d: i32, eta: f64, x: usize, y: usize, gram: usize, theta: usize, work: usize,
  steps: i32, every: i32, recStep: usize, recLoss: usize, summary: usize,
): i32 {
  const nb = <usize>n << 3;
  const r = work, sum = work + nb, sumPrev = work + 2 * nb, tmp = work + 3 * nb;
  if (n > 0) {
    memory.copy(r, y, nb);
    gemv(n, d, 1, x, theta, -1, r);
    memory.fill(sum, 0, nb);
    memory.fill(sumPrev, 0, nb);
  }
  recorderStart(every, recStep, recLoss);
  let t = 0;
  let bad = false;
  let loss = 0.5 * dot(n, r, r);
  while (true) {
    if (!recordLoss(t, steps, loss)) {
      bad = true;
      break;
    }
    if (t == steps) break;
    // Σ r_s up to t (keeping the sum up to t−1 for a step back), then r ← r − η·G·r.
    for (let i = 0; i < n; i++) {
      const o = <usize>i << 3;
      const s = load<f64>(sum + o);
      store<f64>(sumPrev + o, s);
      store<f64>(sum + o, s + load<f64>(r + o));
    }
    gemv(n, n, 1, gram, r, 0, tmp);
    for (let i = 0; i < n; i++) {
      const o = <usize>i << 3;
      store<f64>(r + o, load<f64>(r + o) - eta * load<f64>(tmp + o));
    }
    t++;
    loss = 0.5 * dot(n, r, r);
  }
  // θ_{t−1} = θ₀ − η·Xᵀ·Σ_{s<t−1} r_s when ℓ_t was not finite.
  const acc = bad && t > 0 ? sumPrev : sum;
  const runTo = recorderFinish(t, bad, summary);
  if (runTo > 0) addScaledRows(n, d, -eta, x, acc, theta, theta);
  return recorderCount();
}
