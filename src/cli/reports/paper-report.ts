// The paper reproduction (Figures 2–4) run on an engine, its SVG files and its HTML section:
// `eoslab paper` and `eoslab report` both produce it.
import type { Engine } from "../../engine.js";
import { PAPER_DEPTH, PAPER_TARGET, paperExperiment, paperFigureSvg, paperRows, type PaperResult } from "../../experiments/paper.js";
import { PAPER_COLUMNS } from "../../experiments/paper-table.js";
import { deepScalar } from "../../models/deep-scalar.js";
import { engineGeometry } from "../../codim1/geometry.js";
import type { HtmlSection } from "../../plot/html-page.js";
import { writeOut } from "../../node/write-out.js";

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
      "Panels over the step t (log axis): the drift along M, ‖θ∥ − θ∥*‖; the bounce across M, |θ⊥|, as two lines per start (even steps solid, odd steps dashed: θ⊥ alternates sign across M); " +
      "and λ(θ∥) − λ*, the sharpness at the projection onto M above λ* (linear in Figure 2, with λ* and 2/η marked; log in Figures 3 and 4). Figure 3 adds reference slopes t^−½ and t^−1.",
    ],
    svgs: out.svgs.map((s) => s.svg),
    table: { head: PAPER_COLUMNS.map(([h]) => h), rows: rows.map((r) => PAPER_COLUMNS.map(([, f]) => f(r))) },
  }];
}
