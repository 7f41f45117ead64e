// A whole GD trajectory of linear least squares in one call (DESIGN §4,
// "Trajectories"): no JS call per step, memory O(N/k).
//
// θ_t is the state after t updates and ℓ_t = ½‖Xθ_t − y‖². The loop
// computes ℓ_t, stops at the first non-finite ℓ_t, records (t, ℓ_t) when
// t ≡ 0 (mod every) or t = steps, and keeps running summaries. θ is double
// buffered (theta, spare), so when ℓ_t is non-finite θ_{t−1}, the last
// finite state, is still intact; it is copied back into `theta` at the end.
import { residualLoss } from "../kernels/gd-step-linear";
import { addScaledRows } from "../kernels/gemv-t";

/** Layout of the summary block (f64 slots) written by gdLinearRun. */
// 0 minLoss, 1 maxLoss, 2 lastLoss, 3 prevLoss, 4 firstNonFiniteStep (−1: none),
// 5 stepsRun (index of the returned state), 6 records written.

/**
 * Runs up to `steps` GD steps from θ₀ (in `theta`, d values) and leaves the
 * last finite state in `theta`. Records go to recStep/recLoss, which need
 * room for floor(steps/every) + 2 values. Scratch: `spare` (d), `r` (n).
 * Returns the number of records written.
 */
export function gdLinearRun(
  n: i32, d: i32, eta: f64, x: usize, y: usize, theta: usize, spare: usize, r: usize,
  steps: i32, every: i32, recStep: usize, recLoss: usize, summary: usize,
): i32 {
  let cur = theta, other = spare;
  let minLoss = Infinity, maxLoss = -Infinity, last: f64 = NaN, prev: f64 = NaN;
  let firstBad: i32 = -1;
  let recs = 0;
  let countdown = 0; // steps until the next multiple of `every`
  let t = 0;
  let loss = residualLoss(n, d, x, y, cur, r);
  while (true) {
    if (!isFinite(loss)) {
      firstBad = t;
      break;
    }
    prev = last;
    last = loss;
    if (loss < minLoss) minLoss = loss;
    if (loss > maxLoss) maxLoss = loss;
    if (countdown == 0 || t == steps) {
      const o = <usize>recs << 3;
      store<f64>(recStep + o, <f64>t);
      store<f64>(recLoss + o, loss);
      recs++;
    }
    if (t == steps) break;
    countdown = countdown == 0 ? every - 1 : countdown - 1;
    // θ_{t+1} = θ_t − η·Xᵀr into the other buffer, keeping θ_t.
    addScaledRows(n, d, -eta, x, r, cur, other);
    const tmp = cur;
    cur = other;
    other = tmp;
    t++;
    loss = residualLoss(n, d, x, y, cur, r);
  }
  let runTo = t;
  if (firstBad >= 0) {
    runTo = t - 1;
    if (t > 0) {
      // θ_t is bad: step back to θ_{t−1}, and record it unless it already is.
      cur = other;
      if ((runTo % every) != 0) {
        const o = <usize>recs << 3;
        store<f64>(recStep + o, <f64>runTo);
        store<f64>(recLoss + o, last);
        recs++;
      }
    } else {
      runTo = 0; // θ₀ itself has a non-finite loss: nothing finite to report but θ₀
    }
  }
  if (cur != theta) memory.copy(theta, cur, <usize>d << 3);
  store<f64>(summary, minLoss);
  store<f64>(summary, maxLoss, 8);
  store<f64>(summary, last, 16);
  store<f64>(summary, runTo >= 1 ? prev : last, 24);
  store<f64>(summary, <f64>firstBad, 32);
  store<f64>(summary, <f64>runTo, 40);
  store<f64>(summary, <f64>recs, 48);
  return recs;
}
