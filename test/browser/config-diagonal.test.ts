// The diagonal linear network in the explorer (src/browser/diagonal.ts, config.ts, caption.ts): its built-in data,
// its empirical λ* checked against the closed form X = I gives, the URL round trip, the model switch and the caption.
import { describe, expect, it } from "vitest";
import { defaultConfig, edgeOf, MODEL_KINDS, parseConfig, presetConfig, PRESETS, serializeConfig, startOf, switchModel } from "../../src/browser/config.js";
import { DIAGONAL_PRESET, DIAGONAL_STEPS, diagonalFlattest } from "../../src/browser/diagonal.js";
import { captionFor } from "../../src/browser/caption.js";
import type { RunReport } from "../../src/browser/protocol.js";

const fromQuery = (q: string) => {
  const p = new URLSearchParams(q);
  return parseConfig((k) => p.get(k));
};

describe("the diagonal network in the explorer's configuration", () => {
  it("is on the model menu, with λ* = 2·max|y| = 3 (X = I: JJᵀ = diag(u² + v²) on M) from the library's search, certified", () => {
    expect(MODEL_KINDS).toContain("diagonal");
    const f = diagonalFlattest();
    const closed = 2 * Math.max(...DIAGONAL_PRESET.y.map(Math.abs));
    expect(closed).toBe(3);
    expect(Math.abs(f.lambdaStar - closed)).toBeLessThan(1e-9);
    expect(f.certificate).not.toBeNull();
    expect(f.certificate!.lower).toBeLessThanOrEqual(closed + 1e-9);
    expect(f.certificate!.upper).toBeGreaterThanOrEqual(closed - 1e-9);
    // On M: u⊙v = y at the flattest point, entry by entry (F = X(u⊙v) with X = I).
    for (let i = 0; i < 3; i++) expect(f.theta[i]! * f.theta[i + 3]!).toBeCloseTo(DIAGONAL_PRESET.y[i]!, 9);
  });

  it("reads model=diagonal from the URL with the preset start and η as a fraction of η_c = 2/λ*, and round-trips", () => {
    const c = fromQuery("model=diagonal&etaFrac=0.9");
    expect([c.model, c.depth, c.steps]).toEqual(["diagonal", 6, DIAGONAL_STEPS]);
    expect(c.theta0).toEqual([1, 2, 0.6, 0.5, -1, 2]);
    expect(c.eta).toBeCloseTo(0.9 * (2 / 3), 5);
    expect(edgeOf(c).etaCritical).toBe(2 / diagonalFlattest().lambdaStar);
    for (const name of PRESETS) {
      const cfg = { ...presetConfig(name, c), theta0: [0.9, -1.1, 0.7, 0.6, 1.3, 1.5], steps: 5000 };
      const back = fromQuery(serializeConfig(cfg));
      expect(back).toEqual(cfg);
    }
    // A start of the wrong length falls back to the preset's; the critical preset is η_c exactly.
    expect(fromQuery("model=diagonal&init=1,2,3").theta0).toEqual(startOf(c));
    expect(presetConfig("critical", c).eta).toBe(edgeOf(c).etaCritical);
  });

  it("switching to it and away keeps η/η_c and gives each model its own steps and start", () => {
    const deep = defaultConfig();
    const d = switchModel({ ...deep, eta: 0.95 * edgeOf(deep).etaCritical }, "diagonal");
    expect(d.model).toBe("diagonal");
    expect(d.eta / edgeOf(d).etaCritical).toBeCloseTo(0.95, 5);
    expect(d.steps).toBe(DIAGONAL_STEPS);
    const back = switchModel(d, "deep");
    expect([back.model, back.steps, back.theta0.length]).toEqual(["deep", deep.steps, 5]);
    expect(back.eta / edgeOf(back).etaCritical).toBeCloseTo(0.95, 5);
  });
});

function report(observed: string, predicted: string): RunReport {
  return {
    model: "diagonal",
    eta: 0.7,
    etaCritical: 2 / 3,
    lambdaStar: 3,
    thetaStar: [],
    stepsRun: 20_000,
    firstNonFiniteStep: null,
    final: { step: 20_000, loss: 0, thetaPerp: 0, distPar: 0, lambdaPar: 3, lambdaAt: 3, theta: [] },
    comparison: {
      regime: { predicted: predicted as never, observed: observed as never, predictedReason: null, observedReason: null },
      crossoverSteps: 10,
      tau: { predicted: null, observed: observed === "subcritical" ? 100 : null },
      rate: { predicted: null, observed: null, quantity: null },
      exponentThetaPerp: { predicted: null, observed: observed === "critical" ? -0.5 : null },
      exponentLoss: { predicted: null, observed: null },
      orbit: { predicted: null, observed: observed === "supercritical" ? [0.22, -0.158] : null, stable: null, spectralRadius: null },
      lambdaEnd: { predicted: null, observed: 3 },
    },
    prediction: null,
    observation: null,
    notes: [],
    elapsedMs: 1,
    runMs: 1,
    backend: "js",
    empirical: { lambdaStarSource: "empirical", certificate: { lower: 2.9999, upper: 3.0001, relativeGap: 6e-5 }, topSimple: true },
  };
}

describe("the caption of a diagonal-network run", () => {
  const says: Record<string, RegExp> = { stable: /without bouncing/, subcritical: /drops below 2\/η \(at step 100\)/, critical: /t\^−½ \(measured exponent -0\.5\)/, supercritical: /period-2 orbit between θ⊥ = 0\.22 and -0\.158/, divergent: /overflow/ };
  for (const label of Object.keys(says)) {
    it(`${label}: speaks of that label, of several outputs, and of the measured, certified λ*`, () => {
      const c = captionFor(report(label, label));
      expect(c.regime).toBe(label);
      expect(c.text).toMatch(says[label]!);
      for (const [other, re] of Object.entries(says)) if (other !== label) expect(c.text).not.toMatch(re);
      expect(c.notes.join(" ")).toMatch(/Several outputs: no theorem covers this model/);
      expect(c.notes.join(" ")).toMatch(/proven to lie in \[2\.9999, 3\.0001\]/);
    });
  }
  it("a label without words of its own (chaotic) keeps the one-output sentence", () => {
    expect(captionFor(report("chaotic", "supercritical")).text).toMatch(/never settles/);
  });
});
