// The explorer worker's library calls (src/browser/engine-api.ts), in Node:
// a run streamed in chunks the way the worker runs it, then compareRun on
// the streamed series, must say what analyseRun says of the same run: the
// same prediction (it is predictRun's), and the same observed label.
import { describe, expect, it } from "vitest";
import { explorerRecordSteps, explorerStart } from "../../src/browser/config.js";
import { buildModel, compareRun, runChunk } from "../../src/browser/engine-api.js";
import type { Comparison, SeriesChunk } from "../../src/browser/protocol.js";
import { analyseRun } from "../../src/codim1/analyse-run.js";
import { engineGeometry } from "../../src/codim1/geometry.js";
import { initSync } from "../../src/init.js";
import { SERIES_COLUMNS, type RunResult } from "../../src/series/run-series.js";

const engine = initSync();
const KEYS = SERIES_COLUMNS;

/** The worker's loop in miniature: chunks of `chunk` steps ending on recorded steps, each later chunk's first record dropped. */
function streamedRun(depth: number, eta: number, theta0: number[], steps: number, chunk: number) {
  const model = buildModel({ depth, target: 1 }, engine);
  const plan = explorerRecordSteps(steps, 1500);
  const parts: SeriesChunk[] = [];
  let theta = Float64Array.from(theta0);
  let pos = 0;
  let k = 1;
  let last: RunResult | undefined;
  let firstNonFinite: number | null = null;
  let stepsRun = 0;
  while (pos < steps) {
    let j = k;
    while (j < plan.length - 1 && plan[j]! < pos + chunk) j++;
    const end = plan[j]!;
    const res = runChunk(model, { eta, theta0: theta, startStep: pos, steps: end - pos, recordSteps: plan.subarray(k, j + 1), engine });
    last = res;
    const s = res.series;
    const from = pos === 0 ? 0 : 1;
    parts.push(Object.fromEntries(KEYS.map((key) => [key, s[key].slice(from)])) as unknown as SeriesChunk);
    stepsRun = pos + res.summary.stepsRun;
    if (res.summary.firstNonFiniteStep !== null) {
      firstNonFinite = res.summary.firstNonFiniteStep;
      break;
    }
    theta = res.final.theta;
    pos = end;
    k = j + 1;
  }
  const series = Object.fromEntries(KEYS.map((key) => [key, Float64Array.from(parts.flatMap((p) => Array.from(p[key])))])) as unknown as SeriesChunk;
  const notes: string[] = [];
  const out = compareRun(model, { eta, theta0: Float64Array.from(theta0), series, last: last!, stepsRun, firstNonFiniteStep: firstNonFinite, notes, engine });
  return { ...out, model, notes, series };
}

describe("compareRun: the explorer's comparison is analyseRun's", () => {
  it.each([
    ["subcritical", 5, 0.39, 20_000],
    ["critical", 5, 0.4, 20_000],
    ["supercritical", 5, 0.408, 20_000],
    ["supercritical (f = ab)", 2, 1.05, 10_000],
    ["divergent (f = ab)", 2, 1.3, 10_000],
    ["saddle (three factors near 0: ∇f ≈ 0 off M)", 5, 0.39, 10_000, [1e-5, 2e-5, 1e-5, 1, 1]],
  ] as const)("%s: p = %i, η = %f", (_name, depth, eta, steps, start?: readonly number[]) => {
    const theta0 = start ? [...start] : explorerStart(depth, 1);
    const ours = streamedRun(depth, eta, theta0, steps, 1000);
    const ref = analyseRun(ours.model, engineGeometry(engine), { eta, steps, theta0 });
    const c = ours.comparison as Comparison;
    const p = ours.prediction as { regime: { regime: string }; rate: number | null; orbitStable: boolean | null };

    expect(c.regime.predicted).toBe(ref.prediction.regime.regime);
    expect(c.regime.predictedReason).toBe(ref.prediction.regime.reason);
    expect(c.crossoverSteps).toBe(ref.prediction.regime.crossoverSteps);
    expect(p.regime.regime).toBe(ref.prediction.regime.regime);
    expect(p.orbitStable).toBe(ref.prediction.orbitStable);
    // The same trajectory to the same final step: the rate from λ(θ∥∞) is the same number.
    expect(c.rate.predicted).toBe(ref.prediction.rate);
    expect(c.orbit.stable).toBe(ref.prediction.orbitStable);
    if (ref.prediction.orbit?.found) {
      const po = [...ref.prediction.orbit.thetaPerp!].sort((a, b) => b - a);
      expect(c.orbit.predicted).toEqual(po);
    } else {
      expect(c.orbit.predicted).toBeNull();
    }
    // Observed on differently spaced records (the explorer's plan vs analyseRun's 2000 log points): the same label.
    expect(c.regime.observed).toBe(ref.observation.label);
    const refRate = ref.observation.linear?.fit.rate ?? null;
    if (refRate === null) expect(c.rate.observed).toBeNull();
    else expect(Math.abs(c.rate.observed! - refRate)).toBeLessThan(1e-5 * refRate);
    expect(ours.notes).toEqual([]);
  }, 60_000);

  it("the streamed series is the run's, record for record, at the planned steps", () => {
    const theta0 = explorerStart(5, 1);
    const ours = streamedRun(5, 0.4, theta0, 5000, 300);
    const plan = explorerRecordSteps(5000, 1500);
    expect(ours.series.step).toEqual(plan);
    const whole = runChunk(ours.model, { eta: 0.4, theta0: Float64Array.from(theta0), startStep: 0, steps: 5000, recordSteps: plan, engine });
    for (const key of KEYS) expect(ours.series[key]).toEqual(whole.series[key]);
  }, 60_000);
});
