// Up-front cost of `eoslab run` (docs/design.md §3): the work has no fixed bound (it grows with --depth, --steps and
// --hidden), so the command prints a one-line estimate of time and memory before a long run, refuses a run estimated
// above --max-minutes, and draws a progress bar on a terminal. The constants are measured on this project's reference
// machine (2 shared cores, Node 20, simd backend); they are upper-side estimates, not promises.
import cliProgress from "cli-progress";
import { InvalidArgumentError } from "../errors.js";
import { deepScalarRunWorkSize } from "../baseline/deep-scalar-run.js";
import type { Codim1Model } from "../models/codim1.js";
import type { Codim1Geometry } from "../codim1/analyse-run.js";
import { recordSteps } from "../series/record-plan.js";
import { appendSeries, type RecordPlan, type RunResult } from "../series/run-series.js";
import { info, isQuiet } from "./log.js";

/** Default of --max-minutes: a run estimated above this is refused. */
export const DEFAULT_MAX_MINUTES = 10;

/**
 * Seconds per p³ per record of a deep scalar run: every record takes λ(θ), the top eigenvalue of the dense p×p
 * Hessian, by Jacobi sweeps (O(p³) each). Measured: `eoslab run --depth 512 --steps 100 --eta-frac 0.5` takes 8.0 s
 * for 102 records (5.6e-10 s·p⁻³); --depth 2048 --steps 2 takes 7.8 s for 4 records (2.2e-10).
 */
export const SCALAR_SECONDS_PER_P3_RECORD = 5e-10;
/** Seconds per parameter per GD step: `run --depth 64 --steps 1e7 --record-every 1e7` takes 2.7 s (4e-9 s). */
export const SCALAR_SECONDS_PER_P_STEP = 4e-9;
/**
 * Seconds per hidden unit of `run --model two-layer`, a lower bound from the smallest data (2×3): the flattest-minimum
 * search dominates. Measured: --hidden 100 takes 6.1 s, --hidden 1000 takes 56 s (0.055 s per unit).
 */
export const TWO_LAYER_SECONDS_PER_HIDDEN = 0.05;
/** Node and the wasm core before any work (measured peak RSS of a tiny run: 60 MB). */
const BASE_BYTES = 60e6;

export interface RunEstimate {
  seconds: number;
  bytes: number;
  /** Units the progress bar counts (records for deep scalar). */
  units: number;
  /** What the estimate is made of, for the one-line message. */
  basis: string;
}

/** The record steps analyseRun asks for: the main run's plan, then every step of the tail (see analyseRun). */
export function scalarRunRecords(steps: number, tail: number, record: RecordPlan): number {
  const K = Math.min(tail, Math.floor(steps / 2));
  return recordSteps(record, steps - K, 0).length + recordSteps({ every: 1 }, K, steps - K).length;
}

/** Time and memory of `eoslab run` on deep scalar depth p with `records` records of `steps` steps in all. */
export function estimateScalarRun(p: number, steps: number, records: number): RunEstimate {
  const seconds = records * SCALAR_SECONDS_PER_P3_RECORD * p ** 3 + steps * SCALAR_SECONDS_PER_P_STEP * p;
  // Per record: the six columns and the step, plus θ_t and θ∥_t (kept for λ_GFS, docs/design.md §3).
  const bytes = BASE_BYTES + 8 * (deepScalarRunWorkSize(p) + (7 + 2 * p) * (records + 1));
  return { seconds, bytes, units: records, basis: `depth ${p}: a dense ${p}×${p} Hessian eigenvalue at each of ${records} records, ${steps} steps` };
}

/** A lower bound on the time of `eoslab run --model two-layer --hidden h` (the data's size is not known yet). */
export function estimateTwoLayerRun(h: number): RunEstimate {
  // Memory: peak RSS 87 MB at h = 100, 120 MB at h = 1000, 154 MB at h = 10⁴ (still searching after 120 s): ≥ 10 kB per unit.
  return { seconds: h * TWO_LAYER_SECONDS_PER_HIDDEN, bytes: BASE_BYTES + 1e4 * h, units: 0, basis: `hidden width ${h}, from the smallest data; larger data take longer` };
}

function human(seconds: number): string {
  if (seconds < 90) return `${seconds.toPrecision(2)} s`;
  if (seconds < 5400) return `${(seconds / 60).toPrecision(2)} min`;
  return `${(seconds / 3600).toPrecision(2)} h`;
}

/**
 * Refuses a run estimated above `maxMinutes` (InvalidArgumentError naming the limit, the flag that raises it and the
 * flags that shrink the work); otherwise prints the estimate on stderr when it is at least 2 s (not under --quiet).
 */
export function checkRunEstimate(e: RunEstimate, maxMinutes: number, shrink: string, lowerBound = false): void {
  const est = lowerBound ? `at least ${human(e.seconds)} and ${Math.ceil(e.bytes / 1e6)} MB` : `~${human(e.seconds)}, ~${Math.ceil(e.bytes / 1e6)} MB`;
  if (e.seconds > maxMinutes * 60) {
    throw new InvalidArgumentError(`run estimated to take ${est} (${e.basis}), over the limit of --max-minutes ${maxMinutes}; use ${shrink}, or raise --max-minutes`);
  }
  if (e.seconds >= 2) info(`run: estimated ${est} (${e.basis})`);
}

/** Whether to draw a progress bar: stderr is a terminal, not --quiet, and the run is long enough to want one. */
export function wantProgress(e: RunEstimate): boolean {
  return Boolean(process.stderr.isTTY) && !isQuiet() && e.seconds >= 2 && e.units > 0;
}

/**
 * geometry.run split into about `chunks` pieces at record steps, so a bar can advance between them. GD's state is θ
 * alone, so a piece continued from the previous piece's final θ with its records (startStep set) computes the same
 * records, bit for bit, as one call; appendSeries drops the record the pieces share.
 */
export function chunkedRun(run: Codim1Geometry["run"], onRecords: (n: number) => void, chunks = 50): Codim1Geometry["run"] {
  return (model: Codim1Model, o) => {
    const S = o.startStep ?? 0;
    const rec = recordSteps(o.record, o.steps, S);
    const last = rec.length - 1;
    const pieces = Math.max(1, Math.min(chunks, last));
    let out: RunResult | undefined;
    let at = 0, theta = o.theta0, done = 0;
    for (let c = 1; c <= pieces; c++) {
      const end = rec[Math.round((c * last) / pieces)];
      if (end <= at && out !== undefined) continue;
      const sub: number[] = [];
      for (const s of rec) if (s >= at && s <= end) sub.push(s + S);
      const r = run(model, { eta: o.eta, steps: end - at, theta0: theta, record: { steps: sub }, startStep: S + at, recordTheta: o.recordTheta });
      if (out === undefined) out = r;
      else {
        out = {
          ...r,
          series: appendSeries(out.series, r.series),
          summary: {
            stepsRun: out.summary.stepsRun + r.summary.stepsRun, firstNonFiniteStep: r.summary.firstNonFiniteStep,
            minLoss: Math.min(out.summary.minLoss, r.summary.minLoss), maxLoss: Math.max(out.summary.maxLoss, r.summary.maxLoss),
          },
        };
      }
      const n = out.series.step.length;
      onRecords(n - done);
      done = n;
      if (r.summary.firstNonFiniteStep !== null) break;
      theta = r.final.theta;
      at = end;
    }
    return out as RunResult;
  };
}

/** A progress bar on stderr for `units` records (the same look as `eoslab sweep`'s). */
export function progressBar(units: number): { tick: (n: number) => void; stop: () => void } {
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: "run [{bar}] {value}/{total} records | {percentage}% | ETA {eta_formatted} | elapsed {duration_formatted}", hideCursor: true, etaBuffer: 20 },
    cliProgress.Presets.shades_classic,
  );
  bar.start(units, 0);
  return { tick: (n) => bar.increment(n), stop: () => bar.stop() };
}
