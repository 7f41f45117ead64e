import { dot } from "./dot.js";
import { gemv } from "./gemv.js";
import { addScaledRows } from "./gemv-t.js";
import { LossRecorder } from "./loss-recorder.js";

/** Pure-JS twin of assembly/trajectory/data-linear-residual.ts (linearResidualRun); bit-identical. */
export function linearResidualRun(
  h: Float64Array, n: number, d: number, eta: number, x: number, y: number, gram: number, theta: number, work: number,
  steps: number, every: number, recStep: number, recLoss: number, summary: number,
): number {
  const r = work, sum = work + n, sumPrev = work + 2 * n, tmp = work + 3 * n;
  if (n > 0) {
    h.copyWithin(r, y, y + n);
    gemv(n, d, 1, h, x, h, theta, -1, h, r);
    h.fill(0, sum, sum + n);
    h.fill(0, sumPrev, sumPrev + n);
  }
  const rec = new LossRecorder(h, every, recStep, recLoss);
  let t = 0;
  let bad = false;
  let loss = 0.5 * dot(n, h, r, h, r);
  for (;;) {
    if (!rec.observe(t, steps, loss)) {
      bad = true;
      break;
    }
    if (t === steps) break;
    for (let i = 0; i < n; i++) {
      const s = h[sum + i];
      h[sumPrev + i] = s;
      h[sum + i] = s + h[r + i];
    }
    gemv(n, n, 1, h, gram, h, r, 0, h, tmp);
    for (let i = 0; i < n; i++) h[r + i] = h[r + i] - eta * h[tmp + i];
    t++;
    loss = 0.5 * dot(n, h, r, h, r);
  }
  const acc = bad && t > 0 ? sumPrev : sum;
  const runTo = rec.finish(t, bad, summary);
  if (runTo > 0) addScaledRows(n, d, -eta, h, x, h, acc, h, theta, h, theta);
  return rec.count;
}
