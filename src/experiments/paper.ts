// The paper's Figures 2, 3 and 4 (MacDonald et al., NeurIPS 2025; docs/design.md §1, §2).
import type { Codim1Model } from "../models/codim1.js";
import { analyseRun, type AnalyseOptions, type Codim1Geometry, type RunAnalysis } from "../codim1/analyse-run.js";
import { panelsSvg, type LegendItem, type PlotSeries, type PlotSpec } from "../plot/line-plot.js";
import { colour } from "../plot/palette.js";
import { paperStarts } from "./starts.js";
import type { Regime } from "../theory/regime.js";
import { argArray, argNumber, argObject } from "../check-args.js";

/**
 * The paper's three regimes (Figures 2, 3, 4): a part of the one vocabulary, Regime (docs/design.md §2).
 * @category Experiments
 */
export type PaperRegime = Extract<Regime, "subcritical" | "critical" | "supercritical">;

/**
 * Which figure of the paper, and at which η relative to η_c (see {@link PAPER_FIGURES}).
 *
 * @category Experiments
 */
export interface PaperFigureSpec {
  figure: 2 | 3 | 4;
  regime: PaperRegime;
  eta: number;
  steps: number;
}

/**
 * Depth 5, y = 1, λ* = 5, η_c = 0.4. η = 0.39 (subcritical; the starts have
 * ηλ(θ∥₀) > 2), 0.4 (critical) and 0.408 (supercritical: ηλ* − 2 = 0.04,
 * crossover ≈ 25 steps). Step counts: long enough for each regime's claim to
 * show (the subcritical and supercritical runs reach rounding level; the
 * critical run spans the two decades [10⁴, 10⁶] the power-law fits use).
 * @category Experiments
 */
export const PAPER_FIGURES: readonly PaperFigureSpec[] = [
  { figure: 2, regime: "subcritical", eta: 0.39, steps: 100_000 },
  { figure: 3, regime: "critical", eta: 0.4, steps: 1_000_000 },
  { figure: 4, regime: "supercritical", eta: 0.408, steps: 100_000 },
];
export const PAPER_DEPTH = 5;
export const PAPER_TARGET = 1;

/**
 * One figure of the paper reproduction: its regime, η and analysed runs.
 *
 * @category Experiments
 */
export interface PaperFigure extends PaperFigureSpec {
  runs: RunAnalysis[];
}

/**
 * What {@link paperExperiment} returns: λ*, η_c and the runs of each figure.
 *
 * @category Experiments
 */
export interface PaperResult {
  depth: number;
  target: number;
  lambdaStar: number;
  etaCritical: number;
  figures: PaperFigure[];
}

/**
 * Options of {@link paperExperiment}.
 *
 * @category Experiments
 */
export interface PaperOptions {
  /** Override the figures (e.g. fewer steps in tests). */
  figures?: readonly PaperFigureSpec[];
  /** Recording of each run; default about 2000 log-spaced steps. */
  record?: AnalyseOptions["record"];
  onProgress?: (msg: string) => void;
}

/**
 * Runs the three figures, five starts each, with predictions and observations (`model` must be deep scalar p = 5, y = 1).
 * @example
 * await init();
 * const paper = paperExperiment(deepScalar({ depth: 5 }), engineGeometry());
 * console.log(formatPaperTable(paper));
 * @category Experiments
 */
export function paperExperiment(model: Codim1Model, geometry: Codim1Geometry, opts: PaperOptions = {}): PaperResult {
  argObject("paperExperiment", "model", model); argObject("paperExperiment", "geometry", geometry); argObject("paperExperiment", "opts", opts, true);
  const starts = paperStarts(PAPER_TARGET);
  const figures = (opts.figures ?? PAPER_FIGURES).map((spec) => {
    opts.onProgress?.(`figure ${spec.figure}: ${spec.regime}, η = ${spec.eta}, ${spec.steps} steps × ${starts.length} starts`);
    const runs = starts.map((theta0) => analyseRun(model, geometry, {
      eta: spec.eta, steps: spec.steps, theta0, record: opts.record ?? { logPoints: 2000 },
      powerWindow: spec.regime === "critical" ? [spec.steps / 100, spec.steps] : undefined,
    }));
    return { ...spec, runs };
  });
  const lambdaStar = figures[0]?.runs[0]?.prediction.regime.lambdaStar ?? geometry.flattest(model, starts[0]).lambdaStar;
  return { depth: PAPER_DEPTH, target: PAPER_TARGET, lambdaStar, etaCritical: 2 / lambdaStar, figures };
}

/**
 * One figure: three panels over the step t (log axis), one colour per start, one legend under them:
 * ‖θ∥ − θ∥*‖ (log), |θ⊥| (log; even and odd steps drawn as two lines, since θ⊥ alternates sign across M and a single
 * line through both would fill the band between them), and λ(θ∥) − λ* (log, or linear for the subcritical figure so
 * that λ* and 2/η are both on it). Reference lines: 2/η − λ* (Fig. 2), the Newton orbit (Fig. 4); reference slopes
 * t^−½ and t^−1 (Fig. 3, docs/design.md §2).
 * @example
 * const svg = paperFigureSvg(paper.figures[0], paper.lambdaStar); // <svg …> for figure 2
 * @category Experiments
 */
export function paperFigureSvg(fig: PaperFigure, lambdaStar: number): string {
  argObject("paperFigureSvg", "fig", fig); argNumber("paperFigureSvg", "lambdaStar", lambdaStar);
  const series = (pick: (r: RunAnalysis) => { x: Float64Array; y: Float64Array }): PlotSeries[] =>
    fig.runs.map((r, k) => ({ label: `start ${k + 1}`, colour: colour(k), ...pick(r) }));
  const gap = (a: Float64Array) => a.map((v) => v - lambdaStar);
  const base = { xLabel: "step t", xLog: true, yLog: true };
  const critical = fig.regime === "critical", sub = fig.regime === "subcritical";
  const distPar = series((r) => ({ x: r.series.step, y: r.series.distPar }));
  const perp = fig.runs.flatMap((r, k) => parityBranches(r.series.step, r.series.thetaPerp).map((b, odd): PlotSeries => ({
    label: odd ? "" : `start ${k + 1}`, colour: colour(k), x: b.x, y: b.y, dashed: odd === 1, width: odd ? 1.1 : 1.4,
  })));
  const lam = series((r) => ({ x: r.series.step, y: gap(r.series.lambdaPar) }));
  if (critical) {
    distPar.push(referenceSlope(distPar, -0.5, fig.steps, "reference slope t^−½"));
    perp.push(referenceSlope(perp, -0.5, fig.steps, "reference slope t^−½"));
    lam.push(referenceSlope(lam, -1, fig.steps, "reference slope t^−1"));
  }
  const panels: PlotSpec[] = [
    { ...base, title: "drift along M", yLabel: "distance along M to θ∥*, ‖θ∥ − θ∥*‖", series: distPar },
    { ...base, title: "bounce across M", yLabel: "distance to the minimum manifold, |θ⊥|", series: perp,
      hLines: fig.regime === "supercritical" ? orbitLines(fig) : [] },
    { ...base, yLog: !sub, title: "sharpness at the projection", yLabel: "sharpness above λ*, λ(θ∥) − λ*", series: lam,
      hLines: sub ? [{ y: 0, label: "λ(θ∥) = λ*" }, { y: 2 / fig.eta - lambdaStar, label: `λ(θ∥) = 2/η (2/η − λ* = ${+(2 / fig.eta - lambdaStar).toPrecision(3)})` }] : [] },
  ];
  const title = `Figure ${fig.figure}: ${fig.regime}, learning rate η = ${fig.eta} (η_c = 2/λ* = ${+(2 / lambdaStar).toPrecision(12)}), depth ${PAPER_DEPTH}, y = ${PAPER_TARGET}`;
  const parity: LegendItem[] = [{ label: "|θ⊥| at even steps", colour: "#555" }, { label: "|θ⊥| at odd steps", colour: "#555", dashed: true }];
  return panelsSvg(title, panels, {
    panelHeight: 330, extraLegend: parity,
    note: "Five starts near M (0.01 off M along the normal), one colour each. θ∥: the projection onto M; λ(θ∥): the sharpness there. Log step axis; values ≤ 0 are not drawn on log axes.",
  });
}

/**
 * The even-step and the odd-step records of a series, |value|: θ⊥ alternates sign across M, so these are the two
 * branches of its period-2 bounce. A single line through both zigzags between them and, where the recorded steps
 * happen to be all even (log-spaced recording: strides of 2, 4, …), stops zigzagging: white columns in a solid band.
 * @example
 * const [even, odd] = parityBranches(run.series.step, run.series.thetaPerp);
 * @category Plots
 */
export function parityBranches(step: ArrayLike<number>, v: ArrayLike<number>): [{ x: number[]; y: number[] }, { x: number[]; y: number[] }] {
  argArray("parityBranches", "step", step); argArray("parityBranches", "v", v);
  const b: [{ x: number[]; y: number[] }, { x: number[]; y: number[] }] = [{ x: [], y: [] }, { x: [], y: [] }];
  const n = Math.min(step.length, v.length);
  for (let i = 0; i < n; i++) {
    const t = step[i];
    if (!Number.isFinite(t)) continue;
    const k = Math.abs(Math.round(t)) % 2;
    b[k].x.push(t); b[k].y.push(Math.abs(v[i]));
  }
  return b;
}

/** A straight line c·t^a on log–log axes over [N/1000, N], a factor 2 above the largest of the series at the end. */
function referenceSlope(ss: PlotSeries[], a: number, N: number, label: string): PlotSeries {
  let top = 0;
  for (const s of ss) {
    const n = Math.min(s.x.length, s.y.length);
    for (let i = n - 1; i >= 0 && s.x[i] >= N / 2; i--) if (Number.isFinite(s.y[i])) top = Math.max(top, Math.abs(s.y[i]));
  }
  const c = 2 * top * Math.pow(N, -a), t0 = N / 1000;
  return { label, colour: "#222", dashed: true, width: 1.2, x: [t0, N], y: [c * Math.pow(t0, a), c * Math.pow(N, a)] };
}

function orbitLines(fig: PaperFigure): { y: number; label: string }[] {
  const o = fig.runs[0]?.prediction.orbit;
  if (!o?.thetaPerp) return [];
  return o.thetaPerp.map((v) => ({ y: Math.abs(v), label: `Newton orbit |θ⊥| = ${Math.abs(v).toPrecision(3)}` }));
}

/**
 * One row per run of the predicted-vs-measured table.
 * @category Experiments
 */
export interface PaperRow {
  figure: number;
  regime: PaperRegime;
  start: number;
  eta: number;
  etaLambdaParStart: number;
  predicted: string;
  observed: string;
  tau: number | null;
  lambdaParFinal: number;
  rate: { predicted: number | null; measured: number | null; quantity: string | null };
  exponents: { thetaPerp: number | null; distPar: number | null; loss: number | null; lambdaGap: number | null } | null;
  orbit: { predicted: [number, number] | null; measured: [number, number] | null };
  distParFinal: number;
  checksPassed: number;
  checksTotal: number;
  failed: string[];
}

/**
 * One table row per run of a paper reproduction: predicted against measured.
 *
 * @example
 * for (const row of paperRows(paper)) console.log(row.figure, row.predicted, row.observed);
 * @category Experiments
 */
export function paperRows(r: PaperResult): PaperRow[] {
  argObject("paperRows", "r", r); argArray("paperRows", "r.figures", r.figures);
  return r.figures.flatMap((fig) => fig.runs.map((a, k) => {
    const pl = a.observation.powerLaw;
    const po = a.prediction.orbit?.thetaPerp ? ([...a.prediction.orbit.thetaPerp].sort((u, v) => v - u) as [number, number]) : null;
    const decided = a.checks.filter((c) => c.pass !== null);
    return {
      figure: fig.figure, regime: fig.regime, start: k + 1, eta: fig.eta, etaLambdaParStart: fig.eta * a.start.lambdaPar,
      predicted: a.prediction.regime.regime, observed: a.observation.label, tau: a.observation.tau, lambdaParFinal: a.final.lambdaPar,
      rate: { predicted: a.prediction.rate, measured: a.observation.linear?.fit.rate ?? null, quantity: a.observation.linear?.quantity ?? null },
      exponents: fig.regime === "critical" && pl ? { thetaPerp: pl.thetaPerp.exponent, distPar: pl.distPar.exponent, loss: pl.loss.exponent, lambdaGap: pl.lambdaGap.exponent } : null,
      orbit: { predicted: po, measured: a.observation.orbit },
      distParFinal: a.final.distPar,
      checksPassed: decided.filter((c) => c.pass).length, checksTotal: decided.length,
      failed: a.checks.filter((c) => c.pass === false).map((c) => c.name),
    };
  }));
}
