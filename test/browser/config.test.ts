// The explorer's configuration and URL format (src/browser/config.ts): pure
// code, checked here in Node; the explorer itself is tested in a real browser
// by `npm run test:browser`.
import { describe, expect, it } from "vitest";
import {
  bifurcationEtas,
  changeModel,
  defaultConfig,
  edgeOfStability,
  etaFromFraction,
  explorerRecordSteps,
  explorerStart,
  initialConfig,
  parseConfig,
  parseStartText,
  patchConfig,
  presetConfig,
  PRESETS,
  serializeConfig,
  TAIL_STEPS,
} from "../../src/browser/config.js";
import { PAPER_FIGURES } from "../../src/experiments/paper.js";
import { defaultStart } from "../../src/experiments/starts.js";
import { deepScalar, deepScalarFlattest } from "../../src/models/deep-scalar.js";
import { recordSteps } from "../../src/series/record-plan.js";

const fromQuery = (q: string) => {
  const p = new URLSearchParams(q);
  return parseConfig((k) => p.get(k));
};

describe("λ* and η_c (docs/design.md §1)", () => {
  it("gives λ* = 5, η_c = 0.4 at depth 5 and λ* = 2, η_c = 1 for f = ab", () => {
    expect(edgeOfStability(5, 1).lambdaStar).toBe(5);
    expect(edgeOfStability(5, 1).etaCritical).toBe(0.4);
    expect(edgeOfStability(2, 1).lambdaStar).toBe(2);
    expect(edgeOfStability(2, 1).etaCritical).toBe(1);
  });
  it("follows λ* = p·y^{2−2/p} for other targets, as the library's closed form does", () => {
    for (const [p, y] of [[3, 8], [4, 2], [7, 0.3], [12, 5]] as const) {
      const e = edgeOfStability(p, y);
      expect(e.lambdaStar).toBeCloseTo(p * y ** (2 - 2 / p), 12);
      expect(e.etaCritical).toBe(2 / e.lambdaStar);
      expect(e.lambdaStar).toBe(deepScalarFlattest(deepScalar({ depth: p, target: y })).lambdaStar);
    }
  });
  it("refuses what the model refuses (a typed error, not NaN)", () => {
    expect(() => edgeOfStability(5, 0)).toThrow(/target/);
    expect(() => edgeOfStability(1, 1)).toThrow(/depth/);
  });
});

/**
 * The projection of θ onto M = {Πqᵢ = y} (y > 0, θ > 0) by a plain loop:
 * the Lagrange condition qᵢ − θᵢ = μ·y/qᵢ gives qᵢ = (θᵢ + √(θᵢ² + 4μy))/2,
 * and μ is bisected until Πq = y. λ on M at q is ‖∇f(q)‖² = Σ(y/qᵢ)².
 */
function projectByBisection(theta: number[], y: number): { q: number[]; lambda: number; dist: number } {
  const at = (mu: number) => theta.map((t) => (t + Math.sqrt(t * t + 4 * mu * y)) / 2);
  const prod = (q: number[]) => q.reduce((a, b) => a * b, 1);
  let lo = -Math.min(...theta.map((t) => t * t)) / (4 * y), hi = 1;
  while (prod(at(hi)) < y) hi *= 2;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (prod(at(mid)) < y) lo = mid;
    else hi = mid;
  }
  const q = at((lo + hi) / 2);
  return { q, lambda: q.reduce((a, qi) => a + (y / qi) ** 2, 0), dist: Math.hypot(...q.map((qi, i) => qi - theta[i]!)) };
}

describe("starts and presets", () => {
  it("uses the library's default start for p = 2: docs/design.md §1's check point (1.8, 1/1.8 + 0.02) at y = 1", () => {
    expect(explorerStart(2, 1)).toEqual([1.8, 1 / 1.8 + 0.02]);
    expect(defaultConfig(2).theta0).toEqual([1.8, 1 / 1.8 + 0.02]);
    for (const y of [1, 3, 0.2]) expect(explorerStart(2, y)).toEqual(Array.from(defaultStart(2, y)));
  });
  it("starts 0.01 off M along the normal for p ≥ 3, near |y|^{1/p}·exp(0.3·w) on M", () => {
    for (const [p, y] of [[3, 1], [5, 1], [5, 3], [12, 0.2]] as const) {
      const th = explorerStart(p, y);
      expect(th).toHaveLength(p);
      const { q, dist } = projectByBisection(th, y);
      expect(Math.abs(dist - 0.01)).toBeLessThan(1e-4);
      for (let i = 0; i < p; i++) expect(q[i]).toBeCloseTo(y ** (1 / p) * Math.exp(0.3 * (-1 + (2 * i) / (p - 1))), 3);
    }
  });
  it("starts above the edge for the subcritical preset at every depth (ηλ(θ∥₀) > 2), unlike the library's default from p = 10", () => {
    for (let p = 2; p <= 12; p++) {
      for (const y of [1, 3, 0.2]) {
        const cfg = presetConfig("subcritical", defaultConfig(p, y));
        const { lambda } = projectByBisection(cfg.theta0, y);
        expect(cfg.eta * lambda, `p = ${p}, y = ${y}`).toBeGreaterThan(2.04);
        expect(cfg.eta * p * y ** (2 - 2 / p), `p = ${p}, y = ${y}`).toBeLessThan(2);
      }
    }
    // Why the explorer does not take the library's start for p ≥ 3: at p = 12 it is under the subcritical edge.
    const lib = Array.from(defaultStart(12, 1));
    expect(presetConfig("subcritical", defaultConfig(12)).eta * projectByBisection(lib, 1).lambda).toBeLessThan(2);
  });
  it("puts the paper's η (Figures 2–4, depth 5) on its presets, and the critical preset exactly at η_c", () => {
    for (const f of PAPER_FIGURES) expect(presetConfig(f.regime, defaultConfig()).eta).toBe(f.eta);
    expect(presetConfig("subcritical", defaultConfig()).eta).toBe(0.39);
    expect(presetConfig("critical", defaultConfig()).eta).toBe(0.4);
    expect(presetConfig("supercritical", defaultConfig()).eta).toBe(0.408);
    expect(presetConfig("beyond", defaultConfig()).eta).toBe(0.512);
    expect(presetConfig("critical", defaultConfig(2)).eta).toBe(1);
    expect(presetConfig("critical", defaultConfig(7, 3)).eta).toBe(edgeOfStability(7, 3).etaCritical);
    expect(presetConfig("critical", defaultConfig(7, 3)).eta).toBeCloseTo(2 / (7 * 3 ** (12 / 7)), 15);
    expect(etaFromFraction(1.02, 2, 1)).toBe(1.02);
    expect(PRESETS).toEqual(["subcritical", "critical", "supercritical", "beyond"]);
  });
});

describe("what the controls do to the configuration", () => {
  it("a new model keeps η/η_c and takes the new model's start", () => {
    const c = changeModel({ ...defaultConfig(), eta: 0.39 }, 3, 2);
    expect(c.depth).toBe(3);
    expect(c.target).toBe(2);
    expect(c.eta).toBe(Number(((0.975 * 2) / (3 * 2 ** (4 / 3))).toPrecision(6)));
    expect(c.theta0).toEqual(explorerStart(3, 2));
  });
  it("reads a typed start only when it has `depth` finite numbers", () => {
    expect(parseStartText("1.8, 0.5755555555555556", 2)).toEqual([1.8, 0.5755555555555556]);
    expect(parseStartText(" 1 2\t3 ", 3)).toEqual([1, 2, 3]);
    expect(parseStartText("1, 2", 3)).toBeNull();
    expect(parseStartText("1, x, 3", 3)).toBeNull();
    expect(parseStartText("1, Infinity", 2)).toBeNull();
  });
  it("spreads the bifurcation view's η evenly from bifFrom·η_c to bifTo·η_c", () => {
    const etas = bifurcationEtas({ ...defaultConfig(), bifFrom: 0.5, bifTo: 1.5, bifCount: 5 });
    [0.2, 0.3, 0.4, 0.5, 0.6].forEach((e, i) => expect(etas[i]).toBeCloseTo(e, 15));
    const d = bifurcationEtas(defaultConfig());
    expect(d).toHaveLength(240);
    expect(d[0]).toBeCloseTo(0.875 * 0.4, 15);
    expect(d[239]).toBeCloseTo(1.4 * 0.4, 15);
  });
  it("a patch with a new depth but no start gets the new depth's start; options over the URL keep a fitting θ₀", () => {
    const p = patchConfig(defaultConfig(), { depth: 7 });
    expect(p.theta0).toEqual(explorerStart(7, 1));
    expect(p.eta).toBe(0.4); // set() changes only what it is given
    expect(patchConfig(defaultConfig(), { depth: 3, theta0: [1, 2, 0.5] }).theta0).toEqual([1, 2, 0.5]);
    expect(initialConfig(defaultConfig(), { depth: 2 }).theta0).toEqual([1.8, 1 / 1.8 + 0.02]);
    expect(initialConfig(defaultConfig(), { eta: 0.3 })).toEqual({ ...defaultConfig(), eta: 0.3 });
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
  it("reads an empty query as the defaults, which carry the library's λ* and p = 2 start", () => {
    expect(fromQuery("")).toEqual(defaultConfig());
    expect(fromQuery("").eta).toBe(2 / deepScalarFlattest(deepScalar({ depth: 5 })).lambdaStar);
    expect(fromQuery("model=scalar").theta0).toEqual(Array.from(defaultStart(2, 1)));
  });
  it("round-trips every depth's defaults and presets, full-precision starts included", () => {
    for (let p = 2; p <= 12; p++) {
      for (const name of PRESETS) {
        const cfg = presetConfig(name, defaultConfig(p, p === 4 ? 2.5 : 1));
        expect(fromQuery(serializeConfig(cfg))).toEqual(cfg);
      }
    }
  });
  it("falls back to defaults on malformed values", () => {
    const d = defaultConfig();
    const c = fromQuery("depth=abc&eta=-1&init=1,2&steps=NaN&target=0&bif=3,1,9");
    expect(c).toEqual(d);
    expect(fromQuery("depth=99").depth).toBe(12);
    expect(fromQuery("steps=1e12").steps).toBe(1e8);
  });
});

describe("explorerRecordSteps", () => {
  it.each([
    [10, 50],
    [100, 50],
    [101, 50],
    [1000, 200],
    [1_000_000, 1500],
    [100_000_000, 4000],
  ])("n = %i, %i points: every step to 100, then increasing to exactly n", (n, points) => {
    const s = explorerRecordSteps(n, points);
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
    const s = explorerRecordSteps(1_000_000, 1100);
    const i = s.indexOf(s.find((t) => t > 10_000)!);
    const r1 = s[i + 1]! / s[i]!;
    const j = s.length - TAIL_STEPS - 2;
    const r2 = s[j]! / s[j - 1]!;
    expect(r1).toBeCloseTo(r2, 3);
  });
  it.each([
    [10, 50],
    [1000, 200],
    [1_000_000, 1500],
  ])("is kept exactly by the library's record plan { steps } (n = %i)", (n, points) => {
    // The worker hands the plan to runTrajectory as record: { steps }; the library records exactly those steps.
    const plan = explorerRecordSteps(n, points);
    expect(recordSteps({ steps: Array.from(plan) }, n, 0)).toEqual(plan);
  });
});
