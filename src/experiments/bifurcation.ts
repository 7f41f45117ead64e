// Bifurcation diagram over η: the attractor of θ⊥ and its label (docs/design.md §2, beyond the theorems).
import { InvalidArgumentError } from "../errors.js";
import type { Codim1Model } from "../models/codim1.js";
import type { Regime } from "../theory/regime.js";
import { analyseRun, type Codim1Geometry } from "../codim1/analyse-run.js";
import { countDistinct } from "../observe/distinct.js";
import { linePlotSvg, type PlotSeries } from "../plot/line-plot.js";
import { colour } from "../plot/palette.js";
import { argArray, argInt, argNumber, argObject, argString } from "../check-args.js";

/**
 * Options of {@link bifurcationSweep}: the η grid, steps, tail and start.
 *
 * @category Experiments
 */
export interface BifurcationOptions {
  etaFrom?: number;
  etaTo?: number;
  /** Number of η values, evenly spaced, ends included. Default 151. */
  count?: number;
  /** GD steps per η. Default 100 000 (near η_c the approach to the orbit is slow: rate 1 − C(ηλ* − 2)). */
  steps?: number;
  /** K, the number of final θ⊥ values kept as the attractor. Default 64. */
  tail?: number;
  theta0: ArrayLike<number>;
  onProgress?: (done: number, total: number) => void;
}

/**
 * One η of a bifurcation sweep and the limit points of its run.
 *
 * @category Experiments
 */
export interface BifurcationPoint {
  eta: number;
  /** observeRun's label of the run at this η (docs/design.md §2). */
  label: Regime;
  labelReason: string;
  /** The last K values of θ⊥ (finite ones; empty when the run diverged). */
  attractor: number[];
  /** Distinct attractor values (to 1e-9 relative), at most K. */
  distinct: number;
  /** The regime predicted from η, λ* and λ(θ∥₀). */
  predicted: string;
}

/**
 * What {@link bifurcationSweep} returns: the limit points for each η.
 *
 * @category Experiments
 */
export interface BifurcationResult {
  model: string;
  lambdaStar: number;
  etaCritical: number;
  steps: number;
  tail: number;
  theta0: number[];
  points: BifurcationPoint[];
}

/**
 * A sweep's grid and run settings, checked: η range, count, steps and tail K.
 * @category Sweeps
 */
export interface BifurcationGrid {
  from: number;
  to: number;
  count: number;
  steps: number;
  tail: number;
}

/**
 * The defaults of bifurcationSweep, filled in and validated (InvalidArgumentError on bad values).
 * @example
 * const grid = bifurcationGrid({ etaFrom: 0.9, etaTo: 1.2, count: 30 });
 * gridEta(grid.from, grid.to, grid.count, 0); // the first η
 * @category Sweeps
 */
export function bifurcationGrid(opts: Omit<BifurcationOptions, "theta0" | "onProgress">): BifurcationGrid {
  argObject("bifurcationGrid", "opts", opts);
  const from = opts.etaFrom ?? 0.35, to = opts.etaTo ?? 0.5, count = opts.count ?? 151, steps = opts.steps ?? 100_000, K = opts.tail ?? 64;
  if (!(from > 0 && to >= from && Number.isFinite(to))) throw new InvalidArgumentError(`η range must satisfy 0 < from ≤ to, got [${from}, ${to}]`);
  if (!Number.isInteger(count) || count < 1) throw new InvalidArgumentError(`count must be an integer ≥ 1, got ${count}`);
  if (!Number.isInteger(K) || K < 2 || !Number.isInteger(steps) || steps < 2 * K) throw new InvalidArgumentError(`need integers tail ≥ 2 and steps ≥ 2·tail, got tail ${K}, steps ${steps}`);
  return { from, to, count, steps, tail: K };
}

/**
 * η of grid point i (0-based) of `count` evenly spaced values in [from, to], ends included.
 * @example
 * gridEta(0.9, 1.2, 4, 3); // 1.2, the last of 4 evenly spaced η
 * @category Sweeps
 */
export function gridEta(from: number, to: number, count: number, i: number): number {
  argNumber("gridEta", "from", from); argNumber("gridEta", "to", to); argInt("gridEta", "count", count); argInt("gridEta", "i", i);
  return count === 1 ? from : from + ((to - from) * i) / (count - 1);
}

/**
 * One grid point's outcome: the point and λ* (the same for every η of a sweep).
 * @category Sweeps
 */
export interface BifurcationPointResult {
  point: BifurcationPoint;
  lambdaStar: number;
}

/**
 * One column of the diagram: `steps` steps of GD at `eta` from θ₀, the last K θ⊥ values and observeRun's label.
 * Depends only on its arguments (not on other grid points), so grid points can run in any order, on any thread.
 * @example
 * const { point, lambdaStar } = bifurcationPoint(deepScalar({ depth: 2 }), engineGeometry(), 1.05, 20_000, 200, [1.8, 0.6]);
 * @category Sweeps
 */
export function bifurcationPoint(model: Codim1Model, geometry: Codim1Geometry, eta: number, steps: number, tail: number, theta0: ArrayLike<number>): BifurcationPointResult {
  const K = tail;
  const a = analyseRun(model, geometry, { eta, steps, theta0, record: { logPoints: 200 }, tailSteps: K });
  const attractor = Array.from(a.tail.thetaPerp).filter(Number.isFinite).slice(-K);
  // The same count the period-k labels are checked against, so the diagram and the label never disagree.
  const distinct = countDistinct(attractor);
  return {
    point: { eta, label: a.observation.label, labelReason: a.observation.labelReason, attractor, distinct, predicted: a.prediction.regime.regime },
    lambdaStar: a.prediction.regime.lambdaStar,
  };
}

/**
 * The sweep's result from its points, in grid order (`points[k]` is grid point k, or the k-th present one of a
 * partial sweep). λ* is taken from the last point, as bifurcationSweep does.
 * @example
 * const points = etas.map((eta) => bifurcationPoint(m, geometry, eta, 20_000, 200, theta0));
 * const b = assembleBifurcation(m.name, { steps: 20_000, tail: 200 }, theta0, points);
 * @category Sweeps
 */
export function assembleBifurcation(modelName: string, grid: Pick<BifurcationGrid, "steps" | "tail">, theta0: ArrayLike<number>, points: BifurcationPointResult[]): BifurcationResult {
  argString("assembleBifurcation", "modelName", modelName); argObject("assembleBifurcation", "grid", grid); argArray("assembleBifurcation", "theta0", theta0); argArray("assembleBifurcation", "points", points);
  const lambdaStar = points.length ? points[points.length - 1].lambdaStar : NaN;
  return { model: modelName, lambdaStar, etaCritical: 2 / lambdaStar, steps: grid.steps, tail: grid.tail, theta0: Array.from(theta0), points: points.map((p) => p.point) };
}

/**
 * For each η: run `steps` steps of GD from θ₀, keep the last K θ⊥ values and label the run (observeRun).
 * @example
 * await init();
 * const b = bifurcationSweep(deepScalar({ depth: 2 }), engineGeometry(), { theta0: [1.8, 0.6], count: 50 });
 * const svg = bifurcationSvg(b);
 * @category Experiments
 */
export function bifurcationSweep(model: Codim1Model, geometry: Codim1Geometry, opts: BifurcationOptions): BifurcationResult {
  argObject("bifurcationSweep", "model", model); argObject("bifurcationSweep", "geometry", geometry); argObject("bifurcationSweep", "opts", opts);
  const g = bifurcationGrid(opts);
  const points: BifurcationPointResult[] = [];
  for (let i = 0; i < g.count; i++) {
    points.push(bifurcationPoint(model, geometry, gridEta(g.from, g.to, g.count, i), g.steps, g.tail, opts.theta0));
    opts.onProgress?.(i + 1, g.count);
  }
  return assembleBifurcation(model.name, g, opts.theta0, points);
}

/**
 * The diagram: η on x, the attractor's θ⊥ values on y, coloured by the observed label.
 * @example
 * document.body.insertAdjacentHTML("beforeend", bifurcationSvg(b));
 * @category Experiments
 */
export function bifurcationSvg(r: BifurcationResult): string {
  argObject("bifurcationSvg", "r", r); argArray("bifurcationSvg", "r.points", r.points);
  const labels = [...new Set(r.points.map((p) => p.label))];
  const series: PlotSeries[] = labels.map((label, k) => {
    const xs: number[] = [], ys: number[] = [];
    for (const p of r.points) if (p.label === label) for (const v of p.attractor) { xs.push(p.eta); ys.push(v); }
    return { label, x: xs, y: ys, mode: "points", colour: colour(k) };
  });
  return linePlotSvg({
    title: `Bifurcation diagram: ${r.model}, last ${r.tail} of ${r.steps} steps`,
    xLabel: "learning rate η", yLabel: "θ⊥ (signed distance to M)", series, width: 760, height: 440, legend: true, legendAt: "bottom-left",
    vLines: [{ x: r.etaCritical, label: `η_c = 2/λ* = ${+r.etaCritical.toPrecision(6)}` }],
  });
}
