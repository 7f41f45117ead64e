import { describe, expect, it } from "vitest";
import { BACKENDS, engines, randomArray, SIZES } from "../engines.js";

// Reference: plain left-to-right sum, in a different order from the kernel.
function naiveDot(x: Float64Array, y: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * y[i];
  return s;
}

describe("dot", () => {
  const eng = engines();
  for (const n of SIZES) {
    it(`matches the plain sum and is bit-identical across backends, n=${n}`, () => {
      const x = randomArray(n, 3 + n), y = randomArray(n, 7 + n);
      const ref = naiveDot(x, y);
      const got = BACKENDS.map((b) => {
        const e = eng[b];
        return e.scoped(() => e.exports.dot(n, e.copyIn(x), e.copyIn(y)));
      });
      for (const g of got) expect(Math.abs(g - ref)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(ref)) * Math.sqrt(n + 1));
      expect(got[1]).toBe(got[0]);
      expect(got[2]).toBe(got[0]);
    });
  }

  it("reads from unaligned element offsets (pointer + 8 bytes)", () => {
    for (const b of BACKENDS) {
      const e = eng[b];
      const x = randomArray(41, 5), y = randomArray(41, 6);
      const v = e.scoped(() => e.exports.dot(40, e.copyIn(x) + 8, e.copyIn(y) + 8));
      expect(v).toBeCloseTo(naiveDot(x.subarray(1), y.subarray(1)), 12);
    }
  });
});
