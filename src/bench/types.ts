import type { Engine } from "../engine.js";
import type { BackendKind } from "../wasm/exports.js";

/**
 * One benchmark case: a named workload at a few sizes. To add a case, write
 * src/bench/cases/<name>.ts exporting a BenchCase and add it to the list in
 * src/bench/cases/index.ts; the harness, the CLI and bench/run.mjs pick it up.
 */
export interface BenchCase {
  /** Row name, e.g. "gd-linear". */
  readonly name: string;
  /** Size labels, e.g. ["50x200", "1000x4000"]. */
  readonly sizes: readonly string[];
  /** Sizes too slow for every run (seconds of setup, hundreds of MB): measured only with BenchOptions.large (`--large`). */
  readonly largeSizes?: readonly string[];
  /** Backends to measure; default all three. */
  readonly backends?: readonly BackendKind[];
  /** Prepares one size on one engine: everything (allocation, data) happens here, outside the timing. */
  setup(engine: Engine, size: string): BenchInstance;
  /** Sizes that also get a "threads" row (the same work on two workers, given the SIMD engine); see setupThreads. */
  readonly threadsSizes?: readonly string[];
  /** Prepares the "threads" row of one size: timed in wall time always (CPU time would add up both workers). */
  setupThreads?(engine: Engine, size: string): BenchInstance;
}

/** A row's backend: an engine, or "threads" (two workers on shared memory, src/data/gd-linear-threads.ts). */
export type BenchBackend = BackendKind | "threads";

/** A prepared workload. run() must do identical work on every call. */
export interface BenchInstance {
  /** Steps one run() performs (the unit of stepsPerSec). */
  readonly stepsPerRun: number;
  /** Floating-point operations per step, for GFLOP/s (0 when not meaningful). */
  readonly flopsPerStep: number;
  /** Does the work once; returns a number derived from the result, which the harness consumes. */
  run(): number;
  /** Frees what setup() allocated. */
  dispose(): void;
}

/** One line of the report: a case at a size on a backend. stepsPerSec is the median over runs. */
export interface BenchRow {
  name: string;
  size: string;
  backend: BenchBackend;
  stepsPerSec: number;
  gflops: number;
  minStepsPerSec: number;
  maxStepsPerSec: number;
  runs: number;
  stepsPerRun: number;
}

export interface BenchReport {
  rows: BenchRow[];
  /** Sum of every run's result, so no run can be optimised away (and a NaN would show). */
  checksum: number;
}
