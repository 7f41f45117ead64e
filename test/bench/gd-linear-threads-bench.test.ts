// The "threads" rows of the benchmark: the harness adds them only at a case's threadsSizes (and only with the SIMD
// engine selected), keeps the row shape, and the gd-linear case's threads instance computes what one thread does.
import { describe, expect, it } from "vitest";
import { runBench, type BenchCase } from "../../src/bench/index.js";
import { fill, gdLinearCase } from "../../src/bench/cases/gd-linear.js";
import { gdLinear } from "../../src/index.js";
import { engines } from "../engines.js";

describe("threads rows", () => {
  it("appear at threadsSizes only, after the engines, with the usual row fields", () => {
    let threadRuns = 0;
    const inst = (f: () => number) => ({ stepsPerRun: 10, flopsPerStep: 100, run: f, dispose: () => {} });
    const fake: BenchCase = {
      name: "fake",
      sizes: ["a", "b"],
      threadsSizes: ["b"],
      setup: () => inst(() => 1),
      setupThreads: () => inst(() => ++threadRuns),
    };
    const rep = runBench({ cases: [fake], runs: 5, warmup: 1 });
    expect(rep.rows.map((r) => `${r.size}/${r.backend}`)).toEqual(["a/simd", "a/wasm", "a/js", "b/simd", "b/wasm", "b/js", "b/threads"]);
    expect(threadRuns).toBe(6);
    const row = rep.rows.at(-1)!;
    for (const k of ["name", "size", "backend", "stepsPerSec", "gflops"]) expect(row).toHaveProperty(k);
    expect(row.gflops).toBeCloseTo((row.stepsPerSec * 100) / 1e9, 12);
    // Without the SIMD engine there is no threads row.
    expect(runBench({ cases: [fake], runs: 5, warmup: 0, backends: ["js"] }).rows.map((r) => r.backend)).toEqual(["js", "js"]);
  });

  it("gd-linear's threads instance runs two threads and gives one thread's numbers", () => {
    const e = engines().simd;
    const i = gdLinearCase.setupThreads!(e, "12x40");
    const v = i.run();
    expect(i.run()).toBe(v);
    // The same problem on one thread, built here from the case's generator.
    const X = new Float64Array(12 * 40), y = new Float64Array(12);
    fill(X, 0, 480, 12345);
    fill(y, 0, 12, 678);
    let fro = 0;
    for (const x of X) fro += x * x;
    const one = gdLinear(X, y, 12, 40, { eta: 1 / fro, steps: i.stepsPerRun, recordEvery: i.stepsPerRun, space: "parameter", threads: 1, engine: e });
    expect(v).toBe(one.summary.lastLoss + one.theta[0]);
  }, 60_000);
});
