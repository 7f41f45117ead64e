// runDeepScalarLanes: recorded deep-scalar runs advanced together in lanes between records. Each finite run must be
// runTrajectory's result on the same options, bit for bit (every series column, θ and θ∥ at each record, the final
// point, the summary); a run that goes non-finite is handed back as null. On every backend.
import { describe, expect, it } from "vitest";
import { deepScalar, runTrajectory } from "../../src/index.js";
import { laneWidth, runDeepScalarLanes } from "../../src/codim1/lanes-run.js";
import { BACKENDS, engines } from "../engines.js";
import { expectSameRun } from "./same-run.js";

const eng = engines();
describe("runDeepScalarLanes", () => {
  for (const p of [2, 5, 3]) {
    it(`depth ${p}: each finite run is runTrajectory's, bit for bit; a diverging one is null`, () => {
      expect(laneWidth(p)).toBe(p === 5 ? 4 : 2);
      const model = deepScalar({ depth: p, target: 1 });
      const base = Array.from({ length: p }, (_, i) => 1 + 0.2 * Math.cos(1 + 2 * i));
      // λ* = p at y = 1: η_c = 2/p. Below, at and above the edge, and one far above that diverges.
      const starts = [0.9, 1.0, 1.02, 3].map((f, j) => ({ eta: (f * 2) / p, theta0: base.map((v, i) => v * (1 + 0.01 * j * Math.sin(i + j))) }));
      for (const [steps, record] of [[5000, { logPoints: 200 }], [3000, { every: 500 }], [8000, { every: 2000 }]] as const) {
        for (const [b, minGap] of BACKENDS.flatMap((b) => [1, 64, 1024].map((g) => [b, g] as const))) {
          const got = runDeepScalarLanes(model, starts, { steps, record, recordTheta: true, engine: eng[b] }, minGap);
          starts.forEach((s, j) => {
            const ref = runTrajectory(model, { eta: s.eta, steps, theta0: s.theta0, record, recordTheta: true, engine: eng[b] });
            if (ref.summary.firstNonFiniteStep !== null) expect(got[j], `${b} start ${j}`).toBeNull();
            else expectSameRun(got[j]!, ref, `${b} depth ${p} start ${j} ${JSON.stringify(record)} minGap ${minGap}`);
          });
          expect(got[3], "η = 3·η_c diverges").toBeNull();
          expect(got.slice(0, 3).every((r) => r !== null)).toBe(true);
        }
      }
    }, 60_000);
  }
});
