// One linear GD trajectory run by several agents (workers) on one shared memory (docs/engine.md, "Two threads for
// one large trajectory"). Every agent calls gdLinearThreadsRun with its own share: rows [r0, r1) for the residual
// r = Xθ − y, columns [c0, c1) for the update θ ← θ − η·Xᵀr. Two barriers per step: after the residual (the update
// needs all of r) and after the update (the next residual needs all of θ). Each r[i] is one gemv row, each θ[j] is
// addScaledRows' chain over the rows in index order, and every agent computes ℓ_t = ½·dot(r, r) over all of r
// itself, so the bits are those of the one-thread loop (assembly/trajectory/gd-linear.ts) and all agents take the
// same stop decision without talking. θ is double buffered as in the two-pass loop: ℓ_t is known before θ_{t+1}
// is written, so θ_{t−1} is still intact when ℓ_t turns out non-finite. Agent 0 alone records and writes the
// summary.
import { dot } from "../kernels/dot";
import { gemv } from "../kernels/gemv";
import { recordLoss, recorderCount, recorderFinish, recorderStart } from "../trajectory/loss-recorder";
import { addScaledRowsCols } from "./add-scaled-cols";
import { BARRIER_OK, barrierAbort, barrierWait } from "./barrier";

/** Control words at `ctl` (i32): 0..2 the barrier, 3 agents finished, 4 first failure (0 none, 1 timeout, 2 abort), 5 records. */
const DONE: usize = 12;
const FAIL: usize = 16;
export const RECS: usize = 20;

export function finish(ctl: usize, status: i32): i32 {
  if (status != BARRIER_OK) {
    atomic.cmpxchg<i32>(ctl + FAIL, 0, status);
    barrierAbort(ctl);
  }
  atomic.add<i32>(ctl + DONE, 1);
  atomic.notify(ctl + DONE, 1);
  return status;
}

@inline
export function residualRows(d: i32, x: usize, y: usize, theta: usize, r: usize, r0: i32, r1: i32): void {
  if (r1 <= r0) return;
  const o = <usize>r0 << 3;
  memory.copy(r + o, y + o, <usize>(r1 - r0) << 3);
  // 1·s + (−1)·y[i] rounds exactly like s − y[i], as in residualLoss.
  gemv(r1 - r0, d, 1, x + <usize>r0 * (<usize>d << 3), theta, -1, r + o);
}

/**
 * Agent `id` of `parties` runs up to `steps` GD steps from θ₀ in `theta`; agent 0 leaves the last finite state in
 * `theta`, the records in recStep/recLoss, the 7-slot summary, and the record count at ctl + 20. Returns 0, or 1
 * when a barrier timed out after `timeoutMs`, 2 when a partner aborted.
 */
export function gdLinearThreadsRun(
  id: i32, parties: i32, n: i32, d: i32, eta: f64, x: usize, y: usize, theta: usize, spare: usize, r: usize,
  steps: i32, every: i32, recStep: usize, recLoss: usize, summary: usize, ctl: usize, timeoutMs: f64,
  r0: i32, r1: i32, c0: i32, c1: i32, spins: i32,
): i32 {
  const lead = id == 0;
  let cur = theta, other = spare;
  if (lead) recorderStart(every, recStep, recLoss);
  let t = 0;
  let bad = false;
  residualRows(d, x, y, cur, r, r0, r1);
  let status = barrierWait(ctl, parties, timeoutMs, spins);
  if (status != BARRIER_OK) return finish(ctl, status);
  let loss = n > 0 ? 0.5 * dot(n, r, r) : 0;
  while (true) {
    if (lead ? !recordLoss(t, steps, loss) : !isFinite(loss)) {
      bad = true;
      break;
    }
    if (t == steps) break;
    addScaledRowsCols(n, d, c0, c1, -eta, x, r, cur, other);
    status = barrierWait(ctl, parties, timeoutMs, spins);
    if (status != BARRIER_OK) return finish(ctl, status);
    const tmp = cur;
    cur = other;
    other = tmp;
    t++;
    residualRows(d, x, y, cur, r, r0, r1);
    status = barrierWait(ctl, parties, timeoutMs, spins);
    if (status != BARRIER_OK) return finish(ctl, status);
    loss = n > 0 ? 0.5 * dot(n, r, r) : 0;
  }
  if (lead) {
    if (bad && t > 0) cur = other; // θ_t is bad: step back to θ_{t−1}
    recorderFinish(t, bad, summary);
    if (cur != theta) memory.copy(theta, cur, <usize>d << 3);
    atomic.store<i32>(ctl + RECS, recorderCount());
  }
  return finish(ctl, BARRIER_OK);
}
