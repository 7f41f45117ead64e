// The one-pass linear GD loop (gdLinearRun with a third θ buffer: r and θ_{t+1} from one read of X, block by
// block) against today's two-pass loop (no third buffer): the same bits for θ, the records and the summary, at
// every block size, with and without divergence (the step back to the last finite θ), on every backend.
import { describe, expect, it } from "vitest";
import type { Engine } from "../../src/index.js";
import { gdLinear } from "../../src/index.js";
import { BACKENDS, engines, randomArray } from "../engines.js";

const eng = engines();
const bits = (a: ArrayLike<number>): bigint[] => Array.from(new BigUint64Array(Float64Array.from(a).buffer));

interface Out { theta: Float64Array; steps: Float64Array; loss: Float64Array; summary: Float64Array }

/** One gdLinearRun call; `block` < 0 means the two-pass loop (no third buffer). */
function run(e: Engine, X: Float64Array, y: Float64Array, n: number, d: number, eta: number, steps: number, every: number, block: number, zeroStart = false): Out {
  return e.scoped(() => {
    const cap = Math.floor(steps / every) + 2;
    const px = e.copyIn(X), py = e.copyIn(y), pt = e.allocF64(Math.max(d, 1)), ps = e.allocF64(Math.max(d, 1)), ps2 = e.allocF64(Math.max(d, 1));
    const pr = e.allocF64(Math.max(n, 1)), prs = e.allocF64(cap), prl = e.allocF64(cap), psum = e.allocF64(8);
    e.write(pt, zeroStart ? new Float64Array(d) : randomArray(d, 5 + d).map((v) => 0.1 * v));
    const recs = block < 0
      ? e.exports.gdLinearRun(n, d, eta, px, py, pt, ps, pr, steps, every, prs, prl, psum)
      : e.exports.gdLinearRun(n, d, eta, px, py, pt, ps, pr, steps, every, prs, prl, psum, ps2, block);
    return { theta: e.read(pt, d), steps: e.read(prs, recs), loss: e.read(prl, recs), summary: e.read(psum, 7) };
  });
}

function expectSameBits(a: Out, b: Out): void {
  expect(bits(a.theta)).toEqual(bits(b.theta));
  expect(bits(a.steps)).toEqual(bits(b.steps));
  expect(bits(a.loss)).toEqual(bits(b.loss));
  expect(bits(a.summary)).toEqual(bits(b.summary));
}

/** ‖X‖_F²: η = c/‖X‖_F² converges for c < 2, and η large enough diverges. */
function fro2(X: Float64Array): number {
  let s = 0;
  for (const v of X) s += v * v;
  return s;
}

describe("gdLinearRun, one pass over X", () => {
  const shapes: [number, number][] = [[0, 5], [1, 1], [3, 0], [2, 7], [7, 9], [9, 17], [17, 33], [40, 13], [33, 100], [70, 300]];
  it.each(BACKENDS)("%s: same bits as the two-pass loop at every block size, converging and diverging", (b) => {
    const e = eng[b];
    for (const [n, d] of shapes) {
      const X = randomArray(n * d, 7 + 13 * n + d), y = randomArray(n, 3 + n);
      const f = Math.max(fro2(X), 1e-300);
      for (const [eta, steps, every] of [[0.9 / f, 25, 4], [0.5 / f, 0, 1], [0.5 / f, 1, 1], [40 / f, 400, 7]] as const) {
        const ref = run(e, X, y, n, d, eta, steps, every, -1);
        for (const block of [0, 1, 3, 8, 16, n + 5]) expectSameBits(run(e, X, y, n, d, eta, steps, every, block), ref);
      }
    }
  }, 60_000);

  it("a diverging run steps back to θ_{t−1}: the same state and first non-finite step as the two-pass loop, and both are reached", () => {
    const n = 20, d = 50, X = randomArray(n * d, 99), y = randomArray(n, 98);
    const ref = run(eng.simd, X, y, n, d, 3 / (0.05 * fro2(X)), 5000, 1, -1);
    expect(ref.summary[4]).toBeGreaterThan(1); // the run did go non-finite, after more than one step
    expect(ref.summary[5]).toBe(ref.summary[4] - 1);
    for (const b of BACKENDS) expectSameBits(run(eng[b], X, y, n, d, 3 / (0.05 * fro2(X)), 5000, 1, 8), ref);
  });

  it("gdLinear in parameter space (the one-pass loop) agrees bit for bit across backends on a 50×200 problem", () => {
    const n = 50, d = 200, X = randomArray(n * d, 1), y = randomArray(n, 2);
    const eta = 1 / fro2(X);
    const r = BACKENDS.map((b) => gdLinear(X, y, n, d, { eta, steps: 300, recordEvery: 10, engine: eng[b], space: "parameter" }));
    for (const o of r.slice(1)) {
      expect(bits(o.theta)).toEqual(bits(r[0].theta));
      expect(bits(o.loss)).toEqual(bits(r[0].loss));
    }
    const two = run(eng.js, X, y, n, d, eta, 300, 10, -1, true);
    expect(bits(r[0].loss)).toEqual(bits(two.loss));
    expect(bits(r[0].theta)).toEqual(bits(two.theta));
  });
});
