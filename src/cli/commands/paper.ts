import type { Command } from "commander";
import { InvalidArgumentError } from "../../errors.js";
import { init } from "../../init.js";
import type { Engine } from "../../engine.js";
import { PAPER_DEPTH, PAPER_TARGET, paperExperiment, paperFigureSvg, paperRows, type PaperResult } from "../../experiments/paper.js";
import { formatPaperTable, PAPER_COLUMNS } from "../../experiments/paper-table.js";
import { deepScalar } from "../../models/deep-scalar.js";
import { engineGeometry } from "../../codim1/geometry.js";
import { htmlPage, type HtmlSection } from "../../plot/html-page.js";
import type { BackendKind } from "../../wasm/exports.js";
import { stringifySafe } from "../../series/json-safe.js";
import type { CommandRegistrar } from "../program.js";
import { info } from "../log.js";
import { ensureOutDir, writeOut } from "../../node/write-out.js";
import { runJson } from "./run.js";

export interface PaperOutput {
  result: PaperResult;
  svgs: { name: string; svg: string; path: string }[];
  elapsedMs: number;
}

/** Runs the paper reproduction on the engine and writes its SVG figures to `outDir`. */
export function runPaperToDir(engine: Engine, outDir: string, onProgress?: (m: string) => void): PaperOutput {
  const t0 = performance.now();
  const result = paperExperiment(deepScalar({ depth: PAPER_DEPTH, target: PAPER_TARGET }), engineGeometry(engine), { onProgress });
  const elapsedMs = performance.now() - t0;
  const svgs = result.figures.map((fig) => {
    const name = `fig${fig.figure}-${fig.regime}.svg`;
    const svg = paperFigureSvg(fig, result.lambdaStar);
    return { name, svg, path: writeOut(outDir, name, svg) };
  });
  return { result, svgs, elapsedMs };
}

/** The paper's HTML section: figures and the predicted-vs-measured table. */
export function paperSections(out: PaperOutput): HtmlSection[] {
  const rows = paperRows(out.result);
  return [{
    title: "The paper's three regimes (Figures 2, 3, 4)",
    text: [
      `Deep scalar factorisation f(θ) = θ₁⋯θ₅, y = 1, λ* = ${out.result.lambdaStar}, η_c = ${out.result.etaCritical}. Five starts near M (0.01 off M along the normal) per figure; ` +
      "subcritical η = 0.39 (every start has ηλ(θ∥₀) > 2), critical η = 0.4, supercritical η = 0.408.",
      "Panels: ‖θ∥ − θ∥*‖, |θ⊥| and λ(θ∥) − λ* (sharpness at the projection onto M), log–log.",
    ],
    svgs: out.svgs.map((s) => s.svg),
    table: { head: PAPER_COLUMNS.map(([h]) => h), rows: rows.map((r) => PAPER_COLUMNS.map(([, f]) => f(r))) },
  }];
}

/** `eoslab paper`: Figures 2–4 of MacDonald et al. as SVG + HTML, and the predicted-vs-measured table. */
export const registerPaper: CommandRegistrar = (program: Command) => {
  program
    .command("paper")
    .description("reproduce the paper's Figures 2, 3, 4 (depth 5, y = 1; η = 0.39, 0.4, 0.408; five starts each) with predicted vs measured values")
    .option("--out <dir>", "directory for the SVG figures and paper.html", "out")
    .option("--backend <kind>", "simd, wasm or js (default: the best available)")
    .option("--json", "print one JSON object on stdout (every run: predictions, measurements, series)")
    .action(async (f: { out: string; backend?: string; json?: boolean }) => {
      if (f.backend !== undefined && !["simd", "wasm", "js"].includes(f.backend)) throw new InvalidArgumentError(`unknown backend "${f.backend}" in --backend; use simd, wasm or js`);
      ensureOutDir(f.out);
      const engine = await init({ backend: f.backend as BackendKind | undefined });
      const out = runPaperToDir(engine, f.out, info);
      const html = writeOut(f.out, "paper.html", htmlPage("eoslab: the paper's three regimes", paperSections(out)));
      info(`paper: ${(out.elapsedMs / 1000).toFixed(2)} s of runs; wrote ${[...out.svgs.map((s) => s.path), html].join(", ")}`);
      if (f.json) {
        const r = out.result;
        process.stdout.write(stringifySafe({
          depth: r.depth, target: r.target, lambdaStar: r.lambdaStar, etaCritical: r.etaCritical, backend: engine.kind, elapsedMs: out.elapsedMs,
          files: { figures: out.svgs.map((s) => s.path), html },
          rows: paperRows(r),
          figures: r.figures.map((fig) => ({ figure: fig.figure, regime: fig.regime, eta: fig.eta, steps: fig.steps, runs: fig.runs.map((a) => runJson(a)) })),
        }) + "\n");
      } else process.stdout.write(formatPaperTable(out.result) + "\n");
    });
};
