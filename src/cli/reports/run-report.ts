// One analysed deep scalar run as the CLI shows it: the JSON object of `eoslab run --json` (also each run of
// `eoslab paper --json`) and the readable summary.
import { fmtNum } from "../../experiments/paper-table.js";
import { seriesFrom } from "../../series/run-series.js";
import type { RunAnalysis } from "../../codim1/analyse-run.js";
import { observedFitJson } from "./observed-fit-json.js";

/** The JSON object of `eoslab run --json` on deep scalar factorisation (one per run in `eoslab paper --json`): every prediction and measurement; fields that do not apply are null. */
export function runJson(a: RunAnalysis, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const o = a.observation, pr = a.prediction;
  const predictedOrbit = pr.orbit?.thetaPerp ? [...pr.orbit.thetaPerp].sort((u, v) => v - u) : null;
  return {
    ...extra,
    model: a.model, eta: a.eta, etaCritical: pr.regime.etaCritical, lambdaStar: pr.regime.lambdaStar, lambdaStarSource: pr.regime.lambdaStarSource,
    steps: a.steps, theta0: a.theta0, thetaStar: a.thetaStar,
    start: { thetaPerp: a.start.thetaPerp, lambdaPar: a.start.lambdaPar, etaLambdaPar: a.eta * a.start.lambdaPar },
    regime: {
      predicted: pr.regime.regime, observed: o.label, predictedReason: pr.regime.reason, observedReason: o.labelReason,
      criticalTolerance: pr.regime.criticalTolerance, crossoverSteps: pr.regime.crossoverSteps,
    },
    tau: o.tau,
    final: { step: a.final.step, loss: a.final.loss, lambdaPar: a.final.lambdaPar, lambdaAt: a.final.lambdaAt, distPar: a.final.distPar, thetaPerp: a.final.thetaPerp, theta: Array.from(a.final.theta) },
    fit: {
      observed: observedFitJson(o, pr.regime.regime === "critical", a.summary.firstNonFiniteStep),
      predicted: {
        rate: pr.rate, rateSource: pr.rateSource, lambdaParInfinity: pr.lambdaParInfinity,
        exponent: pr.exponents?.thetaPerp ?? null, exponents: pr.exponents,
        orbit: predictedOrbit, orbitStable: pr.orbitStable, floquetSpectralRadius: pr.orbit?.floquet?.spectralRadius ?? null, orbitNote: pr.orbit && !pr.orbit.found ? pr.orbit.reason : null,
      },
    },
    checks: a.checks,
    series: seriesFrom((k) => a.series[k]), // the six columns, without θ_t and θ∥_t
  };
}

/** The readable summary of one analysed run. */
export function formatRun(a: RunAnalysis): string {
  const pr = a.prediction, o = a.observation;
  const lines = [
    `${a.model}: η = ${a.eta} (η_c = 2/λ* = ${fmtNum(pr.regime.etaCritical, 10)}, λ* = ${fmtNum(pr.regime.lambdaStar, 10)}, ${pr.regime.lambdaStarSource}), ${a.steps} steps`,
    `θ₀ = (${a.theta0.map((x) => fmtNum(x, 8)).join(", ")}): θ⊥₀ = ${fmtNum(a.start.thetaPerp)}, ηλ(θ∥₀) = ${fmtNum(a.eta * a.start.lambdaPar)}`,
    `regime   predicted ${pr.regime.regime} (${pr.regime.reason}; crossover ≈ ${pr.regime.crossoverSteps === null ? "∞" : fmtNum(pr.regime.crossoverSteps, 3)} steps)`,
    `         observed  ${o.label} (${o.labelReason})`,
    `τ        ${o.tau ?? "-"}   (first recorded step with ηλ(θ∥) < 2)`,
    `final    step ${a.final.step}: loss ${fmtNum(a.final.loss)}, θ⊥ ${fmtNum(a.final.thetaPerp)}, distPar ${fmtNum(a.final.distPar)}, λ(θ∥) ${fmtNum(a.final.lambdaPar, 10)}, λ(θ) ${fmtNum(a.final.lambdaAt, 10)}`,
  ];
  if (pr.rate !== null || o.linear) lines.push(`rate     predicted ${fmtNum(pr.rate, 10)}, measured ${fmtNum(o.linear?.fit.rate ?? null, 10)}${o.linear ? ` (${o.linear.quantity}, steps ${o.linear.window.join("–")})` : ""}`);
  if (o.powerLaw && (o.label === "critical" || pr.regime.regime === "critical")) {
    const pl = o.powerLaw;
    lines.push(`powers   on steps ${pl.window.map((x) => fmtNum(x, 3)).join("–")}: |θ⊥| ${fmtNum(pl.thetaPerp.exponent, 4)}, distPar ${fmtNum(pl.distPar.exponent, 4)}, loss ${fmtNum(pl.loss.exponent, 4)}, λ(θ∥) − λ* ${fmtNum(pl.lambdaGap.exponent, 4)}${pr.exponents ? "  (predicted −0.5, −0.5, −1, −1)" : ""}`);
  }
  if (pr.orbit?.found) lines.push(`orbit    predicted θ⊥ ${pr.orbit.thetaPerp!.map((x) => fmtNum(x, 10)).join(", ")}, Floquet ρ(J) = ${fmtNum(pr.orbit.floquet!.spectralRadius, 10)}`);
  if (o.orbit) lines.push(`         measured  θ⊥ ${o.orbit.map((x) => fmtNum(x, 10)).join(", ")}`);
  lines.push("checks   " + (a.checks.map((c) => `${c.name}: ${c.pass === null ? "n/a" : c.pass ? "ok" : "FAIL"}`).join("; ") || "-"));
  return lines.join("\n");
}
