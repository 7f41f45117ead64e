// The "fit.observed" object of `eoslab run --json`: what the observer measured, in one shape for deep scalar runs
// and for data runs (several outputs), so scripts read both the same way.
import type { Observation } from "../../observe/observe-run.js";

/**
 * @param predictedCritical power-law exponents are reported for a run labelled critical or predicted critical; otherwise null
 * @param firstNonFiniteStep the run's first non-finite step, or null
 */
export function observedFitJson(o: Observation, predictedCritical: boolean, firstNonFiniteStep: number | null): Record<string, unknown> {
  const kind = o.label === "divergent" ? "divergence" : o.label === "critical" ? "power" : o.linear ? "linear" : o.period.period !== null ? "period" : null;
  const pl = o.powerLaw && (o.label === "critical" || predictedCritical) ? o.powerLaw : null;
  return {
    kind, rate: o.linear?.fit.rate ?? null, rateQuantity: o.linear?.quantity ?? null, rateWindow: o.linear?.window ?? null, rateR2: o.linear?.fit.r2 ?? null,
    exponent: pl?.thetaPerp.exponent ?? null, exponentWindow: pl?.window ?? null,
    exponents: pl ? { thetaPerp: pl.thetaPerp.exponent, distPar: pl.distPar.exponent, loss: pl.loss.exponent, lambdaGap: pl.lambdaGap.exponent } : null,
    levelOff: pl?.levelOff ?? null,
    orbit: o.orbit, period: o.period.period,
    divergence: o.divergence.diverged ? { index: o.divergence.index, reason: o.divergence.reason, firstNonFiniteStep } : null,
  };
}
