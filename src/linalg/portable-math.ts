// Portable elementary functions: exp, expm1, log, tanh, sin, cos built only from operations IEEE 754 requires to be
// correctly rounded (+, −, ×, ÷ on doubles, comparisons, and exact reads/writes of a double's bits). The ECMAScript
// standard leaves Math.exp, Math.log, Math.tanh, Math.sin, … "implementation-approximated", and two V8 versions (Node
// 20 and a current Chromium) round them differently in the last bit for a few arguments in a thousand; at the edge
// of stability GD amplifies such a bit into a visibly different run. Every model that promises the same bits in Node
// and in the browser calls these instead (docs/determinism-and-memory.md, docs/design.md §3).
//
// The algorithms are those of fdlibm (Sun Microsystems, 1993; the code V8 itself ported as base/ieee754): argument
// reduction by a two-constant Cody–Waite split of ln 2 or π/2, a fixed minimax polynomial on the reduced range, and
// 2^k built directly in the exponent bits. Each is accurate to < 1 ulp; on the arguments the models use they agree
// with Node 20's Math.* (test/linalg/portable-math.test.ts measures both). No fused multiply-add is ever used (JS
// has none), so every engine computes the same bits.
//
// Bit access goes through one DataView in big-endian order (the DataView default), which every engine defines the
// same way regardless of the machine's byte order.

import { InvalidArgumentError } from "../errors.js";

const buf = new DataView(new ArrayBuffer(8));
/** The high 32 bits (sign, exponent, top of the mantissa) of x, as a signed int32 like fdlibm's GET_HIGH_WORD. */
function highWord(x: number): number { buf.setFloat64(0, x); return buf.getInt32(0); }
function lowWord(x: number): number { buf.setFloat64(0, x); return buf.getUint32(4); }
/** The double with high word hi and low word lo. */
function fromWords(hi: number, lo: number): number { buf.setUint32(0, hi >>> 0); buf.setUint32(4, lo >>> 0); return buf.getFloat64(0); }
/** x with its high word replaced. */
function withHigh(x: number, hi: number): number { const lo = lowWord(x); return fromWords(hi, lo); }

const LN2_HI = 6.93147180369123816490e-01; // 0x3fe62e42 fee00000: k·LN2_HI is exact for |k| < 2^11
const LN2_LO = 1.90821492927058770002e-10; // 0x3dea39ef 35793c76
const INV_LN2 = 1.44269504088896338700e+00;
const TWO54 = 1.80143985094819840000e+16;
const TWO_M1000 = 9.33263618503218878990e-302; // 2^-1000
const O_THRESHOLD = 7.09782712893383973096e+02;
const U_THRESHOLD = -7.45133219101941108420e+02;

// exp: e^r on |r| ≤ ln2/2 through R(r²) = r·(e^r + 1)/(e^r − 1), a degree-5 minimax polynomial in r².
const P1 = 1.66666666666666019037e-01, P2 = -2.77777777770155933842e-03, P3 = 6.61375632143793436117e-05;
const P4 = -1.65339022054652515390e-06, P5 = 4.13813679705723846039e-08;

/**
 * e^x, to < 1 ulp, the same bits in every JavaScript engine (fdlibm's e_exp.c).
 * @example
 * portableExp(1); // 2.718281828459045
 * @category Linear algebra
 */
export function portableExp(x: number): number {
  const hx0 = highWord(x), xsb = (hx0 >>> 31) & 1, hx = hx0 & 0x7fffffff;
  if (hx >= 0x40862e42) { // |x| ≥ 709.78…: overflow, underflow, Inf or NaN
    if (hx >= 0x7ff00000) {
      if (((hx & 0xfffff) | lowWord(x)) !== 0) return x + x; // NaN
      return xsb === 0 ? x : 0; // e^+∞ = +∞, e^−∞ = 0
    }
    if (x > O_THRESHOLD) return Infinity;
    if (x < U_THRESHOLD) return 0;
  }
  let hi = 0, lo = 0, k = 0;
  if (hx > 0x3fd62e42) { // |x| > ln2/2: x = k·ln2 + r
    if (hx < 0x3ff0a2b2) { // and |x| < 1.5·ln2
      hi = xsb === 0 ? x - LN2_HI : x + LN2_HI; lo = xsb === 0 ? LN2_LO : -LN2_LO; k = 1 - xsb - xsb;
    } else {
      k = Math.trunc(INV_LN2 * x + (xsb === 0 ? 0.5 : -0.5));
      hi = x - k * LN2_HI; lo = k * LN2_LO;
    }
    x = hi - lo;
  } else if (hx < 0x3e300000) { // |x| < 2^-28
    return 1 + x;
  }
  const t = x * x;
  const c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k === 0) return 1 - ((x * c) / (c - 2.0) - x);
  const y = 1 - ((lo - (x * c) / (2.0 - c)) - hi);
  if (k >= -1021) {
    if (k === 1024) return y * 2.0 * 8.98846567431158e307; // 2^1023
    return y * fromWords((0x3ff00000 + (k << 20)) | 0, 0);
  }
  return y * fromWords((0x3ff00000 + ((k + 1000) << 20)) | 0, 0) * TWO_M1000;
}

// 2^k for −1074 ≤ k ≤ 1023, each built by exact halvings and doublings of 1 (no bit tricks, no Math.pow).
const POW2 = new Float64Array(2098);
POW2[1074] = 1;
for (let k = 1; k <= 1023; k++) POW2[1074 + k] = POW2[1073 + k] * 2;
for (let k = 1; k <= 1074; k++) POW2[1074 - k] = POW2[1075 - k] * 0.5;
/** 2^k, exactly, for −1074 ≤ k ≤ 1023. */
function pow2(k: number): number { return POW2[1074 + k]; }
// The doubles at fdlibm's high-word thresholds (high word, low word 0): |x| ≥ EXPM1_BIG ⇔ high word ≥ 0x4043687a, …
const EXPM1_BIG = fromWords(0x4043687a, 0); // ≈ 56·ln2
const HALF_LN2_UP = fromWords(0x3fd62e43, 0); // the first double with high word above 0x3fd62e42 (≈ ln2/2)
const THREE_HALVES_LN2 = fromWords(0x3ff0a2b2, 0); // ≈ 1.5·ln2
const TWO_M54 = pow2(-54);
const TWO_M28 = pow2(-28);

// expm1: scaled minimax coefficients of fdlibm's s_expm1.c.
const Q1 = -3.33333333333331316428e-02, Q2 = 1.58730158725481460165e-03, Q3 = -7.93650757867487942473e-05;
const Q4 = 4.00821782732936239552e-06, Q5 = -2.01099218183624371326e-07;

/**
 * e^x − 1 with full relative accuracy near 0, to < 1 ulp, the same bits in every engine (fdlibm's s_expm1.c).
 * @example
 * portableExpm1(1e-10); // 1.00000000005e-10
 * @category Linear algebra
 */
export function portableExpm1(x: number): number {
  // fdlibm tests the high word of x against thresholds; here |x| is compared with the doubles those thresholds
  // stand for (EXPM1_* below), which is the same test without reading bits: tanh calls this in the models'
  // inner loops, where a DataView round trip per call would cost more than the polynomial.
  if (x !== x) return x; // NaN
  const ax = Math.abs(x), neg = x < 0;
  if (ax >= EXPM1_BIG) { // |x| ≥ 56·ln2 (high word 0x4043687a)
    if (ax === Infinity) return neg ? -1 : x;
    if (x > O_THRESHOLD) return Infinity;
    if (neg) return -1; // e^x < 2^-56: e^x − 1 rounds to −1
  }
  let hi: number, lo: number, k: number, c = 0;
  if (ax >= HALF_LN2_UP) { // |x| > ln2/2 (high word > 0x3fd62e42)
    if (ax < THREE_HALVES_LN2) { // and |x| < 1.5·ln2 (high word < 0x3ff0a2b2)
      if (!neg) { hi = x - LN2_HI; lo = LN2_LO; k = 1; } else { hi = x + LN2_HI; lo = -LN2_LO; k = -1; }
    } else {
      k = Math.trunc(INV_LN2 * x + (neg ? -0.5 : 0.5));
      hi = x - k * LN2_HI; lo = k * LN2_LO;
    }
    x = hi - lo;
    c = (hi - x) - lo;
  } else if (ax < TWO_M54) { // |x| < 2^-54 (keeps −0 as −0)
    return x;
  } else k = 0;
  const hfx = 0.5 * x, hxs = x * hfx;
  const r1 = 1 + hxs * (Q1 + hxs * (Q2 + hxs * (Q3 + hxs * (Q4 + hxs * Q5))));
  let t = 3.0 - r1 * hfx;
  let e = hxs * ((r1 - t) / (6.0 - x * t));
  if (k === 0) return x - (x * e - hxs);
  e = x * (e - c) - c;
  e -= hxs;
  if (k === -1) return 0.5 * (x - e) - 0.5;
  if (k === 1) return x < -0.25 ? -2.0 * (e - (x + 0.5)) : 1 + 2.0 * (x - e);
  let y: number;
  if (k <= -2 || k > 56) {
    y = 1 - (e - x);
    y = k === 1024 ? y * 2.0 * 8.98846567431158e307 : y * pow2(k);
    return y - 1;
  }
  if (k < 20) {
    t = 1 - pow2(-k); // exact for k < 53
    y = t - (e - x);
    y = y * pow2(k);
  } else {
    t = pow2(-k);
    y = x - (e + t);
    y += 1;
    y = y * pow2(k);
  }
  return y;
}

/**
 * tanh x, to < 2 ulp, the same bits in every engine (fdlibm's s_tanh.c on {@link portableExpm1}): tanh(±0) = ±0,
 * tanh(x) = x for |x| < 2^-28, ±1 for |x| ≥ 22, −expm1(−2|x|)/(expm1(−2|x|) + 2) below 1 (no cancellation near
 * 0), 1 − 2/(expm1(2|x|) + 2) above.
 * @example
 * portableTanh(0.5); // 0.46211715726000974
 * @category Linear algebra
 */
export function portableTanh(x: number): number {
  if (x !== x) return x; // NaN
  const ax = Math.abs(x);
  let z: number;
  if (ax < 22) {
    if (ax < TWO_M28) return x; // |x| < 2^-28 (and ±0): tanh x = x to the last bit
    if (ax >= 1) {
      const t = portableExpm1(2 * ax);
      z = 1 - 2 / (t + 2);
    } else {
      const t = portableExpm1(-2 * ax);
      z = -t / (t + 2);
    }
  } else z = 1; // also ±Infinity
  return x >= 0 ? z : -z;
}

const LG1 = 6.666666666666735130e-01, LG2 = 3.999999999940941908e-01, LG3 = 2.857142874366239149e-01;
const LG4 = 2.222219843214978396e-01, LG5 = 1.818357216161805012e-01, LG6 = 1.531383769920937332e-01;
const LG7 = 1.479819860511658591e-01;

/**
 * The natural logarithm, to < 1 ulp, the same bits in every engine (fdlibm's e_log.c): x = 2^k·(1 + f) with
 * √2/2 ≤ 1 + f < √2, log(1 + f) = 2s + 2s³/3 + … with s = f/(2 + f) by a minimax polynomial.
 * @example
 * portableLog(Math.E); // 1
 * @category Linear algebra
 */
export function portableLog(x: number): number {
  let hx = highWord(x);
  const lx = lowWord(x);
  let k = 0;
  if (hx < 0x00100000) { // x < 2^-1022
    if (((hx & 0x7fffffff) | lx) === 0) return -Infinity; // log(±0)
    if (hx < 0) return NaN; // log(negative)
    k -= 54; x *= TWO54; // subnormal: scale up
    hx = highWord(x);
  }
  if (hx >= 0x7ff00000) return x + x; // +Inf or NaN
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  const i0 = (hx + 0x95f64) & 0x100000;
  x = withHigh(x, hx | (i0 ^ 0x3ff00000)); // normalise x or x/2
  k += i0 >> 20;
  const f = x - 1.0;
  if ((0x000fffff & (2 + hx)) < 3) { // −2^-20 ≤ f < 2^-20
    if (f === 0) return k === 0 ? 0 : k * LN2_HI + k * LN2_LO;
    const R = f * f * (0.5 - 0.33333333333333333 * f);
    return k === 0 ? f - R : k * LN2_HI - ((R - k * LN2_LO) - f);
  }
  const s = f / (2.0 + f), dk = k, z = s * s, w = z * z;
  let i = hx - 0x6147a;
  const j = 0x6b851 - hx;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  i |= j;
  const R = t2 + t1;
  if (i > 0) {
    const hfsq = 0.5 * f * f;
    return k === 0 ? f - (hfsq - s * (hfsq + R)) : dk * LN2_HI - ((hfsq - (s * (hfsq + R) + dk * LN2_LO)) - f);
  }
  return k === 0 ? f - s * (f - R) : dk * LN2_HI - ((s * (f - R) - dk * LN2_LO) - f);
}

// sin/cos kernels on |x| ≤ π/4 (fdlibm 5.3's k_sin.c, k_cos.c, as ported by V8); y is the tail of the reduced argument x + y.
const S1 = -1.66666666666666324348e-01, S2 = 8.33333333332248946124e-03, S3 = -1.98412698298579493134e-04;
const S4 = 2.75573137070700676789e-06, S5 = -2.50507602534068634195e-08, S6 = 1.58969099521155010221e-10;
const C1 = 4.16666666666666019037e-02, C2 = -1.38888888888741095749e-03, C3 = 2.48015872894767294178e-05;
const C4 = -2.75573143513906633035e-07, C5 = 2.08757232129817482790e-09, C6 = -1.13596475577881948265e-11;

function kernelSin(x: number, y: number, iy: number): number {
  const z = x * x, r = S2 + z * (S3 + z * (S4 + z * (S5 + z * S6))), v = z * x;
  return iy === 0 ? x + v * (S1 + z * r) : x - ((z * (0.5 * y - v * r) - y) - v * S1);
}
function kernelCos(x: number, y: number): number {
  const ix = highWord(x) & 0x7fffffff;
  const z = x * x, r = z * (C1 + z * (C2 + z * (C3 + z * (C4 + z * (C5 + z * C6)))));
  if (ix < 0x3fd33333) return 1 - (0.5 * z - (z * r - x * y)); // |x| < 0.3
  // 1 − z/2 split as (1 − q) − (z/2 − q) with q exact, so the subtraction loses no bits.
  const qx = ix > 0x3fe90000 ? 0.28125 : fromWords(ix - 0x00200000, 0); // 0.28125, or x/4 to 12 bits
  const hz = 0.5 * z - qx, a = 1 - qx;
  return a - (hz - (z * r - x * y));
}

// π/2 in three pieces of 33 bits and their tails (fdlibm's e_rem_pio2.c), so n·PIO2_1 is exact for n < 2^20.
const INV_PIO2 = 6.36619772367581382433e-01;
const PIO2_1 = 1.57079632673412561417e+00, PIO2_1T = 6.07710050650619224932e-11;
const PIO2_2 = 6.07710050630396597660e-11, PIO2_2T = 2.02226624879595063154e-21;
const PIO2_3 = 2.02226624871116645580e-21, PIO2_3T = 8.47842766036889956997e-32;
/** The largest |x| the portable sin and cos reduce (n·π/2 with n < 2^20): the models' arguments are far smaller. */
export const PORTABLE_TRIG_LIMIT = 1647099.0; // just under 2^20·π/2 (0x413921fb)

const rem = new Float64Array(2);
/** x = n·π/2 + (rem[0] + rem[1]), |rem| ≤ π/4, for |x| < 2^20·π/2; returns n (fdlibm's medium-size reduction). */
function remPio2(x: number): number {
  const hx = highWord(x), ix = hx & 0x7fffffff;
  const n = Math.round(x * INV_PIO2) | 0; // round half away differs from rint only at exact halves, harmless here
  const fn = n;
  let r = x - fn * PIO2_1;
  let w = fn * PIO2_1T; // first round: good to 85 bits
  const j = ix >> 20;
  let y0 = r - w;
  let i = j - ((highWord(y0) >> 20) & 0x7ff);
  if (i > 16) { // second iteration: good to 118 bits
    let t = r;
    w = fn * PIO2_2;
    r = t - w;
    w = fn * PIO2_2T - ((t - r) - w);
    y0 = r - w;
    i = j - ((highWord(y0) >> 20) & 0x7ff);
    if (i > 49) { // third iteration: 151 bits
      t = r;
      w = fn * PIO2_3;
      r = t - w;
      w = fn * PIO2_3T - ((t - r) - w);
      y0 = r - w;
    }
  }
  rem[0] = y0;
  rem[1] = (r - y0) - w;
  return n;
}

function checkTrig(name: string, x: number): void {
  if (Math.abs(x) > PORTABLE_TRIG_LIMIT) throw new InvalidArgumentError(`${name}: |x| must be ≤ ${PORTABLE_TRIG_LIMIT}, got ${x}`);
}

/**
 * sin x for |x| ≤ {@link PORTABLE_TRIG_LIMIT}, to < 1 ulp, the same bits in every engine (fdlibm's s_sin.c with
 * the medium-size Cody–Waite reduction by π/2). NaN and ±Infinity give NaN; larger |x| throw an InvalidArgumentError.
 * @example
 * portableSin(Math.PI / 6); // 0.49999999999999994
 * @category Linear algebra
 */
export function portableSin(x: number): number {
  const ix = highWord(x) & 0x7fffffff;
  if (ix <= 0x3fe921fb) return ix < 0x3e500000 ? x : kernelSin(x, 0, 0); // |x| ≤ π/4 (|x| < 2^-26: x, keeps −0)
  if (ix >= 0x7ff00000) return NaN;
  checkTrig("portableSin", x);
  const n = remPio2(x);
  switch (n & 3) {
    case 0: return kernelSin(rem[0], rem[1], 1);
    case 1: return kernelCos(rem[0], rem[1]);
    case 2: return -kernelSin(rem[0], rem[1], 1);
    default: return -kernelCos(rem[0], rem[1]);
  }
}

/**
 * cos x for |x| ≤ {@link PORTABLE_TRIG_LIMIT}, to < 1 ulp, the same bits in every engine (fdlibm's s_cos.c).
 * @example
 * portableCos(0); // 1
 * @category Linear algebra
 */
export function portableCos(x: number): number {
  const ix = highWord(x) & 0x7fffffff;
  if (ix <= 0x3fe921fb) return ix < 0x3e46a09e ? 1 : kernelCos(x, 0); // |x| ≤ π/4 (|x| < 2^-27·√2: 1)
  if (ix >= 0x7ff00000) return NaN;
  checkTrig("portableCos", x);
  const n = remPio2(x);
  switch (n & 3) {
    case 0: return kernelCos(rem[0], rem[1]);
    case 1: return -kernelSin(rem[0], rem[1], 1);
    case 2: return -kernelCos(rem[0], rem[1]);
    default: return kernelSin(rem[0], rem[1], 1);
  }
}

/** The rounding error of a·b, exactly (Dekker's product: a·b = hi + twoProductError(a, b, hi) with hi = a·b). */
function twoProductError(a: number, b: number, hi: number): number {
  const SPLIT = 134217729; // 2^27 + 1: splits a double into two 26-bit halves
  let t = SPLIT * a;
  const ah = t - (t - a), al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b), bl = b - bh;
  return ((ah * bh - hi) + ah * bl + al * bh) + al * bl;
}

// Double-double arithmetic (a value is hi + lo with |lo| ≤ ulp(hi)/2): about 106 bits from exact IEEE operations,
// for pow, which must not inherit log's and exp's last-bit errors multiplied by |y·log x|.
type DD = [number, number];
function twoSum(a: number, b: number): DD {
  const s = a + b, bb = s - a;
  return [s, (a - (s - bb)) + (b - bb)];
}
function quickTwoSum(a: number, b: number): DD { const s = a + b; return [s, b - (s - a)]; }
function ddAdd(a: DD, b: DD): DD { const [s, e] = twoSum(a[0], b[0]); return quickTwoSum(s, e + a[1] + b[1]); }
function ddMul(a: DD, b: DD): DD {
  const p = a[0] * b[0];
  return quickTwoSum(p, twoProductError(a[0], b[0], p) + (a[0] * b[1] + a[1] * b[0]));
}
function ddDiv(a: DD, b: DD): DD {
  const q1 = a[0] / b[0];
  let r = ddAdd(a, ddMul([-q1, 0], b));
  const q2 = r[0] / b[0];
  r = ddAdd(r, ddMul([-q2, 0], b));
  const q3 = r[0] / b[0];
  return ddAdd(quickTwoSum(q1, q2), [q3, 0]);
}
const LN2_DD: DD = [6.93147180559945309417e-01, 2.31904681384629955842e-17];
const DD_EPS = 2 ** -110; // series are summed until a term is below this relative to the sum

/** log x in double-double, x > 0 finite: x = 2^k·m, √½ ≤ m < √2, log m = 2·atanh((m − 1)/(m + 1)) summed in full. */
function ddLog(x: number): DD {
  let k = 0;
  if (x < 2.2250738585072014e-308) { x *= TWO54; k -= 54; }
  const hx = highWord(x);
  k += (hx >> 20) - 1023;
  let m = withHigh(x, (hx & 0x000fffff) | 0x3ff00000); // [1, 2)
  if (m > Math.SQRT2) { m *= 0.5; k += 1; }
  const s = ddDiv([m - 1, 0], twoSum(m, 1)); // m − 1 is exact (Sterbenz)
  const s2 = ddMul(s, s);
  let term = s, sum = s;
  for (let j = 3; j < 200; j += 2) {
    term = ddMul(term, s2);
    const add = ddDiv(term, [j, 0]);
    sum = ddAdd(sum, add);
    if (Math.abs(add[0]) <= DD_EPS * Math.abs(sum[0])) break;
  }
  return ddAdd([2 * sum[0], 2 * sum[1]], ddMul([k, 0], LN2_DD));
}

/** e^a rounded once to a double, a in double-double with |a| ≤ 746: a = k·ln2 + r, Taylor series of e^r in full. */
function ddExpToDouble(a: DD): number {
  if (a[0] > O_THRESHOLD + 1) return Infinity;
  if (a[0] < U_THRESHOLD - 1) return 0;
  const k = Math.round(a[0] / LN2_DD[0]);
  const r = ddAdd(a, ddMul([-k, 0], LN2_DD));
  let term: DD = [1, 0], sum: DD = [1, 0];
  for (let j = 1; j < 60; j++) {
    term = ddDiv(ddMul(term, r), [j, 0]);
    sum = ddAdd(sum, term);
    if (Math.abs(term[0]) <= DD_EPS * Math.abs(sum[0])) break;
  }
  const v = sum[0] + sum[1];
  // 2^k in at most two exact factors (each within the normal range), so only the final product rounds.
  if (k > 1000) return v * fromWords(0x3ff00000 + (1000 << 20), 0) * fromWords((0x3ff00000 + ((k - 1000) << 20)) | 0, 0);
  if (k < -1000) return v * fromWords((0x3ff00000 - (1000 << 20)) | 0, 0) * fromWords((0x3ff00000 + ((k + 1000) << 20)) | 0, 0);
  return v * fromWords((0x3ff00000 + (k << 20)) | 0, 0);
}

/**
 * x^y for x ≥ 0, the same bits in every engine: e^{y·log x} with log x, the product and e^{…} carried in
 * double-double (about 106 bits) and rounded once at the end, so the result is the correctly rounded x^y except in
 * rare hard cases (then within 1 ulp). Math.pow is not specified to agree between engines (docs/determinism-and-memory.md).
 * It costs a few microseconds: for closed forms and starting points, not for inner loops.
 * @example
 * portablePow(8, 1 / 3); // 2
 * @category Linear algebra
 */
export function portablePow(x: number, y: number): number {
  if (Number.isNaN(x) || Number.isNaN(y)) return NaN;
  if (y === 0 || x === 1) return 1;
  if (x < 0) throw new InvalidArgumentError(`portablePow: the base must be ≥ 0, got ${x}`);
  if (y === 1) return x;
  if (y === 2) return x * x;
  if (y === 0.5 && x !== Infinity) return Math.sqrt(x);
  if (x === 0) return y > 0 ? 0 : Infinity;
  if (x === Infinity) return y > 0 ? Infinity : 0;
  if (!Number.isFinite(y)) return (x > 1) === (y > 0) ? Infinity : 0;
  const l = ddLog(x);
  const hi = y * l[0];
  if (hi > O_THRESHOLD + 1) return Infinity;
  if (hi < U_THRESHOLD - 1) return 0;
  return ddExpToDouble(ddMul([y, 0], l));
}

/**
 * √(Σ xᵢ²) without overflow: V8's own Math.hypot algorithm (scale by the largest |xᵢ|, Kahan-compensated sum of
 * squares, one square root), written out so that every engine gives the same bits. ±Infinity anywhere gives
 * Infinity, else NaN anywhere gives NaN.
 * @example
 * portableHypot([3, 4]); // 5
 * @category Linear algebra
 */
export function portableHypot(xs: ArrayLike<number>): number {
  let max = 0, nan = false;
  for (let i = 0; i < xs.length; i++) {
    const a = Math.abs(xs[i]);
    if (Number.isNaN(a)) nan = true;
    else if (a > max) max = a;
  }
  if (max === Infinity) return Infinity;
  if (nan) return NaN;
  if (max === 0) return 0;
  let sum = 0, compensation = 0;
  for (let i = 0; i < xs.length; i++) {
    const n = Math.abs(xs[i]) / max;
    const summand = n * n - compensation;
    const preliminary = sum + summand;
    compensation = (preliminary - sum) - summand;
    sum = preliminary;
  }
  return Math.sqrt(sum) * max;
}
