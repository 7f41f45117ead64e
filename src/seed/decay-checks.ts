import { InvalidArgumentError } from "../errors.js";
import { fitLinearRate } from "../fits/linear-fit.js";
import { fitPowerLaw } from "../fits/power-law-fit.js";
import { argArray, argObject } from "../check-args.js";

/**
 * Options shared by the decay checks.
 * @category Seed document
 */
export interface DecayCheckOptions {
  /**
   * The t of each value. Default 1, 2, …, n. A power law depends on where t
   * starts: for the last 100 of N losses pass t = N−99 … N (or `t0`).
   */
  t?: ArrayLike<number>;
  /** First t when `t` is not given (default 1). */
  t0?: number;
  /** Smallest r² accepted as a fit (default 0.95). */
  minR2?: number;
}

/**
 * What {@link checkExponentialDecay} and {@link checkPowerLawDecay} return: whether the decay law holds, and its fit.
 *
 * @category Seed document
 */
export interface DecayCheck {
  /** "exponential" / "power-law" when the check holds, else "not exponential" / "not power-law". */
  label: string;
  /** The verdict, as the seed's boolean. */
  holds: boolean;
  /** Per-step factor ρ of the log-linear fit (exponential check), else null. */
  rate: number | null;
  /** Exponent a of the log–log fit (power-law check), else null. */
  exponent: number | null;
  /** r² of this model, and of the competing one. */
  r2: number;
  rivalR2: number;
  confidence: number;
  n: number;
}

function times(n: number, opts: DecayCheckOptions): ArrayLike<number> {
  if (opts.t !== undefined) {
    if (opts.t.length !== n) throw new InvalidArgumentError(`t has ${opts.t.length} values but the series has ${n}; pass one t per value`);
    return opts.t;
  }
  const t0 = opts.t0 ?? 1;
  return Float64Array.from({ length: n }, (_, i) => t0 + i);
}

/**
 * The seed's `check_exponential_decay`: is |v_t| ≈ C·ρ^t with ρ < 1?
 * True when the log-linear fit has r² ≥ minR2, ρ < 1, and fits at least
 * as well as a power law.
 * @example
 * checkExponentialDecay([8, 4, 2, 1, 0.5, 0.25, 0.125, 0.0625]).holds; // true
 * @category Seed document
 */
export function checkExponentialDecay(v: ArrayLike<number>, opts: DecayCheckOptions = {}): DecayCheck {
  argArray("checkExponentialDecay", "v", v); argObject("checkExponentialDecay", "opts", opts, true);
  const t = times(v.length, opts);
  const lin = fitLinearRate(t, v), pow = fitPowerLaw(t, v);
  const ok = lin.rate !== null && lin.rate < 1 && lin.r2 >= (opts.minR2 ?? 0.95) && lin.r2 >= pow.r2;
  return {
    label: ok ? "exponential" : "not exponential", holds: ok, rate: lin.rate, exponent: null,
    r2: lin.r2, rivalR2: pow.r2, confidence: conf(ok, lin.confidence, lin.n), n: lin.n,
  };
}

/**
 * The seed's `check_power_law_decay`: is |v_t| ≈ C·t^a with a < 0?
 * True when the log–log fit has r² ≥ minR2, a < 0, and fits better than
 * a geometric decay.
 * @example
 * checkPowerLawDecay(Array.from({ length: 100 }, (_, t) => 1 / (t + 1))).exponent; // ≈ -1
 * @category Seed document
 */
export function checkPowerLawDecay(v: ArrayLike<number>, opts: DecayCheckOptions = {}): DecayCheck {
  argArray("checkPowerLawDecay", "v", v); argObject("checkPowerLawDecay", "opts", opts, true);
  const t = times(v.length, opts);
  const lin = fitLinearRate(t, v), pow = fitPowerLaw(t, v);
  const ok = pow.exponent !== null && pow.exponent < 0 && pow.r2 >= (opts.minR2 ?? 0.95) && pow.r2 > lin.r2;
  return {
    label: ok ? "power-law" : "not power-law", holds: ok, rate: null, exponent: pow.exponent,
    r2: pow.r2, rivalR2: lin.r2, confidence: conf(ok, pow.confidence, pow.n), n: pow.n,
  };
}

// A "yes" is as trustworthy as its fit; a "no" needs enough points to be a real no.
function conf(ok: boolean, fitConfidence: number, n: number): number {
  return ok ? fitConfidence : Math.min(1, Math.max(0, (n - 2) / 10));
}

/**
 * What {@link estimateConvergenceSpeed} returns: exponential, power-law, stalled or growing, with the fit.
 *
 * @category Seed document
 */
export interface ConvergenceSpeed {
  /** "exponential" | "power-law" | "stalled" (no trend) | "growing" | "undetermined" (too few points). */
  label: "exponential" | "power-law" | "stalled" | "growing" | "undetermined";
  /** Per-step factor from the log-linear fit, or null. */
  rate: number | null;
  /** Steps to halve |v| at that rate (ln 2/−ln ρ), or null unless 0 < ρ < 1. */
  halfLife: number | null;
  /** Exponent of the power-law fit, or null. */
  exponent: number | null;
  r2: number;
  confidence: number;
}

/**
 * The seed's `estimate_convergence_speed`: the per-step factor and
 * half-life of a geometric decay, or the exponent of a power law,
 * whichever fits better.
 * @example
 * estimateConvergenceSpeed([8, 4, 2, 1, 0.5, 0.25, 0.125, 0.0625]).halfLife; // ≈ 1 step
 * @category Seed document
 */
export function estimateConvergenceSpeed(v: ArrayLike<number>, opts: DecayCheckOptions & { rateTol?: number } = {}): ConvergenceSpeed {
  argArray("estimateConvergenceSpeed", "v", v); argObject("estimateConvergenceSpeed", "opts", opts, true);
  const t = times(v.length, opts);
  const lin = fitLinearRate(t, v), pow = fitPowerLaw(t, v);
  const rateTol = opts.rateTol ?? 1e-3;
  if (lin.rate === null) return { label: "undetermined", rate: null, halfLife: null, exponent: pow.exponent, r2: 0, confidence: 0 };
  const halfLife = lin.rate > 0 && lin.rate < 1 ? Math.LN2 / -Math.log(lin.rate) : null;
  const base = { rate: lin.rate, halfLife, exponent: pow.exponent };
  if (Math.abs(lin.rate - 1) <= rateTol && Math.abs(pow.exponent ?? 0) <= rateTol * 10) {
    return { ...base, label: "stalled", r2: lin.r2, confidence: conf(false, 0, lin.n) };
  }
  if (lin.rate > 1 + rateTol && lin.r2 >= pow.r2) return { ...base, label: "growing", r2: lin.r2, confidence: lin.confidence };
  if (pow.exponent !== null && pow.exponent < 0 && pow.r2 > lin.r2) return { ...base, label: "power-law", r2: pow.r2, confidence: pow.confidence };
  if (lin.rate < 1) return { ...base, label: "exponential", r2: lin.r2, confidence: lin.confidence };
  return { ...base, label: "undetermined", r2: lin.r2, confidence: 0 };
}
