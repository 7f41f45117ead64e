// One analysed deep scalar run as the CLI shows it: the JSON object of `eoslab run --json` (also each run of
// `eoslab paper --json`) and the readable summary.
import { fmtNum, TEXT_WIDTH, wrapText } from "../../experiments/paper-table.js";
import { PAPER_FIGURES } from "../../experiments/paper.js";
import { seriesFrom } from "../../series/run-series.js";
import type { RunAnalysis } from "../../codim1/analyse-run.js";
import { observedFitJson } from "./observed-fit-json.js";
import { gfsSharpness } from "../../theory/gfs-sharpness.js";
import { gfsMonotonicity } from "../../experiments/gfs.js";

/** λ_GFS of a deep scalar run: at θ₀, at the final state, and Kreisler et al.'s monotone-decrease check over its records. */
export interface GfsOfRun {
  start: number;
  final: number;
  /** Records with a finite λ_GFS (the check runs over these, in step order). */
  records: number;
  /** No recorded increase above a relative 1e-12 (rounding of λ_GFS at a converged state is ~1e-15). */
  monotone: boolean;
  increases: number;
  maxRelIncrease: number;
  firstIncreaseStep: number | null;
}

/**
 * λ_GFS (docs/design.md §3, "GFS sharpness") at θ₀ and at the final state of a deep scalar run, with the monotone check
 * over the series analyseRun recorded (RunAnalysis.gfsSharpness); null for other models, or when θ₀ or the final state
 * has no gradient-flow solution (a saddle, or a divergent run's overflowing state).
 */
export function gfsOfRun(a: RunAnalysis): GfsOfRun | null {
  const g = a.gfsSharpness;
  const m = /^deep-scalar\(p=(\d+),y=([^)]+)\)$/.exec(a.model);
  if (!g || !m) return null;
  const y = Number(m[2]);
  let start: number, final: number;
  try {
    start = gfsSharpness(a.theta0, y);
    final = gfsSharpness(a.final.theta, y);
  } catch {
    return null;
  }
  const step: number[] = [], val: number[] = [];
  g.forEach((v, i) => { if (Number.isFinite(v)) { step.push(a.series.step[i]); val.push(v); } });
  if (val.length === 0) return null;
  const v = gfsMonotonicity(step, val, a.eta);
  return { start, final, records: val.length, monotone: v.monotone, increases: v.increases, maxRelIncrease: v.maxRelIncrease, firstIncreaseStep: v.firstIncreaseStep };
}

/** The JSON object of `eoslab run --json` on deep scalar factorisation (one per run in `eoslab paper --json`): every prediction and measurement; fields that do not apply are null. */
export function runJson(a: RunAnalysis, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const o = a.observation, pr = a.prediction;
  const predictedOrbit = pr.orbit?.thetaPerp ? [...pr.orbit.thetaPerp].sort((u, v) => v - u) : null;
  const gfs = gfsOfRun(a);
  return {
    ...extra,
    model: a.model, eta: a.eta, etaCritical: pr.regime.etaCritical, lambdaStar: pr.regime.lambdaStar, lambdaStarSource: pr.regime.lambdaStarSource,
    steps: a.steps, theta0: a.theta0, thetaStar: a.thetaStar,
    start: { thetaPerp: a.start.thetaPerp, lambdaPar: a.start.lambdaPar, etaLambdaPar: a.eta * a.start.lambdaPar },
    // λ_GFS next to λ(θ∥): the sharpness of the minimum gradient flow would reach from θ₀ and from the final state.
    gfsSharpness: gfs,
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
        orbit: predictedOrbit, orbitStable: pr.orbitStable, floquetSpectralRadius: pr.orbit?.floquet?.spectralRadius ?? null, floquetTransverseRadius: pr.orbit?.floquet?.transverseRadius ?? null, floquetNeutralDimension: pr.orbit?.floquet?.neutralDimension ?? null, orbitNote: pr.orbit && !pr.orbit.found ? pr.orbit.reason : null,
      },
    },
    checks: a.checks,
    // The six columns (without θ_t and θ∥_t), and λ_GFS(θ_t) at the same records (null for other models).
    series: { ...seriesFrom((k) => a.series[k]), gfsSharpness: a.gfsSharpness },
  };
}

/**
 * η as the user gave it: the shortest digits that read back as the value of --eta (String gives exactly those), or,
 * for --eta-frac f, f·η_c to 15 significant digits (the product's last bit is rounding, not information) and f itself.
 */
export function etaText(eta: number, given: { eta?: string; etaFrac?: string } = {}): string {
  if (given.etaFrac !== undefined) return `${Number(eta.toPrecision(15))} (= ${Number(given.etaFrac)}·η_c)`;
  return String(given.eta !== undefined ? Number(given.eta) : eta);
}

/** About n, rounded up to two significant digits (a step count to suggest, not a measurement). */
function roughSteps(n: number): number {
  if (n < 100) return Math.ceil(n);
  const unit = 10 ** (Math.floor(Math.log10(n)) - 1);
  return Math.ceil(n / unit) * unit;
}

/**
 * When a check failed only because the run is too short for what the theory needs, the one line that says so and
 * how many steps to give; null otherwise. Two cases (docs/design.md §2): the observer's "not-converged" label with
 * its estimate of the steps the run needs (stepsNeeded: from the crossover time 1/|ηλ* − 2| and the theory's rate,
 * or the measured contraction), and a critical run whose only failures are the power-law exponents, which the theory
 * gives for t → ∞ (the paper's Figure 3 fits them on [10⁴, 10⁶]).
 */
export function runLongerHint(a: RunAnalysis): string | null {
  const failed = a.checks.filter((c) => c.pass === false);
  if (failed.length === 0) return null;
  const o = a.observation;
  const say = (n: number, why: string) => `run longer: the theory needs about ${roughSteps(n)} steps (${why}); try --steps ${roughSteps(n)}`;
  if (o.label === "not-converged" && o.stepsNeeded !== null && o.stepsNeeded > a.steps) return say(o.stepsNeeded, "the estimate in the observed label");
  const critical = PAPER_FIGURES.find((f) => f.regime === "critical")!;
  if (a.prediction.regime.regime === "critical" && o.label === "critical" && a.steps < critical.steps && failed.every((c) => c.name.startsWith("exponent "))) {
    return say(critical.steps, "the critical power laws hold as t → ∞; the paper fits them on steps 10⁴–10⁶");
  }
  return null;
}

function gfsLine(a: RunAnalysis): string[] {
  const g = gfsOfRun(a);
  if (!g) return [];
  const verdict = g.monotone ? `non-increasing over ${g.records} records` : `went up ${g.increases}× over ${g.records} records, first at step ${g.firstIncreaseStep} (max rel. ${fmtNum(g.maxRelIncrease, 3)})`;
  return [
    `λ_GFS    θ₀ ${fmtNum(g.start, 10)} (ηλ_GFS ${fmtNum(a.eta * g.start)}), final ${fmtNum(g.final, 10)} (ηλ_GFS ${fmtNum(a.eta * g.final)})   (sharpness of the gradient-flow solution)`,
    `         ${verdict}   (Kreisler et al.: non-increasing along GD)`,
  ];
}

/** The readable summary of one analysed run: lines of at most 100 columns unless `wide`; η as given (etaText). */
export function formatRun(a: RunAnalysis, options: { eta?: string; etaFrac?: string; wide?: boolean } = {}): string {
  const pr = a.prediction, o = a.observation;
  const lines = [
    `${a.model}: η = ${etaText(a.eta, options)} (η_c = 2/λ* = ${fmtNum(pr.regime.etaCritical, 10)}, λ* = ${fmtNum(pr.regime.lambdaStar, 10)}, ${pr.regime.lambdaStarSource}), ${a.steps} steps`,
    `θ₀ = (${a.theta0.map((x) => fmtNum(x, 8)).join(", ")}): θ⊥₀ = ${fmtNum(a.start.thetaPerp)}, ηλ(θ∥₀) = ${fmtNum(a.eta * a.start.lambdaPar)}`,
    `regime   predicted ${pr.regime.regime} (${pr.regime.reason}; crossover ≈ ${pr.regime.crossoverSteps === null ? "∞" : fmtNum(pr.regime.crossoverSteps, 3)} steps)`,
    `         observed  ${o.label} (${o.labelReason})`,
    `τ        ${o.tau ?? "-"}   (first recorded step with ηλ(θ∥) < 2)`,
    ...gfsLine(a),
    `final    step ${a.final.step}: loss ${fmtNum(a.final.loss)}, θ⊥ ${fmtNum(a.final.thetaPerp)}, distPar ${fmtNum(a.final.distPar)}, λ(θ∥) ${fmtNum(a.final.lambdaPar, 10)}, λ(θ) ${fmtNum(a.final.lambdaAt, 10)}`,
  ];
  if (pr.rate !== null || o.linear) lines.push(`rate     predicted ${fmtNum(pr.rate, 10)}, measured ${fmtNum(o.linear?.fit.rate ?? null, 10)}${o.linear ? ` (${o.linear.quantity}, steps ${o.linear.window.join("–")})` : ""}`);
  if (o.powerLaw && (o.label === "critical" || pr.regime.regime === "critical")) {
    const pl = o.powerLaw;
    lines.push(`powers   on steps ${pl.window.map((x) => fmtNum(x, 3)).join("–")}: |θ⊥| ${fmtNum(pl.thetaPerp.exponent, 4)}, distPar ${fmtNum(pl.distPar.exponent, 4)}, loss ${fmtNum(pl.loss.exponent, 4)}, λ(θ∥) − λ* ${fmtNum(pl.lambdaGap.exponent, 4)}${pr.exponents ? "  (predicted −0.5, −0.5, −1, −1)" : ""}`);
  }
  if (pr.orbit?.found) {
    const fq = pr.orbit.floquet!;
    // Neutral directions (a continuous family of orbits, docs/design.md §3): ρ(J) = 1 there, and the rate is the transverse ρ.
    const neutral = fq.neutralDimension > 0 ? `; ${fq.neutralDimension} neutral directions, transverse ρ = ${fmtNum(fq.transverseRadius, 10)}` : "";
    lines.push(`orbit    predicted θ⊥ ${pr.orbit.thetaPerp!.map((x) => fmtNum(x, 10)).join(", ")}, Floquet ρ(J) = ${fmtNum(fq.spectralRadius, 10)}${neutral}`);
  }
  if (o.orbit) lines.push(`         measured  θ⊥ ${o.orbit.map((x) => fmtNum(x, 10)).join(", ")}`);
  lines.push("checks   " + (a.checks.map((c) => `${c.name}: ${c.pass === null ? "n/a" : c.pass ? "ok" : "FAIL"}`).join("; ") || "-"));
  const hint = runLongerHint(a);
  if (hint !== null) lines.push(`         ${hint}`);
  return options.wide ? lines.join("\n") : wrapText(lines.join("\n"), TEXT_WIDTH);
}
