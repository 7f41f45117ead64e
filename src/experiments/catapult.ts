// The catapult of Lewkowycz et al. (2020) on the NTK two-layer linear network (docs/design.md §4): full-batch GD
// from one θ₀ at η = etaFrac·2/λ₀ for each etaFrac on a grid, each run labelled lazy, catapult or diverged by the
// measurable rules below, and the edges of the catapult window located by bisection between grid points.
// Everything runs in plain JS (the model's products cost O(m·d + n·d); wasm kernels for it are a follow-up).
import { InvalidArgumentError } from "../errors.js";
import { argArray, argInt, argNumber, argObject } from "../check-args.js";
import { RandomState } from "../random/random-state.js";
import { ntkTwoLayer, ntkTwoLayerInit, ntkTwoLayerSharpness, type NtkTwoLayer } from "../models/ntk-two-layer.js";
import { panelsSvg, type PlotSpec } from "../plot/line-plot.js";
import { colour } from "../plot/palette.js";

/**
 * The three outcomes of a catapult run (rules: {@link classifyCatapult}).
 * @category Experiments
 */
export type CatapultOutcome = "lazy" | "catapult" | "diverged";

/**
 * A run "rose" when its peak loss exceeds CATAPULT_RISE × its initial loss ({@link classifyCatapult}).
 * @category Experiments
 */
export const CATAPULT_RISE = 2;
/**
 * A run "blew up" (and is stopped) when its loss is non-finite or exceeds CATAPULT_BLOWUP × its initial loss.
 * @category Experiments
 */
export const CATAPULT_BLOWUP = 1e8;
/**
 * The default grid of η·λ₀/2 of {@link catapultSweep}: two lazy, three catapult and two diverging values as predicted.
 * @category Experiments
 */
export const CATAPULT_GRID: readonly number[] = [0.5, 0.9, 1.1, 1.5, 1.9, 2.1, 2.5];

/**
 * The data and θ₀ of one catapult problem, all drawn from one `RandomState(seed)` stream, in this order (numpy:
 * `rs = np.random.RandomState(seed); X = rs.randn(n, d) / np.sqrt(d); y = rs.randn(n); U = rs.randn(m, d);
 * v = rs.randn(m)`). The data come first so that they do not depend on the width m.
 * @category Experiments
 */
export interface CatapultProblem {
  model: NtkTwoLayer;
  theta0: Float64Array;
}

/**
 * Builds a catapult problem: X = randn(n, d)/√d (rows of norm ≈ 1), y = randn(n), then θ₀ = [U row-major; v].
 * @example
 * const { model, theta0 } = catapultProblem(0, 512, 8, 16);
 * model.loss(theta0);
 * @category Experiments
 */
export function catapultProblem(seed: number, m: number, n: number, d: number): CatapultProblem {
  const fn = "catapultProblem";
  argInt(fn, "seed", seed); argInt(fn, "m", m); argInt(fn, "n", n); argInt(fn, "d", d);
  if (n < 1 || d < 1 || m < 1) throw new InvalidArgumentError(`${fn}: m, n and d must be ≥ 1, got m = ${m}, n = ${n}, d = ${d}`);
  const rs = new RandomState(seed);
  const X = rs.randn(n * d);
  const sd = 1 / Math.sqrt(d);
  for (let i = 0; i < X.length; i++) X[i] *= sd;
  const y = rs.randn(n);
  const theta0 = ntkTwoLayerInit(m, d, rs);
  return { model: ntkTwoLayer({ m, X, y, d }), theta0 };
}

/**
 * Options of {@link catapultRun}.
 * @category Experiments
 */
export interface CatapultRunOptions {
  /** GD steps (default 300). */
  steps?: number;
  /** Measure λ every this many steps (default 2); 0: only at the end. λ at step 0 is given or measured. */
  lambdaEvery?: number;
  /** λ₀ and its eigenvector at θ₀, if known (saves a solve; the vector warm-starts the first Lanczos). */
  lambda0?: { lambda: number; vector: Float64Array };
}

/**
 * One catapult run: the loss at every step (stopped early on blow-up), λ at the measured steps.
 * @category Experiments
 */
export interface CatapultRunResult {
  eta: number;
  /** ℓ(θ_t) for t = 0 … stepsDone. */
  loss: Float64Array;
  /** Steps at which λ was measured (always 0 and the last step, when finite). */
  lambdaSteps: number[];
  /** λ(θ_t) at those steps (warm-started Lanczos). */
  lambda: number[];
  /** Steps taken (fewer than asked when the run blew up). */
  stepsDone: number;
  blewUp: boolean;
}

/**
 * Full-batch GD θ ← θ − η∇ℓ(θ) from θ₀, with λ tracked by warm-started Lanczos (docs/design.md §3).
 * @example
 * const { model, theta0 } = catapultProblem(0, 256, 8, 16);
 * const run = catapultRun(model, theta0, 3 / ntkTwoLayerSharpness(model, theta0).lambda);
 * @category Experiments
 */
export function catapultRun(model: NtkTwoLayer, theta0: Float64Array, eta: number, opts: CatapultRunOptions = {}): CatapultRunResult {
  const fn = "catapultRun";
  argObject(fn, "model", model); argArray(fn, "theta0", theta0); argNumber(fn, "eta", eta); argObject(fn, "opts", opts, true);
  argInt(fn, "opts.steps", opts.steps, true); argInt(fn, "opts.lambdaEvery", opts.lambdaEvery, true);
  const steps = opts.steps ?? 300, every = opts.lambdaEvery ?? 2;
  if (!(eta > 0)) throw new InvalidArgumentError(`${fn}: eta must be > 0, got ${eta}`);
  if (steps < 1) throw new InvalidArgumentError(`${fn}: steps must be ≥ 1, got ${steps}`);
  if (every < 0) throw new InvalidArgumentError(`${fn}: lambdaEvery must be ≥ 0, got ${every}`);
  const theta = Float64Array.from(theta0), g = new Float64Array(model.p);
  const loss: number[] = [];
  const lambdaSteps: number[] = [], lambda: number[] = [];
  const l0 = opts.lambda0 ?? ntkTwoLayerSharpness(model, theta);
  let warm = l0.vector;
  lambdaSteps.push(0); lambda.push(l0.lambda);
  // Tracking only needs λ to a few digits; Ritz values converge quadratically in the residual.
  const measure = (t: number) => {
    const s = ntkTwoLayerSharpness(model, theta, { start: warm, tol: 1e-7, maxIter: 60, denseUpTo: 0 });
    warm = s.vector;
    lambdaSteps.push(t); lambda.push(s.lambda);
  };
  let t = 0, blewUp = false;
  const first = model.grad(theta, g);
  loss.push(first);
  const limit = CATAPULT_BLOWUP * Math.max(first, Number.MIN_VALUE);
  for (; t < steps; ) {
    for (let i = 0; i < theta.length; i++) theta[i] -= eta * g[i];
    t++;
    const l = model.grad(theta, g);
    loss.push(l);
    if (!(l <= limit)) { blewUp = true; break; }
    if (every > 0 && t % every === 0 && t < steps) measure(t);
  }
  if (!blewUp) measure(t);
  return { eta, loss: Float64Array.from(loss), lambdaSteps, lambda, stepsDone: t, blewUp };
}

/**
 * The label of one run and the numbers behind it.
 * @category Experiments
 */
export interface CatapultClassification {
  outcome: CatapultOutcome;
  /** Why: "blew-up", "not-returned" (final loss ≥ initial), "unstable-end" (rose, returned, but ηλ_final ≥ 2), "no-rise", "rose-and-converged". */
  detail: "blew-up" | "not-returned" | "unstable-end" | "no-rise" | "rose-and-converged";
  /** max_t ℓ_t / ℓ₀ (≥ 1). */
  peakLossRatio: number;
}

/**
 * The documented rules (docs/design.md §4), in order, with ℓ₀ the initial loss and R = `rise` (default
 * CATAPULT_RISE = 2):
 * 1. diverged ("blew-up"): some loss is non-finite or above CATAPULT_BLOWUP·ℓ₀;
 * 2. diverged ("not-returned"): the final loss is ≥ ℓ₀ (the run did not come back below its start);
 * 3. lazy: the peak loss is ≤ R·ℓ₀;
 * 4. catapult: the peak loss is > R·ℓ₀ and the run ended with ηλ_final < 2 (a minimum flatter than 2/η);
 * 5. diverged ("unstable-end"): it rose and came back, but ηλ_final ≥ 2.
 * @example
 * classifyCatapult([1, 0.5, 0.2], 1.5, 1); // { outcome: "lazy", detail: "no-rise", peakLossRatio: 1 }
 * @category Experiments
 */
export function classifyCatapult(loss: ArrayLike<number>, eta: number, lambdaFinal: number, rise = CATAPULT_RISE): CatapultClassification {
  const fn = "classifyCatapult";
  argArray(fn, "loss", loss); argNumber(fn, "eta", eta); argNumber(fn, "rise", rise);
  if (typeof lambdaFinal !== "number") throw new InvalidArgumentError(`${fn}: lambdaFinal must be a number (NaN when unknown), got ${typeof lambdaFinal}`);
  if (loss.length < 1) throw new InvalidArgumentError(`${fn}: loss must have at least one entry`);
  if (!(rise >= 1)) throw new InvalidArgumentError(`${fn}: rise must be ≥ 1, got ${rise}`);
  const l0 = loss[0];
  if (!(Number.isFinite(l0) && l0 > 0)) throw new InvalidArgumentError(`${fn}: the initial loss must be finite and > 0, got ${l0}`);
  let peak = l0, blew = false;
  for (let t = 0; t < loss.length; t++) {
    const l = loss[t];
    if (!(l <= CATAPULT_BLOWUP * l0)) { blew = true; peak = Number.isFinite(l) ? Math.max(peak, l) : Infinity; break; }
    if (l > peak) peak = l;
  }
  const peakLossRatio = peak / l0;
  if (blew) return { outcome: "diverged", detail: "blew-up", peakLossRatio };
  if (!(loss[loss.length - 1] < l0)) return { outcome: "diverged", detail: "not-returned", peakLossRatio };
  if (peak <= rise * l0) return { outcome: "lazy", detail: "no-rise", peakLossRatio };
  if (eta * lambdaFinal < 2) return { outcome: "catapult", detail: "rose-and-converged", peakLossRatio };
  return { outcome: "diverged", detail: "unstable-end", peakLossRatio };
}

/**
 * Options of {@link catapultSweep}.
 * @category Experiments
 */
export interface CatapultOptions {
  /** Width m (required: the prediction is for wide networks, so say how wide). */
  width: number;
  /** Seed of the data and θ₀ (default 0). */
  seed?: number;
  /** Samples n (default 8). */
  samples?: number;
  /** Input dimension d (default 16). */
  dim?: number;
  /** GD steps per run (default 300). */
  steps?: number;
  /** η·λ₀/2 values (default CATAPULT_GRID). */
  grid?: number[];
  /** Bisection steps per edge (default 6); 0: the edges are the grid brackets' midpoints. */
  refine?: number;
  /** λ every this many steps in the grid runs (default 2). */
  lambdaEvery?: number;
  /** The rise factor R of classifyCatapult (default 2). */
  rise?: number;
  /** Keep the three figure runs' series (default true). */
  keepRuns?: boolean;
}

/**
 * One grid point of a catapult sweep.
 * @category Experiments
 */
export interface CatapultRow {
  /** η·λ₀/2. */
  etaFrac: number;
  eta: number;
  outcome: CatapultOutcome;
  detail: CatapultClassification["detail"];
  peakLossRatio: number;
  /** λ at the last step (NaN after a blow-up). */
  lambdaFinal: number;
  /** η·λ_final. */
  etaLambdaFinal: number;
  /** ℓ at the last step / ℓ₀. */
  finalLossRatio: number;
  /** First measured step with λ < 2/η (0 when λ₀ < 2/η already); null if never. */
  stepBelow: number | null;
  stepsDone: number;
}

/**
 * A measured edge: the bracket [lo, hi] of η·λ₀/2 where the outcome changes, and its midpoint.
 * @category Experiments
 */
export interface CatapultEdge {
  lo: number;
  hi: number;
  /** (lo + hi)/2, in η·λ₀/2 units. */
  at: number;
  /** The same edge as a learning rate: at·2/λ₀. */
  eta: number;
}

/**
 * The whole sweep: λ₀, a row per grid point, the measured edges beside the predicted ones.
 * @category Experiments
 */
export interface CatapultResult {
  width: number;
  seed: number;
  samples: number;
  dim: number;
  steps: number;
  /** Sharpness at θ₀. */
  lambda0: number;
  /** ℓ(θ₀). */
  loss0: number;
  rows: CatapultRow[];
  /** Measured edges in η·λ₀/2 units (null: no such change on the grid); predicted 1 and about 2. */
  edges: { catapultFrom: number | null; divergeFrom: number | null; catapult: CatapultEdge | null; diverge: CatapultEdge | null };
  /** The prediction: η = 2/λ₀ and η = 4/λ₀. */
  predicted: { twoOverLambda0: number; fourOverLambda0: number };
  /** One run per outcome seen (the first grid point of each), for the figure. */
  runs: { etaFrac: number; outcome: CatapultOutcome; run: CatapultRunResult }[];
  elapsedMs: number;
}

function stepBelow(run: CatapultRunResult): number | null {
  const bar = 2 / run.eta;
  for (let i = 0; i < run.lambda.length; i++) if (run.lambda[i] < bar) return run.lambdaSteps[i];
  return null;
}

/**
 * Sweeps η·λ₀/2 over a grid for one width and seed, labels each run, and bisects the edges of the catapult window
 * (first lazy→non-lazy change, first change to diverged), next to the predicted 2/λ₀ and 4/λ₀.
 * @example
 * const r = catapultSweep({ width: 256, seed: 0, steps: 200 });
 * r.edges.catapultFrom; // ≈ 1 (η = 2/λ₀)
 * @category Experiments
 */
export function catapultSweep(opts: CatapultOptions): CatapultResult {
  const fn = "catapultSweep";
  argObject(fn, "opts", opts); argInt(fn, "opts.width", opts.width);
  for (const k of ["seed", "samples", "dim", "steps", "refine", "lambdaEvery"] as const) argInt(fn, `opts.${k}`, opts[k], true);
  argArray(fn, "opts.grid", opts.grid, true); argNumber(fn, "opts.rise", opts.rise, true);
  const started = Date.now();
  const width = opts.width, seed = opts.seed ?? 0, samples = opts.samples ?? 8, dim = opts.dim ?? 16;
  const steps = opts.steps ?? 300, refine = opts.refine ?? 6, every = opts.lambdaEvery ?? 2, rise = opts.rise ?? CATAPULT_RISE;
  const grid = [...(opts.grid ?? CATAPULT_GRID)];
  if (grid.length < 1) throw new InvalidArgumentError(`${fn}: the grid must have at least one value`);
  for (const g of grid) if (!(typeof g === "number" && Number.isFinite(g) && g > 0)) throw new InvalidArgumentError(`${fn}: grid values must be finite and > 0, got ${g}`);
  grid.sort((a, b) => a - b);
  if (refine < 0 || refine > 40) throw new InvalidArgumentError(`${fn}: refine must be in [0, 40], got ${refine}`);
  if (steps < 1) throw new InvalidArgumentError(`${fn}: steps must be ≥ 1, got ${steps}`);
  if (!(rise >= 1)) throw new InvalidArgumentError(`${fn}: rise must be ≥ 1, got ${rise}`);
  const { model, theta0 } = catapultProblem(seed, width, samples, dim);
  const s0 = ntkTwoLayerSharpness(model, theta0, { tol: 1e-12, maxIter: 200 });
  const lambda0 = s0.lambda;
  if (!(lambda0 > 0)) throw new InvalidArgumentError(`${fn}: the sharpness at θ₀ is ${lambda0}, not > 0: no catapult window`);
  const loss0 = model.loss(theta0);
  const runAt = (etaFrac: number, lambdaEvery: number) => {
    const run = catapultRun(model, theta0, (2 * etaFrac) / lambda0, { steps, lambdaEvery, lambda0: s0 });
    const lambdaFinal = run.blewUp ? NaN : run.lambda[run.lambda.length - 1];
    return { run, lambdaFinal, c: classifyCatapult(run.loss, run.eta, lambdaFinal, rise) };
  };
  const rows: CatapultRow[] = [];
  const runs: CatapultResult["runs"] = [];
  for (const etaFrac of grid) {
    const { run, lambdaFinal, c } = runAt(etaFrac, every);
    rows.push({
      etaFrac, eta: run.eta, outcome: c.outcome, detail: c.detail, peakLossRatio: c.peakLossRatio, lambdaFinal,
      etaLambdaFinal: run.eta * lambdaFinal, finalLossRatio: run.loss[run.loss.length - 1] / run.loss[0], stepBelow: stepBelow(run), stepsDone: run.stepsDone,
    });
    if ((opts.keepRuns ?? true) && !runs.some((r) => r.outcome === c.outcome)) runs.push({ etaFrac, outcome: c.outcome, run });
  }
  // Bisection between the grid points where the outcome first changes; refinement runs measure λ only at the end.
  const bisect = (lo: number, hi: number, isHi: (o: CatapultOutcome) => boolean): CatapultEdge => {
    for (let k = 0; k < refine; k++) {
      const mid = 0.5 * (lo + hi);
      if (isHi(runAt(mid, 0).c.outcome)) hi = mid; else lo = mid;
    }
    const at = 0.5 * (lo + hi);
    return { lo, hi, at, eta: (2 * at) / lambda0 };
  };
  let catapult: CatapultEdge | null = null, diverge: CatapultEdge | null = null;
  const iCat = rows.findIndex((r) => r.outcome !== "lazy");
  if (iCat > 0 && rows[iCat - 1].outcome === "lazy") catapult = bisect(rows[iCat - 1].etaFrac, rows[iCat].etaFrac, (o) => o !== "lazy");
  const iDiv = rows.findIndex((r) => r.outcome === "diverged");
  if (iDiv > 0) diverge = bisect(rows[iDiv - 1].etaFrac, rows[iDiv].etaFrac, (o) => o === "diverged");
  return {
    width, seed, samples, dim, steps, lambda0, loss0, rows,
    edges: { catapultFrom: catapult?.at ?? null, divergeFrom: diverge?.at ?? null, catapult, diverge },
    predicted: { twoOverLambda0: 2 / lambda0, fourOverLambda0: 4 / lambda0 },
    runs, elapsedMs: Date.now() - started,
  };
}

/**
 * A figure in the style of Lewkowycz et al.'s Figure 1: loss and λ over the steps, one run per outcome.
 * @example
 * const svg = catapultFigureSvg(catapultSweep({ width: 256, steps: 200 }));
 * @category Plots
 */
export function catapultFigureSvg(result: CatapultResult): string {
  argObject("catapultFigureSvg", "result", result); argArray("catapultFigureSvg", "result.runs", result.runs);
  const label = (r: CatapultResult["runs"][number]) => `ηλ₀/2 = ${r.etaFrac} (${r.outcome})`;
  const lossPlot: PlotSpec = {
    title: "loss / initial loss", xLabel: "step", yLabel: "ℓ_t / ℓ₀", yLog: true, legendAt: "bottom-left",
    series: result.runs.map((r, i) => ({ label: label(r), colour: colour(i), x: r.run.loss.map((_, t) => t), y: r.run.loss.map((l) => l / r.run.loss[0]) })),
  };
  const lambdaPlot: PlotSpec = {
    title: "sharpness λ_t (dashed: 2/η)", xLabel: "step", yLabel: "λ_t", legendAt: "top-right",
    series: result.runs.flatMap((r, i) => [
      { label: label(r), colour: colour(i), x: r.run.lambdaSteps, y: r.run.lambda },
      { label: "", colour: colour(i), dashed: true, x: [0, r.run.stepsDone], y: [2 / r.run.eta, 2 / r.run.eta] },
    ]),
  };
  return panelsSvg(`the catapult: width ${result.width}, seed ${result.seed}, λ₀ = ${result.lambda0.toPrecision(4)}`, [lossPlot, lambdaPlot], {
    note: `f(x) = vᵀUx/√m, n = ${result.samples}, d = ${result.dim}; lazy below η = 2/λ₀, catapult up to about 4/λ₀, diverged above`,
  });
}
