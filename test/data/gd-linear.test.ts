// The whole-trajectory GD loop on ½‖Xθ − y‖² (docs/design.md §5) against the closed
// form for a diagonal X, a plain step-by-step JS loop, and across backends.
import { describe, expect, it } from "vitest";
import { gdLinear, InvalidArgumentError } from "../../src/index.js";
import { BACKENDS, engines, randomArray } from "../engines.js";
import { plainGd } from "./plain-gd.js";

const eng = engines();

function bits(a: Float64Array): bigint[] {
  return Array.from(new BigUint64Array(Float64Array.from(a).buffer));
}

/** X = [diag(s) 0] (n×d, n ≤ d). */
function diagMatrix(s: number[], d: number): Float64Array {
  const X = new Float64Array(s.length * d);
  s.forEach((v, i) => (X[i * d + i] = v));
  return X;
}

describe("gdLinear", () => {
  it("matches the closed form ½Σ y_i²(1 − ηs_i²)^{2t} for a diagonal X, on every backend", () => {
    const s = [2, 1.5, 1, 0.5, 0.25], y = Float64Array.from([1, -2, 0.5, 3, -1]);
    const n = 5, d = 9, X = diagMatrix(s, d), eta = 0.2, N = 200, k = 7;
    for (const b of BACKENDS) {
      const r = gdLinear(X, y, n, d, { eta, steps: N, recordEvery: k, engine: eng[b] });
      const want = Array.from({ length: Math.floor(N / k) + 1 }, (_, i) => i * k).concat([N]);
      expect(Array.from(r.steps)).toEqual(want);
      r.steps.forEach((t, i) => {
        let l = 0;
        s.forEach((si, j) => (l += 0.5 * y[j] ** 2 * (1 - eta * si * si) ** (2 * t)));
        expect(r.loss[i]).toBeCloseTo(l, 13);
      });
      // θ_i(N) = (y_i/s_i)(1 − (1 − ηs_i²)^N); coordinates past n never move.
      s.forEach((si, j) => expect(r.theta[j]).toBeCloseTo((y[j] / si) * (1 - (1 - eta * si * si) ** N), 12));
      for (let j = n; j < d; j++) expect(r.theta[j]).toBe(0);
      expect(r.summary.stepsRun).toBe(N);
      expect(r.summary.firstNonFiniteStep).toBeNull();
      expect(r.summary.lastLoss).toBe(r.loss[r.loss.length - 1]);
      expect(r.summary.maxLoss).toBe(r.loss[0]); // monotone decrease: ηs² ≤ 0.8 < 1
      expect(r.summary.minLoss).toBe(r.summary.lastLoss);
    }
  });

  it("matches a plain step-by-step loop and is bit-identical across backends (random 13×37)", () => {
    const n = 13, d = 37, X = randomArray(n * d, 5), y = randomArray(n, 6), th0 = randomArray(d, 7);
    const eta = 0.02, N = 300;
    const ref = plainGd(X, y, n, d, eta, N, th0);
    const runs = BACKENDS.map((b) => gdLinear(X, y, n, d, { eta, steps: N, recordEvery: 1, theta0: th0, engine: eng[b] }));
    for (const r of runs) {
      expect(r.loss.length).toBe(N + 1);
      r.loss.forEach((l, t) => expect(Math.abs(l - ref.losses[t])).toBeLessThanOrEqual(1e-12 * Math.max(1, ref.losses[t])));
      r.theta.forEach((v, j) => expect(v).toBeCloseTo(ref.theta[j], 11));
      expect(r.summary.prevLoss).toBe(r.loss[N - 1]);
      expect(r.summary.minLoss).toBe(Math.min(...r.loss));
      expect(r.summary.maxLoss).toBe(Math.max(...r.loss));
    }
    for (const r of runs.slice(1)) {
      expect(bits(r.loss)).toEqual(bits(runs[0].loss));
      expect(bits(r.theta)).toEqual(bits(runs[0].theta));
    }
  });

  // Shapes with leftover rows (n mod 2, n mod 4) and column tails (d mod 8) in the SIMD loops.
  it.each([
    [50, 203],
    [1000, 203],
    [7, 1001],
    [5, 8],
    [3, 7],
  ])("is bit-identical across backends, n=%i d=%i", (n, d) => {
    const X = randomArray(n * d, n + d), y = randomArray(n, 3), th0 = randomArray(d, 4);
    let fro = 0;
    for (const v of X) fro += v * v;
    const N = 12;
    const ref = plainGd(X, y, n, d, 1 / fro, N, th0);
    const runs = BACKENDS.map((b) => gdLinear(X, y, n, d, { eta: 1 / fro, steps: N, theta0: th0, engine: eng[b] }));
    runs[0].loss.forEach((l, t) => expect(Math.abs(l - ref.losses[t])).toBeLessThanOrEqual(1e-11 * Math.max(1, ref.losses[t])));
    for (const r of runs.slice(1)) {
      expect(bits(r.loss)).toEqual(bits(runs[0].loss));
      expect(bits(r.theta)).toEqual(bits(runs[0].theta));
    }
  });

  it("stops at the first non-finite loss, keeps the last finite state and records it", () => {
    // Diagonal X with s₀ = 2: η = 1 gives a factor |1 − ηs²| = 3 per step, the loss ×9,
    // so ½·9^t passes the f64 range (1.8e308) at t = ⌈log(3.6e308)/log 9⌉ = 324.
    const X = diagMatrix([2, 1], 3), y = Float64Array.from([1, 0]);
    let expectBad = 0;
    while (Number.isFinite(0.5 * 9 ** expectBad)) expectBad++;
    for (const b of BACKENDS) {
      const r = gdLinear(X, y, 2, 3, { eta: 1, steps: 10000, recordEvery: 50, engine: eng[b] });
      expect(r.summary.firstNonFiniteStep).toBe(expectBad);
      expect(r.summary.stepsRun).toBe(expectBad - 1);
      expect(r.steps[r.steps.length - 1]).toBe(expectBad - 1);
      expect(r.steps.length).toBe(Math.floor((expectBad - 1) / 50) + 2);
      expect(r.theta.every(Number.isFinite)).toBe(true);
      expect(r.summary.lastLoss / r.summary.prevLoss).toBeCloseTo(9, 10);
      // the returned θ is θ_{stepsRun}: rerunning exactly that many steps gives it again.
      const again = gdLinear(X, y, 2, 3, { eta: 1, steps: r.summary.stepsRun, engine: eng[b] });
      expect(bits(again.theta)).toEqual(bits(r.theta));
      expect(Number.isFinite(r.summary.maxLoss)).toBe(true);
    }
  });

  it("records step 0 only for N = 0, and the last step when k does not divide N", () => {
    const X = randomArray(6, 1), y = randomArray(2, 2);
    const r0 = gdLinear(X, y, 2, 3, { eta: 0.1, steps: 0, engine: eng.simd });
    expect(Array.from(r0.steps)).toEqual([0]);
    expect(r0.summary.prevLoss).toBe(r0.summary.lastLoss);
    const r = gdLinear(X, y, 2, 3, { eta: 0.1, steps: 10, recordEvery: 4, engine: eng.wasm });
    expect(Array.from(r.steps)).toEqual([0, 4, 8, 10]);
    const r2 = gdLinear(X, y, 2, 3, { eta: 0.1, steps: 8, recordEvery: 4, engine: eng.js });
    expect(Array.from(r2.steps)).toEqual([0, 4, 8]);
  });

  it("keeps memory O(N/k): the arena is back where it was, and records are few", () => {
    const e = eng.simd, X = randomArray(20 * 30, 3), y = randomArray(20, 4);
    const before = e.arena.used;
    const r = gdLinear(X, y, 20, 30, { eta: 1e-3, steps: 100000, recordEvery: 10000, engine: e });
    expect(r.steps.length).toBe(11);
    expect(e.arena.used).toBe(before);
    const r2 = gdLinear(X, y, 20, 30, { eta: 1e-3, steps: 200000, engine: e }); // default k: ≈ 1e4 records
    expect(r2.steps.length).toBeLessThanOrEqual(10002);
  });

  it("rejects bad input with a typed error, never a NaN result", () => {
    const X = randomArray(6, 1), y = randomArray(2, 2);
    const bad: [Float64Array, Float64Array, number, number, object][] = [
      [X, y, 2, 4, { eta: 0.1, steps: 5 }],
      [X, randomArray(3, 1), 2, 3, { eta: 0.1, steps: 5 }],
      [Float64Array.from(X, (v, i) => (i === 3 ? NaN : v)), y, 2, 3, { eta: 0.1, steps: 5 }],
      [X, y, 2, 3, { eta: -1, steps: 5 }],
      [X, y, 2, 3, { eta: 0.1, steps: 1.5 }],
      [X, y, 2, 3, { eta: 0.1, steps: 5, recordEvery: 0 }],
      [X, y, 2, 3, { eta: 0.1, steps: 5, theta0: [1, 2] }],
      [X, Float64Array.from(y, () => 1e200), 2, 3, { eta: 0.1, steps: 5 }], // ½‖y‖² overflows at θ₀ = 0
    ];
    for (const [a, b, n, d, o] of bad) {
      expect(() => gdLinear(a, b, n, d, { ...(o as { eta: number; steps: number }), engine: eng.simd })).toThrow(InvalidArgumentError);
    }
  });
});
