import { InvalidArgumentError } from "../errors.js";
import type { DivergenceCheck } from "./types.js";

/**
 * Default bound on |v| beyond which a series counts as divergent.
 * @category Series & fits
 */
export const DEFAULT_DIVERGENCE_BOUND = 1e100;

/**
 * Divergence (docs/design.md §3): the first element that is non-finite, or whose
 * magnitude exceeds `bound` (default 1e100), whichever comes first.
 *
 * @example
 * detectDivergence([1, 10, Infinity]); // { diverged: true, index: 2, reason: "non-finite" }
 * @category Series & fits
 */
export function detectDivergence(v: ArrayLike<number>, opts: { bound?: number } = {}): DivergenceCheck {
  if (v === null || typeof v !== "object" || typeof v.length !== "number") throw new InvalidArgumentError("detectDivergence needs an array of numbers");
  if (opts === null || typeof opts !== "object") throw new InvalidArgumentError("detectDivergence options must be an object { bound? }");
  const bound = opts.bound ?? DEFAULT_DIVERGENCE_BOUND;
  if (typeof bound !== "number" || !(bound > 0)) throw new InvalidArgumentError(`divergence bound must be > 0, got ${bound}`);
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (!Number.isFinite(x)) return { kind: "divergence", diverged: true, index: i, reason: "non-finite" };
    if (Math.abs(x) > bound) return { kind: "divergence", diverged: true, index: i, reason: "bound" };
  }
  return { kind: "divergence", diverged: false, index: null, reason: null };
}

/**
 * Growth is certain (detectGrowth) when each of the last GROWTH_RECORDS intervals grew |v| by at least this factor per step.
 * @category Series & fits
 */
export const GROWTH_FACTOR = 4;
/**
 * How many consecutive recorded intervals must each grow by GROWTH_FACTOR per step.
 * @category Series & fits
 */
export const GROWTH_RECORDS = 3;
/**
 * ... and |v| at the end must exceed GROWTH_TOTAL·max(1, |v₀|): far above where the run started and above an O(1) loss.
 * @category Series & fits
 */
export const GROWTH_TOTAL = 1e6;
/**
 * Steady growth: GROWTH_STEADY_RECORDS consecutive intervals each growing by ≥ GROWTH_STEADY_FACTOR per step (and past GROWTH_TOTAL).
 * @category Series & fits
 */
export const GROWTH_STEADY_FACTOR = 1.01;
/**
 * How many consecutive recorded intervals must each grow by GROWTH_STEADY_FACTOR per step for steady growth.
 *
 * @category Series & fits
 */
export const GROWTH_STEADY_RECORDS = 16;

/**
 * "Growth is certain" (docs/design.md §2: divergence wins over every other label), the one rule every labeller
 * applies (observeRun, analyzeConvergence, diagnoseConvergence):
 * 1. a non-finite value, or |v| > bound (detectDivergence); or
 * 2. the last GROWTH_RECORDS intervals of the series each grew |v| by a factor ≥ GROWTH_FACTOR per step
 *    (|v_{i+1}/v_i|^{1/(t_{i+1} − t_i)}), or the last GROWTH_STEADY_RECORDS intervals each by ≥ GROWTH_STEADY_FACTOR
 *    per step (slow steady growth, e.g. linear regression just above 2/λmax), and in either case the last |v|
 *    exceeds GROWTH_TOTAL·max(1, |v₀|).
 * Why both parts of 2: GD's loss grows by (ηλ − 1)² per step on a quadratic with ηλ > 2, so a run started near M
 * above η_c also grows geometrically while θ⊥ leaves M, by up to ~9× per step at ηλ = 4, and then settles on an
 * orbit or a chaotic set of O(1) loss. A factor ≥ 4 per step alone would call that divergent; requiring also
 * 10⁶ times the start AND 10⁶ in absolute terms (losses here are O(1) at the scale of an orbit) rules it out,
 * while a loss growing ×64 per step from O(1) is certain after 4 steps (64⁴ ≈ 1.7·10⁷). Steady growth needs 16
 * growing records in a row: a chaotic or catapulting loss does not rise 16 times running to 10⁶ above its start.
 * Scans the prefixes in order: `index` is the first index at which growth became certain.
 *
 * @example
 * detectGrowth([1, 64, 4096, 262144, 16777216]); // { diverged: true, index: 4, reason: "growth", ... }
 * @category Series & fits
 */
export function detectGrowth(v: ArrayLike<number>, opts: { t?: ArrayLike<number>; bound?: number } = {}): DivergenceCheck {
  if (v === null || typeof v !== "object" || typeof v.length !== "number") throw new InvalidArgumentError("detectGrowth needs an array of numbers");
  if (opts === null || typeof opts !== "object") throw new InvalidArgumentError("detectGrowth options must be an object { t?, bound? }");
  const t = opts.t;
  if (t !== undefined && (t === null || typeof t !== "object" || t.length !== v.length)) throw new InvalidArgumentError(`t must be an array with one value per element (${v.length})`);
  const hard = detectDivergence(v, { bound: opts.bound });
  const stop = hard.diverged ? hard.index! : v.length;
  if (stop > 0) {
    const scale = GROWTH_TOTAL * Math.max(1, Math.abs(v[0]));
    let fast = 0, steady = 0;
    for (let i = 1; i < stop; i++) {
      const dt = t ? t[i] - t[i - 1] : 1;
      const a = Math.abs(v[i - 1]), b = Math.abs(v[i]);
      // b < a fails both tests (a·F^dt ≥ a for F > 1, dt > 0), so the two powers are computed only for a non-falling
      // value: the same answers, half the Math.pow calls on an oscillating or decaying loss.
      const up = !(b < a);
      fast = up && dt > 0 && a > 0 && b >= a * Math.pow(GROWTH_FACTOR, dt) ? fast + 1 : 0;
      steady = up && dt > 0 && a > 0 && b >= a * Math.pow(GROWTH_STEADY_FACTOR, dt) ? steady + 1 : 0;
      if ((fast >= GROWTH_RECORDS || steady >= GROWTH_STEADY_RECORDS) && b > scale) return { kind: "divergence", diverged: true, index: i, reason: "growth" };
    }
  }
  return hard;
}
