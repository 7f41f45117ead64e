// The portable elementary functions (src/linalg/portable-math.ts), checked two independent ways:
// 1. against a high-precision reference computed here in BigInt fixed point (FRAC = 320 fraction bits: Taylor
//    series for exp, sin and cos, the atanh series for log, π by Machin's formula), in ulps of the double result;
// 2. against this engine's Math.* over dense sweeps, in ulps (the ECMAScript standard lets Math.* err, so this is a
//    bound, not equality), plus the IEEE edge cases (±0 keeps its sign, tiny, huge, NaN, ±Infinity).
import { describe, expect, it } from "vitest";
import { portableCos, portableExp, portableExpm1, portableHypot, portableLog, portablePow, portableSin, portableTanh, PORTABLE_TRIG_LIMIT } from "../../src/linalg/portable-math.js";
import { InvalidArgumentError } from "../../src/errors.js";

// ---------- ulps between doubles ----------
const f64 = new Float64Array(1), i64 = new BigInt64Array(f64.buffer);
/** The double's position on the number line of doubles (−0 and +0 both 0). */
function ordinal(x: number): bigint { f64[0] = x; const b = i64[0]; return b < 0n ? -(b & 0x7fffffffffffffffn) : b; }
const ulpsApart = (a: number, b: number) => Math.abs(Number(ordinal(a) - ordinal(b)));

// ---------- BigInt fixed point: a value v is the integer round(v·2^FRAC) ----------
const FRAC = 320n, ONE = 1n << FRAC;
/** A double, exactly, in fixed point (|x| ≥ 2^-260 so no bit is lost). */
function fix(x: number): bigint {
  f64[0] = x;
  const bits = i64[0], neg = bits < 0n, e = Number((bits >> 52n) & 0x7ffn), frac = bits & 0xfffffffffffffn;
  const mant = e === 0 ? frac : frac | (1n << 52n), exp = BigInt((e === 0 ? 1 : e) - 1075) + FRAC;
  const v = exp >= 0n ? mant << exp : mant >> -exp;
  return neg ? -v : v;
}
const mul = (a: bigint, b: bigint) => (a * b) >> FRAC;
const div = (a: bigint, b: bigint) => (a << FRAC) / b;
function expFix(a: bigint): bigint { // e^a: halve 16 times, Taylor, square back
  const s = 16n;
  const r = a >> s;
  let term = ONE, sum = ONE;
  for (let j = 1n; term !== 0n; j++) { term = mul(term, r) / j; sum += term; }
  for (let i = 0n; i < s; i++) sum = mul(sum, sum);
  return sum;
}
function atanhFix(s: bigint): bigint {
  const s2 = mul(s, s);
  let p = s, sum = s;
  for (let j = 3n; p !== 0n; j += 2n) { p = mul(p, s2); sum += p / j; }
  return sum;
}
const LN2 = 2n * atanhFix(div(ONE, 3n * ONE));
function logFix(x: number): bigint { // x > 0: x = m·2^k with m in [1, 2)
  let k = 0, m = x;
  while (m >= 2) { m /= 2; k++; }
  while (m < 1) { m *= 2; k--; }
  const M = fix(m);
  return 2n * atanhFix(div(M - ONE, M + ONE)) + BigInt(k) * LN2;
}
function atanInvFix(n: bigint): bigint { // atan(1/n)
  let p = ONE / n, sum = p, sign = -1n;
  for (let j = 3n; p !== 0n; j += 2n) { p = p / (n * n); sum += (sign * p) / j; sign = -sign; }
  return sum;
}
const PI = 16n * atanInvFix(5n) - 4n * atanInvFix(239n);
function sinCosFix(x: number): [bigint, bigint] {
  const T = 2n * PI;
  let r = ((fix(x) % T) + T) % T;
  if (r > PI) r -= T;
  const r2 = mul(r, r);
  let ts = r, s = r, tc = ONE, c = ONE;
  for (let j = 1n; ts !== 0n || tc !== 0n; j++) {
    ts = -mul(ts, r2) / ((2n * j) * (2n * j + 1n)); s += ts;
    tc = -mul(tc, r2) / ((2n * j - 1n) * (2n * j)); c += tc;
  }
  return [s, c];
}
/** How many ulps of the double `got` it lies from the fixed-point value `ref` (ref not 0). */
function ulpsFromRef(got: number, ref: bigint): number {
  const mag = ref < 0n ? -ref : ref;
  const e = mag.toString(2).length - 1 - Number(FRAC); // ⌊log2 |ref|⌋
  const diff = fix(got) - ref;
  const shift = 52 - e; // one ulp of ref is 2^(e − 52)
  const scaled = shift >= 0 ? diff << BigInt(shift) : diff >> BigInt(-shift);
  return Math.abs(Number(scaled) / 2 ** Number(FRAC));
}

/** Arguments spread over [lo, hi] with an irrational step, so they hit no special pattern (and no random seed). */
function spread(lo: number, hi: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => lo + (hi - lo) * ((i * 0.6180339887498949 + 0.5 / n) % 1));
}

describe("portable math against a BigInt fixed-point reference", () => {
  it("the reference itself: ln 2 and π to the digits everyone knows", () => {
    expect(Number(LN2) / 2 ** 320).toBe(Math.LN2);
    expect(Number(PI) / 2 ** 320).toBe(Math.PI);
    expect(ulpsFromRef(0.5, div(ONE, 2n * ONE))).toBe(0);
    expect(ulpsFromRef(1 + 2 ** -52, ONE)).toBe(1);
  });

  it("exp and expm1 are within 1 ulp on [−40, 40]", () => {
    let worstExp = 0, worstExpm1 = 0;
    for (const x of [...spread(-40, 40, 300), ...spread(-1, 1, 100), 0.34657359027997264, 1e-5, -3e-8]) {
      const E = expFix(fix(x));
      worstExp = Math.max(worstExp, ulpsFromRef(portableExp(x), E));
      if (Math.abs(x) > 2 ** -40) worstExpm1 = Math.max(worstExpm1, ulpsFromRef(portableExpm1(x), E - ONE));
    }
    expect(worstExp).toBeLessThan(1);
    expect(worstExpm1).toBeLessThan(1);
  }, 60_000);

  it("tanh is within 2 ulp (in fact < 1) on [−21, 21], near 0 included", () => {
    let worst = 0;
    for (const x of [...spread(-21, 21, 300), ...spread(-1e-3, 1e-3, 50), 1e-8, -2e-9, 0.5493, 1, -1]) {
      const E = expFix(fix(2 * x));
      const T = div(E - ONE, E + ONE);
      worst = Math.max(worst, ulpsFromRef(portableTanh(x), T));
    }
    expect(worst).toBeLessThan(2);
  }, 60_000);

  it("log is within 1 ulp from 1e-300 to 1e300 and next to 1", () => {
    let worst = 0;
    const xs = [...spread(0.01, 100, 200), ...spread(0.999, 1.001, 50), ...spread(-690, 690, 100).map((t) => Math.exp(t)), 1e-250, 1e300, 2, 0.5];
    for (const x of xs) if (x !== 1) worst = Math.max(worst, ulpsFromRef(portableLog(x), logFix(x)));
    expect(worst).toBeLessThan(1);
  }, 60_000);

  it("sin and cos are within 1 ulp on [−10, 10] and up to 10⁵", () => {
    let worst = 0;
    for (const x of [...spread(-10, 10, 200), ...spread(1, 1e5, 100), 1, 2, 3, 0.7853981633974483]) {
      const [S, C] = sinCosFix(x);
      worst = Math.max(worst, ulpsFromRef(portableSin(x), S), ulpsFromRef(portableCos(x), C));
    }
    expect(worst).toBeLessThan(1);
  }, 60_000);

  it("pow is correctly rounded (within 0.5 ulp, a hair over in hard cases) for the roots and powers the models take", () => {
    let worst = 0;
    const cases: [number, number][] = [];
    for (const x of spread(0.01, 20, 60)) for (const y of [1 / 3, 1 / 5, 2 - 2 / 5, 2 / 7, -1.5, 3.7]) cases.push([x, y]);
    for (const [x, y] of cases) worst = Math.max(worst, ulpsFromRef(portablePow(x, y), expFix(mul(fix(y), logFix(x)))));
    expect(worst).toBeLessThan(0.5 + 1e-6);
  }, 60_000);
});

describe("portable math against this engine's Math.*", () => {
  it("agree within 1 ulp (tanh within 2) over dense sweeps", () => {
    const worst = { exp: 0, expm1: 0, log: 0, tanh: 0, sin: 0, cos: 0, pow: 0 };
    for (const x of spread(-745, 709, 20_000)) worst.exp = Math.max(worst.exp, ulpsApart(portableExp(x), Math.exp(x)));
    for (const x of spread(-50, 50, 20_000)) worst.expm1 = Math.max(worst.expm1, ulpsApart(portableExpm1(x), Math.expm1(x)));
    for (const x of spread(-30, 30, 20_000)) worst.tanh = Math.max(worst.tanh, ulpsApart(portableTanh(x), Math.tanh(x)));
    for (const x of spread(-2, 2, 20_000)) worst.tanh = Math.max(worst.tanh, ulpsApart(portableTanh(x), Math.tanh(x)));
    for (const t of spread(-700, 700, 20_000)) { const x = Math.exp(t); worst.log = Math.max(worst.log, ulpsApart(portableLog(x), Math.log(x))); }
    for (const x of spread(-1e4, 1e4, 20_000)) {
      worst.sin = Math.max(worst.sin, ulpsApart(portableSin(x), Math.sin(x)));
      worst.cos = Math.max(worst.cos, ulpsApart(portableCos(x), Math.cos(x)));
    }
    for (const x of spread(0.001, 50, 2_000)) for (const y of [1 / 3, 0.8, 1.6, -2.5]) worst.pow = Math.max(worst.pow, ulpsApart(portablePow(x, y), Math.pow(x, y)));
    expect(worst.tanh).toBeLessThanOrEqual(2);
    for (const k of ["exp", "expm1", "log", "sin", "cos", "pow"] as const) expect(worst[k], k).toBeLessThanOrEqual(1);
  }, 60_000);

  it("edge cases: signed zeros, tiny and subnormal, huge, NaN, ±Infinity", () => {
    for (const f of [portableTanh, portableExpm1, portableSin]) {
      expect(Object.is(f(0), 0)).toBe(true);
      expect(Object.is(f(-0), -0)).toBe(true);
      expect(f(5e-324)).toBe(5e-324);
      expect(f(-1e-300)).toBe(-1e-300);
      expect(f(NaN)).toBeNaN();
    }
    expect(portableTanh(Infinity)).toBe(1); expect(portableTanh(-Infinity)).toBe(-1);
    expect(portableTanh(22)).toBe(1); expect(portableTanh(-1e300)).toBe(-1);
    expect(portableTanh(19)).toBe(1 - 2 ** -53); // 1 − 2e^-38 = 1 − 6.3e-17 is nearer 1 − 2^-53 than 1
    expect(portableExp(0)).toBe(1); expect(portableExp(-0)).toBe(1);
    expect(portableExp(Infinity)).toBe(Infinity); expect(portableExp(-Infinity)).toBe(0); expect(portableExp(NaN)).toBeNaN();
    expect(portableExp(710)).toBe(Infinity); expect(portableExp(-746)).toBe(0);
    expect(portableExp(-745)).toBe(5e-324); // the smallest subnormal, as e^−745 ≈ 4.9e-324 rounds
    expect(portableExp(709.7)).toBe(Math.exp(709.7));
    expect(portableExpm1(-Infinity)).toBe(-1); expect(portableExpm1(-50)).toBe(-1); expect(portableExpm1(Infinity)).toBe(Infinity);
    expect(portableLog(1)).toBe(0); expect(portableLog(0)).toBe(-Infinity); expect(portableLog(-0)).toBe(-Infinity);
    expect(portableLog(-1)).toBeNaN(); expect(portableLog(NaN)).toBeNaN(); expect(portableLog(Infinity)).toBe(Infinity);
    expect(portableLog(5e-324)).toBe(Math.log(5e-324)); expect(portableLog(Number.MAX_VALUE)).toBe(Math.log(Number.MAX_VALUE));
    expect(portableSin(Infinity)).toBeNaN(); expect(portableCos(-Infinity)).toBeNaN(); expect(portableCos(0)).toBe(1); expect(portableCos(-0)).toBe(1);
    expect(() => portableSin(2 * PORTABLE_TRIG_LIMIT)).toThrow(InvalidArgumentError);
    expect(portablePow(2, 10)).toBe(1024); expect(portablePow(8, 1 / 3)).toBe(2); expect(portablePow(0, 2)).toBe(0);
    expect(portablePow(0, -1)).toBe(Infinity); expect(portablePow(5, 0)).toBe(1); expect(portablePow(NaN, 1)).toBeNaN();
    expect(portablePow(4, 0.5)).toBe(2); expect(portablePow(Infinity, -1)).toBe(0); expect(portablePow(1e300, 2)).toBe(Infinity);
    expect(() => portablePow(-8, 1 / 3)).toThrow(InvalidArgumentError);
    expect(portableHypot([3, 4])).toBe(5); expect(portableHypot([])).toBe(0); expect(portableHypot([NaN, Infinity])).toBe(Infinity);
    expect(portableHypot([1, NaN])).toBeNaN(); expect(portableHypot([1e300, 1e300])).toBeCloseTo(Math.SQRT2 * 1e300, -285);
  });

  it("hypot is V8's own algorithm: the same bits as this engine's Math.hypot", () => {
    let differ = 0;
    for (let i = 0; i < 2000; i++) {
      const w = Array.from({ length: 1 + (i % 7) }, (_, j) => Math.sin(i * 7 + j) * 10 ** ((i + j) % 5 - 2));
      if (!Object.is(portableHypot(w), Math.hypot(...w))) differ++;
    }
    expect(differ).toBe(0);
  });
});
