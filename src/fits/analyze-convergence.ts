import { InvalidArgumentError } from "../errors.js";
import { detectDivergence, detectGrowth, GROWTH_FACTOR, GROWTH_RECORDS, GROWTH_STEADY_FACTOR, GROWTH_STEADY_RECORDS, GROWTH_TOTAL } from "./divergence.js";
import { fitLinearRate } from "./linear-fit.js";
import { detectPeriod } from "./period.js";
import { fitPowerLaw } from "./power-law-fit.js";

/**
 * What a series does, read off its values.
 * @category Series & fits
 */
export type ConvergenceOutcome = "converged" | "plateau" | "oscillating" | "diverged" | "undetermined";

/**
 * What {@link analyzeConvergence} returns: the label, the fitted rate or exponent and why.
 *
 * @category Series & fits
 */
export interface ConvergenceAnalysis {
  /**
   * converged: → 0 (geometric or power-law, or dropped by `dropTol`);
   * plateau: → a nonzero constant; oscillating: → a period-k orbit, k ≥ 2;
   * diverged: non-finite, past the bound, or certainly growing (detectGrowth);
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
  /**
   * For plateau/oscillating: the limit(s), from the period fit (in the order they occur from the first tail
   * element), from the even/odd split ([even indices, odd indices]) or from extrapolation.
   */
  limits: number[];
  /** For diverged: the t of the first non-finite or out-of-bound value, or where growth became certain (detectGrowth); null when only the fit shows growth. */
  divergedAt: number | null;
  divergenceReason: "non-finite" | "bound" | "growth" | null;
  /** The last finite value, or null. */
  finalValue: number | null;
  /** One line on why this label. */
  reason: string;
}

/**
 * Options of {@link analyzeConvergence}.
 *
 * @category Series & fits
 */
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
  /** Internal: nesting depth of the even/odd split. */
  depth?: number;
}

const range = (a: number, b: number, step: number) => Array.from({ length: Math.max(0, Math.ceil((b - a) / step)) }, (_, i) => a + i * step);

/**
 * Reads the outcome of a series that should go to zero, typically a loss
 * (the seed's `analyze_convergence`, made robust; docs/design.md §3). In order:
 * 1. a non-finite value, |v| > bound, or certain growth (detectGrowth, the
 *    rule every labeller shares): diverged, rate fitted on the second half
 *    of the finite part before it;
 * 2. a drop below dropTol·max|v|: converged, rate fitted on the last third
 *    of the stretch before |v| reaches 10⁶·min|v| (late enough for the
 *    slowest mode to dominate, early enough to leave the rounding floor out);
 * 3. a tail with period k (detectPeriod): plateau (k = 1, nonzero) or
 *    oscillating (k ≥ 2);
 * 4. on the second half: geometric growth short of the rule in 1: undetermined; otherwise extrapolate
 *    the limit from the differences Δ_t (Aitken's Δ² when Δ is geometric;
 *    the tail sum t·Δ_t/(−b−1) when Δ ∝ t^b, b < −1): a limit ≈ 0 is
 *    converged (geometric rate, or power-law exponent), a nonzero one is a
 *    plateau.
 * Otherwise undetermined. Empty and one-point series are undetermined with
 * confidence 0.
 * @example
 * const a = analyzeConvergence(Array.from({ length: 40 }, (_, t) => 0.5 ** t));
 * a.label; a.rate; // "converged", 0.5
 * @category Series & fits
 */
export function analyzeConvergence(v: ArrayLike<number>, opts: AnalyzeOptions = {}): ConvergenceAnalysis {
  if (v === null || typeof v !== "object" || typeof v.length !== "number") throw new InvalidArgumentError("analyzeConvergence needs an array of numbers");
  if (opts === null || typeof opts !== "object") throw new InvalidArgumentError("analyzeConvergence options must be an object { t?, bound?, dropTol?, relTol?, rateTol? }");
  for (const k of ["bound", "dropTol", "relTol", "rateTol"] as const) {
    const x = opts[k];
    // bound = Infinity is allowed: it turns the bound test off.
    if (x !== undefined && (typeof x !== "number" || Number.isNaN(x) || x < 0 || (k !== "bound" && x === Infinity))) throw new InvalidArgumentError(`${k} must be a number ≥ 0${k === "bound" ? "" : " (finite)"}, got ${String(x)}`);
  }
  const n = v.length;
  const t = opts.t ?? Float64Array.from({ length: n }, (_, i) => i);
  if (t === null || typeof t !== "object" || typeof t.length !== "number") throw new InvalidArgumentError("t must be an array of numbers, one per value");
  if (t.length !== n) throw new InvalidArgumentError(`t has ${t.length} values but the series has ${n}; pass one t per value`);
  const dropTol = opts.dropTol ?? 1e-12, relTol = opts.relTol ?? 1e-6, rateTol = opts.rateTol ?? 1e-3;
  const base = {
    rate: null, exponent: null, window: null, r2: 0, confidence: 0, limits: [], divergedAt: null,
    divergenceReason: null, finalValue: null,
  } satisfies Omit<ConvergenceAnalysis, "label" | "reason">;
  const fitOn = (lo: number, hi: number, keep = 0.5) => {
    // The last `keep` of indices [lo, hi], at least two points when possible.
    const a = Math.max(lo, Math.min(hi - 1, lo + Math.floor((hi - lo) * (1 - keep))));
    const window = { from: t[a], to: t[hi] };
    return { window, fit: fitLinearRate(t, v, window) };
  };

  // Divergence wins over every other label as soon as growth is certain (detectGrowth; docs/design.md §2).
  const div = detectGrowth(v, { t, bound: opts.bound });
  const hard = div.reason === "growth" ? detectDivergence(v, { bound: opts.bound }) : div;
  let lastFinite = -1;
  for (let i = (hard.index ?? n) - 1; i >= 0; i--) if (Number.isFinite(v[i])) { lastFinite = i; break; }
  const finalValue = lastFinite >= 0 ? v[lastFinite] : null;
  if (div.diverged) {
    const at = div.index!;
    // Certain growth: the rate is still read on the whole finite stretch (up to a non-finite value or the bound).
    const end = div.reason === "growth" ? (hard.diverged ? hard.index! : n) - 1 : at - 1;
    const { window, fit } = end >= 1 ? fitOn(0, end) : { window: null, fit: null };
    return {
      ...base, label: "diverged", rate: fit?.rate ?? null, window: fit?.rate != null ? window : null, r2: fit?.r2 ?? 0,
      confidence: 1, divergedAt: t[at], divergenceReason: div.reason, finalValue,
      reason: div.reason === "non-finite" ? `non-finite value at t = ${t[at]}`
        : div.reason === "growth" ? `certain growth at t = ${t[at]}: ≥ ${GROWTH_FACTOR}× per step over ${GROWTH_RECORDS} records (or ≥ ${GROWTH_STEADY_FACTOR}× over ${GROWTH_STEADY_RECORDS}), past ${GROWTH_TOTAL.toExponential(0)}·max(1, |v₀|)`
        : `|value| exceeded the bound at t = ${t[at]}`,
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
    while (end < n - 1 && Math.abs(v[end]) > 1e6 * minAbs) end++;
    const { window, fit } = fitOn(0, Math.max(end, 1), 1 / 3);
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
    // Growing, but not by detectGrowth's rule (checked above): "diverged" is kept for certain growth, the one rule
    // every labeller shares (docs/design.md §2), so that no label disagrees with another reading of the same run.
    return {
      ...base, label: "undetermined", rate: fit.rate, window: half.window, r2: fit.r2, confidence: 0, finalValue,
      reason: `grows geometrically by ${fit.rate.toPrecision(4)} per step, but divergence is not yet certain (needs ≥ ${GROWTH_FACTOR}× per step over ${GROWTH_RECORDS} records, or ≥ ${GROWTH_STEADY_FACTOR}× over ${GROWTH_STEADY_RECORDS}, past ${GROWTH_TOTAL.toExponential(0)}·max(1, |v₀|))`,
    };
  }
  // Alternating differences (a period-2 modulation, as at the critical step):
  // read the even and odd steps separately.
  let flips = 0;
  for (let i = Math.floor(n / 2) + 1; i + 1 < n; i++) if ((v[i + 1] - v[i]) * (v[i] - v[i - 1]) < 0) flips++;
  const pairs = n - 1 - (Math.floor(n / 2) + 1);
  if ((opts.depth ?? 0) < 2 && n >= 8 && pairs > 0 && flips >= 0.9 * pairs) {
    const part = (r: number) => {
      const idx = range(r, n, 2);
      return analyzeConvergence(idx.map((i) => v[i]), { ...opts, t: idx.map((i) => t[i]), depth: (opts.depth ?? 0) + 1 });
    };
    const [e, o] = [part(0), part(1)];
    const confidence = Math.min(e.confidence, o.confidence);
    const parity = `on even and odd steps separately (alternating differences): ${e.label} and ${o.label}`;
    if (e.label === "converged" && o.label === "converged") {
      const slower = (e.rate ?? 0) >= (o.rate ?? 0) ? e : o;
      return { ...slower, label: "converged", confidence, finalValue, divergedAt: null, divergenceReason: null, reason: `converges to 0 ${parity}` };
    }
    if ((e.label === "plateau" || e.label === "oscillating") && (o.label === "plateau" || o.label === "oscillating")) {
      const limits = [...e.limits, ...o.limits];
      const scale = Math.max(...limits.map(Math.abs));
      const distinct = limits.some((l) => Math.abs(l - limits[0]) > relTol * scale);
      return {
        ...base, label: distinct ? "oscillating" : "plateau", rate: half.fit.rate, window: half.fit.rate !== null ? half.window : null,
        r2: half.fit.r2, confidence, limits: distinct ? limits : [limits[0]], finalValue, reason: parity,
      };
    }
  }
  // Where does it go? Extrapolate the differences Δ_t: geometric Δ gives
  // Aitken's Δ² limit, power-law Δ ∝ t^b (b < −1) sums to a tail ∝ t·Δ_t.
  const dt: number[] = [], dv: number[] = [];
  for (let i = Math.floor(n / 2); i + 1 < n; i++) { dt.push(t[i + 1]); dv.push(v[i + 1] - v[i]); }
  const dLin = fitLinearRate(dt, dv), dPow = fitPowerLaw(dt, dv);
  const h = t[n - 1] - t[n - 2], dLast = v[n - 1] - v[n - 2];
  let limit: number | null = null, shape: "geometric" | "power" | null = null;
  if (dLin.rate !== null && dLin.r2 >= dPow.r2 && dLin.rate < 1 - rateTol && dLin.confidence >= 0.5) {
    const q = dLin.rate ** h;
    limit = v[n - 1] + (dLast * q) / (1 - q);
    shape = "geometric";
  } else if (dPow.exponent !== null && dPow.r2 > dLin.r2 && dPow.exponent < -1 && dPow.confidence >= 0.5 && t[n - 1] > 0) {
    limit = v[n - 1] + (dLast * t[n - 1]) / (h * (-dPow.exponent - 1));
    shape = "power";
  }
  if (limit !== null && shape !== null) {
    // Extrapolation is rough: a limit under 10% of the last value counts as 0.
    const toZero = Math.abs(limit) <= 0.1 * lastAbs || Math.abs(limit) <= dropTol * maxAbs;
    if (toZero && shape === "geometric" && fit.rate !== null) {
      return {
        ...base, label: "converged", rate: fit.rate, window: half.window, r2: fit.r2, confidence: fit.confidence, limits: [0], finalValue,
        reason: `decays geometrically by ${fit.rate.toPrecision(4)} per step towards 0`,
      };
    }
    if (toZero) {
      const pow = fitPowerLaw(t, v, half.window);
      return {
        ...base, label: "converged", exponent: pow.exponent, window: half.window, r2: pow.r2, confidence: pow.confidence, limits: [0], finalValue,
        reason: `decays like a power law${pow.exponent === null ? "" : ` t^${pow.exponent.toPrecision(3)}`} towards 0`,
      };
    }
    const d = shape === "geometric" ? dLin : dPow;
    return {
      ...base, label: "plateau", rate: shape === "geometric" ? dLin.rate : null, exponent: shape === "power" ? dPow.exponent : null,
      window: { from: dt[0], to: dt[dt.length - 1] }, r2: d.r2, confidence: d.confidence, limits: [limit], finalValue,
      reason: `approaches ${limit.toPrecision(6)} (${shape} extrapolation of the differences), not 0`,
    };
  }
  return {
    ...base, label: "undetermined", rate: fit.rate, window: fit.rate !== null ? half.window : null, r2: fit.r2, confidence: 0, finalValue,
    reason: "neither geometric, power-law, periodic nor divergent on the second half",
  };
}
