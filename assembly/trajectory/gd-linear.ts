// A whole GD trajectory of linear least squares in one call (docs/design.md §3,
// "Trajectories"): no JS call per step, memory O(N/k).
//
// θ_t is the state after t updates and ℓ_t = ½‖Xθ_t − y‖². The loop
// computes ℓ_t, stops at the first non-finite ℓ_t, records (t, ℓ_t) when
// t ≡ 0 (mod every) or t = steps, and keeps running summaries. θ is double
// buffered (theta, spare), so when ℓ_t is non-finite θ_{t−1}, the last
// finite state, is still intact; it is copied back into `theta` at the end.
//
// With a third buffer (`spare2` ≠ 0) each step is one pass over X
// (gdStepLinearInto): ℓ_t and θ_{t+1} come out of the same pass, so θ_{t−1}
// must survive a step longer and θ is triple buffered. The bits are those of
// the two-pass loop (the same dots, the same row order per θ[j]).
import { gdBlockRows, gdStepLinearInto, residualLoss } from "../kernels/gd-step-linear";
import { addScaledRows } from "../kernels/gemv-t";
import { recordLoss, recorderCount, recorderFinish, recorderStart } from "./loss-recorder";

/**
 * Runs up to `steps` GD steps from θ₀ (in `theta`, d values) and leaves the
 * last finite state in `theta`. Records go to recStep/recLoss, which need
 * room for floor(steps/every) + 2 values. Scratch: `spare` (d), `r` (n),
 * and `spare2` (d) for the one-pass loop, or 0 for the two-pass loop.
 * `block` is the rows per block of the one-pass loop (0: gdBlockRows(d)).
 * Summary: 7 slots (loss-recorder.ts). Returns the number of records written.
 */
export function gdLinearRun(
  n: i32, d: i32, eta: f64, x: usize, y: usize, theta: usize, spare: usize, r: usize,
  steps: i32, every: i32, recStep: usize, recLoss: usize, summary: usize, spare2: usize, block: i32,
): i32 {
  if (spare2 != 0) return gdLinearRunOnePass(n, d, eta, x, y, theta, spare, spare2, r, steps, every, recStep, recLoss, summary, block > 0 ? block : gdBlockRows(d));
  let cur = theta, other = spare;
  recorderStart(every, recStep, recLoss);
  let t = 0;
  let bad = false;
  let loss = residualLoss(n, d, x, y, cur, r);
  while (true) {
    if (!recordLoss(t, steps, loss)) {
      bad = true;
      break;
    }
    if (t == steps) break;
    // θ_{t+1} = θ_t − η·Xᵀr into the other buffer, keeping θ_t.
    addScaledRows(n, d, -eta, x, r, cur, other);
    const tmp = cur;
    cur = other;
    other = tmp;
    t++;
    loss = residualLoss(n, d, x, y, cur, r);
  }
  if (bad && t > 0) cur = other; // θ_t is bad: step back to θ_{t−1}
  recorderFinish(t, bad, summary);
  if (cur != theta) memory.copy(theta, cur, <usize>d << 3);
  return recorderCount();
}

function gdLinearRunOnePass(
  n: i32, d: i32, eta: f64, x: usize, y: usize, theta: usize, spare: usize, spare2: usize, r: usize,
  steps: i32, every: i32, recStep: usize, recLoss: usize, summary: usize, block: i32,
): i32 {
  // prev = θ_{t−1}, cur = θ_t, next = θ_{t+1} (written by the pass that computes ℓ_t).
  let prev = spare2, cur = theta, next = spare;
  recorderStart(every, recStep, recLoss);
  let t = 0;
  let bad = false;
  // The last state needs only its loss, not a further step.
  let loss = steps == 0 ? residualLoss(n, d, x, y, cur, r) : gdStepLinearInto(n, d, eta, x, y, cur, next, r, block);
  while (true) {
    if (!recordLoss(t, steps, loss)) {
      bad = true;
      break;
    }
    if (t == steps) break;
    const free = prev;
    prev = cur;
    cur = next;
    next = free;
    t++;
    loss = t == steps ? residualLoss(n, d, x, y, cur, r) : gdStepLinearInto(n, d, eta, x, y, cur, next, r, block);
  }
  if (bad && t > 0) cur = prev; // θ_t is bad: step back to θ_{t−1}
  recorderFinish(t, bad, summary);
  if (cur != theta) memory.copy(theta, cur, <usize>d << 3);
  return recorderCount();
}
