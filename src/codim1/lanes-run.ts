// Several recorded deep-scalar runs at once: the long stretches between record steps run in the SIMD lanes of
// deepScalarLanes (docs/design.md §3, "Whole loops in wasm"), the records themselves are written by the single-run
// kernel from the state at that step. Every record of deepScalarRun is a function of θ_t alone (loss, projection,
// λ(θ∥), λ(θ)), and every lane is bit for bit its own single run, so each result is runTrajectory's, bit for bit.
// Not exported from the package: eoslab sweep's points use it (src/experiments/sweep-spec-point.ts).
import type { Engine } from "../engine.js";
import type { DeepScalarModel } from "../models/deep-scalar.js";
import { recordSteps } from "../series/record-plan.js";
import { seriesFrom, type RecordPlan, type RunResult } from "../series/run-series.js";
import { deepScalarLanes, type LaneStart } from "./lanes.js";
import { runTrajectory } from "./run.js";

/** Gaps between records shorter than this run in the single-run kernel: a lanes call per short gap costs more than it saves. */
export const LANES_MIN_GAP = 64;

/** How many trajectories deepScalarLanes runs per loop at depth p (four at depth 5, two otherwise). */
export function laneWidth(depth: number): number {
  return depth === 5 ? 4 : 2;
}

/**
 * For each start, the result of runTrajectory(model, { eta, steps, theta0, record, recordTheta, engine }), bit for bit,
 * or null for a start whose run went non-finite (the caller runs it alone: a diverging run's last records are the
 * single kernel's replay, not worth repeating here). The records up to the last gap shorter than `minGap` run one
 * trajectory at a time; from there on, the trajectories advance together in lanes from record to record.
 */
export function runDeepScalarLanes(
  model: DeepScalarModel, starts: readonly LaneStart[], o: { steps: number; record: RecordPlan; recordTheta?: boolean; engine: Engine }, minGap = LANES_MIN_GAP,
): (RunResult | null)[] {
  const { engine, steps } = o;
  const recordTheta = o.recordTheta === true;
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
    const r = runTrajectory(model, { eta: s.eta, steps: R[k], theta0: s.theta0, record: { steps: head }, recordTheta, engine });
    parts[j] = [r];
    alive[j] = r.summary.firstNonFiniteStep === null;
    theta[j] = r.final.theta;
    lo[j] = r.summary.minLoss;
    hi[j] = r.summary.maxLoss;
  });
  // Phase 2: lanes from record to record, then each record from its state.
  for (let i = k + 1; i < R.length; i++) {
    const live = starts.map((_, j) => j).filter((j) => alive[j]);
    if (live.length === 0) break;
    const gap = R[i] - R[i - 1];
    const out = deepScalarLanes(model, live.map((j) => ({ eta: starts[j].eta, theta0: theta[j] })), gap, { engine });
    live.forEach((j, m) => {
      const l = out[m];
      if (l.firstNonFiniteStep !== null) {
        alive[j] = false;
        return;
      }
      const r = runTrajectory(model, { eta: starts[j].eta, steps: 0, theta0: l.theta, startStep: R[i], record: { steps: [R[i]] }, recordTheta, engine });
      parts[j].push(r);
      theta[j] = r.final.theta;
      // min/max over the same losses in another grouping: the same values.
      lo[j] = Math.min(lo[j], l.minLoss, r.summary.minLoss);
      hi[j] = Math.max(hi[j], l.maxLoss, r.summary.maxLoss);
    });
  }
  return starts.map((s, j) => (alive[j] ? joinParts(parts[j], steps, lo[j], hi[j], s.eta) : null));
}

/** One RunResult from consecutive pieces of a finite run (each piece's records after the previous piece's last). */
function joinParts(parts: RunResult[], steps: number, minLoss: number, maxLoss: number, eta: number): RunResult {
  const last = parts[parts.length - 1];
  const series = seriesFrom((c) => concat(parts.map((r) => r.series[c]), parts.map((r) => r.series.step.length), 1));
  const p = last.final.theta.length;
  if (parts.every((r) => r.series.theta !== undefined && r.series.thetaPar !== undefined)) {
    series.theta = concat(parts.map((r) => r.series.theta!), parts.map((r) => r.series.step.length), p);
    series.thetaPar = concat(parts.map((r) => r.series.thetaPar!), parts.map((r) => r.series.step.length), p);
  }
  return {
    model: last.model, eta, series, final: last.final,
    summary: { stepsRun: steps, firstNonFiniteStep: null, minLoss, maxLoss },
    thetaStar: last.thetaStar, lambdaStar: last.lambdaStar,
  };
}

/** The pieces' rows one after another (each piece starts at a record step after the previous piece's last). */
function concat(xs: Float64Array[], rows: number[], width: number): Float64Array {
  let n = 0;
  for (const r of rows) n += r * width;
  const out = new Float64Array(n);
  let o = 0;
  xs.forEach((x, i) => {
    out.set(x.subarray(0, rows[i] * width), o);
    o += rows[i] * width;
  });
  return out;
}
