// runDeepScalarLanes keeps the live trajectories packed in the lanes buffer and repacks them when one goes
// non-finite between two records. Here lanes die in the FIRST and MIDDLE slots, at different records, while the
// others go on: every survivor must still be runTrajectory's run bit for bit (a wrong repack would hand a lane
// another trajectory's θ or η), and every diverging one null. The reference is runTrajectory, one run at a time.
import { describe, expect, it } from "vitest";
import { deepScalar, runTrajectory } from "../../src/index.js";
import { runDeepScalarLanes } from "../../src/codim1/lanes-run.js";
import { BACKENDS, engines } from "../engines.js";
import { expectSameRun } from "./same-run.js";

const eng = engines();
describe("runDeepScalarLanes: repacking after a lane goes non-finite", () => {
  for (const p of [5, 2]) {
    it(`depth ${p}: lanes dying in slots 0 and 2 at different records leave the others' runs intact`, () => {
      const model = deepScalar({ depth: p, target: 1 });
      const base = Array.from({ length: p }, (_, i) => 1 + 0.15 * Math.cos(2 + 3 * i));
      // η in units of η_c = 2/p (λ* = p at y = 1): slots 0 and 2 blow up within a few steps (at different steps, so
      // in different segments when every step is a record); the rest stay bounded (below, near and above the edge).
      const fracs = p === 5 ? [3, 0.95, 3, 1.01, 1.05, 0.7] : [2, 0.95, 3, 1.01, 1.05, 0.7];
      const starts = fracs.map((f, j) => ({ eta: (f * 2) / p, theta0: base.map((v, i) => v * (1 + 0.02 * Math.sin(1 + i + 2 * j))) }));
      for (const b of BACKENDS) {
        for (const minGap of [1, 16]) {
          const steps = 6000, record = { logPoints: 300 };
          const refs = starts.map((s) => runTrajectory(model, { eta: s.eta, steps, theta0: s.theta0, record, recordTheta: true, engine: eng[b] }));
          const bad = refs.map((r) => r.summary.firstNonFiniteStep);
          expect(bad[0], "slot 0 diverges").not.toBeNull();
          expect(bad[2], "slot 2 diverges").not.toBeNull();
          expect(bad[2]).not.toBe(bad[0]);
          expect(bad.filter((x) => x !== null).length).toBe(2);
          const got = runDeepScalarLanes(model, starts, { steps, record, recordTheta: true, engine: eng[b] }, minGap);
          starts.forEach((_, j) => {
            if (bad[j] !== null) expect(got[j], `${b} slot ${j}`).toBeNull();
            else expectSameRun(got[j]!, refs[j], `${b} depth ${p} slot ${j} minGap ${minGap}`);
          });
        }
      }
    }, 60_000);
  }
});
