// Several recorded deep-scalar runs at once: the long stretches between record steps run in the SIMD lanes of
// deepScalarLanes (docs/design.md §3, "Whole loops in wasm"), the records themselves are written by the single-run
// kernel from the state at that step. Every record of deepScalarRun is a function of θ_t alone (loss, projection,
// λ(θ∥), λ(θ)), and every lane is bit for bit its own single run, so each result is runTrajectory's, bit for bit.
// Not exported from the package: eoslab sweep's points and the bifurcation columns use it (src/experiments/).
import type { Engine } from "../engine.js";
import { deepScalarFlattest, flattestScale, type DeepScalarModel } from "../models/deep-scalar.js";
import { recordSteps } from "../series/record-plan.js";
import { pointAt, SERIES_COLUMNS, seriesFrom, type RecordPlan, type RunResult } from "../series/run-series.js";
import type { LaneStart } from "./lanes.js";
import type { Codim1Geometry } from "./predict-run.js";
import { runTrajectory } from "./run.js";
import { deepScalarRunWorkSize } from "../baseline/deep-scalar-run.js";

/**
 * Gaps between records shorter than this run in the single-run kernel: a lanes call per short gap costs more than it
 * saves. 64: with the trajectories kept packed between segments a lanes call costs about a microsecond, and 64 ran
 * depth-5 points of 10⁵–10⁶ steps (200 log-spaced records) 0.04–0.07 ms faster than 1024, depth 2 and 8 0.1–0.18 ms;
 * 16 gained nothing more (docs/sweeps.md, "Lanes").
 */
export const LANES_MIN_GAP = 64;

/** How many trajectories deepScalarLanes runs per loop at depth p (four at depth 5, two otherwise). */
export function laneWidth(depth: number): number {
  return depth === 5 ? 4 : 2;
}

/**
 * For each start, the result of runTrajectory(model, { eta, steps, theta0, record, recordTheta, lambdaAt, engine }), bit for bit,
 * or null for a start whose run went non-finite (the caller runs it alone: a diverging run's last records are the
 * single kernel's replay, not worth repeating here). The records up to the last gap shorter than `minGap` run one
 * trajectory at a time; from there on, the trajectories advance together in lanes from record to record.
 */
export function runDeepScalarLanes(
  model: DeepScalarModel, starts: readonly LaneStart[], o: { steps: number; record: RecordPlan; recordTheta?: boolean; lambdaAt?: boolean; engine: Engine },
  minGap = LANES_MIN_GAP,
): (RunResult | null)[] {
  const { engine, steps } = o;
  const recordTheta = o.recordTheta === true;
  const lambdaAt = o.lambdaAt !== false;
  const R = recordSteps(o.record, steps, 0);
  let k = R.length - 1;
  while (k > 0 && R[k] - R[k - 1] >= minGap) k--;
  // Phase 1: the dense early records, one trajectory at a time (the same record steps, given as a list).
  const head = Array.from(R.subarray(0, k + 1));
  const parts: RunResult[][] = [];
  const alive: boolean[] = [];
  const theta: Float64Array[] = [];
  const lo: number[] = [], hi: number[] = [];
  starts.forEach((s, j) => {
    const r = runTrajectory(model, { eta: s.eta, steps: R[k], theta0: s.theta0, record: { steps: head }, recordTheta, lambdaAt, engine });
    parts[j] = [r];
    alive[j] = r.summary.firstNonFiniteStep === null;
    theta[j] = r.final.theta;
    lo[j] = r.summary.minLoss;
    hi[j] = r.summary.maxLoss;
  });
  // Phase 2: lanes from record to record, then each record from its state, by the core's own kernels in one scope
  // (a wrapper call per segment and record would cost more than the lanes save).
  const p = model.depth, y = model.target, c = flattestScale(model), W = starts.length;
  const cols: number[][][] = starts.map(() => SERIES_COLUMNS.map(() => []));
  const rowsTheta: number[][] = starts.map(() => []), rowsPar: number[][] = starts.map(() => []);
  const lastPar: Float64Array[] = starts.map(() => new Float64Array(p));
  if (k + 1 < R.length && alive.some(Boolean)) {
    engine.requireF64(W * (p + 5) + 8 * p + 8 + deepScalarRunWorkSize(p) + 5 * p + 21, `sweep lanes (${W} runs of depth ${p})`, "run fewer points together");
    engine.scoped(() => {
      const pEta = engine.allocF64(W), pTh = engine.allocF64(W * p), pLaneWork = engine.allocF64(8 * p + 8), pOut = engine.allocF64(4 * W);
      const pWork = engine.allocF64(deepScalarRunWorkSize(p)), pSteps = engine.copyIn([0]);
      const pRec = engine.allocF64(12), pRecTh = recordTheta ? engine.allocF64(2 * p) : 0, pRecPar = recordTheta ? engine.allocF64(2 * p) : 0;
      const pPar = engine.allocF64(p), pSum = engine.allocF64(8);
      // The live trajectories stay packed in pTh (and their η in pEta) from segment to segment: the lanes kernel
      // updates θ in place, and deepScalarRun with no steps reads θ_t where it lies without changing it. They are
      // repacked only when one goes non-finite. Views are read in place, without a copy per record.
      let live = starts.map((_, j) => j).filter((j) => alive[j]);
      engine.write(pEta, live.map((j) => starts[j].eta));
      live.forEach((j, m) => engine.write(pTh + m * p * 8, theta[j]));
      const oOut = pOut >>> 3, oRec = pRec >>> 3, oSum = pSum >>> 3, oRecTh = pRecTh >>> 3, oRecPar = pRecPar >>> 3;
      for (let i = k + 1; i < R.length && live.length > 0; i++) {
        engine.exports.deepScalarLanes(p, y, live.length, pEta, pTh, R[i] - R[i - 1], pLaneWork, pOut);
        let died = false;
        for (let m = 0; m < live.length; m++) {
          const j = live[m];
          if (engine.f64()[oOut + 4 * m + 2] >= 0) {
            alive[j] = false; // went non-finite: the caller runs it alone
            died = true;
            continue;
          }
          const pAt = pTh + m * p * 8;
          // The record at R[i]: deepScalarRun with no steps writes exactly the record a whole run writes there.
          engine.exports.deepScalarRun(p, y, starts[j].eta, c, pAt, pWork, 0, R[i], pSteps, 1, pRec, pRecTh, pRecPar, pPar, pSum, lambdaAt ? 1 : 0);
          const h = engine.f64(), cj = cols[j];
          for (let q = 0; q < cj.length; q++) cj[q].push(h[oRec + 2 * q]);
          if (recordTheta) {
            for (let e = 0; e < p; e++) rowsTheta[j].push(h[oRecTh + e]);
            for (let e = 0; e < p; e++) rowsPar[j].push(h[oRecPar + e]);
          }
          // min/max over the same losses in another grouping: the same values.
          lo[j] = Math.min(lo[j], h[oOut + 4 * m], h[oSum]);
          hi[j] = Math.max(hi[j], h[oOut + 4 * m + 1], h[oSum + 1]);
          if (i === R.length - 1) {
            theta[j] = engine.read(pAt, p);
            lastPar[j] = engine.read(pPar, p);
          }
        }
        if (died) {
          // Repack the survivors, in order, at the front of pTh and pEta (moving down only: no overlap is read late).
          const h = engine.f64(), oTh = pTh >>> 3, oEta = pEta >>> 3;
          let w = 0;
          live.forEach((j, m) => {
            if (!alive[j]) return;
            if (w !== m) {
              h.copyWithin(oTh + w * p, oTh + m * p, oTh + m * p + p);
              h[oEta + w] = h[oEta + m];
            }
            w++;
          });
          live = live.filter((j) => alive[j]);
        }
      }
    });
  }
  return starts.map((s, j) => {
    if (!alive[j]) return null;
    const head = parts[j][0];
    if (cols[j][0].length === 0) return head;
    const series = seriesFrom((name) => join(head.series[name], cols[j][SERIES_COLUMNS.indexOf(name)]));
    if (recordTheta) {
      series.theta = join(head.series.theta!, rowsTheta[j]);
      series.thetaPar = join(head.series.thetaPar!, rowsPar[j]);
    }
    const n = series.step.length - 1;
    return {
      model: head.model, eta: s.eta, series, final: pointAt(series, n, theta[j], lastPar[j]),
      summary: { stepsRun: steps, firstNonFiniteStep: null, minLoss: lo[j], maxLoss: hi[j] },
      thetaStar: lastPar[j].map((v) => (v >= 0 ? c : -c)), lambdaStar: deepScalarFlattest(model).lambdaStar,
    };
  });
}

function join(a: Float64Array, b: number[]): Float64Array {
  const o = new Float64Array(a.length + b.length);
  o.set(a);
  o.set(b, a.length);
  return o;
}

/**
 * `base`, except that its first run(…) call returns `main` when that call asks for main's own run (the same η, from
 * step 0, main's step count): analyseRun's main stretch, computed already in lanes, is handed to analyseRun in place of
 * its first geometry.run, so the rest of the analysis (records, tail, prediction, labels) is the one every run gets.
 * Any other call, and any call after the first, goes to `base`.
 */
export function geometryWithMain(base: Codim1Geometry, main: RunResult, eta: number): Codim1Geometry {
  let pending: RunResult | undefined = main;
  return {
    ...base,
    run(m, o) {
      const r = pending;
      pending = undefined;
      if (r !== undefined && o.startStep === undefined && o.eta === eta && o.steps === r.summary.stepsRun) return r;
      return base.run(m, o);
    },
  };
}
