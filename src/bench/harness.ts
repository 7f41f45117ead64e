import { Engine } from "../engine.js";
import { InvalidArgumentError } from "../errors.js";
import { createJsBackend } from "../baseline/js-backend.js";
import type { BackendKind } from "../wasm/exports.js";
import { instantiateSync } from "../wasm/load.js";
import { benchCases } from "./cases/index.js";
import { spread } from "./table.js";
import type { BenchBackend, BenchCase, BenchReport, BenchRow } from "./types.js";

export interface BenchOptions {
  /** Timed runs per row (≥ 5); the report gives their median, min and max. Default 7. */
  runs?: number;
  /** Untimed runs per row first. Default 2. */
  warmup?: number;
  /** Only these case names. Default: all registered cases. */
  only?: readonly string[];
  /** Only these backends. Default: each case's backends. */
  backends?: readonly BackendKind[];
  /** Progress messages (the CLI sends them to stderr). */
  onProgress?: (message: string) => void;
  /** The cases to run; default the registered list. */
  cases?: readonly BenchCase[];
  /** Also each case's largeSizes (e.g. gd-linear at 2000x8000). Default false. */
  large?: boolean;
  /**
   * Time each run in this process's CPU time (Node's process.cpuUsage) instead of wall time, so that time spent
   * descheduled on a busy machine does not count. Default false; ignored where process.cpuUsage is missing (browsers).
   */
  cpuTime?: boolean;
  /**
   * Called after every timed run with that run's rate, so that a caller can pool the runs of several calls
   * (bench/table.mjs takes the median and min–max over all runs of all its rounds). The report is unchanged.
   */
  onRun?: (run: BenchRun) => void;
}

/** One timed run, as given to BenchOptions.onRun. */
export interface BenchRun {
  name: string;
  size: string;
  backend: BenchBackend;
  /** This run's steps per second. */
  stepsPerSec: number;
  flopsPerStep: number;
  /** "wall" for the threads row (always wall time) and without cpuTime; "cpu" otherwise. */
  clock: "cpu" | "wall";
}

/** A clock in milliseconds: wall time, or the process's user + system CPU time when asked and available (`cpu` says which). */
function clockMs(cpu: boolean): { now: () => number; cpu: boolean } {
  const usage = (globalThis as { process?: { cpuUsage?: () => { user: number; system: number } } }).process?.cpuUsage;
  if (cpu && usage) return { now: () => { const u = usage(); return (u.user + u.system) / 1000; }, cpu: true };
  return { now: () => performance.now(), cpu: false };
}

const ALL: readonly BackendKind[] = ["simd", "wasm", "js"];

/**
 * Runs the benchmark in this process, on one fresh engine per backend with
 * default engine flags. For each case and size, all backends are set up,
 * warmed up, then timed in turns (simd, wasm, js, simd, …), so that noise
 * from other processes hits every backend alike and the ratios between
 * backends stay meaningful on a busy machine.
 */
export function runBench(opts: BenchOptions = {}): BenchReport {
  const runs = opts.runs ?? 7;
  const warmup = opts.warmup ?? 2;
  if (!Number.isInteger(runs) || runs < 5) throw new InvalidArgumentError(`runs must be an integer ≥ 5, got ${runs}`);
  if (!Number.isInteger(warmup) || warmup < 0) throw new InvalidArgumentError(`warmup must be a non-negative integer, got ${warmup}`);
  let cases = opts.cases ?? benchCases;
  if (opts.only && opts.only.length > 0) {
    const unknown = opts.only.filter((n) => !cases.some((c) => c.name === n));
    if (unknown.length) {
      throw new InvalidArgumentError(`unknown bench case "${unknown[0]}"; known: ${cases.map((c) => c.name).join(", ")}`);
    }
    cases = cases.filter((c) => opts.only!.includes(c.name));
  }
  const engines = new Map<BackendKind, Engine>();
  const engineFor = (kind: BackendKind): Engine => {
    let e = engines.get(kind);
    if (!e) engines.set(kind, (e = new Engine(kind === "js" ? createJsBackend() : instantiateSync(kind))));
    return e;
  };
  const rows: BenchRow[] = [];
  let checksum = 0;
  // The timing clock: CPU time only when asked and available (wall time where process.cpuUsage is missing).
  const { now, cpu: cpuClock } = clockMs(opts.cpuTime ?? false);
  const wall = clockMs(false).now;
  for (const c of cases) {
    const kinds = (c.backends ?? ALL).filter((k) => !opts.backends || opts.backends.includes(k));
    for (const size of opts.large ? [...c.sizes, ...(c.largeSizes ?? [])] : c.sizes) {
      // The "threads" row goes with the SIMD engine: it is the same loop on two workers.
      const threads = c.setupThreads !== undefined && (c.threadsSizes ?? []).includes(size) && (!opts.backends || opts.backends.includes("simd"));
      const labels: BenchBackend[] = threads ? [...kinds, "threads"] : kinds;
      opts.onProgress?.(`bench ${c.name} ${size}: ${labels.join(", ")}`);
      const insts = kinds.map((k) => c.setup(engineFor(k), size));
      if (threads) insts.push(c.setupThreads!(engineFor("simd"), size));
      try {
        for (const inst of insts) for (let w = 0; w < warmup; w++) checksum += inst.run();
        const rates: number[][] = insts.map(() => []);
        for (let r = 0; r < runs; r++) {
          insts.forEach((inst, b) => {
            const clock = labels[b] === "threads" ? wall : now;
            const t0 = clock();
            checksum += inst.run();
            const ms = clock() - t0;
            const rate = (inst.stepsPerRun * 1000) / Math.max(ms, 1e-3);
            rates[b].push(rate);
            opts.onRun?.({
              name: c.name, size, backend: labels[b], stepsPerSec: rate, flopsPerStep: inst.flopsPerStep,
              clock: labels[b] === "threads" || !cpuClock ? "wall" : "cpu",
            });
          });
        }
        insts.forEach((inst, b) => {
          const { median: med, min, max } = spread(rates[b]);
          rows.push({
            name: c.name,
            size,
            backend: labels[b],
            stepsPerSec: med,
            gflops: (med * inst.flopsPerStep) / 1e9,
            minStepsPerSec: min,
            maxStepsPerSec: max,
            runs,
            stepsPerRun: inst.stepsPerRun,
          });
        });
      } finally {
        for (const inst of insts) inst.dispose();
      }
    }
  }
  return { rows, checksum };
}
