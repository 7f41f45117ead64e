import { residualLoss } from "./gd-step-linear.js";
import { addScaledRows } from "./gemv-t.js";

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
  let minLoss = Infinity, maxLoss = -Infinity, last = NaN, prev = NaN;
  let firstBad = -1;
  let recs = 0;
  let countdown = 0;
  let t = 0;
  let loss = residualLoss(n, d, h, x, h, y, h, cur, h, r);
  for (;;) {
    if (!Number.isFinite(loss)) {
      firstBad = t;
      break;
    }
    prev = last;
    last = loss;
    if (loss < minLoss) minLoss = loss;
    if (loss > maxLoss) maxLoss = loss;
    if (countdown === 0 || t === steps) {
      h[recStep + recs] = t;
      h[recLoss + recs] = loss;
      recs++;
    }
    if (t === steps) break;
    countdown = countdown === 0 ? every - 1 : countdown - 1;
    addScaledRows(n, d, -eta, h, x, h, r, h, cur, h, other);
    const tmp = cur;
    cur = other;
    other = tmp;
    t++;
    loss = residualLoss(n, d, h, x, h, y, h, cur, h, r);
  }
  let runTo = t;
  if (firstBad >= 0) {
    runTo = t - 1;
    if (t > 0) {
      cur = other;
      if (runTo % every !== 0) {
        h[recStep + recs] = runTo;
        h[recLoss + recs] = last;
        recs++;
      }
    } else {
      runTo = 0;
    }
  }
  if (cur !== theta) h.copyWithin(theta, cur, cur + d);
  h[summary] = minLoss;
  h[summary + 1] = maxLoss;
  h[summary + 2] = last;
  h[summary + 3] = runTo >= 1 ? prev : last;
  h[summary + 4] = firstBad;
  h[summary + 5] = runTo;
  h[summary + 6] = recs;
  return recs;
}
