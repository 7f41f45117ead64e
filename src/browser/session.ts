// The explorer's session with its module worker (worker.ts, inlined into the
// bundle and started from a Blob URL, so the page stays responsive however
// long the run): the requests, the run in progress and its records as they
// stream in, and the promises that settle when a run or a bifurcation
// diagram ends. What the page shows of it is the host's business
// (explorer.ts), told through SessionEvents.
import workerSource from "virtual:eos-worker";
import { seriesFrom } from "../series/run-series.js";
import { explorerRecordSteps, type ExplorerConfig } from "./config.js";
import type { BifurcationMessage, ModelSpec, ProgressMessage, RunReport, SeriesChunk, WorkerMessage, WorkerRequest } from "./protocol.js";

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
  /** Stopped by the page: no chunk of it is taken any more. */
  stopped: boolean;
  /** For f = ab (p = 2): θ_t and θ∥_t at each record, p values each (null for the other models). */
  theta: Float64Array | null;
  thetaPar: Float64Array | null;
  /** Chunks received from the worker so far. */
  chunks: number;
}

export interface BifurcationResult {
  etas: Float64Array;
  values: Float64Array;
  keep: number;
  elapsedMs: number;
  /** The configuration it was computed for. */
  config: ExplorerConfig;
  /** Per η: the transient steps, and whether the transient rule's cap cut it short. */
  transients: number[];
  capped: boolean[];
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
  bifurcation(cfg: ExplorerConfig, etas: number[], transient: number | null, keep: number): Promise<BifurcationResult>;
  /** Stops the run in progress; returns it, or null if none was running. */
  stop(): ExplorerRun | null;
  /** The last run started (finished or not), or null before the first. */
  current(): ExplorerRun | null;
  /** The backend the worker loaded ("simd", "wasm" or "js"); starts the worker if it has not started. */
  backend(): Promise<string>;
  /** Resolves once the worker has answered every request sent before (late chunks of a stopped run included). */
  settled(): Promise<void>;
  destroy(): void;
}

const modelSpec = (cfg: ExplorerConfig): ModelSpec => ({ model: cfg.model, depth: cfg.depth, target: cfg.target, widths: cfg.widths, input: cfg.input });

// ---------- the page's one worker, shared by every explorer on it ----------
// Requests carry ids unique on the page (so each session picks its own
// answers) and the session's client number (so the worker supersedes a
// figure's run only by that figure's next run, never by another figure's).
let nextId = 1;
let nextClient = 1;
interface Listener {
  message(ev: MessageEvent<WorkerMessage>): void;
  failed(message: string): void;
}
const shared = { worker: null as Worker | null, url: "", listeners: new Set<Listener>(), backend: "", ready: null as Promise<string> | null };
let resolveBackend: (b: string) => void = () => {};

function attachShared(l: Listener): Worker {
  shared.listeners.add(l);
  if (shared.worker) return shared.worker;
  shared.url = URL.createObjectURL(new Blob([workerSource], { type: "text/javascript" }));
  const w = new Worker(shared.url, { type: "module", name: "eoslab-explorer" });
  shared.ready = new Promise<string>((r) => (resolveBackend = r));
  w.onmessage = (ev: MessageEvent<WorkerMessage>) => {
    if (ev.data.type === "ready") {
      shared.backend = ev.data.backend;
      resolveBackend(ev.data.backend);
    }
    for (const x of shared.listeners) x.message(ev);
  };
  w.onerror = (ev) => {
    for (const x of shared.listeners) x.failed(ev.message);
  };
  shared.worker = w;
  return w;
}

/** The last figure gone, the worker goes too. */
function detachShared(l: Listener): void {
  shared.listeners.delete(l);
  if (shared.listeners.size || !shared.worker) return;
  shared.worker.terminate();
  URL.revokeObjectURL(shared.url);
  shared.worker = null;
  shared.backend = "";
  shared.ready = null;
}

function newSeries(n: number): SeriesChunk {
  return seriesFrom(() => new Float64Array(n));
}

export function createSession(events: SessionEvents): Session {
  // The page's one worker starts at the first request of any figure, so a figure never run (off screen) costs nothing.
  let worker: Worker | null = null;
  const client = nextClient++;
  let current: ExplorerRun | null = null;
  let currentId = 0;
  const pendingRuns = new Map<number, { resolve: (r: RunReport) => void; reject: (e: Error) => void }>();
  let bifId = 0;
  const pendingBif = new Map<number, { resolve: (v: BifurcationResult) => void; reject: (e: Error) => void; config: ExplorerConfig }>();
  const pendingPing = new Map<number, () => void>();
  const listener = { message: onMessage, failed: (m: string) => events.workerFailed(m) };
  const start = (): Worker => {
    if (worker) return worker;
    worker = attachShared(listener);
    return worker;
  };
  const post = (m: WorkerRequest): void => start().postMessage(m);

  function run(cfg: ExplorerConfig): Promise<RunReport> {
    if (currentId) post({ type: "cancel", id: currentId });
    for (const [id, p] of pendingRuns) if (id !== currentId) p.reject(new Error("superseded"));
    const id = nextId++;
    currentId = id;
    const plan = explorerRecordSteps(cfg.steps, cfg.points);
    const phase = cfg.model === "deep" && cfg.depth === 2;
    current = {
      config: { ...cfg, theta0: [...cfg.theta0] },
      // A diagonal run records observeDataRun's checkpoints (about 200, plus the last 64 steps), not the plan's steps.
      series: newSeries(cfg.model === "diagonal" ? Math.max(plan.length, 512) : plan.length),
      length: 0,
      plan,
      report: null,
      done: false,
      stopped: false,
      chunks: 0,
      theta: phase ? new Float64Array(plan.length * 2) : null,
      thetaPar: phase ? new Float64Array(plan.length * 2) : null,
    };
    post({ type: "run", id, client, model: modelSpec(cfg), eta: cfg.eta, theta0: cfg.theta0, steps: cfg.steps, points: cfg.points, recordTheta: phase });
    return new Promise<RunReport>((resolve, reject) => pendingRuns.set(id, { resolve, reject }));
  }

  function onChunk(m: ProgressMessage): void {
    if (m.id !== currentId || !current) return;
    const s = current.series;
    const n = m.series.step.length;
    const room = Math.min(n, s.step.length - current.length);
    for (const k of Object.keys(s) as (keyof SeriesChunk)[]) s[k].set(m.series[k].subarray(0, room), current.length);
    const p = current.config.depth;
    if (current.theta && m.theta) current.theta.set(m.theta.subarray(0, room * p), current.length * p);
    if (current.thetaPar && m.thetaPar) current.thetaPar.set(m.thetaPar.subarray(0, room * p), current.length * p);
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

  function onMessage(ev: MessageEvent<WorkerMessage>): void {
    const m = ev.data;
    switch (m.type) {
      case "ready":
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
        if (p) p.resolve({ etas: m.etas, values: m.values, keep: m.keep, elapsedMs: m.elapsedMs, config: p.config, transients: m.transients, capped: m.capped });
        break;
      }
      case "pong":
        pendingPing.get(m.id)?.();
        pendingPing.delete(m.id);
        break;
      case "error": {
        // The worker is shared: only this session's requests are its business.
        if (!pendingRuns.has(m.id) && !pendingBif.has(m.id) && m.id !== currentId) break;
        events.error(m.message);
        pendingRuns.get(m.id)?.reject(new Error(m.message));
        pendingBif.get(m.id)?.reject(new Error(m.message));
        pendingRuns.delete(m.id);
        pendingBif.delete(m.id);
        break;
      }
    }
  }

  return {
    run,
    bifurcation(cfg, etas, transient, keep) {
      const id = nextId++;
      bifId = id;
      // Superseded diagrams are dropped by the worker at its next pause; their promises settle as superseded.
      for (const [old, p] of pendingBif) if (old !== id) p.reject(new Error("superseded"));
      for (const old of [...pendingBif.keys()]) if (old !== id) pendingBif.delete(old);
      post({ type: "bifurcation", id, client, model: modelSpec(cfg), theta0: cfg.theta0, etas, transient, keep });
      const config = { ...cfg, theta0: [...cfg.theta0] };
      return new Promise((resolve, reject) => pendingBif.set(id, { resolve, reject, config }));
    },
    stop() {
      if (!currentId || !current || current.done) return null;
      post({ type: "cancel", id: currentId });
      pendingRuns.get(currentId)?.reject(new Error("stopped"));
      pendingRuns.delete(currentId);
      // Stop is final: chunks of this run still in flight (the worker posts the one it was computing) are dropped.
      currentId = 0;
      current.stopped = true;
      return current;
    },
    current: () => current,
    backend: () => {
      start();
      return shared.backend ? Promise.resolve(shared.backend) : shared.ready!;
    },
    settled() {
      const id = nextId++;
      post({ type: "ping", id });
      return new Promise<void>((resolve) => pendingPing.set(id, resolve));
    },
    destroy() {
      if (currentId) post({ type: "cancel", id: currentId });
      if (worker) detachShared(listener);
      worker = null;
      for (const p of pendingRuns.values()) p.reject(new Error("destroyed"));
      for (const p of pendingBif.values()) p.reject(new Error("destroyed"));
      pendingRuns.clear();
      pendingBif.clear();
    },
  };
}
