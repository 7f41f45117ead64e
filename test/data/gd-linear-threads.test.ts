// gdLinear on two threads (docs/engine.md, "Two threads for one large trajectory") against the one-thread loop and
// the pure-JS backend: the same bits for θ, the records and the summary on several sizes (odd ones, one row, one
// column, more rows than columns) and on runs that diverge and step back to the last finite θ; the option and its
// fallback; a barrier that times out raises ThreadsError; every worker is gone afterwards and the process can exit.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { describe, expect, it, vi } from "vitest";
import { GD_THREADS_MIN_ELEMENTS, GD_THREADS_MIN_WORK, InvalidArgumentError, ThreadsError, gdLinear } from "../../src/index.js";
import { liveThreadWorkers, runGdLinearThreads } from "../../src/data/gd-linear-threads.js";
import { threadsPay } from "../../src/data/gd-linear.js";
import { engines, randomArray } from "../engines.js";
import { bits, expectSameBits, fro2 } from "./gd-linear-bits.js";

const eng = engines();

const CASES: [number, number, number, number][] = [
  // n, d, steps, c (η = c/‖X‖_F²)
  [1, 1, 20, 0.9],
  [1, 37, 30, 1.5],
  [37, 1, 30, 1.5],
  [7, 13, 200, 1.9],
  [64, 300, 60, 1],
  [33, 1001, 40, 1.5],
  [301, 97, 50, 1.2],
];

describe("gdLinear, threads: 2", () => {
  it.each(CASES)("%i×%i, %i steps: the bits of one thread and of the JS backend", (n, d, steps, c) => {
    const X = randomArray(n * d, 3 + n), y = randomArray(n, 4 + d);
    const theta0 = randomArray(d, 5).map((v) => 0.1 * v);
    const eta = c / fro2(X);
    for (const every of [1, 7]) {
      const two = gdLinear(X, y, n, d, { eta, steps, recordEvery: every, theta0, threads: 2, engine: eng.simd });
      expect(two.threads).toBe(2);
      expect(two.threadsNote).toBeUndefined();
      // The parameter loop: threads: 2 runs it, and "auto" might pick the residual loop on one thread.
      const one = gdLinear(X, y, n, d, { eta, steps, recordEvery: every, theta0, threads: 1, space: "parameter", engine: eng.simd });
      expect(one.threads).toBe(1);
      expectSameBits(two, one);
      expectSameBits(two, gdLinear(X, y, n, d, { eta, steps, recordEvery: every, theta0, threads: 1, space: "parameter", engine: eng.js }));
    }
  }, 60_000);

  it.each([[40, 120, 400], [33, 1001, 2000], [200, 51, 3000]])("%i×%i diverges: the same first non-finite step and last finite θ", (n, d, steps) => {
    const X = randomArray(n * d, 11), y = randomArray(n, 12);
    const eta = 200 / fro2(X);
    for (const every of [1, 10]) {
      const two = gdLinear(X, y, n, d, { eta, steps, recordEvery: every, threads: 2, engine: eng.simd });
      const one = gdLinear(X, y, n, d, { eta, steps, recordEvery: every, threads: 1, space: "parameter", engine: eng.simd });
      expect(one.summary.firstNonFiniteStep).not.toBeNull();
      expect(one.theta.every(Number.isFinite)).toBe(true);
      expectSameBits(two, one);
      expectSameBits(two, gdLinear(X, y, n, d, { eta, steps, recordEvery: every, threads: 1, space: "parameter", engine: eng.js }));
    }
  }, 60_000);

  it("a run that reuses the last run's shared memory starts clean (θ₀ = 0 when not given, fresh control words)", () => {
    const X = randomArray(40 * 50, 31), y = randomArray(40, 32), theta0 = randomArray(50, 33);
    const eta = 1 / fro2(X);
    gdLinear(X, y, 40, 50, { eta, steps: 20, theta0, threads: 2, engine: eng.simd });
    // Smaller and without θ₀: the same memory is reused, and θ₀ must be zeros again.
    const X2 = X.subarray(0, 30 * 50), y2 = y.subarray(0, 30);
    for (let k = 0; k < 2; k++) {
      const two = gdLinear(X2, y2, 30, 50, { eta, steps: 25, threads: 2, engine: eng.simd });
      expectSameBits(two, gdLinear(X2, y2, 30, 50, { eta, steps: 25, threads: 1, space: "parameter", engine: eng.simd }));
    }
  }, 60_000);

  it("steps: 0 gives the loss at θ₀ and θ₀ itself", () => {
    const X = randomArray(20 * 30, 1), y = randomArray(20, 2), theta0 = randomArray(30, 3);
    const two = gdLinear(X, y, 20, 30, { eta: 0.01, steps: 0, theta0, threads: 2, engine: eng.simd });
    expectSameBits(two, gdLinear(X, y, 20, 30, { eta: 0.01, steps: 0, theta0, threads: 1, space: "parameter", engine: eng.simd }));
    expect(bits(two.theta)).toEqual(bits(theta0));
  }, 60_000);
});

describe("gdLinear threads option", () => {
  const X = randomArray(10 * 20, 1), y = randomArray(10, 2);

  it("auto stays on one thread for a small run, and leaves the default result's numbers alone", () => {
    expect(10 * 20).toBeLessThan(GD_THREADS_MIN_ELEMENTS);
    const auto = gdLinear(X, y, 10, 20, { eta: 0.001, steps: 50, engine: eng.simd });
    expect(auto.threads).toBe(1);
    expect(auto.threadsNote).toBeUndefined();
    expectSameBits(auto, gdLinear(X, y, 10, 20, { eta: 0.001, steps: 50, threads: 1, engine: eng.simd }));
  });

  it("auto's rule: at least 10⁶ elements and above the work threshold", () => {
    expect(threadsPay(1000, 4000, 100)).toBe(true);
    expect(threadsPay(1000, 4000, 99)).toBe(false); // 4e6·99 < 4e8
    expect(threadsPay(500, 2000, 400)).toBe(true);
    expect(threadsPay(500, 1999, 100_000)).toBe(false); // under 1e6 elements
    expect(threadsPay(2000, 8000, 1000)).toBe(true); // no upper bound: ×1.34 at 2000×8000 on a quiet machine
    expect([GD_THREADS_MIN_ELEMENTS, GD_THREADS_MIN_WORK]).toEqual([1e6, 4e8]);
  });

  it("auto takes two threads on the SIMD engine inside the rule, one outside it or on another engine", () => {
    const n = 750, d = 4000, steps = 134; // n·d = 3e6, n·d·N ≥ 4e8
    expect(threadsPay(n, d, steps)).toBe(true);
    const Xb = randomArray(n * d, 21), yb = randomArray(n, 22);
    const eta = 1 / fro2(Xb);
    const auto = gdLinear(Xb, yb, n, d, { eta, steps, space: "parameter", engine: eng.simd });
    expect(auto.threads).toBe(2);
    expectSameBits(auto, gdLinear(Xb, yb, n, d, { eta, steps, space: "parameter", threads: 1, engine: eng.simd }));
    expect(gdLinear(Xb, yb, n, d, { eta, steps: 10, space: "parameter", engine: eng.simd }).threads).toBe(1);
    expect(gdLinear(Xb, yb, n, d, { eta, steps: 3, space: "parameter", engine: eng.wasm }).threads).toBe(1);
  }, 120_000);

  it("rejects junk", () => {
    for (const threads of [0, 3, "2", "two", null, 1.5]) {
      expect(() => gdLinear(X, y, 10, 20, { eta: 0.001, steps: 5, threads: threads as never })).toThrow(InvalidArgumentError);
    }
  });

  it("threads: 2 with space auto runs the parameter loop", () => {
    // Many steps on a wide problem: auto alone would pick the residual loop.
    const Xw = randomArray(8 * 400, 7), yw = randomArray(8, 8);
    expect(gdLinear(Xw, yw, 8, 400, { eta: 1e-4, steps: 2000, engine: eng.simd }).space).toBe("residual");
    const r = gdLinear(Xw, yw, 8, 400, { eta: 1e-4, steps: 2000, threads: 2, engine: eng.simd });
    expect([r.space, r.threads]).toEqual(["parameter", 2]);
  }, 60_000);

  it("falls back to one thread, and says why, without cross-origin isolation", () => {
    const g = globalThis as { crossOriginIsolated?: boolean };
    g.crossOriginIsolated = false;
    try {
      const r = gdLinear(X, y, 10, 20, { eta: 0.001, steps: 30, threads: 2, engine: eng.simd });
      expect(r.threads).toBe(1);
      expect(r.threadsNote).toMatch(/one thread.*cross-origin isolated/);
      expectSameBits(r, gdLinear(X, y, 10, 20, { eta: 0.001, steps: 30, threads: 1, space: "parameter", engine: eng.simd }));
    } finally {
      delete g.crossOriginIsolated;
    }
  });
});

describe("threaded runs end their workers", () => {
  it("a barrier whose partner never comes times out with ThreadsError, and no worker is left", async () => {
    const X = randomArray(16 * 16, 1), y = randomArray(16, 2);
    const t0 = Date.now();
    // Two parties but one worker: worker 0 waits at its first barrier for a partner that does not exist.
    expect(() => runGdLinearThreads({ X, y, n: 16, d: 16, eta: 0.001, steps: 10, every: 1, cap: 12 }, { parties: 2, workers: 1, timeoutMs: 300 }))
      .toThrow(ThreadsError);
    expect(Date.now() - t0).toBeLessThan(20_000);
    await vi.waitFor(() => expect(liveThreadWorkers()).toBe(0), { timeout: 20_000, interval: 20 });
  }, 60_000);

  it("after runs, the worker count returns to zero", async () => {
    const X = randomArray(16 * 16, 1), y = randomArray(16, 2);
    for (let k = 0; k < 3; k++) gdLinear(X, y, 16, 16, { eta: 0.001, steps: 10, threads: 2, engine: eng.simd });
    await vi.waitFor(() => expect(liveThreadWorkers()).toBe(0), { timeout: 20_000, interval: 20 });
  }, 60_000);

  it.skipIf(!existsSync("dist/index.js"))("a process that ran on two threads exits by itself", () => {
    const code = `import { init, gdLinear } from "./dist/index.js";
      await init();
      const n = 30, d = 40, X = new Float64Array(n * d).map((_, i) => Math.sin(i)), y = new Float64Array(n).fill(1);
      const r = gdLinear(X, y, n, d, { eta: 1e-3, steps: 100, threads: 2 });
      console.log(r.threads);`;
    // A leaked (referenced, running) worker would keep the process alive past the timeout.
    const out = execFileSync(process.execPath, ["--input-type=module", "-e", code], { timeout: 30_000, encoding: "utf8" });
    expect(out.trim()).toBe("2");
  }, 60_000);
});
