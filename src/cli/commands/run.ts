import type { Command } from "commander";
import { InvalidArgumentError } from "../../errors.js";
import { init } from "../../init.js";
import { defaultStart } from "../../experiments/starts.js";
import { fmtNum } from "../../experiments/paper-table.js";
import { deepScalar, deepScalarFlattest } from "../../models/deep-scalar.js";
import { analyseRun, type RunAnalysis } from "../../codim1/analyse-run.js";
import { engineGeometry } from "../../codim1/geometry.js";
import type { RecordPlan } from "../../series/run-series.js";
import { MAX_RUN_STEPS } from "../../codim1/run.js";
import type { BackendKind } from "../../wasm/exports.js";
import { stringifySafe } from "../../series/json-safe.js";
import { observedFitJson } from "../observed-fit-json.js";
import { intFlag, listFlag, numberFlag } from "../parse-numbers.js";
import type { CommandRegistrar } from "../program.js";
import { addDataOnlyOptions, DATA_MODELS, runDataCommand, type RunDataCliOptions } from "./run-data.js";

interface RunFlags {
  model: string; depth?: string; target: string; eta?: string; etaFrac?: string; steps: string;
  init?: string; recordEvery?: string; tail: string; json?: boolean; backend?: string;
}

/** The JSON object of `eoslab run --json` (issue 4 §7): every prediction and measurement; fields that do not apply are null. */
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
    series: { step: a.series.step, loss: a.series.loss, thetaPerp: a.series.thetaPerp, distPar: a.series.distPar, lambdaPar: a.series.lambdaPar, lambdaAt: a.series.lambdaAt },
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

/** `eoslab run`: one GD run on deep scalar factorisation, predicted and observed. */
export const registerRun: CommandRegistrar = (program: Command) => {
  const cmd = program
    .command("run")
    .description("run GD on deep scalar factorisation (f = θ₁⋯θ_p), predict its regime and rate, and measure them")
    .option("--model <name>", "deep-scalar or scalar (= depth 2); with --data or --X/--y: linear, diagonal or two-layer (empirical)", "deep-scalar")
    .option("--depth <p>", "number of factors p ≥ 2 (default 5; 2 for --model scalar)")
    .option("--target <y>", "target y ≠ 0", "1")
    .option("--eta <η>", "learning rate")
    .option("--eta-frac <f>", "learning rate as a fraction of η_c = 2/λ*")
    .option("--steps <N>", "GD steps", "100000")
    .option("--init <a,b,…>", "θ₀ exactly as given (default: a documented start near M, 0.01 off M; depth 2, y = 1: (1.8, 1/1.8 + 0.02))")
    .option("--record-every <k>", "record every k-th step (default: about 2000 log-spaced steps)")
    .option("--tail <K>", "record every step of the last K steps (period detection)", "64")
    .option("--backend <kind>", "simd, wasm or js (default: the best available)")
    .option("--json", "print one JSON object on stdout");
  // Data models (several outputs, issue 5): linear | diagonal | two-layer with --data or --X/--y go to run-data's handler.
  addDataOnlyOptions(cmd);
  cmd.action(async (f: RunFlags) => {
      if (DATA_MODELS.includes(f.model)) {
        if (f.init !== undefined || f.depth !== undefined) throw new InvalidArgumentError(`--init/--depth are for deep-scalar; for --model ${f.model} use --theta0 file.json`);
        return runDataCommand(f as unknown as RunDataCliOptions);
      }
      if (f.model !== "deep-scalar" && f.model !== "scalar") throw new InvalidArgumentError(`unknown --model "${f.model}"; use deep-scalar or scalar`);
      if (f.model === "scalar" && f.depth !== undefined && f.depth !== "2") throw new InvalidArgumentError("--model scalar is depth 2; drop --depth or use --model deep-scalar");
      const depth = f.model === "scalar" ? 2 : intFlag("--depth", f.depth ?? "5", 2, 4096);
      const target = numberFlag("--target", f.target, (x) => x !== 0, "a finite non-zero number (y = 0 is not a regular value of θ₁⋯θ_p)");
      if ((f.eta === undefined) === (f.etaFrac === undefined)) throw new InvalidArgumentError("give exactly one of --eta and --eta-frac");
      const steps = intFlag("--steps", f.steps, 2, MAX_RUN_STEPS);
      const tail = intFlag("--tail", f.tail, 2, 1e6);
      if (f.backend !== undefined && !["simd", "wasm", "js"].includes(f.backend)) throw new InvalidArgumentError(`unknown backend "${f.backend}" in --backend; use simd, wasm or js`);
      const engine = await init({ backend: f.backend as BackendKind | undefined });
      const model = deepScalar({ depth, target });
      const { lambdaStar } = deepScalarFlattest(model);
      const eta = f.eta !== undefined ? numberFlag("--eta", f.eta, (x) => x > 0, "a finite number > 0") : numberFlag("--eta-frac", f.etaFrac!, (x) => x > 0, "a finite number > 0") * (2 / lambdaStar);
      let theta0: Float64Array;
      if (f.init !== undefined) {
        const v = listFlag("--init", f.init);
        if (v.length !== depth) throw new InvalidArgumentError(`--init has ${v.length} entries, depth is ${depth}; give ${depth} comma-separated numbers (or change --depth)`);
        theta0 = Float64Array.from(v);
      } else theta0 = defaultStart(depth, target);
      const record: RecordPlan = f.recordEvery !== undefined ? { every: intFlag("--record-every", f.recordEvery, 1, 1e10) } : { logPoints: 2000 };
      const a = analyseRun(model, engineGeometry(engine), { eta, steps, theta0, record, tailSteps: Math.min(tail, Math.floor(steps / 2)) });
      const meta = { backend: engine.kind, init: f.init !== undefined ? "given" : "default", depth, target };
      if (f.json) process.stdout.write(stringifySafe(runJson(a, meta)) + "\n");
      else process.stdout.write(formatRun(a) + "\n");
    });
};
