// gdLinearAsync (docs/engine.md, "Two threads for one large trajectory"): the asynchronous entry point gives the bits
// of gdLinear on one thread and of the pure-JS backend (θ, records, summary) on odd sizes, a divergent run and
// steps = 0, really runs on two workers in Node, leaves the event loop free while it runs, falls back to one thread
// with a note without cross-origin isolation, and ends with ThreadsError and no live worker when a worker never
// reports ready.
import { describe, expect, it, vi } from "vitest";
import { InvalidArgumentError, ThreadsError, gdLinear, gdLinearAsync } from "../../src/index.js";
import { liveThreadWorkers, runGdLinearThreadsAsync } from "../../src/data/gd-linear-threads.js";
import { engines, randomArray } from "../engines.js";
import { bits, expectSameBits, fro2 } from "./gd-linear-bits.js";
import { plainGd } from "./plain-gd.js";

const eng = engines();

describe("gdLinearAsync, threads: 2", () => {
  it.each([[7, 13, 200, 1.9], [64, 300, 60, 1], [33, 1001, 40, 1.5]])("%i×%i, %i steps: two workers, the bits of one thread and of the JS backend", async (n, d, steps, c) => {
    const X = randomArray(n * d, 3 + n), y = randomArray(n, 4 + d);
    const theta0 = randomArray(d, 5).map((v) => 0.1 * v);
    const eta = c / fro2(X);
    for (const every of [1, 7]) {
      const two = await gdLinearAsync(X, y, n, d, { eta, steps, recordEvery: every, theta0, threads: 2, engine: eng.simd });
      expect(two.threads).toBe(2);
      expect(two.threadsNote).toBeUndefined();
      expect(two.space).toBe("parameter");
      expectSameBits(two, gdLinear(X, y, n, d, { eta, steps, recordEvery: every, theta0, threads: 1, space: "parameter", engine: eng.simd }));
      expectSameBits(two, gdLinear(X, y, n, d, { eta, steps, recordEvery: every, theta0, threads: 1, space: "parameter", engine: eng.js }));
    }
    // And close to plain loops written here (another summation order, so not bit for bit).
    const ref = plainGd(X, y, n, d, eta, steps, theta0);
    const two = await gdLinearAsync(X, y, n, d, { eta, steps, theta0, threads: 2, engine: eng.simd });
    expect(two.loss.length).toBe(steps + 1);
    for (let t = 0; t <= steps; t++) expect(Math.abs(two.loss[t] - ref.losses[t])).toBeLessThanOrEqual(1e-9 * (1 + ref.losses[t]));
    for (let j = 0; j < d; j++) expect(Math.abs(two.theta[j] - ref.theta[j])).toBeLessThanOrEqual(1e-9);
  }, 60_000);

  it("a run that diverges: the same first non-finite step and last finite θ", async () => {
    const n = 33, d = 1001, steps = 2000;
    const X = randomArray(n * d, 11), y = randomArray(n, 12);
    const eta = 200 / fro2(X);
    for (const every of [1, 10]) {
      const two = await gdLinearAsync(X, y, n, d, { eta, steps, recordEvery: every, threads: 2, engine: eng.simd });
      const one = gdLinear(X, y, n, d, { eta, steps, recordEvery: every, threads: 1, space: "parameter", engine: eng.simd });
      expect(two.threads).toBe(2);
      expect(one.summary.firstNonFiniteStep).not.toBeNull();
      expect(two.theta.every(Number.isFinite)).toBe(true);
      expectSameBits(two, one);
      expectSameBits(two, gdLinear(X, y, n, d, { eta, steps, recordEvery: every, threads: 1, space: "parameter", engine: eng.js }));
    }
  }, 60_000);

  it("steps: 0 gives θ₀ and the loss at θ₀", async () => {
    const X = randomArray(20 * 30, 1), y = randomArray(20, 2), theta0 = randomArray(30, 3);
    const two = await gdLinearAsync(X, y, 20, 30, { eta: 0.01, steps: 0, theta0, threads: 2, engine: eng.simd });
    expect(two.threads).toBe(2);
    expect(bits(two.theta)).toEqual(bits(theta0));
    let l = 0;
    for (let i = 0; i < 20; i++) {
      let s = -y[i];
      for (let j = 0; j < 30; j++) s += X[i * 30 + j] * theta0[j];
      l += 0.5 * s * s;
    }
    expect(two.loss.length).toBe(1);
    expect(Math.abs(two.loss[0] - l)).toBeLessThanOrEqual(1e-12 * l);
    expectSameBits(two, gdLinear(X, y, 20, 30, { eta: 0.01, steps: 0, theta0, threads: 1, space: "parameter", engine: eng.js }));
  }, 60_000);

  it("leaves the event loop free while the workers run, and two runs at once give their own bits", async () => {
    const n = 200, d = 1000, steps = 300;
    const X = randomArray(n * d, 41), y = randomArray(n, 42), X2 = randomArray(n * d, 43);
    const eta = 1 / fro2(X);
    let ticks = 0, running = true;
    const tick = (): void => {
      ticks++;
      if (running) setTimeout(tick, 0);
    };
    setTimeout(tick, 0);
    const [a, b] = await Promise.all([
      gdLinearAsync(X, y, n, d, { eta, steps, threads: 2, engine: eng.simd }),
      gdLinearAsync(X2, y, n, d, { eta, steps, threads: 2, engine: eng.simd }),
    ]);
    running = false;
    expect(ticks).toBeGreaterThan(0);
    expect([a.threads, b.threads]).toEqual([2, 2]);
    expectSameBits(a, gdLinear(X, y, n, d, { eta, steps, threads: 1, space: "parameter", engine: eng.simd }));
    expectSameBits(b, gdLinear(X2, y, n, d, { eta, steps, threads: 1, space: "parameter", engine: eng.simd }));
  }, 120_000);

  it("threads: 1 and a small auto run stay on one thread with no note", async () => {
    const X = randomArray(10 * 20, 1), y = randomArray(10, 2);
    for (const threads of [1, "auto"] as const) {
      const r = await gdLinearAsync(X, y, 10, 20, { eta: 0.001, steps: 50, threads, engine: eng.simd });
      expect([r.threads, r.threadsNote]).toEqual([1, undefined]);
      expectSameBits(r, gdLinear(X, y, 10, 20, { eta: 0.001, steps: 50, threads, engine: eng.simd }));
    }
  });

  it("falls back to one thread, and says why, without cross-origin isolation", async () => {
    const X = randomArray(10 * 20, 1), y = randomArray(10, 2);
    const g = globalThis as { crossOriginIsolated?: boolean };
    g.crossOriginIsolated = false;
    try {
      const r = await gdLinearAsync(X, y, 10, 20, { eta: 0.001, steps: 30, threads: 2, engine: eng.simd });
      expect(r.threads).toBe(1);
      expect(r.threadsNote).toMatch(/one thread.*cross-origin isolated/);
      expectSameBits(r, gdLinear(X, y, 10, 20, { eta: 0.001, steps: 30, threads: 1, space: "parameter", engine: eng.simd }));
    } finally {
      delete g.crossOriginIsolated;
    }
  });

  it("rejects junk as gdLinear does, named gdLinearAsync", async () => {
    const X = randomArray(10 * 20, 1), y = randomArray(10, 2);
    for (const threads of [0, 3, "2", null, 1.5]) {
      await expect(gdLinearAsync(X, y, 10, 20, { eta: 0.001, steps: 5, threads: threads as never })).rejects.toThrow(InvalidArgumentError);
    }
    await expect(gdLinearAsync(X, y, 10, 20, { eta: 0.001, steps: 5, threads: 2, space: "fast" as never })).rejects.toThrow(/gdLinearAsync: space/);
    await expect(gdLinearAsync(X, y, 10, 21, { eta: 0.001, steps: 5 })).rejects.toThrow(InvalidArgumentError);
    await expect(gdLinearAsync(X, y, 10, 20, { eta: -1, steps: 5 })).rejects.toThrow(InvalidArgumentError);
  });
});

describe("gdLinearAsync ends its workers", () => {
  it("a worker that never reports ready: ThreadsError within the bound, and no worker is left", async () => {
    const X = randomArray(16 * 16, 1), y = randomArray(16, 2);
    const t0 = Date.now();
    // Two parties but one worker: the second "ready" never comes, and worker 0 waits at its first barrier.
    await expect(runGdLinearThreadsAsync({ X, y, n: 16, d: 16, eta: 0.001, steps: 10, every: 1, cap: 12 }, { parties: 2, workers: 1, readyTimeoutMs: 500 }))
      .rejects.toThrow(/did not report ready within 500 ms \(1 of 2 did\)/);
    expect(Date.now() - t0).toBeLessThan(20_000);
    await vi.waitFor(() => expect(liveThreadWorkers()).toBe(0), { timeout: 20_000, interval: 20 });
  }, 60_000);

  it("the error is a ThreadsError, and a later run still works on two threads", async () => {
    const X = randomArray(16 * 16, 1), y = randomArray(16, 2);
    await expect(runGdLinearThreadsAsync({ X, y, n: 16, d: 16, eta: 0.001, steps: 10, every: 1, cap: 12 }, { parties: 2, workers: 1, readyTimeoutMs: 200 }))
      .rejects.toBeInstanceOf(ThreadsError);
    const r = await gdLinearAsync(X, y, 16, 16, { eta: 0.001, steps: 10, threads: 2, engine: eng.simd });
    expect(r.threads).toBe(2);
    expectSameBits(r, gdLinear(X, y, 16, 16, { eta: 0.001, steps: 10, threads: 1, space: "parameter", engine: eng.js }));
    await vi.waitFor(() => expect(liveThreadWorkers()).toBe(0), { timeout: 20_000, interval: 20 });
  }, 60_000);
});
