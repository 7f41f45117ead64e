// A report section for the paper's three regimes on one codimension-1 model (`eoslab report`, sections 4 and 5):
// η = 0.98, 1 and 1.02 × η_c, each run through analyseRun exactly as `eoslab run --model …` runs it, with its figure
// and its predicted-against-measured tables (docs/design.md §1 for the models, §2 for the labels).
import type { Engine } from "../../engine.js";
import { analyseRun, type RunAnalysis } from "../../codim1/analyse-run.js";
import type { Codim1Geometry } from "../../codim1/analyse-run.js";
import type { Codim1Model } from "../../models/codim1.js";
import { alignedTable, fmtNum, TEXT_WIDTH, wrapText } from "../../experiments/paper-table.js";
import { panelsSvg, type PlotSpec } from "../../plot/line-plot.js";
import { parityBranches } from "../../experiments/paper.js";
import { colour } from "../../plot/palette.js";
import type { HtmlSection } from "../../plot/html-page.js";
import { writeOut } from "../../node/write-out.js";
import { runJson } from "./run-report.js";

/** One model's case: what to run, and the words the section prints around it. */
export interface ThreeRegimesCase {
  model: Codim1Model;
  geometry: Codim1Geometry;
  theta0: Float64Array;
  lambdaStar: number;
  /** How λ* was found, printed after its value: "closed form", or the search and the tolerance it reached. */
  lambdaSource: string;
  etaFracs: readonly number[];
  steps: number;
  tail: number;
  /** The SVG's file name in the output directory. */
  file: string;
  /** The section's title, also its text heading. */
  title: string;
  /** The figure's title and its note under the panels. */
  figureTitle: string;
  figureNote: string;
  /** Text lines before the tables, and the command that reproduces one run. */
  intro: string[];
  reproduce: string;
  /** The HTML section's paragraph. */
  summary: string;
  /** Fields for the JSON, beside λ*, η_c and the rows. */
  settings: Record<string, unknown>;
}

export interface ThreeRegimesReport {
  case: ThreeRegimesCase;
  lambdaStar: number;
  etaCritical: number;
  runs: { etaFrac: number; analysis: RunAnalysis }[];
  svg: string;
  path: string;
}

/** Runs the case's three learning rates and writes its figure to `outDir`. */
export function runThreeRegimesToDir(c: ThreeRegimesCase, outDir: string): ThreeRegimesReport {
  const runs = c.etaFracs.map((etaFrac) => ({
    etaFrac,
    analysis: analyseRun(c.model, c.geometry, { eta: etaFrac * (2 / c.lambdaStar), steps: c.steps, theta0: c.theta0, record: { logPoints: 2000 }, tailSteps: c.tail }),
  }));
  const svg = threeRegimesFigureSvg(c, runs);
  return { case: c, lambdaStar: c.lambdaStar, etaCritical: 2 / c.lambdaStar, runs, svg, path: writeOut(outDir, c.file, svg) };
}

function threeRegimesFigureSvg(c: ThreeRegimesCase, runs: ThreeRegimesReport["runs"]): string {
  const series = (pick: (a: RunAnalysis) => ArrayLike<number>) =>
    runs.map((r, k) => ({ label: `η = ${r.etaFrac}·η_c (${r.analysis.prediction.regime.regime})`, colour: colour(k), x: r.analysis.series.step, y: pick(r.analysis) }));
  const base = { xLabel: "step t", xLog: true };
  // θ⊥ alternates sign across M: even and odd steps as two lines, not one zigzag band (docs/paper.md, "The figures").
  const perp = runs.flatMap((r, k) => parityBranches(r.analysis.series.step, r.analysis.series.thetaPerp).map((b, odd) => ({
    label: odd ? "" : `η = ${r.etaFrac}·η_c (${r.analysis.prediction.regime.regime})`, colour: colour(k), x: b.x, y: b.y, dashed: odd === 1, width: odd ? 1.1 : 1.4,
  })));
  const panels: PlotSpec[] = [
    { ...base, yLog: true, title: "bounce across M", yLabel: "distance to the minimum manifold, |θ⊥|", series: perp },
    { ...base, yLog: true, title: "loss", yLabel: "loss, ℓ(θ_t)", series: series((a) => a.series.loss) },
    { ...base, title: "sharpness at the projection", yLabel: "learning rate × sharpness, ηλ(θ∥)", series: series((a) => a.series.lambdaPar.map((v) => a.eta * v)), hLines: [{ y: 2, label: "ηλ = 2" }] },
  ];
  return panelsSvg(`${c.figureTitle}, λ* = ${fmtNum(c.lambdaStar, 8)}`, panels, {
    extraLegend: [{ label: "|θ⊥| at even steps", colour: "#555" }, { label: "|θ⊥| at odd steps", colour: "#555", dashed: true }],
    note: c.figureNote,
  });
}

/** One row of the section's table (the JSON's `rows`): predicted and observed side by side, from the run's analysis. */
export function threeRegimesRow(etaFrac: number, a: RunAnalysis): Record<string, unknown> {
  const pr = a.prediction, o = a.observation, pl = o.powerLaw;
  const decided = a.checks.filter((c) => c.pass !== null);
  return {
    etaFrac, eta: a.eta, etaLambdaParStart: a.eta * a.start.lambdaPar,
    predicted: pr.regime.regime, observed: o.label, tau: o.tau, lambdaParFinal: a.final.lambdaPar, distParFinal: a.final.distPar,
    rate: { predicted: pr.rate, measured: o.linear?.fit.rate ?? null, quantity: o.linear?.quantity ?? null },
    exponents: {
      predicted: pr.exponents ? { thetaPerp: pr.exponents.thetaPerp, distPar: pr.exponents.distPar, loss: pr.exponents.loss, lambdaGap: pr.exponents.lambdaGap } : null,
      measured: pl && (o.label === "critical" || pr.regime.regime === "critical") ? { thetaPerp: pl.thetaPerp.exponent, distPar: pl.distPar.exponent, loss: pl.loss.exponent, lambdaGap: pl.lambdaGap.exponent } : null,
    },
    orbit: { predicted: pr.orbit?.thetaPerp ? [...pr.orbit.thetaPerp].sort((u, v) => v - u) : null, measured: o.orbit },
    checksPassed: decided.filter((c) => c.pass).length, checksTotal: decided.length,
    failed: a.checks.filter((c) => c.pass === false).map((c) => c.name),
  };
}

/** The section's JSON: the settings, λ*, η_c, one row per run and each run as `eoslab run --json` gives it (without its series). */
export function threeRegimesJson(r: ThreeRegimesReport): Record<string, unknown> {
  return {
    ...r.case.settings, steps: r.case.steps,
    lambdaStar: r.lambdaStar, lambdaSource: r.case.lambdaSource, etaCritical: r.etaCritical,
    rows: r.runs.map((x) => threeRegimesRow(x.etaFrac, x.analysis)),
    runs: r.runs.map((x) => {
      const { series: _series, ...rest } = runJson(x.analysis, { etaFrac: x.etaFrac });
      return rest;
    }),
    figure: r.path,
  };
}

const pair = (v: number[] | null | undefined) => (v ? v.map((x) => fmtNum(x, 8)).join(" ") : "-");

/** The section's tables: the regimes, then the rates, orbits and exponents beside their predictions. */
export function threeRegimesTables(r: ThreeRegimesReport): { head: string[]; rows: string[][] }[] {
  const first = {
    head: ["η/η_c", "η", "ηλ(θ∥₀)", "predicted", "observed", "τ", "λ(θ∥) final", "distPar final", "checks"],
    rows: r.runs.map(({ etaFrac, analysis: a }) => {
      const decided = a.checks.filter((c) => c.pass !== null);
      return [String(etaFrac), fmtNum(a.eta, 8), fmtNum(a.eta * a.start.lambdaPar, 5), a.prediction.regime.regime, a.observation.label,
        a.observation.tau === null ? "-" : String(a.observation.tau), fmtNum(a.final.lambdaPar, 8), fmtNum(a.final.distPar, 3),
        `${decided.filter((c) => c.pass).length}/${decided.length}`];
    }),
  };
  const second = {
    head: ["η/η_c", "rate pred.", "rate meas.", "orbit θ⊥ pred.", "orbit θ⊥ meas."],
    rows: r.runs.map(({ etaFrac, analysis: a }) => {
      const orbit = a.prediction.orbit?.thetaPerp ? [...a.prediction.orbit.thetaPerp].sort((u, v) => v - u) : null;
      return [String(etaFrac), fmtNum(a.prediction.rate, 8), fmtNum(a.observation.linear?.fit.rate ?? null, 8), pair(orbit), pair(a.observation.orbit)];
    }),
  };
  const third = {
    head: ["η/η_c", "exp |θ⊥| distPar loss λgap (pred. −½ −½ −1 −1)"],
    rows: r.runs.map(({ etaFrac, analysis: a }) => {
      const pl = a.observation.powerLaw;
      const critical = a.observation.label === "critical" || a.prediction.regime.regime === "critical";
      return [String(etaFrac), critical && pl ? [pl.thetaPerp.exponent, pl.distPar.exponent, pl.loss.exponent, pl.lambdaGap.exponent].map((x) => fmtNum(x, 4)).join(" ") : "-"];
    }),
  };
  return [first, second, third];
}

/** The section as text of at most 100 columns. */
export function formatThreeRegimes(r: ThreeRegimesReport): string {
  const c = r.case;
  const [t1, t2, t3] = threeRegimesTables(r);
  const failed = r.runs.flatMap((x) => x.analysis.checks.filter((k) => k.pass === false).map((k) => `failed: η = ${x.etaFrac}·η_c: ${k.name}`));
  return wrapText([
    ...c.intro,
    `λ* = ${fmtNum(r.lambdaStar, 10)} (${c.lambdaSource}), η_c = 2/λ* = ${fmtNum(r.etaCritical, 10)}; ${c.steps} steps per run.`,
    "",
    ...alignedTable(t1.head, t1.rows),
    "",
    ...alignedTable(t2.head, t2.rows),
    "",
    ...alignedTable(t3.head, t3.rows),
    ...(failed.length ? ["", ...failed] : []),
    "",
    `Reproduce one run: ${c.reproduce}`,
  ].join("\n"), TEXT_WIDTH, 2);
}

/** The section of report.html. */
export function threeRegimesSection(r: ThreeRegimesReport, text: string): HtmlSection {
  const [t1, t2, t3] = threeRegimesTables(r);
  return {
    title: r.case.title,
    text: [r.case.summary],
    svgs: [r.svg],
    table: { head: [...t1.head, ...t2.head.slice(1), ...t3.head.slice(1)], rows: t1.rows.map((row, k) => [...row, ...t2.rows[k].slice(1), ...t3.rows[k].slice(1)]) },
    pre: [text],
  };
}
