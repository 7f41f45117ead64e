// The explorer's plain-language caption (src/browser/caption.ts): pure code,
// checked here on hand-made reports; the browser suite checks it on real runs.
import { describe, expect, it } from "vitest";
import { captionFor, regimeHeading } from "../../src/browser/caption.js";
import type { RunReport } from "../../src/browser/protocol.js";

function report(over: { predicted: string | null; observed: string | null; eta?: number; steps?: number; crossover?: number | null; rho?: number | null; exponent?: number | null; rate?: number | null }): RunReport {
  const eta = over.eta ?? 0.4;
  return {
    model: "deep-scalar(p=5,y=1)",
    eta,
    etaCritical: 0.4,
    lambdaStar: 5,
    thetaStar: [1, 1, 1, 1, 1],
    stepsRun: over.steps ?? 100_000,
    firstNonFiniteStep: null,
    final: { step: 0, loss: 0, thetaPerp: 0, distPar: 0, lambdaPar: 5, lambdaAt: 5, theta: [] },
    comparison: {
      regime: { predicted: over.predicted as never, observed: over.observed as never, predictedReason: "|ηλ* − 2| = 0.00e+0 ≤ 1e-9", observedReason: "reason" },
      crossoverSteps: over.crossover === undefined ? null : over.crossover,
      tau: { predicted: null, observed: null },
      rate: { predicted: null, observed: over.rate ?? null, quantity: over.rate ? "distPar" : null },
      exponentThetaPerp: { predicted: -0.5, observed: over.exponent ?? null },
      exponentLoss: { predicted: -1, observed: null },
      orbit: { predicted: null, observed: null, stable: over.rho === undefined ? null : over.rho! < 1, spectralRadius: over.rho ?? null },
      lambdaEnd: { predicted: null, observed: null },
    },
    prediction: null,
    observation: null,
    notes: [],
    elapsedMs: 1,
    runMs: 1,
    backend: "js",
  };
}

describe("captionFor", () => {
  it("labels each regime with its own heading and a sentence about that regime", () => {
    const cases: [string, string, RegExp][] = [
      ["critical", "Critical", /t\^−½ \(measured exponent -0\.503\)/],
      ["supercritical", "Period-2 orbit", /period-2 orbit/],
      ["subcritical", "Subcritical", /converges at rate 0\.999 per step \(measured on the distance along M/],
      ["divergent", "Divergent", /too large/],
      ["period-4", "Period-4 orbit", /period 4/],
    ];
    for (const [observed, heading, says] of cases) {
      const c = captionFor(report({ predicted: observed === "period-4" ? "supercritical" : observed, observed, exponent: -0.503, rate: 0.999 }));
      expect(c.regime).toBe(observed);
      expect(c.label).toBe(heading);
      expect(regimeHeading(observed)).toBe(heading);
      expect(c.text).toMatch(says);
      // No code names or raw labeller formulas reach the student.
      expect(c.text).not.toMatch(/distPar|≤ 1e-9|e\+0/);
    }
  });

  it("notes a run shorter than 10× the crossover time, and only then", () => {
    // η = 1.005·η_c: ηλ* − 2 = 0.01, crossover 100 steps; 10× is 1000.
    const short = captionFor(report({ predicted: "supercritical", observed: "critical", eta: 0.402, steps: 999, crossover: 100 }));
    expect(short.notes.join(" ")).toMatch(/shorter than 10× the crossover time 1\/\|ηλ\* − 2\| ≈ 100 steps/);
    expect(short.notes.join(" ")).toMatch(/at least 1,000 steps/);
    const long = captionFor(report({ predicted: "supercritical", observed: "supercritical", eta: 0.402, steps: 1000, crossover: 100 }));
    expect(long.notes.join(" ")).not.toMatch(/crossover/);
    // Exactly critical: no crossover time, no note.
    expect(captionFor(report({ predicted: "critical", observed: "critical", steps: 10, crossover: null })).notes).toEqual([]);
  });

  it("explains period doubling when period 4 is observed where the theory predicts period 2", () => {
    const c = captionFor(report({ predicted: "supercritical", observed: "period-4", eta: 0.512, rho: 1.37 }));
    expect(c.notes.join(" ")).toMatch(/Period doubling.*ρ = 1\.37 > 1.*period to 4/);
  });
});
