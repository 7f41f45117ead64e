// One large linear GD trajectory on two workers sharing one wasm memory (docs/engine.md, "Two threads for one large
// trajectory"). The threads build (assembly/threads/) is instantiated once per worker on a fresh shared memory that
// holds X, y, θ, the records and a control block; each worker runs the whole loop over its share and meets the other
// at barriers: in parameter space rows of the residual and columns of the update, two barriers a step; in residual
// space rows of K = XXᵀ (built here first, in the same memory), one barrier a step. The calling thread copies the
// problem in, starts the workers, waits on the control block until both are done (bounded), reads the result and
// terminates the workers, whatever happened.
//
// Two callers share everything but the wait (layoutThreadsRun lays out the memory, the workers' arguments, the
// watchdog and the read-back): runGdLinearThreads (gdLinear) sleeps in Atomics.wait, so it needs a thread that may
// block and workers that start while it sleeps, which only Node's worker_threads give; runGdLinearThreadsAsync
// (gdLinearAsync) awaits the workers' "ready" messages and then Atomics.waitAsync, so it also runs on a browser page's
// main thread or in a Web Worker, with Blob-URL workers.
//
// Node's workers come from worker_threads, reached through process.getBuiltinModule so that this file stays
// browser-safe (no import of a Node module). A browser needs cross-origin isolation for SharedArrayBuffer; see
// threadsUnavailable.
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

/**
 * The default bound, in ms, on a worker of an asynchronous run reporting that it has instantiated the threads build
 * on the shared memory: a browser starts a worker in tens of ms, a loaded machine in a few seconds.
 */
export const GD_THREADS_READY_MS = 30_000;

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
  /**
   * The loop: "parameter" (default; rows split for r = Xθ − y, columns for the update, two barriers a step) or
   * "residual" (r ← r − η·K·r with K = XXᵀ built first by the calling thread, rows of K split, one barrier a step).
   */
  space?: "parameter" | "residual";
  /** K = XXᵀ already built (n×n, row-major; the bench builds it outside its timing), else built here. */
  gram?: Float64Array;
}

/** The raw outcome, in gdLinear's layout (summary: the 7 slots of assembly/trajectory/loss-recorder.ts). */
export interface GdThreadsOutcome {
  theta: Float64Array;
  steps: Float64Array;
  loss: Float64Array;
  summary: Float64Array;
}

/** Options of a threaded run; tests pass parties > workers to exercise a partner that never comes. */
export interface GdThreadsRunOptions {
  /** Bound on one barrier wait (ms). */
  timeoutMs?: number;
  /** Bound on the workers' "ready" messages (ms; asynchronous runs only). */
  readyTimeoutMs?: number;
  /** Agents each barrier waits for. */
  parties?: number;
  /** Workers actually started. */
  workers?: number;
  spins?: number;
}

interface NodeWorker {
  on(event: "exit", fn: () => void): void;
  on(event: "message", fn: (m: unknown) => void): void;
  on(event: "error", fn: (e: unknown) => void): void;
  unref(): void;
  terminate(): Promise<number>;
}
type WorkerCtor = new (code: string, opts: { eval: true; workerData: unknown }) => NodeWorker;

/** A browser's Worker, as far as a run uses it. */
interface WebWorker {
  onmessage: ((e: { data: unknown }) => void) | null;
  onerror: ((e: { message?: string; preventDefault?: () => void }) => void) | null;
  postMessage(m: unknown): void;
  terminate(): void;
}
type WebWorkerCtor = new (url: string) => WebWorker;

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

/** A browser's Worker constructor with Blob URLs to start it from, or undefined. */
function webWorker(): WebWorkerCtor | undefined {
  const g = globalThis as { Worker?: unknown; Blob?: unknown; URL?: { createObjectURL?: unknown } };
  return typeof g.Worker === "function" && typeof g.Blob === "function" && typeof g.URL?.createObjectURL === "function" ? g.Worker as WebWorkerCtor : undefined;
}

/**
 * Why a threaded run cannot happen here, or undefined when it can: SharedArrayBuffer and Atomics present (in a
 * browser only under cross-origin isolation: COOP same-origin and COEP require-corp), shared wasm memory and the
 * threads build accepted by the engine, and a way to start workers. `blocking` (gdLinear): the calling thread
 * sleeps in Atomics.wait while the workers start, which only Node's worker_threads allow; otherwise (gdLinearAsync)
 * a browser's Worker does too, and Atomics.waitAsync or the workers' messages end the wait.
 */
export function threadsUnavailable(blocking = true): string | undefined {
  const g = globalThis as { SharedArrayBuffer?: unknown; Atomics?: unknown; crossOriginIsolated?: boolean; document?: unknown };
  if (g.crossOriginIsolated === false) return "the page is not cross-origin isolated (it needs the COOP/COEP headers), so SharedArrayBuffer is unavailable";
  if (typeof g.SharedArrayBuffer !== "function" || typeof g.Atomics !== "object") return "SharedArrayBuffer/Atomics are unavailable in this engine";
  if (nodeWorker() === undefined) {
    if (!blocking && webWorker() !== undefined) {
      // Available: the asynchronous entry starts Blob-URL workers and never blocks.
    } else if (webWorker() !== undefined || g.document !== undefined) {
      return "gdLinear is synchronous and a browser thread cannot block on workers it starts (use gdLinearAsync)";
    } else {
      return "this engine has no worker_threads and no Worker to run threads on";
    }
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

/** The threads build on `memory` in the calling thread, for work done before the workers start (K = XXᵀ). */
function threadsInstance(module: WebAssembly.Module, memory: WebAssembly.Memory): { gramXXt(n: number, d: number, x: number, gram: number, block: number): void } {
  const env = { memory, nowMs: () => performance.now(), abort() { throw new ThreadsError("the threads build aborted while building K = XXᵀ"); } };
  return new WebAssembly.Instance(module, { env }).exports as unknown as { gramXXt(n: number, d: number, x: number, gram: number, block: number): void };
}

// The worker: instantiate the threads build on the shared memory, say "ready", and run its share. A failure before
// or inside the wasm call marks the run failed (FAIL = 3), raises the barrier's abort flag so that the partner
// leaves its loop, and counts this worker as done, so the caller never waits for it. "done" wakes a caller that
// listens for messages (a blocked caller never reads them).
const WORKER_RUN = `
function eoslabThreadsRun(w, post) {
  const i32 = new Int32Array(w.memory.buffer);
  const c = w.ctl >> 2;
  try {
    const inst = new WebAssembly.Instance(w.module, { env: { memory: w.memory, nowMs: () => performance.now(), abort() { throw new Error("wasm abort"); } } });
    post("ready");
    inst.exports[w.entry](...w.args);
  } catch (e) {
    Atomics.compareExchange(i32, c + 4, 0, 3);
    Atomics.store(i32, c + 2, 1);
    Atomics.notify(i32, c + 1);
    Atomics.add(i32, c + 3, 1);
    Atomics.notify(i32, c + 3);
  }
  post("done");
}
`;
// Node: valid both as a script and as a module (a worker inherits the parent's --input-type), so it takes
// worker_threads from process.getBuiltinModule rather than require or import.
const NODE_WORKER_SOURCE = `${WORKER_RUN}
const wt = process.getBuiltinModule("worker_threads");
eoslabThreadsRun(wt.workerData, (m) => wt.parentPort.postMessage(m));
`;
// A browser: the job (shared memory and compiled module, both structured-cloneable) arrives as the first message.
const WEB_WORKER_SOURCE = `${WORKER_RUN}
onmessage = (e) => { onmessage = null; eoslabThreadsRun(e.data, (m) => postMessage(m)); };
`;
let webWorkerUrl: string | undefined;

/** Control block words (i32 index from ctl): assembly/threads/gd-linear-threads.ts. */
const GEN = 1, ABORT = 2, DONE = 3, FAIL = 4, RECS = 5;

/** Splits [0, len) at a multiple of `align` near the middle. */
function half(len: number, align: number): number {
  return Math.min(len, Math.max(0, Math.round(len / 2 / align) * align));
}

/** A threaded run laid out in its shared memory: what both callers hand the workers and read back. */
interface ThreadsLayout {
  workers: number;
  parties: number;
  timeoutMs: number;
  i32: Int32Array;
  /** The i32 index of the "workers done" word, for a caller to wait on. */
  doneIndex: number;
  /** What worker `id` receives: the memory, the module, the control block and its arguments. */
  workerData(id: number): unknown;
  /** Whether the run is over (every worker done, or one failed); marks a run whose barrier stopped moving as failed. */
  finished(): boolean;
  /** Whether a worker has marked the run failed. */
  failed(): boolean;
  /** Marks the run failed and tells the workers to leave their loops. */
  abort(): void;
  /** The outcome, or ThreadsError if the run failed; keeps the memory for the next run when it ended cleanly. */
  outcome(): GdThreadsOutcome;
}

/** Sizes a shared memory to the job (or reuses the last one), copies the problem in and lays out the workers' shares. */
function layoutThreadsRun(job: GdThreadsJob, opts: GdThreadsRunOptions): ThreadsLayout {
  const { X, y, n, d, eta, steps, every, cap } = job;
  const timeoutMs = opts.timeoutMs ?? GD_THREADS_TIMEOUT_MS;
  const parties = opts.parties ?? GD_THREADS;
  const workers = opts.workers ?? GD_THREADS;
  const spins = opts.spins ?? GD_THREADS_SPINS;
  const module = threadsModule();
  const residual = job.space === "residual";
  // Size the memory to the job once (X, y, θ, r, two record columns, summary, control block; in parameter space also
  // θ'; in residual space K and 4n more for r', the two running sums and K·r), no growth.
  const f64s = n * d + 2 * n + d + 2 * cap + 8 + 4 + (residual ? n * n + 4 * n : d);
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
  const pTheta = arena.alloc(d * 8), pSpare = residual ? 0 : arena.alloc(d * 8), pR = arena.alloc((residual ? 5 * n : n) * 8);
  const pGram = residual ? arena.alloc(n * n * 8) : 0;
  const pRecStep = arena.alloc(cap * 8), pRecLoss = arena.alloc(cap * 8), pSummary = arena.alloc(64), ctl = arena.alloc(64);
  if (job.theta0 !== undefined) f64.set(job.theta0, pTheta >>> 3);
  else f64.fill(0, pTheta >>> 3, (pTheta >>> 3) + d);
  f64.fill(0, ctl >>> 3, (ctl >>> 3) + 8);
  // K = XXᵀ, built here in one thread by the threads build's own gramXXt (the main build's source, the same bits).
  if (residual) {
    if (job.gram !== undefined) f64.set(job.gram, pGram >>> 3);
    else threadsInstance(module, memory).gramXXt(n, d, px, pGram, 0);
  }
  const i32 = new Int32Array(memory.buffer);
  const c = ctl >>> 2;
  const rs = half(n, 2), cs = half(d, 8);
  const shares = [[0, rs, 0, cs], [rs, n, cs, d]];
  // The caller's own watch: if the barrier's generation stops moving for longer than a barrier may wait, the
  // workers are taken as lost.
  let lastGen = Atomics.load(i32, c + GEN), lastMove = Date.now();
  return {
    workers, parties, timeoutMs, i32, doneIndex: c + DONE,
    workerData(id) {
      const [r0, r1, c0, c1] = shares[id] ?? [0, 0, 0, 0];
      if (residual) {
        const args = [id, parties, n, d, eta, px, py, pGram, pTheta, pR, steps, every, pRecStep, pRecLoss, pSummary, ctl, timeoutMs, r0, r1, spins];
        return { memory, module, ctl, entry: "linearResidualThreadsRun", args };
      }
      const args = [id, parties, n, d, eta, px, py, pTheta, pSpare, pR, steps, every, pRecStep, pRecLoss, pSummary, ctl, timeoutMs, r0, r1, c0, c1, spins];
      return { memory, module, ctl, entry: "gdLinearThreadsRun", args };
    },
    finished() {
      if (Atomics.load(i32, c + DONE) >= workers || Atomics.load(i32, c + FAIL) !== 0) return true;
      const g = Atomics.load(i32, c + GEN);
      if (g !== lastGen) {
        lastGen = g;
        lastMove = Date.now();
      } else if (Date.now() - lastMove > timeoutMs + 5000) {
        Atomics.compareExchange(i32, c + FAIL, 0, 1);
        return true;
      }
      return false;
    },
    failed: () => Atomics.load(i32, c + FAIL) !== 0,
    abort() {
      Atomics.compareExchange(i32, c + FAIL, 0, 3);
      Atomics.store(i32, c + ABORT, 1);
      Atomics.notify(i32, c + GEN);
    },
    outcome() {
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
    },
  };
}

/** A started worker: `stop` terminates it (and lets a Node process exit without it). */
interface Started {
  stop(): void;
}

/** Starts Node's worker `data`, counting it live until it exits. */
function startNodeWorker(Worker: WorkerCtor, data: unknown, onMessage?: (m: unknown) => void, onError?: (e: unknown) => void): Started {
  const w = new Worker(NODE_WORKER_SOURCE, { eval: true, workerData: data });
  live++;
  w.on("exit", () => { live--; });
  if (onMessage) w.on("message", onMessage);
  // Without a listener an error event would be thrown at the process: a blocked caller reads FAIL instead.
  w.on("error", (e) => onError?.(e));
  return {
    stop() {
      w.unref();
      void w.terminate();
    },
  };
}

/** Starts a browser worker from a Blob URL and posts it `data`; it counts as live until stopped. */
function startWebWorker(Worker: WebWorkerCtor, data: unknown, onMessage: (m: unknown) => void, onError: (e: unknown) => void): Started {
  const g = globalThis as unknown as { Blob: typeof Blob; URL: { createObjectURL(b: Blob): string } };
  webWorkerUrl ??= g.URL.createObjectURL(new g.Blob([WEB_WORKER_SOURCE], { type: "text/javascript" }));
  const w = new Worker(webWorkerUrl);
  live++;
  let stopped = false;
  w.onmessage = (e) => onMessage(e.data);
  w.onerror = (e) => {
    e.preventDefault?.();
    onError(e.message ?? "worker error");
  };
  w.postMessage(data);
  return {
    stop() {
      if (stopped) return;
      stopped = true;
      live--;
      w.terminate();
    },
  };
}

/**
 * Runs the trajectory on `parties` workers, blocking the calling thread (Node only: see threadsUnavailable). Throws
 * ThreadsError when a barrier times out or a worker fails; the workers are terminated in every case.
 */
export function runGdLinearThreads(job: GdThreadsJob, opts: GdThreadsRunOptions = {}): GdThreadsOutcome {
  const Worker = nodeWorker();
  const why = threadsUnavailable();
  if (Worker === undefined || why !== undefined) throw new ThreadsError(`two threads are unavailable: ${why}`);
  const run = layoutThreadsRun(job, opts);
  const started: Started[] = [];
  try {
    for (let id = 0; id < run.workers; id++) started.push(startNodeWorker(Worker, run.workerData(id)));
    // Sleep until every worker is done or one failed, waking every 50 ms for the watchdog.
    while (!run.finished()) Atomics.wait(run.i32, run.doneIndex, Atomics.load(run.i32, run.doneIndex), 50);
    return run.outcome();
  } finally {
    for (const w of started) w.stop();
  }
}

/**
 * Runs the trajectory on `parties` workers without blocking the calling thread: Node's worker_threads or a browser's
 * Blob-URL workers. Waits for each worker's "ready" (bounded by readyTimeoutMs), then for the end of the run in
 * Atomics.waitAsync where the engine has it, else on the workers' messages and a 50 ms poll. Throws ThreadsError
 * when a worker never becomes ready, a barrier times out or a worker fails; the workers are terminated in every case.
 */
export async function runGdLinearThreadsAsync(job: GdThreadsJob, opts: GdThreadsRunOptions = {}): Promise<GdThreadsOutcome> {
  const why = threadsUnavailable(false);
  if (why !== undefined) throw new ThreadsError(`two threads are unavailable: ${why}`);
  const readyTimeoutMs = opts.readyTimeoutMs ?? GD_THREADS_READY_MS;
  const run = layoutThreadsRun(job, opts);
  const NodeW = nodeWorker(), WebW = webWorker();
  const started: Started[] = [];
  let ready = 0;
  let error: string | undefined;
  let wake: (() => void) | undefined;
  const onMessage = (m: unknown): void => {
    if (m === "ready") ready++;
    wake?.();
  };
  const oneLine = (e: unknown): string => (e instanceof Error ? e.message : String(e)).split("\n")[0];
  const onError = (e: unknown): void => {
    error ??= oneLine(e);
    run.abort();
    wake?.();
  };
  /** Resolves after `ms`, on a worker's message, or (where the engine has waitAsync) when the done word changes. */
  const nap = (ms: number): Promise<void> => new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      // A late waitAsync of an earlier nap must not unhook the current one.
      if (wake === done) wake = undefined;
      resolve();
    }
    wake = done;
    const waitAsync = (Atomics as unknown as { waitAsync?: (a: Int32Array, i: number, v: number, t: number) => { async: boolean; value: Promise<unknown> | string } }).waitAsync;
    if (typeof waitAsync === "function") {
      const r = waitAsync(run.i32, run.doneIndex, Atomics.load(run.i32, run.doneIndex), ms);
      if (r.async) void (r.value as Promise<unknown>).then(done);
      else done();
    }
  });
  try {
    for (let id = 0; id < run.workers; id++) {
      const data = run.workerData(id);
      try {
        started.push(NodeW !== undefined ? startNodeWorker(NodeW, data, onMessage, onError) : startWebWorker(WebW as WebWorkerCtor, data, onMessage, onError));
      } catch (e) {
        // A page whose Content-Security-Policy refuses blob: workers, say: the started partner must leave its barrier.
        run.abort();
        throw new ThreadsError(`could not start a worker for the threaded gdLinear run (${oneLine(e)}); run with threads: 1`);
      }
    }
    const t0 = Date.now();
    while (ready < run.parties && !run.failed()) {
      if (Date.now() - t0 > readyTimeoutMs) {
        run.abort();
        throw new ThreadsError(`a worker of the threaded gdLinear run did not report ready within ${readyTimeoutMs} ms (${ready} of ${run.parties} did); run with threads: 1`);
      }
      await nap(50);
    }
    while (!run.finished()) await nap(50);
    if (error !== undefined) throw new ThreadsError(`a worker of the threaded gdLinear run failed (${error}); run with threads: 1`);
    return run.outcome();
  } finally {
    for (const w of started) w.stop();
  }
}
