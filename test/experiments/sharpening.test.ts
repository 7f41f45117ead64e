// The sharpening experiment (docs/sharpening.md): the data and the start against the documented recipe rebuilt here
// from RandomState, the GD loss series against runData's loop (a second GD implementation), each λ against a cold
// Lanczos solve from dataSharpness at the same θ_t, and the per-run statistics recomputed here by plain loops.
import { describe, expect, it } from "vitest";
import {
  dataSharpness, InvalidArgumentError, initSync, paramCount, RandomState, runData, SHARPENING_REACH, SHARPENING_UP_TOL, sharpeningData,
  sharpeningExperiment, sharpeningFigureSvg, sharpeningInit, type DataModelSpec,
} from "../../src/index.js";

const engine = initSync();

describe("sharpening data and start", () => {
  it("X = RandomState(seed).randn(n, 4) and y = x₁ − x₂ + sin(2x₃) + x₃x₄", () => {
    const ds = sharpeningData({ n: 30, seed: 5 });
    const z = new RandomState(5).randn(120);
    expect(Array.from(ds.X)).toEqual(Array.from(z));
    for (let i = 0; i < 30; i++) {
      const [a, b, c, d] = [z[4 * i], z[4 * i + 1], z[4 * i + 2], z[4 * i + 3]];
      expect(ds.y[i]).toBe(a - b + Math.sin(2 * c) + c * d);
    }
    expect([ds.n, ds.d]).toEqual([30, 4]);
    expect(sharpeningData().n).toBe(200);
  });

  it("θ₀: randn(p) in parameter order, weights / √fan-in, biases 0, times the scale", () => {
    const spec: DataModelSpec = { kind: "tanh-mlp", n: 1, d: 4, h: 3, layers: 2 };
    const t = sharpeningInit(spec, 2, 0.5);
    const z = new RandomState(2).randn(paramCount(spec));
    const scales = [...Array(12).fill(1 / 2), ...Array(3).fill(0), ...Array(9).fill(1 / Math.sqrt(3)), ...Array(3).fill(0), ...Array(3).fill(1 / Math.sqrt(3))];
    expect(scales.length).toBe(z.length);
    z.forEach((v, i) => expect(t[i]).toBe(v * 0.5 * scales[i]));
    const w = sharpeningInit({ kind: "deep-linear-data", n: 1, d: 4, widths: [4, 2, 1] }, 1);
    const zw = new RandomState(1).randn(10);
    zw.forEach((v, i) => expect(w[i]).toBe(v * (i < 8 ? 1 / 2 : 1 / Math.sqrt(2))));
  });

  it("junk is an InvalidArgumentError", () => {
    expect(() => sharpeningData({ n: 0 })).toThrow(InvalidArgumentError);
    expect(() => sharpeningInit({ kind: "linear", n: 1, d: 4 }, 0)).toThrow(/tanh-mlp or deep-linear-data/);
    expect(() => sharpeningExperiment({ spec: { kind: "tanh-mlp", n: 0, d: 0, h: 4 }, etas: [], steps: 10, every: 2 })).toThrow(/at least one η/);
    expect(() => sharpeningExperiment({ spec: { kind: "tanh-mlp", n: 0, d: 0, h: 4 }, etas: [-1], steps: 10, every: 2 })).toThrow(/η must be a finite number > 0/);
  });
});

describe("sharpeningExperiment", () => {
  for (const spec of [{ kind: "tanh-mlp", n: 0, d: 0, h: 6 }, { kind: "deep-linear-data", n: 0, d: 0, widths: [4, 5, 1] }] as DataModelSpec[]) {
    it(`${spec.kind}: losses = runData's, λ = a cold Lanczos solve at θ_t, statistics = plain loops`, () => {
      const data = sharpeningData({ n: 40, seed: 3 });
      const full = { ...spec, n: 40, d: 4 };
      const steps = 120, every = 15, etas = [0.01, 0.05];
      const r = sharpeningExperiment({ spec, data, etas, steps, every, engine, initScale: 0.7, tol: 1e-10 });
      const theta0 = sharpeningInit(full, 0, 0.7);
      for (const run of r.runs) {
        // The loss series of a second GD loop (runData's JS loop), and θ_t at the measured steps.
        const at = new Map<number, Float64Array>();
        const ref = runData(full, data, { eta: run.eta, steps: run.stepsDone, theta0, engine, chunkEvery: 1, onChunk: (t, th) => at.set(t, th) });
        expect(run.loss.length).toBe(ref.loss.length);
        run.loss.forEach((l, t) => expect(Math.abs(l - ref.loss[t])).toBeLessThanOrEqual(1e-12 * ref.loss[t]));
        run.lambdaSteps.forEach((t, k) => {
          const cold = dataSharpness(full, data, at.get(t)!, { engine }).hessianTop[0];
          expect(Math.abs(run.lambda[k] - cold)).toBeLessThan(1e-7 * Math.abs(cold));
        });
        // The steps measured: 0, every, 2·every, …, and the last.
        const want = [0];
        for (let t = every; t <= run.stepsDone; t += every) want.push(t);
        if (want[want.length - 1] !== run.stepsDone && !run.diverged) want.push(run.stepsDone);
        expect(Array.from(run.lambdaSteps)).toEqual(want);
        // Statistics by hand.
        const edge = 2 / run.eta;
        let reach: number | null = null, ri = -1;
        for (let k = 0; k < run.lambda.length; k++) if (run.lambda[k] >= SHARPENING_REACH * edge) { reach = run.lambdaSteps[k]; ri = k; break; }
        expect(run.reachStep).toBe(reach);
        let up = 0;
        for (let t = 0; t < run.loss.length - 1; t++) if (run.loss[t + 1] > (1 + SHARPENING_UP_TOL) * run.loss[t]) up++;
        expect(run.lossUpFraction).toBeCloseTo(up / (run.loss.length - 1), 14);
        if (reach !== null) {
          const v = Array.from(run.lambda.subarray(ri), (x) => (run.eta * x) / 2);
          const mean = v.reduce((a, b) => a + b, 0) / v.length;
          expect(run.afterReach!.mean).toBeCloseTo(mean, 12);
          expect(run.afterReach!.max).toBe(Math.max(...v));
        } else expect(run.afterReach).toBe(null);
      }
      expect(r.lambda0).toBe(r.runs[0].lambda[0]);
      expect(sharpeningFigureSvg(r)).toMatch(/^<svg[\s\S]*2\/η[\s\S]*<\/svg>\s*$/);
    }, 60_000);
  }

  it("a tanh MLP at an η with 2/η above λ₀ sharpens to 2/η and the loss then goes up on some steps (Cohen et al.'s picture, measured)", () => {
    const r = sharpeningExperiment({ spec: { kind: "tanh-mlp", n: 0, d: 0, h: 16 }, data: sharpeningData({ n: 100 }), etas: [0.0035], steps: 600, every: 10, engine });
    const run = r.runs[0];
    expect(2 / run.eta).toBeGreaterThan(1.2 * r.lambda0);
    expect(run.reachStep).not.toBe(null);
    expect(run.reachStep!).toBeGreaterThan(0);
    expect(run.afterReach!.mean).toBeGreaterThan(0.9);
    expect(run.afterReach!.mean).toBeLessThan(1.1);
    expect(run.lossUpFractionAfter!).toBeGreaterThan(0.02);
    expect(run.loss[run.loss.length - 1]).toBeLessThan(run.loss[0]);
  }, 60_000);
});
