import { InvalidArgumentError } from "../errors.js";
import { analyzeConvergence, type ConvergenceAnalysis } from "../fits/analyze-convergence.js";
import { checkPowerLawDecay, estimateConvergenceSpeed, type ConvergenceSpeed } from "./decay-checks.js";
import type { Regime } from "../theory/regime.js";
import { argArray, argObject } from "../check-args.js";

/**
 * The regime a run appears to be in, judged from its recent losses alone.
 * Mostly the one vocabulary (Regime, docs/design.md §2), plus two verdicts
 * only a loss series gives, kept under their own names because they mean
 * something the shared labels do not:
 * - "plateau": the loss settles at a nonzero constant. From losses alone this
 *   may be a marginal quadratic mode at η = 2/λmax (docs/design.md §5), a
 *   saddle, or a period-2 orbit whose two points have equal loss; "saddle"
 *   would claim more than the losses show.
 * - "undetermined": the losses fit no pattern (or there are too few of them),
 *   which says nothing about whether more steps would help; "not-converged"
 *   would.
 * @category Seed document
 */
export type DiagnosedRegime =
  | Extract<Regime, "subcritical" | "critical" | "supercritical" | `period-${number}` | "divergent">
  | "plateau" | "undetermined";

/**
 * What {@link diagnoseConvergence} returns: the diagnosed regime, its evidence and the underlying fits.
 *
 * @category Seed document
 */
export interface ConvergenceDiagnosis {
  regime: DiagnosedRegime;
  /** Per-step factor of the recent losses (log-linear fit), or null. */
  rate: number | null;
  /** Exponent of the recent losses when they decay as a power law, or null. */
  exponent: number | null;
  /** Goodness of the fit behind the verdict, in [0, 1]. */
  r2: number;
  /** One line on what was seen. */
  evidence: string;
  /** Speed of the recent losses (rate, half-life or exponent). */
  convergenceSpeed: ConvergenceSpeed;
  /** The outcome of the recent losses. */
  loss: ConvergenceAnalysis;
  /** The outcome of the recent gradient norms, when given. */
  gradNorm: ConvergenceAnalysis | null;
  /** Whether the gradient norms tell the same story (null when not given). */
  gradNormAgrees: boolean | null;
  /** The orbit's limits when the losses settle on a period-k orbit, else empty. */
  orbit: number[];
  /** The seed's statistic std(diff(recent[::2])) (population std), null when undefined. Shown, not used. */
  seedOscillationStatistic: number | null;
  confidence: number;
}

/**
 * The seed's `diagnose_convergence(losses, grad_norms)`, made robust (DESIGN
 * §4). On the last `window` losses (default 100, as the seed; when the
 * losses fell by 10¹² to a rounding floor, the last `window` before it):
 * - non-finite, past the bound or growing: divergent;
 * - loss → 0 as a power law (better than geometric): critical (theorem 5.2
 *   predicts loss ∝ 1/t); geometrically: subcritical;
 * - loss → a period-2 orbit with distinct values, judged on the even and
 *   odd steps separately so a slow approach counts: supercritical
 *   (theorem 5.3); period k > 2: `period-${k}`; a nonzero constant: plateau
 *   (a marginal quadratic mode, or an orbit whose two points have equal loss).
 * The gradient norms, when given, are analysed the same way: they should go
 * to 0 in the first two cases and not in the others; disagreement halves the
 * confidence. The seed's absolute threshold (std > 0.01) is not used: it
 * depends on the loss's units.
 * @example
 * const dx = diagnoseConvergence(losses);
 * dx.regime; dx.evidence; // e.g. "subcritical", and why
 * @category Seed document
 */
export function diagnoseConvergence(
  losses: ArrayLike<number>,
  gradNorms?: ArrayLike<number> | null,
  opts: { window?: number; t0?: number; bound?: number } = {},
): ConvergenceDiagnosis {
  argArray("diagnoseConvergence", "losses", losses); argObject("diagnoseConvergence", "opts", opts, true);
  const w = opts.window ?? 100;
  if (!Number.isInteger(w) || w < 1) throw new InvalidArgumentError(`window must be an integer ≥ 1, got ${w}`);
  const t0 = opts.t0 ?? 1;
  // A run that reached the rounding floor is read on the window just before
  // it: the floor itself is noise and says nothing about the regime.
  const n = floorIndex(losses) + 1, a = Math.max(0, n - w);
  // Steps counted from t0 (default 1), so power laws in t are measured from the start of the run.
  const recent = Array.from({ length: n - a }, (_, i) => losses[a + i]);
  const t = recent.map((_, i) => t0 + a + i);
  const loss = analyzeConvergence(recent, { t, bound: opts.bound });
  const convergenceSpeed = estimateConvergenceSpeed(recent.filter(Number.isFinite), { t: t.filter((_, i) => Number.isFinite(recent[i])) });
  const seedOscillationStatistic = seedStatistic(recent);

  let powExponent: number | null = null, powR2 = 0;
  let regime: DiagnosedRegime = "undetermined", evidence = loss.reason, orbit: number[] = [], confidence = loss.confidence;
  if (loss.label === "diverged") {
    regime = "divergent";
  } else if (loss.label === "converged") {
    const pow = checkPowerLawDecay(recent, { t });
    regime = pow.holds ? "critical" : "subcritical";
    if (pow.holds) {
      evidence = `loss decays like t^${pow.exponent!.toPrecision(3)}`;
      confidence = pow.confidence;
      powExponent = pow.exponent;
      powR2 = pow.r2;
    }
  } else if (loss.label === "oscillating") {
    orbit = loss.limits;
    regime = loss.limits.length === 2 ? "supercritical" : `period-${loss.limits.length}`;
  } else if (loss.label === "plateau") {
    orbit = loss.limits;
    regime = "plateau";
  }
  if (regime === "undetermined" || regime === "plateau") {
    // A slow approach to a period-2 orbit: each parity settles on its own limit.
    const even = recent.filter((_, i) => i % 2 === 0), odd = recent.filter((_, i) => i % 2 === 1);
    const te = t.filter((_, i) => i % 2 === 0), to = t.filter((_, i) => i % 2 === 1);
    const ae = analyzeConvergence(even, { t: te }), ao = analyzeConvergence(odd, { t: to });
    if (ae.label === "plateau" && ao.label === "plateau") {
      const le = ae.limits[0], lo = ao.limits[0];
      if (Math.abs(le - lo) > 1e-6 * Math.max(Math.abs(le), Math.abs(lo))) {
        // Limits in the order the orbit visits them from the first recent step.
        orbit = [le, lo];
        regime = "supercritical";
        evidence = `even and odd steps settle on ${le.toPrecision(6)} and ${lo.toPrecision(6)} (period-2 orbit)`;
        confidence = Math.min(ae.confidence, ao.confidence);
      }
    }
  }

  let gradNorm: ConvergenceAnalysis | null = null, gradNormAgrees: boolean | null = null;
  if (gradNorms != null) {
    const m = Math.min(gradNorms.length, n), b = Math.max(0, m - w);
    const g = Array.from({ length: m - b }, (_, i) => gradNorms[b + i]);
    gradNorm = analyzeConvergence(g, { t: g.map((_, i) => t0 + b + i), bound: opts.bound });
    const toZero = regime === "subcritical" || regime === "critical";
    gradNormAgrees = regime === "divergent" ? gradNorm.label === "diverged"
      : toZero ? gradNorm.label === "converged"
      : regime === "undetermined" ? null
      : gradNorm.label === "plateau" || gradNorm.label === "oscillating" || gradNorm.label === "undetermined";
    if (gradNormAgrees === false) confidence /= 2;
  }
  const exponent = regime === "critical" ? powExponent : loss.exponent;
  const r2 = regime === "critical" ? powR2 : loss.r2;
  return { regime, rate: loss.rate, exponent, r2, evidence, convergenceSpeed, loss, gradNorm, gradNormAgrees, orbit, seedOscillationStatistic, confidence };
}

/** Last index to read: the first one within 10³ of the smallest |loss| if the losses dropped by 10¹², else the last. */
function floorIndex(v: ArrayLike<number>): number {
  let maxAbs = 0, minAbs = Infinity;
  for (let i = 0; i < v.length; i++) {
    const x = Math.abs(v[i]);
    if (!Number.isFinite(x)) return v.length - 1;
    maxAbs = Math.max(maxAbs, x);
    if (x > 0) minAbs = Math.min(minAbs, x);
  }
  // Only a loss that FELL to its floor and stays there: a loss growing from 1 past 10¹² must be read whole (divergence wins).
  if (v.length === 0 || !(minAbs <= 1e-12 * maxAbs) || Math.abs(v[v.length - 1]) > 1e3 * minAbs) return v.length - 1;
  let i = 0;
  while (i < v.length - 1 && Math.abs(v[i]) > 1e3 * minAbs) i++;
  return i;
}

function seedStatistic(recent: number[]): number | null {
  const even = recent.filter((_, i) => i % 2 === 0);
  if (even.length < 2) return null;
  const d = even.slice(1).map((x, i) => x - even[i]);
  const mean = d.reduce((s, x) => s + x, 0) / d.length;
  const sd = Math.sqrt(d.reduce((s, x) => s + (x - mean) ** 2, 0) / d.length);
  return Number.isFinite(sd) ? sd : null;
}
