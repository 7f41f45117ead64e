// What the three views compute, in their worker (view-worker.ts): each is the library's own experiment called as
// the CLI and the report call it, so a view's numbers are the library's numbers (the browser test recomputes them
// in Node). Pure functions of their parameters: no DOM; they return JSON numbers and an SVG string.
import type { Engine } from "../../engine.js";
import { InvalidArgumentError } from "../../errors.js";
import { catapultSweep, CATAPULT_RISE, type CatapultOutcome, type CatapultClassification } from "../../experiments/catapult.js";
import { sharpeningExperiment, SHARPENING_REACH } from "../../experiments/sharpening.js";
import { regimeMapGrid, regimeMapSvg, type RegimeMapGrid } from "../../experiments/regime-map.js";
import { specTitle, sweepFigures } from "../../experiments/sweep-figures.js";
import type { DataModelSpec } from "../../models/data-model.js";
import { linePlotSvg, type PlotSpec } from "../../plot/line-plot.js";
import { parseMergedSweep } from "./sweep-file.js";
import type { CatapultParams, SharpeningModel, SharpeningParams } from "./view-protocol.js";

/** Widths the catapult view offers (the catapult is a wide-network effect; 4096 still runs in a few seconds). */
export const CATAPULT_WIDTHS = [64, 128, 256, 512, 1024, 2048, 4096] as const;
/** The catapult problem's samples n and input dimension d: catapultSweep's defaults, as `eoslab catapult` uses them. */
const CATAPULT_N = 8, CATAPULT_D = 16;

/** Checks the catapult view's parameters (they come from attributes and controls): one-line errors. */
export function checkCatapultParams(p: CatapultParams): CatapultParams {
  if (!(CATAPULT_WIDTHS as readonly number[]).includes(p.width)) throw new InvalidArgumentError(`width must be one of ${CATAPULT_WIDTHS.join(", ")}, got ${p.width}`);
  if (!Number.isInteger(p.seed) || p.seed < 0 || p.seed >= 2 ** 32) throw new InvalidArgumentError(`seed must be an integer in [0, 2³²), got ${p.seed}`);
  if (!(Number.isFinite(p.etaFrac) && p.etaFrac > 0 && p.etaFrac <= 4)) throw new InvalidArgumentError(`η·λ₀/2 must be in (0, 4], got ${p.etaFrac}`);
  if (!Number.isInteger(p.steps) || p.steps < 10 || p.steps > 2000) throw new InvalidArgumentError(`steps must be an integer in [10, 2000], got ${p.steps}`);
  return p;
}

/** The catapult view's numbers: the row catapultSweep reports for this η, and the run behind it. */
export interface CatapultViewResult {
  kind: "catapult";
  params: CatapultParams;
  /** The problem's samples n and input dimension d. */
  samples: number;
  dim: number;
  lambda0: number;
  loss0: number;
  eta: number;
  outcome: CatapultOutcome;
  detail: CatapultClassification["detail"];
  peakLossRatio: number;
  /** λ at the last step (null after a blow-up). */
  lambdaFinal: number | null;
  etaLambdaFinal: number | null;
  finalLossRatio: number;
  stepBelow: number | null;
  stepsDone: number;
  svg: string;
}

/** Two plots as two SVG documents one after the other: the view lays them side by side, or one above the other on a phone. */
const panels = (plots: PlotSpec[]): string => plots.map((pl) => linePlotSvg({ ...pl, width: 420, height: 280 })).join("");

/** Where the catapult view's loss plot stops (relative to ℓ₀). */
const LOSS_FLOOR = 1e-12;

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

/**
 * One catapult run at η = etaFrac·2/λ₀: catapultSweep over the one-point grid [etaFrac] without bisection, so the
 * outcome is the library's classifier (classifyCatapult) on the library's run.
 */
export function computeCatapult(params: CatapultParams): CatapultViewResult {
  const p = checkCatapultParams(params);
  const r = catapultSweep({ width: p.width, seed: p.seed, samples: CATAPULT_N, dim: CATAPULT_D, steps: p.steps, grid: [p.etaFrac], refine: 0, keepRuns: true });
  const row = r.rows[0], run = r.runs[0].run;
  const ink = "#1f2933", accent = "#2563eb";
  // The loss plot stops once ℓ_t/ℓ₀ < LOSS_FLOOR: below it the loss only shows rounding, and the rise of a catapult
  // (a few steps near the start) would be squeezed against the y axis.
  const ratio = Array.from(run.loss, (l) => l / run.loss[0]);
  const shown = Math.max(2, ratio.findIndex((q) => q < LOSS_FLOOR) + 1 || ratio.length);
  const lossPlot: PlotSpec = {
    title: shown < ratio.length ? `loss / initial loss (to step ${shown - 1}, ℓ_t/ℓ₀ < 10⁻¹²)` : "loss / initial loss", xLabel: "step", yLabel: "ℓ_t / ℓ₀", yLog: true, legend: false,
    series: [{ label: "ℓ_t / ℓ₀", colour: accent, x: ratio.slice(0, shown).map((_, t) => t), y: ratio.slice(0, shown) }],
    hLines: [{ y: CATAPULT_RISE, label: `${CATAPULT_RISE}·ℓ₀ (rise)` }],
  };
  const lambdaPlot: PlotSpec = {
    title: "sharpness λ_t", xLabel: "step", yLabel: "λ_t", legend: false,
    series: [{ label: "λ_t", colour: ink, x: run.lambdaSteps, y: run.lambda }],
    hLines: [{ y: 2 / run.eta, label: "2/η" }],
  };
  const svg = panels([lossPlot, lambdaPlot]);
  return {
    kind: "catapult", params: p, samples: r.samples, dim: r.dim, lambda0: r.lambda0, loss0: r.loss0, eta: row.eta, outcome: row.outcome, detail: row.detail,
    peakLossRatio: row.peakLossRatio, lambdaFinal: finite(row.lambdaFinal), etaLambdaFinal: finite(row.etaLambdaFinal),
    finalLossRatio: row.finalLossRatio, stepBelow: row.stepBelow, stepsDone: row.stepsDone, svg,
  };
}

/**
 * The sharpening view's networks, as docs/sharpening.md runs them: the tanh MLP with h = 16 at LeCun scale, the deep
 * linear network 4,16,16,1 from init scale 0.1 (so that its λ has room to grow), on sharpeningData() (n = 200, d = 4).
 */
export const SHARPENING_MODELS: Record<SharpeningModel, { spec: DataModelSpec; initScale: number; eta: { min: number; max: number; value: number } }> = {
  "tanh-mlp": { spec: { kind: "tanh-mlp", n: 200, d: 4, h: 16 }, initScale: 1, eta: { min: 0.0005, max: 0.003, value: 0.002 } },
  "deep-linear-data": { spec: { kind: "deep-linear-data", n: 200, d: 4, widths: [4, 16, 16, 1] }, initScale: 0.1, eta: { min: 0.001, max: 0.004, value: 0.0021 } },
};

/** Checks the sharpening view's parameters: one-line errors. */
export function checkSharpeningParams(p: SharpeningParams): SharpeningParams {
  if (!(p.model in SHARPENING_MODELS)) throw new InvalidArgumentError(`model must be tanh-mlp or deep-linear-data, got ${String(p.model)}`);
  if (!(Number.isFinite(p.eta) && p.eta > 0 && p.eta <= 0.1)) throw new InvalidArgumentError(`η must be in (0, 0.1], got ${p.eta}`);
  if (!Number.isInteger(p.steps) || p.steps < 10 || p.steps > 5000) throw new InvalidArgumentError(`steps must be an integer in [10, 5000], got ${p.steps}`);
  if (!Number.isInteger(p.every) || p.every < 1 || p.every > p.steps) throw new InvalidArgumentError(`every must be an integer in [1, steps], got ${p.every}`);
  return p;
}

/** The sharpening view's numbers: sharpeningExperiment's run at this η. */
export interface SharpeningViewResult {
  kind: "sharpening";
  params: SharpeningParams;
  modelName: string;
  p: number;
  lambda0: number;
  /** First measured step with λ ≥ 0.9·2/η, or null. */
  reachStep: number | null;
  /** Mean and sd of ηλ/2 over the measurements from reachStep on (null: never reached). */
  afterMean: number | null;
  afterSd: number | null;
  lossUpFraction: number;
  lossUpFractionAfter: number | null;
  lambdaMax: number;
  finalLoss: number;
  stepsDone: number;
  diverged: boolean;
  svg: string;
}

/** One sharpening run at η through sharpeningExperiment (the same call `eoslab sharpening` makes for each η). */
export function computeSharpening(params: SharpeningParams, engine?: Engine): SharpeningViewResult {
  const p = checkSharpeningParams(params);
  const m = SHARPENING_MODELS[p.model];
  const r = sharpeningExperiment({ spec: m.spec, etas: [p.eta], steps: p.steps, every: p.every, initScale: m.initScale, engine });
  const run = r.runs[0];
  const lossPlot: PlotSpec = {
    title: "training loss ½‖F − y‖²", xLabel: "step", yLabel: "loss", yLog: true, legend: false,
    series: [{ label: "loss", colour: "#2563eb", x: Array.from(run.loss, (_, t) => t), y: run.loss }],
  };
  const lambdaPlot: PlotSpec = {
    title: "sharpness λ(θ_t)", xLabel: "step", yLabel: "λ", legend: false,
    series: [{ label: "λ", colour: "#1f2933", x: run.lambdaSteps, y: run.lambda }],
    hLines: [{ y: 2 / p.eta, label: "2/η" }, { y: (SHARPENING_REACH * 2) / p.eta, label: `${SHARPENING_REACH}·2/η` }],
  };
  const svg = panels([lossPlot, lambdaPlot]);
  return {
    kind: "sharpening", params: p, modelName: r.model, p: r.p, lambda0: r.lambda0, reachStep: run.reachStep,
    afterMean: run.afterReach?.mean ?? null, afterSd: run.afterReach?.sd ?? null, lossUpFraction: run.lossUpFraction,
    lossUpFractionAfter: run.lossUpFractionAfter, lambdaMax: run.lambdaMax, finalLoss: run.loss[run.loss.length - 1],
    stepsDone: run.stepsDone, diverged: run.diverged, svg,
  };
}

/** The regime-map view's figure of a merged sweep file: which figure, its SVG, and for two axes the grid. */
export interface RegimeMapViewResult {
  kind: "regime-map";
  name: string;
  figure: "regime-map" | "bifurcation" | "attractor";
  title: string;
  axes: string[];
  points: number;
  count: number;
  /** Points per observed label, in first-seen order. */
  labels: { label: string; points: number }[];
  grid: RegimeMapGrid | null;
  svg: string;
}

/**
 * The figure of a merged sweep file, chosen by its axes as `eoslab merge --figures` chooses it (sweepFigures): the
 * regime map for two axes, the bifurcation diagram for η alone, the attractor diagram for one other axis.
 */
export function computeRegimeMap(text: string, name: string): RegimeMapViewResult {
  const { spec, count, rows } = parseMergedSweep(text);
  const axes = spec.axes.map((a) => a.name);
  if (axes.length > 2) throw new InvalidArgumentError(`the sweep has ${axes.length} axes (${axes.join(", ")}); this view draws one axis or two`);
  const tally = new Map<string, number>();
  for (const r of rows) tally.set(r.observed, (tally.get(r.observed) ?? 0) + 1);
  const labels = [...tally].map(([label, points]) => ({ label, points }));
  const title = `${specTitle(spec)}, ${spec.steps} steps`;
  const base = { kind: "regime-map" as const, name, title, axes, points: rows.length, count, labels };
  if (axes.length === 2) {
    const grid = regimeMapGrid(spec, rows);
    return { ...base, figure: "regime-map", grid, svg: regimeMapSvg(grid, `Regime map: ${title}`) };
  }
  const svg = sweepFigures(spec, rows).find((f) => f.file.endsWith(".svg"))?.text;
  if (!svg) throw new InvalidArgumentError("no figure for this sweep");
  return { ...base, figure: axes[0] === "eta" || axes[0] === "etaFrac" ? "bifurcation" : "attractor", grid: null, svg };
}
