/**
 * Pure-JS twin of assembly/trajectory/deep-scalar-lanes.ts (deepScalarLanes): the trajectories one at a time with
 * the single run's operations (prefix/suffix products, θ_i − r·(η·g_i)), so each gives the bits of its own
 * deepScalarRun and of the wasm lanes. Offsets are f64 element offsets into h.
 */
export function deepScalarLanes(
  h: Float64Array, p: number, y: number, count: number, etas: number, thetas: number, steps: number, work: number, out: number,
): void {
  const pre = work, suf = work + p + 1, saved = work + 2 * p + 2;
  const m = p >> 1;
  for (let j = 0; j < count; j++) {
    const eta = h[etas + j], th = thetas + j * p, o = out + 4 * j;
    let mn = Infinity, mx = -Infinity;
    let bad = -1;
    let k = 0;
    for (; ; k++) {
      let acc = 1;
      for (let i = 0; i < p; i++) {
        h[pre + i] = acc;
        acc = acc * h[th + i];
      }
      acc = 1;
      for (let i = p - 1; i >= 0; i--) {
        h[suf + i] = acc;
        acc = acc * h[th + i];
      }
      const r = h[pre + m] * h[suf + m - 1] - y;
      const rr = r * r;
      if (!(rr <= mx)) {
        if (!(rr < Infinity)) {
          bad = k;
          break;
        }
        mx = rr;
      }
      if (rr < mn) mn = rr;
      if (k === steps) break;
      h.copyWithin(saved, th, th + p);
      for (let i = 0; i < p; i++) h[th + i] = h[th + i] - r * (eta * (h[pre + i] * h[suf + i]));
    }
    if (bad > 0) h.copyWithin(th, saved, saved + p);
    h[o] = 0.5 * mn;
    h[o + 1] = 0.5 * mx;
    h[o + 2] = bad;
    h[o + 3] = bad < 0 ? k : Math.max(bad - 1, 0);
  }
}
