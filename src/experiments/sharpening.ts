// Progressive sharpening and the edge of stability (Cohen et al. 2021) on the networks on data of docs/design.md §4:
// full-batch GD on ℓ(θ) = ½‖F(θ) − y‖² (the data models' loss) at several η, the sharpness λ(θ_t) = λ_max(∇²ℓ(θ_t))
// every k steps by Lanczos on the exact Hessian-vector products, each solve warm-started at the previous top
// eigenvector. Their observation: λ rises until it reaches about 2/η, then hovers there while the loss keeps falling,
// non-monotonically. Per run we report the first step with λ ≥ 0.9·2/η, the mean and spread of ηλ/2 after it, and
// the fraction of steps on which the loss went up. Everything is measured; no theorem of the paper covers it.
//
// The data set (docs/sharpening.md) is generated here, deterministically, from numpy's RandomState.
import type { Dataset } from "../dataset/dataset.js";
import type { Engine } from "../engine.js";
import { InvalidArgumentError } from "../errors.js";
import { engineOr } from "../init.js";
import { argArray, argInt, argNumber, argObject, argString } from "../check-args.js";
import { RandomState } from "../random/random-state.js";
import { DataOps } from "../models/data-ops.js";
import { dataModel, evalPoint, hessianOperator, paramCount, type DataModelSpec } from "../models/data-model.js";
import { lanczosTop } from "../linalg/lanczos-operator.js";
import { portableSin } from "../linalg/portable-math.js";
import { panelsSvg, type PlotSpec } from "../plot/line-plot.js";
import { colour } from "../plot/palette.js";

/**
 * The data set of the sharpening experiment: n points x ~ N(0, I_d) and the fixed regression target
 * y = x₁ − x₂ + sin(2x₃) + x₃x₄ (d = 4: a linear part, which the deep linear network can fit, plus a non-linear one), drawn from one `RandomState(seed)` stream (numpy:
 * `X = np.random.RandomState(seed).randn(n, 4)`), nothing else random.
 * @example
 * const data = sharpeningData(); // 200 × 4, seed 0
 * @category Experiments
 */
export function sharpeningData(opts: { n?: number; seed?: number } = {}): Dataset {
  argObject("sharpeningData", "opts", opts, true);
  argInt("sharpeningData", "opts.n", opts.n, true); argInt("sharpeningData", "opts.seed", opts.seed, true);
  const n = opts.n ?? SHARPENING_SAMPLES, seed = opts.seed ?? 0, d = 4;
  if (n < 1 || n > 100_000) throw new InvalidArgumentError(`sharpeningData: n must be an integer in [1, 100000], got ${n}`);
  if (seed < 0 || seed >= 2 ** 32) throw new InvalidArgumentError(`sharpeningData: seed must be an integer in [0, 2³²), got ${seed}`);
  const X = new RandomState(seed).randn(n * d);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = X.subarray(i * d, i * d + d);
    y[i] = x[0] - x[1] + portableSin(2 * x[2]) + x[2] * x[3]; // not Math.sin: the same data in every engine
  }
  return { X, y, n, d };
}

/** The default number of samples of {@link sharpeningData}. @category Experiments */
export const SHARPENING_SAMPLES = 200;

/**
 * The network start of the sharpening experiment: z = RandomState(seed).randn(p) in parameter order, each weight
 * scaled by 1/√(fan-in) of its layer (LeCun), biases set to 0 (their draws are used and discarded), so numpy rebuilds
 * it as `z * s` with s the per-entry scale. tanh-mlp: θ = [W₁; b₁; (W₂; b₂;) a]; deep-linear-data: [W₁; …; w_L].
 * @example
 * const theta0 = sharpeningInit({ kind: "tanh-mlp", n: 200, d: 4, h: 32 }, 0);
 * @category Experiments
 */
export function sharpeningInit(spec: DataModelSpec, seed: number, scale = 1): Float64Array {
  argObject("sharpeningInit", "spec", spec); argInt("sharpeningInit", "seed", seed); argNumber("sharpeningInit", "scale", scale);
  if (!(scale > 0) || !Number.isFinite(scale)) throw new InvalidArgumentError(`sharpeningInit: scale must be a finite number > 0, got ${scale}`);
  if (seed < 0 || seed >= 2 ** 32) throw new InvalidArgumentError(`sharpeningInit: seed must be an integer in [0, 2³²), got ${seed}`);
  if (spec.kind !== "tanh-mlp" && spec.kind !== "deep-linear-data") throw new InvalidArgumentError(`sharpeningInit: the model must be tanh-mlp or deep-linear-data, got ${String(spec.kind)}`);
  const p = paramCount(spec);
  const z = new RandomState(seed).randn(p);
  // Per-entry scales block by block.
  const blocks: [count: number, scale: number][] = [];
  if (spec.kind === "tanh-mlp") {
    const h = spec.h as number, K = spec.layers ?? 1;
    for (let k = 1; k <= K; k++) {
      const din = k === 1 ? spec.d : h;
      blocks.push([h * din, 1 / Math.sqrt(din)], [h, 0]);
    }
    blocks.push([h, 1 / Math.sqrt(h)]);
  } else {
    const w = spec.widths as readonly number[];
    for (let k = 1; k < w.length; k++) blocks.push([w[k] * w[k - 1], 1 / Math.sqrt(w[k - 1])]);
  }
  let o = 0;
  for (const [count, s] of blocks) for (let i = 0; i < count; i++, o++) z[o] *= scale * s;
  return z;
}

/**
 * Options of {@link sharpeningExperiment}.
 * @category Experiments
 */
export interface SharpeningOptions {
  /** The network: tanh-mlp (h, layers) or deep-linear-data (widths [4, …, 1]). */
  spec: DataModelSpec;
  /** The data (default sharpeningData()). */
  data?: Dataset;
  /** The step sizes. */
  etas: readonly number[];
  /** GD steps per run. */
  steps: number;
  /** Measure λ every k steps (and at step 0 and the last step). */
  every: number;
  /** Seed of sharpeningInit (default 0). */
  initSeed?: number;
  /** Scale of sharpeningInit (default 1: LeCun). */
  initScale?: number;
  /** Lanczos tolerance (default 1e-8). */
  tol?: number;
  engine?: Engine;
}

/**
 * One GD run of the sharpening experiment.
 * @category Experiments
 */
export interface SharpeningRun {
  eta: number;
  /** Steps run (less than asked when the run diverged). */
  stepsDone: number;
  /** ℓ_t for t = 0 … stepsDone. */
  loss: Float64Array;
  /** The steps at which λ was measured, and λ(θ_t) there. */
  lambdaSteps: Float64Array;
  lambda: Float64Array;
  /** First measured step with λ ≥ 0.9·2/η, or null: λ never came within 10% of 2/η. */
  reachStep: number | null;
  /** ηλ/2 over the measurements from reachStep on (null when reachStep is null): mean, standard deviation, min, max. */
  afterReach: { mean: number; sd: number; min: number; max: number; samples: number } | null;
  /** Fraction of the steps t → t + 1 with ℓ_{t+1} > (1 + SHARPENING_UP_TOL)·ℓ_t, over the whole run. */
  lossUpFraction: number;
  /** The same fraction over the steps from reachStep on (null when reachStep is null). */
  lossUpFractionAfter: number | null;
  /** λ_max over the measurements, and ηλ_max/2. */
  lambdaMax: number;
  /** The loss became non-finite or rose above 1e6·ℓ₀: the run stopped there. */
  diverged: boolean;
  /** Hessian-vector products spent on λ. */
  matvecs: number;
}

/**
 * What {@link sharpeningExperiment} returns.
 * @category Experiments
 */
export interface SharpeningResult {
  model: string;
  spec: DataModelSpec;
  p: number;
  n: number;
  d: number;
  initSeed: number;
  initScale: number;
  every: number;
  /** λ(θ₀), the sharpness at the start (the same for every η). */
  lambda0: number;
  runs: SharpeningRun[];
}

/**
 * λ ≥ SHARPENING_REACH·2/η counts as having reached the edge (within 10% of 2/η).
 * @category Experiments
 */
export const SHARPENING_REACH = 0.9;

/**
 * Full-batch GD on a network on data at each η, with λ(θ_t) every k steps by warm-started Lanczos (docs/sharpening.md).
 * EMPIRICAL: Cohen et al. (2021) observed it; nothing here is predicted.
 * @example
 * await init();
 * const r = sharpeningExperiment({ spec: { kind: "tanh-mlp", n: 200, d: 4, h: 32 }, etas: [0.01, 0.02], steps: 2000, every: 20 });
 * r.runs[0].reachStep; // first step with λ ≥ 0.9·2/η, or null
 * @category Experiments
 */
export function sharpeningExperiment(opts: SharpeningOptions): SharpeningResult {
  const fn = "sharpeningExperiment";
  argObject(fn, "opts", opts); argObject(fn, "opts.spec", opts.spec); argArray(fn, "opts.etas", opts.etas);
  argInt(fn, "opts.steps", opts.steps); argInt(fn, "opts.every", opts.every); argInt(fn, "opts.initSeed", opts.initSeed, true); argNumber(fn, "opts.initScale", opts.initScale, true);
  argNumber(fn, "opts.tol", opts.tol, true); argObject(fn, "opts.data", opts.data, true); argObject(fn, "opts.engine", opts.engine, true);
  argString(fn, "opts.spec.kind", opts.spec.kind);
  if (opts.etas.length < 1) throw new InvalidArgumentError(`${fn}: give at least one η`);
  for (const e of opts.etas) if (typeof e !== "number" || !Number.isFinite(e) || e <= 0) throw new InvalidArgumentError(`${fn}: every η must be a finite number > 0, got ${String(e)}`);
  if (opts.steps < 1 || opts.steps > 1e6) throw new InvalidArgumentError(`${fn}: steps must be an integer in [1, 10⁶], got ${opts.steps}`);
  if (opts.every < 1) throw new InvalidArgumentError(`${fn}: every must be an integer ≥ 1, got ${opts.every}`);
  const data = opts.data ?? sharpeningData();
  const spec = { ...opts.spec, n: data.n, d: data.d };
  const initSeed = opts.initSeed ?? 0;
  const initScale = opts.initScale ?? 1;
  const theta0 = sharpeningInit(spec, initSeed, initScale);
  const tol = opts.tol ?? 1e-8;
  if (!(tol > 0 && tol < 1)) throw new InvalidArgumentError(`${fn}: tol must be in (0, 1), got ${tol}`);
  const engine = engineOr(opts.engine);
  return engine.scoped(() => {
    const model = dataModel(spec, new DataOps(engine, data));
    const p = model.p;
    const sharpness = (theta: Float64Array, start: Float64Array | undefined) => {
      const r = lanczosTop(hessianOperator(model, theta, evalPoint(model, theta)), p, { k: 1, tol, start });
      return { lambda: r.values[0], vector: r.vectors[0], matvecs: r.matvecs };
    };
    const first = sharpness(theta0, undefined);
    const runs = opts.etas.map((eta) => runOne(model, theta0, eta, opts.steps, opts.every, first, sharpness));
    return {
      model: spec.kind === "tanh-mlp" ? `tanh-mlp(h=${spec.h},layers=${spec.layers ?? 1})` : `deep-linear-data(widths=${(spec.widths ?? []).join(",")})`,
      spec, p, n: data.n, d: data.d, initSeed, initScale, every: opts.every, lambda0: first.lambda, runs,
    };
  });
}

type Sharpness = (theta: Float64Array, start: Float64Array | undefined) => { lambda: number; vector: Float64Array; matvecs: number };

function runOne(model: ReturnType<typeof dataModel>, theta0: Float64Array, eta: number, steps: number, every: number, first: ReturnType<Sharpness>, sharpness: Sharpness): SharpeningRun {
  const { n, p } = model;
  const y = model.ops.targets();
  const theta = Float64Array.from(theta0), g = new Float64Array(p), r = new Float64Array(n);
  // With residualAndGradient (tanh-mlp), g at θ comes with the loss: the same numbers, one forward pass fewer.
  const fused = model.residualAndGradient !== undefined;
  const lossAt = (): number => {
    if (fused) return model.residualAndGradient!(theta, y, r, g);
    model.forward(theta, r);
    let s = 0;
    for (let i = 0; i < n; i++) {
      r[i] -= y[i];
      s += r[i] * r[i];
    }
    return 0.5 * s;
  };
  const loss: number[] = [lossAt()];
  const lamSteps: number[] = [0], lam: number[] = [first.lambda];
  let vec = first.vector, matvecs = first.matvecs, diverged = false, t = 0;
  const cap = 1e6 * Math.max(loss[0], 1e-300);
  while (t < steps) {
    if (!fused) model.vjp(theta, r, g); // r is the residual at θ_t (lossAt)
    for (let k = 0; k < p; k++) theta[k] -= eta * g[k];
    t++;
    const l = lossAt();
    if (!Number.isFinite(l) || l > cap) {
      diverged = true;
      break;
    }
    loss.push(l);
    if (t % every === 0 || t === steps) {
      const s = sharpness(theta, vec);
      vec = s.vector;
      matvecs += s.matvecs;
      lamSteps.push(t);
      lam.push(s.lambda);
    }
  }
  const edge = 2 / eta;
  const ri = lam.findIndex((v) => v >= SHARPENING_REACH * edge);
  const reachStep = ri < 0 ? null : lamSteps[ri];
  let afterReach: SharpeningRun["afterReach"] = null, upAfter: number | null = null;
  if (reachStep !== null) {
    const v = lam.slice(ri).map((x) => (eta * x) / 2);
    const mean = v.reduce((a, b) => a + b, 0) / v.length;
    const sd = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length);
    afterReach = { mean, sd, min: Math.min(...v), max: Math.max(...v), samples: v.length };
    upAfter = upFraction(loss, reachStep);
  }
  return {
    eta, stepsDone: loss.length - 1, loss: Float64Array.from(loss), lambdaSteps: Float64Array.from(lamSteps), lambda: Float64Array.from(lam),
    reachStep, afterReach, lossUpFraction: upFraction(loss, 0), lossUpFractionAfter: upAfter, lambdaMax: Math.max(...lam), diverged, matvecs,
  };
}

/**
 * A step "went up" when ℓ_{t+1} > (1 + SHARPENING_UP_TOL)·ℓ_t: at a minimum the loss moves by rounding alone, and
 * those ±1-ulp wiggles are not the non-monotone descent of the edge of stability.
 * @category Experiments
 */
export const SHARPENING_UP_TOL = 1e-10;

/** Fraction of t ≥ from (t + 1 ≤ end) with ℓ_{t+1} > (1 + SHARPENING_UP_TOL)·ℓ_t. */
function upFraction(loss: readonly number[], from: number): number {
  let up = 0, all = 0;
  for (let t = from; t + 1 < loss.length; t++, all++) if (loss[t + 1] > (1 + SHARPENING_UP_TOL) * loss[t]) up++;
  return all > 0 ? up / all : 0;
}

/**
 * A figure in the style of Cohen et al.'s Figure 1: the loss (log scale) and λ(θ_t) against the step for each η,
 * with 2/η dashed in each run's colour.
 * @example
 * const svg = sharpeningFigureSvg(sharpeningExperiment({ spec: { kind: "tanh-mlp", n: 200, d: 4, h: 16 }, etas: [0.02], steps: 500, every: 10 }));
 * @category Plots
 */
export function sharpeningFigureSvg(result: SharpeningResult): string {
  argObject("sharpeningFigureSvg", "result", result); argArray("sharpeningFigureSvg", "result.runs", result.runs);
  const label = (r: SharpeningRun) => `η = ${r.eta}`;
  const lossPlot: PlotSpec = {
    title: "training loss ½‖F − y‖²", xLabel: "step", yLabel: "loss", yLog: true, legendAt: "top-right",
    series: result.runs.map((r, i) => ({ label: label(r), colour: colour(i), x: Array.from(r.loss, (_, t) => t), y: r.loss })),
  };
  const lambdaPlot: PlotSpec = {
    title: "sharpness λ(θ_t) (dashed: 2/η)", xLabel: "step", yLabel: "λ", legendAt: "bottom-right",
    series: result.runs.flatMap((r, i) => [
      { label: label(r), colour: colour(i), x: r.lambdaSteps, y: r.lambda },
      { label: "", colour: colour(i), dashed: true, x: [0, r.stepsDone], y: [2 / r.eta, 2 / r.eta] },
    ]),
  };
  return panelsSvg(`progressive sharpening: ${result.model}, n = ${result.n}, p = ${result.p}`, [lossPlot, lambdaPlot], {
    note: `full-batch GD; λ every ${result.every} steps by warm-started Lanczos; y = x₁ − x₂ + sin(2x₃) + x₃x₄`,
  });
}
