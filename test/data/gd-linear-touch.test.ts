// The one-pass linear GD loop on an X too large for the L3 cache, where gdStepLinearInto first reads each block of
// rows once, a load per cache line, before its gemv, and so does residualLoss (the two-pass loop, and the last loss
// of the one-pass loop) (assembly/kernels/gd-step-linear.ts, TOUCH_MIN_BYTES = 18 MiB; docs/benchmark.md, "Touching
// each block first"). Those loads must change nothing: both wasm loops give the bits of the JS backend's two-pass
// loop, converging and diverging, with a last block shorter than 8 rows.
import { describe, expect, it } from "vitest";
import type { Engine } from "../../src/index.js";
import { engines, randomArray } from "../engines.js";

const eng = engines();
const bits = (a: ArrayLike<number>): bigint[] => Array.from(new BigUint64Array(Float64Array.from(a).buffer));

interface Out { theta: Float64Array; loss: Float64Array; summary: Float64Array }

/** One gdLinearRun call from θ₀ = 0; onePass adds the third θ buffer (gdBlockRows blocks), else the two-pass loop. */
function run(e: Engine, X: Float64Array, y: Float64Array, n: number, d: number, eta: number, steps: number, onePass: boolean): Out {
  return e.scoped(() => {
    const cap = steps + 2;
    const px = e.copyIn(X), py = e.copyIn(y), pt = e.allocF64(d), ps = e.allocF64(d), ps2 = e.allocF64(d);
    const pr = e.allocF64(n), prs = e.allocF64(cap), prl = e.allocF64(cap), psum = e.allocF64(8);
    e.write(pt, new Float64Array(d));
    const recs = onePass
      ? e.exports.gdLinearRun(n, d, eta, px, py, pt, ps, pr, steps, 1, prs, prl, psum, ps2, 0)
      : e.exports.gdLinearRun(n, d, eta, px, py, pt, ps, pr, steps, 1, prs, prl, psum);
    return { theta: e.read(pt, d), loss: e.read(prl, recs), summary: e.read(psum, 7) };
  });
}

describe("gdLinearRun, one pass over an X larger than the touch threshold", () => {
  // 790 rows (the last block has 6) × 3001 columns (odd: the scalar column tails run too): 18.97 MB of X.
  const n = 790, d = 3001;
  const X = randomArray(n * d, 4242), y = randomArray(n, 4343);
  let fro2 = 0;
  for (const v of X) fro2 += v * v;

  it("X is above the 18 MiB threshold, so the touched path is the one under test", () => {
    expect(n * d * 8).toBeGreaterThan(18 * 2 ** 20);
  });

  it.each([["converging", 0.9, 4], ["diverging", 1e8, 60]] as const)("%s: SIMD and scalar wasm, one pass and two, give the JS two-pass bits", (_, c, steps) => {
    const eta = c / fro2;
    const ref = run(eng.js, X, y, n, d, eta, steps, false);
    if (c > 2) expect(ref.summary[4]).toBeGreaterThan(0); // the diverging run did reach a non-finite loss
    for (const [b, onePass] of [["simd", true], ["simd", false], ["wasm", true], ["wasm", false]] as const) {
      const o = run(eng[b], X, y, n, d, eta, steps, onePass);
      expect(bits(o.theta)).toEqual(bits(ref.theta));
      expect(bits(o.loss)).toEqual(bits(ref.loss));
      expect(bits(o.summary)).toEqual(bits(ref.summary));
    }
  }, 60_000);
});
