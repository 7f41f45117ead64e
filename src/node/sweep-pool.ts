// Runs a sweep's grid points on a piscina pool of worker threads, one thread included (docs/design.md §6): a point
// computed on the main thread blocks its event loop, so Ctrl-C or SIGTERM could not be handled until the point
// ended (hours, for a long one). In a worker, the main thread stays free to handle the signal at once and to end
// the worker. Each worker loads the same backend, so the points are bit-identical to an in-thread computation.
// Node-only.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Piscina } from "piscina";
import type { Engine } from "../engine.js";
import { EoslabError } from "../errors.js";
import type { GridRecord } from "../experiments/sweep-spec-point.js";
import type { SweepSpec } from "../experiments/sweep-spec.js";
import type { SweepTask, SweepWorkerData } from "./sweep-worker.js";

export interface RunPointsOptions {
  /** The engine of this thread: the workers load the same backend (engine.kind). */
  engine: Engine;
  spec: SweepSpec;
  /** Where the spec's relative data paths are read from. */
  baseDir: string;
  /** Grid indices to compute, in the order they are handed out. */
  indices: number[];
  /** Worker threads (1 included: never on this thread, so signals are handled while a point runs). */
  workers: number;
  /** Called on this thread as each point finishes (in completion order, not grid order). */
  onPoint: (r: GridRecord) => void;
  /**
   * Deep scalar specs: hand out consecutive points in windows, whose points of one model run together in lanes
   * (computeGridPoints: the same bits, about twice the steps per second at depth 5). Default true; false runs one
   * point per task, as before lanes.
   */
  lanes?: boolean;
  /** Aborting stops handing out points and ends the workers at once (the running points are lost, not half-written); points already finished have been passed to onPoint. */
  signal?: AbortSignal;
}

/** The most consecutive points one lanes task takes: enough for a few groups of one model, few enough to lose little to a signal. */
const LANES_WINDOW = 32;

/** The compiled worker: dist/node/sweep-worker.js next to this file; from src/ (vitest) the one tsc built into dist/. */
export function sweepWorkerFile(): string {
  const here = new URL("./sweep-worker.js", import.meta.url);
  if (existsSync(fileURLToPath(here))) return here.href;
  const built = new URL("../../dist/node/sweep-worker.js", import.meta.url);
  if (import.meta.url.endsWith(".ts") && existsSync(fileURLToPath(built))) return built.href;
  throw new EoslabError(`the sweep worker ${fileURLToPath(here)} is missing; run npm run build:ts`);
}

/** Computes the points; resolves when all are done or, after an abort, once the running ones have stopped. */
export async function runSweepPoints(o: RunPointsOptions): Promise<{ computed: number; aborted: boolean }> {
  let computed = 0;
  if (o.indices.length === 0) return { computed, aborted: o.signal?.aborted ?? false };
  const threads = Math.max(1, Math.min(o.workers, o.indices.length));
  const pool = new Piscina<SweepTask, GridRecord | GridRecord[]>({
    filename: sweepWorkerFile(),
    minThreads: threads,
    maxThreads: threads,
    // The spec goes to each thread once; a task is one index.
    workerData: { backend: o.engine.kind, spec: o.spec, baseDir: o.baseDir, lanes: o.lanes ?? true } satisfies SweepWorkerData,
  });
  // Tasks: one point each, or (lanes) windows of consecutive points, small enough that every thread gets work. With
  // one thread the tasks finish in the order they were handed out, and each window's records come back in its order,
  // so the points reach onPoint in grid order either way.
  const useLanes = (o.lanes ?? true) && (o.spec.model === "deep-scalar" || o.spec.model === "scalar");
  const window = useLanes ? Math.max(1, Math.min(LANES_WINDOW, Math.ceil(o.indices.length / (2 * threads)))) : 1;
  const tasks: number[][] = [];
  for (let i = 0; i < o.indices.length; i += window) tasks.push(o.indices.slice(i, i + window));
  let next = 0;
  // Two tasks in flight per thread keep every thread busy while results travel back.
  const lane = async (): Promise<void> => {
    while (next < tasks.length && !o.signal?.aborted) {
      const t = tasks[next++];
      const r = await pool.run(t.length === 1 ? { index: t[0] } : { indices: t }, { signal: o.signal ?? null });
      for (const rec of Array.isArray(r) ? r : [r]) {
        o.onPoint(rec);
        computed++;
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(2 * threads, tasks.length) }, lane));
  } catch (e) {
    if (!o.signal?.aborted) throw e;
  } finally {
    await pool.destroy();
  }
  return { computed, aborted: o.signal?.aborted ?? false };
}
