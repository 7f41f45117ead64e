// Whole-trajectory GD runs on codimension-1 models with the coordinates of
// docs/design.md §1 recorded at the steps of a RecordPlan. The built-in deep scalar
// model runs as one call into the core (wasm, or its JS twin on the "js"
// backend); any other Codim1Model runs the same algorithm in JS.
import type { Engine } from "../engine.js";
import { InvalidArgumentError } from "../errors.js";
import { engineOr } from "../init.js";
import { symmetricEigen } from "../linalg/symmetric-eigen.js";
import { checkModelAt, guardModel, type Codim1Model } from "../models/codim1.js";
import { flattestScale, isBuiltInDeepScalar, deepScalarFlattest, type DeepScalarModel } from "../models/deep-scalar.js";
import { deepLinearFlattest, isBuiltInDeepLinear, type DeepLinearModel } from "../models/deep-linear.js";
import { projectNewton } from "./project.js";
import { flattestMinimum } from "./flattest-minimum.js";
import { recordSteps } from "../series/record-plan.js";
import { sizesOk } from "../linalg/workspace-size.js";
import { pointAt, seriesFrom, SERIES_COLUMNS, type RecordPlan, type RunResult, type SeriesColumn } from "../series/run-series.js";
import { argArray, argBoolean, argInt, argObject } from "../check-args.js";
import { deepScalarRunWorkSize } from "../baseline/deep-scalar-run.js";

/**
 * The most steps one call runs (steps are i32 in the core); continue with startStep for more.
 * @category Codimension-1 runs
 */
export const MAX_RUN_STEPS = 2 ** 31 - 2;

/**
 * Options of {@link runTrajectory}: step size, step count, start and recording.
 *
 * @category Codimension-1 runs
 */
export interface RunOptions {
  /** Learning rate η > 0. */
  eta: number;
  /** N, the number of GD updates. */
  steps: number;
  /** θ₀ (p finite values), used exactly as given. */
  theta0: ArrayLike<number>;
  /** Which steps to record (step 0 and the last step always are). Default: see recordSteps. */
  record?: RecordPlan;
  /** Number of the first state (default 0): continue a run from its final θ with startStep = its final step. */
  startStep?: number;
  engine?: Engine;
  /** Also keep θ_t and θ∥_t at every record (series.theta, series.thetaPar). Default false. */
  recordTheta?: boolean;
  /**
   * Compute λ(θ), the top eigenvalue of the full Hessian, at every record (series.lambdaAt, final.lambdaAt). Default
   * true. false leaves NaN there and skips that eigenproblem, most of a record's cost (docs/sweeps.md, "Lanes"), for
   * callers that never read it; every other column, the summary and the final state are the same bits.
   */
  lambdaAt?: boolean;
  /**
   * General models only: the flattest minimum to measure distPar to. Default: flattestMinimum()
   * started from θ₀ (deep scalar: the closed form, in the orthant of θ∥).
   */
  flattest?: { thetaStar: ArrayLike<number>; lambdaStar: number };
}

function validate(model: Codim1Model, opts: RunOptions): void {
  if (!Number.isFinite(opts.eta) || opts.eta <= 0) throw new InvalidArgumentError(`eta must be a finite number > 0, got ${opts.eta}`);
  if (!Number.isSafeInteger(opts.steps) || opts.steps < 0 || opts.steps > MAX_RUN_STEPS) {
    throw new InvalidArgumentError(`steps must be an integer in [0, ${MAX_RUN_STEPS}], got ${opts.steps}; continue longer runs with startStep`);
  }
  argBoolean("runTrajectory", "opts.lambdaAt", opts.lambdaAt, true);
  const s = opts.startStep ?? 0;
  if (!Number.isSafeInteger(s) || s < 0) throw new InvalidArgumentError(`startStep must be a non-negative integer, got ${s}`);
  const t0 = opts.theta0;
  if (t0 == null || typeof t0.length !== "number") throw new InvalidArgumentError("theta0 is required (an array of p numbers)");
  if (t0.length !== model.dim) throw new InvalidArgumentError(`theta0 has ${t0.length} entries, the model has ${model.dim} parameters`);
  for (let i = 0; i < t0.length; i++) {
    if (typeof t0[i] !== "number" || !Number.isFinite(t0[i])) throw new InvalidArgumentError(`theta0[${i}] is ${t0[i]}; all entries must be finite`);
  }
}

function lossNotFinite(): InvalidArgumentError {
  return new InvalidArgumentError("the loss at theta0 is not finite (entries too large); start closer to M");
}

/**
 * Runs N steps of GD, θ ← θ − η(f(θ) − y)∇f(θ) (evaluated as θ_i − r·(η·∂_if)), from θ₀ and records, at the
 * steps of the plan: the loss, θ⊥, distPar = ‖θ∥ − θ∥*‖, λ(θ∥) and λ(θ)
 * (top eigenvalue of the full Hessian ∇²ℓ(θ); NaN with `lambdaAt: false`). The run stops at the first
 * non-finite state (summary.firstNonFiniteStep); `final` is the last finite one.
 * For deep scalar, θ∥* = |y|^{1/p}·sign(θ∥) entrywise (the flattest minimum
 * in θ∥'s orthant); result.thetaStar is the one of the final state.
 *
 * @example
 * await init();
 * const r = runTrajectory(deepScalar({ depth: 5 }), { eta: 0.4, steps: 1e6, theta0: [1.3, 1, 1, 0.9, 0.8], record: { logPoints: 200 } });
 * r.series.thetaPerp; // ~ t^{-1/2}, oscillating in sign (critical regime)
 * @category Codimension-1 runs
 */
export function runTrajectory(model: Codim1Model, opts: RunOptions): RunResult {
  if (opts === null || typeof opts !== "object") throw new InvalidArgumentError("runTrajectory needs options { eta, steps, theta0 }");
  const builtIn = isBuiltInDeepScalar(model) || isBuiltInDeepLinear(model);
  model = guardModel(model, builtIn);
  validate(model, opts);
  if (!builtIn) checkModelAt(model, opts.theta0);
  const startStep = opts.startStep ?? 0;
  const rec = recordSteps(opts.record, opts.steps, startStep);
  if (isBuiltInDeepScalar(model)) return runDeepScalar(model, opts, rec, startStep);
  if (isBuiltInDeepLinear(model)) return runDeepLinear(model, opts, rec, startStep);
  return runGeneral(model, opts, rec, startStep);
}

/**
 * runTrajectory's f64 workspace on deep scalar p (docs/design.md §3), as
 * runDeepScalar allocates it: θ, the kernel's p² + 6p + 10 work, the record
 * plan, 6 columns (+ θ_t, θ∥_t if kept), θ∥, summary.
 */
function deepScalarRunWorkspaceCount(p: number, records: number, recordTheta: boolean): number {
  if (!sizesOk(p, records)) return NaN;
  const cap = records + 1;
  return p + deepScalarRunWorkSize(p) + records + 6 * cap + (recordTheta ? 2 * cap * p : 0) + p + 8;
}

function runDeepScalar(model: DeepScalarModel, opts: RunOptions, recSteps: Float64Array, startStep: number): RunResult {
  const engine = engineOr(opts.engine);
  const p = model.depth, y = model.target, c = flattestScale(model);
  const nRec = recSteps.length, cap = nRec + 1;
  const keep = opts.recordTheta === true;
  engine.requireF64(deepScalarRunWorkspaceCount(p, nRec, keep), `runTrajectory (depth ${p}) with ${nRec} records${keep ? " of θ" : ""}`, "record fewer steps, or drop recordTheta");
  return engine.scoped(() => {
    const pTheta = engine.copyIn(opts.theta0);
    const pWork = engine.allocF64(deepScalarRunWorkSize(p));
    const pSteps = engine.copyIn(recSteps);
    const pRec = engine.allocF64(6 * cap);
    const pRecTheta = keep ? engine.allocF64(cap * p) : 0;
    const pRecPar = keep ? engine.allocF64(cap * p) : 0;
    const pPar = engine.allocF64(p);
    const pSum = engine.allocF64(8);
    const recs = engine.exports.deepScalarRun(
      p, y, opts.eta, c, pTheta, pWork, opts.steps, startStep, pSteps, nRec, pRec, pRecTheta, pRecPar, pPar, pSum, opts.lambdaAt === false ? 0 : 1,
    );
    if (recs === 0) throw lossNotFinite();
    // The kernel writes the columns in SERIES_COLUMNS order, each cap records long.
    const series = seriesFrom((k) => engine.read(pRec + SERIES_COLUMNS.indexOf(k) * cap * 8, recs));
    if (keep) {
      series.theta = engine.read(pRecTheta, recs * p);
      series.thetaPar = engine.read(pRecPar, recs * p);
    }
    const s = engine.read(pSum, 6);
    const thetaPar = engine.read(pPar, p);
    const i = recs - 1;
    const final = pointAt(series, i, engine.read(pTheta, p), thetaPar);
    return {
      model: model.name,
      eta: opts.eta,
      series,
      final,
      summary: { stepsRun: s[3], firstNonFiniteStep: s[2] < 0 ? null : startStep + s[2], minLoss: s[0], maxLoss: s[1] },
      thetaStar: thetaPar.map((v) => (v >= 0 ? c : -c)),
      lambdaStar: deepScalarFlattest(model).lambdaStar,
    };
  });
}

/**
 * The deep linear network (docs/design.md §1, §3): the GD loop runs in the core (deepLinearRun: wasm, or its JS twin),
 * which hands back θ_t and ℓ(θ_t) at the record steps; the coordinates at those steps (θ∥, θ⊥, λ(θ∥), λ(θ)) come from
 * the general path (projectNewton, fullHessianTop) on the model's exact callbacks. distPar is measured at each record to
 * the flattest minimum that follows that record's θ∥ (deepLinearFlattest), zero exactly on the flattest set.
 */
function runDeepLinear(model: DeepLinearModel, opts: RunOptions, recSteps: Float64Array, startStep: number): RunResult {
  const engine = engineOr(opts.engine);
  const p = model.dim, L = model.layers, nRec = recSteps.length, cap = nRec + 1;
  const hidden = model.widths.slice(0, L).reduce((s, d) => s + d, 0);
  const count = sizesOk(p, nRec) ? (L + 1) + model.widths[0] + p + (4 * hidden + 2 * p) + nRec + cap * p + cap + 8 : NaN;
  engine.requireF64(count, `runTrajectory (deep linear, p = ${p}) with ${nRec} records`, "record fewer steps");
  const got = engine.scoped(() => {
    const pDims = engine.copyIn(model.widths);
    const pX = engine.copyIn(model.input);
    const pTheta = engine.copyIn(opts.theta0);
    const pWork = engine.allocF64(4 * hidden + 2 * p);
    const pSteps = engine.copyIn(recSteps);
    const pRecTheta = engine.allocF64(cap * p);
    const pRecLoss = engine.allocF64(cap);
    const pSum = engine.allocF64(8);
    const recs = engine.exports.deepLinearRun(L, pDims, pX, model.target, opts.eta, pTheta, pWork, opts.steps, pSteps, nRec, pRecTheta, pRecLoss, pSum);
    if (recs === 0) throw lossNotFinite();
    return { recs, thetas: engine.read(pRecTheta, recs * p), losses: engine.read(pRecLoss, recs), s: engine.read(pSum, 5), theta: engine.read(pTheta, p) };
  });
  const { recs, thetas, losses, s } = got;
  const cols: Record<SeriesColumn, Float64Array> = {
    step: new Float64Array(recs), loss: losses, thetaPerp: new Float64Array(recs), distPar: new Float64Array(recs),
    lambdaPar: new Float64Array(recs), lambdaAt: new Float64Array(recs),
  };
  const keep = opts.recordTheta === true;
  const lambdaAt = opts.lambdaAt !== false;
  const pars = keep ? new Float64Array(recs * p) : undefined;
  const stepsRun = s[3];
  let lastPar: Float64Array = new Float64Array(p), lastStar: Float64Array = new Float64Array(p);
  for (let i = 0; i < recs; i++) {
    const th = thetas.subarray(i * p, (i + 1) * p);
    const pr = projectNewton(model, th, 1e-14, 100);
    const star = deepLinearFlattest(model, pr.point).thetaStar;
    let d = 0;
    for (let k = 0; k < p; k++) d += (pr.point[k] - star[k]) ** 2;
    // The last record is the last finite state (stepsRun), also when the run stopped early between record steps.
    cols.step[i] = startStep + (i === recs - 1 ? stepsRun : recSteps[i]);
    cols.thetaPerp[i] = pr.thetaPerp;
    cols.distPar[i] = Math.sqrt(d);
    cols.lambdaPar[i] = pr.lambdaPar;
    cols.lambdaAt[i] = lambdaAt ? fullHessianTop(model, Float64Array.from(th)) : NaN;
    if (pars) pars.set(pr.point, i * p);
    lastPar = pr.point;
    lastStar = star;
  }
  const series = seriesFrom((k) => cols[k]);
  if (keep) {
    series.theta = thetas;
    series.thetaPar = pars!;
  }
  return {
    model: model.name,
    eta: opts.eta,
    series,
    final: pointAt(series, recs - 1, got.theta, lastPar),
    summary: { stepsRun: s[3], firstNonFiniteStep: s[2] < 0 ? null : startStep + s[2], minLoss: s[0], maxLoss: s[1] },
    thetaStar: lastStar,
    lambdaStar: deepLinearFlattest(model).lambdaStar,
  };
}

/**
 * λ(θ) for a general model: the top eigenvalue of ∇f∇fᵀ + (f − y)∇²f, built from p Hessian-vector products.
 * @example
 * fullHessianTop(deepScalar({ depth: 2 }), new Float64Array([1, 1])); // λ_max(∇²L) = 2 on M at (1, 1)
 * @category Codimension-1 runs
 */
export function fullHessianTop(model: Codim1Model, theta: Float64Array): number {
  argObject("fullHessianTop", "model", model); argArray("fullHessianTop", "theta", theta);
  const p = model.dim;
  const g = new Float64Array(p), e = new Float64Array(p), col = new Float64Array(p);
  const r = model.f(theta) - model.target;
  model.grad(theta, g);
  const h = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    e.fill(0);
    e[j] = 1;
    model.hvp(theta, e, col);
    for (let i = 0; i < p; i++) h[i * p + j] = g[i] * g[j] + r * col[i];
  }
  for (let i = 0; i < p; i++) for (let j = i + 1; j < p; j++) h[i * p + j] = h[j * p + i] = 0.5 * (h[i * p + j] + h[j * p + i]);
  // The library's one symmetric eigensolver: its eigenvalues are bit-identical to the core's symEigJacobi (docs/design.md §3).
  return p > 0 ? symmetricEigen(h, p).values[0] : -Infinity;
}

function runGeneral(model: Codim1Model, opts: RunOptions, recSteps: Float64Array, startStep: number): RunResult {
  const p = model.dim, y = model.target, eta = opts.eta;
  let theta = Float64Array.from(opts.theta0);
  let prev = new Float64Array(p);
  const g = new Float64Array(p);
  let thetaStar: Float64Array, lambdaStar: number;
  if (opts.flattest) {
    if (opts.flattest.thetaStar.length !== p) throw new InvalidArgumentError(`flattest.thetaStar has ${opts.flattest.thetaStar.length} entries, expected ${p}`);
    for (let i = 0; i < p; i++) if (!Number.isFinite(opts.flattest.thetaStar[i])) throw new InvalidArgumentError(`flattest.thetaStar[${i}] is ${opts.flattest.thetaStar[i]}; all entries must be finite`);
    if (!Number.isFinite(opts.flattest.lambdaStar) || opts.flattest.lambdaStar <= 0) throw new InvalidArgumentError(`flattest.lambdaStar must be a finite number > 0, got ${opts.flattest.lambdaStar}`);
    thetaStar = Float64Array.from(opts.flattest.thetaStar);
    lambdaStar = opts.flattest.lambdaStar;
  } else {
    const fm = flattestMinimum(model, theta);
    thetaStar = fm.point;
    lambdaStar = fm.lambdaStar;
  }
  const cols: Record<SeriesColumn, number[]> = { step: [], loss: [], thetaPerp: [], distPar: [], lambdaPar: [], lambdaAt: [] };
  const lambdaAt = opts.lambdaAt !== false;
  const thetas: number[] = [], pars: number[] = [];
  let lastPar: Float64Array = new Float64Array(p);
  const record = (t: number, th: Float64Array, loss: number): void => {
    const pr = projectNewton(model, th, 1e-14, 100);
    let d = 0;
    for (let i = 0; i < p; i++) d += (pr.point[i] - thetaStar[i]) ** 2;
    cols.step.push(startStep + t);
    cols.loss.push(loss);
    cols.thetaPerp.push(pr.thetaPerp);
    cols.distPar.push(Math.sqrt(d));
    cols.lambdaPar.push(pr.lambdaPar);
    cols.lambdaAt.push(lambdaAt ? fullHessianTop(model, th) : NaN);
    lastPar = pr.point;
    if (opts.recordTheta) {
      thetas.push(...th);
      pars.push(...pr.point);
    }
  };
  let minLoss = Infinity, maxLoss = -Infinity, firstBad: number | null = null;
  let t = 0, ri = 0, lastRecorded = -1;
  const N = opts.steps;
  for (;;) {
    const r = model.f(theta) - y;
    const loss = 0.5 * (r * r);
    if (!Number.isFinite(loss)) {
      if (t === 0) throw lossNotFinite();
      firstBad = startStep + t;
      [theta, prev] = [prev, theta];
      t--;
      if (lastRecorded !== t) record(t, theta, lossAt(model, theta));
      break;
    }
    if (loss < minLoss) minLoss = loss;
    if (loss > maxLoss) maxLoss = loss;
    if (ri < recSteps.length && recSteps[ri] === t) {
      record(t, theta, loss);
      lastRecorded = t;
      ri++;
    }
    if (t === N) break;
    model.grad(theta, g);
    // θ_i − r·(η·∂_if): the wasm kernel's operation order, so built-in and general paths agree bit for bit.
    for (let i = 0; i < p; i++) prev[i] = theta[i] - r * (eta * g[i]);
    [theta, prev] = [prev, theta];
    t++;
  }
  const n = cols.step.length - 1;
  const series = seriesFrom((k) => Float64Array.from(cols[k]));
  if (opts.recordTheta) {
    series.theta = Float64Array.from(thetas);
    series.thetaPar = Float64Array.from(pars);
  }
  return {
    model: model.name,
    eta,
    series,
    final: pointAt(series, n, Float64Array.from(theta), lastPar),
    summary: { stepsRun: t, firstNonFiniteStep: firstBad, minLoss, maxLoss },
    thetaStar,
    lambdaStar,
  };
}

function lossAt(model: Codim1Model, theta: Float64Array): number {
  const r = model.f(theta) - model.target;
  return 0.5 * (r * r);
}

/**
 * deepScalarRunWorkspace, checked (docs/design.md §3): the same f64 count, but sizes that are not non-negative integers are an
 * InvalidArgumentError rather than NaN. (eoslab's own entry points use the unchecked count, whose NaN defers the
 * report to their own validation.)
 * @example
 * deepScalarRunWorkspace(5, 200, false) * 8; // bytes for a depth-5 run with 200 records
 * @category Memory
 */
export function deepScalarRunWorkspace(p: number, records: number, recordTheta: boolean): number {
  argInt("deepScalarRunWorkspace", "p", p); argInt("deepScalarRunWorkspace", "records", records); argBoolean("deepScalarRunWorkspace", "recordTheta", recordTheta);
  const count = deepScalarRunWorkspaceCount(p, records, recordTheta);
  if (!Number.isFinite(count)) throw new InvalidArgumentError(`deepScalarRunWorkspace: the sizes must be non-negative integers (and the options valid), got ${JSON.stringify([p, records, recordTheta])}`);
  return count;
}
