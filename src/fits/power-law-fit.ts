import { checkWindow, type FitWindow } from "./linear-fit.js";
import { fitConfidence, fitLine, logPoints } from "./log-regression.js";
import type { PowerLawFit } from "./types.js";
import { argArray, argObject } from "../check-args.js";

/**
 * Power law |v_t| ≈ C·t^exponent, by least squares of log|v| on log t
 * (docs/design.md §3). Only t > 0 inside [from, to] with v finite and nonzero are
 * used. With fewer than two usable points, or a single t value, exponent and
 * logPrefactor are null and confidence is 0.
 *
 * @example
 * fitPowerLaw([1, 2, 4, 8], [1, 0.5, 0.25, 0.125]).exponent; // -1
 * @category Series & fits
 */
export function fitPowerLaw(t: ArrayLike<number>, v: ArrayLike<number>, opts: FitWindow = {}): PowerLawFit {
  argArray("fitPowerLaw", "t", t); argArray("fitPowerLaw", "v", v); argObject("fitPowerLaw", "opts", opts, true);
  checkWindow(opts);
  const { xs, ys } = logPoints(t, v, Math.log, (s) => s > 0, opts.from, opts.to);
  const line = fitLine(xs, ys);
  if (line.slope === null) return { kind: "power", exponent: null, logPrefactor: null, r2: 0, n: line.n, confidence: 0 };
  return {
    kind: "power",
    exponent: line.slope,
    logPrefactor: line.intercept,
    r2: line.r2,
    n: line.n,
    confidence: fitConfidence(line.r2, line.n),
  };
}
