// gdLinear's residual-space loop on two threads (docs/engine.md, "Two threads for one large trajectory"): rows of
// K = XXᵀ split between two workers, one barrier a step. Against the one-thread residual loop and the pure-JS
// backend: the same bits for θ, the records and the summary on odd sizes (one row, fewer rows than columns, more),
// on runs that diverge and step back to the last finite θ, with steps = 0, synchronous and asynchronous; "auto"
// takes two threads only for a large K; no worker outlives its run.
import { describe, expect, it } from "vitest";
import { GD_THREADS_MIN_ELEMENTS, gdLinear, gdLinearAsync } from "../../src/index.js";
import { GD_RESIDUAL_THREADS_MIN_WORK } from "../../src/data/gd-linear.js";
import { liveThreadWorkers } from "../../src/data/gd-linear-threads.js";
import { engines, randomArray } from "../engines.js";
import { expectSameBits, fro2 } from "./gd-linear-bits.js";

const eng = engines();

const CASES: [number, number, number, number][] = [
  // n, d, steps, c (η = c/‖X‖_F²)
  [1, 5, 20, 0.9],
  [2, 3, 40, 1.5],
  [7, 13, 200, 1.9],
  [64, 300, 60, 1],
  [33, 1001, 40, 1.5],
  [301, 97, 50, 1.2],
];

describe("gdLinear, space residual, threads: 2", () => {
  it.each(CASES)("%i×%i, %i steps: the bits of one thread and of the JS backend", async (n, d, steps, c) => {
    const X = randomArray(n * d, 3 + n), y = randomArray(n, 4 + d);
    const theta0 = randomArray(d, 5).map((v) => 0.1 * v);
    const eta = c / fro2(X);
    for (const every of [1, 7]) {
      const o = { eta, steps, recordEvery: every, theta0, space: "residual" as const };
      const two = gdLinear(X, y, n, d, { ...o, threads: 2, engine: eng.simd });
      expect([two.threads, two.space, two.threadsNote]).toEqual([2, "residual", undefined]);
      const one = gdLinear(X, y, n, d, { ...o, threads: 1, engine: eng.simd });
      expect([one.threads, one.space]).toEqual([1, "residual"]);
      expectSameBits(two, one);
      expectSameBits(two, gdLinear(X, y, n, d, { ...o, threads: 1, engine: eng.js }));
      const twoAsync = await gdLinearAsync(X, y, n, d, { ...o, threads: 2, engine: eng.simd });
      expect(twoAsync.threads).toBe(2);
      expectSameBits(twoAsync, one);
    }
  }, 60_000);

  it.each([[40, 120, 400], [33, 1001, 2000], [120, 51, 3000]])("%i×%i diverges: the same first non-finite step and last finite θ", (n, d, steps) => {
    const X = randomArray(n * d, 11), y = randomArray(n, 12);
    const eta = 200 / fro2(X);
    for (const every of [1, 10]) {
      const o = { eta, steps, recordEvery: every, space: "residual" as const };
      const two = gdLinear(X, y, n, d, { ...o, threads: 2, engine: eng.simd });
      const one = gdLinear(X, y, n, d, { ...o, threads: 1, engine: eng.simd });
      expect(one.summary.firstNonFiniteStep).not.toBeNull();
      expect(one.theta.every(Number.isFinite)).toBe(true);
      expectSameBits(two, one);
      expectSameBits(two, gdLinear(X, y, n, d, { ...o, threads: 1, engine: eng.js }));
    }
  }, 60_000);

  it("steps = 0 leaves θ₀ and records the loss at θ₀, as one thread does", () => {
    const X = randomArray(20 * 30, 21), y = randomArray(20, 22), theta0 = randomArray(30, 23);
    const o = { eta: 0.01, steps: 0, theta0, space: "residual" as const };
    const two = gdLinear(X, y, 20, 30, { ...o, threads: 2, engine: eng.simd });
    expectSameBits(two, gdLinear(X, y, 20, 30, { ...o, threads: 1, engine: eng.simd }));
    expect(Array.from(two.theta)).toEqual(Array.from(theta0));
  }, 60_000);

  it("the loss and θ agree with a plain residual-space loop written here", () => {
    // r ← r − η·K·r with K = XXᵀ, θ = θ₀ − η·Xᵀ·Σ r_s: an independent reference (tolerance: another summation order).
    const n = 9, d = 21, steps = 30;
    const X = randomArray(n * d, 41), y = randomArray(n, 42);
    const eta = 1 / fro2(X);
    const K = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) { let s = 0; for (let k = 0; k < d; k++) s += X[i * d + k] * X[j * d + k]; K[i * n + j] = s; }
    let r = Array.from({ length: n }, (_, i) => -y[i]);
    const acc = new Array(n).fill(0);
    for (let t = 0; t < steps; t++) {
      for (let i = 0; i < n; i++) acc[i] += r[i];
      r = r.map((ri, i) => ri - eta * r.reduce((s, rj, j) => s + K[i * n + j] * rj, 0));
    }
    const theta = Array.from({ length: d }, (_, k) => -eta * acc.reduce((s, a, i) => s + a * X[i * d + k], 0));
    const two = gdLinear(X, y, n, d, { eta, steps, space: "residual", threads: 2, engine: eng.simd });
    expect(two.summary.lastLoss).toBeCloseTo(0.5 * r.reduce((s, v) => s + v * v, 0), 12);
    two.theta.forEach((v, k) => expect(v).toBeCloseTo(theta[k], 12));
  }, 60_000);

  it("\"auto\" takes two threads for the residual loop only when K is large and the run long", () => {
    const n = Math.ceil(Math.sqrt(GD_THREADS_MIN_ELEMENTS)); // K has at least GD_THREADS_MIN_ELEMENTS entries
    const d = 2 * n, X = randomArray(n * d, 51), y = randomArray(n, 52);
    const eta = 1 / fro2(X);
    const longRun = Math.ceil(GD_RESIDUAL_THREADS_MIN_WORK / (n * n)) + 1;
    const r = gdLinear(X, y, n, d, { eta, steps: longRun, space: "residual", engine: eng.simd });
    expect([r.space, r.threads]).toEqual(["residual", 2]);
    expect(gdLinear(X, y, n, d, { eta, steps: 2, space: "residual", engine: eng.simd }).threads).toBe(1);
    const m = n - 100, Xs = randomArray(m * d, 53), ys = randomArray(m, 54); // K under the size threshold
    expect(gdLinear(Xs, ys, m, d, { eta: 1 / fro2(Xs), steps: 10 * longRun, space: "residual", engine: eng.simd }).threads).toBe(1);
  }, 120_000);

  it("falls back to one thread, and says why, without cross-origin isolation (sync and async)", async () => {
    const X = randomArray(10 * 20, 71), y = randomArray(10, 72);
    const o = { eta: 0.001, steps: 30, space: "residual" as const, engine: eng.simd };
    const g = globalThis as { crossOriginIsolated?: boolean };
    g.crossOriginIsolated = false;
    try {
      for (const r of [gdLinear(X, y, 10, 20, { ...o, threads: 2 }), await gdLinearAsync(X, y, 10, 20, { ...o, threads: 2 })]) {
        expect([r.threads, r.space]).toEqual([1, "residual"]);
        expect(r.threadsNote).toMatch(/one thread.*cross-origin isolated/);
        expectSameBits(r, gdLinear(X, y, 10, 20, { ...o, threads: 1 }));
      }
    } finally {
      delete g.crossOriginIsolated;
    }
  });

  it("no worker outlives its runs", async () => {
    const X = randomArray(16 * 40, 61), y = randomArray(16, 62);
    for (let k = 0; k < 3; k++) gdLinear(X, y, 16, 40, { eta: 0.001, steps: 10, space: "residual", threads: 2, engine: eng.simd });
    await gdLinearAsync(X, y, 16, 40, { eta: 0.001, steps: 10, space: "residual", threads: 2, engine: eng.simd });
    await expect.poll(() => liveThreadWorkers(), { timeout: 30_000 }).toBe(0);
  }, 60_000);
});
