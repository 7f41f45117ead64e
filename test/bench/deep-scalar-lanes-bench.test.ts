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
  }, 60_000);
});
