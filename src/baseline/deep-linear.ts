// Pure-JS twin of assembly/models/deep-linear.ts: the same passes, sums in the same order, bit-identical. Offsets are
// element indices into one heap array h; see the assembly file for the layout of dims, θ and the work block.

function dimAt(h: Float64Array, dims: number, k: number): number {
  return h[dims + k] | 0;
}

function hiddenSum(h: Float64Array, L: number, dims: number): number {
  let s = 0;
  for (let k = 0; k < L; k++) s += dimAt(h, dims, k);
  return s;
}

/** p = Σ d_k·d_{k−1}. */
export function paramCount(h: Float64Array, L: number, dims: number): number {
  let s = 0;
  for (let k = 1; k <= L; k++) s += dimAt(h, dims, k) * dimAt(h, dims, k - 1);
  return s;
}

// v < 0: no direction (the gradient pass).
function forward(h: Float64Array, L: number, dims: number, x: number, theta: number, v: number, work: number): number {
  const H = hiddenSum(h, L, dims);
  const dh = work + 2 * H;
  const hasV = v >= 0;
  const d0 = dimAt(h, dims, 0);
  for (let j = 0; j < d0; j++) {
    h[work + j] = h[x + j];
    if (hasV) h[dh + j] = 0;
  }
  let w = theta, vw = v;
  let hin = 0;
  for (let k = 1; k < L; k++) {
    const din = dimAt(h, dims, k - 1), dout = dimAt(h, dims, k);
    const hout = hin + din;
    for (let i = 0; i < dout; i++) {
      const row = i * din;
      let s = 0, ds = 0;
      for (let j = 0; j < din; j++) {
        s += h[w + row + j] * h[work + hin + j];
        if (hasV) ds += h[w + row + j] * h[dh + hin + j] + h[vw + row + j] * h[work + hin + j];
      }
      h[work + hout + i] = s;
      if (hasV) h[dh + hout + i] = ds;
    }
    w += dout * din;
    if (hasV) vw += dout * din;
    hin = hout;
  }
  const dl = dimAt(h, dims, L - 1);
  let f = 0;
  for (let j = 0; j < dl; j++) f += h[w + j] * h[work + hin + j];
  return f;
}

function backward(h: Float64Array, L: number, dims: number, theta: number, v: number, work: number, out: number): void {
  const H = hiddenSum(h, L, dims);
  const b = work + H, dh = work + 2 * H, db = work + 3 * H;
  const hasV = v >= 0;
  const p = paramCount(h, L, dims);
  const dl = dimAt(h, dims, L - 1);
  let off = p - dl;
  let hk = H - dl;
  for (let j = 0; j < dl; j++) {
    h[out + off + j] = h[(hasV ? dh : work) + hk + j];
    h[b + hk + j] = h[theta + off + j];
    if (hasV) h[db + hk + j] = h[v + off + j];
  }
  for (let k = L - 1; k >= 1; k--) {
    const din = dimAt(h, dims, k - 1), dout = dimAt(h, dims, k);
    off -= dout * din;
    const hin = hk - din;
    for (let i = 0; i < dout; i++) {
      const row = i * din;
      const bi = h[b + hk + i];
      if (!hasV) {
        for (let j = 0; j < din; j++) h[out + off + row + j] = bi * h[work + hin + j];
      } else {
        const dbi = h[db + hk + i];
        for (let j = 0; j < din; j++) h[out + off + row + j] = dbi * h[work + hin + j] + bi * h[dh + hin + j];
      }
    }
    if (k > 1) {
      for (let j = 0; j < din; j++) {
        let s = 0, ds = 0;
        for (let i = 0; i < dout; i++) {
          const e = off + i * din + j, bo = hk + i;
          s += h[theta + e] * h[b + bo];
          if (hasV) ds += h[theta + e] * h[db + bo] + h[v + e] * h[b + bo];
        }
        h[b + hin + j] = s;
        if (hasV) h[db + hin + j] = ds;
      }
    }
    hk = hin;
  }
}

/** f64 slots of work deepLinearGrad and deepLinearHvp need. */
export function deepLinearWorkSize(h: Float64Array, L: number, dims: number): number {
  return 4 * hiddenSum(h, L, dims);
}

/** Twin of deepLinearGrad: f(θ), and ∇f(θ) into grad unless grad < 0. */
export function deepLinearGrad(h: Float64Array, L: number, dims: number, x: number, theta: number, work: number, grad: number): number {
  const f = forward(h, L, dims, x, theta, -1, work);
  if (grad >= 0) backward(h, L, dims, theta, -1, work, grad);
  return f;
}

/** Twin of deepLinearHvp: ∇²f(θ)·v into out; returns f(θ). */
export function deepLinearHvp(h: Float64Array, L: number, dims: number, x: number, theta: number, v: number, work: number, out: number): number {
  const f = forward(h, L, dims, x, theta, v, work);
  backward(h, L, dims, theta, v, work, out);
  return f;
}

let minRR = Infinity;
let maxRR = -Infinity;

function segment(h: Float64Array, L: number, dims: number, x: number, y: number, eta: number, theta: number, p: number, n: number, work: number, g: number): number {
  let mn = minRR, mx = maxRR;
  let bad = -1;
  for (let k = 0; ; k++) {
    const r = deepLinearGrad(h, L, dims, x, theta, work, k === n ? -1 : g) - y;
    const rr = r * r;
    if (!(rr <= mx)) {
      if (!(rr < Infinity)) { bad = k; break; }
      mx = rr;
    }
    if (rr < mn) mn = rr;
    if (k === n) break;
    for (let i = 0; i < p; i++) h[theta + i] = h[theta + i] - r * (eta * h[g + i]);
  }
  minRR = mn;
  maxRR = mx;
  return bad;
}

function record(h: Float64Array, L: number, dims: number, x: number, y: number, theta: number, p: number, work: number, recTheta: number, recLoss: number, i: number): void {
  const r = deepLinearGrad(h, L, dims, x, theta, work, -1) - y;
  h[recLoss + i] = 0.5 * (r * r);
  h.copyWithin(recTheta + i * p, theta, theta + p);
}

/** f64 slots of work deepLinearRun needs. */
export function deepLinearRunWorkSize(h: Float64Array, L: number, dims: number): number {
  return deepLinearWorkSize(h, L, dims) + 2 * paramCount(h, L, dims);
}

/** Twin of deepLinearRun; see assembly/models/deep-linear.ts for the contract. */
export function deepLinearRun(
  h: Float64Array, L: number, dims: number, x: number, y: number, eta: number, theta: number, work: number,
  steps: number, recSteps: number, nRec: number, recTheta: number, recLoss: number, summary: number,
): number {
  const p = paramCount(h, L, dims);
  const g = work + deepLinearWorkSize(h, L, dims);
  const saved = g + p;
  minRR = Infinity;
  maxRR = -Infinity;
  let recs = 0;
  let firstBad = -1;
  let t = 0;
  if (segment(h, L, dims, x, y, eta, theta, p, 0, work, g) >= 0) {
    firstBad = 0;
  } else {
    for (let ri = 0; ri < nRec; ri++) {
      const target = h[recSteps + ri] | 0;
      if (target > t) {
        h.copyWithin(saved, theta, theta + p);
        const j = segment(h, L, dims, x, y, eta, theta, p, target - t, work, g);
        if (j >= 0) {
          firstBad = t + j;
          h.copyWithin(theta, saved, saved + p);
          segment(h, L, dims, x, y, eta, theta, p, j - 1, work, g);
          if (j - 1 > 0) {
            record(h, L, dims, x, y, theta, p, work, recTheta, recLoss, recs);
            recs++;
          }
          t = t + j - 1;
          break;
        }
        t = target;
      }
      record(h, L, dims, x, y, theta, p, work, recTheta, recLoss, recs);
      recs++;
    }
  }
  h[summary] = 0.5 * minRR;
  h[summary + 1] = 0.5 * maxRR;
  h[summary + 2] = firstBad;
  h[summary + 3] = t;
  h[summary + 4] = recs;
  return recs;
}
