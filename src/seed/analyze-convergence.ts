import { InvalidArgumentError } from "../errors.js";
import { detectDivergence } from "../fits/divergence.js";
import { fitLinearRate } from "../fits/linear-fit.js";
import { detectPeriod } from "../fits/period.js";
import { fitPowerLaw } from "../fits/power-law-fit.js";

/** What a series does, read off its values. */
export type ConvergenceOutcome = "converged" | "plateau" | "oscillating" | "diverged" | "undetermined";

export interface ConvergenceAnalysis {
  /**
   * converged: → 0 (geometric or power-law, or dropped by `dropTol`);
   * plateau: → a nonzero constant; oscillating: → a period-k orbit, k ≥ 2;
   * diverged: non-finite, past the bound, or growing geometrically;
   * undetermined: none of these fits.
   */
  label: ConvergenceOutcome;
  /** Per-step factor of |v| from a log-linear fit on `window` (1 for a plateau), or null. */
  rate: number | null;
  /** Exponent when the decay is a power law rather than geometric, else null. */
  exponent: number | null;
  /** The t range the rate or exponent was fitted on, or null. */
  window: { from: number; to: number } | null;
  /** Goodness of that fit, in [0, 1]. */
  r2: number;
  confidence: number;
  /** For plateau/oscillating: the limit(s), from the period fit or Aitken extrapolation. */
  limits: number[];
  /** For diverged: the t of the first non-finite or out-of-bound value (null if only growing). */
  divergedAt: number | null;
  divergenceReason: "non-finite" | "bound" | "growth" | null;
  /** The last finite value, or null. */
  finalValue: number | null;
  /** One line on why this label. */
  reason: string;
}

export interface AnalyzeOptions {
  /** The t of each value (default 0, 1, 2, …). */
  t?: ArrayLike<number>;
  /** Divergence bound on |v| (default 1e100). */
  bound?: number;
  /** A drop of |v| below dropTol·max|v| counts as convergence to 0 (default 1e-12). */
  dropTol?: number;
  /** Relative tolerance of the period test on the tail (default 1e-6). */
  relTol?: number;
  /** |rate − 1| below this is neither decay nor growth (default 1e-3). */
  rateTol?: number;
}

/**
 * Reads the outcome of a series that should go to zero, typically a loss
 * (the seed's `analyze_convergence`, made robust; DESIGN §4). In order:
 * 1. a non-finite value or |v| > bound: diverged, rate fitted on the
 *    second half of the finite part before it;
 * 2. a drop below dropTol·max|v|: converged, rate fitted on the second half
 *    of the stretch before |v| reaches 10³·min|v| (so the rounding floor
 *    is left out);
 * 3. a tail with period k (detectPeriod): plateau (k = 1, nonzero) or
 *    oscillating (k ≥ 2);
 * 4. on the second half: geometric growth: diverged; geometric decay whose
 *    Aitken limit is ≈ 0: converged; decay to a nonzero Aitken limit:
 *    plateau; a power law that fits better than a geometric decay: converged.
 * Otherwise undetermined. Empty and one-point series are undetermined with
 * confidence 0.
 */
export function analyzeConvergence(v: ArrayLike<number>, opts: AnalyzeOptions = {}): ConvergenceAnalysis {
  const n = v.length;
  const t = opts.t ?? Float64Array.from({ length: n }, (_, i) => i);
  if (t.length !== n) throw new InvalidArgumentError(`t has ${t.length} values but the series has ${n}; pass one t per value`);
  const dropTol = opts.dropTol ?? 1e-12, relTol = opts.relTol ?? 1e-6, rateTol = opts.rateTol ?? 1e-3;
  const base = {
    rate: null, exponent: null, window: null, r2: 0, confidence: 0, limits: [], divergedAt: null,
    divergenceReason: null, finalValue: null,
  } satisfies Omit<ConvergenceAnalysis, "label" | "reason">;
  const fitOn = (lo: number, hi: number) => {
    // Second half of indices [lo, hi], at least two points when possible.
    const a = Math.max(lo, Math.min(hi - 1, lo + Math.floor((hi - lo) / 2)));
    const window = { from: t[a], to: t[hi] };
    return { window, fit: fitLinearRate(t, v, window) };
  };

  const div = detectDivergence(v, { bound: opts.bound });
  let lastFinite = -1;
  for (let i = (div.index ?? n) - 1; i >= 0; i--) if (Number.isFinite(v[i])) { lastFinite = i; break; }
  const finalValue = lastFinite >= 0 ? v[lastFinite] : null;
  if (div.diverged) {
    const at = div.index!;
    const { window, fit } = at >= 2 ? fitOn(0, at - 1) : { window: null, fit: null };
    return {
      ...base, label: "diverged", rate: fit?.rate ?? null, window: fit?.rate != null ? window : null, r2: fit?.r2 ?? 0,
      confidence: 1, divergedAt: t[at], divergenceReason: div.reason, finalValue,
      reason: div.reason === "non-finite" ? `non-finite value at t = ${t[at]}` : `|value| exceeded the bound at t = ${t[at]}`,
    };
  }
  if (n < 2) return { ...base, label: "undetermined", finalValue, reason: n === 0 ? "empty series" : "a single value" };

  let maxAbs = 0, minAbs = Infinity;
  for (let i = 0; i < n; i++) {
    const a = Math.abs(v[i]);
    maxAbs = Math.max(maxAbs, a);
    if (a > 0) minAbs = Math.min(minAbs, a);
  }
  if (maxAbs === 0) return { ...base, label: "converged", rate: 0, confidence: 1, finalValue, limits: [0], reason: "all values are 0" };
  const lastAbs = Math.abs(v[n - 1]);
  if (lastAbs <= dropTol * maxAbs) {
    let end = 0;
    while (end < n - 1 && Math.abs(v[end]) > 1e3 * minAbs) end++;
    const { window, fit } = fitOn(0, Math.max(end, 1));
    return {
      ...base, label: "converged", rate: fit.rate, window: fit.rate !== null ? window : null, r2: fit.r2,
      confidence: Math.max(fit.confidence, 0.9), limits: [0], finalValue,
      reason: `dropped by ${(maxAbs / Math.max(lastAbs, Number.MIN_VALUE)).toExponential(1)}× from its largest value`,
    };
  }

  const period = detectPeriod(v, { relTol });
  const half = fitOn(0, n - 1);
  if (period.period !== null) {
    const label = period.period === 1 ? "plateau" : "oscillating";
    return {
      ...base, label, rate: half.fit.rate, window: half.fit.rate !== null ? half.window : null, r2: half.fit.r2,
      confidence: period.confidence, limits: period.limits, finalValue,
      reason: period.period === 1 ? `the tail is constant to ${relTol} relative` : `the tail repeats with period ${period.period}`,
    };
  }

  const { fit } = half;
  if (fit.rate !== null && fit.rate > 1 + rateTol && fit.confidence >= 0.5) {
    return {
      ...base, label: "diverged", rate: fit.rate, window: half.window, r2: fit.r2, confidence: fit.confidence,
      divergenceReason: "growth", finalValue, reason: `grows geometrically by ${fit.rate.toPrecision(4)} per step (bound not reached yet)`,
    };
  }
  // Aitken's Δ² limit from the geometric rate of the differences.
  const dt: number[] = [], dv: number[] = [];
  for (let i = Math.floor(n / 2); i + 1 < n; i++) { dt.push(t[i + 1]); dv.push(v[i + 1] - v[i]); }
  const dfit = fitLinearRate(dt, dv);
  if (fit.rate !== null && dfit.rate !== null && dfit.rate < 1 - rateTol && dfit.confidence >= 0.5) {
    const step = n >= 2 ? t[n - 1] - t[n - 2] : 1;
    const q = dfit.rate ** step;
    const limit = v[n - 1] + (v[n - 1] - v[n - 2]) * q / (1 - q);
    if (Math.abs(limit) <= 1e-3 * lastAbs || Math.abs(limit) <= dropTol * maxAbs) {
      return {
        ...base, label: "converged", rate: fit.rate, window: half.window, r2: fit.r2, confidence: fit.confidence, limits: [0], finalValue,
        reason: `decays geometrically by ${fit.rate.toPrecision(4)} per step towards 0`,
      };
    }
    return {
      ...base, label: "plateau", rate: dfit.rate, window: { from: dt[0], to: dt[dt.length - 1] }, r2: dfit.r2, confidence: dfit.confidence,
      limits: [limit], finalValue, reason: `approaches ${limit.toPrecision(6)} geometrically (Aitken limit), not 0`,
    };
  }
  const pow = fitPowerLaw(t, v, half.window);
  if (pow.exponent !== null && pow.exponent < 0 && pow.r2 > fit.r2 && pow.confidence >= 0.5) {
    return {
      ...base, label: "converged", exponent: pow.exponent, window: half.window, r2: pow.r2, confidence: pow.confidence, limits: [0], finalValue,
      reason: `decays like t^${pow.exponent.toPrecision(3)}`,
    };
  }
  return {
    ...base, label: "undetermined", rate: fit.rate, window: fit.rate !== null ? half.window : null, r2: fit.r2, confidence: 0, finalValue,
    reason: "neither geometric, power-law, periodic nor divergent on the second half",
  };
}
