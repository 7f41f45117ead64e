// The independent reference for the gdLinear tests: plain GD on ½‖Xθ − y‖² written as loops, no core kernels.

/**
 * Plain GD in parameter space: r = Xθ − y, θ ← θ − η·Xᵀr from θ₀ (zeros when omitted); the losses at t = 0..N.
 * Stops at the first non-finite loss: firstBad is that step (null when all were finite) and theta the last finite state.
 */
export function plainGd(X: Float64Array, y: Float64Array, n: number, d: number, eta: number, steps: number, th0?: Float64Array) {
  let th = th0 ? Float64Array.from(th0) : new Float64Array(d), prev = th;
  const losses: number[] = [];
  for (let t = 0; ; t++) {
    const r = new Float64Array(n);
    let loss = 0;
    for (let i = 0; i < n; i++) {
      let s = -y[i];
      for (let j = 0; j < d; j++) s += X[i * d + j] * th[j];
      r[i] = s;
      loss += 0.5 * s * s;
    }
    if (!Number.isFinite(loss)) return { theta: prev, losses, firstBad: t as number | null };
    losses.push(loss);
    if (t === steps) return { theta: th, losses, firstBad: null as number | null };
    const next = Float64Array.from(th);
    for (let j = 0; j < d; j++) {
      let g = 0;
      for (let i = 0; i < n; i++) g += X[i * d + j] * r[i];
      next[j] -= eta * g;
    }
    prev = th;
    th = next;
  }
}
