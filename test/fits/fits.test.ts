// The fits on a series (docs/design.md §3) against series built from closed forms:
// C·ρ^t, C·t^a, alternating and constant sequences, with and without noise,
// plus the degenerate inputs (empty, one point, non-finite, zeros).
import { describe, expect, it } from "vitest";
import { detectDivergence, detectPeriod, fitLinearRate, fitPowerLaw, InvalidArgumentError } from "../../src/index.js";

const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);

/** Deterministic noise in [-1, 1) (an LCG independent of the code under test). */
function noise(n: number, seed = 7): number[] {
  let s = seed;
  return Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 31 - 1;
  });
}

function noNaN(o: object): void {
  for (const v of Object.values(o)) if (typeof v === "number") expect(Number.isNaN(v)).toBe(false);
}

describe("fitLinearRate", () => {
  it("recovers C·ρ^t exactly", () => {
    for (const [C, rho] of [[3, 0.9], [-2, 0.5], [1e-3, 1.7], [5, 1]]) {
      const t = range(0, 50);
      const f = fitLinearRate(t, t.map((s) => C * rho ** s));
      expect(f.rate).toBeCloseTo(rho, 12);
      expect(f.logIntercept).toBeCloseTo(Math.log(Math.abs(C)), 10);
      expect(f.r2).toBeGreaterThan(1 - 1e-12);
      expect(f.n).toBe(50);
      expect(f.confidence).toBe(1);
    }
  });

  it("uses |v|: an alternating (−ρ)^t decays at ρ", () => {
    const t = range(0, 40);
    expect(fitLinearRate(t, t.map((s) => (-0.8) ** s)).rate).toBeCloseTo(0.8, 12);
  });

  it("windows by t value, inclusive", () => {
    // 2^t up to t = 9, then 0.5^t: the window picks one phase.
    const t = range(0, 30);
    const v = t.map((s) => (s <= 9 ? 2 ** s : 2 ** 9 * 0.5 ** (s - 9)));
    const a = fitLinearRate(t, v, { to: 9 });
    const b = fitLinearRate(t, v, { from: 9 });
    expect(a.rate).toBeCloseTo(2, 12);
    expect(a.n).toBe(10);
    expect(b.rate).toBeCloseTo(0.5, 12);
    expect(b.n).toBe(21);
    // Unequal spacing of t is fine: the fit is on t, not on the index.
    const ts = [0, 1, 5, 6, 20];
    expect(fitLinearRate(ts, ts.map((s) => 0.7 ** s)).rate).toBeCloseTo(0.7, 12);
  });

  it("is close under multiplicative noise, with r2 < 1 and lower confidence than clean", () => {
    const t = range(0, 200), e = noise(200);
    const f = fitLinearRate(t, t.map((s, i) => 0.97 ** s * Math.exp(0.2 * e[i])));
    expect(f.rate!).toBeGreaterThan(0.965);
    expect(f.rate!).toBeLessThan(0.975);
    expect(f.r2).toBeLessThan(1);
    expect(f.r2).toBeGreaterThan(0.9);
    // Pure noise around a constant: rate near 1, r2 near 0, confidence near 0.
    const g = fitLinearRate(t, e.map((x) => 1 + 0.1 * x));
    expect(Math.abs(g.rate! - 1)).toBeLessThan(1e-3);
    expect(g.r2).toBeLessThan(0.1);
    expect(g.confidence).toBeLessThan(0.1);
  });

  it("a constant series fits exactly with rate 1", () => {
    const t = range(0, 20);
    const f = fitLinearRate(t, t.map(() => 0.1));
    expect(f.rate).toBeCloseTo(1, 14);
    expect(f.r2).toBe(1);
  });

  it("skips zero and non-finite values; never NaN", () => {
    const t = range(0, 12);
    const v = t.map((s) => 0.5 ** s);
    v[3] = 0; v[5] = NaN; v[7] = Infinity; v[8] = -Infinity;
    const f = fitLinearRate(t, v);
    expect(f.n).toBe(8);
    expect(f.rate).toBeCloseTo(0.5, 12);
    const tBad = t.map((s) => (s === 2 ? NaN : s));
    expect(fitLinearRate(tBad, t.map((s) => 0.5 ** s)).n).toBe(11);
  });

  it("degenerate inputs give null and confidence 0", () => {
    for (const [t, v] of [[[], []], [[1], [2]], [[0, 1, 2], [0, 0, 0]], [[0, 1], [NaN, Infinity]], [[3, 3, 3], [1, 2, 4]]] as number[][][]) {
      const f = fitLinearRate(t, v);
      expect(f.rate).toBeNull();
      expect(f.logIntercept).toBeNull();
      expect(f.r2).toBe(0);
      expect(f.confidence).toBe(0);
      noNaN(f);
    }
    // Two points: an exact line, but no evidence: confidence 0.
    const two = fitLinearRate([0, 1], [1, 0.5]);
    expect(two.rate).toBeCloseTo(0.5, 14);
    expect(two.confidence).toBe(0);
    // Lengths differ: the shorter one counts.
    expect(fitLinearRate([0, 1, 2, 3], [1, 0.5]).n).toBe(2);
  });

  it("rejects a NaN or reversed window", () => {
    expect(() => fitLinearRate([0, 1], [1, 2], { from: NaN })).toThrow(InvalidArgumentError);
    expect(() => fitLinearRate([0, 1], [1, 2], { from: 2, to: 1 })).toThrow(InvalidArgumentError);
  });

  it("is accurate far from t = 0 (centred regression)", () => {
    const t = range(1e9, 1e9 + 100);
    const f = fitLinearRate(t, t.map((_, i) => 0.99 ** i));
    expect(f.rate).toBeCloseTo(0.99, 9);
  });
});

describe("fitPowerLaw", () => {
  it("recovers C·t^a exactly", () => {
    for (const [C, a] of [[1, -1], [0.25, -0.5], [-3, 2], [7, 0]]) {
      const t = range(1, 200);
      const f = fitPowerLaw(t, t.map((s) => C * s ** a));
      expect(f.exponent).toBeCloseTo(a, 11);
      expect(f.logPrefactor).toBeCloseTo(Math.log(Math.abs(C)), 10);
      expect(f.r2).toBeGreaterThan(1 - 1e-12);
      expect(f.confidence).toBe(1);
    }
  });

  it("skips t ≤ 0 and respects the window", () => {
    const t = range(-3, 100);
    const v = t.map((s) => (s > 0 ? s ** -1 : 5));
    const f = fitPowerLaw(t, v);
    expect(f.n).toBe(99);
    expect(f.exponent).toBeCloseTo(-1, 12);
    const w = fitPowerLaw(t, t.map((s) => (s <= 10 ? s ** -2 : 10 ** -2 * (s / 10) ** -0.5)), { from: 10, to: 90 });
    expect(w.exponent).toBeCloseTo(-0.5, 12);
    expect(w.n).toBe(81);
  });

  it("noisy power law: close exponent; exponential decay fits a power law badly", () => {
    const t = range(1, 1000), e = noise(999, 3);
    const f = fitPowerLaw(t, t.map((s, i) => 2 / s * Math.exp(0.1 * e[i])));
    expect(f.exponent!).toBeGreaterThan(-1.02);
    expect(f.exponent!).toBeLessThan(-0.98);
    const g = fitPowerLaw(t, t.map((s) => 0.9 ** s));
    expect(g.r2).toBeLessThan(0.8);
  });

  it("degenerate inputs give null and confidence 0", () => {
    for (const [t, v] of [[[], []], [[2], [2]], [[0, -1], [1, 2]], [[1, 2], [0, NaN]]] as number[][][]) {
      const f = fitPowerLaw(t, v);
      expect(f.exponent).toBeNull();
      expect(f.logPrefactor).toBeNull();
      expect(f.confidence).toBe(0);
      noNaN(f);
    }
  });
});

describe("detectPeriod", () => {
  it("a converging sequence has period 1 with its limit", () => {
    const v = range(0, 200).map((s) => 2 + 0.5 ** s);
    const p = detectPeriod(v);
    expect(p.period).toBe(1);
    expect(p.limits[0]).toBeCloseTo(2, 12);
    expect(p.confidence).toBeGreaterThan(0.5);
  });

  it("an alternating sequence converging to a, b has period 2", () => {
    // x_t = (a, b) + decaying transient: the flip orbit of docs/design.md §1.
    const a = 1.0911, b = 0.8729;
    const v = range(0, 300).map((s) => (s % 2 === 0 ? a : b) + 0.7 ** s);
    const p = detectPeriod(v);
    expect(p.period).toBe(2);
    // The first tail element is at index 300 − 75 = 225 (odd): b first.
    expect(p.limits[0]).toBeCloseTo(b, 12);
    expect(p.limits[1]).toBeCloseTo(a, 12);
  });

  it("finds period 3 and 4, and not a smaller one", () => {
    const pat3 = [1, 2, 5], pat4 = [1, -1, 3, -1];
    expect(detectPeriod(range(0, 120).map((s) => pat3[s % 3])).period).toBe(3);
    expect(detectPeriod(range(0, 120).map((s) => pat4[s % 4])).period).toBe(4);
    expect(detectPeriod(range(0, 120).map((s) => pat4[s % 4]), { maxPeriod: 3 }).period).toBeNull();
  });

  it("noise: tolerance decides", () => {
    const e = noise(400, 11);
    const v = e.map((x, i) => (i % 2 ? 3 : 1) + 1e-9 * x);
    expect(detectPeriod(v).period).toBe(2);
    const w = e.map((x, i) => (i % 2 ? 3 : 1) + 1e-3 * x);
    expect(detectPeriod(w).period).toBeNull();
    expect(detectPeriod(w, { relTol: 1e-2 }).period).toBe(2);
  });

  it("geometric decay to 0 and growth are not periodic unless absTol says so", () => {
    const d = range(0, 400).map((s) => 0.9 ** s);
    expect(detectPeriod(d).period).toBeNull();
    expect(detectPeriod(d, { absTol: 1e-10 }).period).toBe(1);
    expect(detectPeriod(range(0, 100).map((s) => 1.1 ** s)).period).toBeNull();
  });

  it("degenerate inputs", () => {
    for (const v of [[], [1], [1, 2, NaN], [Infinity, Infinity]]) {
      const p = detectPeriod(v);
      expect(p.period).toBeNull();
      expect(p.confidence).toBe(0);
      noNaN(p);
    }
    const c = detectPeriod([5, 5]);
    expect(c.period).toBe(1);
    expect(c.limits).toEqual([5]);
    expect(detectPeriod([0, 0, 0, 0]).period).toBe(1);
    expect(() => detectPeriod([1], { maxPeriod: 0 })).toThrow(InvalidArgumentError);
    expect(() => detectPeriod([1], { relTol: -1 })).toThrow(InvalidArgumentError);
    expect(() => detectPeriod([1, 2, 3], { tail: 1.5 })).toThrow(InvalidArgumentError);
  });

  it("only the tail counts", () => {
    const v = [...noise(50), ...range(0, 20).map(() => 4)];
    expect(detectPeriod(v, { tail: 20 }).period).toBe(1);
    expect(detectPeriod(v, { tail: 70 }).period).toBeNull();
  });
});

describe("detectDivergence", () => {
  it("reports the first non-finite element", () => {
    expect(detectDivergence([1, 2, NaN, Infinity])).toEqual({ kind: "divergence", diverged: true, index: 2, reason: "non-finite" });
    expect(detectDivergence([-Infinity]).index).toBe(0);
  });

  it("reports growth past the bound, in magnitude", () => {
    const v = range(0, 400).map((s) => (-3) ** s);
    const first = Math.floor(100 / Math.log10(3)) + 1; // 3^t > 1e100
    expect(detectDivergence(v)).toEqual({ kind: "divergence", diverged: true, index: first, reason: "bound" });
    expect(detectDivergence([1, 5, 20], { bound: 10 }).index).toBe(2);
  });

  it("no divergence for bounded or empty series", () => {
    for (const v of [[], [0], range(0, 100).map((s) => Math.sin(s))]) {
      expect(detectDivergence(v)).toEqual({ kind: "divergence", diverged: false, index: null, reason: null });
    }
    expect(() => detectDivergence([1], { bound: 0 })).toThrow(InvalidArgumentError);
    expect(() => detectDivergence([1], { bound: NaN })).toThrow(InvalidArgumentError);
  });
});
