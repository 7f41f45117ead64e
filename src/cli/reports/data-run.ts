// A data run: GD on a data-driven model with several outputs (docs/design.md §4), as
// `eoslab run --model diagonal|two-layer|linear` reports it. Everything it reports is EMPIRICAL.
import { requireWasm32 } from "../../wasm/arena.js";
import { loadDataset } from "../../node/read-files.js";
import type { Dataset } from "../../dataset/dataset.js";
import { InvalidArgumentError } from "../../errors.js";
import { init } from "../../init.js";
import { flattestMinimumData, type FlattestDataResult, type NoExactFit } from "../../data/flattest-minimum.js";
import { dataExactFitIfCheap, noExactFitLine } from "../../data/exact-fit.js";
import { dataModel, evalPoint, paramCount, type DataModelSpec } from "../../models/data-model.js";
import { DataOps } from "../../models/data-ops.js";
import { observeDataRun, type ObservedDataOutcome, type ObservedDataRun, type ObservedNoExactFitRun } from "../../data/observe.js";
import { dataRunWorkspace, runData } from "../../data/run.js";
import { RandomState } from "../../random/random-state.js";
import { analyzeConvergence } from "../../fits/analyze-convergence.js";
import { observedFitJson } from "./observed-fit-json.js";
import { etaText } from "./run-report.js";
import { intFlag, numberFlag } from "../parse-numbers.js";
import { MAX_GD_STEPS } from "../../data/gd-linear.js";
import { info } from "../log.js";
import { backendFlag } from "../options/backend.js";
import { finiteOrNull, modelSpec, readPoint, type DataCliOptions } from "../options/data-options.js";

/** Options of a data run, as strings from the command line. */
export interface DataRunCliOptions extends DataCliOptions {
  eta?: string;
  etaFrac?: string;
  steps: string;
  theta0?: string;
  initSeed: string;
  initScale: string;
  recordEvery?: string;
  sharpnessEvery?: string;
  coordEvery?: string;
  backend?: string;
  json?: boolean;
}

/** Iterations of the flattest-minimum search for tanh-mlp in `eoslab run` (the library's default is 20000). */
const TANH_SEARCH_MAX_ITER = 500;

/** Largest n for which the dense n×n work (flattest minimum, projections onto M) is done. */
const DENSE_LIMIT = 300;

/** observeDataRun gives the kind of the flattest result it was handed: this narrows it for the type checker. */
function expectKind<K extends ObservedDataOutcome["kind"]>(o: ObservedDataOutcome, kind: K): Extract<ObservedDataOutcome, { kind: K }> {
  if (o.kind !== kind) throw new Error(`internal: observeDataRun returned ${o.kind}, expected ${kind}`);
  return o as Extract<ObservedDataOutcome, { kind: K }>;
}

/** The no-exact-fit facts for JSON (the same fields whether found by the search or by the check alone). */
function noExactFitJson(f: Pick<NoExactFit, "leastSquaresLoss" | "relativeResidual" | "tolerance"> & Partial<Pick<NoExactFit, "cause" | "reachedLoss">>, reason: string): Record<string, unknown> {
  return {
    cause: f.cause ?? "y-outside-range", leastSquaresLoss: f.leastSquaresLoss, relativeResidual: f.relativeResidual, tolerance: f.tolerance,
    reachedLoss: f.reachedLoss ?? null, reason,
  };
}

function int(name: string, v: string | undefined, lo: number, hi = MAX_GD_STEPS): number | undefined {
  if (v === undefined) return undefined;
  return intFlag(name, v, lo, hi);
}

const nullify = (a: ArrayLike<number>): (number | null)[] => Array.from(a, finiteOrNull);

function startPoint(o: DataRunCliOptions, spec: DataModelSpec): Float64Array {
  const p = paramCount(spec);
  if (o.theta0 !== undefined) return readPoint(o.theta0, p);
  const seed = int("--init-seed", o.initSeed, 0, 2 ** 32 - 1) as number;
  const scale = Number(o.initScale);
  if (!Number.isFinite(scale) || scale <= 0) throw new InvalidArgumentError(`--init-scale must be a number > 0, got "${o.initScale}"`);
  const t = new RandomState(seed).randn(p);
  for (let i = 0; i < p; i++) t[i] *= scale;
  return t;
}

/** Runs one data-driven GD run for the CLI: the object `--json` prints (formatDataRun gives the readable report). */
export async function dataRun(o: DataRunCliOptions): Promise<Record<string, unknown>> {
  const backend = backendFlag(o.backend);
  const steps = int("--steps", o.steps, 0) as number;
  if ((o.eta === undefined) === (o.etaFrac === undefined)) throw new InvalidArgumentError("give exactly one of --eta η or --eta-frac f (η = f·2/λ*, with the empirical λ*)");
  // Check every number flag before the (possibly slow) data loading and flattest-minimum search.
  if (o.eta !== undefined) numberFlag("--eta", o.eta, (x) => x > 0, "a finite number > 0");
  if (o.etaFrac !== undefined) numberFlag("--eta-frac", o.etaFrac, (x) => x > 0, "a finite number > 0");
  for (const [flag, v] of [["--record-every", o.recordEvery], ["--sharpness-every", o.sharpnessEvery], ["--coord-every", o.coordEvery]] as const) int(flag, v, 1);
  const ds: Dataset = loadDataset(o);
  const spec = modelSpec(o, ds);
  // A model wasm32 cannot hold (say an absurd --hidden) fails now, not after building θ₀ and searching for θ∥* (docs/design.md §3).
  requireWasm32(8 * dataRunWorkspace({ kind: spec.kind, n: ds.n, d: ds.d, h: spec.h, layers: spec.layers, widths: spec.widths, steps, recordEvery: Number(o.recordEvery ?? Math.max(1, Math.ceil(steps / 1e5))), sharpnessEvery: o.sharpnessEvery === undefined ? undefined : Number(o.sharpnessEvery), form: "plain" }), `run --model ${spec.kind} on ${ds.n}×${ds.d} data (p = ${paramCount(spec)})`);
  const theta0 = startPoint(o, spec);
  const engine = await init({ backend });
  // Default: every step up to 10⁵ steps, else an odd stride, so a period-2 orbit stays visible in the loss.
  let recordEvery = int("--record-every", o.recordEvery, 1);
  if (recordEvery === undefined) {
    recordEvery = Math.max(1, Math.ceil(steps / 1e5));
    if (recordEvery % 2 === 0) recordEvery++;
  }
  const sharpnessEvery = int("--sharpness-every", o.sharpnessEvery, 1);
  const coordEvery = int("--coord-every", o.coordEvery, 1);
  // A start where the loss overflows is a usage mistake: say so before any progress output or long search.
  const loss0 = engine.scoped(() => evalPoint(dataModel(spec, new DataOps(engine, ds)), theta0).loss);
  if (!Number.isFinite(loss0)) throw new InvalidArgumentError("the loss at θ₀ is not finite (entries of X, y or theta0 too large); rescale the problem");
  // A tanh MLP with fewer parameters than samples maps R^p onto a p-dimensional set in R^n: a generic y is not on
  // it, so there is no manifold of minima to search (docs/design.md §4), and the search would only stall slowly.
  const underparametrised = spec.kind === "tanh-mlp" && paramCount(spec) < ds.n;
  const dense = ds.n <= DENSE_LIMIT && !underparametrised;
  if (underparametrised && o.etaFrac !== undefined) throw new InvalidArgumentError(`--eta-frac needs η_c = 2/λ*, and a tanh MLP with p = ${paramCount(spec)} < n = ${ds.n} has (generically) no manifold of minima to take λ* from; give --eta, or a larger --hidden`);
  if (!dense && o.etaFrac !== undefined) throw new InvalidArgumentError(`--eta-frac needs the flattest minimum, computed only for n ≤ ${DENSE_LIMIT} (n = ${ds.n}); give --eta`);
  info(`run: ${spec.kind} n=${ds.n} d=${ds.d} p=${paramCount(spec)} on ${engine.kind}${dense ? "; finding the flattest minimum (Riemannian GD)…" : ""}`);
  // The tanh MLP's search costs about 0.1 s per iteration at n = 60 and seldom meets its tolerance (docs/data-models.md):
  // capped, so a run starts within about a minute; the result says whether it converged.
  const maxIter = spec.kind === "tanh-mlp" ? TANH_SEARCH_MAX_ITER : undefined;
  const flat = dense ? flattestMinimumData(spec, ds, theta0, { engine, maxIter }) : null;
  // No exact fit is a result (exit 0), but --eta-frac asked for a multiple of an η_c that does not exist: a usage mistake.
  if (flat?.kind === "no-exact-fit" && o.etaFrac !== undefined) throw new InvalidArgumentError(`--eta-frac needs η_c = 2/λ*, which does not exist here (${flat.reason}); give --eta`);
  const eta = o.eta !== undefined ? Number(o.eta) : Number(o.etaFrac) * (flat as FlattestDataResult).etaCritical;
  if (!Number.isFinite(eta) || eta <= 0) throw new InvalidArgumentError(`η must be a finite number > 0, got ${o.eta ?? `${o.etaFrac}·η_c`}`);
  // The networks on data run their GD loop in plain JS (the same bits on every backend); the other models in the core.
  const gdLoop = spec.kind === "deep-linear-data" || spec.kind === "tanh-mlp" ? "js" : "core";
  const out: Record<string, unknown> = { label: "empirical", note: "several outputs: the paper proves nothing here; every number is measured", backend: engine.kind, gdLoop };
  if (flat?.kind === "no-exact-fit") {
    // docs/design.md §4: M is empty, so nothing that lives on M (λ*, η_c, regime, certificate, coordinates) is reported.
    const obs: ObservedNoExactFitRun = expectKind(observeDataRun(spec, ds, { eta, steps, theta0, flattest: flat, engine, recordEvery }), "no-exact-fit");
    const r = obs.run;
    Object.assign(out, {
      label: obs.label, reason: flat.reason,
      model: obs.model, eta, etaCritical: null, lambdaStar: null, lambdaStarSource: null,
      flattest: null, certificate: null, prediction: null, regime: null, tau: null, fit: null,
      noExactFit: noExactFitJson(flat, flat.reason),
      steps, theta0: Array.from(theta0),
      observed: { label: obs.observed.label, rate: obs.observed.rate, exponent: obs.observed.exponent, limits: obs.observed.limits.map(finiteOrNull), reason: obs.observed.reason },
      // The loss minus the least-squares loss: "converged" when GD reaches the least-squares minimum. No reason
      // string: the excess often reaches exactly 0, and the drop ratio in analyzeConvergence's reason is then infinite.
      observedExcess: { label: obs.observedExcess.label, rate: obs.observedExcess.rate, exponent: obs.observedExcess.exponent },
      lossSeries: { step: Array.from(r.steps), loss: nullify(r.loss) },
      summary: { ...r.summary, minLoss: finiteOrNull(r.summary.minLoss), maxLoss: finiteOrNull(r.summary.maxLoss), lastLoss: finiteOrNull(r.summary.lastLoss), prevLoss: finiteOrNull(r.summary.prevLoss) },
      final: {
        step: obs.final.step, loss: finiteOrNull(obs.final.loss), excessLoss: finiteOrNull(obs.final.excessLoss),
        lambdaAt: obs.final.hessianTop === null ? null : finiteOrNull(obs.final.hessianTop), theta: nullify(obs.final.theta),
      },
    });
  } else if (flat) {
    const obs: ObservedDataRun = expectKind(observeDataRun(spec, ds, { eta, steps, theta0, flattest: flat, engine, recordEvery, coordEvery: coordEvery ?? sharpnessEvery }), "exact");
    const r = obs.run;
    const last = obs.series.step.length - 1;
    Object.assign(out, {
      model: obs.model, eta, etaCritical: obs.etaCritical, lambdaStar: obs.lambdaStar, lambdaStarSource: "empirical",
      flattest: {
        gradRel: finiteOrNull(flat.gradRel), converged: flat.converged, iterations: flat.iterations, maxIterations: maxIter ?? 20000, feasibility: flat.feasibility,
        topSimple: flat.topSimple, relativeGap: flat.relativeGap, multiplicity: flat.multiplicity, usedClusterSteps: flat.usedClusterSteps,
        // Diagonal networks: λ* ∈ [lower, upper] proven by convex duality, independently of the search; else null.
        certificate: flat.certificate,
      },
      prediction: { regime: obs.prediction.regime, reason: obs.prediction.reason, basis: "docs/design.md §2 conditions with the empirical λ* (analogy, not a theorem)" },
      // The same top-level keys as `eoslab run` on deep scalar factorisation, where they apply.
      steps, theta0: Array.from(theta0),
      start: { thetaPerp: finiteOrNull(obs.series.thetaPerp[0]), lambdaPar: finiteOrNull(obs.lambdaParStart), etaLambdaPar: finiteOrNull(eta * obs.lambdaParStart) },
      // regime.observed: the codimension-1 observer on the signed normal coordinate (observeDataRun), as for deep scalar runs.
      regime: {
        predicted: obs.prediction.regime, observed: obs.observation.label, predictedReason: obs.prediction.reason, observedReason: obs.observation.labelReason,
        criticalTolerance: obs.prediction.criticalTolerance, crossoverSteps: finiteOrNull(obs.prediction.crossoverSteps ?? NaN),
      },
      tau: obs.observation.tau,
      fit: {
        observed: observedFitJson(obs.observation, obs.prediction.regime === "critical", r.summary.firstNonFiniteStep),
        predicted: { rate: null, exponent: null, orbit: null, note: "no theorem for several outputs: only the regime is predicted, by analogy" },
      },
      // A second reading, from the loss series alone (analyzeConvergence).
      observed: { label: obs.observed.label, rate: obs.observed.rate, exponent: obs.observed.exponent, limits: obs.observed.limits.map(finiteOrNull), reason: obs.observed.reason },
      lambdaParStart: finiteOrNull(obs.lambdaParStart),
      lambdaParFinal: finiteOrNull(obs.lambdaParFinal),
      lambdaParFinalBelowEdge: obs.lambdaParFinalBelowEdge,
      series: {
        step: Array.from(obs.series.step), loss: nullify(obs.series.loss), thetaPerp: nullify(obs.series.thetaPerp),
        distPar: nullify(obs.series.distPar), lambdaPar: nullify(obs.series.lambdaPar), lambdaAt: nullify(obs.series.lambdaAt),
      },
      seriesNote: "thetaPerp = ‖θ − θ∥‖ with θ∥ the Gauss–Newton projection onto M (signedThetaPerp: the same, signed by the top mode qᵀ(F(θ) − y), checkpoints then every step of the last 64); distPar = ‖θ∥ − θ∥*‖; lambdaPar = λ_max(JJᵀ) at θ∥; lambdaAt = λ_max(∇²ℓ(θ)) by Lanczos",
      signedThetaPerp: { step: Array.from(obs.signedSeries.step), thetaPerp: nullify(obs.signedSeries.thetaPerp) },
      lossSeries: { step: Array.from(r.steps), loss: nullify(r.loss) },
      summary: { ...r.summary, minLoss: finiteOrNull(r.summary.minLoss), maxLoss: finiteOrNull(r.summary.maxLoss), lastLoss: finiteOrNull(r.summary.lastLoss), prevLoss: finiteOrNull(r.summary.prevLoss) },
      final: last >= 0 ? {
        step: obs.series.step[last], loss: finiteOrNull(obs.series.loss[last]), thetaPerp: finiteOrNull(obs.series.thetaPerp[last]),
        distPar: finiteOrNull(obs.series.distPar[last]), lambdaPar: finiteOrNull(obs.series.lambdaPar[last]), lambdaAt: finiteOrNull(obs.series.lambdaAt[last]),
        theta: nullify(r.theta),
      } : null,
      thetaStar: nullify(obs.thetaStar),
      timeAtEdge: edgeFrom(obs.series.step, obs.series.lambdaAt, eta),
    });
  } else {
    const r = runData(spec, ds, { eta, steps, theta0, engine, recordEvery, sharpnessEvery });
    const ob = analyzeConvergence(r.loss, { t: r.steps });
    // Too large for the flattest search, but whether y can be fitted at all is still cheap to say for moderate d
    // (not for the tanh MLP: its outputs are not confined to range(X), exact-fit.ts).
    const fit = spec.kind === "tanh-mlp" ? null : dataExactFitIfCheap(ds);
    if (fit && !fit.exact) {
      const reason = noExactFitLine(fit.leastSquaresLoss);
      Object.assign(out, { label: "no exact fit", reason, noExactFit: noExactFitJson(fit, reason), certificate: null, prediction: null, regime: null });
    }
    Object.assign(out, {
      observed: { label: ob.label, rate: ob.rate, exponent: ob.exponent, limits: ob.limits.map(finiteOrNull), reason: ob.reason },
      model: r.model, eta, etaCritical: null, lambdaStar: null,
      lambdaStarNote: fit && !fit.exact ? noExactFitLine(fit.leastSquaresLoss)
        : underparametrised ? `tanh-mlp with p = ${paramCount(spec)} < n = ${ds.n}: F(R^p) is a p-dimensional set in R^n, so y is (generically) not reached and there is no manifold of minima, no λ* and no coordinates`
        : `flattest minimum and coordinates need dense n×n work; skipped for n > ${DENSE_LIMIT}`,
      lossSeries: { step: Array.from(r.steps), loss: nullify(r.loss) },
      summary: { ...r.summary, minLoss: finiteOrNull(r.summary.minLoss), maxLoss: finiteOrNull(r.summary.maxLoss), lastLoss: finiteOrNull(r.summary.lastLoss), prevLoss: finiteOrNull(r.summary.prevLoss) },
      sharpness: r.sharpness ? {
        step: Array.from(r.sharpness.step), hessian: nullify(r.sharpness.hessian), gaussNewton: nullify(r.sharpness.gaussNewton),
        edgeHessian: r.sharpness.edgeHessian, edgeGaussNewton: r.sharpness.edgeGaussNewton, matvecs: r.sharpness.matvecs,
      } : null,
      final: { theta: nullify(r.theta) },
    });
  }
  out.divergence = divergenceOf(out);
  // Divergence wins over every other label (docs/design.md §2): observeDataRun says so for the runs above; the
  // large-n branch, which has only runData and the exact-fit check, is decided here.
  if (out.divergence !== null && out.label === "no exact fit") out.label = "divergent";
  return out;
}

/**
 * Divergence as a result (docs/design.md §2), the same vocabulary as `eoslab run`: label "divergent" when the run stopped
 * at a non-finite step or its loss series was labelled diverged; the first non-finite step and the last finite state.
 */
function divergenceOf(o: Record<string, unknown>): Record<string, unknown> | null {
  const s = o.summary as { stepsRun: number; lastLoss: number | null; firstNonFiniteStep: number | null };
  const ob = o.observed as { label: string; reason: string };
  if (s.firstNonFiniteStep === null && ob.label !== "diverged") return null;
  const fin = o.final as { theta?: (number | null)[] } | null;
  return {
    label: "divergent",
    firstNonFiniteStep: s.firstNonFiniteStep,
    reason: s.firstNonFiniteStep !== null ? `non-finite at step ${s.firstNonFiniteStep}; the run stopped there` : ob.reason,
    lastFinite: { step: s.stepsRun, loss: s.lastLoss, theta: fin?.theta ?? null },
  };
}

function edgeFrom(step: Float64Array, lam: Float64Array, eta: number): { samplesAbove: number; samples: number; firstAbove: number | null; lastAbove: number | null } {
  let above = 0, first: number | null = null, last: number | null = null;
  lam.forEach((l, i) => {
    if (eta * l > 2) {
      above++;
      first ??= step[i];
      last = step[i];
    }
  });
  return { samplesAbove: above, samples: lam.length, firstAbove: first, lastAbove: last };
}

/** The readable report of a data run (the object dataRun returns); η as the user gave it (--eta or --eta-frac). */
export function formatDataRun(o: Record<string, unknown>, given: { eta?: string; etaFrac?: string } = {}): string {
  const f = (x: unknown) => (typeof x === "number" ? x.toPrecision(6) : x === null || x === undefined ? "-" : String(x));
  const s = o.summary as { stepsRun: number; lastLoss: number | null; firstNonFiniteStep: number | null };
  const lines = [`${o.model}: η = ${typeof o.eta === "number" ? etaText(o.eta, given) : f(o.eta)}   [EMPIRICAL: several outputs, no theorem applies]`];
  if (o.noExactFit && o.summary && (o as { observedExcess?: unknown }).observedExcess) {
    // One line says why nothing on M is reported; then only what GD did to the loss.
    const ob = o.observed as { label: string; rate: number | null; exponent: number | null; reason: string };
    const ex = o.observedExcess as { label: string; rate: number | null; exponent: number | null };
    const fin = o.final as { loss: number | null; excessLoss: number | null; lambdaAt: number | null };
    lines.push(
      String(o.reason),
      `loss series: ${ob.label}${ob.rate !== null ? `, rate ${f(ob.rate)}` : ""} (${ob.reason})`,
      `loss − least-squares loss: ${ex.label}${ex.rate !== null ? `, rate ${f(ex.rate)}` : ""}${ex.exponent !== null ? `, exponent ${f(ex.exponent)}` : ""}`,
      `final: step ${s.stepsRun}, loss ${f(fin.loss)} (least-squares loss + ${f(fin.excessLoss)}), λ_max(∇²ℓ(θ)) = ${f(fin.lambdaAt)}${s.firstNonFiniteStep !== null ? `, non-finite at step ${s.firstNonFiniteStep}` : ""}`,
    );
  } else if (o.lambdaStar !== null) {
    const fl = o.flattest as { converged: boolean; gradRel: number | null; topSimple: boolean; multiplicity: number; certificate: { lower: number; upper: number; relativeGap: number } | null };
    const pr = o.prediction as { regime: string; reason: string };
    const ob = o.observed as { label: string; rate: number | null; exponent: number | null; reason: string };
    const rg = o.regime as { observed: string; observedReason: string };
    const fo = (o.fit as { observed: { rate: number | null; exponents: { thetaPerp: number | null; loss: number | null; lambdaGap: number | null } | null } }).observed;
    lines.push(
      `flattest minimum (Riemannian GD): λ* = ${f(o.lambdaStar)}, η_c = 2/λ* = ${f(o.etaCritical)}, ‖P_T∇λ‖/λ = ${f(fl.gradRel)}${fl.converged ? "" : " (not converged)"}, top eigenvalue ${fl.topSimple ? "simple" : `multiple (×${fl.multiplicity}): λ_max not smooth there`}`,
      ...(fl.certificate ? [`certified by duality: the global λ* is in [${fl.certificate.lower.toPrecision(12)}, ${fl.certificate.upper.toPrecision(12)}] (relative width ${fl.certificate.relativeGap.toExponential(2)})`] : []),
      `expected by analogy with deep scalar factorisation: ${pr.regime} (${pr.reason}); λ(θ∥₀) = ${f(o.lambdaParStart)}`,
      `observed: ${rg.observed} (${rg.observedReason})${fo.rate !== null ? `; rate ${f(fo.rate)}` : ""}${fo.exponents ? `; exponents |θ⊥| ${f(fo.exponents.thetaPerp)}, loss ${f(fo.exponents.loss)}, λ(θ∥) − λ* ${f(fo.exponents.lambdaGap)}` : ""}`,
      `loss series alone: ${ob.label}${ob.rate !== null ? `, rate ${f(ob.rate)}` : ""}${ob.exponent !== null ? `, exponent ${f(ob.exponent)}` : ""} (${ob.reason})`,
      `final: step ${s.stepsRun}, loss ${f(s.lastLoss)}, λ(θ∥) = ${f(o.lambdaParFinal)} ${o.lambdaParFinalBelowEdge ? "<" : "≥"} 2/η = ${f(2 / (o.eta as number))}`,
    );
    const fin = o.final as { thetaPerp: number | null; distPar: number | null; lambdaAt: number | null } | null;
    if (fin) lines.push(`        ‖θ⊥‖ = ${f(fin.thetaPerp)}, ‖θ∥ − θ∥*‖ = ${f(fin.distPar)}, λ(θ) (full Hessian) = ${f(fin.lambdaAt)}`);
    const e = o.timeAtEdge as { samplesAbove: number; samples: number; firstAbove: number | null; lastAbove: number | null };
    lines.push(`time at the edge: λ(θ_t) > 2/η at ${e.samplesAbove} of ${e.samples} checkpoints${e.firstAbove !== null ? ` (steps ${e.firstAbove}…${e.lastAbove})` : ""}`);
  } else {
    const ob = o.observed as { label: string; rate: number | null; exponent: number | null; reason: string };
    lines.push(
      `observed: ${ob.label}${ob.rate !== null ? `, rate ${f(ob.rate)}` : ""}${ob.exponent !== null ? `, exponent ${f(ob.exponent)}` : ""} (${ob.reason})`,
      `final: step ${s.stepsRun}, loss ${f(s.lastLoss)}${s.firstNonFiniteStep !== null ? `, non-finite at step ${s.firstNonFiniteStep}` : ""}`,
    );
    const sh = o.sharpness as { edgeHessian: { samplesAbove: number; samples: number } } | null;
    if (sh) lines.push(`time at the edge: λ(θ_t) > 2/η at ${sh.edgeHessian.samplesAbove} of ${sh.edgeHessian.samples} sharpness samples`);
    lines.push(String(o.lambdaStarNote));
  }
  const dv = o.divergence as { firstNonFiniteStep: number | null; reason: string; lastFinite: { step: number } } | null;
  if (dv) lines.push(`divergent: ${dv.reason}; the last finite state is step ${dv.lastFinite.step} (above)`);
  return lines.join("\n");
}
