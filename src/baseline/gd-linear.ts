import { residualLoss } from "./gd-step-linear.js";
import { addScaledRows } from "./gemv-t.js";
import { LossRecorder } from "./loss-recorder.js";

/**
 * Pure-JS twin of assembly/trajectory/gd-linear.ts (gdLinearRun), over one
 * heap array h with element offsets; same loop, same records, same summary
 * layout, bit-identical results.
 */
export function gdLinearRun(
  h: Float64Array, n: number, d: number, eta: number, x: number, y: number, theta: number, spare: number,
  r: number, steps: number, every: number, recStep: number, recLoss: number, summary: number,
): number {
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
