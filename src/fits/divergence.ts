import { InvalidArgumentError } from "../errors.js";
import type { DivergenceCheck } from "./types.js";

/** Default bound on |v| beyond which a series counts as divergent. */
export const DEFAULT_DIVERGENCE_BOUND = 1e100;

/**
 * Divergence (docs/design.md §3): the first element that is non-finite, or whose
 * magnitude exceeds `bound` (default 1e100), whichever comes first.
 *
 * @example
 * detectDivergence([1, 10, Infinity]); // { diverged: true, index: 2, reason: "non-finite" }
 */
export function detectDivergence(v: ArrayLike<number>, opts: { bound?: number } = {}): DivergenceCheck {
  const bound = opts.bound ?? DEFAULT_DIVERGENCE_BOUND;
  if (!(bound > 0)) throw new InvalidArgumentError(`divergence bound must be > 0, got ${bound}`);
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (!Number.isFinite(x)) return { kind: "divergence", diverged: true, index: i, reason: "non-finite" };
    if (Math.abs(x) > bound) return { kind: "divergence", diverged: true, index: i, reason: "bound" };
  }
  return { kind: "divergence", diverged: false, index: null, reason: null };
}
