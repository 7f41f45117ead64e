// runData's linear loops after two changes that must not move a bit: the residual-space loop's Gram matrix K = XXᵀ
// now comes from the blocked gramXXt (was n gemv calls), and the plain loop gets a third θ buffer (one pass over X per
// step). References here drive the core directly the old way: K from n gemv calls and the two-pass gdLinearRun.
// Random X of odd sizes, on every backend, with chunked calls (plain loop) and a diverging run.
import { describe, expect, it } from "vitest";
import { runData, type Engine } from "../../src/index.js";
import type { Dataset } from "../../src/dataset/dataset.js";
import { BACKENDS, engines, randomArray } from "../engines.js";

const eng = engines();
const bits = (a: ArrayLike<number>): bigint[] => Array.from(new BigUint64Array(Float64Array.from(a).buffer));
const problem = (n: number, d: number, seed: number): Dataset => ({ X: randomArray(n * d, seed), y: randomArray(n, seed + 7), n, d });

/** K by n gemv calls (the old build of runData). */
function gramByGemv(e: Engine, ds: Dataset): Float64Array {
  return e.scoped(() => {
    const px = e.copyIn(ds.X), pk = e.allocF64(ds.n * ds.n);
    for (let i = 0; i < ds.n; i++) e.exports.gemv(ds.n, ds.d, 1, px, px + i * ds.d * 8, 0, pk + i * ds.n * 8);
    return e.read(pk, ds.n * ds.n);
  });
}

/** One core call of the old loops: the residual-space loop on K from gemv, or the two-pass linear loop. */
function oldRun(e: Engine, ds: Dataset, form: "plain" | "residual", eta: number, steps: number, theta0: Float64Array) {
  const { n, d } = ds;
  return e.scoped(() => {
    const px = e.copyIn(ds.X), py = e.copyIn(ds.y), pt = e.copyIn(theta0), ps = e.allocF64(d), pw = e.allocF64(Math.max(2 * d + n, 4 * n));
    const cap = steps + 2, prs = e.allocF64(cap), prl = e.allocF64(cap), psum = e.allocF64(8);
    let recs: number;
    if (form === "residual") {
      const pk = e.copyIn(gramByGemv(e, ds));
      recs = e.exports.linearResidualRun(n, d, eta, px, py, pk, pt, pw, steps, 1, prs, prl, psum);
    } else recs = e.exports.gdLinearRun(n, d, eta, px, py, pt, ps, pw, steps, 1, prs, prl, psum);
    return { theta: e.read(pt, d), loss: e.read(prl, recs), summary: e.read(psum, 7) };
  });
}

describe("runData's linear loops: gramXXt and the one-pass loop give the old bits", () => {
  it("gramXXt is n gemv calls, bit for bit, on odd sizes", () => {
    for (const b of BACKENDS) {
      for (const [n, d] of [[1, 1], [7, 13], [33, 9], [65, 101], [129, 37]]) {
        const ds = problem(n, d, n + 3 * d);
        const k = eng[b].scoped(() => {
          const px = eng[b].copyIn(ds.X), pk = eng[b].allocF64(n * n);
          eng[b].exports.gramXXt(n, d, px, pk, 0);
          return eng[b].read(pk, n * n);
        });
        expect(bits(k), `${b} ${n}×${d}`).toEqual(bits(gramByGemv(eng[b], ds)));
      }
    }
  });

  for (const [form, n, d] of [["residual", 9, 37], ["residual", 31, 65], ["plain", 37, 9], ["plain", 65, 31], ["plain", 11, 23]] as const) {
    it(`${form} loop at ${n}×${d}: runData equals the old core call, converging and diverging`, () => {
      for (const b of BACKENDS) {
        const ds = problem(n, d, 11 * n + d);
        const theta0 = randomArray(d, 3).map((v) => 0.1 * v);
        // λ_max(XᵀX)/n-ish scale: a small η converges, a large one diverges.
        for (const eta of [0.002, 0.5]) {
          const ref = oldRun(eng[b], ds, form, eta, 300, theta0);
          const got = runData({ kind: "linear", n, d }, ds, { eta, steps: 300, theta0, recordEvery: 1, linearForm: form, engine: eng[b] });
          expect(got.form).toBe(form);
          expect(bits(got.theta), `${b} η=${eta} θ`).toEqual(bits(ref.theta));
          expect(bits(got.loss), `${b} η=${eta} loss`).toEqual(bits(ref.loss));
          expect(got.summary.minLoss).toBe(ref.summary[0]);
          expect(got.summary.maxLoss).toBe(ref.summary[1]);
          // Plain loop in chunks (called once per 50 steps, as sharpness tracking does): the same θ and records. (The
          // residual-space loop rebuilds θ from its residuals at each chunk's end, so its chunked bits are its own.)
          if (form === "residual") continue;
          const chunked = runData({ kind: "linear", n, d }, ds, { eta, steps: 300, theta0, recordEvery: 1, chunkEvery: 50, linearForm: form, engine: eng[b] });
          expect(bits(chunked.theta), `${b} η=${eta} chunked θ`).toEqual(bits(ref.theta));
          expect(bits(chunked.loss), `${b} η=${eta} chunked loss`).toEqual(bits(ref.loss));
        }
      }
    }, 60_000);
  }
});
