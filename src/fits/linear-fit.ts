import { InvalidArgumentError } from "../errors.js";
import { fitConfidence, fitLine, logPoints } from "./log-regression.js";
import type { LinearFit } from "./types.js";
import { argArray, argObject } from "../check-args.js";

/**
 * Window of a fit, by t value (inclusive).
 * @category Series & fits
 */
export interface FitWindow {
  from?: number;
  to?: number;
}

/**
 * Linear (geometric) convergence |v_t| ≈ C·rate^t, by least squares of
 * log|v| on t (docs/design.md §3). Points with t outside [from, to], or with v
 * zero or non-finite, are skipped. With fewer than two usable points, or a
 * single t value, rate and logIntercept are null and confidence is 0.
 *
 * @example
 * fitLinearRate([0, 1, 2, 3], [8, 4, 2, 1]).rate; // 0.5
 * @category Series & fits
 */
export function fitLinearRate(t: ArrayLike<number>, v: ArrayLike<number>, opts: FitWindow = {}): LinearFit {
  argArray("fitLinearRate", "t", t); argArray("fitLinearRate", "v", v); argObject("fitLinearRate", "opts", opts, true);
  checkWindow(opts);
  const { xs, ys } = logPoints(t, v, (s) => s, () => true, opts.from, opts.to);
  const line = fitLine(xs, ys);
  if (line.slope === null) return { kind: "linear", rate: null, logIntercept: null, r2: 0, n: line.n, confidence: 0 };
  return {
    kind: "linear",
    rate: Math.exp(line.slope),
    logIntercept: line.intercept,
    r2: line.r2,
    n: line.n,
    confidence: fitConfidence(line.r2, line.n),
  };
}

/** Rejects a NaN window bound or from > to. */
export function checkWindow(opts: FitWindow): void {
  const { from, to } = opts;
  if (from !== undefined && Number.isNaN(from)) throw new InvalidArgumentError("fit window 'from' is NaN; pass a number or omit it");
  if (to !== undefined && Number.isNaN(to)) throw new InvalidArgumentError("fit window 'to' is NaN; pass a number or omit it");
  if (from !== undefined && to !== undefined && from > to) {
    throw new InvalidArgumentError(`fit window from=${from} is after to=${to}; swap them`);
  }
}
