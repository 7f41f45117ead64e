// The explorer's configuration and URL format (src/browser/config.ts): pure
// code, checked here in Node; the explorer itself is tested in a real browser
// by `npm run test:browser`.
import { describe, expect, it } from "vitest";
import {
  defaultConfig,
  defaultStart,
  etaFromFraction,
  flattest,
  parseConfig,
  presetConfig,
  recordSteps,
  serializeConfig,
  TAIL_STEPS,
} from "../../src/browser/config.js";

const fromQuery = (q: string) => {
  const p = new URLSearchParams(q);
  return parseConfig((k) => p.get(k));
};

describe("flattest minimum (docs/design.md §1)", () => {
  it("gives λ* = 5, η_c = 0.4 at depth 5 and λ* = 2, η_c = 1 for f = ab", () => {
    expect(flattest(5, 1).lambdaStar).toBe(5);
    expect(flattest(5, 1).etaCritical).toBe(0.4);
    expect(flattest(2, 1).lambdaStar).toBe(2);
    expect(flattest(2, 1).etaCritical).toBe(1);
  });
  it("follows λ* = p·y^{2−2/p} for other targets", () => {
    expect(flattest(3, 8).lambdaStar).toBeCloseTo(3 * 8 ** (4 / 3), 12);
    expect(flattest(4, 2).rootY).toBeCloseTo(2 ** 0.25, 15);
  });
});

describe("starts and presets", () => {
  it("uses docs/design.md §1's check point (1.8, 1/1.8 + 0.02) for p = 2", () => {
    const [a, b] = defaultStart(2, 1);
    expect(a).toBe(1.8);
    expect(b).toBe(1 / 1.8 + 0.02);
  });
  it("starts off M (f(θ₀) ≠ y) and, at depth 5, with ηλ(θ∥₀) > 2 for the subcritical η = 0.39", () => {
    const th = defaultStart(5, 1);
    expect(th).toHaveLength(5);
    const f = th.reduce((a, b) => a * b, 1);
    expect(Math.abs(f - 1)).toBeGreaterThan(1e-3);
    // λ on M is Σθᵢ⁻² after rescaling θ onto M along the product (close enough to θ∥ for this bound).
    const s = Math.pow(f, -1 / 5);
    const lambda = th.reduce((a, t) => a + 1 / (t * s) ** 2, 0);
    const sub = presetConfig("subcritical", defaultConfig());
    expect(sub.eta).toBe(0.39);
    expect(sub.eta * lambda).toBeGreaterThan(2.05);
  });
  it("puts the critical preset exactly at η_c and the supercritical one above it", () => {
    expect(presetConfig("critical", defaultConfig()).eta).toBe(0.4);
    expect(presetConfig("supercritical", defaultConfig()).eta).toBe(0.408);
    expect(presetConfig("critical", defaultConfig(2)).eta).toBe(1);
    expect(etaFromFraction(1.02, 2, 1)).toBe(1.02);
  });
});

describe("URL configuration", () => {
  it("round-trips through serializeConfig and parseConfig", () => {
    const cfg = { ...defaultConfig(7, 2), eta: 0.123456, steps: 1_000_000, xlog: false, theta0: [1, 2, 3, 4, 5, 6, 0.1 + 0.2] };
    expect(fromQuery(serializeConfig(cfg))).toEqual(cfg);
    const s = { ...defaultConfig(2), eta: 1.05, bifFrom: 0.5, bifTo: 2, bifCount: 10 };
    expect(fromQuery(serializeConfig(s))).toEqual(s);
  });
  it("reads etaFrac as a fraction of η_c, and model=scalar as p = 2", () => {
    expect(fromQuery("model=scalar&etaFrac=1.05").eta).toBe(1.05);
    expect(fromQuery("model=scalar&depth=9").depth).toBe(2);
    expect(fromQuery("depth=5&etaFrac=0.975").eta).toBe(0.39);
  });
  it("falls back to defaults on malformed values", () => {
    const d = defaultConfig();
    const c = fromQuery("depth=abc&eta=-1&init=1,2&steps=NaN&target=0&bif=3,1,9");
    expect(c).toEqual(d);
    expect(fromQuery("depth=99").depth).toBe(12);
    expect(fromQuery("steps=1e12").steps).toBe(1e8);
  });
});

describe("recordSteps", () => {
  it.each([
    [10, 50],
    [100, 50],
    [101, 50],
    [1000, 200],
    [1_000_000, 1500],
    [100_000_000, 4000],
  ])("n = %i, %i points: every step to 100, then increasing to exactly n", (n, points) => {
    const s = recordSteps(n, points);
    for (let t = 0; t <= Math.min(n, 100); t++) expect(s[t]).toBe(t);
    for (let i = 1; i < s.length; i++) expect(s[i]).toBeGreaterThan(s[i - 1]!);
    expect(s[s.length - 1]).toBe(n);
    expect(s.length).toBeLessThanOrEqual(Math.max(points, 101) + TAIL_STEPS + 1);
    for (const t of s) expect(Number.isInteger(t)).toBe(true);
    // Odd and even steps alternate, so period-2 oscillations are sampled on both branches.
    for (let i = 1; i < s.length; i++) expect((s[i]! - s[i - 1]!) % 2).toBe(1);
    // The last TAIL_STEPS steps are all there.
    for (let t = Math.max(0, n - TAIL_STEPS + 1); t <= n; t++) expect(s.includes(t)).toBe(true);
  });
  it("spaces the tail geometrically", () => {
    const s = recordSteps(1_000_000, 1100);
    const i = s.indexOf(s.find((t) => t > 10_000)!);
    const r1 = s[i + 1]! / s[i]!;
    const j = s.length - TAIL_STEPS - 2;
    const r2 = s[j]! / s[j - 1]!;
    expect(r1).toBeCloseTo(r2, 3);
  });
});
