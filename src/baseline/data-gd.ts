import { dot } from "./dot.js";
import { gemv } from "./gemv.js";
import { gemvT } from "./gemv-t.js";
import { LossRecorder } from "./loss-recorder.js";

// Pure-JS twins of assembly/models/diagonal.ts, assembly/models/two-layer.ts
// and assembly/trajectory/data-gd.ts (dataGdRun), over one heap array h with
// element offsets. Same operations in the same order: bit-identical.

function diagonalLoss(h: Float64Array, n: number, d: number, x: number, y: number, theta: number, w: number, r: number): number {
  for (let j = 0; j < d; j++) h[w + j] = h[theta + j] * h[theta + d + j];
  if (n <= 0) return 0;
  h.copyWithin(r, y, y + n);
  gemv(n, d, 1, h, x, h, w, -1, h, r);
  return 0.5 * dot(n, h, r, h, r);
}

function diagonalUpdate(h: Float64Array, n: number, d: number, eta: number, x: number, theta: number, r: number, g: number, next: number): void {
  gemvT(n, d, 1, h, x, h, r, 0, h, g);
  for (let j = 0; j < d; j++) {
    const uj = h[theta + j], vj = h[theta + d + j], gj = h[g + j];
    h[next + j] = uj - eta * (vj * gj);
    h[next + d + j] = vj - eta * (uj * gj);
  }
}

function twoLayerLoss(h: Float64Array, n: number, d: number, hw: number, x: number, y: number, theta: number, z: number, r: number): number {
  gemv(d, hw, 1, h, theta, h, theta + d * hw, 0, h, z);
  if (n <= 0) return 0;
  h.copyWithin(r, y, y + n);
  gemv(n, d, 1, h, x, h, z, -1, h, r);
  return 0.5 * dot(n, h, r, h, r);
}

function twoLayerUpdate(
  h: Float64Array, n: number, d: number, hw: number, eta: number, x: number, theta: number, r: number, g: number, q: number, next: number,
): void {
  gemvT(n, d, 1, h, x, h, r, 0, h, g);
  gemvT(d, hw, 1, h, theta, h, g, 0, h, q);
  const a = theta + d * hw, na = next + d * hw;
  for (let j = 0; j < d; j++) {
    const gj = h[g + j];
    for (let k = 0; k < hw; k++) h[next + j * hw + k] = h[theta + j * hw + k] - eta * (gj * h[a + k]);
  }
  for (let k = 0; k < hw; k++) h[na + k] = h[a + k] - eta * h[q + k];
}

/** Twin of dataGdRun: model 1 diagonal, 2 two-layer; scratch layout [w|z (d), g (d), r (n), q (h)]. */
export function dataGdRun(
  h: Float64Array, model: number, n: number, d: number, hw: number, eta: number, x: number, y: number, theta: number, spare: number,
  work: number, steps: number, every: number, recStep: number, recLoss: number, summary: number,
): number {
  const p = model === 1 ? 2 * d : d * hw + hw;
  const g = work + d, r = work + 2 * d, q = r + n;
  const lossAt = (th: number): number =>
    model === 1 ? diagonalLoss(h, n, d, x, y, th, work, r) : twoLayerLoss(h, n, d, hw, x, y, th, work, r);
  let cur = theta, other = spare;
  const rec = new LossRecorder(h, every, recStep, recLoss);
  let t = 0;
  let bad = false;
  let loss = lossAt(cur);
  for (;;) {
    if (!rec.observe(t, steps, loss)) {
      bad = true;
      break;
    }
    if (t === steps) break;
    if (model === 1) diagonalUpdate(h, n, d, eta, x, cur, r, g, other);
    else twoLayerUpdate(h, n, d, hw, eta, x, cur, r, g, q, other);
    const tmp = cur;
    cur = other;
    other = tmp;
    t++;
    loss = lossAt(cur);
  }
  if (bad && t > 0) cur = other;
  rec.finish(t, bad, summary);
  if (cur !== theta) h.copyWithin(theta, cur, cur + p);
  return rec.count;
}
