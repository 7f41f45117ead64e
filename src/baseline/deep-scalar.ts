// Pure-JS twin of assembly/models/deep-scalar.ts: the same operations in the
// same order over one heap array with element offsets, bit-identical.
import { symEigJacobi } from "./sym-eig.js";

/** f64 slots of work the deep-scalar kernels need for depth p: pre (p+1), suf (p+1), g (p), hess (p²), eig (p). */
export function deepScalarWorkSize(p: number): number {
  return p * p + 4 * p + 2;
}
export const wPre = (_p: number, w: number): number => w;
export const wSuf = (p: number, w: number): number => w + p + 1;
export const wG = (p: number, w: number): number => w + 2 * p + 2;
const wH = (p: number, w: number): number => w + 3 * p + 2;
const wE = (p: number, w: number): number => w + 3 * p + 2 + p * p;

/** Prefix/suffix products and ∇f at h[theta]; returns f = pre[⌊p/2⌋]·suf[⌊p/2⌋ − 1] (the kernel's order). */
export function deepScalarGrad(h: Float64Array, p: number, theta: number, pre: number, suf: number, g: number): number {
  let acc = 1;
  for (let i = 0; i < p; i++) {
    h[pre + i] = acc;
    acc = acc * h[theta + i];
  }
  h[pre + p] = acc;
  acc = 1;
  for (let i = p - 1; i >= 0; i--) {
    h[suf + i] = acc;
    acc = acc * h[theta + i];
  }
  const m = p >> 1;
  const f = h[pre + m] * h[suf + m - 1];
  for (let i = 0; i < p; i++) h[g + i] = h[pre + i] * h[suf + i];
  return f;
}

function kktMag(th: number, t: number, branch: number): number {
  const at = Math.abs(th);
  let disc = th * th + 4 * t;
  if (disc < 0) disc = 0;
  const sq = Math.sqrt(disc);
  if (branch === 1 && at !== 0) return (2 * t) / (sq + at);
  if (branch === 2) return (-2 * t) / (at + sq);
  return (at + sq) * 0.5;
}

const SCALE_UP = 2 ** 600;
const SCALE_DOWN = 2 ** -600;

function kktProductAtLeast(h: Float64Array, p: number, theta: number, t: number, k: number, branch: number, ay: number): boolean {
  let acc = 1;
  let e = 0;
  for (let i = 0; i < p; i++) {
    acc *= kktMag(h[theta + i], t, i === k ? branch : 0);
    // acc < Infinity: an overflowed factor would spin here forever (twin of the wasm guard).
    while (acc > SCALE_UP && acc < Infinity) { acc *= SCALE_DOWN; e++; }
    while (acc !== 0 && acc < SCALE_DOWN) { acc *= SCALE_UP; e--; }
  }
  let target = ay;
  for (; e > 0; e--) target *= SCALE_DOWN;
  for (; e < 0; e++) target *= SCALE_UP;
  return acc >= target;
}

function kktProduct(h: Float64Array, p: number, theta: number, t: number, k: number, branch: number): number {
  let acc = 1;
  for (let i = 0; i < p; i++) acc *= kktMag(h[theta + i], t, i === k ? branch : 0);
  return acc;
}

let kktDlog = 0;

function kktProductSlope(h: Float64Array, p: number, theta: number, t: number, k: number, branch: number): number {
  let acc = 1;
  let s = 0;
  for (let i = 0; i < p; i++) {
    const th = h[theta + i];
    const b = i === k ? branch : 0;
    const m = kktMag(th, t, b);
    let disc = th * th + 4 * t;
    if (disc < 0) disc = 0;
    acc *= m;
    if (!(acc >= SCALE_DOWN && acc <= SCALE_UP)) return 0;
    s += (b === 2 ? -1.0 : 1.0) / (Math.sqrt(disc) * m);
  }
  kktDlog = s;
  return acc;
}

const cf = new Float64Array(1);
const ci = new BigInt64Array(cf.buffer);
const MAG = 0x7fffffffffffffffn;
const SIGN = -0x8000000000000000n;
function keyOf(t: number): bigint {
  cf[0] = t;
  const b = ci[0];
  return b >= 0n ? b : -(b & MAG);
}
function valOf(k: bigint): number {
  ci[0] = k >= 0n ? k : (-k) | SIGN;
  return cf[0];
}

/** Twin of deepScalarProjectInto (see assembly/models/deep-scalar.ts); offsets are element indices. */
export function deepScalarProjectInto(
  h: Float64Array, p: number, y: number, cStar: number, theta: number, x: number, nrm: number, work: number, res: number,
): number {
  const ay = Math.abs(y);
  let k = 0;
  let minAbs = Infinity;
  let neg = y < 0 ? 1 : 0;
  for (let i = 0; i < p; i++) {
    const th = h[theta + i];
    if (Math.abs(th) < minAbs) { minAbs = Math.abs(th); k = i; }
    if (th < 0) neg ^= 1;
  }
  const thk = h[theta + k];
  let branch = neg;
  let tFalse: number, tTrue: number;
  let iters = 0;
  if (branch === 1) {
    tFalse = 0;
    tTrue = 1;
    while (!kktProductAtLeast(h, p, theta, tTrue, k, 1, ay) && iters < 1100) { tTrue *= 4; iters++; }
  } else {
    const tLo = -(thk * thk) * 0.25;
    if (kktProductAtLeast(h, p, theta, tLo, k, 0, ay) && tLo < 0) {
      branch = 2;
      tTrue = tLo;
      tFalse = 0;
    } else {
      tFalse = tLo;
      tTrue = 1;
      while (!kktProductAtLeast(h, p, theta, tTrue, k, 0, ay) && iters < 1100) { tTrue *= 4; iters++; }
    }
  }
  let kF = keyOf(tFalse), kT = keyOf(tTrue);
  let t0 = branch === 0 && tFalse <= 0 ? 0 : valOf((kF >> 1n) + (kT >> 1n) + (kF & kT & 1n));
  let lastTrue = false;
  let newtonRan = false;
  for (let it = 0; it < 40; it++) {
    const P = kktProductSlope(h, p, theta, t0, k, branch);
    if (P === 0) break;
    newtonRan = true;
    iters++;
    const k0 = keyOf(t0);
    lastTrue = P >= ay;
    if (lastTrue) kT = k0;
    else kF = k0;
    const tn = t0 - (P - ay) / (P * kktDlog);
    if (!Number.isFinite(tn)) break;
    const kn = keyOf(tn);
    if (kn === k0 || !(kF < kT ? kn > kF && kn < kT : kn > kT && kn < kF)) break;
    t0 = tn;
  }
  let scale = Math.abs(t0);
  if (newtonRan && Math.abs(kktDlog) > 0) scale = Math.max(scale, 1 / Math.abs(kktDlog));
  let dt = scale * 2.220446049250313e-16;
  if (!(dt > 0)) dt = 5e-324;
  const width = dt * 0.25;
  while (newtonRan) {
    const from = lastTrue ? kT : kF, to = lastTrue ? kF : kT;
    let kp = keyOf(valOf(from) + (to > from ? dt : -dt));
    if (kp === from) kp = to > from ? from + 1n : from - 1n;
    if (!(to > from ? kp > from && kp < to : kp < from && kp > to)) break;
    iters++;
    const ok = kktProductAtLeast(h, p, theta, valOf(kp), k, branch, ay);
    if (ok) kT = kp;
    else kF = kp;
    if (ok !== lastTrue) break;
    dt *= 4;
  }
  for (;;) {
    const mid = (kF >> 1n) + (kT >> 1n) + (kF & kT & 1n);
    if (mid === kF || mid === kT) break;
    if (Math.abs(valOf(kT) - valOf(kF)) <= width) break;
    iters++;
    if (kktProductAtLeast(h, p, theta, valOf(mid), k, branch, ay)) kT = mid;
    else kF = mid;
  }
  const tA = valOf(kF), tB = valOf(kT);
  const t = Math.abs(kktProduct(h, p, theta, tA, k, branch) - ay) < Math.abs(kktProduct(h, p, theta, tB, k, branch) - ay) ? tA : tB;
  for (let i = 0; i < p; i++) {
    const th = h[theta + i];
    const m = kktMag(th, t, i === k ? branch : 0);
    let s = th >= 0 ? 1 : -1;
    if (i === k && branch === 1) s = -s;
    h[x + i] = s * m;
  }
  const pre = wPre(p, work), suf = wSuf(p, work), g = wG(p, work);
  const fx = deepScalarGrad(h, p, x, pre, suf, g);
  let lam = 0;
  for (let i = 0; i < p; i++) {
    const gi = h[g + i];
    lam += gi * gi;
  }
  const gn = Math.sqrt(lam);
  let perp = 0;
  let dist2 = 0;
  for (let i = 0; i < p; i++) {
    const ni = h[g + i] / gn;
    h[nrm + i] = ni;
    const xi = h[x + i];
    const di = xi !== 0 ? t / xi : xi - h[theta + i];
    perp -= di * ni;
    const e = xi - (xi >= 0 ? cStar : -cStar);
    dist2 += e * e;
  }
  h[res] = perp;
  h[res + 1] = lam;
  h[res + 2] = Math.sqrt(dist2);
  h[res + 3] = Math.abs(fx - y);
  h[res + 4] = t;
  return iters;
}

/** Twin of deepScalarHessianTopInto: λ_max of ∇²ℓ(θ) by dense Jacobi. */
export function deepScalarHessianTopInto(h: Float64Array, p: number, y: number, theta: number, work: number): number {
  const pre = wPre(p, work), suf = wSuf(p, work), g = wG(p, work), hs = wH(p, work), ev = wE(p, work);
  const r = deepScalarGrad(h, p, theta, pre, suf, g) - y;
  for (let i = 0; i < p; i++) {
    const gi = h[g + i];
    h[hs + i * p + i] = gi * gi;
    let mid = 1;
    for (let j = i + 1; j < p; j++) {
      const gj = h[g + j];
      const hij = h[pre + i] * mid * h[suf + j];
      const v = gi * gj + r * hij;
      h[hs + i * p + j] = v;
      h[hs + j * p + i] = v;
      mid = mid * h[theta + j];
    }
  }
  symEigJacobi(h, p, hs, ev, 60);
  let top = -Infinity;
  for (let i = 0; i < p; i++) {
    const v = h[ev + i];
    if (v > top) top = v;
  }
  return top;
}

/** Twin of the exported deepScalarProject: out = [x (p), n (p), θ⊥, λ(x), dist, |f(x) − y|, t]. */
export function deepScalarProject(h: Float64Array, p: number, y: number, cStar: number, theta: number, out: number, work: number): number {
  return deepScalarProjectInto(h, p, y, cStar, theta, out, out + p, work, out + 2 * p);
}
