// The deep-scalar-lanes bench case: the same finite result on every backend, equal to the four single runs it
// stands for; dispose frees its memory. No timing assertions.
import { describe, expect, it } from "vitest";
import { deepScalarLanesCase } from "../../src/bench/cases/deep-scalar-lanes.js";
import { BACKENDS, engines } from "../engines.js";

describe("deep-scalar-lanes bench case", () => {
  it("p=5: the same finite result on every backend; dispose frees its memory", () => {
    const eng = engines();
    const out = BACKENDS.map((b) => {
      const e = eng[b];
      const before = e.arena.used;
      const inst = deepScalarLanesCase.setup(e, "p=5");
      const v1 = inst.run(), v2 = inst.run();
      inst.dispose();
      expect(e.arena.used).toBe(before);
      expect(v2).toBe(v1);
      expect(inst.stepsPerRun).toBe(4_000_000);
      return v1;
    });
    expect(Number.isFinite(out[0])).toBe(true);
    for (const v of out.slice(1)) expect(v).toBe(out[0]);
    expect(() => deepScalarLanesCase.setup(eng.simd, "p=1")).toThrow();
    // The four single runs it stands for (η = (0.97 + 0.01j)·2/p, θ₀ = 1 + 0.05·cos(1 + i + j), 10⁶ steps each), by
    // the single-run kernel deepScalarRun: the same sum of minLoss + θ[0], bit for bit.
    const e = eng.simd, p = 5, steps = 1_000_000;
    const single = e.scoped(() => {
      const pTheta = e.allocF64(p), pWork = e.allocF64(p * p + 6 * p + 10), pSteps = e.copyIn([0, steps]);
      const pRec = e.allocF64(6 * 3), pPar = e.allocF64(p), pSum = e.allocF64(8);
      let sum = 0;
      for (let j = 0; j < 4; j++) {
        e.write(pTheta, Array.from({ length: p }, (_, i) => 1 + 0.05 * Math.cos(1 + i + j)));
        e.exports.deepScalarRun(p, 1, ((0.97 + 0.01 * j) * 2) / p, 1, pTheta, pWork, steps, 0, pSteps, 2, pRec, 0, 0, pPar, pSum, 1);
        const [minLoss, , , stepsRun] = e.read(pSum, 4);
        expect(stepsRun).toBe(steps);
        sum += minLoss + e.read(pTheta, 1)[0];
      }
      return sum;
    });
    expect(out[0]).toBe(single);
  }, 60_000);
});
