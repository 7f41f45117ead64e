// The seed's functions (docs/design.md §5) against closed forms and independent
// plain-JS runs: the scalar factorisation f = ab of docs/design.md §1 and diagonal
// quadratics, whose behaviour is known without this library.
import { describe, expect, it } from "vitest";
import {
  adaptiveLearningRateSchedule, analyzeConvergence, checkExponentialDecay, checkPowerLawDecay, diagnoseConvergence,
  edgeOfStabilityConvergenceRate, estimateConvergenceSpeed, identifyRegime, InvalidArgumentError, onlineLearningRateSchedule,
  quadraticBehaviour, seedFormulas,
} from "../../src/index.js";

const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);

/** GD on ℓ = ½(ab − 1)² (docs/design.md §1 checks), plain JS: losses and gradient norms at t = 0..N. */
function scalarFactorisation(eta: number, steps: number, a0 = 1.8, b0 = 1 / 1.8 + 0.02) {
  let a = a0, b = b0;
  const loss: number[] = [], grad: number[] = [];
  for (let t = 0; t <= steps; t++) {
    const e = a * b - 1;
    loss.push(0.5 * e * e);
    grad.push(Math.hypot(e * b, e * a));
    [a, b] = [a - eta * e * b, b - eta * e * a];
  }
  return { loss, grad, a, b };
}

describe("seedFormulas (verbatim in behaviour)", () => {
  it("convergenceRate: the three branches as the seed's Python computes them", () => {
    // λmax = 2 → threshold 1; λmin = 0.5.
    expect(Array.from(seedFormulas.convergenceRate(0.5, 0.5, 2, 4))).toEqual([1, 0.75, 0.75 ** 2, 0.75 ** 3]);
    // isclose(1.00005, 1, atol=1e-4) is true: "power law" 1/(t+1).
    expect(Array.from(seedFormulas.convergenceRate(1.00005, 0.5, 2, 3))).toEqual([1, 1 / 2, 1 / 3]);
    // Above: (1 − ηλmin)^t + 0.1(−1)^t with η = 1.5: 0.25^t ± 0.1.
    const s = seedFormulas.convergenceRate(1.5, 0.5, 2, 3);
    expect(s[0]).toBeCloseTo(1.1, 15);
    expect(s[1]).toBeCloseTo(0.15, 15);
    expect(s[2]).toBeCloseTo(0.1625, 15);
    expect(seedFormulas.convergenceRate(1, 1, 2, 0).length).toBe(0);
  });

  it("identifyRegime: strict ±5% band, so exactly 0.95·threshold is 'critical'", () => {
    expect(seedFormulas.identifyRegime(0.94, 2)).toBe("subcritical");
    expect(seedFormulas.identifyRegime(0.95, 2)).toBe("critical");
    expect(seedFormulas.identifyRegime(1.05, 2)).toBe("critical");
    expect(seedFormulas.identifyRegime(1.06, 2)).toBe("supercritical");
    expect(seedFormulas.claimedResults.map((r) => r.finalLoss)).toEqual([0.052, 0.048, 0.051, 0.045, 0.047, 0.051]);
  });
});

describe("identifyRegime and quadraticBehaviour", () => {
  it("bands around 2/λ", () => {
    expect(identifyRegime(0.4, 5)).toBe("critical");
    expect(identifyRegime(0.39, 5)).toBe("critical");
    expect(identifyRegime(0.39, 5, { band: 0 })).toBe("subcritical");
    expect(identifyRegime(0.41, 5, { band: 0.01 })).toBe("supercritical");
    expect(() => identifyRegime(0, 5)).toThrow(InvalidArgumentError);
    expect(() => identifyRegime(1, NaN)).toThrow(InvalidArgumentError);
    expect(() => identifyRegime(1, 1, { band: 1 })).toThrow(InvalidArgumentError);
  });

  it("quadratic: below, at and above 2/λmax (docs/design.md §5)", () => {
    expect(quadraticBehaviour(0.99, 2)).toBe("linear-convergence");
    expect(quadraticBehaviour(1, 2)).toBe("plateau");
    expect(quadraticBehaviour(1 + 1e-9, 2)).toBe("divergence");
    const lm = 425.47004503804897;
    expect(quadraticBehaviour(1.0 * (2 / lm), lm)).toBe("plateau");
  });
});

describe("edgeOfStabilityConvergenceRate", () => {
  /** ‖r_t‖ for GD on a diagonal quadratic ½Σλᵢrᵢ²-like residual: rᵢ(t) = (1 − ηλᵢ)^t rᵢ(0). */
  const residualNorms = (eta: number, lams: number[], T: number) =>
    range(0, T).map((t) => Math.hypot(...lams.map((l) => (1 - eta * l) ** t)));

  it("quadratic, subcritical: ρ^t bounds the residual and is its asymptotic rate", () => {
    const lams = [0.5, 1.2, 2], eta = 0.7, T = 200;
    const p = edgeOfStabilityConvergenceRate(eta, 0.5, 2, T);
    expect(p.regime).toBe("linear-convergence");
    expect(p.rate).toBeCloseTo(Math.max(Math.abs(1 - 1.4), Math.abs(1 - 0.35)), 15);
    const r = residualNorms(eta, lams, T);
    for (let t = 0; t < T; t++) expect(r[t] / r[0]).toBeLessThanOrEqual(p.envelope[t] * (1 + 1e-12));
    expect(r[T - 1] / r[T - 2]).toBeCloseTo(p.rate!, 10);
    expect(p.unknownConstants).toEqual([]);
  });

  it("quadratic, at 2/λmax: plateau; above: growth by |1 − ηλmax|", () => {
    const at = edgeOfStabilityConvergenceRate(1, 0.5, 2, 5);
    expect(at.regime).toBe("plateau");
    expect(Array.from(at.envelope)).toEqual([1, 1, 1, 1, 1]);
    const above = edgeOfStabilityConvergenceRate(1.5, 0.5, 2, 4);
    expect(above.regime).toBe("divergence");
    expect(above.rate).toBe(2);
    expect(Array.from(above.envelope)).toEqual([1, 2, 4, 8]);
    expect(() => edgeOfStabilityConvergenceRate(1, 0, 2, 5)).toThrow(InvalidArgumentError);
    expect(() => edgeOfStabilityConvergenceRate(1, 3, 2, 5)).toThrow(InvalidArgumentError);
    expect(() => edgeOfStabilityConvergenceRate(1, 1, 2, 1.5)).toThrow(InvalidArgumentError);
  });

  it("codim1: λ* = 2 for f = ab; critical loss·t → 1/4 matches the t^-1 shape", () => {
    const crit = edgeOfStabilityConvergenceRate(1, 0, 2, 4, { model: "codim1" });
    expect(crit.regime).toBe("critical");
    expect(crit.exponent).toBe(-1);
    expect(Array.from(crit.envelope)).toEqual([1, 1 / 2, 1 / 3, 1 / 4]);
    expect(crit.unknownConstants.length).toBeGreaterThan(0);
    // docs/design.md §1: at η = 1 the loss of f = ab goes like 1/(4t).
    const run = scalarFactorisation(1, 20000);
    expect(run.loss[20000] * 20000).toBeCloseTo(0.25, 2);
    const sub = edgeOfStabilityConvergenceRate(0.9, 0, 2, 3, { model: "codim1" });
    expect(sub.regime).toBe("subcritical");
    expect(sub.rate).toBeNull();
    // The measured rate β = |1 − ηλ(θ∥∞)| with λ(θ∥∞) ≈ 2.09 lies in the stated interval (max(ηλ* − 1, 0), 1).
    const g = scalarFactorisation(0.9, 60).loss;
    const beta = Math.sqrt(g[60] / g[59]);
    expect(beta).toBeGreaterThan(sub.envelope[1]);
    expect(beta).toBeLessThan(1);
    const sup = edgeOfStabilityConvergenceRate(1.05, 0, 2, 3, { model: "codim1" });
    expect(sup.regime).toBe("supercritical");
    expect(sup.rate).toBeNull();
    expect(sup.envelope[1]).toBeCloseTo(0.9, 14); // 1 − (ηλ* − 2) with C = 1
  });
});

describe("learning-rate schedules", () => {
  it("the seed's 0.5, 0.95 and 1.5 of 2/λmax", () => {
    expect(adaptiveLearningRateSchedule(() => 4, "subcritical")).toBe(0.25);
    expect(adaptiveLearningRateSchedule(() => 4)).toBeCloseTo(0.475, 15);
    expect(adaptiveLearningRateSchedule(() => 4, "supercritical")).toBe(0.75);
    expect(() => adaptiveLearningRateSchedule(() => NaN)).toThrow(InvalidArgumentError);
    expect(() => adaptiveLearningRateSchedule(() => 1, "bogus" as never)).toThrow(InvalidArgumentError);
  });

  it("online: re-estimates every k steps from the current state", () => {
    // f = ab, with λ ≈ a² + b² (exact on M) as the estimate, read from the current state: the
    // run converges and the schedule follows the sharpness as it settles.
    let a = 3, b = 0.2;
    const calls: number[] = [];
    const s = onlineLearningRateSchedule((step) => { calls.push(step); return a * a + b * b; }, { every: 10, target: "subcritical" });
    for (let t = 0; t < 100; t++) {
      const eta = s.eta(t);
      const e = a * b - 1;
      [a, b] = [a - eta * e * b, b - eta * e * a];
    }
    expect(calls).toEqual(range(0, 10).map((i) => i * 10));
    expect(s.estimates.length).toBe(10);
    for (const e of s.estimates) expect(e.eta).toBeCloseTo(1 / e.lambdaMax, 15);
    expect(Math.abs(a * b - 1)).toBeLessThan(1e-6);
    // The estimate tracks the state: the first one is at θ₀, λ = 9.04.
    expect(s.estimates[0].lambdaMax).toBeCloseTo(9.04, 12);
    expect(() => onlineLearningRateSchedule(() => 1, { every: 0 })).toThrow(InvalidArgumentError);
  });
});

describe("analyzeConvergence", () => {
  const t = range(0, 400);
  it("geometric decay to a rounding floor: converged, rate from before the floor", () => {
    const v = t.map((s) => Math.max(5 * 0.8 ** s, 1e-30 * (1 + 0.5 * Math.sin(s))));
    const a = analyzeConvergence(v);
    expect(a.label).toBe("converged");
    expect(a.rate).toBeCloseTo(0.8, 6);
    expect(a.window!.to).toBeLessThan(300);
  });

  it("geometric decay not yet at the floor: converged (Aitken limit ≈ 0)", () => {
    const a = analyzeConvergence(t.map((s) => 3 * 0.99 ** s));
    expect(a.label).toBe("converged");
    expect(a.rate).toBeCloseTo(0.99, 10);
  });

  it("a nonzero limit: plateau, from the period test or Aitken's extrapolation", () => {
    const p = analyzeConvergence(t.map((s) => 0.75 + 0.5 ** s));
    expect(p.label).toBe("plateau");
    expect(p.limits[0]).toBeCloseTo(0.75, 12);
    const q = analyzeConvergence(t.map((s) => 0.75 + 0.98 ** s));
    expect(q.label).toBe("plateau");
    expect(q.limits[0]).toBeCloseTo(0.75, 6);
  });

  it("period-2 orbit: oscillating with both limits", () => {
    const o = analyzeConvergence(t.map((s) => (s % 2 ? 0.0283 : 0.0181) + 0.6 ** s));
    expect(o.label).toBe("oscillating");
    expect([...o.limits].sort()).toEqual([0.0181, 0.0283]);
  });

  it("divergence: non-finite, past a bound, or geometric growth", () => {
    // A sawtooth 1.5^(s mod 30) never passes 10⁶ (1.5²⁹ ≈ 1.3·10⁵), so growth is never certain: the non-finite
    // value and the bound decide.
    const v = t.map((s) => (s < 300 ? 1.5 ** (s % 30) : Infinity));
    const a = analyzeConvergence(v, { bound: Infinity });
    expect(a.label).toBe("diverged");
    expect(a.divergedAt).toBe(300);
    expect(a.divergenceReason).toBe("non-finite");
    const b = analyzeConvergence(v, { bound: 1e4 });
    expect(b.divergenceReason).toBe("bound");
    expect(b.divergedAt).toBe(23); // 1.5²³ ≈ 1.1·10⁴, the first value past 10⁴
    // 4^s: certain growth once 4^s > 10⁶ (s = 10), long before the bound or the non-finite value.
    const c = analyzeConvergence(t.map((s) => (s < 300 ? 4 ** s : Infinity)));
    expect(c.divergenceReason).toBe("growth");
    expect(c.divergedAt).toBe(10);
    // Steady growth ×1.05: certain once 16 rising steps have passed 10⁶ (1.05^s > 10⁶ from s = 284); before that,
    // growing but undetermined (never "diverged" on a fit alone).
    const g = analyzeConvergence(t.map((s) => 1.05 ** s));
    expect(g.label).toBe("diverged");
    expect(g.divergenceReason).toBe("growth");
    expect(g.divergedAt).toBe(284);
    const early = analyzeConvergence(range(0, 50).map((s) => 1.05 ** s));
    expect(early.label).toBe("undetermined");
    expect(early.rate).toBeCloseTo(1.05, 6);
  });

  it("power-law decay: converged with its exponent", () => {
    const a = analyzeConvergence(range(1, 2000).map((s) => 0.25 / s), { t: range(1, 2000) });
    expect(a.label).toBe("converged");
    expect(a.exponent).toBeCloseTo(-1, 6);
  });

  it("degenerate series", () => {
    expect(analyzeConvergence([]).label).toBe("undetermined");
    expect(analyzeConvergence([1]).label).toBe("undetermined");
    expect(analyzeConvergence([0, 0, 0]).label).toBe("converged");
    expect(analyzeConvergence([2, 2, 2, 2, 2, 2, 2, 2]).label).toBe("plateau");
    const noisy = analyzeConvergence(t.map((s) => 1 + 0.3 * Math.sin(s * 12.9898)));
    expect(noisy.label).toBe("undetermined");
    expect(noisy.confidence).toBe(0);
    expect(JSON.stringify(noisy)).not.toMatch(/NaN/);
    expect(() => analyzeConvergence([1, 2], { t: [0] })).toThrow(InvalidArgumentError);
  });
});

describe("decay checks and speed", () => {
  const t = range(1, 500);
  it("exponential vs power law, each against the other", () => {
    const geo = t.map((s) => 0.97 ** s), pow = t.map((s) => s ** -0.5);
    expect(checkExponentialDecay(geo).holds).toBe(true);
    expect(checkExponentialDecay(geo).rate).toBeCloseTo(0.97, 12);
    expect(checkPowerLawDecay(geo).holds).toBe(false);
    expect(checkPowerLawDecay(pow).holds).toBe(true);
    expect(checkPowerLawDecay(pow).exponent).toBeCloseTo(-0.5, 12);
    expect(checkExponentialDecay(pow).holds).toBe(false);
    expect(checkExponentialDecay(pow).label).toBe("not exponential");
    // Empty and constant series: no, with nothing to trust.
    expect(checkExponentialDecay([]).holds).toBe(false);
    expect(checkExponentialDecay([]).confidence).toBe(0);
    expect(checkPowerLawDecay([3, 3, 3, 3, 3]).holds).toBe(false);
    expect(() => checkPowerLawDecay([1, 2], { t: [1] })).toThrow(InvalidArgumentError);
  });

  it("estimateConvergenceSpeed: half-life, exponent, stalled, growing", () => {
    const e = estimateConvergenceSpeed(t.map((s) => 0.5 ** (s / 10)));
    expect(e.label).toBe("exponential");
    expect(e.halfLife).toBeCloseTo(10, 9);
    const p = estimateConvergenceSpeed(t.map((s) => s ** -1));
    expect(p.label).toBe("power-law");
    expect(p.exponent).toBeCloseTo(-1, 12);
    expect(estimateConvergenceSpeed(t.map(() => 4)).label).toBe("stalled");
    expect(estimateConvergenceSpeed(t.map((s) => 1.01 ** s)).label).toBe("growing");
    expect(estimateConvergenceSpeed([1]).label).toBe("undetermined");
  });
});

describe("diagnoseConvergence on f = ab (docs/design.md §1 checks)", () => {
  it("η = 0.9: subcritical (linear convergence, read before the rounding floor)", () => {
    const r = scalarFactorisation(0.9, 3000);
    const d = diagnoseConvergence(r.loss, r.grad);
    expect(d.regime).toBe("subcritical");
    // Loss factor β² with β = |1 − ηλ(θ∥∞)| = |1 − 0.9·(a² + b²)| at the limit.
    expect(d.rate!).toBeCloseTo((1 - 0.9 * (r.a * r.a + r.b * r.b)) ** 2, 3);
    expect(d.gradNormAgrees).toBe(true);
    // λ(θ∥∞) = a² + b² ≈ 2.09 (docs/design.md §1).
    expect(r.a * r.a + r.b * r.b).toBeCloseTo(2.09, 2);
  });

  it("η = 1: critical (loss ∝ 1/t) on a long window", () => {
    const r = scalarFactorisation(1, 20000);
    const d = diagnoseConvergence(r.loss, r.grad, { window: 10000 });
    expect(d.regime).toBe("critical");
    expect(d.loss.label).toBe("converged");
    // Theorem 5.2: loss = Θ(1/t).
    expect(d.exponent!).toBeGreaterThan(-1.05);
    expect(d.exponent!).toBeLessThan(-0.95);
  });

  it("η = 1.05: supercritical (period-2 orbit with |a| = |b| ≈ 1.0911, 0.8729)", () => {
    const r = scalarFactorisation(1.05, 4000);
    const d = diagnoseConvergence(r.loss, r.grad);
    expect(d.regime).toBe("supercritical");
    const want = [0.5 * (1.0911 ** 2 - 1) ** 2, 0.5 * (0.8729 ** 2 - 1) ** 2].sort();
    const got = [...d.orbit].sort();
    expect(got[0]).toBeCloseTo(want[0], 3);
    expect(got[1]).toBeCloseTo(want[1], 3);
    expect(d.gradNormAgrees).toBe(true);
  });

  it("η = 2.5: divergent; empty input is undetermined", () => {
    const r = scalarFactorisation(2.5, 3000);
    expect(diagnoseConvergence(r.loss).regime).toBe("divergent");
    const e = diagnoseConvergence([], []);
    expect(e.regime).toBe("undetermined");
    expect(e.confidence).toBe(0);
    expect(e.seedOscillationStatistic).toBeNull();
  });
});

describe("every fit-based seed function on awkward series", () => {
  const walk = (o: unknown): void => {
    if (typeof o === "number") expect(Number.isNaN(o)).toBe(false);
    else if (o && typeof o === "object") Object.values(o).forEach(walk);
  };
  const cases: Record<string, number[]> = {
    empty: [],
    one: [1],
    two: [1, 0.5],
    constant: range(0, 50).map(() => 3),
    zeros: range(0, 50).map(() => 0),
    noisy: range(0, 300).map((s) => 1 + 0.2 * Math.sin(s * 78.233)),
    nonFinite: [1, 0.5, 0.25, NaN, 0.1, Infinity],
  };
  for (const [name, v] of Object.entries(cases)) {
    it(name, () => {
      const all = [analyzeConvergence(v), checkExponentialDecay(v), checkPowerLawDecay(v), estimateConvergenceSpeed(v), diagnoseConvergence(v, v)];
      all.forEach(walk);
      for (const r of all) expect(r.confidence).toBeGreaterThanOrEqual(0);
      const a = all[0] as ReturnType<typeof analyzeConvergence>;
      const want = { empty: "undetermined", one: "undetermined", two: ["converged", "plateau", "undetermined"], constant: "plateau", zeros: "converged", noisy: "undetermined", nonFinite: "diverged" }[name]!;
      expect(Array.isArray(want) ? want : [want]).toContain(a.label);
      if (name === "nonFinite") expect(a.divergedAt).toBe(3);
      if (name === "noisy") expect(checkExponentialDecay(v).holds || checkPowerLawDecay(v).holds).toBe(false);
    });
  }
});
