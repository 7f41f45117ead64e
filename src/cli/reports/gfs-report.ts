// The report's GFS section (`eoslab report`): Kreisler et al.'s monotone decrease of the GFS sharpness checked on the
// paper's fifteen runs (docs/design.md §3, "GFS sharpness"), with a figure of ηλ_GFS over the steps and the table.
// The runs are those of gfsExperiment's `paper` part (the same gfsRunCheck calls), kept with their series here for
// the figure; the η sweep and the far starts stay in scripts/gfs-table.mjs (docs/paper.md).
import type { Engine } from "../../engine.js";
import { gfsRunCheck, type GfsRunCheck } from "../../experiments/gfs.js";
import { PAPER_DEPTH, PAPER_FIGURES, PAPER_TARGET } from "../../experiments/paper.js";
import { paperStarts } from "../../experiments/starts.js";
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
  const panels: PlotSpec[] = PAPER_FIGURES.map((f, i) => ({
    title: `Figure ${f.figure} (${f.regime}), η = ${f.eta}`, xLabel: "step t", yLabel: "ηλ_GFS(θ_t)", xLog: true, legend: i === 0,
    series: runs.filter((r) => r.figure === f.figure).map((r, k) => ({ label: `start ${r.start}`, colour: colour(k), x: r.series!.step, y: r.series!.gfs.map((g) => r.eta * g) })),
    hLines: [{ y: 2, label: "2" }],
  }));
  const svg = panelsSvg(`GFS sharpness along GD: deep scalar factorisation, depth ${PAPER_DEPTH}, y = ${PAPER_TARGET}`, panels, {
    note: "λ_GFS(θ_t): sharpness of the minimum gradient flow reaches from θ_t (closed form). Kreisler et al.: non-increasing along GD. Log step axis.",
  });
  return { runs, svg, path: writeOut(outDir, "gfs.svg", svg) };
}

/** The section's JSON: one row per run (the series left out; the figure has them). */
export function gfsReportJson(r: GfsReport): Record<string, unknown> {
  const rows = r.runs.map(({ series: _series, ...c }) => ({ ...c, predicted: "non-increasing", observed: c.monotone ? "non-increasing" : "increases" }));
  const finite = rows.filter((c) => !c.diverged);
  return {
    depth: PAPER_DEPTH, target: PAPER_TARGET, claim: "λ_GFS(θ_t) is non-increasing along GD (Kreisler et al., ICML 2023)",
    rows, monotone: finite.filter((c) => c.monotone).length, finite: finite.length, total: rows.length, figure: r.path,
  };
}

function table(r: GfsReport): { head: string[]; rows: string[][] } {
  return {
    head: ["fig", "start", "η", "ηλ_GFS(θ₀)", "ηλ_GFS final", "predicted", "measured", "max rel. incr."],
    rows: r.runs.map((c) => [String(c.figure), String(c.start), String(c.eta), fmtNum(c.etaGfsStart, 6), fmtNum(c.etaGfsFinal, 8), "non-increasing",
      c.diverged ? "diverged" : c.monotone ? "non-increasing" : `up ${c.increases}×, from step ${c.firstIncreaseStep}`, fmtNum(c.maxRelIncrease, 3)]),
  };
}

/** The section as text of at most 100 columns. */
export function formatGfsReport(r: GfsReport): string {
  const t = table(r);
  const finite = r.runs.filter((c) => !c.diverged);
  return wrapText([
    `Kreisler et al. (ICML 2023): along GD, the sharpness λ_GFS of the minimum gradient flow would reach from θ_t does not increase.`,
    `Checked on the paper's runs (depth ${PAPER_DEPTH}, y = ${PAPER_TARGET}), every step up to 2000 then 1000 log-spaced records; an increase counts beyond a relative 1e-12.`,
    "",
    ...alignedTable(t.head, t.rows),
    "",
    `${finite.filter((c) => c.monotone).length} of ${finite.length} finite runs non-increasing.`,
    "Reproduce (with an η sweep and far starts): npm run build:ts && node scripts/gfs-table.mjs",
  ].join("\n"), TEXT_WIDTH, 2);
}

/** The section of report.html. */
export function gfsSection(r: GfsReport, text: string): HtmlSection {
  return {
    title: "6. GFS sharpness (Kreisler et al. 2023): the monotone decrease on the paper's runs",
    text: ["ηλ_GFS(θ_t) over the steps of the paper's fifteen runs; the claim is that it never goes up."],
    svgs: [r.svg],
    table: table(r),
    pre: [text],
  };
}
