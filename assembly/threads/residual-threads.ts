// One residual-space linear GD trajectory run by several agents on one shared memory (docs/engine.md, "Two threads
// for one large trajectory"): the loop of linearResidualRun (assembly/trajectory/data-linear-residual.ts),
// r_{t+1} = r_t − η·G·r_t with G = XXᵀ, where agent k owns rows [r0, r1) of G, r and the running sums. Each
// (G·r)[i] is one gemv row (rows split at an even index keep gemv's pairing, so each row is the same dot), each r[i]
// and Σ r[i] the same rounded operation as in one thread, and every agent computes ℓ_t = ½·dot(r, r) over all of r
// itself: the bits are the one-thread loop's, and all agents take the same stop decision without talking. r is
// double buffered (agents read all of r_t while writing their rows of r_{t+1}), so one barrier per step suffices.
// Agent 0 alone records, writes the summary and rebuilds θ = θ₀ − η·Xᵀ·Σ r_s at the end, as one thread does.
import { dot } from "../kernels/dot";
import { gemv } from "../kernels/gemv";
import { addScaledRows } from "../kernels/gemv-t";
import { recordLoss, recorderCount, recorderFinish, recorderStart } from "../trajectory/loss-recorder";
import { BARRIER_OK, barrierWait } from "./barrier";
import { finish, RECS, residualRows } from "./gd-linear-threads";

/**
 * Agent `id` of `parties` runs up to `steps` residual-space steps from θ₀ in `theta` (d values). `gram` is XXᵀ
 * (row-major n×n); `work` holds 5n shared f64 (r, r', Σr, Σr up to the step before, G·r). Agent 0 leaves the last
 * finite θ in `theta`, the records in recStep/recLoss, the 7-slot summary and the record count at ctl + 20, as
 * linearResidualRun does. Returns 0, or 1 when a barrier timed out after `timeoutMs`, 2 when a partner aborted.
 */
export function linearResidualThreadsRun(
  id: i32, parties: i32, n: i32, d: i32, eta: f64, x: usize, y: usize, gram: usize, theta: usize, work: usize,
  steps: i32, every: i32, recStep: usize, recLoss: usize, summary: usize, ctl: usize, timeoutMs: f64,
  r0: i32, r1: i32, spins: i32,
): i32 {
  const lead = id == 0;
  const nb = <usize>n << 3;
  let r = work, rNext = work + nb;
  const sum = work + 2 * nb, sumPrev = work + 3 * nb, tmp = work + 4 * nb;
  residualRows(d, x, y, theta, r, r0, r1);
  for (let i = r0; i < r1; i++) {
    const o = <usize>i << 3;
    store<f64>(sum + o, 0);
    store<f64>(sumPrev + o, 0);
  }
  let status = barrierWait(ctl, parties, timeoutMs, spins);
  if (status != BARRIER_OK) return finish(ctl, status);
  if (lead) recorderStart(every, recStep, recLoss);
  let t = 0;
  let bad = false;
  let loss = 0.5 * dot(n, r, r);
  while (true) {
    if (lead ? !recordLoss(t, steps, loss) : !isFinite(loss)) {
      bad = true;
      break;
    }
    if (t == steps) break;
    for (let i = r0; i < r1; i++) {
      const o = <usize>i << 3;
      const s = load<f64>(sum + o);
      store<f64>(sumPrev + o, s);
      store<f64>(sum + o, s + load<f64>(r + o));
    }
    if (r1 > r0) gemv(r1 - r0, n, 1, gram + <usize>r0 * nb, r, 0, tmp + (<usize>r0 << 3));
    for (let i = r0; i < r1; i++) {
      const o = <usize>i << 3;
      store<f64>(rNext + o, load<f64>(r + o) - eta * load<f64>(tmp + o));
    }
    status = barrierWait(ctl, parties, timeoutMs, spins);
    if (status != BARRIER_OK) return finish(ctl, status);
    const swap = r;
    r = rNext;
    rNext = swap;
    t++;
    loss = 0.5 * dot(n, r, r);
  }
  if (lead) {
    // θ_{t−1} = θ₀ − η·Xᵀ·Σ_{s<t−1} r_s when ℓ_t was not finite.
    const acc = bad && t > 0 ? sumPrev : sum;
    const runTo = recorderFinish(t, bad, summary);
    if (runTo > 0) addScaledRows(n, d, -eta, x, acc, theta, theta);
    atomic.store<i32>(ctl + RECS, recorderCount());
  }
  return finish(ctl, BARRIER_OK);
}
