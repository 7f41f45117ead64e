import { InvalidArgumentError } from "../errors.js";
import type { PeriodFit } from "./types.js";
import { argArray, argObject } from "../check-args.js";

/**
 * Options of {@link detectPeriod}.
 *
 * @category Series & fits
 */
export interface DetectPeriodOptions {
  /** Largest period tried. Default 8. */
  maxPeriod?: number;
  /** Number of final elements examined. Default min(len, max(4·maxPeriod, ⌈len/4⌉)). */
  tail?: number;
  /** Tolerance relative to the largest |limit|. Default 1e-6. */
  relTol?: number;
  /** Absolute tolerance, added to the relative one. Default 0. */
  absTol?: number;
}

/**
 * Period-k behaviour (docs/design.md §3): the smallest k ≤ maxPeriod such that each
 * of the k strided subsequences of the tail stays within
 * tol = absTol + relTol·max|limit| of its limit, where a subsequence's limit
 * is estimated by its last element. Period 1 means the tail has converged to
 * one value; period 2 is a flip (period-doubling) orbit.
 *
 * Each subsequence needs at least two elements, so k ≤ tail/2. When no k
 * works, or the tail holds a non-finite value, period is null, limits is
 * empty and confidence is 0; spread is then the smallest spread over the k
 * tried (0 when none could be tried, e.g. an empty or non-finite tail).
 * Confidence grows with the elements per subsequence and with the margin
 * spread/tol below 1.
 *
 * @example
 * detectPeriod([3, 1, 2.001, 1.999, 2, 2, 2, 2]).period; // 1 (limit 2)
 * @category Series & fits
 */
export function detectPeriod(v: ArrayLike<number>, opts: DetectPeriodOptions = {}): PeriodFit {
  argArray("detectPeriod", "v", v); argObject("detectPeriod", "opts", opts, true);
  const maxPeriod = opts.maxPeriod ?? 8;
  if (!Number.isInteger(maxPeriod) || maxPeriod < 1) {
    throw new InvalidArgumentError(`maxPeriod must be an integer ≥ 1, got ${maxPeriod}`);
  }
  const relTol = opts.relTol ?? 1e-6, absTol = opts.absTol ?? 0;
  if (!(relTol >= 0) || !(absTol >= 0) || !Number.isFinite(relTol) || !Number.isFinite(absTol)) {
    throw new InvalidArgumentError(`relTol and absTol must be finite and ≥ 0, got ${relTol} and ${absTol}`);
  }
  if (opts.tail !== undefined && (!Number.isInteger(opts.tail) || opts.tail < 0)) {
    throw new InvalidArgumentError(`tail must be an integer ≥ 0, got ${opts.tail}`);
  }
  const len = v.length;
  const tail = Math.min(len, opts.tail ?? Math.max(4 * maxPeriod, Math.ceil(len / 4)));
  const none: PeriodFit = { kind: "period", period: null, limits: [], spread: 0, confidence: 0 };
  const start = len - tail;
  for (let i = start; i < len; i++) if (!Number.isFinite(v[i])) return none;
  let bestSpread = Infinity;
  for (let k = 1; k <= Math.min(maxPeriod, Math.floor(tail / 2)); k++) {
    // limits[r] is the last tail element congruent to start + r (mod k).
    const limits: number[] = [];
    for (let r = 0; r < k; r++) limits.push(v[start + r + k * Math.floor((tail - 1 - r) / k)]);
    let scale = 0;
    for (const l of limits) scale = Math.max(scale, Math.abs(l));
    const tol = absTol + relTol * scale;
    let spread = 0;
    for (let i = 0; i < tail; i++) spread = Math.max(spread, Math.abs(v[start + i] - limits[i % k]));
    bestSpread = Math.min(bestSpread, spread);
    if (spread <= tol) {
      const perSub = Math.floor(tail / k);
      const margin = tol > 0 ? 1 - spread / tol : 1;
      return { kind: "period", period: k, limits, spread, confidence: Math.min(1, (perSub - 1) / 4) * Math.max(0, Math.min(1, 0.5 + margin / 2)) };
    }
  }
  return { ...none, spread: Number.isFinite(bestSpread) ? bestSpread : 0 };
}
