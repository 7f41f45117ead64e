// The gd-linear-residual bench case (and the harness's large sizes and CPU-time clock); no timing assertions.
import { describe, expect, it } from "vitest";
import { runBench, type BenchCase } from "../../src/bench/index.js";
import { gdLinearResidualCase } from "../../src/bench/cases/gd-linear-residual.js";
import { gdLinearCase } from "../../src/bench/cases/gd-linear.js";
import { gdLinear } from "../../src/index.js";
import { BACKENDS, engines } from "../engines.js";

/** The bench cases' data: the same LCG in [−1, 1), written out here. */
function lcg(count: number, seed: number): Float64Array {
  const a = new Float64Array(count);
  let s = seed >>> 0;
  for (let i = 0; i < count; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    a[i] = s / 2 ** 31 - 1;
  }
  return a;
}

describe("gd-linear-residual bench case", () => {
  it("the same finite result on every backend, equal to gdLinear in residual space on the same problem; dispose frees memory", () => {
    const eng = engines();
    const n = 6, d = 10;
    const out = BACKENDS.map((b) => {
      const e = eng[b];
      const before = e.arena.used;
      const inst = gdLinearResidualCase.setup(e, `${n}x${d}`);
      const v1 = inst.run(), v2 = inst.run();
      const steps = inst.stepsPerRun;
      inst.dispose();
      expect(e.arena.used).toBe(before);
      expect(v2).toBe(v1);
      expect(inst.flopsPerStep).toBe(2 * n * n);
      return { v: v1, steps };
    });
    for (const o of out.slice(1)) expect(o.v).toBe(out[0].v);
    const X = lcg(n * d, 12345), y = lcg(n, 678);
    let fro = 0;
    for (const v of X) fro += v * v;
    const r = gdLinear(X, y, n, d, { eta: 1 / fro, steps: out[0].steps, recordEvery: out[0].steps, engine: eng.simd, space: "residual" });
    expect(out[0].v).toBe(r.summary.lastLoss + r.theta[0]);
  }, 60_000);

  it("lists 50x200, 200x1000 and 1000x4000, and 2000x8000 as a large size, like gd-linear", () => {
    for (const c of [gdLinearCase, gdLinearResidualCase]) {
      expect(c.sizes).toEqual(["50x200", "200x1000", "1000x4000"]);
      expect(c.largeSizes).toEqual(["2000x8000"]);
    }
  });
});

describe("benchmark harness: large sizes and the CPU-time clock", () => {
  it("runs largeSizes only with large: true; cpuTime gives medians within [min, max]", () => {
    const seen: string[] = [];
    const fake: BenchCase = {
      name: "fake",
      sizes: ["a"],
      largeSizes: ["big"],
      backends: ["js"],
      setup: (_e, size) => {
        seen.push(size);
        return { stepsPerRun: 1, flopsPerStep: 1, run: () => { let s = 0; for (let i = 0; i < 2e5; i++) s += Math.sqrt(i); return s; }, dispose: () => {} };
      },
    };
    expect(runBench({ cases: [fake], runs: 5, warmup: 0 }).rows.map((r) => r.size)).toEqual(["a"]);
    const rep = runBench({ cases: [fake], runs: 5, warmup: 0, large: true, cpuTime: true });
    expect(rep.rows.map((r) => r.size)).toEqual(["a", "big"]);
    for (const r of rep.rows) {
      expect(r.minStepsPerSec).toBeLessThanOrEqual(r.stepsPerSec);
      expect(r.stepsPerSec).toBeLessThanOrEqual(r.maxStepsPerSec);
      expect(Number.isFinite(r.stepsPerSec) && r.stepsPerSec > 0).toBe(true);
    }
    expect(seen).toEqual(["a", "a", "big"]);
  });
});
