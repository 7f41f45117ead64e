// The two numbers at the final state that let observeRun tell a saddle from M (docs/design.md §2).
import type { Codim1Model } from "../models/codim1.js";
import { argArray, argObject } from "../check-args.js";

/**
 * f(θ_N) and ‖∇f(θ_N)‖ for ObserveInput's fFinal and gradFFinal. A run that stalls where ∇f ≈ 0 away from M
 * (for the deep product: f → 0, two or more coordinates near 0) has a constant loss and a frozen θ⊥, which the
 * series alone cannot tell from a fixed point; ‖∇f‖ can.
 * @example
 * const { fFinal, gradFFinal } = saddleInputs(deepScalar({ depth: 2 }), new Float64Array([0, 0]));
 * @category Observation
 */
export function saddleInputs(model: Codim1Model, theta: Float64Array): { fFinal: number; gradFFinal: number } {
  argObject("saddleInputs", "model", model); argArray("saddleInputs", "theta", theta);
  const g = new Float64Array(model.dim);
  model.grad(theta, g);
  let s = 0, big = 0;
  for (const x of g) big = Math.max(big, Math.abs(x));
  // Scaled sum of squares: ‖∇f‖ stays finite (and exact to rounding) when the entries are near the f64 limits.
  if (big > 0 && Number.isFinite(big)) for (const x of g) s += (x / big) ** 2;
  return { fFinal: model.f(theta), gradFFinal: big > 0 && Number.isFinite(big) ? big * Math.sqrt(s) : big };
}
