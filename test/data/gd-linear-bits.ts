// What the gdLinear tests on two threads share: results compared bit for bit, and a step size from ‖X‖_F².
import { expect } from "vitest";
import type { GdLinearResult } from "../../src/index.js";

/** The f64 bits of a, as 64-bit integers (so −0, NaN payloads and the last bit all count). */
export const bits = (a: ArrayLike<number>): bigint[] => Array.from(new BigUint64Array(Float64Array.from(a).buffer));

/** θ, the recorded steps and losses bit for bit, and the summary. */
export function expectSameBits(a: GdLinearResult, b: GdLinearResult): void {
  expect(bits(a.theta)).toEqual(bits(b.theta));
  expect(bits(a.steps)).toEqual(bits(b.steps));
  expect(bits(a.loss)).toEqual(bits(b.loss));
  expect(a.summary).toEqual(b.summary);
}

/** ‖X‖_F² ≥ λ_max(XᵀX): η = c/‖X‖_F² converges for c < 2; a large c diverges. */
export function fro2(X: Float64Array): number {
  let s = 0;
  for (const v of X) s += v * v;
  return s;
}
