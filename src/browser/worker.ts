// The explorer's module worker: runs trajectories off the main thread, in
// chunks (runTrajectory's startStep), and posts each chunk's records as it
// goes so the plots grow live and a cancel or a new request is seen between
// chunks. Chunk boundaries are always recorded steps, and the first record
// of every later chunk (its start, the previous chunk's end) is dropped, so
// the series is record for record the one a single uninterrupted run gives.
import { initSync } from "../init.js";
import { seriesFrom, sliceSeries } from "../series/run-series.js";
import type { Regime } from "../theory/regime.js";
import { explorerRecordSteps } from "./config.js";
import { bifurcationTransient } from "../experiments/bifurcation.js";
import { bifurcationColumns, buildModel, columnGroup, compareRun, flattestOf, runChunk } from "./engine-api.js";
import { diagonalRun } from "./diagonal-run.js";
import type {
  BifurcationRequest,
  RunReport,
  RunRequest,
  SeriesChunk,
  WorkerMessage,
  WorkerRequest,
} from "./protocol.js";

interface WorkerScope {
  postMessage(message: WorkerMessage, transfer?: Transferable[]): void;
  onmessage: ((ev: MessageEvent<WorkerRequest>) => void) | null;
}
const scope = self as unknown as WorkerScope;

const engine = initSync();
// The newest request id of each kind and client (one worker serves every explorer on the page): an older run of the
// same explorer stops at its next chunk; other explorers' runs go on, interleaved chunk by chunk.
const latest = new Map<string, number>();
const cancelled = new Set<number>();

/** Wall-clock target of one chunk: short enough to react, long enough to stay fast. */
const CHUNK_MS = 30;

const yieldToEvents = (): Promise<void> => new Promise((r) => setTimeout(r, 0));
const stale = (req: RunRequest | BifurcationRequest): boolean => req.id !== latest.get(`${req.type}:${req.client}`) || cancelled.has(req.id);

function post(msg: WorkerMessage, transfer: Transferable[] = []): void {
  scope.postMessage(msg, transfer);
}

function concatSeries(parts: SeriesChunk[]): SeriesChunk {
  const n = parts.reduce((a, p) => a + p.step.length, 0);
  return seriesFrom((k) => {
    const a = new Float64Array(n);
    let o = 0;
    for (const p of parts) {
      a.set(p[k], o);
      o += p[k].length;
    }
    return a;
  });
}

/** The diagonal network (several outputs): one call of the library's observeDataRun, posted as one chunk and the report. */
function runDiagonal(req: RunRequest): void {
  const t0 = performance.now();
  const { series, report } = diagonalRun(req.eta, req.theta0, req.steps, engine);
  const runMs = performance.now() - t0;
  const stepsDone = report.firstNonFiniteStep ?? req.steps;
  post({ type: "chunk", id: req.id, series, stepsDone, stepsTotal: req.steps, elapsedMs: runMs }, Object.values(series).map((a: Float64Array) => a.buffer));
  const full: RunReport = { ...report, elapsedMs: performance.now() - t0, runMs, backend: engine.kind };
  post({ type: "done", id: req.id, report: JSON.parse(JSON.stringify(full, finiteOrNull)) as RunReport });
}

async function run(req: RunRequest): Promise<void> {
  if (req.model.model === "diagonal") return runDiagonal(req);
  const t0 = performance.now();
  const model = buildModel(req.model, engine);
  const plan = explorerRecordSteps(req.steps, req.points);
  let theta: Float64Array = Float64Array.from(req.theta0);
  let pos = 0; // the step `theta` is at
  let k = 1; // index into plan of the next step to record
  let chunkSteps = 1000;
  const parts: SeriesChunk[] = [];
  let last: ReturnType<typeof runChunk> | undefined;
  let firstNonFinite: number | null = null;
  let stepsRun = 0;

  while (pos < req.steps) {
    // End this chunk at the first recorded step at least chunkSteps ahead.
    let j = k;
    while (j < plan.length - 1 && plan[j]! < pos + chunkSteps) j++;
    const end = plan[j]!;
    const c0 = performance.now();
    const res = runChunk(model, {
      eta: req.eta,
      theta0: theta,
      startStep: pos,
      steps: end - pos,
      recordSteps: plan.subarray(k, j + 1),
      engine,
      recordTheta: req.recordTheta,
    });
    const dt = performance.now() - c0;
    last = res;
    // The chunk's first record is its start; for every chunk after the first it repeats the previous end.
    const chunk = pos === 0 ? res.series : sliceSeries(res.series, 1);
    parts.push(chunk);
    stepsRun = pos + res.summary.stepsRun;
    if (res.summary.firstNonFiniteStep !== null) firstNonFinite = res.summary.firstNonFiniteStep;
    const copy = sliceSeries(chunk, 0);
    // θ_t and θ∥_t (p per record) are dropped at the same first record as the series.
    const p = theta.length;
    const skip = pos === 0 ? 0 : p;
    const th = req.recordTheta && res.series.theta ? res.series.theta.slice(skip) : undefined;
    const thPar = req.recordTheta && res.series.thetaPar ? res.series.thetaPar.slice(skip) : undefined;
    post(
      {
        type: "chunk",
        id: req.id,
        series: copy,
        theta: th,
        thetaPar: thPar,
        stepsDone: firstNonFinite ?? end,
        stepsTotal: req.steps,
        elapsedMs: performance.now() - t0,
      },
      [...Object.values(copy).map((a: Float64Array) => a.buffer), ...(th ? [th.buffer] : []), ...(thPar ? [thPar.buffer] : [])],
    );
    if (firstNonFinite !== null) break;
    theta = res.final.theta;
    pos = end;
    k = j + 1;
    chunkSteps = Math.max(100, Math.min(1e8, Math.round(chunkSteps * Math.min(4, Math.max(0.25, CHUNK_MS / Math.max(dt, 0.01))))));
    await yieldToEvents();
    if (stale(req)) return;
  }
  if (!last) throw new Error("no steps were run");
  // The steps are done: what follows (the prediction, observeRun's fits) is analysis, not counted in steps/s.
  const runMs = performance.now() - t0;

  const series = concatSeries(parts);
  const notes: string[] = [];
  const { comparison, prediction, observation } = compareRun(model, {
    eta: req.eta,
    theta0: Float64Array.from(req.theta0),
    series,
    last,
    stepsRun,
    firstNonFiniteStep: firstNonFinite,
    notes,
    engine,
  });
  const f = last.final;
  const report: RunReport = {
    model: last.model,
    eta: req.eta,
    etaCritical: 2 / last.lambdaStar,
    lambdaStar: last.lambdaStar,
    thetaStar: Array.from(last.thetaStar),
    stepsRun,
    firstNonFiniteStep: firstNonFinite,
    final: {
      step: f.step,
      loss: f.loss,
      thetaPerp: f.thetaPerp,
      distPar: f.distPar,
      lambdaPar: f.lambdaPar,
      lambdaAt: f.lambdaAt,
      theta: Array.from(f.theta),
    },
    comparison,
    prediction,
    observation,
    notes,
    elapsedMs: performance.now() - t0,
    runMs,
    backend: engine.kind,
  };
  post({ type: "done", id: req.id, report: JSON.parse(JSON.stringify(report, finiteOrNull)) as RunReport });
}

/** JSON cannot carry NaN or ±Infinity: write null, so a report never holds NaN. */
function finiteOrNull(_key: string, v: unknown): unknown {
  if (typeof v === "number" && !Number.isFinite(v)) return null;
  if (v instanceof Float64Array) return Array.from(v, (x) => (Number.isFinite(x) ? x : null));
  return v;
}

async function bifurcation(req: BifurcationRequest): Promise<void> {
  // θ⊥ of a model with several outputs needs the projection onto M at every step: no diagram is drawn for it.
  if (req.model.model === "diagonal") throw new Error("the bifurcation diagram is drawn for the one-output models only (not the diagonal network)");
  const t0 = performance.now();
  const model = buildModel(req.model, engine);
  const theta0 = Float64Array.from(req.theta0);
  const values = new Float64Array(req.etas.length * req.keep).fill(NaN);
  const labels: (Regime | null)[] = [];
  const transients: number[] = [];
  const capped: boolean[] = [];
  const lambdaStar = flattestOf(model).lambdaStar;
  let lastYield = performance.now();
  // Near η_c the approach to the attractor slows like the crossover time: a fixed transient opens a false fork there.
  const rules = req.etas.map((eta) => (req.transient === null ? bifurcationTransient(eta, lambdaStar, model.dim) : { steps: req.transient, capped: false }));
  // Neighbouring columns with the same transient run together (deep scalar: in the SIMD lanes, the same bits).
  const group = columnGroup(model);
  for (let e = 0; e < req.etas.length; ) {
    let end = e + 1;
    while (end < req.etas.length && end - e < group && rules[end]!.steps === rules[e]!.steps) end++;
    const cols = bifurcationColumns(model, req.etas.slice(e, end), theta0, rules[e]!.steps + req.keep, req.keep, engine);
    for (const col of cols) {
      transients.push(rules[e]!.steps);
      capped.push(rules[e]!.capped);
      // A divergent run's last finite values are on their way out: they are no attractor, and would swamp the axis.
      if (col.label !== "divergent") values.set(col.attractor.slice(-req.keep), e * req.keep);
      labels.push(col.label);
      e++;
    }
    if (performance.now() - lastYield > CHUNK_MS) {
      await yieldToEvents();
      lastYield = performance.now();
      if (stale(req)) return;
    }
  }
  const etas = Float64Array.from(req.etas);
  post(
    { type: "bifurcation", id: req.id, etas, values, keep: req.keep, labels, transients, capped, elapsedMs: performance.now() - t0 },
    [etas.buffer, values.buffer],
  );
}

scope.onmessage = (ev) => {
  const req = ev.data;
  if (req.type === "cancel") {
    cancelled.add(req.id);
    return;
  }
  if (req.type === "ping") {
    post({ type: "pong", id: req.id });
    return;
  }
  latest.set(`${req.type}:${req.client}`, req.id);
  const job = req.type === "run" ? run(req) : bifurcation(req);
  job.catch((e: unknown) => post({ type: "error", id: req.id, message: e instanceof Error ? e.message : String(e) }));
};

post({ type: "ready", backend: engine.kind });
