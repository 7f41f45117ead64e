// The benchmark harness and the gd-linear case (no timing assertions: speed
// goals live in the benchmark report only).
import { describe, expect, it } from "vitest";
import { runBench, type BenchCase } from "../../src/bench/index.js";
import { gdLinearCase } from "../../src/bench/cases/gd-linear.js";
import { InvalidArgumentError } from "../../src/index.js";
import { BACKENDS, engines } from "../engines.js";

describe("benchmark harness", () => {
  it("times every backend of a case, reports median within [min, max], and consumes results", () => {
    let calls = 0;
    const fake: BenchCase = {
      name: "fake",
      sizes: ["a", "b"],
      setup: () => ({ stepsPerRun: 10, flopsPerStep: 100, run: () => ++calls, dispose: () => {} }),
    };
    const rep = runBench({ cases: [fake], runs: 5, warmup: 1 });
    expect(rep.rows.map((r) => `${r.size}/${r.backend}`)).toEqual(["a/simd", "a/wasm", "a/js", "b/simd", "b/wasm", "b/js"]);
    for (const r of rep.rows) {
      expect(r.minStepsPerSec).toBeLessThanOrEqual(r.stepsPerSec);
      expect(r.stepsPerSec).toBeLessThanOrEqual(r.maxStepsPerSec);
      expect(r.gflops).toBeCloseTo((r.stepsPerSec * 100) / 1e9, 12);
      expect(r.runs).toBe(5);
    }
    expect(calls).toBe(2 * 3 * (5 + 1));
    expect(rep.checksum).toBe((calls * (calls + 1)) / 2);
    expect(() => runBench({ cases: [fake], runs: 4 })).toThrow(InvalidArgumentError);
    expect(() => runBench({ cases: [fake], only: ["nope"] })).toThrow(InvalidArgumentError);
  });

  it("gd-linear case: same finite result on every backend, and dispose frees its memory", () => {
    const eng = engines();
    const out = BACKENDS.map((b) => {
      const e = eng[b];
      const before = e.arena.used;
      const inst = gdLinearCase.setup(e, "6x10");
      const v1 = inst.run(), v2 = inst.run();
      inst.dispose();
      expect(e.arena.used).toBe(before);
      expect(v2).toBe(v1); // each run restarts from θ₀ = 0
      expect(inst.flopsPerStep).toBe(4 * 6 * 10);
      return v1;
    });
    expect(Number.isFinite(out[0])).toBe(true);
    expect(out[1]).toBe(out[0]);
    expect(out[2]).toBe(out[0]);
  });
});
