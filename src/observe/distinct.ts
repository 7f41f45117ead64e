// How many different values a tail of θ⊥ takes: the count a period-k label must agree with (docs/design.md §2).
import { argArray, argNumber } from "../check-args.js";

/**
 * Two values count as the same when they differ by at most
 * DISTINCT_REL_TOL·max(1, |value|): relative for |θ⊥| ≥ 1, absolute 1e-9 below.
 * 1e-9 is far above the rounding of a settled orbit (a few ulps of θ⊥, about
 * 1e-16 relative) and far below the gaps between the points of any orbit the
 * labels name, so a settled period-k orbit gives exactly k values and one still
 * converging gives as many values as it has points. The bifurcation sweep's
 * "distinct θ⊥ values" uses the same rule, so the two never disagree.
 * @category Observation
 */
export const DISTINCT_REL_TOL = 1e-9;

/**
 * The number of distinct values in `v` (non-finite values are skipped): sort,
 * then count the gaps between neighbours larger than DISTINCT_REL_TOL·max(1, |x|).
 *
 * @example
 * countDistinct([0.1, -0.2, 0.1 + 1e-12, -0.2]); // 2
 * @category Observation
 */
export function countDistinct(v: ArrayLike<number>, relTol = DISTINCT_REL_TOL): number {
  argArray("countDistinct", "v", v); argNumber("countDistinct", "relTol", relTol, true);
  // The finite values in a typed array and its numeric sort, not an Array and a comparator (about ×4 faster; sweeps
  // call this twice per point): the same order, −0 before +0 being its only difference, and those are 0 apart.
  const all = new Float64Array(v.length);
  let m = 0;
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (Number.isFinite(x)) all[m++] = x;
  }
  const sorted = all.subarray(0, m).sort();
  let n = sorted.length ? 1 : 0;
  for (let k = 1; k < sorted.length; k++) if (Math.abs(sorted[k] - sorted[k - 1]) > relTol * Math.max(1, Math.abs(sorted[k]))) n++;
  return n;
}
