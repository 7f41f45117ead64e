// deepScalarLanes: many deep-scalar runs, two per loop in f64x2 lanes. Every trajectory must give, bit for bit, what its
// own single run gives (the core's deepScalarRun: final θ, min and max loss, first non-finite step, steps run), whatever
// lane it lands in and whether its partner lane diverged first, later or never; on every backend.
import { describe, expect, it } from "vitest";
import { deepScalar, deepScalarLanes, InvalidArgumentError, type Engine } from "../../src/index.js";
import { BACKENDS, engines } from "../engines.js";

const eng = engines();
const bits = (a: ArrayLike<number>): bigint[] => Array.from(new BigUint64Array(Float64Array.from(a).buffer));

/** The single run through the core's whole-trajectory loop, records at 0 and N only. */
function single(e: Engine, p: number, y: number, eta: number, theta0: number[], steps: number) {
  return e.scoped(() => {
    const rec = steps === 0 ? [0] : [0, steps];
    const pTheta = e.copyIn(theta0), pWork = e.allocF64(p * p + 6 * p + 10), pSteps = e.copyIn(rec);
    const pRec = e.allocF64(6 * (rec.length + 1)), pPar = e.allocF64(p), pSum = e.allocF64(8);
    e.exports.deepScalarRun(p, y, eta, Math.abs(y) ** (1 / p), pTheta, pWork, steps, 0, pSteps, rec.length, pRec, 0, 0, pPar, pSum, 1);
    const s = e.read(pSum, 4);
    return { theta: e.read(pTheta, p), minLoss: s[0], maxLoss: s[1], firstNonFiniteStep: s[2] < 0 ? null : s[2], stepsRun: s[3] };
  });
}

describe("deepScalarLanes", () => {
  for (const p of [2, 3, 5, 8]) {
    it(`depth ${p}: every trajectory is bit for bit its single run, in either lane, with partners that diverge early, late or never`, () => {
      const y = p === 3 ? -0.7 : 1;
      const model = deepScalar({ depth: p, target: y });
      const base = Array.from({ length: p }, (_, i) => (y < 0 && i === 0 ? -1 : 1) * (1 + 0.25 * Math.cos(1 + 2 * i)));
      const etaC = 2 / p; // λ* = p|y|^{2(p−1)/p}; near 2/λ* the runs sit at the edge, above it some diverge
      const starts = [0.5, 0.97, 1.0, 1.03, 1.3, 2.5, 0.99, 6].map((f, j) => ({
        eta: (f * etaC) / Math.abs(y) ** (2 - 2 / p),
        theta0: base.map((v, i) => v * (1 + 0.01 * j * Math.sin(i + j))),
      }));
      starts.push({ eta: 0.1, theta0: base.map(() => 1e80) }); // loss not finite at θ₀: stops at step 0
      for (const steps of [0, 1, 3000]) {
        // Forward and reversed, so that the start whose loss is not finite at θ₀ also lands inside a group of lanes.
        for (const runs of [1, 2, 3, 4, 5, starts.length].flatMap((count) => [starts.slice(0, count), starts.slice(-count).reverse()])) {
          const count = runs.length;
          const refs = runs.map((s) => single(eng.simd, p, y, s.eta, s.theta0, steps));
          for (const b of BACKENDS) {
            const got = deepScalarLanes(model, runs, steps, { engine: eng[b] });
            expect(got.length).toBe(count);
            got.forEach((g, j) => {
              const r = refs[j];
              expect(bits(g.theta)).toEqual(bits(r.theta));
              expect(bits([g.minLoss, g.maxLoss])).toEqual(bits([r.minLoss, r.maxLoss]));
              expect(g.firstNonFiniteStep).toBe(r.firstNonFiniteStep);
              expect(g.stepsRun).toBe(r.stepsRun);
            });
          }
        }
      }
      // The mix really has both kinds (so the lane masking is exercised).
      const outs = deepScalarLanes(model, starts, 3000);
      expect(outs.some((o) => o.firstNonFiniteStep === null)).toBe(true);
      expect(outs.some((o) => o.firstNonFiniteStep !== null && o.firstNonFiniteStep > 1)).toBe(true);
      expect(outs[outs.length - 1].firstNonFiniteStep).toBe(0);
    }, 60_000);
  }

  it("swapping the two trajectories of a pair swaps the results and nothing else", () => {
    const model = deepScalar({ depth: 5 });
    const a = { eta: 0.41, theta0: [1.3, 1, 1, 0.9, 0.8] }, b = { eta: 0.39, theta0: [1.1, 1, 0.95, 1, 0.9] };
    const [x, y] = deepScalarLanes(model, [a, b], 20000);
    const [y2, x2] = deepScalarLanes(model, [b, a], 20000);
    expect(bits(x.theta)).toEqual(bits(x2.theta));
    expect(bits(y.theta)).toEqual(bits(y2.theta));
    expect(x.firstNonFiniteStep).toBe(x2.firstNonFiniteStep);
  });

  it("junk is an InvalidArgumentError", () => {
    const model = deepScalar({ depth: 3 });
    const ok = { eta: 0.1, theta0: [1, 1, 1] };
    expect(() => deepScalarLanes({ ...model }, [ok], 10)).toThrow(InvalidArgumentError); // a copy is not the built-in model
    expect(() => deepScalarLanes(model, [{ eta: 0, theta0: [1, 1, 1] }], 10)).toThrow(InvalidArgumentError);
    expect(() => deepScalarLanes(model, [{ eta: 0.1, theta0: [1, 1] }], 10)).toThrow(InvalidArgumentError);
    expect(() => deepScalarLanes(model, [{ eta: 0.1, theta0: [1, NaN, 1] }], 10)).toThrow(InvalidArgumentError);
    expect(() => deepScalarLanes(model, [ok], -1)).toThrow(InvalidArgumentError);
    expect(() => deepScalarLanes(model, [ok], 1.5)).toThrow(InvalidArgumentError);
    expect(deepScalarLanes(model, [], 10)).toEqual([]);
  });
});
