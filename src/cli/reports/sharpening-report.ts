// Progressive sharpening and the edge of stability (Cohen et al. 2021) as `eoslab sharpening` and the report's section
// print it (docs/design.md §4, "Networks on data"; docs/sharpening.md): one row per η with the first step at which
// λ ≥ 0.9·2/η, the mean and spread of ηλ/2 after it, and the fraction of steps on which the loss went up.
import { SHARPENING_REACH, SHARPENING_SAMPLES, sharpeningExperiment, sharpeningFigureSvg, type SharpeningResult, type SharpeningRun } from "../../experiments/sharpening.js";
import { alignedTable, fmtNum, TEXT_WIDTH, wrapText } from "../../experiments/paper-table.js";
import type { HtmlSection } from "../../plot/html-page.js";
import type { DataModelSpec } from "../../models/data-model.js";
import type { Engine } from "../../engine.js";
import { writeOut } from "../../node/write-out.js";

/** The two runs of the report and of `eoslab sharpening` without options: model, η list, steps, k and the start's scale. */
export const SHARPENING_DEFAULTS = {
  "tanh-mlp": { spec: { kind: "tanh-mlp", h: 16, layers: 1 }, etas: [0.001, 0.0015, 0.002], steps: 1500, every: 25, initScale: 1 },
  "deep-linear-data": { spec: { kind: "deep-linear-data", widths: [4, 16, 16, 1] }, etas: [0.0015, 0.0021, 0.003], steps: 1000, every: 10, initScale: 0.1 },
} as const;

/**
 * What happened to λ in one run, by fixed rules (the table's last column; the JSON's verdict): "never" (λ stayed below
 * 0.9·2/η), "at start" (λ₀ was already above it), else by the mean of ηλ/2 from the first λ ≥ 0.9·2/η on: "at 2/η"
 * (in [0.9, 1.1]), "above 2/η" or "below 2/η"; "diverged" wins over all.
 */
export function sharpeningVerdict(r: SharpeningRun): string {
  const edge = 2 / r.eta;
  if (r.diverged) return `diverged (step ${r.stepsDone + 1})`;
  if (r.reachStep === null) return `never (max ${fmtNum(r.lambdaMax / edge, 3)}·2/η)`;
  if (r.reachStep === 0) return "at start";
  const m = r.afterReach!.mean;
  if (m >= 0.9 && m <= 1.1) return "at 2/η";
  return m > 1.1 ? "above 2/η" : "below 2/η";
}

/** The rows of the table. */
export function sharpeningTable(x: SharpeningResult): { head: string[]; rows: string[][] } {
  const f = (v: number | null | undefined, k = 3) => (v === null || v === undefined || !Number.isFinite(v) ? "-" : fmtNum(v, k));
  return {
    head: ["η", "2/η", "λ≥0.9·2/η", "ηλ/2 after: mean±sd [min,max]", "ℓ up", "after", "final ℓ", "λ"],
    rows: x.runs.map((r) => [
      String(r.eta), f(2 / r.eta, 4), r.reachStep === null ? "never" : `step ${r.reachStep}`,
      r.afterReach ? `${f(r.afterReach.mean)}±${f(r.afterReach.sd, 2)} [${f(r.afterReach.min)},${f(r.afterReach.max)}]` : "-",
      f(r.lossUpFraction, 2), f(r.lossUpFractionAfter, 2), f(r.loss[r.loss.length - 1], 4), sharpeningVerdict(r),
    ]),
  };
}

/** The JSON of one experiment (series left out; the figure has them). */
export function sharpeningJson(x: SharpeningResult, figure: string | null, elapsedMs: number): Record<string, unknown> {
  return {
    model: x.model, spec: x.spec, n: x.n, d: x.d, p: x.p, initSeed: x.initSeed, initScale: x.initScale, every: x.every,
    lossConvention: "sum: ½‖F − y‖²", lambda0: x.lambda0, reachFraction: SHARPENING_REACH,
    rows: x.runs.map((r) => ({
      eta: r.eta, twoOverEta: 2 / r.eta, steps: r.stepsDone, reachStep: r.reachStep, afterReach: r.afterReach,
      lossUpFraction: r.lossUpFraction, lossUpFractionAfter: r.lossUpFractionAfter, lambdaMax: r.lambdaMax,
      finalLoss: r.loss[r.loss.length - 1], diverged: r.diverged, matvecs: r.matvecs, verdict: sharpeningVerdict(r),
    })),
    figure, elapsedMs,
  };
}

/** The command that reproduces an experiment on the sharpening data of seed `dataSeed`. */
export function sharpeningCommand(x: SharpeningResult, steps: number, dataSeed = 0): string {
  const shape = x.spec.kind === "tanh-mlp" ? `--hidden ${x.spec.h} --layers ${x.spec.layers ?? 1}` : `--widths ${(x.spec.widths ?? []).join(",")}`;
  const extra = `${x.n !== SHARPENING_SAMPLES ? ` --samples ${x.n}` : ""}${dataSeed !== 0 ? ` --data-seed ${dataSeed}` : ""}${x.initSeed !== 0 ? ` --init-seed ${x.initSeed}` : ""}`;
  return `eoslab sharpening --model ${x.spec.kind} ${shape} --eta ${x.runs.map((r) => r.eta).join(",")} --steps ${steps} --every ${x.every} --init-scale ${x.initScale}${extra}`;
}

/** The experiment as text of at most 100 columns. */
export function formatSharpening(x: SharpeningResult, steps: number, dataSeed = 0): string {
  const t = sharpeningTable(x);
  return wrapText([
    `${x.model} on the sharpening data (n = ${x.n}, d = ${x.d}, seed ${dataSeed}, y = x₁ − x₂ + sin(2x₃) + x₃x₄), p = ${x.p}; loss ½‖F − y‖²; start: LeCun × ${x.initScale}, seed ${x.initSeed}.`,
    `λ(θ₀) = ${fmtNum(x.lambda0)}; λ every ${x.every} steps (warm-started Lanczos); ${steps} steps per η. "ℓ up": fraction of steps with ℓ_{t+1} > (1 + 10⁻¹⁰)·ℓ_t (whole run; after the first λ ≥ 0.9·2/η). λ: "at 2/η" when the mean of ηλ/2 after that step is in [0.9, 1.1].`,
    "",
    ...alignedTable(t.head, t.rows),
    "",
    `Reproduce: ${sharpeningCommand(x, steps, dataSeed)}`,
  ].join("\n"), TEXT_WIDTH, 2);
}

export interface SharpeningReport {
  results: { result: SharpeningResult; steps: number; svg: string; path: string }[];
  elapsedMs: number;
}

/** The report's runs: both defaults, each figure written to `outDir`. */
export function runSharpeningToDir(engine: Engine, outDir: string): SharpeningReport {
  const t0 = performance.now();
  const results = (["tanh-mlp", "deep-linear-data"] as const).map((kind) => {
    const c = SHARPENING_DEFAULTS[kind];
    const result = sharpeningExperiment({ spec: { ...c.spec, n: 0, d: 0 } as DataModelSpec, etas: [...c.etas], steps: c.steps, every: c.every, initScale: c.initScale, engine });
    const svg = sharpeningFigureSvg(result);
    return { result, steps: c.steps, svg, path: writeOut(outDir, `sharpening-${kind}.svg`, svg) };
  });
  return { results, elapsedMs: performance.now() - t0 };
}

export function formatSharpeningReport(r: SharpeningReport): string {
  return r.results.map((x) => formatSharpening(x.result, x.steps)).join("\n\n");
}

export function sharpeningReportJson(r: SharpeningReport): Record<string, unknown> {
  return { runs: r.results.map((x) => sharpeningJson(x.result, x.path, NaN)), elapsedMs: r.elapsedMs };
}

/** The section of report.html. */
export function sharpeningSection(r: SharpeningReport, text: string): HtmlSection {
  const t = sharpeningTable(r.results[0].result);
  return {
    title: "8. Progressive sharpening and the edge of stability (Cohen et al. 2021)",
    text: ["Full-batch GD on a tanh MLP and on a deep linear network on eoslab's sharpening data (docs/sharpening.md), at several η; λ(θ_t) by warm-started Lanczos. Dashed: 2/η. Measured, not predicted."],
    svgs: r.results.map((x) => x.svg),
    table: t,
    pre: [text],
  };
}
