// Deep scalar factorisation f(θ) = θ₁⋯θ_p (docs/design.md §1, the paper's model):
// gradient by prefix/suffix products (no division, so zero entries are fine),
// the exact projection onto M = {f = y} (KKT + bisection), and λ(θ), the top
// eigenvalue of the full Hessian ∇²ℓ(θ) = ∇f∇fᵀ + (f − y)∇²f.
//
// Operation order is part of the contract: src/baseline/deep-scalar.ts does
// the same operations in the same order, and both wasm builds compile this
// scalar code, so all backends agree bit for bit.
import { symEigJacobi } from "../linalg/sym-eig";

// Exact powers of two for rescaling a running product: 2^600 and 2^−600.
const SCALE_UP: f64 = 4.149515568880993e180;
const SCALE_DOWN: f64 = 2.409919865102884e-181;

// Work layout (f64 slots) for a depth-p model: pre (p+1), suf (p+1), g (p), hess (p²), eig (p).
// @ts-ignore: decorator
@inline export function wPre(p: i32, w: usize): usize { return w; }
// @ts-ignore: decorator
@inline export function wSuf(p: i32, w: usize): usize { return w + (<usize>(p + 1) << 3); }
// @ts-ignore: decorator
@inline export function wG(p: i32, w: usize): usize { return w + (<usize>(2 * p + 2) << 3); }
// @ts-ignore: decorator
@inline export function wH(p: i32, w: usize): usize { return w + (<usize>(3 * p + 2) << 3); }
// @ts-ignore: decorator
@inline export function wE(p: i32, w: usize): usize { return w + (<usize>(3 * p + 2 + p * p) << 3); }

/** f64 slots of work the deep-scalar kernels need for depth p. */
export function deepScalarWorkSize(p: i32): i32 {
  return p * p + 4 * p + 2;
}

/**
 * pre[i] = θ₀⋯θ_{i−1} (pre[0] = 1), suf[i] = θ_{i+1}⋯θ_{p−1} (suf[p−1] = 1),
 * g[i] = pre[i]·suf[i] = ∂f/∂θ_i. Returns f = pre[m]·suf[m−1] with m = ⌊p/2⌋:
 * the two half products, so f is ~p/2 multiplications deep instead of p
 * (a shorter dependency chain in the GD loop). This order is the contract.
 */
export function deepScalarGrad(p: i32, theta: usize, pre: usize, suf: usize, g: usize): f64 {
  let acc: f64 = 1;
  for (let i = 0; i < p; i++) {
    store<f64>(pre + (<usize>i << 3), acc);
    acc = acc * load<f64>(theta + (<usize>i << 3));
  }
  store<f64>(pre + (<usize>p << 3), acc);
  acc = 1;
  for (let i = p - 1; i >= 0; i--) {
    store<f64>(suf + (<usize>i << 3), acc);
    acc = acc * load<f64>(theta + (<usize>i << 3));
  }
  const m = p >> 1;
  const f = load<f64>(pre + (<usize>m << 3)) * load<f64>(suf + (<usize>(m - 1) << 3));
  for (let i = 0; i < p; i++) {
    const o = <usize>i << 3;
    store<f64>(g + o, load<f64>(pre + o) * load<f64>(suf + o));
  }
  return f;
}

/**
 * |x_i(t)| on the KKT curve x_i(x_i − θ_i) = t (docs/design.md §1 with t = αy), in
 * cancellation-free forms. branch 0: the root of θ_i's sign,
 * (|θ_i| + √(θ_i² + 4t))/2, increasing in t. branch 1 (t ≥ 0): the root of
 * the opposite sign, 2t/(√(θ_i² + 4t) + |θ_i|), also increasing. branch 2
 * (t < 0): the smaller root of θ_i's sign, −2t/(|θ_i| + √(θ_i² + 4t)).
 */
// @ts-ignore: decorator
@inline function kktMag(th: f64, t: f64, branch: i32): f64 {
  const at = Math.abs(th);
  let disc = th * th + 4 * t;
  if (disc < 0) disc = 0;
  const sq = Math.sqrt(disc);
  if (branch == 1 && at != 0) return (2 * t) / (sq + at);
  if (branch == 2) return (-2 * t) / (at + sq);
  return (at + sq) * 0.5;
}

/** Whether Π|x_i(t)| ≥ ay, with exact power-of-two rescaling so no partial product overflows. */
function kktProductAtLeast(p: i32, theta: usize, t: f64, k: i32, branch: i32, ay: f64): bool {
  let acc: f64 = 1;
  let e = 0;
  for (let i = 0; i < p; i++) {
    acc *= kktMag(load<f64>(theta + (<usize>i << 3)), t, i == k ? branch : 0);
    // acc < Infinity: an overflowed factor (θ_i² or t beyond f64) would spin
    // here forever; an infinite product then simply counts as ≥ |y|.
    while (acc > SCALE_UP && acc < Infinity) { acc *= SCALE_DOWN; e++; }
    while (acc != 0 && acc < SCALE_DOWN) { acc *= SCALE_UP; e--; }
  }
  let target = ay;
  for (; e > 0; e--) target *= SCALE_DOWN;
  for (; e < 0; e++) target *= SCALE_UP;
  return acc >= target;
}

/** Π|x_i(t)| without rescaling (used only near the solution, where it is ≈ |y|). */
function kktProduct(p: i32, theta: usize, t: f64, k: i32, branch: i32): f64 {
  let acc: f64 = 1;
  for (let i = 0; i < p; i++) acc *= kktMag(load<f64>(theta + (<usize>i << 3)), t, i == k ? branch : 0);
  return acc;
}

// Slope of log Π|x_i(t)| (d|x_i|/dt = ±1/√(θ_i² + 4t)), set by kktProductSlope.
let kktDlog: f64 = 0;

/**
 * Π|x_i(t)| and, in kktDlog, d/dt log Π|x_i(t)|, for Newton steps near the
 * solution. Returns 0 when a partial product leaves [2^−600, 2^600] (where
 * the rescaled predicate would differ): the caller then bisects.
 */
function kktProductSlope(p: i32, theta: usize, t: f64, k: i32, branch: i32): f64 {
  let acc: f64 = 1;
  let s: f64 = 0;
  for (let i = 0; i < p; i++) {
    const th = load<f64>(theta + (<usize>i << 3));
    const b = i == k ? branch : 0;
    const m = kktMag(th, t, b);
    let disc = th * th + 4 * t;
    if (disc < 0) disc = 0;
    acc *= m;
    if (!(acc >= SCALE_DOWN && acc <= SCALE_UP)) return 0;
    s += (b == 2 ? -1.0 : 1.0) / (Math.sqrt(disc) * m);
  }
  kktDlog = s;
  return acc;
}

// Doubles ordered as integers (−0 and +0 both map to 0), so bisection on
// the key reaches adjacent doubles in at most 64 halvings.
// @ts-ignore: decorator
@inline function keyOf(t: f64): i64 {
  const b = reinterpret<i64>(t);
  return b >= 0 ? b : -(b & 0x7fffffffffffffff);
}
// @ts-ignore: decorator
@inline function valOf(k: i64): f64 {
  return k >= 0 ? reinterpret<f64>(k) : reinterpret<f64>((-k) | (<i64>1 << 63));
}

/**
 * The nearest point x of M = {Π x_i = y} to θ (docs/design.md §1): every x_i solves
 * x_i(x_i − θ_i) = t for one t. Let k be the first index of the smallest |θ_i|.
 *  - sign(Π sign θ_i) = sign(y) (sign(±0) = +): all roots of θ's signs; Π|x_i(t)|
 *    increases on [−θ_k²/4, ∞) and t is found to adjacent doubles (bracketing: see below).
 *    If even Π|x(−θ_k²/4)| ≥ |y| (θ far from M), x_k takes the smaller root
 *    instead and t is bisected on [−θ_k²/4, 0] (a KKT point of that branch).
 *  - otherwise exactly one sign must change, and changing the smallest |θ_k|
 *    is nearest (swapping two magnitudes shows it): x_k takes the opposite
 *    root, t ≥ 0.
 * The bracket is tightened by safeguarded Newton steps, then by probing
 * outwards from the last Newton point, then closed by bisection on the
 * ordered keys, down to adjacent doubles or, near t = 0, to a width below
 * the resolution of Π in t (2^−54/|d log Π/dt|).
 * Writes x (p) and n = ∇f(x)/‖∇f(x)‖ (p); res[0..4] = θ⊥ = (θ − x)·n,
 * λ(x) = ‖∇f(x)‖², ‖x − θ∥*‖ with θ∥*_i = cStar·sign(x_i), |f(x) − y|, t.
 * θ − x = −t/x_i is formed without cancellation. Returns the bisection steps.
 */
export function deepScalarProjectInto(
  p: i32, y: f64, cStar: f64, theta: usize, x: usize, nrm: usize, work: usize, res: usize,
): i32 {
  const ay = Math.abs(y);
  let k = 0;
  let minAbs = Infinity;
  let neg = y < 0 ? 1 : 0;
  for (let i = 0; i < p; i++) {
    const th = load<f64>(theta + (<usize>i << 3));
    if (Math.abs(th) < minAbs) { minAbs = Math.abs(th); k = i; }
    if (th < 0) neg ^= 1;
  }
  const thk = load<f64>(theta + (<usize>k << 3));
  let branch = neg; // 1: one sign must change
  let tFalse: f64, tTrue: f64; // Π < |y| at tFalse, Π ≥ |y| at tTrue
  let iters = 0;
  if (branch == 1) {
    tFalse = 0;
    tTrue = 1;
    while (!kktProductAtLeast(p, theta, tTrue, k, 1, ay) && iters < 1100) { tTrue *= 4; iters++; }
  } else {
    const tLo = -(thk * thk) * 0.25;
    if (kktProductAtLeast(p, theta, tLo, k, 0, ay) && tLo < 0) {
      branch = 2;
      tTrue = tLo;
      tFalse = 0;
    } else {
      tFalse = tLo;
      tTrue = 1;
      while (!kktProductAtLeast(p, theta, tTrue, k, 0, ay) && iters < 1100) { tTrue *= 4; iters++; }
    }
  }
  let kF = keyOf(tFalse), kT = keyOf(tTrue);
  // Safeguarded Newton on Π|x(t)| = |y| inside the bracket: every iterate
  // tightens one side; stop when a step would leave the bracket or stalls.
  let t0: f64 = branch == 0 && tFalse <= 0 ? 0 : valOf((kF >> 1) + (kT >> 1) + (kF & kT & 1));
  let lastTrue = false;
  let newtonRan = false;
  for (let it = 0; it < 40; it++) {
    const P = kktProductSlope(p, theta, t0, k, branch);
    if (P == 0) break;
    newtonRan = true;
    iters++;
    const k0 = keyOf(t0);
    lastTrue = P >= ay;
    if (lastTrue) kT = k0;
    else kF = k0;
    const tn = t0 - (P - ay) / (P * kktDlog);
    if (!isFinite(tn)) break;
    const kn = keyOf(tn);
    if (kn == k0 || !(kF < kT ? kn > kF && kn < kT : kn > kT && kn < kF)) break;
    t0 = tn;
  }
  // Probe from the last Newton point towards the other side at distances
  // δ, 4δ, 16δ, … with δ = 2^−52·max(|t|, 1/|d log Π/dt|): the smallest
  // change of t that can change Π. A bracket narrower than δ/4 is final.
  let scale = Math.abs(t0);
  if (newtonRan && Math.abs(kktDlog) > 0) scale = Math.max(scale, 1 / Math.abs(kktDlog));
  let dt = scale * 2.220446049250313e-16;
  if (!(dt > 0)) dt = 5e-324;
  const width = dt * 0.25;
  while (newtonRan) {
    const from = lastTrue ? kT : kF, to = lastTrue ? kF : kT;
    let kp = keyOf(valOf(from) + (to > from ? dt : -dt));
    if (kp == from) kp = to > from ? from + 1 : from - 1;
    if (!(to > from ? kp > from && kp < to : kp < from && kp > to)) break;
    iters++;
    const ok = kktProductAtLeast(p, theta, valOf(kp), k, branch, ay);
    if (ok) kT = kp;
    else kF = kp;
    if (ok != lastTrue) break;
    dt *= 4;
  }
  while (true) {
    const mid = (kF >> 1) + (kT >> 1) + (kF & kT & 1);
    if (mid == kF || mid == kT) break;
    if (Math.abs(valOf(kT) - valOf(kF)) <= width) break;
    iters++;
    if (kktProductAtLeast(p, theta, valOf(mid), k, branch, ay)) kT = mid;
    else kF = mid;
  }
  const tA = valOf(kF), tB = valOf(kT);
  const t = Math.abs(kktProduct(p, theta, tA, k, branch) - ay) < Math.abs(kktProduct(p, theta, tB, k, branch) - ay) ? tA : tB;
  for (let i = 0; i < p; i++) {
    const o = <usize>i << 3;
    const th = load<f64>(theta + o);
    let m = kktMag(th, t, i == k ? branch : 0);
    let s: f64 = th >= 0 ? 1 : -1;
    if (i == k && branch == 1) s = -s;
    store<f64>(x + o, s * m);
  }
  const pre = wPre(p, work), suf = wSuf(p, work), g = wG(p, work);
  const fx = deepScalarGrad(p, x, pre, suf, g);
  let lam: f64 = 0;
  for (let i = 0; i < p; i++) {
    const gi = load<f64>(g + (<usize>i << 3));
    lam += gi * gi;
  }
  const gn = Math.sqrt(lam);
  let perp: f64 = 0;
  let dist2: f64 = 0;
  for (let i = 0; i < p; i++) {
    const o = <usize>i << 3;
    const ni = load<f64>(g + o) / gn;
    store<f64>(nrm + o, ni);
    const xi = load<f64>(x + o);
    const di = xi != 0 ? t / xi : xi - load<f64>(theta + o); // x_i − θ_i
    perp -= di * ni;
    const e = xi - (xi >= 0 ? cStar : -cStar);
    dist2 += e * e;
  }
  store<f64>(res, perp);
  store<f64>(res, lam, 8);
  store<f64>(res, Math.sqrt(dist2), 16);
  store<f64>(res, Math.abs(fx - y), 24);
  store<f64>(res, t, 32);
  return iters;
}

/**
 * λ(θ): the top eigenvalue of ∇²ℓ(θ) = ∇f∇fᵀ + (f − y)∇²f, with
 * ∇²f_ij = Π_{k≠i,j} θ_k = pre[i]·(θ_{i+1}⋯θ_{j−1})·suf[j] for i < j and a zero
 * diagonal (docs/design.md §1, "λ(θ∥) is not λ(θ)"). Dense p×p Jacobi.
 */
export function deepScalarHessianTopInto(p: i32, y: f64, theta: usize, work: usize): f64 {
  const pre = wPre(p, work), suf = wSuf(p, work), g = wG(p, work), h = wH(p, work), ev = wE(p, work);
  const r = deepScalarGrad(p, theta, pre, suf, g) - y;
  const row = <usize>p << 3;
  for (let i = 0; i < p; i++) {
    const gi = load<f64>(g + (<usize>i << 3));
    store<f64>(h + <usize>i * row + (<usize>i << 3), gi * gi);
    let mid: f64 = 1;
    for (let j = i + 1; j < p; j++) {
      const gj = load<f64>(g + (<usize>j << 3));
      const hij = load<f64>(pre + (<usize>i << 3)) * mid * load<f64>(suf + (<usize>j << 3));
      const v = gi * gj + r * hij;
      store<f64>(h + <usize>i * row + (<usize>j << 3), v);
      store<f64>(h + <usize>j * row + (<usize>i << 3), v);
      mid = mid * load<f64>(theta + (<usize>j << 3));
    }
  }
  symEigJacobi(p, h, ev, 60);
  let top = -Infinity;
  for (let i = 0; i < p; i++) {
    const v = load<f64>(ev + (<usize>i << 3));
    if (v > top) top = v;
  }
  return top;
}

/** Exported: the projection of θ onto M (see deepScalarProjectInto); out = [x (p), n (p), θ⊥, λ(x), dist, |f(x) − y|, t]. */
export function deepScalarProject(p: i32, y: f64, cStar: f64, theta: usize, out: usize, work: usize): i32 {
  const x = out, nrm = out + (<usize>p << 3), res = out + (<usize>(2 * p) << 3);
  return deepScalarProjectInto(p, y, cStar, theta, x, nrm, work, res);
}

/** Exported: λ(θ), the top eigenvalue of the full Hessian of ℓ at θ. */
export function deepScalarHessianTop(p: i32, y: f64, theta: usize, work: usize): f64 {
  return deepScalarHessianTopInto(p, y, theta, work);
}
