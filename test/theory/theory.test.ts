import { describe, expect, it } from "vitest";
import { classifyRegime, DEFAULT_CRITICAL_TOLERANCE } from "../../src/theory/regime.js";
import { spectralRadius } from "../../src/linalg/spectral-radius.js";
import { gdJacobian, gdStep } from "../../src/theory/gd-jacobian.js";
import { periodTwoOrbit } from "../../src/theory/period-two-orbit.js";
import { productModel } from "../observe/observe-reference.js";

describe("classifyRegime (docs/design.md §2)", () => {
  const base = { lambdaStar: 5, lambdaStarSource: "closed-form" as const };
  it("splits the four regimes at 2/λ(θ∥₀) and 2/λ*", () => {
    expect(classifyRegime({ ...base, eta: 0.3, lambdaParStart: 5.5 }).regime).toBe("stable"); // 0.3·5.5 = 1.65 < 2
    expect(classifyRegime({ ...base, eta: 0.39, lambdaParStart: 5.3 }).regime).toBe("subcritical"); // 2.067 > 2 > 1.95
    expect(classifyRegime({ ...base, eta: 0.4, lambdaParStart: 5.3 }).regime).toBe("critical");
    expect(classifyRegime({ ...base, eta: 0.408, lambdaParStart: 5.3 }).regime).toBe("supercritical");
  });
  it("gives critical an explicit tolerance and the crossover time 1/|ηλ* − 2|", () => {
    const near = classifyRegime({ ...base, eta: 0.4 + 1e-11, lambdaParStart: 6 });
    expect(near.regime).toBe("critical");
    expect(near.criticalTolerance).toBe(DEFAULT_CRITICAL_TOLERANCE);
    const off = classifyRegime({ ...base, eta: 0.41, lambdaParStart: 6 });
    expect(off.crossoverSteps).toBeCloseTo(1 / 0.05, 9);
    expect(off.etaCritical).toBeCloseTo(0.4, 15);
    expect(classifyRegime({ ...base, eta: 0.4 + 1e-6, lambdaParStart: 6, criticalTolerance: 1e-3 }).regime).toBe("critical");
  });
});

describe("spectralRadius", () => {
  it("handles a complex pair (scaled rotation), a Jordan block and a diagonal", () => {
    const r = 0.97, a = 0.3;
    expect(spectralRadius([r * Math.cos(a), -r * Math.sin(a), r * Math.sin(a), r * Math.cos(a)], 2).value).toBeCloseTo(r, 12);
    expect(spectralRadius([0.9, 1, 0, 0.9], 2).value).toBeCloseTo(0.9, 10);
    expect(spectralRadius([0.5, 0, 0, 0, -1.7, 0, 0, 0, 1.2], 3).value).toBeCloseTo(1.7, 12);
    expect(spectralRadius([], 0).value).toBe(0);
  });
});

describe("gdJacobian", () => {
  it("matches central differences of the GD step", () => {
    const m = productModel(4, 1.3), eta = 0.2;
    const th = Float64Array.from([1.1, 0.9, 1.2, 1.05]);
    const j = gdJacobian(m, eta, th), h = 1e-6;
    for (let c = 0; c < 4; c++) {
      const tp = th.slice(), tm = th.slice();
      tp[c] += h; tm[c] -= h;
      const gp = gdStep(m, eta, tp), gm = gdStep(m, eta, tm);
      for (let r = 0; r < 4; r++) expect(j[r * 4 + c]).toBeCloseTo((gp[r] - gm[r]) / (2 * h), 7);
    }
  });
});

describe("periodTwoOrbit on L = span(1)", () => {
  const line = (p: number, y: number) => ({ point: new Float64Array(p).fill(Math.pow(y, 1 / p)), direction: new Float64Array(p).fill(1) });

  it("deep scalar p = 5, y = 1, η = 0.408: a true period-2 orbit of the 1-D map c ↦ c − η(c⁵ − 1)c⁴", () => {
    const p = 5, y = 1, eta = 0.408;
    const o = periodTwoOrbit(productModel(p, y), eta, line(p, y));
    expect(o.found).toBe(true);
    const [sa, sb] = o.s!;
    const ca = 1 + sa / Math.sqrt(p), cb = 1 + sb / Math.sqrt(p);
    const map = (c: number) => c - eta * (c ** p - y) * c ** (p - 1);
    expect(Math.abs(map(ca) - cb)).toBeLessThan(1e-14);
    expect(Math.abs(map(cb) - ca)).toBeLessThan(1e-14);
    expect(Math.abs(sa - sb)).toBeGreaterThan(1e-3); // non-trivial
    expect(o.lineResidual!).toBeLessThan(1e-14);
    // Amplitude ∝ (ηλ* − 2)^{1/2} (Theorem 5.3): the ratio at two offsets ≈ sqrt of the offsets' ratio.
    const o2 = periodTwoOrbit(productModel(p, y), 0.402, line(p, y));
    const ratio = o.amplitude! / o2.amplitude!;
    expect(ratio).toBeGreaterThan(Math.sqrt((0.408 * 5 - 2) / (0.402 * 5 - 2)) * 0.9);
    expect(ratio).toBeLessThan(Math.sqrt((0.408 * 5 - 2) / (0.402 * 5 - 2)) * 1.1);
  });

  it("Floquet multiplier equals the closed form of the commuting factors at the balanced orbit", () => {
    const p = 5, y = 1, eta = 0.408;
    const o = periodTwoOrbit(productModel(p, y), eta, line(p, y));
    const cs = o.s!.map((s) => 1 + s / Math.sqrt(p));
    // At c·1: ∇f = c^{p−1}·1, ∇²f = c^{p−2}(11ᵀ − I). On 1: 1 − η(p c^{2p−2} + (c^p − y)(p−1)c^{p−2}); on 1⊥: 1 + η(c^p − y)c^{p−2}.
    const along = cs.map((c) => 1 - eta * (p * c ** (2 * p - 2) + (c ** p - y) * (p - 1) * c ** (p - 2))).reduce((a, b) => a * b);
    const across = cs.map((c) => 1 + eta * (c ** p - y) * c ** (p - 2)).reduce((a, b) => a * b);
    const rho = Math.max(Math.abs(along), Math.abs(across));
    expect(o.floquet!.spectralRadius).toBeCloseTo(rho, 12);
    expect(o.floquet!.perStepRate).toBeCloseTo(Math.sqrt(rho), 12);
    expect(o.floquet!.spectralRadius).toBeLessThan(1); // a stable orbit
  });

  it("a plain GD loop in R^5 started near the orbit converges onto it", () => {
    const p = 5, eta = 0.408, m = productModel(p, 1);
    const o = periodTwoOrbit(m, eta, line(p, 1));
    let th = Float64Array.from([1.05, 0.98, 1.01, 1.0, 0.97]);
    for (let t = 0; t < 40000; t++) th = gdStep(m, eta, th);
    const dA = Math.max(...th.map((x, i) => Math.abs(x - o.thetaA![i]))), dB = Math.max(...th.map((x, i) => Math.abs(x - o.thetaB![i])));
    expect(Math.min(dA, dB)).toBeLessThan(1e-10);
  });

  it("scalar factorisation (p = 2, y = 1) at η = 1.05: balanced orbit with |a| = |b| ≈ 1.0911 and 0.8729 (docs/design.md §1)", () => {
    const o = periodTwoOrbit(productModel(2, 1), 1.05, line(2, 1));
    const cs = o.s!.map((s) => 1 + s / Math.sqrt(2)).sort();
    expect(cs[0]).toBeCloseTo(0.8729, 4);
    expect(cs[1]).toBeCloseTo(1.0911, 4);
  });

  it("reports no orbit below η_c", () => {
    const o = periodTwoOrbit(productModel(5, 1), 0.39, line(5, 1));
    expect(o.found).toBe(false);
    expect(o.reason).toMatch(/not unstable/);
  });
});
