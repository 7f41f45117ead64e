// Deep linear network with one input, f(θ) = w_L W_{L−1} ⋯ W_1 x (docs/design.md §1, "Deep linear networks with one
// input"): f, ∇f, the Hessian-vector product and the whole GD loop, in f64 with a fixed summation order (every sum
// runs over its index in ascending order from 0), no allocation. The pure-JS twin is src/baseline/deep-linear.ts.
//
// Layout. dims holds L + 1 widths d₀ … d_L (f64, d_L = 1); θ holds W₁ (d₁×d₀ row-major), W₂ (d₂×d₁), …, w_L
// (1×d_{L−1}), p = Σ d_k·d_{k−1} entries. The work block has four vectors of H = d₀ + … + d_{L−1} slots: the
// activations h_k = W_k⋯W₁x (h₀ = x), the back vectors b_k = (w_L W_{L−1}⋯W_{k+1})ᵀ, and their derivatives dh_k,
// db_k along v (HVP only); vector k starts at slot d₀ + … + d_{k−1} of each.
//   ∂f/∂W_k[i, j] = b_k[i]·h_{k−1}[j],   b_{L−1} = w_Lᵀ, b_{k−1} = W_kᵀ b_k.

// @ts-ignore: decorator
@inline function dimAt(dims: usize, k: i32): i32 {
  return <i32>load<f64>(dims + (<usize>k << 3));
}

/** H = d₀ + … + d_{L−1}: the length of one work vector. */
function hiddenSum(L: i32, dims: usize): i32 {
  let s = 0;
  for (let k = 0; k < L; k++) s += dimAt(dims, k);
  return s;
}

/** Forward pass: h_k into work (h block), k = 0 … L−1; returns f = w_L·h_{L−1}. dh too when v != 0. */
function forward(L: i32, dims: usize, x: usize, theta: usize, v: usize, work: usize): f64 {
  const H = <usize>hiddenSum(L, dims) << 3;
  const dh = work + 2 * H;
  const d0 = dimAt(dims, 0);
  for (let j = 0; j < d0; j++) {
    store<f64>(work + (<usize>j << 3), load<f64>(x + (<usize>j << 3)));
    if (v != 0) store<f64>(dh + (<usize>j << 3), 0.0);
  }
  let w = theta, vw = v;
  let hin: usize = 0; // byte offset of h_{k−1} inside a block
  for (let k = 1; k < L; k++) {
    const din = dimAt(dims, k - 1), dout = dimAt(dims, k);
    const hout = hin + (<usize>din << 3);
    for (let i = 0; i < dout; i++) {
      const row = <usize>(i * din) << 3;
      let s = 0.0, ds = 0.0;
      for (let j = 0; j < din; j++) {
        const o = <usize>j << 3;
        s += load<f64>(w + row + o) * load<f64>(work + hin + o);
        if (v != 0) ds += load<f64>(w + row + o) * load<f64>(dh + hin + o) + load<f64>(vw + row + o) * load<f64>(work + hin + o);
      }
      store<f64>(work + hout + (<usize>i << 3), s);
      if (v != 0) store<f64>(dh + hout + (<usize>i << 3), ds);
    }
    w += <usize>(dout * din) << 3;
    if (v != 0) vw += <usize>(dout * din) << 3;
    hin = hout;
  }
  const dl = dimAt(dims, L - 1);
  let f = 0.0;
  for (let j = 0; j < dl; j++) f += load<f64>(w + (<usize>j << 3)) * load<f64>(work + hin + (<usize>j << 3));
  return f;
}

/** p = Σ d_k·d_{k−1}. */
function paramCount(L: i32, dims: usize): i32 {
  let s = 0;
  for (let k = 1; k <= L; k++) s += dimAt(dims, k) * dimAt(dims, k - 1);
  return s;
}

/**
 * Backward pass after forward(): ∇f (v = 0) or ∇²f·v (v != 0, forward() called with the same v) into out.
 */
function backward(L: i32, dims: usize, theta: usize, v: usize, work: usize, out: usize): void {
  const H = <usize>hiddenSum(L, dims) << 3;
  const b = work + H, dh = work + 2 * H, db = work + 3 * H;
  const p = paramCount(L, dims);
  const dl = dimAt(dims, L - 1);
  let off = <usize>(p - dl) << 3; // byte offset of w_L in θ
  let hk = H - (<usize>dl << 3); // byte offset of h_{L−1} (and b_{L−1}) in a block
  for (let j = 0; j < dl; j++) {
    const o = <usize>j << 3;
    store<f64>(out + off + o, load<f64>((v != 0 ? dh : work) + hk + o));
    store<f64>(b + hk + o, load<f64>(theta + off + o));
    if (v != 0) store<f64>(db + hk + o, load<f64>(v + off + o));
  }
  for (let k = L - 1; k >= 1; k--) {
    const din = dimAt(dims, k - 1), dout = dimAt(dims, k);
    off -= <usize>(dout * din) << 3;
    const hin = hk - (<usize>din << 3);
    for (let i = 0; i < dout; i++) {
      const row = <usize>(i * din) << 3;
      const bi = load<f64>(b + hk + (<usize>i << 3));
      if (v == 0) {
        for (let j = 0; j < din; j++) {
          const o = <usize>j << 3;
          store<f64>(out + off + row + o, bi * load<f64>(work + hin + o));
        }
      } else {
        const dbi = load<f64>(db + hk + (<usize>i << 3));
        for (let j = 0; j < din; j++) {
          const o = <usize>j << 3;
          store<f64>(out + off + row + o, dbi * load<f64>(work + hin + o) + bi * load<f64>(dh + hin + o));
        }
      }
    }
    if (k > 1) {
      for (let j = 0; j < din; j++) {
        const o = <usize>j << 3;
        let s = 0.0, ds = 0.0;
        for (let i = 0; i < dout; i++) {
          const e = off + (<usize>(i * din) << 3) + o, bo = hk + (<usize>i << 3);
          s += load<f64>(theta + e) * load<f64>(b + bo);
          if (v != 0) ds += load<f64>(theta + e) * load<f64>(db + bo) + load<f64>(v + e) * load<f64>(b + bo);
        }
        store<f64>(b + hin + o, s);
        if (v != 0) store<f64>(db + hin + o, ds);
      }
    }
    hk = hin;
  }
}

/** f64 slots of work deepLinearGrad and deepLinearHvp need: 4·(d₀ + … + d_{L−1}). */
export function deepLinearWorkSize(L: i32, dims: usize): i32 {
  return 4 * hiddenSum(L, dims);
}

/** f(θ), and ∇f(θ) into grad unless grad = 0. work: deepLinearWorkSize. */
export function deepLinearGrad(L: i32, dims: usize, x: usize, theta: usize, work: usize, grad: usize): f64 {
  const f = forward(L, dims, x, theta, 0, work);
  if (grad != 0) backward(L, dims, theta, 0, work, grad);
  return f;
}

/** ∇²f(θ)·v into out (forward-over-reverse, exact); returns f(θ). work: deepLinearWorkSize. */
export function deepLinearHvp(L: i32, dims: usize, x: usize, theta: usize, v: usize, work: usize, out: usize): f64 {
  const f = forward(L, dims, x, theta, v, work);
  backward(L, dims, theta, v, work, out);
  return f;
}

// Running squared residuals of the current run (r² = 2ℓ); module state of one call.
let minRR: f64 = Infinity;
let maxRR: f64 = -Infinity;

/**
 * From θ_s in `theta`, checks ℓ at θ_s, …, θ_{s+n} and makes n updates θ_i ← θ_i − r·(η·∂_if). Returns −1 when all
 * were finite (θ_{s+n} left in `theta`), else the first j with ℓ(θ_{s+j}) non-finite.
 */
function segment(L: i32, dims: usize, x: usize, y: f64, eta: f64, theta: usize, p: i32, n: i32, work: usize, g: usize): i32 {
  let mn = minRR, mx = maxRR;
  let bad = -1;
  for (let k = 0; ; k++) {
    const r = deepLinearGrad(L, dims, x, theta, work, k == n ? 0 : g) - y;
    const rr = r * r;
    if (!(rr <= mx)) {
      if (!(rr < Infinity)) { bad = k; break; }
      mx = rr;
    }
    if (rr < mn) mn = rr;
    if (k == n) break;
    for (let i = 0; i < p; i++) {
      const o = <usize>i << 3;
      store<f64>(theta + o, load<f64>(theta + o) - r * (eta * load<f64>(g + o)));
    }
  }
  minRR = mn;
  maxRR = mx;
  return bad;
}

function record(L: i32, dims: usize, x: usize, y: f64, theta: usize, p: i32, work: usize, recTheta: usize, recLoss: usize, i: i32): void {
  const r = deepLinearGrad(L, dims, x, theta, work, 0) - y;
  store<f64>(recLoss + (<usize>i << 3), 0.5 * (r * r));
  memory.copy(recTheta + <usize>i * (<usize>p << 3), theta, <usize>p << 3);
}

/** f64 slots of work deepLinearRun needs: deepLinearWorkSize + 2p. */
export function deepLinearRunWorkSize(L: i32, dims: usize): i32 {
  return deepLinearWorkSize(L, dims) + 2 * paramCount(L, dims);
}

/**
 * Up to `steps` GD updates on ½(f(θ) − y)² from θ₀ in `theta` (the last finite state is left there). recSteps holds
 * nRec strictly increasing steps (f64), the first 0 and the last `steps`; at each, θ_t goes to recTheta ((nRec + 1)·p)
 * and ℓ(θ_t) to recLoss (nRec + 1). A non-finite ℓ(θ_t) ends the run: the segment since the last record is replayed
 * up to t − 1 (GD is deterministic) and that last finite state is recorded. summary (8 slots): minLoss, maxLoss,
 * firstNonFiniteStep (−1: none), stepsRun, records. Returns the records written (0: ℓ(θ₀) not finite).
 */
export function deepLinearRun(
  L: i32, dims: usize, x: usize, y: f64, eta: f64, theta: usize, work: usize,
  steps: i32, recSteps: usize, nRec: i32, recTheta: usize, recLoss: usize, summary: usize,
): i32 {
  const p = paramCount(L, dims);
  const pBytes = <usize>p << 3;
  const g = work + (<usize>deepLinearWorkSize(L, dims) << 3);
  const saved = g + pBytes;
  minRR = Infinity;
  maxRR = -Infinity;
  let recs = 0;
  let firstBad = -1;
  let t = 0;
  if (segment(L, dims, x, y, eta, theta, p, 0, work, g) >= 0) {
    firstBad = 0;
  } else {
    for (let ri = 0; ri < nRec; ri++) {
      const target = <i32>load<f64>(recSteps + (<usize>ri << 3));
      if (target > t) {
        memory.copy(saved, theta, pBytes);
        const j = segment(L, dims, x, y, eta, theta, p, target - t, work, g);
        if (j >= 0) {
          firstBad = t + j;
          memory.copy(theta, saved, pBytes);
          segment(L, dims, x, y, eta, theta, p, j - 1, work, g);
          // j − 1 = 0: θ_t is the last finite state and is already recorded.
          if (j - 1 > 0) {
            record(L, dims, x, y, theta, p, work, recTheta, recLoss, recs);
            recs++;
          }
          t = t + j - 1;
          break;
        }
        t = target;
      }
      record(L, dims, x, y, theta, p, work, recTheta, recLoss, recs);
      recs++;
    }
  }
  store<f64>(summary, 0.5 * minRR);
  store<f64>(summary, 0.5 * maxRR, 8);
  store<f64>(summary, <f64>firstBad, 16);
  store<f64>(summary, <f64>t, 24);
  store<f64>(summary, <f64>recs, 32);
  return recs;
}
