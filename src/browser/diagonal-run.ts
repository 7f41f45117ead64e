// The explorer worker's run of the diagonal linear network (diagonal.ts): the
// library's observeDataRun (runData's GD loop in the core, coordinates near M
// at checkpoints and every step of the last 64, the codimension-1 observer on
// the signed normal coordinate), exactly as `eoslab run --model diagonal`
// makes it, turned into the explorer's series and report. One call, not
// streamed: observeDataRun measures its own checkpoints.
import type { Engine } from "../engine.js";
import { observeDataRun } from "../data/observe.js";
import { seriesFrom } from "../series/run-series.js";
import { CRITICAL_EXPONENTS } from "../theory/predicted-rates.js";
import { diagonalData, diagonalFlattest } from "./diagonal.js";
import type { Comparison, RunReport, SeriesChunk } from "./protocol.js";

const fmt = (x: number): string => String(Number(x.toPrecision(6)));

/** One diagonal run: the series the plots draw (θ⊥ signed) and the report (labels as the CLI's `regime`). */
export function diagonalRun(eta: number, theta0: readonly number[], steps: number, engine: Engine): { series: SeriesChunk; report: Omit<RunReport, "elapsedMs" | "runMs" | "backend"> } {
  const { spec, data } = diagonalData();
  const flat = diagonalFlattest();
  const obs = observeDataRun(spec, data, { eta, steps, theta0: Float64Array.from(theta0), flattest: flat, engine });
  // The preset always fits exactly (diagonalFlattest checks it), so observeDataRun returns the run near M.
  if (obs.kind !== "exact") throw new Error("internal: the diagonal preset has no exact fit");
  const s = obs.signedSeries;
  const series = seriesFrom((k) => Float64Array.from(s[k]));
  const o = obs.observation;
  const p = obs.prediction;
  const lambdaStar = obs.lambdaStar;
  const critical = p.regime === "critical";
  const showPower = critical || o.label === "critical";
  const comparison: Comparison = {
    regime: { predicted: p.regime, observed: o.label, predictedReason: p.reason, observedReason: o.labelReason },
    crossoverSteps: p.crossoverSteps,
    // docs/design.md §2's claims by analogy (several outputs: no theorem): the same words as for the codimension-1 models.
    tau: { predicted: p.regime === "subcritical" ? "finite" : p.regime === "stable" ? "0 (starts below the edge)" : "never", observed: o.tau },
    // No theorem gives a rate or an orbit for several outputs: only the regime is predicted (as the CLI's fit.predicted).
    rate: { predicted: null, observed: o.linear?.fit.rate ?? null, quantity: o.linear?.quantity ?? null },
    exponentThetaPerp: { predicted: critical ? CRITICAL_EXPONENTS.thetaPerp : null, observed: showPower ? (o.powerLaw?.thetaPerp.exponent ?? null) : null },
    exponentLoss: { predicted: critical ? CRITICAL_EXPONENTS.loss : null, observed: showPower ? (o.powerLaw?.loss.exponent ?? null) : null },
    orbit: { predicted: null, observed: o.orbit, stable: null, spectralRadius: null },
    lambdaEnd: {
      predicted: p.regime === "subcritical" ? `in (λ*, 2/η) = (${fmt(lambdaStar)}, ${fmt(2 / eta)})` : p.regime === "stable" ? `< 2/η = ${fmt(2 / eta)}` : `→ λ* = ${fmt(lambdaStar)}`,
      observed: Number.isFinite(obs.lambdaParFinal) ? obs.lambdaParFinal : null,
    },
  };
  const c = flat.certificate;
  const notes = [
    "Several outputs: the paper proves nothing here. λ* is empirical (the library's flattest-minimum search), the predicted regime is the docs/design.md §2 conditions by analogy, and every other number is measured.",
  ];
  if (c) notes.push(`λ* certificate (convex duality, independent of the search): λ* ∈ [${fmt(c.lower)}, ${fmt(c.upper)}].`);
  const f = obs.final;
  return {
    series,
    report: {
      model: obs.model,
      eta,
      etaCritical: obs.etaCritical,
      lambdaStar,
      thetaStar: Array.from(obs.thetaStar),
      stepsRun: obs.summary.stepsRun,
      firstNonFiniteStep: obs.summary.firstNonFiniteStep,
      final: { step: f.step, loss: f.loss, thetaPerp: f.thetaPerp, distPar: f.distPar, lambdaPar: f.lambdaPar, lambdaAt: f.lambdaAt, theta: Array.from(obs.run.theta) },
      comparison,
      prediction: p,
      observation: o,
      notes,
      empirical: { lambdaStarSource: "empirical", certificate: c ? { lower: c.lower, upper: c.upper, relativeGap: c.relativeGap } : null, topSimple: flat.topSimple },
    },
  };
}
