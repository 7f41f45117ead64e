// The report's GFS section (`eoslab report`): Kreisler et al.'s monotone decrease of the GFS sharpness checked on the
// paper's fifteen runs (docs/design.md §3, "GFS sharpness"; docs/gfs.md), with a figure of λ_GFS and λ(θ∥) over the
// steps beside 2/η, and a predicted-against-measured table: the trend (non-increasing) and the limit λ_GFS(∞).
// The runs are those of gfsExperiment's `paper` part (the same gfsRunCheck calls), kept with their series here for
// the figure; the η sweep and the far starts stay in scripts/gfs-table.mjs (docs/paper.md).
import type { Engine } from "../../engine.js";
import { gfsRunCheck, type GfsRunCheck } from "../../experiments/gfs.js";
import { PAPER_DEPTH, PAPER_FIGURES, PAPER_TARGET } from "../../experiments/paper.js";
import { paperStarts } from "../../experiments/starts.js";
import { deepScalar, deepScalarFlattest } from "../../models/deep-scalar.js";
import { alignedTable, fmtNum, TEXT_WIDTH, wrapText } from "../../experiments/paper-table.js";
import { panelsSvg, type PlotSpec } from "../../plot/line-plot.js";
import { colour } from "../../plot/palette.js";
import type { HtmlSection } from "../../plot/html-page.js";
import { writeOut } from "../../node/write-out.js";

export interface GfsReport {
  runs: (GfsRunCheck & { figure: number; start: number })[];
  svg: string;
  path: string;
}

/** Checks the paper's runs (three figures × five starts) and writes gfs.svg to `outDir`. */
export function runGfsToDir(engine: Engine, outDir: string): GfsReport {
  const starts = paperStarts(PAPER_TARGET);
  const runs = PAPER_FIGURES.flatMap((f) => starts.map((theta0, k) => ({
    figure: f.figure, start: k + 1,
    ...gfsRunCheck({ target: PAPER_TARGET, engine, eta: f.eta, steps: f.steps, theta0, label: `fig ${f.figure} start ${k + 1}`, keepSeries: true }),
  })));
  const panels: PlotSpec[] = PAPER_FIGURES.map((f) => ({
    title: `Figure ${f.figure} (${f.regime}), η = ${f.eta}`, xLabel: "step t", yLabel: "sharpness", xLog: true,
    // λ_GFS(θ_t) solid, λ(θ∥_t) dashed, one colour per start; steps from 1 (log axis).
    series: runs.filter((r) => r.figure === f.figure).flatMap((r, k) => {
      const from = r.series!.step[0] === 0 ? 1 : 0, x = r.series!.step.subarray(from);
      return [
        { label: `start ${r.start}`, colour: colour(k), x, y: r.series!.gfs.subarray(from) },
        { label: "", colour: colour(k), dashed: true, x, y: r.series!.lambdaPar.subarray(from) },
      ];
    }),
    hLines: [{ y: 2 / f.eta, label: "2/η" }, { y: LAMBDA_STAR, label: "λ*" }],
  }));
  const svg = panelsSvg(`GFS sharpness and λ(θ∥) along GD: deep scalar factorisation, depth ${PAPER_DEPTH}, y = ${PAPER_TARGET}`, panels, {
    note: "λ_GFS(θ_t): sharpness of the minimum gradient flow reaches from θ_t (closed form). Kreisler et al.: non-increasing along GD. Log step axis.",
    extraLegend: [{ label: "λ_GFS(θ_t)", colour: "#444" }, { label: "λ(θ∥_t)", colour: "#444", dashed: true }],
  });
  return { runs, svg, path: writeOut(outDir, "gfs.svg", svg) };
}

/** λ* = p·|y|^{2−2/p}, the least sharpness on M (docs/design.md §1), from the model's closed form. */
const LAMBDA_STAR = deepScalarFlattest(deepScalar({ depth: PAPER_DEPTH, target: PAPER_TARGET })).lambdaStar;

/**
 * What theory says λ_GFS(θ_t) tends to (docs/gfs.md): on M, λ_GFS = λ, so its limit is λ(θ∥∞). Subcritical runs
 * (ηλ* < 2) settle at a minimum of M below the edge: λ* < λ_GFS(∞) < 2/η, no closed form. Critical and supercritical
 * runs end at (or oscillate across) the flattest minimum, whose normal line through it is balanced, and gradient flow
 * keeps balanced points balanced: λ_GFS(∞) = λ*.
 */
function predictedLimit(eta: number): { text: string; holds: (v: number) => boolean } {
  const edge = 2 / eta;
  if (eta * LAMBDA_STAR < 2 - 1e-9) return { text: `(${fmtNum(LAMBDA_STAR, 4)}, ${fmtNum(edge, 6)})`, holds: (v) => v > LAMBDA_STAR && v < edge };
  return { text: `λ* = ${fmtNum(LAMBDA_STAR, 6)}`, holds: (v) => Math.abs(v / LAMBDA_STAR - 1) <= 1e-4 };
}

/** The section's JSON: one row per run (the series left out; the figure has them). */
export function gfsReportJson(r: GfsReport): Record<string, unknown> {
  const rows = r.runs.map(({ series: _series, ...c }) => {
    const lim = predictedLimit(c.eta);
    return {
      ...c, predicted: "non-increasing", observed: c.monotone ? "non-increasing" : "increases",
      predictedLimit: lim.text, limitHolds: !c.diverged && lim.holds(c.gfsFinal),
    };
  });
  const finite = rows.filter((c) => !c.diverged);
  return {
    depth: PAPER_DEPTH, target: PAPER_TARGET, lambdaStar: LAMBDA_STAR, claim: "λ_GFS(θ_t) is non-increasing along GD (Kreisler et al., ICML 2023)",
    rows, monotone: finite.filter((c) => c.monotone).length, finite: finite.length, total: rows.length, figure: r.path,
  };
}

function table(r: GfsReport): { head: string[]; rows: string[][] } {
  return {
    // 100 columns: "non-incr." is non-increasing; the limit column says ok/NO against the predicted one.
    head: ["fig", "st", "η", "ηλ_GFS(θ₀)", "trend pred.", "trend meas.", "λ_GFS(∞) pred.", "λ_GFS end", "λ(θ∥) end"],
    rows: r.runs.map((c) => {
      const lim = predictedLimit(c.eta);
      const trend = c.diverged ? "diverged" : c.saddleStep !== null ? `saddle at ${c.saddleStep}` : c.monotone ? "non-incr." : `up ${c.increases}× from ${c.firstIncreaseStep}`;
      return [String(c.figure), String(c.start), String(c.eta), fmtNum(c.etaGfsStart, 6), "non-incr.", trend,
        lim.text, `${fmtNum(c.gfsFinal, 8)} ${lim.holds(c.gfsFinal) ? "ok" : "NO"}`, fmtNum(c.lambdaParFinal, 7)];
    }),
  };
}

/** The section as text of at most 100 columns. */
export function formatGfsReport(r: GfsReport): string {
  const t = table(r);
  const finite = r.runs.filter((c) => !c.diverged);
  const limits = r.runs.filter((c) => !c.diverged && predictedLimit(c.eta).holds(c.gfsFinal)).length;
  return wrapText([
    `Kreisler et al. (ICML 2023): along GD, the sharpness λ_GFS of the minimum gradient flow would reach from θ_t does not increase.`,
    `Checked on the paper's runs (depth ${PAPER_DEPTH}, y = ${PAPER_TARGET}), every step up to 2000 then 1000 log-spaced records; an increase counts beyond a relative 1e-12. The limit: on M, λ_GFS = λ, so λ_GFS(∞) = λ(θ∥∞); subcritical runs end strictly between λ* and 2/η, critical and supercritical ones at λ* (docs/gfs.md).`,
    "",
    ...alignedTable(t.head, t.rows),
    "",
    `${finite.filter((c) => c.monotone).length} of ${finite.length} finite runs non-increasing; the predicted limit holds in ${limits} of ${finite.length}. Figure: gfs.svg (λ_GFS solid, λ(θ∥) dashed, 2/η and λ* dotted).`,
    "Reproduce (with an η sweep and far starts): npm run build:ts && node scripts/gfs-table.mjs; the wider sweep over θ₀: node scripts/gfs-sweep.mjs",
  ].join("\n"), TEXT_WIDTH, 2);
}

/** The section of report.html. */
export function gfsSection(r: GfsReport, text: string): HtmlSection {
  return {
    title: "7. GFS sharpness (Kreisler et al. 2023): the monotone decrease on the paper's runs",
    text: ["λ_GFS(θ_t) (solid) and λ(θ∥_t) (dashed) over the steps of the paper's fifteen runs, with 2/η and λ*; the claim is that λ_GFS never goes up."],
    svgs: [r.svg],
    table: table(r),
    pre: [text],
  };
}
