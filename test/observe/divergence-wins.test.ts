// Divergence wins over every other label as soon as growth is certain (docs/design.md §2). The rule (detectGrowth):
// a non-finite value, |loss| past the bound, or ≥ GROWTH_FACTOR× per step over GROWTH_RECORDS consecutive records
// while past GROWTH_TOTAL·max(1, loss₀). Every labeller applies it: observeRun (codim1 and data runs), analyzeConvergence
// and diagnoseConvergence. References are plain loops written here: the GD recursion itself, the first step past the
// bound, and the rule re-implemented from its definition.
import { beforeAll, describe, expect, it } from "vitest";
import {
  analyseRun, analyzeConvergence, DEFAULT_DIVERGENCE_BOUND, deepScalar, detectGrowth, diagnoseConvergence, engineGeometry, gdLinear,
  GROWTH_FACTOR, GROWTH_RECORDS, GROWTH_STEADY_FACTOR, GROWTH_STEADY_RECORDS, GROWTH_TOTAL, datasetFromRows, observeDataRun, observeRun, type Observation, type RunPoint, type RunSeries,
} from "../../src/index.js";
import { initSync } from "../../src/init.js";
import { craftedSeries } from "./observe-reference.js";

beforeAll(() => {
  initSync();
});

/** The rule from its definition: the first index where growth is certain (non-finite / past bound / geometric), or null. */
function certainAt(v: ArrayLike<number>, t?: ArrayLike<number>, bound = DEFAULT_DIVERGENCE_BOUND): number | null {
  let fast = 0, steady = 0;
  for (let i = 0; i < v.length; i++) {
    if (!Number.isFinite(v[i]) || Math.abs(v[i]) > bound) return i;
    if (i === 0) continue;
    const dt = t ? t[i] - t[i - 1] : 1;
    const perStep = Math.pow(Math.abs(v[i]) / Math.abs(v[i - 1]), 1 / dt);
    fast = perStep >= GROWTH_FACTOR ? fast + 1 : 0;
    steady = perStep >= GROWTH_STEADY_FACTOR ? steady + 1 : 0;
    if ((fast >= GROWTH_RECORDS || steady >= GROWTH_STEADY_RECORDS) && Math.abs(v[i]) > GROWTH_TOTAL * Math.max(1, Math.abs(v[0]))) return i;
  }
  return null;
}

function observeCrafted(loss: number[], perp: number[], eta = 1.5): Observation {
  const { series, final } = craftedSeries(loss, perp);
  let minLoss = Infinity, maxLoss = -Infinity;
  for (const l of loss) { minLoss = Math.min(minLoss, l); maxLoss = Math.max(maxLoss, l); }
  return observeRun({ eta, lambdaStar: 2, series, final, summary: { stepsRun: loss.length - 1, firstNonFiniteStep: null, minLoss, maxLoss } });
}

/** A label never contradicts its own divergence detail. */
function consistent(o: Observation): void {
  expect(o.label === "divergent").toBe(o.divergence.diverged);
}

describe("crafted series: ×64 per step is divergent as soon as the rule says so, whatever the length", () => {
  it("the rule's first certain index, by the plain loop, is where every labeller switches to divergent", () => {
    for (let N = 1; N <= 70; N++) {
      const loss = Array.from({ length: N + 1 }, (_, t) => 64 ** t);
      const perp = Array.from({ length: N + 1 }, (_, t) => 8 ** t * (t % 2 ? -1 : 1));
      const at = certainAt(loss);
      const o = observeCrafted(loss, perp);
      consistent(o);
      const a = analyzeConvergence(loss);
      const d = diagnoseConvergence(loss, null, { t0: 0 });
      if (at !== null) {
        expect(o.label, `N = ${N}`).toBe("divergent");
        expect(o.divergence.index).toBe(at);
        expect(o.labelReason).toMatch(/growth|bound/);
        expect(a.label).toBe("diverged");
        expect(a.divergedAt).toBe(at);
        expect(d.regime).toBe("divergent");
      } else {
        // Too short to be certain: never "chaotic", which would claim a bounded run.
        expect(o.label, `N = ${N}`).not.toBe("chaotic");
      }
    }
    // 64⁴ ≈ 1.7·10⁷ > 10⁶ after 4 ≥ GROWTH_RECORDS growing steps: certain at step 4.
    expect(certainAt(Array.from({ length: 10 }, (_, t) => 64 ** t))).toBe(4);
    expect(detectGrowth(Array.from({ length: 10 }, (_, t) => 64 ** t)).index).toBe(4);
  });

  it("recorded every k steps: the factor is per step, so sparse records of ×64 growth are certain too", () => {
    const t = Array.from({ length: 6 }, (_, i) => 3 * i);
    const loss = t.map((s) => 64 ** s);
    expect(detectGrowth(loss, { t }).index).toBe(certainAt(loss, t));
    expect(analyzeConvergence(loss, { t }).label).toBe("diverged");
  });

  it("not certain: growth from a tiny loss that settles (a start near M above η_c), and a short catapult", () => {
    // Loss 1e-20·9^t up to O(1), then a period-2 orbit: geometric growth, but never 10⁶ above max(1, loss₀).
    const loss: number[] = [], perp: number[] = [];
    for (let t = 0; t < 400; t++) {
      const grow = 1e-20 * 9 ** t;
      loss.push(grow < 0.5 ? grow : t % 2 ? 0.5 : 0.3);
      perp.push(grow < 0.5 ? Math.sqrt(grow) * (t % 2 ? -1 : 1) : t % 2 ? -0.7 : 0.5);
    }
    expect(certainAt(loss)).toBeNull();
    expect(detectGrowth(loss).diverged).toBe(false);
    const o = observeCrafted(loss, perp);
    consistent(o);
    expect(o.label).not.toBe("divergent");
    // A catapult: ×9 for 5 steps from 1 (59049 < 10⁶), then back down.
    const cat = [1, 9, 81, 729, 6561, 59049, 100, 1, 0.5, 0.3, 0.2];
    expect(certainAt(cat)).toBeNull();
    expect(detectGrowth(cat).diverged).toBe(false);
  });

  it("lossRecord (a data run's every-step losses): divergence is read on it, at the same step as analyzeConvergence", () => {
    // Coordinates recorded at steps 0, 3, 6 only; losses ×64 every step: with the sparse series alone, too few records.
    const { series, final } = craftedSeries([1, 64 ** 3, 64 ** 6], [1, -2, 3]);
    series.step = Float64Array.of(0, 3, 6);
    final.step = 6;
    const step = Array.from({ length: 7 }, (_, t) => t), loss = step.map((t) => 64 ** t);
    const summary = { stepsRun: 6, firstNonFiniteStep: null, minLoss: 1, maxLoss: 64 ** 6 };
    const o = observeRun({ eta: 1.5, lambdaStar: 2, series, final, summary, lossRecord: { step, loss } });
    consistent(o);
    expect(o.label).toBe("divergent");
    expect(o.labelReason).toContain(`step ${certainAt(loss)}`);
    expect(analyzeConvergence(loss, { t: step }).divergedAt).toBe(certainAt(loss));
    expect(() => observeRun({ eta: 1.5, lambdaStar: 2, series, final, summary, lossRecord: { step, loss: loss.slice(1) } })).toThrow(/one step per loss/);
  });

  it("a non-finite loss is divergent at its index, in every labeller", () => {
    const loss = [1, 2, 3, Infinity];
    expect(detectGrowth(loss)).toMatchObject({ diverged: true, index: 3, reason: "non-finite" });
    expect(analyzeConvergence(loss).divergedAt).toBe(3);
    expect(diagnoseConvergence(loss).regime).toBe("divergent");
  });
});

describe("real runs", () => {
  /** Deep scalar GD by hand: θ_i ← θ_i − η(f − y)∏_{j≠i}θ_j, ℓ = ½(f − y)². Losses at steps 0..N (Infinity once non-finite). */
  function deepScalarLosses(theta0: number[], eta: number, y: number, N: number): number[] {
    const th = theta0.slice();
    const out: number[] = [];
    for (let t = 0; t <= N; t++) {
      const f = th.reduce((a, b) => a * b, 1);
      const l = 0.5 * (f - y) ** 2;
      out.push(Number.isFinite(l) ? l : Infinity);
      if (!Number.isFinite(l)) break;
      const g = th.map((_, i) => th.reduce((a, b, j) => (j === i ? a : a * b), 1));
      for (let i = 0; i < th.length; i++) th[i] -= eta * (f - y) * g[i];
    }
    return out;
  }

  it("deep scalar at large η: divergent from the rule's step on, and from the first step past the bound at the latest", () => {
    const model = deepScalar({ depth: 3 });
    const geo = engineGeometry();
    const theta0 = [1.3, 0.9, 1.1], eta = 2.5; // ηλ* = 2.5·3 = 7.5: far past any orbit
    const ref = deepScalarLosses(theta0, eta, 1, 60);
    const pastBound = ref.findIndex((l) => !(l <= DEFAULT_DIVERGENCE_BOUND));
    expect(pastBound).toBeGreaterThan(0); // the reference itself must blow up within 60 steps
    const rule = certainAt(ref)!;
    expect(rule).not.toBeNull();
    expect(rule).toBeLessThanOrEqual(pastBound);
    for (const N of [2, 3, rule - 1, rule, rule + 1, pastBound, 60].filter((n, i, a) => n >= 2 && a.indexOf(n) === i)) {
      const a = analyseRun(model, geo, { eta, steps: N, theta0, tailSteps: 4 });
      const o = a.observation;
      consistent(o);
      if (N >= rule) expect(o.label, `N = ${N} (certain from ${rule}, past the bound at ${pastBound})`).toBe("divergent");
      if (N < rule - 1) expect(o.label, `N = ${N}`).not.toBe("divergent");
      if (N >= rule) expect(analyzeConvergence(a.series.loss, { t: a.series.step }).label).toBe("diverged");
    }
  }, 60_000);

  it("linear regression above 2/λmax: diverged by the bound (slow growth) or by the rule (fast growth), at the plain loop's step", () => {
    // A small fixed problem: n = 4 samples, d = 6, entries from a plain LCG.
    const n = 4, d = 6;
    let s = 12345;
    const rnd = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1;
    const X = Float64Array.from({ length: n * d }, rnd), y = Float64Array.from({ length: n }, rnd);
    // λmax of XᵀX by power iteration on XXᵀ (n×n).
    const G = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => {
      let a = 0;
      for (let k = 0; k < d; k++) a += X[i * d + k] * X[j * d + k];
      return a;
    }));
    let v = Array(n).fill(1), lmax = 0;
    for (let it = 0; it < 2000; it++) {
      const w = G.map((row) => row.reduce((a, g, j) => a + g * v[j], 0));
      lmax = Math.hypot(...w) / Math.hypot(...v);
      v = w.map((x) => x / Math.hypot(...w));
    }
    const plain = (eta: number, N: number) => {
      const th = new Float64Array(d), out: number[] = [];
      for (let t = 0; t <= N; t++) {
        const r = Array.from({ length: n }, (_, i) => th.reduce((a, x, k) => a + X[i * d + k] * x, 0) - y[i]);
        const l = 0.5 * r.reduce((a, x) => a + x * x, 0);
        out.push(Number.isFinite(l) ? l : Infinity);
        if (!Number.isFinite(l)) break;
        for (let k = 0; k < d; k++) th[k] -= eta * r.reduce((a, x, i) => a + X[i * d + k] * x, 0);
      }
      return out;
    };
    for (const frac of [1.2, 3]) {
      const eta = (frac * 2) / lmax, N = 800;
      const ref = plain(eta, N);
      const pastBound = ref.findIndex((l) => !(l <= DEFAULT_DIVERGENCE_BOUND));
      expect(pastBound).toBeGreaterThan(0);
      const rule = certainAt(ref)!;
      const run = gdLinear(X, y, n, d, { eta, steps: N, recordEvery: 1 });
      const a = analyzeConvergence(run.loss, { t: run.steps });
      expect(a.label).toBe("diverged");
      // ×(ηλ − 1)² = 1.96 per step: steady growth, certain once 16 rising steps pass 10⁶·max(1, ℓ₀); ×25 at ηλ = 6: fast.
      expect(rule).toBeLessThan(pastBound);
      expect(a.divergenceReason).toBe("growth");
      expect(Math.abs(a.divergedAt! - rule)).toBeLessThanOrEqual(1); // rounding may move a threshold crossing by a step
      expect(diagnoseConvergence(run.loss, null, { window: N + 1, t0: 0 }).regime).toBe("divergent");
      // Fewer steps, stopped right after the rule fires: still divergent, not "undetermined".
      const short = gdLinear(X, y, n, d, { eta, steps: rule + 1, recordEvery: 1 });
      expect(analyzeConvergence(short.loss, { t: short.steps }).label).toBe("diverged");
      expect(diagnoseConvergence(short.loss, null, { t0: 0 }).regime).toBe("divergent");
    }
  }, 60_000);

  it("a data run (linear model, η = 3·2/λmax): the observer's label and the loss reading agree on divergent", () => {
    // X = [[1, 1, 0], [0, 1, 1]]: XXᵀ = [[2, 1], [1, 2]], λmax = 3 (a closed form), eigenvector (1, 1)/√2, which y = (1, 2) excites. ηλmax = 6: the loss grows ×25 per step.
    const ds = datasetFromRows([[1, 1, 0], [0, 1, 1]], [1, 2]);
    const eta = (3 * 2) / 3;
    // Plain loop: θ ← θ − ηXᵀ(Xθ − y) from 0; the rule's first certain step.
    const th = [0, 0, 0], loss: number[] = [];
    for (let t = 0; t <= 40; t++) {
      const r = [th[0] + th[1] - 1, th[1] + th[2] - 2];
      loss.push(0.5 * (r[0] ** 2 + r[1] ** 2));
      const g = [r[0], r[0] + r[1], r[1]];
      for (let k = 0; k < 3; k++) th[k] -= eta * g[k];
    }
    const rule = certainAt(loss)!;
    expect(rule).not.toBeNull();
    for (const steps of [rule + 1, 40]) {
      const o = observeDataRun({ kind: "linear", n: 2, d: 3 }, ds, { eta, steps, theta0: [0, 0, 0] });
      if (o.kind !== "exact") throw new Error(`expected an exact fit, got ${o.kind}`);
      consistent(o.observation);
      expect(o.observation.label, `${steps} steps: ${o.observation.labelReason}`).toBe("divergent");
      expect(o.observed.label).toBe("diverged");
    }
  }, 60_000);
});
