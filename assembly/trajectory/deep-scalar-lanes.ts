// Two deep-scalar trajectories per loop, one in each f64 lane of an f64x2
// (docs/design.md §1 and §3): for sweeps of small models, where a single run
// is bound by the latency of its dependent multiply chain and leaves the
// second lane of the SIMD unit idle.
//
// Each lane runs exactly the operations of the single run
// (assembly/trajectory/deep-scalar-run.ts: segment5 for p = 5, else
// segmentGeneral's prefix/suffix products) in the same order; f64x2 mul, add
// and sub round each lane like the scalar operation (no FMA), so every lane
// is bit-identical to its own single run: the same final θ, the same running
// min and max of the loss and the same first non-finite step. A lane whose
// loss goes non-finite at step t keeps θ_{t−1} (as the single run does) and
// stops counting; the loop ends when every lane has stopped or reached N.
//
// A lane whose loss goes non-finite at step t only stops counting; at the end
// its θ_{t−1} is rebuilt by replaying t − 1 steps from θ₀ with the single
// run's code (the single run replays too), so the loop keeps no previous
// state. p = 5 runs four trajectories per loop (two f64x2 sets, two
// independent chains), other depths two. The scalar build (and the
// trajectories left over) runs them one at a time with the same scalar code.

// Per-trajectory result block (4 slots): minLoss, maxLoss, firstNonFiniteStep (−1: none), stepsRun.

/**
 * One trajectory alone, as segment5/segmentGeneral: the reference the lanes must match. θ₀ is kept in work; when the
 * loss goes non-finite at step t > 0 the run is replayed from θ₀ for t − 1 steps (as the single run does), so the
 * loop itself saves nothing per step.
 */
function single(p: i32, y: f64, eta: f64, theta: usize, steps: i32, work: usize, out: usize): void {
  const pre = work, suf = work + ((<usize>p + 1) << 3), start = work + ((<usize>2 * p + 2) << 3);
  memory.copy(start, theta, <usize>p << 3);
  let mn: f64 = Infinity, mx: f64 = -Infinity;
  let bad = -1;
  let k = 0;
  const m = p >> 1;
  for (; ; k++) {
    let acc: f64 = 1;
    for (let i = 0; i < p; i++) {
      store<f64>(pre + (<usize>i << 3), acc);
      acc = acc * load<f64>(theta + (<usize>i << 3));
    }
    acc = 1;
    for (let i = p - 1; i >= 0; i--) {
      store<f64>(suf + (<usize>i << 3), acc);
      acc = acc * load<f64>(theta + (<usize>i << 3));
    }
    const r = load<f64>(pre + (<usize>m << 3)) * load<f64>(suf + (<usize>(m - 1) << 3)) - y;
    const rr = r * r;
    if (!(rr <= mx)) {
      if (!(rr < Infinity)) { bad = k; break; }
      mx = rr;
    }
    if (rr < mn) mn = rr;
    if (k == steps) break;
    for (let i = 0; i < p; i++) {
      const o = <usize>i << 3;
      store<f64>(theta + o, load<f64>(theta + o) - r * (eta * (load<f64>(pre + o) * load<f64>(suf + o))));
    }
  }
  if (bad > 0) {
    memory.copy(theta, start, <usize>p << 3);
    single(p, y, eta, theta, bad - 1, work, out); // θ_{bad−1}, the same min and max
    store<f64>(out, <f64>bad, 16);
    return;
  }
  if (bad == 0) memory.copy(theta, start, <usize>p << 3);
  store<f64>(out, 0.5 * mn);
  store<f64>(out, 0.5 * mx, 8);
  store<f64>(out, <f64>bad, 16);
  store<f64>(out, <f64>(bad < 0 ? k : 0), 24);
}

/**
 * Ends trajectory (theta, out) after the lanes: if its loss went non-finite at step `bad`, θ_{bad−1} and the running
 * min/max up to it are rebuilt by replaying bad − 1 steps of the single run from θ₀ (still in `theta`; GD is
 * deterministic, as the single run's own replay); else θ_N (in `th`) and the lane's min/max are written.
 */
function finishLane(p: i32, y: f64, eta: f64, theta: usize, bad: i32, k: i32, mn: f64, mx: f64, work: usize, out: usize): void {
  if (bad < 0) {
    store<f64>(out, 0.5 * mn);
    store<f64>(out, 0.5 * mx, 8);
    store<f64>(out, -1, 16);
    store<f64>(out, <f64>k, 24);
    return;
  }
  if (bad == 0) {
    store<f64>(out, Infinity);
    store<f64>(out, -Infinity, 8);
    store<f64>(out, 0, 16);
    store<f64>(out, 0, 24);
    return;
  }
  single(p, y, eta, theta, bad - 1, work, out); // θ_{bad−1}, with the same min and max
  store<f64>(out, <f64>bad, 16);
}

/**
 * Trajectories i and i+1 in the two lanes, θ as a v128 array in work (lane 0 = trajectory i); segmentGeneral's
 * operations. A lane that goes non-finite only stops counting; finishLane replays it.
 */
function pair(p: i32, y: f64, eta0: f64, eta1: f64, t0: usize, t1: usize, steps: i32, work: usize, o0: usize, o1: usize): void {
  const th2 = work, pre2 = th2 + (<usize>p << 4), suf2 = pre2 + ((<usize>p + 1) << 4);
  for (let i = 0; i < p; i++) {
    v128.store(th2 + (<usize>i << 4), f64x2.replace_lane(f64x2.splat(load<f64>(t0 + (<usize>i << 3))), 1, load<f64>(t1 + (<usize>i << 3))));
  }
  const eta = f64x2.replace_lane(f64x2.splat(eta0), 1, eta1);
  const vy = f64x2.splat(y), one = f64x2.splat(1), inf = f64x2.splat(Infinity);
  let mn = inf, mx = f64x2.splat(-Infinity);
  let active = f64x2.eq(one, one); // all ones: both lanes run
  let bad0 = -1, bad1 = -1;
  const m = p >> 1;
  let k = 0;
  for (; ; k++) {
    let acc = one;
    for (let i = 0; i < p; i++) {
      v128.store(pre2 + (<usize>i << 4), acc);
      acc = f64x2.mul(acc, v128.load(th2 + (<usize>i << 4)));
    }
    acc = one;
    for (let i = p - 1; i >= 0; i--) {
      v128.store(suf2 + (<usize>i << 4), acc);
      acc = f64x2.mul(acc, v128.load(th2 + (<usize>i << 4)));
    }
    const r = f64x2.sub(f64x2.mul(v128.load(pre2 + (<usize>m << 4)), v128.load(suf2 + (<usize>(m - 1) << 4))), vy);
    const rr = f64x2.mul(r, r);
    const fin = f64x2.lt(rr, inf);
    if (v128.any_true(v128.andnot(active, fin))) {
      if (bad0 < 0 && !(f64x2.extract_lane(rr, 0) < Infinity)) bad0 = k;
      if (bad1 < 0 && !(f64x2.extract_lane(rr, 1) < Infinity)) bad1 = k;
      active = v128.and(active, fin);
      if (!v128.any_true(active)) break;
    }
    // rr ≥ 0 and finite in a running lane: max/min are the single run's "if (rr > mx)", "if (rr < mn)".
    mx = f64x2.max(mx, rr);
    mn = f64x2.min(mn, rr);
    if (k == steps) break;
    for (let i = 0; i < p; i++) {
      const o = <usize>i << 4;
      const g = f64x2.mul(v128.load(pre2 + o), v128.load(suf2 + o));
      v128.store(th2 + o, f64x2.sub(v128.load(th2 + o), f64x2.mul(r, f64x2.mul(eta, g))));
    }
  }
  if (bad0 < 0) for (let i = 0; i < p; i++) store<f64>(t0 + (<usize>i << 3), f64x2.extract_lane(v128.load(th2 + (<usize>i << 4)), 0));
  if (bad1 < 0) for (let i = 0; i < p; i++) store<f64>(t1 + (<usize>i << 3), f64x2.extract_lane(v128.load(th2 + (<usize>i << 4)), 1));
  finishLane(p, y, eta0, t0, bad0, k, f64x2.extract_lane(mn, 0), f64x2.extract_lane(mx, 0), work, o0);
  finishLane(p, y, eta1, t1, bad1, k, f64x2.extract_lane(mn, 1), f64x2.extract_lane(mx, 1), work, o1);
}

// @ts-ignore: decorator
@inline function pack(t0: usize, t1: usize, off: i32): v128 {
  return f64x2.replace_lane(f64x2.splat(load<f64>(t0 + off)), 1, load<f64>(t1 + off));
}

// @ts-ignore: decorator
@inline function unpack(t0: usize, t1: usize, off: i32, v: v128, bad0: i32, bad1: i32): void {
  if (bad0 < 0) store<f64>(t0 + off, f64x2.extract_lane(v, 0));
  if (bad1 < 0) store<f64>(t1 + off, f64x2.extract_lane(v, 1));
}

/**
 * Four trajectories for p = 5 in two f64x2 sets (u: j, j+1; v: j+2, j+3), θ in registers: segment5's products, named.
 * Two independent multiply chains per step hide each other's latency.
 */
function quad5(y: f64, etas: usize, t: usize, steps: i32, work: usize, out: usize): void {
  const t0 = t, t1 = t + 40, t2 = t + 80, t3 = t + 120;
  let a = pack(t0, t1, 0), b = pack(t0, t1, 8), c = pack(t0, t1, 16), d = pack(t0, t1, 24), e = pack(t0, t1, 32);
  let a_ = pack(t2, t3, 0), b_ = pack(t2, t3, 8), c_ = pack(t2, t3, 16), d_ = pack(t2, t3, 24), e_ = pack(t2, t3, 32);
  const eta = v128.load(etas), eta_ = v128.load(etas, 16);
  const vy = f64x2.splat(y), inf = f64x2.splat(Infinity);
  let mn = inf, mx = f64x2.splat(-Infinity), mn_ = inf, mx_ = mx;
  let active = f64x2.eq(vy, vy), active_ = active; // all ones (y is finite)
  let bad0 = -1, bad1 = -1, bad2 = -1, bad3 = -1;
  let k = 0;
  for (; ; k++) {
    const p2 = f64x2.mul(a, b), p3 = f64x2.mul(p2, c), p4 = f64x2.mul(p3, d);
    const s3 = f64x2.mul(e, d), s2 = f64x2.mul(s3, c), s1 = f64x2.mul(s2, b);
    const q2 = f64x2.mul(a_, b_), q3 = f64x2.mul(q2, c_), q4 = f64x2.mul(q3, d_);
    const u3 = f64x2.mul(e_, d_), u2 = f64x2.mul(u3, c_), u1 = f64x2.mul(u2, b_);
    const r = f64x2.sub(f64x2.mul(p2, s2), vy);
    const r_ = f64x2.sub(f64x2.mul(q2, u2), vy);
    const rr = f64x2.mul(r, r), rr_ = f64x2.mul(r_, r_);
    const fin = f64x2.lt(rr, inf), fin_ = f64x2.lt(rr_, inf);
    if (v128.any_true(v128.or(v128.andnot(active, fin), v128.andnot(active_, fin_)))) {
      if (bad0 < 0 && !(f64x2.extract_lane(rr, 0) < Infinity)) bad0 = k;
      if (bad1 < 0 && !(f64x2.extract_lane(rr, 1) < Infinity)) bad1 = k;
      if (bad2 < 0 && !(f64x2.extract_lane(rr_, 0) < Infinity)) bad2 = k;
      if (bad3 < 0 && !(f64x2.extract_lane(rr_, 1) < Infinity)) bad3 = k;
      active = v128.and(active, fin);
      active_ = v128.and(active_, fin_);
      if (!v128.any_true(v128.or(active, active_))) break;
    }
    mx = f64x2.max(mx, rr); mn = f64x2.min(mn, rr);
    mx_ = f64x2.max(mx_, rr_); mn_ = f64x2.min(mn_, rr_);
    if (k == steps) break;
    const g1 = f64x2.mul(a, s2), g2 = f64x2.mul(p2, s3), g3 = f64x2.mul(p3, e);
    const h1 = f64x2.mul(a_, u2), h2 = f64x2.mul(q2, u3), h3 = f64x2.mul(q3, e_);
    a = f64x2.sub(a, f64x2.mul(r, f64x2.mul(eta, s1)));
    a_ = f64x2.sub(a_, f64x2.mul(r_, f64x2.mul(eta_, u1)));
    b = f64x2.sub(b, f64x2.mul(r, f64x2.mul(eta, g1)));
    b_ = f64x2.sub(b_, f64x2.mul(r_, f64x2.mul(eta_, h1)));
    c = f64x2.sub(c, f64x2.mul(r, f64x2.mul(eta, g2)));
    c_ = f64x2.sub(c_, f64x2.mul(r_, f64x2.mul(eta_, h2)));
    d = f64x2.sub(d, f64x2.mul(r, f64x2.mul(eta, g3)));
    d_ = f64x2.sub(d_, f64x2.mul(r_, f64x2.mul(eta_, h3)));
    e = f64x2.sub(e, f64x2.mul(r, f64x2.mul(eta, p4)));
    e_ = f64x2.sub(e_, f64x2.mul(r_, f64x2.mul(eta_, q4)));
  }
  unpack(t0, t1, 0, a, bad0, bad1); unpack(t0, t1, 8, b, bad0, bad1); unpack(t0, t1, 16, c, bad0, bad1);
  unpack(t0, t1, 24, d, bad0, bad1); unpack(t0, t1, 32, e, bad0, bad1);
  unpack(t2, t3, 0, a_, bad2, bad3); unpack(t2, t3, 8, b_, bad2, bad3); unpack(t2, t3, 16, c_, bad2, bad3);
  unpack(t2, t3, 24, d_, bad2, bad3); unpack(t2, t3, 32, e_, bad2, bad3);
  finishLane(5, y, load<f64>(etas), t0, bad0, k, f64x2.extract_lane(mn, 0), f64x2.extract_lane(mx, 0), work, out);
  finishLane(5, y, load<f64>(etas, 8), t1, bad1, k, f64x2.extract_lane(mn, 1), f64x2.extract_lane(mx, 1), work, out + 32);
  finishLane(5, y, load<f64>(etas, 16), t2, bad2, k, f64x2.extract_lane(mn_, 0), f64x2.extract_lane(mx_, 0), work, out + 64);
  finishLane(5, y, load<f64>(etas, 24), t3, bad3, k, f64x2.extract_lane(mn_, 1), f64x2.extract_lane(mx_, 1), work, out + 96);
}

/** f64 slots of work deepScalarLanes needs for depth p. */
export function deepScalarLanesWorkSize(p: i32): i32 {
  return 8 * p + 8;
}

/**
 * `count` deep-scalar GD runs of `steps` steps each on ½(θ₁⋯θ_p − y)², trajectory j from θ₀ = thetas[j·p … j·p + p)
 * with step etas[j]; two per loop in the f64x2 lanes (SIMD build). Each trajectory's last finite θ replaces its θ₀,
 * and out[4j … 4j + 4) = minLoss, maxLoss, firstNonFiniteStep (−1: none), stepsRun: bit for bit what its own
 * deepScalarRun gives. work: deepScalarLanesWorkSize(p) f64.
 */
export function deepScalarLanes(p: i32, y: f64, count: i32, etas: usize, thetas: usize, steps: i32, work: usize, out: usize): void {
  const pBytes = <usize>p << 3;
  let j = 0;
  if (ASC_FEATURE_SIMD) {
    if (p == 5) {
      for (; j + 4 <= count; j += 4) quad5(y, etas + (<usize>j << 3), thetas + <usize>j * pBytes, steps, work, out + (<usize>j << 5));
    }
    for (; j + 2 <= count; j += 2) {
      const t0 = thetas + <usize>j * pBytes, t1 = t0 + pBytes;
      const e0 = load<f64>(etas + (<usize>j << 3)), e1 = load<f64>(etas + (<usize>j << 3), 8);
      const o0 = out + (<usize>j << 5), o1 = o0 + 32;
      pair(p, y, e0, e1, t0, t1, steps, work, o0, o1);
    }
  }
  for (; j < count; j++) {
    single(p, y, load<f64>(etas + (<usize>j << 3)), thetas + <usize>j * pBytes, steps, work, out + (<usize>j << 5));
  }
}
