// Bifurcation diagram over η: the attractor of θ⊥ and its label (docs/design.md §2, beyond the theorems).
import { InvalidArgumentError } from "../errors.js";
import type { Codim1Model } from "../models/codim1.js";
import type { Regime } from "../theory/regime.js";
import { analyseRun, type Codim1Geometry } from "../codim1/analyse-run.js";
import { checkRunStart } from "../codim1/predict-run.js";
import { geometryWithMain, laneWidth, runDeepScalarLanes } from "../codim1/lanes-run.js";
import { Engine } from "../engine.js";
import { isBuiltInDeepScalar, type DeepScalarModel } from "../models/deep-scalar.js";
import type { RunResult } from "../series/run-series.js";
import { countDistinct } from "../observe/distinct.js";
import { linePlotSvg, type PlotSeries } from "../plot/line-plot.js";
import { colour } from "../plot/palette.js";
import { argArray, argInt, argNumber, argObject, argString } from "../check-args.js";
import { portablePow } from "../linalg/portable-math.js";

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
  /**
   * With an engine, deep scalar columns run their main stretch several at a time in that engine's SIMD lanes
   * ({@link bifurcationPoints}); the points are the same bits either way.
   */
  engine?: Engine;
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

/** The main run's record plan of a bifurcation column (and of every codimension-1 sweep point, which runs as one). */
export const COLUMN_RECORD = { logPoints: 200 } as const;

/**
 * One column of the diagram: `steps` steps of GD at `eta` from θ₀, the last K θ⊥ values and observeRun's label.
 * Depends only on its arguments (not on other grid points), so grid points can run in any order, on any thread.
 * @example
 * const { point, lambdaStar } = bifurcationPoint(deepScalar({ depth: 2 }), engineGeometry(), 1.05, 20_000, 200, [1.8, 0.6]);
 * @category Sweeps
 */
export function bifurcationPoint(model: Codim1Model, geometry: Codim1Geometry, eta: number, steps: number, tail: number, theta0: ArrayLike<number>): BifurcationPointResult {
  return columnOf(model, geometry, eta, steps, tail, theta0);
}

/**
 * Columns of the diagram at several η with the same steps, tail and start: bifurcationPoint at each η, bit for bit.
 * With `opts.engine` and the built-in deep scalar model, the columns' main stretches (all but the tail) run together,
 * four per loop at depth 5 and two otherwise, in the SIMD lanes of that engine (docs/design.md §3, "Whole loops in
 * wasm"); the records, the tail and the labels are then each column's own, as bifurcationPoint computes them. Each
 * record is still written by the single-run kernel, so the lanes help long columns (×1.2–1.3 at 10⁵ steps, ×1.5–2.0
 * at 10⁶, depth 5, over the rounds measured) and hardly short ones (docs/engine.md, "Lanes").
 * @example
 * const m = deepScalar({ depth: 5 }), engine = initSync();
 * const cols = bifurcationPoints(m, engineGeometry(engine), [0.38, 0.4, 0.42, 0.44], 100_000, 64, [1.3, 1, 1, 0.9, 0.8], { engine });
 * cols.map((c) => c.point.label);
 * @category Sweeps
 */
export function bifurcationPoints(
  model: Codim1Model, geometry: Codim1Geometry, etas: readonly number[], steps: number, tail: number, theta0: ArrayLike<number>, opts: { engine?: Engine } = {},
): BifurcationPointResult[] {
  argObject("bifurcationPoints", "model", model); argObject("bifurcationPoints", "geometry", geometry); argArray("bifurcationPoints", "etas", etas);
  argInt("bifurcationPoints", "steps", steps); argInt("bifurcationPoints", "tail", tail); argArray("bifurcationPoints", "theta0", theta0);
  argObject("bifurcationPoints", "opts", opts); argEngine("bifurcationPoints", opts.engine);
  etas.forEach((eta, i) => argNumber("bifurcationPoints", `etas[${i}]`, eta));
  const engine = opts.engine;
  if (engine === undefined || !isBuiltInDeepScalar(model) || etas.length < 2) return etas.map((eta) => columnOf(model, geometry, eta, steps, tail, theta0));
  // Only starts analyseRun accepts go into the lanes; any other column runs alone, where its problem is reported as usual.
  let start: Float64Array;
  try {
    start = checkRunStart(model, etas[0]!, theta0).theta0;
  } catch {
    return etas.map((eta) => columnOf(model, geometry, eta, steps, tail, theta0));
  }
  const K = Math.min(tail, Math.floor(steps / 2)); // analyseRun's tail
  const width = laneWidth((model as DeepScalarModel).depth);
  const out: BifurcationPointResult[] = [];
  for (let at = 0; at < etas.length; at += width) {
    const group = etas.slice(at, at + width);
    const valid = group.every((eta) => Number.isFinite(eta) && eta > 0);
    const mains: (RunResult | null)[] = valid && group.length > 1 && steps - K > 0
      ? runDeepScalarLanes(model as DeepScalarModel, group.map((eta) => ({ eta, theta0: start })), { steps: steps - K, record: COLUMN_RECORD, lambdaAt: false, engine })
      : group.map(() => null);
    group.forEach((eta, j) => {
      const main = mains[j];
      out.push(columnOf(model, main ? geometryWithMain(geometry, main, eta) : geometry, eta, steps, tail, theta0));
    });
  }
  return out;
}

function argEngine(fn: string, engine: unknown): void {
  if (engine !== undefined && !(engine instanceof Engine)) throw new InvalidArgumentError(`${fn}: opts.engine must be an Engine (from init() or initSync()), or omitted`);
}

/** One column (bifurcationPoint's body): analyseRun with the column's record plan, and its tail as the attractor. */
function columnOf(model: Codim1Model, geometry: Codim1Geometry, eta: number, steps: number, tail: number, theta0: ArrayLike<number>): BifurcationPointResult {
  const K = tail;
  // A column keeps only labels and the tail's θ⊥: λ(θ) is never read, so no record computes it (docs/engine.md, "Lanes").
  const a = analyseRun(model, geometry, { eta, steps, theta0, record: COLUMN_RECORD, tailSteps: K, gfsSharpness: false, lambdaAt: false });
  const attractor = Array.from(a.tail.thetaPerp).filter(Number.isFinite).slice(-K);
  // The same count the period-k labels are checked against, so the diagram and the label never disagree.
  const distinct = countDistinct(attractor);
  return {
    point: { eta, label: a.observation.label, labelReason: a.observation.labelReason, attractor, distinct, predicted: a.prediction.regime.regime },
    lambdaStar: a.prediction.regime.lambdaStar,
  };
}

/**
 * How many steps a bifurcation column should run before its tail is read, and whether the cap cut that short.
 * @category Experiments
 */
export interface BifurcationTransient {
  /** Steps to run before keeping the tail: min(wanted, cap). */
  steps: number;
  /** The steps the rule asks for: max(base, factor·p²·crossover); Infinity exactly at η_c. */
  wanted: number;
  /** The crossover time 1/|ηλ* − 2| (docs/design.md §2). */
  crossover: number;
  /** True when the cap cut the transient short: the column may not have reached its attractor yet. */
  capped: boolean;
}

/**
 * The transient rule's constants. `factor·p²/|ηλ* − 2|` is measured, not proved: on deep scalar factorisation from
 * the explorer's starts (0.01 off M), the steps until |θ⊥| stays within 1e-4 of its attractor times |ηλ* − 2| were
 * 6p² (p = 3) to 9p² (p = 12, 16) below η_c, and 4p² above. Below η_c the run ends on a minimum whose ηλ(θ∥∞) is
 * only ~p⁻²·|ηλ* − 2|/2 under 2, so the subcritical rate |1 − ηλ(θ∥∞)| is that close to 1 (docs/design.md §2, §3).
 * The cap keeps a 240-column diagram at depth 12 near 7·10⁶ steps in all.
 * @category Experiments
 */
export const BIFURCATION_TRANSIENT = { base: 20_000, factor: 10, cap: 300_000 } as const;

/**
 * The transient of one bifurcation column at `eta`: the crossover time 1/|ηλ* − 2| scaled by factor·p² (p = the
 * number of parameters), at least `base` and at most `cap` steps. Near η_c the approach to the attractor slows down
 * like the crossover time on both sides (docs/design.md §2, §3), so a fixed transient opens a false fork before η_c.
 * @example
 * const t = bifurcationTransient(0.995 / 6, 12, 12); // depth 12, y = 1: λ* = 12, η_c = 1/6
 * t.steps;  // 144 000 = 10·12²/0.01
 * t.capped; // false
 * @category Experiments
 */
export function bifurcationTransient(eta: number, lambdaStar: number, dim: number, opts: { base?: number; factor?: number; cap?: number } = {}): BifurcationTransient {
  argNumber("bifurcationTransient", "eta", eta); argNumber("bifurcationTransient", "lambdaStar", lambdaStar); argInt("bifurcationTransient", "dim", dim);
  argObject("bifurcationTransient", "opts", opts);
  const base = opts.base ?? BIFURCATION_TRANSIENT.base, factor = opts.factor ?? BIFURCATION_TRANSIENT.factor, cap = opts.cap ?? BIFURCATION_TRANSIENT.cap;
  argInt("bifurcationTransient", "opts.base", base); argNumber("bifurcationTransient", "opts.factor", factor); argInt("bifurcationTransient", "opts.cap", cap);
  if (!(Number.isFinite(eta) && eta > 0)) throw new InvalidArgumentError(`η must be a finite number > 0, got ${eta}`);
  if (!(Number.isFinite(lambdaStar) && lambdaStar > 0)) throw new InvalidArgumentError(`λ* must be a finite number > 0, got ${lambdaStar}`);
  if (dim < 1) throw new InvalidArgumentError(`dim (the number of parameters) must be ≥ 1, got ${dim}`);
  if (!(base >= 0 && cap >= base)) throw new InvalidArgumentError(`need 0 ≤ base ≤ cap, got base ${base}, cap ${cap}`);
  if (!(Number.isFinite(factor) && factor >= 0)) throw new InvalidArgumentError(`factor must be a finite number ≥ 0, got ${factor}`);
  const crossover = 1 / Math.abs(eta * lambdaStar - 2);
  const wanted = Math.max(base, Number.isFinite(crossover) ? Math.ceil(factor * dim * dim * crossover) : Infinity);
  return { steps: Math.min(wanted, cap), wanted, crossover, capped: wanted > cap };
}

/**
 * Whether a column's tail has settled, to `tol` in θ⊥: the tail is read at each parity (θ⊥ alternates sign across M);
 * a parity whose values still move monotonically is extrapolated geometrically (Aitken: the remaining move is
 * |d|·q/(1 − q) for the last difference d and the measured contraction q of the differences), and the tail is
 * unsettled when that remaining move exceeds tol. A parity that is not monotone (an orbit of period 4 or more, chaos,
 * rounding noise on M) counts as settled: this check is for the slow approach near η_c, nothing else.
 * @example
 * tailSettled([0.005, -0.005, 0.0045, -0.0045, 0.00405, -0.00405], 1e-4); // false: still shrinking onto M
 * tailSettled([0.04, -0.05, 0.04, -0.05, 0.04, -0.05], 1e-4); // true: a period-2 orbit
 * @category Experiments
 */
export function tailSettled(tail: ArrayLike<number>, tol = 1e-4): boolean {
  argArray("tailSettled", "tail", tail); argNumber("tailSettled", "tol", tol);
  if (!(Number.isFinite(tol) && tol > 0)) throw new InvalidArgumentError(`tol must be a finite number > 0, got ${tol}`);
  for (let r = 0; r < 2; r++) {
    const s: number[] = [];
    for (let i = r; i < tail.length; i += 2) s.push(tail[i]);
    if (s.some((x) => !Number.isFinite(x))) throw new InvalidArgumentError(`the tail must be finite numbers`);
    if (s.length < 3) continue;
    const d = s.slice(1).map((x, j) => x - s[j]);
    const up = d.every((x) => x > 0), down = d.every((x) => x < 0);
    if (!up && !down) continue;
    const first = Math.abs(d[0]), last = Math.abs(d[d.length - 1]);
    const q = d.length > 1 ? portablePow(last / first, 1 / (d.length - 1)) : 1; // decides when a run stops: portable
    // Not contracting: still moving away (or steady drift); unsettled if that drift would show within one more tail.
    const remaining = q < 1 ? (last * q) / (1 - q) : last * tail.length;
    if (remaining > tol) return false;
  }
  return true;
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
  argEngine("bifurcationSweep", opts.engine);
  const g = bifurcationGrid(opts);
  const points: BifurcationPointResult[] = [];
  // A group as wide as the lanes, so progress is reported as often as the lanes allow; without an engine there are no
  // lanes, and progress comes after every column.
  const width = opts.engine !== undefined && isBuiltInDeepScalar(model) ? laneWidth((model as DeepScalarModel).depth) : 1;
  for (let i = 0; i < g.count; i += width) {
    const etas: number[] = [];
    for (let k = i; k < Math.min(g.count, i + width); k++) etas.push(gridEta(g.from, g.to, g.count, k));
    points.push(...bifurcationPoints(model, geometry, etas, g.steps, g.tail, opts.theta0, { engine: opts.engine }));
    opts.onProgress?.(points.length, g.count);
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
  // A tail still moving (tailSettled) is drawn apart, in grey, and named in the legend: its values are not limit points.
  // Decided from the stored attractor, so points read back from a sweep file are marked the same way. A critical
  // column is a tail still decaying by definition (a power law), and its label already says so.
  const unsettled = (p: BifurcationPoint) => p.label !== "critical" && p.attractor.length > 0 && !tailSettled(p.attractor);
  const labels = [...new Set(r.points.filter((p) => !unsettled(p)).map((p) => p.label))];
  const series: PlotSeries[] = labels.map((label) => {
    const xs: number[] = [], ys: number[] = [];
    for (const p of r.points) if (p.label === label && !unsettled(p)) for (const v of p.attractor) { xs.push(p.eta); ys.push(v); }
    return { label, x: xs, y: ys, mode: "points", colour: labelColour(label) };
  });
  if (r.points.some(unsettled)) {
    const xs: number[] = [], ys: number[] = [];
    for (const p of r.points) if (unsettled(p)) for (const v of p.attractor) { xs.push(p.eta); ys.push(v); }
    series.push({ label: "tail not settled (still moving)", x: xs, y: ys, mode: "points", colour: "#9aa0a6" });
  }
  return linePlotSvg({
    title: `Bifurcation diagram: ${r.model}, last ${r.tail} of ${r.steps} steps`,
    xLabel: "learning rate η", yLabel: "signed distance to the minimum manifold, θ⊥", series, width: 760, height: 460, legend: true, legendAt: "below",
    vLines: [{ x: r.etaCritical, label: `η_c = 2/λ* = ${+r.etaCritical.toPrecision(6)}` }],
  });
}

/** One colour per label in every diagram (not by order of appearance), so two diagrams can be compared at a glance. */
function labelColour(label: Regime): string {
  const fixed = ["stable", "subcritical", "critical", "supercritical", "period-4", "not-converged", "chaotic", "period-8", "divergent", "saddle"];
  const k = fixed.indexOf(label);
  return colour(k >= 0 ? k : fixed.length + (Number(/\d+/.exec(label)?.[0] ?? 0) % 7));
}
