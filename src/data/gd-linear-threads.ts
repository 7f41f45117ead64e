// One large linear GD trajectory on two workers sharing one wasm memory (docs/engine.md, "Two threads for one large
// trajectory"). The threads build (assembly/threads/) is instantiated once per worker on a fresh shared memory that
// holds X, y, θ, the records and a control block; each worker runs the whole loop over its share (rows of the
// residual, columns of the update) and meets the other at two barriers per step. The calling thread copies the
// problem in, starts the workers, sleeps on the control block until both are done (bounded), reads the result and
// terminates the workers, whatever happened.
//
// Node runs the workers with worker_threads, reached through process.getBuiltinModule so that this file stays
// browser-safe (no import of a Node module). A browser needs cross-origin isolation for SharedArrayBuffer, and the
// calling thread must be allowed to block (a worker, not the page's main thread); see threadsUnavailable.
import { ThreadsError } from "../errors.js";
import { Arena } from "../wasm/arena.js";
import { threadsWasmBase64 } from "../wasm/binaries.js";
import { decodeBase64 } from "../wasm/decode-base64.js";

/** The workers of a threaded run: two (rows split for r = Xθ − y, columns split for the update). */
export const GD_THREADS = 2;

/**
 * The default bound on one barrier wait, in ms: a partner that has not arrived by then is taken as stalled or dead.
 * Far above any step of a problem that fits in wasm32 memory (a 4 GiB X takes about a second per step here).
 */
export const GD_THREADS_TIMEOUT_MS = 60_000;

/** Checks of the barrier word before a worker sleeps, about 20 µs: longer spins measured slower on this loaded machine (docs/benchmark.md, "Two threads"). */
export const GD_THREADS_SPINS = 4000;

/** What a threaded run needs: the problem, already validated by gdLinear. */
export interface GdThreadsJob {
  X: Float64Array;
  y: Float64Array;
  n: number;
  d: number;
  eta: number;
  steps: number;
  every: number;
  cap: number;
  theta0?: ArrayLike<number>;
}

/** The raw outcome, in gdLinear's layout (summary: the 7 slots of assembly/trajectory/loss-recorder.ts). */
export interface GdThreadsOutcome {
  theta: Float64Array;
  steps: Float64Array;
  loss: Float64Array;
  summary: Float64Array;
}

interface NodeWorker {
  on(event: "exit", fn: () => void): void;
  unref(): void;
  terminate(): Promise<number>;
}
type WorkerCtor = new (code: string, opts: { eval: true; workerData: unknown }) => NodeWorker;

let live = 0;
/** The shared memory of the last run that ended cleanly, for the next run to reuse. */
let spare: { memory: WebAssembly.Memory; pages: number } | undefined;
let moduleCache: WebAssembly.Module | undefined;

/** Workers of threaded runs that have not exited yet (0 once every run has ended and its workers are gone). */
export function liveThreadWorkers(): number {
  return live;
}

function nodeWorker(): WorkerCtor | undefined {
  const p = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const wt = p?.getBuiltinModule?.("worker_threads") as { Worker?: WorkerCtor; isMainThread?: boolean } | undefined;
  return wt?.Worker;
}

/**
 * Why a threaded run cannot happen here, or undefined when it can: SharedArrayBuffer and Atomics present (in a
 * browser only under cross-origin isolation: COOP same-origin and COEP require-corp), shared wasm memory and the
 * threads build accepted by the engine, and a way to start workers that the calling thread may block on.
 */
export function threadsUnavailable(): string | undefined {
  const g = globalThis as { SharedArrayBuffer?: unknown; Atomics?: unknown; crossOriginIsolated?: boolean; document?: unknown };
  if (g.crossOriginIsolated === false) return "the page is not cross-origin isolated (it needs the COOP/COEP headers), so SharedArrayBuffer is unavailable";
  if (typeof g.SharedArrayBuffer !== "function" || typeof g.Atomics !== "object") return "SharedArrayBuffer/Atomics are unavailable in this engine";
  if (nodeWorker() === undefined) {
    return g.document !== undefined
      ? "a browser page's main thread may not block on workers (run eoslab in a Web Worker)"
      : "this engine has no worker_threads (threads for one trajectory are implemented for Node)";
  }
  try {
    threadsModule();
  } catch (e) {
    return `the threads wasm build does not load here (${e instanceof Error ? e.message : String(e)})`;
  }
  return undefined;
}

let heapBaseCache: number | undefined;

/** The threads build's heap base, read once from an instance on a throwaway 2-page memory. */
function threadsHeapBase(module: WebAssembly.Module): number {
  if (heapBaseCache === undefined) {
    const probe = new WebAssembly.Memory({ initial: 2, maximum: 2, shared: true });
    heapBaseCache = (new WebAssembly.Instance(module, { env: { memory: probe, nowMs: () => 0, abort() {} } }).exports as { heapBase(): number }).heapBase();
  }
  return heapBaseCache;
}

function threadsModule(): WebAssembly.Module {
  return (moduleCache ??= new WebAssembly.Module(decodeBase64(threadsWasmBase64) as BufferSource));
}

// The worker: instantiate the threads build on the shared memory and run its share. A failure before or inside
// the wasm call marks the run failed (FAIL = 3), raises the barrier's abort flag so that the partner leaves its
// loop, and counts this worker as done, so the caller never waits for it.
// The source is valid both as a script and as a module (a worker inherits the parent's --input-type), so it takes
// worker_threads from process.getBuiltinModule rather than require or import.
const WORKER_SOURCE = `
const w = process.getBuiltinModule("worker_threads").workerData;
const i32 = new Int32Array(w.memory.buffer);
const c = w.ctl >> 2;
try {
  const inst = new WebAssembly.Instance(w.module, { env: { memory: w.memory, nowMs: () => performance.now(), abort() { throw new Error("wasm abort"); } } });
  inst.exports.gdLinearThreadsRun(...w.args);
} catch (e) {
  Atomics.compareExchange(i32, c + 4, 0, 3);
  Atomics.store(i32, c + 2, 1);
  Atomics.notify(i32, c + 1);
  Atomics.add(i32, c + 3, 1);
  Atomics.notify(i32, c + 3);
}
`;

/** Control block words (i32 index from ctl): assembly/threads/gd-linear-threads.ts. */
const GEN = 1, ABORT = 2, DONE = 3, FAIL = 4, RECS = 5;

/** Splits [0, len) at a multiple of `align` near the middle. */
function half(len: number, align: number): number {
  return Math.min(len, Math.max(0, Math.round(len / 2 / align) * align));
}

/**
 * Runs the trajectory on `parties` workers (tests pass parties > workers to exercise the barrier timeout). Throws
 * ThreadsError when a barrier times out or a worker fails; the workers are terminated in every case.
 */
export function runGdLinearThreads(job: GdThreadsJob, opts: { timeoutMs?: number; parties?: number; workers?: number; spins?: number } = {}): GdThreadsOutcome {
  const Worker = nodeWorker();
  const why = threadsUnavailable();
  if (Worker === undefined || why !== undefined) throw new ThreadsError(`two threads are unavailable: ${why}`);
  const { X, y, n, d, eta, steps, every, cap } = job;
  const timeoutMs = opts.timeoutMs ?? GD_THREADS_TIMEOUT_MS;
  const parties = opts.parties ?? GD_THREADS;
  const workers = opts.workers ?? GD_THREADS;
  const spins = opts.spins ?? GD_THREADS_SPINS;
  const module = threadsModule();
  // Size the memory to the job once (X, y, θ, θ', r, two record columns, summary, control block), no growth.
  const f64s = n * d + 2 * n + 2 * d + 2 * cap + 8 + 4;
  const heapBase = threadsHeapBase(module);
  const bytes = heapBase + f64s * 8 + 64 + 16 * 16 + 1024;
  // The module declares a minimum of 2 pages (asconfig.json's initialMemory).
  const pages = Math.max(2, Math.ceil(bytes / 65536));
  if (pages > 65536) throw new ThreadsError(`gdLinear on ${n}×${d} needs ${(bytes / 2 ** 30).toFixed(2)} GiB of shared wasm memory, over 4 GiB`);
  // Reuse the last run's memory when it is large enough and that run ended cleanly (then no worker of it can still
  // touch it): repeated runs keep memory flat instead of leaving a fresh shared buffer per run to the GC.
  const reuse = spare !== undefined && spare.pages >= pages && spare.pages <= 2 * pages ? spare.memory : undefined;
  spare = undefined;
  const memory = reuse ?? new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
  const arena = new Arena(memory, heapBase);
  const f64 = new Float64Array(memory.buffer);
  const put = (src: ArrayLike<number>): number => {
    const p = arena.alloc(src.length * 8);
    f64.set(src, p >>> 3);
    return p;
  };
  const px = put(X), py = put(y);
  const pTheta = arena.alloc(d * 8), pSpare = arena.alloc(d * 8), pR = arena.alloc(n * 8);
  const pRecStep = arena.alloc(cap * 8), pRecLoss = arena.alloc(cap * 8), pSummary = arena.alloc(64), ctl = arena.alloc(64);
  if (job.theta0 !== undefined) f64.set(job.theta0, pTheta >>> 3);
  else f64.fill(0, pTheta >>> 3, (pTheta >>> 3) + d);
  f64.fill(0, ctl >>> 3, (ctl >>> 3) + 8);
  const i32 = new Int32Array(memory.buffer);
  const c = ctl >>> 2;
  const rs = half(n, 2), cs = half(d, 8);
  const shares = [[0, rs, 0, cs], [rs, n, cs, d]];
  const started: NodeWorker[] = [];
  try {
    for (let id = 0; id < workers; id++) {
      const [r0, r1, c0, c1] = shares[id] ?? [0, 0, 0, 0];
      const args = [id, parties, n, d, eta, px, py, pTheta, pSpare, pR, steps, every, pRecStep, pRecLoss, pSummary, ctl, timeoutMs, r0, r1, c0, c1, spins];
      const w = new Worker(WORKER_SOURCE, { eval: true, workerData: { memory, module, ctl, args } });
      live++;
      w.on("exit", () => { live--; });
      started.push(w);
    }
    // Sleep until every worker is done or one failed. The caller's own wait is bounded too: if the barrier's
    // generation stops moving for longer than a barrier may wait, the workers are taken as lost.
    let lastGen = Atomics.load(i32, c + GEN), lastMove = Date.now();
    while (Atomics.load(i32, c + DONE) < workers && Atomics.load(i32, c + FAIL) === 0) {
      Atomics.wait(i32, c + DONE, Atomics.load(i32, c + DONE), 50);
      const g = Atomics.load(i32, c + GEN);
      if (g !== lastGen) {
        lastGen = g;
        lastMove = Date.now();
      } else if (Date.now() - lastMove > timeoutMs + 5000) {
        Atomics.compareExchange(i32, c + FAIL, 0, 1);
      }
    }
    const fail = Atomics.load(i32, c + FAIL);
    if (fail !== 0) {
      Atomics.store(i32, c + ABORT, 1);
      Atomics.notify(i32, c + GEN);
      throw new ThreadsError(fail === 3
        ? "a worker of the threaded gdLinear run failed to start or raised; run with threads: 1"
        : `a barrier of the threaded gdLinear run waited over ${timeoutMs} ms for its partner (a stalled or lost worker); run with threads: 1`);
    }
    const recs = Atomics.load(i32, c + RECS);
    const at = (p: number, k: number): Float64Array => f64.slice(p >>> 3, (p >>> 3) + k);
    const out = { theta: at(pTheta, d), steps: at(pRecStep, recs), loss: at(pRecLoss, recs), summary: at(pSummary, 7) };
    if (Atomics.load(i32, c + DONE) === workers) spare = { memory, pages: memory.buffer.byteLength / 65536 };
    return out;
  } finally {
    for (const w of started) {
      w.unref();
      void w.terminate();
    }
  }
}
