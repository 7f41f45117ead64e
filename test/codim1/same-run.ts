// One comparison of two recorded codimension-1 runs, bit for bit, for the lanes tests (lanes-run*.test.ts): every
// series column, θ and θ∥ at each record, the final point, the summary, θ∥* and the run's identity.
import { expect } from "vitest";
import type { RunResult } from "../../src/index.js";

/** The bits of each value (so −0 ≠ 0 and NaN payloads count). */
export const bits = (a: ArrayLike<number>): bigint[] => Array.from(new BigUint64Array(Float64Array.from(a).buffer));

export function expectSameRun(got: RunResult, ref: RunResult, what: string): void {
  for (const c of ["step", "loss", "thetaPerp", "distPar", "lambdaPar", "lambdaAt", "theta", "thetaPar"] as const) {
    expect(bits(got.series[c]!), `${what}: series.${c}`).toEqual(bits(ref.series[c]!));
  }
  expect(bits(got.final.theta), `${what}: final θ`).toEqual(bits(ref.final.theta));
  expect(bits(got.final.thetaPar), `${what}: final θ∥`).toEqual(bits(ref.final.thetaPar));
  expect({ ...got.final, theta: 0, thetaPar: 0 }, what).toEqual({ ...ref.final, theta: 0, thetaPar: 0 });
  expect(got.summary, what).toEqual(ref.summary);
  expect(bits(got.thetaStar), what).toEqual(bits(ref.thetaStar));
  expect([got.model, got.eta, got.lambdaStar], what).toEqual([ref.model, ref.eta, ref.lambdaStar]);
}
