// observeRun's labels on synthetic series with known behaviour (no engine).
import { describe, expect, it } from "vitest";
import { observeRun } from "../../src/observe/observe-run.js";
import type { RunPoint, RunSeries } from "../../src/series/run-series.js";

function seriesOf(steps: number[], perp: (t: number) => number, lambdaPar: (t: number) => number = () => 5): RunSeries {
  const f = (g: (t: number) => number) => Float64Array.from(steps, g);
  return { step: f((t) => t), loss: f((t) => 2.5 * perp(t) ** 2), thetaPerp: f(perp), distPar: f(() => 0.1), lambdaPar: f(lambdaPar), lambdaAt: f(() => 5) };
}
const finalOf = (s: RunSeries): RunPoint => {
  const n = s.step.length - 1;
  return { step: s.step[n], loss: s.loss[n], thetaPerp: s.thetaPerp[n], distPar: s.distPar[n], lambdaPar: s.lambdaPar[n], lambdaAt: 5, theta: Float64Array.from([1, 1]), thetaPar: Float64Array.from([1, 1]) };
};
const summary = { stepsRun: 1000, firstNonFiniteStep: null, minLoss: 0, maxLoss: 1 };
const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);

describe("observeRun labels", () => {
  it("period-4: a tail cycling through four values", () => {
    const cyc = [0.1, -0.2, 0.15, -0.05];
    const s = seriesOf(range(0, 1000), (t) => cyc[t % 4]);
    const o = observeRun({ eta: 0.5, lambdaStar: 5, series: s, final: finalOf(s), summary });
    expect(o.label).toBe("period-4");
    expect(o.period.period).toBe(4);
  });

  it("chaotic: the logistic map at r = 4 (no period up to 16, bounded)", () => {
    const xs: number[] = [0.1234];
    for (let i = 1; i <= 1000; i++) xs.push(4 * xs[i - 1] * (1 - xs[i - 1]));
    const s = seriesOf(range(0, 1000), (t) => xs[t] - 0.5);
    const o = observeRun({ eta: 0.5, lambdaStar: 5, series: s, final: finalOf(s), summary });
    expect(o.label).toBe("chaotic");
  });

  it("divergent: a non-finite step reported by the runner", () => {
    const s = seriesOf(range(0, 10), (t) => 2 ** t);
    const o = observeRun({ eta: 1, lambdaStar: 5, series: s, final: finalOf(s), summary: { ...summary, firstNonFiniteStep: 11 } });
    expect(o.label).toBe("divergent");
  });

  it("τ is the first recorded step with ηλ(θ∥) < 2; a geometric decay gives its rate", () => {
    const s = seriesOf(range(0, 3000), (t) => 0.01 * (-0.9) ** t, (t) => (t < 37 ? 5.3 : 5.1));
    const o = observeRun({ eta: 0.39, lambdaStar: 5, series: s, final: finalOf(s), summary });
    expect(o.tau).toBe(37);
    expect(o.label).toBe("subcritical");
    expect(o.linear!.fit.rate).toBeCloseTo(0.9, 12);
  });

  it("critical: |θ⊥| = t^{-1/2}, alternating in sign, is a power law, not an orbit", () => {
    const steps = range(1, 100000);
    const s = seriesOf(steps, (t) => (t % 2 ? 1 : -1) / Math.sqrt(t));
    const o = observeRun({ eta: 0.4, lambdaStar: 5, series: s, final: finalOf(s), summary });
    expect(o.label).toBe("critical");
    expect(o.powerLaw!.thetaPerp.exponent).toBeCloseTo(-0.5, 10);
  });

  it("a geometric decay stopped before the rounding floor is still linear convergence, not a power law", () => {
    const s = seriesOf(range(0, 2000), (t) => 0.01 * (-0.995) ** t, (t) => (t < 50 ? 5.3 : 5.1));
    const o = observeRun({ eta: 0.39, lambdaStar: 5, series: s, final: finalOf(s), summary });
    expect(o.convergedToM).toBe(false);
    expect(o.label).toBe("subcritical");
  });

  it("a run still converging onto a period-2 orbit (deviation still changing by ~1e-5 over the tail) is supercritical", () => {
    const s = seriesOf(range(0, 5000), (t) => (t % 2 ? 0.04 : -0.05) * (1 + 1e-2 * 0.999 ** t));
    const o = observeRun({ eta: 0.41, lambdaStar: 5, series: s, final: finalOf(s), summary });
    expect(o.period.period).toBeNull(); // not within 1e-6
    expect(o.label).toBe("supercritical");
  });
});
