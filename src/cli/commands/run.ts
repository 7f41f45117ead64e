import type { Command } from "commander";
import { InvalidArgumentError, WasmMemoryError } from "../../errors.js";
import { requireWasm32 } from "../../wasm/arena.js";
import { loadDataset } from "../../node/read-files.js";
import { dataRunWorkspace } from "../../data/run.js";
import { init } from "../../init.js";
import { defaultStart } from "../../experiments/starts.js";
import { deepScalar, deepScalarFlattest } from "../../models/deep-scalar.js";
import { deepLinear, deepLinearFlattest, deepLinearInit } from "../../models/deep-linear.js";
import { tanhChain, tanhChainStart } from "../../models/tanh-chain.js";
import { flattestMinimum, type FlattestMinimumResult } from "../../codim1/flattest-minimum.js";
import type { Codim1Geometry } from "../../codim1/predict-run.js";
import type { Codim1Model } from "../../models/codim1.js";
import { analyseRun } from "../../codim1/analyse-run.js";
import { engineGeometry } from "../../codim1/geometry.js";
import type { RecordPlan } from "../../series/run-series.js";
import { MAX_RUN_STEPS, runTrajectory } from "../../codim1/run.js";
import { stringifySafe } from "../../series/json-safe.js";
import { intFlag, listFlag, numberFlag } from "../parse-numbers.js";
import type { CommandRegistrar } from "../program.js";
import { backendFlag } from "../options/backend.js";
import { addOptions, checkOptionsApply, DATA_MODELS, modelList, optionGiven, RUN_MODELS, type RunModel } from "../options/model-options.js";
import { RUN_OPTIONS } from "../options/run-options.js";
import { widthsFlag } from "../options/data-options.js";
import { formatRun, runJson } from "../reports/run-report.js";
import { dataRunCsv, runCsv } from "../reports/run-csv.js";
import { TEXT_WIDTH, wrapText } from "../../experiments/paper-table.js";
import { checkRunEstimate, chunkedRun, estimateScalarRun, estimateTwoLayerRun, progressBar, scalarRunRecords, wantProgress } from "../run-limits.js";
import { dataRun, formatDataRun, type DataRunCliOptions } from "../reports/data-run.js";

interface RunFlags {
  model: string; depth?: string; target: string; eta?: string; etaFrac?: string; steps: string;
  init?: string; recordEvery?: string; tail: string; json?: boolean; csv?: boolean; wide?: boolean; backend?: string; maxMinutes: string; hidden?: string;
  widths?: string; input?: string; initSeed?: string; initScale?: string;
}

/**
 * The deep linear network from its flags (docs/design.md §1): the model, θ₀ = init-scale · RandomState(init-seed).randn(p)
 * in the order W₁ row-major, W₂, …, w_L, and the JSON's extra fields.
 */
function deepLinearFromFlags(f: RunFlags, target: number): { model: Codim1Model; lambdaStar: number; theta0: Float64Array; meta: Record<string, unknown> } {
  if (f.widths === undefined || f.input === undefined) throw new InvalidArgumentError("--model deep-linear needs --widths d0,…,1 and --input x1,…,x_d0 (e.g. --widths 3,4,4,1 --input 0.5,-1,2)");
  const widths = widthsFlag(f.widths);
  const input = listFlag("--input", f.input);
  if (input.length !== widths[0]) throw new InvalidArgumentError(`--input has ${input.length} entries, --widths starts with d0 = ${widths[0]}; give ${widths[0]} comma-separated numbers`);
  if (input.every((v) => v === 0)) throw new InvalidArgumentError("--input must not be all zeros (x = 0 makes f ≡ 0, so no target y ≠ 0 is reached)");
  const seed = intFlag("--init-seed", f.initSeed ?? "0", 0, 2 ** 32 - 1);
  const scale = numberFlag("--init-scale", f.initScale ?? "0.5", (x) => x > 0, "a finite number > 0");
  const model = deepLinear({ widths, input, target });
  return {
    model, lambdaStar: deepLinearFlattest(model).lambdaStar, theta0: deepLinearInit({ widths, seed, scale }),
    meta: { init: "random", widths, input, target, initSeed: seed, initScale: scale },
  };
}

/** The tolerance flattestMinimum stops at (its default): ‖P_T∇λ‖ ≤ tol·max(1, λ). */
const TANH_SEARCH_TOL = 1e-10;

/**
 * The tanh chain from its flags (docs/design.md §1, "The tanh chain"): the model, θ₀ (--init, or tanhChainStart), and
 * λ* from the general search flattestMinimum started at θ₀, with the tolerance it reached for the JSON and the summary.
 */
function tanhChainFromFlags(f: RunFlags, depth: number, target: number): { model: Codim1Model; lambdaStar: number; theta0: Float64Array; meta: Record<string, unknown>; search: FlattestMinimumResult } {
  const input = f.input === undefined ? 1 : numberFlag("--input", f.input, (x) => x !== 0, "one finite non-zero number for --model tanh-chain (x = 0 makes f ≡ 0)");
  const model = tanhChain({ depth, input, target });
  let theta0: Float64Array;
  if (f.init !== undefined) {
    const v = listFlag("--init", f.init);
    if (v.length !== depth) throw new InvalidArgumentError(`--init has ${v.length} entries, depth is ${depth}; give ${depth} comma-separated numbers (or change --depth)`);
    theta0 = Float64Array.from(v);
  } else theta0 = tanhChainStart(model);
  const search = flattestMinimum(model, theta0, { tol: TANH_SEARCH_TOL });
  const flattestSearch = { method: "flattestMinimum from θ₀", tol: TANH_SEARCH_TOL, gradNorm: search.gradNorm, iterations: search.iterations, converged: search.converged };
  return { model, lambdaStar: search.lambdaStar, theta0, search, meta: { init: f.init !== undefined ? "given" : "default", depth, input, target, flattestSearch } };
}

/** The engine's geometry with θ∥* and λ* fixed to one flattestMinimum result (searched once, reported as found). */
function searchedGeometry(base: Codim1Geometry, search: FlattestMinimumResult, engine: Awaited<ReturnType<typeof init>>): Codim1Geometry {
  const flat = { thetaStar: search.point, lambdaStar: search.lambdaStar };
  return {
    flattest: () => ({ ...flat, source: "empirical" }),
    project: base.project.bind(base),
    run: (model, o) => runTrajectory(model, { ...o, engine, flattest: flat }),
  };
}

/** The summary's line on the λ* search: the tolerance reached (a general model has no closed form to compare with). */
function searchLine(s: FlattestMinimumResult): string {
  return `λ*       searched from θ₀: ‖P_T∇λ‖ = ${s.gradNorm.toExponential(2)} after ${s.iterations} iterations (tol ${TANH_SEARCH_TOL}·max(1, λ) ${s.converged ? "reached" : "NOT reached"})`;
}

/**
 * Refuses (or announces) a long two-layer run from --hidden alone. A width wasm32 cannot hold is left to dataRun's exact
 * memory check (a WasmMemoryError naming the bytes), so the data are read here only when about to refuse for time.
 */
function checkTwoLayerEstimate(f: RunFlags, h: number, maxMinutes: number): void {
  const e = estimateTwoLayerRun(h);
  if (e.seconds > maxMinutes * 60) {
    const ds = loadDataset(f as unknown as DataRunCliOptions);
    const bytes = 8 * dataRunWorkspace({ kind: "two-layer", n: ds.n, d: ds.d, h, steps: 1, form: "plain" });
    try {
      requireWasm32(bytes, "run");
    } catch (err) {
      if (err instanceof WasmMemoryError) return;
      throw err;
    }
  }
  checkRunEstimate(e, maxMinutes, "a smaller --hidden", true);
}

/** `eoslab run`: one GD run, on deep scalar factorisation (predicted and measured) or on a data model (empirical). */
export const registerRun: CommandRegistrar = (program: Command) => {
  const cmd = program
    .command("run")
    .description("run GD on a codimension-1 model (deep scalar factorisation f = θ₁⋯θ_p by default; --model deep-linear or tanh-chain), predict its regime and rate, and measure them; or, with --model diagonal|two-layer|linear|deep-linear-data|tanh-mlp and data, on a model with several outputs (empirical); --model deep-linear-data|tanh-mlp are networks on data (GD loop in JS)");
  addOptions(cmd, RUN_OPTIONS, RUN_MODELS);
  cmd.action(async (f: RunFlags) => {
    if (!(RUN_MODELS as readonly string[]).includes(f.model)) throw new InvalidArgumentError(`unknown --model "${f.model}"; use ${modelList(RUN_MODELS)}`);
    const model = f.model as RunModel;
    // Before anything else: an option the chosen model does not take is a mistake, never silently dropped.
    checkOptionsApply(cmd, RUN_OPTIONS, { model, given: optionGiven(cmd, "--model") });
    const maxMinutes = numberFlag("--max-minutes", f.maxMinutes, (x) => x > 0, "a finite number > 0");
    if ((DATA_MODELS as readonly string[]).includes(model)) {
      // Only --hidden is known before the data are read: a lower bound, enough to refuse an absurd width at once.
      const h = Number(f.hidden);
      if (model === "two-layer" && Number.isSafeInteger(h) && h >= 1) checkTwoLayerEstimate(f, h, maxMinutes);
      const out = await dataRun(f as unknown as DataRunCliOptions);
      if (f.csv) process.stdout.write(dataRunCsv(out));
      else process.stdout.write((f.json ? stringifySafe(out) : f.wide ? formatDataRun(out, f) : wrapText(formatDataRun(out, f), TEXT_WIDTH, 2)) + "\n");
      return;
    }
    if (model === "scalar" && f.depth !== undefined && f.depth !== "2") throw new InvalidArgumentError("--model scalar is depth 2; drop --depth or use --model deep-scalar");
    const linear = model === "deep-linear", tanh = model === "tanh-chain";
    const depth = model === "scalar" ? 2 : linear ? 0 : intFlag("--depth", f.depth ?? (tanh ? "3" : "5"), 2, 4096);
    const target = numberFlag("--target", f.target, (x) => x !== 0, `a finite non-zero number (y = 0 is not a regular value of ${linear || tanh ? "f" : "θ₁⋯θ_p"})`);
    const tc = tanh ? tanhChainFromFlags(f, depth, target) : null;
    const dl = linear ? deepLinearFromFlags(f, target) : tc;
    if ((f.eta === undefined) === (f.etaFrac === undefined)) throw new InvalidArgumentError("give exactly one of --eta and --eta-frac");
    const steps = intFlag("--steps", f.steps, 2, MAX_RUN_STEPS);
    const tail = intFlag("--tail", f.tail, 2, 1e6);
    const engine = await init({ backend: backendFlag(f.backend) });
    const scalar: Codim1Model = dl ? dl.model : deepScalar({ depth, target });
    const lambdaStar = dl ? dl.lambdaStar : deepScalarFlattest(deepScalar({ depth, target })).lambdaStar;
    const eta = f.eta !== undefined ? numberFlag("--eta", f.eta, (x) => x > 0, "a finite number > 0") : numberFlag("--eta-frac", f.etaFrac!, (x) => x > 0, "a finite number > 0") * (2 / lambdaStar);
    let theta0: Float64Array;
    if (dl) theta0 = dl.theta0;
    else if (f.init !== undefined) {
      const v = listFlag("--init", f.init);
      if (v.length !== depth) throw new InvalidArgumentError(`--init has ${v.length} entries, depth is ${depth}; give ${depth} comma-separated numbers (or change --depth)`);
      theta0 = Float64Array.from(v);
    } else theta0 = defaultStart(depth, target);
    const record: RecordPlan = f.recordEvery !== undefined ? { every: intFlag("--record-every", f.recordEvery, 1, 1e10) } : { logPoints: 2000 };
    // Deep linear: the loop costs about p per step like deep scalar p; its records (projection, full Hessian) cost more.
    const estimate = estimateScalarRun(dl ? dl.model.dim : depth, steps, scalarRunRecords(steps, tail, record));
    checkRunEstimate(estimate, maxMinutes, "a smaller --depth or --steps, a larger --record-every");
    const geometry = tc ? searchedGeometry(engineGeometry(engine), tc.search, engine) : engineGeometry(engine);
    // On a terminal, a long run advances a bar between pieces of the run (same records as one call).
    const bar = wantProgress(estimate) ? progressBar(estimate.units) : undefined;
    let a;
    try {
      a = analyseRun(scalar, bar ? { ...geometry, run: chunkedRun(geometry.run.bind(geometry), bar.tick) } : geometry, {
        eta, steps, theta0, record, tailSteps: Math.min(tail, Math.floor(steps / 2)),
      });
    } finally {
      bar?.stop();
    }
    const meta = dl ? { backend: engine.kind, ...dl.meta } : { backend: engine.kind, init: f.init !== undefined ? "given" : "default", depth, target };
    if (f.json) process.stdout.write(stringifySafe(runJson(a, meta)) + "\n");
    else if (f.csv) process.stdout.write(runCsv(a));
    else process.stdout.write(formatRun(a, { eta: f.eta, etaFrac: f.etaFrac, wide: f.wide }) + (tc ? "\n" + (f.wide ? searchLine(tc.search) : wrapText(searchLine(tc.search), TEXT_WIDTH, 9)) : "") + "\n");
  });
};
