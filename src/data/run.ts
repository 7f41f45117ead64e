import type { Dataset } from "../dataset/dataset.js";
import { checkDataset } from "../dataset/dataset.js";
import type { Engine } from "../engine.js";
import { InvalidArgumentError } from "../errors.js";
import { engineOr } from "../init.js";
import { dataParamCount, sharpnessOf } from "./sharpness.js";
import { MAX_GD_STEPS } from "./gd-linear.js";
import { DataOps, dataOpsWorkspace } from "../models/data-ops.js";
import { lanczosWorkspace } from "../linalg/lanczos-operator.js";
import { sizesOk } from "../linalg/workspace-size.js";
import { dataModel, paramCount, type DataModelSpec } from "../models/data-model.js";
import { argObject } from "../check-args.js";
import { LossRecorder } from "../baseline/loss-recorder.js";
import type { DataModel } from "../models/data-model.js";

/**
 * Options of {@link runData}: step size, step count, start, recording and sharpness sampling.
 *
 * @category Data-model runs
 */
export interface DataRunOptions {
  /** Learning rate η > 0. */
  eta: number;
  /** N, the number of GD updates. */
  steps: number;
  /** θ₀ (p values). */
  theta0: ArrayLike<number>;
  /** Record the loss every k-th step. Default: 1 up to 10⁴ steps, else ⌈N/10⁴⌉ (made to divide sharpnessEvery). */
  recordEvery?: number;
  /** Measure the sharpness every k steps (and at step 0), with warm-started Lanczos. Off by default. */
  sharpnessEvery?: number;
  /** Eigenvalues per sharpness measurement. Default 1. */
  sharpnessTop?: number;
  /** Calls onChunk(t, θ_t) every chunkEvery steps (and at 0 and the end); the loop runs in the core between calls. */
  chunkEvery?: number;
  onChunk?: (step: number, theta: Float64Array) => void;
  /** Linear regression only: the plain loop (4nd per step) or the residual-space loop (n² per step). Default: residual when n < d. */
  linearForm?: "auto" | "plain" | "residual";
  engine?: Engine;
}

/**
 * How long the measured sharpness stayed above 2/η ("time at the edge"), from the sharpness samples.
 * @category Data-model runs
 */
export interface EdgeTime {
  /** Samples with η·λ > 2. */
  samplesAbove: number;
  samples: number;
  /** First and last sampled step with η·λ > 2, or null. */
  firstAbove: number | null;
  lastAbove: number | null;
  /** Longest run of consecutive samples above 2/η, in steps (sample count × sharpnessEvery). */
  longestStretch: number;
}

/**
 * The sharpness recorded along a {@link runData} run, and how often it exceeded 2/η.
 *
 * @category Data-model runs
 */
export interface SharpnessSeries {
  step: Float64Array;
  /** λ_max(∇²ℓ(θ_t)), the full Hessian at the iterate. */
  hessian: Float64Array;
  /** λ_max(JᵀJ) at the iterate (the Gauss–Newton part; equals hessian on M). */
  gaussNewton: Float64Array;
  /** ‖Hv − λv‖ of each Hessian estimate. */
  residual: Float64Array;
  /** Total Hessian-vector products spent on tracking. */
  matvecs: number;
  edgeHessian: EdgeTime;
  edgeGaussNewton: EdgeTime;
}

/**
 * What {@link runData} returns: the recorded losses, the final θ and the sharpness series.
 *
 * @category Data-model runs
 */
export interface DataRunResult {
  model: string;
  eta: number;
  /** Final θ: θ_N, or the last finite state. */
  theta: Float64Array;
  steps: Float64Array;
  loss: Float64Array;
  summary: { minLoss: number; maxLoss: number; lastLoss: number; prevLoss: number; firstNonFiniteStep: number | null; stepsRun: number };
  /** "plain" or "residual" for linear; "plain" otherwise. */
  form: "plain" | "residual";
  /**
   * Where the GD loop ran: "core" (the engine's kernels: linear, diagonal, two-layer) or "js" (plain JS over a JS copy
   * of X: deep-linear-data, tanh-mlp; the same bits on every backend).
   */
  loop: "core" | "js";
  sharpness: SharpnessSeries | null;
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

function edge(step: Float64Array, lam: Float64Array, eta: number, every: number): EdgeTime {
  let above = 0, first: number | null = null, last: number | null = null, run = 0, best = 0;
  for (let i = 0; i < lam.length; i++) {
    if (eta * lam[i] > 2) {
      above++;
      first ??= step[i];
      last = step[i];
      run++;
      best = Math.max(best, run);
    } else run = 0;
  }
  return { samplesAbove: above, samples: lam.length, firstAbove: first, lastAbove: last, longestStretch: best * every };
}

/**
 * Shape of a several-output run (runData) for workspace purposes: the model spec and the run's options.
 * @category Data-model runs
 */
export interface DataRunShape extends DataModelSpec {
  steps: number;
  recordEvery?: number;
  sharpnessEvery?: number;
  chunkEvery?: number;
  /** Linear only: the residual-space loop keeps the n×n Gram matrix XXᵀ. */
  form: "plain" | "residual";
}

/**
 * runData's f64 workspace (docs/design.md §3): the dataset, θ and a spare θ,
 * the loop's work vector, the record columns of one chunk, the n×n Gram
 * matrix for the residual-space linear loop, and a Lanczos basis when the
 * sharpness is tracked.
 */
function dataRunWorkspaceCount(s: DataRunShape): number {
  const { n, d, steps } = s;
  const h = s.kind === "two-layer" || s.kind === "tanh-mlp" ? (s.h ?? NaN) : 0;
  const p = dataParamCount(s.kind, d, h, s);
  if (!sizesOk(n, d, steps, h) || !Number.isFinite(p)) return NaN;
  let every = s.recordEvery ?? (steps <= 10000 ? 1 : Math.ceil(steps / 10000));
  const chunkLen = s.sharpnessEvery ?? s.chunkEvery;
  if (!Number.isSafeInteger(every) || every < 1) return NaN;
  if (chunkLen !== undefined) {
    if (!Number.isSafeInteger(chunkLen) || chunkLen < 1) return NaN;
    if (s.recordEvery === undefined) every = gcd(every, chunkLen);
  }
  const chunk = chunkLen ?? Math.max(steps, 1);
  const cap = Math.floor(Math.min(chunk, Math.max(steps, 1)) / every) + 2;
  return dataOpsWorkspace(n, d) + 2 * p + Math.max(2 * d + n + h, 4 * n) + 2 * cap + 8
    + (s.form === "residual" ? n * n : 0) + (s.kind === "linear" && s.form === "plain" ? d : 0)
    + (s.sharpnessEvery !== undefined ? lanczosWorkspace(p) : 0);
}

/**
 * N steps of GD on ½‖F(θ) − y‖² for a several-output model (docs/design.md §4),
 * the loop inside the core (wasm SIMD where available): one core call per
 * run, or per sharpnessEvery steps when the sharpness is tracked. EMPIRICAL:
 * no theorem of the paper covers vector outputs.
 *
 * @example
 * const r = runData({ kind: "diagonal", n, d }, data, { eta: 0.1, steps: 10000, theta0, sharpnessEvery: 100 });
 * r.sharpness?.edgeHessian.samplesAbove; // how often λ(θ_t) > 2/η
 * @category Data-model runs
 */
export function runData(spec: DataModelSpec, data: Dataset, opts: DataRunOptions): DataRunResult {
  argObject("runData", "spec", spec); argObject("runData", "opts", opts);
  // Scalar options first, so a bad η/steps is named as such and not as a memory shortfall.
  if (!Number.isFinite(opts.eta) || opts.eta <= 0) throw new InvalidArgumentError(`eta must be a finite number > 0, got ${opts.eta}`);
  if (!Number.isSafeInteger(opts.steps) || opts.steps < 0 || opts.steps > MAX_GD_STEPS) throw new InvalidArgumentError(`steps must be an integer in [0, ${MAX_GD_STEPS}], got ${opts.steps}`);
  for (const [k, v] of [["recordEvery", opts.recordEvery], ["sharpnessEvery", opts.sharpnessEvery], ["chunkEvery", opts.chunkEvery]] as const) {
    if (v !== undefined && (!Number.isSafeInteger(v) || v < 1)) throw new InvalidArgumentError(`${k} must be an integer ≥ 1, got ${v}`);
  }
  // A problem wasm32 cannot hold fails here, before the data are checked entry by entry or anything is allocated
  // (docs/design.md §3). In "auto", the residual-space linear loop (it keeps the n×n Gram matrix) is taken only where it fits.
  const engine = engineOr(opts.engine);
  const shape = {
    kind: spec.kind, n: data?.n, d: data?.d, h: spec.h, layers: spec.layers, widths: spec.widths, steps: opts.steps,
    recordEvery: opts.recordEvery, sharpnessEvery: opts.sharpnessEvery, chunkEvery: opts.chunkEvery,
  };
  const form = spec.kind === "linear" && (opts.linearForm === "residual" || ((opts.linearForm ?? "auto") === "auto"
    && data?.n < data?.d && engine.fitsF64(dataRunWorkspaceCount({ ...shape, form: "residual" })))) ? "residual" : "plain";
  engine.requireF64(dataRunWorkspaceCount({ ...shape, form }), `runData (${spec.kind}) on ${data?.n}×${data?.d} data`, "use a smaller problem, or record less often (recordEvery)");
  checkDataset(data);
  const { n, d } = data;
  if (spec.n !== n || spec.d !== d) throw new InvalidArgumentError(`model is for ${spec.n}×${spec.d} data, got ${n}×${d}`);
  const p = paramCount(spec);
  const h = spec.kind === "two-layer" ? (spec.h as number) : 0;
  const steps = opts.steps;
  if (opts.theta0.length !== p) throw new InvalidArgumentError(`theta0 has ${opts.theta0.length} entries; the ${spec.kind} model needs p = ${p}`);
  for (let i = 0; i < p; i++) if (!Number.isFinite(opts.theta0[i])) throw new InvalidArgumentError(`theta0[${i}] is ${opts.theta0[i]}; all entries must be finite`);
  const sEvery = opts.sharpnessEvery;
  const cEvery = opts.chunkEvery;
  if (cEvery !== undefined && sEvery !== undefined && cEvery !== sEvery) throw new InvalidArgumentError("chunkEvery and sharpnessEvery must be equal when both are given");
  let every = opts.recordEvery ?? (steps <= 10000 ? 1 : Math.ceil(steps / 10000));
  const chunkLen = sEvery ?? cEvery;
  if (chunkLen !== undefined) {
    if (opts.recordEvery === undefined) every = gcd(every, chunkLen);
    else if (chunkLen % every !== 0) throw new InvalidArgumentError(`sharpnessEvery/chunkEvery (${chunkLen}) must be a multiple of recordEvery (${every})`);
  }
  return engine.scoped(() => {
    const ops = new DataOps(engine, data);
    const model = dataModel(spec, ops);
    const chunk = chunkLen ?? Math.max(steps, 1);
    const cap = Math.floor(Math.min(chunk, Math.max(steps, 1)) / every) + 2;
    const pTheta = engine.allocF64(p), pSpare = engine.allocF64(p);
    const pWork = engine.allocF64(Math.max(2 * d + n + h, 4 * n, n));
    const pRecStep = engine.allocF64(cap), pRecLoss = engine.allocF64(cap), pSum = engine.allocF64(8);
    let pGram = 0;
    if (form === "residual") {
      pGram = engine.allocF64(n * n);
      // Blocked and symmetric: the bits of n gemv calls, X read about n/block times instead of n (docs/benchmark.md).
      engine.exports.gramXXt(n, d, ops.px, pGram, 0);
    }
    // The plain linear loop with a third θ buffer runs each step in one pass over X (the same bits as two passes).
    const pSpare2 = spec.kind === "linear" && form === "plain" ? engine.allocF64(d) : 0;
    engine.write(pTheta, opts.theta0);
    const ex = engine.exports;
    const recSteps: number[] = [], recLoss: number[] = [];
    const sStep: number[] = [], sH: number[] = [], sG: number[] = [], sRes: number[] = [];
    let matvecs = 0;
    let hStart: Float64Array | undefined, gStart: Float64Array | undefined;
    let lastChunkCall = -1;
    const checkpoint = (t: number): void => {
      if (opts.onChunk && t !== lastChunkCall) opts.onChunk(t, engine.read(pTheta, p));
      lastChunkCall = t;
      if (sEvery !== undefined && sStep[sStep.length - 1] !== t) measure(t);
    };
    const measure = (t: number): void => {
      const theta = engine.read(pTheta, p);
      const s = sharpnessOf(model, theta, { top: opts.sharpnessTop ?? 1, hessianStart: hStart, gaussNewtonStart: gStart });
      hStart = s.hessianVector;
      gStart = s.gaussNewtonVector;
      matvecs += s.matvecs.hessian + s.matvecs.gaussNewton;
      sStep.push(t);
      sH.push(s.hessianTop[0]);
      sG.push(s.gaussNewtonTop[0]);
      sRes.push(s.residuals.hessian[0]);
    };
    let offset = 0;
    let minLoss = Infinity, maxLoss = -Infinity, last = NaN, prev = NaN;
    let firstBad: number | null = null;
    checkpoint(0);
    for (;;) {
      const len = Math.min(chunk, steps - offset);
      const recs = JS_LOOP_KINDS.includes(spec.kind)
        ? jsDataGdRun(model, opts.eta, engine.f64(), pTheta >>> 3, len, every, pRecStep >>> 3, pRecLoss >>> 3, pSum >>> 3)
        : form === "residual"
        ? ex.linearResidualRun(n, d, opts.eta, ops.px, ops.py, pGram, pTheta, pWork, len, every, pRecStep, pRecLoss, pSum)
        : spec.kind === "linear"
          ? ex.gdLinearRun(n, d, opts.eta, ops.px, ops.py, pTheta, pSpare, pWork, len, every, pRecStep, pRecLoss, pSum, pSpare2, 0)
          : ex.dataGdRun(spec.kind === "diagonal" ? 1 : 2, n, d, h, opts.eta, ops.px, ops.py, pTheta, pSpare, pWork, len, every, pRecStep, pRecLoss, pSum);
      const rs = engine.read(pRecStep, recs), rl = engine.read(pRecLoss, recs), s = engine.read(pSum, 7);
      if (offset === 0 && s[4] === 0) throw new InvalidArgumentError("the loss at θ₀ is not finite (entries of X, y or theta0 too large); rescale the problem");
      for (let i = offset === 0 ? 0 : 1; i < recs; i++) {
        recSteps.push(offset + rs[i]);
        recLoss.push(rl[i]);
      }
      minLoss = Math.min(minLoss, s[0]);
      maxLoss = Math.max(maxLoss, s[1]);
      prev = s[5] >= 1 ? s[3] : last;
      last = s[2];
      const ran = s[5];
      if (s[4] >= 0) firstBad = offset + s[4];
      offset += ran;
      if (firstBad !== null || offset >= steps) {
        checkpoint(offset);
        break;
      }
      checkpoint(offset);
    }
    if (steps === 0) prev = last;
    const f64 = (a: number[]) => Float64Array.from(a);
    const stepArr = f64(sStep);
    return {
      model: modelName(spec),
      eta: opts.eta,
      theta: engine.read(pTheta, p),
      steps: f64(recSteps),
      loss: f64(recLoss),
      summary: { minLoss, maxLoss, lastLoss: last, prevLoss: prev, firstNonFiniteStep: firstBad, stepsRun: offset },
      form,
      loop: JS_LOOP_KINDS.includes(spec.kind) ? "js" : "core",
      sharpness: sEvery === undefined ? null : {
        step: stepArr, hessian: f64(sH), gaussNewton: f64(sG), residual: f64(sRes), matvecs,
        edgeHessian: edge(stepArr, f64(sH), opts.eta, sEvery),
        edgeGaussNewton: edge(stepArr, f64(sG), opts.eta, sEvery),
      },
    };
  });
}

/** The models whose GD loop runs in JS (no core kernel): the networks of src/models/data-networks.ts. */
const JS_LOOP_KINDS: readonly string[] = ["deep-linear-data", "tanh-mlp"];

function modelName(spec: DataModelSpec): string {
  if (spec.kind === "two-layer") return `two-layer(h=${spec.h})`;
  if (spec.kind === "deep-linear-data") return `deep-linear-data(widths=${(spec.widths ?? []).join(",")})`;
  if (spec.kind === "tanh-mlp") return `tanh-mlp(h=${spec.h},layers=${spec.layers ?? 1})`;
  return spec.kind;
}

/**
 * The JS twin of the core's dataGdRun for any DataModel: θ ← θ − η·Jᵀ(F(θ) − y), with the same records and 7-slot
 * summary (LossRecorder, over the engine's heap at element offsets), so runData reads both alike. Nothing is allocated
 * from the engine inside, so the heap view stays valid.
 */
function jsDataGdRun(model: DataModel, eta: number, heap: Float64Array, theta: number, steps: number, every: number, recStep: number, recLoss: number, summary: number): number {
  const { n, p } = model;
  const y = model.ops.targets();
  let cur = heap.slice(theta, theta + p), other = new Float64Array(p);
  const r = new Float64Array(n), g = new Float64Array(p);
  // With residualAndGradient (tanh-mlp), g at θ comes with the loss: the same numbers, one forward pass fewer.
  const fused = model.residualAndGradient !== undefined;
  const lossAt = (th: Float64Array): number => {
    if (fused) return model.residualAndGradient!(th, y, r, g);
    model.forward(th, r);
    let s = 0;
    for (let i = 0; i < n; i++) {
      r[i] -= y[i];
      s += r[i] * r[i];
    }
    return 0.5 * s;
  };
  const rec = new LossRecorder(heap, every, recStep, recLoss);
  let t = 0, bad = false;
  let loss = lossAt(cur);
  for (;;) {
    if (!rec.observe(t, steps, loss)) {
      bad = true;
      break;
    }
    if (t === steps) break;
    if (!fused) model.vjp(cur, r, g);
    for (let k = 0; k < p; k++) other[k] = cur[k] - eta * g[k];
    [cur, other] = [other, cur];
    t++;
    loss = lossAt(cur);
  }
  if (bad && t > 0) cur = other;
  rec.finish(t, bad, summary);
  heap.set(cur, theta);
  return rec.count;
}

/**
 * dataRunWorkspace, checked (docs/design.md §3): the same f64 count, but sizes that are not non-negative integers are an
 * InvalidArgumentError rather than NaN. (eoslab's own entry points use the unchecked count, whose NaN defers the
 * report to their own validation.)
 * @example
 * dataRunWorkspace({ kind: "diagonal", n: 20, d: 50, steps: 10_000, form: "plain" }) * 8; // bytes
 * @category Memory
 */
export function dataRunWorkspace(s: DataRunShape): number {
  argObject("dataRunWorkspace", "s", s);
  const count = dataRunWorkspaceCount(s);
  if (!Number.isFinite(count)) throw new InvalidArgumentError(`dataRunWorkspace: the sizes must be non-negative integers (and the options valid), got ${JSON.stringify([s])}`);
  return count;
}
