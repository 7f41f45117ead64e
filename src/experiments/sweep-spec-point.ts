// One grid point of a sweep spec: build the model from the point's settings, run it, and keep one JSON line's worth
// (coordinates, predicted and observed regime, fitted rate or exponent, tail attractor, final loss, seconds).
// Browser-safe: data files come through a loader the caller passes (Node reads them in src/node/).
import { InvalidArgumentError } from "../errors.js";
import type { Engine } from "../engine.js";
import { argArray, argInt, argObject } from "../check-args.js";
import type { Codim1Model } from "../models/codim1.js";
import { deepScalar, isBuiltInDeepScalar, type DeepScalarModel } from "../models/deep-scalar.js";
import { deepLinear, deepLinearInit } from "../models/deep-linear.js";
import { tanhChain, tanhChainStart } from "../models/tanh-chain.js";
import { paramCount, type DataModelKind, type DataModelSpec } from "../models/data-model.js";
import type { Dataset } from "../dataset/dataset.js";
import { analyseRun, type Codim1Geometry } from "../codim1/analyse-run.js";
import { engineGeometry } from "../codim1/geometry.js";
import { checkRunStart } from "../codim1/predict-run.js";
import { geometryWithMain, laneWidth, runDeepScalarLanes } from "../codim1/lanes-run.js";
import type { RunResult } from "../series/run-series.js";
import { flattestMinimumData, type FlattestDataOutcome } from "../data/flattest-minimum.js";
import { observeDataRun } from "../data/observe.js";
import { countDistinct } from "../observe/distinct.js";
import { COLUMN_RECORD } from "./bifurcation.js";
import type { Observation } from "../observe/observe-run.js";
import type { Regime } from "../theory/regime.js";
import { RandomState } from "../random/random-state.js";
import { defaultStart } from "./starts.js";
import { gridCoordinates, isDataModel, type SettingValue, type SweepSpec } from "./sweep-spec.js";

/**
 * One finished grid point of a sweep spec: what one JSONL line holds.
 * @category Sweeps
 */
export interface GridRecord {
  /** 0-based grid index (row-major over the axes, the last fastest). */
  index: number;
  /** The point's value on each axis. */
  coords: Record<string, SettingValue>;
  /** η of the run (given, or etaFrac·η_c); null when etaFrac was asked of data with no η_c (the point is not run). */
  eta: number | null;
  /** 2/λ*, or null when there is no λ* (data that no parameters fit exactly). */
  etaCritical: number | null;
  lambdaStar: number | null;
  /** The regime predicted from η, λ* and λ(θ∥₀) (docs/design.md §2), or null without λ*. */
  predicted: string | null;
  /** The observed label (observeRun's, docs/design.md §2; data models: "no exact fit" when y cannot be fitted). */
  observed: string;
  /** One line: what decided the observed label. */
  labelReason: string;
  /** The fitted per-step rate of the slowest linear fit, or null. */
  rate: number | null;
  /** The fitted power-law exponent of |θ⊥| when the run is labelled critical (t^(−1/2) expected, docs/design.md §2), else null. */
  exponent: number | null;
  /** The last `tail` finite θ⊥ values (when the spec records "attractor"). */
  attractor?: number[];
  /** Distinct values among them (countDistinct), or null without an attractor. */
  distinct: number | null;
  /** ℓ(θ_N), or null for a point that was not run (etaFrac on data with no exact fit). */
  finalLoss: number | null;
  /** The final θ (when the spec records "theta"). */
  theta?: number[];
  /** Wall time of this point, s (not stored by `eoslab merge`: it differs run to run). */
  seconds?: number;
}

/**
 * Where a point's data come from: the caller reads files (Node), and may pass `header` for CSV.
 * @category Sweeps
 */
export type DataLoader = (path: string, header?: boolean) => Dataset;

/**
 * Per-thread caches: models, data and flattest minima reused across the points of one spec.
 * @category Sweeps
 */
export interface PointCache {
  geometry?: Codim1Geometry;
  models: Map<string, Codim1Model>;
  data: Map<string, Dataset>;
  flattest: Map<string, FlattestDataOutcome>;
}

/** A fresh cache for {@link computeGridPoint}. */
export function pointCache(): PointCache {
  return { models: new Map(), data: new Map(), flattest: new Map() };
}

const num = (s: Record<string, SettingValue>, k: string, dflt: number): number => (typeof s[k] === "number" ? (s[k] as number) : dflt);
const finiteOrNull = (x: number | null | undefined): number | null => (x === null || x === undefined || !Number.isFinite(x) ? null : x);

/** The codimension-1 model and θ₀ of one point's settings (as `eoslab run` builds them from its flags). */
function codim1Setup(spec: SweepSpec, s: Record<string, SettingValue>, cache: PointCache): { model: Codim1Model; theta0: Float64Array } {
  const target = num(s, "target", 1);
  if (spec.model === "deep-linear") {
    let widths = s.widths as number[];
    if (typeof s.width === "number") widths = widths.map((d, i) => (i === 0 || i === widths.length - 1 ? d : (s.width as number)));
    const key = JSON.stringify(["dl", widths, s.input, target]);
    let model = cache.models.get(key);
    if (!model) cache.models.set(key, (model = deepLinear({ widths, input: s.input as number[], target })));
    return { model, theta0: deepLinearInit({ widths, seed: num(s, "initSeed", 0), scale: num(s, "initScale", 0.5) }) };
  }
  if (spec.model === "tanh-chain") {
    const depth = num(s, "depth", 3), input = num(s, "input", 1);
    const key = JSON.stringify(["tc", depth, input, target]);
    let model = cache.models.get(key);
    if (!model) cache.models.set(key, (model = tanhChain({ depth, input, target })));
    return { model, theta0: Array.isArray(s.init) ? Float64Array.from(s.init as number[]) : tanhChainStart(model as ReturnType<typeof tanhChain>) };
  }
  const depth = spec.model === "scalar" ? 2 : num(s, "depth", 5);
  const key = JSON.stringify(["ds", depth, target]);
  let model = cache.models.get(key);
  if (!model) cache.models.set(key, (model = deepScalar({ depth, target })));
  return { model, theta0: Array.isArray(s.init) ? Float64Array.from(s.init as number[]) : defaultStart(depth, target) };
}

/**
 * Runs grid point `index` of a spec on `engine`: the model and θ₀ from the point's settings, `steps` steps of GD
 * (codimension-1 models: analyseRun with a 200-point log record and the last `tail` steps every step, exactly as
 * bifurcationPoint; data models: observeDataRun), then the observed label, rate and attractor. Depends only on the
 * spec and the index, so points can run in any order, on any thread or machine.
 * @example
 * const engine = await init();
 * const spec = parseSweepSpec({ model: "deep-scalar", fixed: { depth: 2 }, axes: { eta: [0.9, 1.1] }, steps: 2000, tail: 16 });
 * const rec = computeGridPoint(engine, spec, 1); // rec.observed, rec.rate, rec.attractor
 * @category Sweeps
 */
export function computeGridPoint(engine: Engine, spec: SweepSpec, index: number, cache: PointCache = pointCache(), loadData?: DataLoader): GridRecord {
  argObject("computeGridPoint", "engine", engine); argObject("computeGridPoint", "spec", spec); argInt("computeGridPoint", "index", index); argObject("computeGridPoint", "cache", cache);
  const t0 = performance.now();
  const coords = gridCoordinates(spec, index);
  const s = { ...spec.fixed, ...coords };
  const rec = isDataModel(spec.model) ? dataPoint(engine, spec, s, cache, loadData) : codim1Point(engine, spec, s, cache);
  const out: GridRecord = { index, coords, ...rec };
  out.seconds = Math.round((performance.now() - t0) * 1e3) / 1e6;
  return out;
}

type PointResult = Omit<GridRecord, "index" | "coords" | "seconds">;

/**
 * Grid points `indices` of a spec, in that order: each record exactly computeGridPoint's (but `seconds`). With
 * `lanes` (the default), deep scalar points (models deep-scalar and scalar) that share the model (depth, target) run
 * their main stretch together, four per loop at depth 5 and two otherwise (deepScalarLanes; docs/design.md §3),
 * and the rest of each point (records, tail, labels) as computeGridPoint runs it: the same bits. `seconds` is then
 * the point's share of its group's lanes time plus its own.
 * @example
 * const recs = computeGridPoints(engine, spec, [0, 1, 2, 3]); // recs[k].index === k
 * @category Sweeps
 */
export function computeGridPoints(engine: Engine, spec: SweepSpec, indices: readonly number[], cache: PointCache = pointCache(), loadData?: DataLoader, opts: { lanes?: boolean } = {}): GridRecord[] {
  argObject("computeGridPoints", "engine", engine); argObject("computeGridPoints", "spec", spec); argArray("computeGridPoints", "indices", indices);
  argObject("computeGridPoints", "cache", cache); argObject("computeGridPoints", "opts", opts);
  indices.forEach((k, i) => argInt("computeGridPoints", `indices[${i}]`, k));
  const lanes = opts.lanes ?? true;
  if (!lanes || !(spec.model === "deep-scalar" || spec.model === "scalar") || indices.length < 2) {
    return indices.map((k) => computeGridPoint(engine, spec, k, cache, loadData));
  }
  const out = new Map<number, GridRecord>();
  // Group by model (the cache hands one object per depth and target), in order of first appearance.
  const groups = new Map<Codim1Model, { index: number; s: Record<string, SettingValue>; theta0: Float64Array; eta: number }[]>();
  for (const index of indices) {
    if (out.has(index)) continue;
    const coords = gridCoordinates(spec, index);
    const s = { ...spec.fixed, ...coords };
    let inputs: ReturnType<typeof codim1Inputs> | null = null;
    try {
      inputs = codim1Inputs(engine, spec, s, cache);
      checkRunStart(inputs.model, inputs.eta, inputs.theta0);
    } catch {
      inputs = null; // computed alone below, where the same problem is reported as it always is
    }
    if (inputs === null || !isBuiltInDeepScalar(inputs.model)) {
      out.set(index, computeGridPoint(engine, spec, index, cache, loadData));
      continue;
    }
    const g = groups.get(inputs.model) ?? [];
    g.push({ index, s, theta0: inputs.theta0, eta: inputs.eta });
    groups.set(inputs.model, g);
  }
  const K = Math.min(spec.tail, Math.floor(spec.steps / 2)); // analyseRun's tail
  for (const [model, members] of groups) {
    const width = laneWidth((model as DeepScalarModel).depth);
    for (let at = 0; at < members.length; at += width) {
      const group = members.slice(at, at + width);
      const t0 = performance.now();
      const mains = group.length > 1
        ? runDeepScalarLanes(model as DeepScalarModel, group, { steps: spec.steps - K, record: COLUMN_RECORD, lambdaAt: false, engine })
        : [null];
      const share = (performance.now() - t0) / group.length;
      group.forEach((m, j) => {
        const main = mains[j];
        if (main === null) {
          out.set(m.index, computeGridPoint(engine, spec, m.index, cache, loadData)); // alone, as it always ran
          return;
        }
        const t1 = performance.now();
        const rec: GridRecord = { index: m.index, coords: gridCoordinates(spec, m.index), ...codim1Point(engine, spec, m.s, cache, main) };
        rec.seconds = Math.round((share + performance.now() - t1) * 1e3) / 1e6;
        out.set(m.index, rec);
      });
    }
  }
  return indices.map((k) => out.get(k)!);
}

/** A codimension-1 point's model, start and η (η/η_c times 2/λ* when etaFrac is given). */
function codim1Inputs(engine: Engine, spec: SweepSpec, s: Record<string, SettingValue>, cache: PointCache): { model: Codim1Model; theta0: Float64Array; eta: number } {
  const { model, theta0 } = codim1Setup(spec, s, cache);
  const geometry = (cache.geometry ??= engineGeometry(engine));
  const eta = typeof s.eta === "number" ? s.eta : (s.etaFrac as number) * (2 / geometry.flattest(model, theta0).lambdaStar);
  return { model, theta0, eta };
}


/**
 * @param main analyseRun's main run (the steps before the tail), computed already (in lanes): handed to analyseRun
 * in place of its first geometry.run, so the rest of the analysis is the one every point gets.
 */
function codim1Point(engine: Engine, spec: SweepSpec, s: Record<string, SettingValue>, cache: PointCache, main?: RunResult): PointResult {
  const { model, theta0, eta } = codim1Inputs(engine, spec, s, cache);
  const base = cache.geometry!;
  const geometry = main === undefined ? base : geometryWithMain(base, main, eta);
  // A point's record never holds λ(θ): skip it at every record, most of a record's cost (docs/sweeps.md, "Lanes").
  const a = analyseRun(model, geometry, { eta, steps: spec.steps, theta0, record: COLUMN_RECORD, tailSteps: spec.tail, gfsSharpness: false, lambdaAt: false });
  const lambdaStar = a.prediction.regime.lambdaStar;
  return observedPoint(spec, eta, 2 / lambdaStar, lambdaStar, a.prediction.regime.regime, a.observation, a.tail.thetaPerp, a.final);
}

/** The record of a point that ran and was observed (codimension-1 and exact-fit data points alike): one key order. */
function observedPoint(
  spec: SweepSpec, eta: number, etaCritical: number, lambdaStar: number, predicted: Regime, ob: Observation,
  tailThetaPerp: ArrayLike<number>, final: { loss: number; theta: ArrayLike<number> },
): PointResult {
  const attractor = Array.from(tailThetaPerp).filter(Number.isFinite).slice(-spec.tail);
  const out: PointResult = {
    eta, etaCritical, lambdaStar, predicted, observed: ob.label, labelReason: ob.labelReason,
    rate: finiteOrNull(ob.linear?.fit.rate), exponent: ob.label === "critical" ? finiteOrNull(ob.powerLaw?.thetaPerp.exponent) : null,
    distinct: spec.record.attractor ? countDistinct(attractor) : null, finalLoss: final.loss,
  };
  if (spec.record.attractor) out.attractor = attractor;
  if (spec.record.theta) out.theta = Array.from(final.theta);
  return out;
}

function dataPoint(engine: Engine, spec: SweepSpec, s: Record<string, SettingValue>, cache: PointCache, loadData?: DataLoader): PointResult {
  if (!loadData) throw new InvalidArgumentError(`computeGridPoint: model ${spec.model} reads a data file; pass a data loader`);
  const path = s.data as string;
  const header = typeof s.header === "boolean" ? s.header : undefined;
  let ds = cache.data.get(path);
  if (!ds) cache.data.set(path, (ds = loadData(path, header)));
  const kind = spec.model as DataModelKind;
  // The model as `eoslab run --model … --hidden/--layers/--widths` builds it; width replaces each hidden width of widths.
  const mspec: DataModelSpec = { kind, n: ds.n, d: ds.d };
  if (kind === "two-layer" || kind === "tanh-mlp") mspec.h = s.width as number;
  if (kind === "tanh-mlp") mspec.layers = num(s, "layers", 1);
  if (kind === "deep-linear-data") {
    const w = s.widths as number[];
    mspec.widths = typeof s.width === "number" ? w.map((d, i) => (i === 0 || i === w.length - 1 ? d : (s.width as number))) : w;
  }
  const p = paramCount(mspec);
  // The start of `eoslab run --model … --init-seed s --init-scale c`: c · RandomState(s).randn(p).
  const theta0 = new RandomState(num(s, "initSeed", 0)).randn(p);
  const scale = num(s, "initScale", 0.5);
  for (let i = 0; i < p; i++) theta0[i] *= scale;
  const key = JSON.stringify([path, kind, mspec.h, mspec.layers, mspec.widths, num(s, "initSeed", 0), scale]);
  let flat = cache.flattest.get(key);
  if (!flat) cache.flattest.set(key, (flat = flattestMinimumData(mspec, ds, theta0, { engine })));
  let eta: number;
  if (typeof s.eta === "number") eta = s.eta;
  else if (flat.kind === "exact") eta = (s.etaFrac as number) * flat.etaCritical;
  else {
    // No manifold of minima, so no η_c and no η = etaFrac·η_c: the point is recorded as such, not run, and the rest of
    // the grid goes on (another data file or width on the same grid may well fit exactly; docs/design.md §4).
    return {
      eta: null, etaCritical: null, lambdaStar: null, predicted: null, observed: "no exact fit",
      labelReason: `not run: etaFrac needs η_c = 2/λ*, which does not exist for ${path} (${flat.reason}); give eta to run it`,
      rate: null, exponent: null, distinct: null, finalLoss: null,
      ...(spec.record.attractor ? { attractor: [] } : {}),
    };
  }
  const o = observeDataRun(mspec, ds, { eta, steps: spec.steps, theta0, flattest: flat, engine, tailSteps: spec.tail });
  if (o.kind === "no-exact-fit") {
    return {
      eta, etaCritical: null, lambdaStar: null, predicted: null, observed: o.label, labelReason: o.fit.reason,
      rate: finiteOrNull(o.observedExcess.rate), exponent: finiteOrNull(o.observedExcess.exponent), distinct: null, finalLoss: o.final.loss,
      ...(spec.record.attractor ? { attractor: [] } : {}), ...(spec.record.theta ? { theta: Array.from(o.final.theta) } : {}),
    };
  }
  return observedPoint(spec, eta, o.etaCritical, o.lambdaStar, o.prediction.regime, o.observation, o.tail.thetaPerp, o.final);
}
