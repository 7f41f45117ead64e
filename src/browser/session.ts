// The explorer's session with its module worker (worker.ts, inlined into the
// bundle and started from a Blob URL, so the page stays responsive however
// long the run): the requests, the run in progress and its records as they
// stream in, and the promises that settle when a run or a bifurcation
// diagram ends. What the page shows of it is the host's business
// (explorer.ts), told through SessionEvents.
import workerSource from "virtual:eos-worker";
import { seriesFrom } from "../series/run-series.js";
import { explorerRecordSteps, type ExplorerConfig } from "./config.js";
import type { BifurcationMessage, ProgressMessage, RunReport, SeriesChunk, WorkerMessage, WorkerRequest } from "./protocol.js";

/** The series and report of the last finished (or still running) run. */
export interface ExplorerRun {
  config: ExplorerConfig;
  series: SeriesChunk;
  /** Number of records received so far (the series arrays are this long). */
  length: number;
  /** The steps that were asked to be recorded. */
  plan: Float64Array;
  report: RunReport | null;
  done: boolean;
  /** Chunks received from the worker so far. */
  chunks: number;
}

export interface BifurcationResult {
  etas: Float64Array;
  values: Float64Array;
  keep: number;
  elapsedMs: number;
}

/** What the session tells the page, in the order it happens. */
export interface SessionEvents {
  /** Records of the current run arrived (already appended to run.series). */
  chunk(run: ExplorerRun, m: ProgressMessage): void;
  /** The current run finished; its promise resolves right after. */
  done(run: ExplorerRun): void;
  /** The newest bifurcation diagram arrived; its promise resolves right after. */
  bifurcation(m: BifurcationMessage): void;
  /** A request failed in the worker. */
  error(message: string): void;
  /** The worker itself failed (it could not start, or threw outside a request). */
  workerFailed(message: string): void;
}

export interface Session {
  /** Starts a run of `cfg` (superseding the one in progress); resolves with its report when it ends. */
  run(cfg: ExplorerConfig): Promise<RunReport>;
  /** Computes a bifurcation diagram: `keep` θ⊥ values after `transient` steps at each η. */
  bifurcation(cfg: ExplorerConfig, etas: number[], transient: number, keep: number): Promise<BifurcationResult>;
  /** Stops the run in progress; returns it, or null if none was running. */
  stop(): ExplorerRun | null;
  /** The last run started (finished or not), or null before the first. */
  current(): ExplorerRun | null;
  /** The backend the worker loaded ("simd", "wasm" or "js"). */
  backend(): Promise<string>;
  destroy(): void;
}

function newSeries(n: number): SeriesChunk {
  return seriesFrom(() => new Float64Array(n));
}

export function createSession(events: SessionEvents): Session {
  const blobUrl = URL.createObjectURL(new Blob([workerSource], { type: "text/javascript" }));
  const worker = new Worker(blobUrl, { type: "module", name: "eoslab-explorer" });
  let backendName = "";
  let resolveBackend: (b: string) => void = () => {};
  const backendReady = new Promise<string>((r) => (resolveBackend = r));
  let nextId = 1;
  let current: ExplorerRun | null = null;
  let currentId = 0;
  const pendingRuns = new Map<number, { resolve: (r: RunReport) => void; reject: (e: Error) => void }>();
  let bifId = 0;
  const pendingBif = new Map<number, { resolve: (v: BifurcationResult) => void; reject: (e: Error) => void }>();
  const post = (m: WorkerRequest): void => worker.postMessage(m);

  function run(cfg: ExplorerConfig): Promise<RunReport> {
    if (currentId) post({ type: "cancel", id: currentId });
    for (const [id, p] of pendingRuns) if (id !== currentId) p.reject(new Error("superseded"));
    const id = nextId++;
    currentId = id;
    const plan = explorerRecordSteps(cfg.steps, cfg.points);
    current = { config: { ...cfg, theta0: [...cfg.theta0] }, series: newSeries(plan.length), length: 0, plan, report: null, done: false, chunks: 0 };
    post({ type: "run", id, model: { depth: cfg.depth, target: cfg.target }, eta: cfg.eta, theta0: cfg.theta0, steps: cfg.steps, points: cfg.points });
    return new Promise<RunReport>((resolve, reject) => pendingRuns.set(id, { resolve, reject }));
  }

  function onChunk(m: ProgressMessage): void {
    if (m.id !== currentId || !current) return;
    const s = current.series;
    const n = m.series.step.length;
    const room = Math.min(n, s.step.length - current.length);
    for (const k of Object.keys(s) as (keyof SeriesChunk)[]) s[k].set(m.series[k].subarray(0, room), current.length);
    current.length += room;
    current.chunks++;
    events.chunk(current, m);
  }

  function onDone(m: Extract<WorkerMessage, { type: "done" }>): void {
    const pending = pendingRuns.get(m.id);
    pendingRuns.delete(m.id);
    if (m.id === currentId && current) {
      current.report = m.report;
      current.done = true;
      events.done(current);
    }
    pending?.resolve(m.report);
  }

  worker.onmessage = (ev: MessageEvent<WorkerMessage>) => {
    const m = ev.data;
    switch (m.type) {
      case "ready":
        backendName = m.backend;
        resolveBackend(m.backend);
        break;
      case "chunk":
        onChunk(m);
        break;
      case "done":
        onDone(m);
        break;
      case "bifurcation": {
        const p = pendingBif.get(m.id);
        pendingBif.delete(m.id);
        if (m.id === bifId) events.bifurcation(m);
        p?.resolve({ etas: m.etas, values: m.values, keep: m.keep, elapsedMs: m.elapsedMs });
        break;
      }
      case "error": {
        events.error(m.message);
        pendingRuns.get(m.id)?.reject(new Error(m.message));
        pendingBif.get(m.id)?.reject(new Error(m.message));
        pendingRuns.delete(m.id);
        pendingBif.delete(m.id);
        break;
      }
    }
  };
  worker.onerror = (ev) => events.workerFailed(ev.message);

  return {
    run,
    bifurcation(cfg, etas, transient, keep) {
      const id = nextId++;
      bifId = id;
      post({ type: "bifurcation", id, model: { depth: cfg.depth, target: cfg.target }, theta0: cfg.theta0, etas, transient, keep });
      return new Promise((resolve, reject) => pendingBif.set(id, { resolve, reject }));
    },
    stop() {
      if (!currentId || !current || current.done) return null;
      post({ type: "cancel", id: currentId });
      pendingRuns.get(currentId)?.reject(new Error("stopped"));
      pendingRuns.delete(currentId);
      return current;
    },
    current: () => current,
    backend: () => (backendName ? Promise.resolve(backendName) : backendReady),
    destroy() {
      worker.terminate();
      URL.revokeObjectURL(blobUrl);
    },
  };
}
