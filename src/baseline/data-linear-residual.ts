import { dot } from "./dot.js";
import { gemv } from "./gemv.js";
import { addScaledRows } from "./gemv-t.js";

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
  let minLoss = Infinity, maxLoss = -Infinity, last = NaN, prev = NaN;
  let firstBad = -1, recs = 0, countdown = 0, t = 0;
  let loss = 0.5 * dot(n, h, r, h, r);
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
  let runTo = t;
  let acc = sum;
  if (firstBad >= 0) {
    runTo = t > 0 ? t - 1 : 0;
    if (t > 0) {
      acc = sumPrev;
      if (runTo % every !== 0) {
        h[recStep + recs] = runTo;
        h[recLoss + recs] = last;
        recs++;
      }
    }
  }
  if (runTo > 0) addScaledRows(n, d, -eta, h, x, h, acc, h, theta, h, theta);
  h[summary] = minLoss;
  h[summary + 1] = maxLoss;
  h[summary + 2] = last;
  h[summary + 3] = runTo >= 1 ? prev : last;
  h[summary + 4] = firstBad;
  h[summary + 5] = runTo;
  h[summary + 6] = recs;
  return recs;
}
