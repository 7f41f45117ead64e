// The report's catapult section (`eoslab report`): one sweep of `eoslab catapult` at a width that keeps the report
// fast, each run's outcome beside the one Lewkowycz et al. (2020) predict, the measured edges of the window beside
// 2/λ₀ and 4/λ₀, and the figure (docs/design.md §4, "The catapult").
import { CATAPULT_GRID, catapultFigureSvg, catapultSweep, type CatapultEdge, type CatapultOutcome, type CatapultResult } from "../../experiments/catapult.js";
import { alignedTable, fmtNum, TEXT_WIDTH, wrapText } from "../../experiments/paper-table.js";
import type { HtmlSection } from "../../plot/html-page.js";
import { writeOut } from "../../node/write-out.js";

/** The section's sweep: `eoslab catapult --width 512 --seed 0` with every other option at its default (about 1 s). */
export const CATAPULT_REPORT = { width: 512, seed: 0 } as const;

export interface CatapultReport {
  result: CatapultResult;
  svg: string;
  path: string;
}

/** Runs the sweep and writes catapult.svg to `outDir`. */
export function runCatapultToDir(outDir: string): CatapultReport {
  const result = catapultSweep({ ...CATAPULT_REPORT, grid: [...CATAPULT_GRID] });
  const svg = catapultFigureSvg(result);
  return { result, svg, path: writeOut(outDir, "catapult.svg", svg) };
}

/** Their prediction for a wide network at η·λ₀/2 = etaFrac: lazy below 1, catapult up to about 2, then divergence. */
export function predictedCatapultOutcome(etaFrac: number): CatapultOutcome {
  return etaFrac < 1 ? "lazy" : etaFrac < 2 ? "catapult" : "diverged";
}

/** The section's JSON: the shape of `eoslab catapult --json` plus each row's predicted outcome. */
export function catapultReportJson(r: CatapultReport): Record<string, unknown> {
  const x = r.result;
  return {
    width: x.width, seed: x.seed, samples: x.samples, dim: x.dim, steps: x.steps,
    lambda0: x.lambda0, loss0: x.loss0,
    rows: x.rows.map((w) => ({
      etaFrac: w.etaFrac, eta: w.eta, predicted: predictedCatapultOutcome(w.etaFrac), outcome: w.outcome, detail: w.detail,
      peakLossRatio: w.peakLossRatio, lambdaFinal: w.lambdaFinal, etaLambdaFinal: w.etaLambdaFinal, stepBelow: w.stepBelow,
    })),
    edges: { catapultFrom: x.edges.catapultFrom, divergeFrom: x.edges.divergeFrom, catapult: x.edges.catapult, diverge: x.edges.diverge },
    predicted: { ...x.predicted, catapultFrom: 1, divergeFrom: 2 },
    figure: r.path,
  };
}

function tables(x: CatapultResult): { head: string[]; rows: string[][] }[] {
  const f = (v: number | null, k = 4) => (v === null || !Number.isFinite(v) ? "-" : fmtNum(v, k));
  const runs = {
    head: ["ηλ₀/2", "η", "predicted", "outcome", "peak ℓ/ℓ₀", "λ_final", "ηλ_final", "first λ<2/η"],
    rows: x.rows.map((w) => [String(w.etaFrac), f(w.eta), predictedCatapultOutcome(w.etaFrac), w.outcome, f(w.peakLossRatio), f(w.lambdaFinal), f(w.etaLambdaFinal),
      w.stepBelow === null ? "never" : `step ${w.stepBelow}`]),
  };
  const edge = (name: string, predFrac: string, predEta: number, e: CatapultEdge | null) =>
    [name, predFrac, f(predEta), e ? `[${f(e.lo)}, ${f(e.hi)}]` : "none on the grid", e ? f(e.eta) : "-"];
  const edges = {
    head: ["edge", "pred. ηλ₀/2", "pred. η", "measured ηλ₀/2", "measured η"],
    rows: [edge("catapult from", "1", x.predicted.twoOverLambda0, x.edges.catapult), edge("diverges from", "about 2", x.predicted.fourOverLambda0, x.edges.diverge)],
  };
  return [runs, edges];
}

/** The section as text of at most 100 columns. */
export function formatCatapultReport(r: CatapultReport): string {
  const x = r.result;
  const [runs, edges] = tables(x);
  return wrapText([
    `f(x) = vᵀUx/√m, m = ${x.width}, n = ${x.samples}, d = ${x.dim}, seed ${x.seed}; loss (1/2n)‖F − y‖²; ${x.steps} steps per run.`,
    `λ₀ = ${fmtNum(x.lambda0)}, 2/λ₀ = ${fmtNum(x.predicted.twoOverLambda0)}, 4/λ₀ = ${fmtNum(x.predicted.fourOverLambda0)}. Predicted: lazy below 2/λ₀, catapult up to about 4/λ₀, then divergence.`,
    "",
    ...alignedTable(runs.head, runs.rows),
    "",
    ...alignedTable(edges.head, edges.rows),
    "",
    `Reproduce: eoslab catapult --width ${x.width} --seed ${x.seed}`,
  ].join("\n"), TEXT_WIDTH, 2);
}

/** The section of report.html. */
export function catapultSection(r: CatapultReport, text: string): HtmlSection {
  const [runs, edges] = tables(r.result);
  return {
    title: "6. The catapult (Lewkowycz et al. 2020)",
    text: ["GD on the two-layer linear network in NTK scaling at η = (ηλ₀/2)·2/λ₀: each run's outcome beside the predicted one, and the measured edges of the catapult window beside 2/λ₀ and 4/λ₀.",
      `Edges: ${edges.rows.map((e) => `${e[0]} ηλ₀/2 ${e[3]} (predicted ${e[1]})`).join("; ")}.`],
    svgs: [r.svg],
    table: runs,
    pre: [text],
  };
}
