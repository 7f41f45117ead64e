import { gdBlockRows, gdStepLinearInto, residualLoss } from "./gd-step-linear.js";
import { addScaledRows } from "./gemv-t.js";
import { LossRecorder } from "./loss-recorder.js";

/**
 * Pure-JS twin of assembly/trajectory/gd-linear.ts (gdLinearRun), over one
 * heap array h with element offsets; same loop, same records, same summary
 * layout, bit-identical results. spare2 (element offset, 0 = none) selects the
 * one-pass loop with θ triple buffered, as in wasm.
 */
export function gdLinearRun(
  h: Float64Array, n: number, d: number, eta: number, x: number, y: number, theta: number, spare: number,
  r: number, steps: number, every: number, recStep: number, recLoss: number, summary: number, spare2 = 0, block = 0,
): number {
  if (spare2 > 0) return gdLinearRunOnePass(h, n, d, eta, x, y, theta, spare, spare2, r, steps, every, recStep, recLoss, summary, block > 0 ? block : gdBlockRows(d));
  let cur = theta, other = spare;
  const rec = new LossRecorder(h, every, recStep, recLoss);
  let t = 0;
  let bad = false;
  let loss = residualLoss(n, d, h, x, h, y, h, cur, h, r);
  for (;;) {
    if (!rec.observe(t, steps, loss)) {
      bad = true;
      break;
    }
    if (t === steps) break;
    addScaledRows(n, d, -eta, h, x, h, r, h, cur, h, other);
    const tmp = cur;
    cur = other;
    other = tmp;
    t++;
    loss = residualLoss(n, d, h, x, h, y, h, cur, h, r);
  }
  if (bad && t > 0) cur = other;
  rec.finish(t, bad, summary);
  if (cur !== theta) h.copyWithin(theta, cur, cur + d);
  return rec.count;
}

/** Twin of gdLinearRunOnePass: ℓ_t and θ_{t+1} from one pass over X; θ_{t−1} kept for the step back. */
function gdLinearRunOnePass(
  h: Float64Array, n: number, d: number, eta: number, x: number, y: number, theta: number, spare: number, spare2: number,
  r: number, steps: number, every: number, recStep: number, recLoss: number, summary: number, block: number,
): number {
  let prev = spare2, cur = theta, next = spare;
  const rec = new LossRecorder(h, every, recStep, recLoss);
  let t = 0;
  let bad = false;
  let loss = steps === 0 ? residualLoss(n, d, h, x, h, y, h, cur, h, r) : gdStepLinearInto(h, n, d, eta, x, y, cur, next, r, block);
  for (;;) {
    if (!rec.observe(t, steps, loss)) {
      bad = true;
      break;
    }
    if (t === steps) break;
    const free = prev;
    prev = cur;
    cur = next;
    next = free;
    t++;
    loss = t === steps ? residualLoss(n, d, h, x, h, y, h, cur, h, r) : gdStepLinearInto(h, n, d, eta, x, y, cur, next, r, block);
  }
  if (bad && t > 0) cur = prev;
  rec.finish(t, bad, summary);
  if (cur !== theta) h.copyWithin(theta, cur, cur + d);
  return rec.count;
}
