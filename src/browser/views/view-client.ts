// The main thread's side of the views' worker: one worker per view, started at its first request from the inlined
// bundle (a Blob URL, like the explorer's). The runs are synchronous library calls, so a worker cannot notice a newer
// request mid-run: a request while one is running ends that worker (terminate) and starts a fresh one, and the
// older request's promise is rejected as superseded.
import viewWorkerSource from "virtual:eos-view-worker";
import type { ViewMessage, ViewRequest, ViewResult } from "./view-protocol.js";

/** Distributes Omit over the request union, so each kind keeps its own fields. */
type Without<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;

export class Superseded extends Error {
  constructor() {
    super("superseded by a newer request");
  }
}

export interface ViewClient {
  run(req: Without<ViewRequest, "id">): Promise<{ result: ViewResult; elapsedMs: number }>;
  destroy(): void;
}

let blobUrl = "";

export function createViewClient(): ViewClient {
  let worker: Worker | null = null;
  let nextId = 1;
  let pending: { id: number; resolve: (v: { result: ViewResult; elapsedMs: number }) => void; reject: (e: Error) => void } | null = null;
  const stop = () => {
    worker?.terminate();
    worker = null;
  };
  const start = (): Worker => {
    if (worker) return worker;
    if (!blobUrl) blobUrl = URL.createObjectURL(new Blob([viewWorkerSource], { type: "text/javascript" }));
    const w = new Worker(blobUrl, { type: "module", name: "eoslab-views" });
    w.onmessage = (ev: MessageEvent<ViewMessage>) => {
      const m = ev.data;
      if (m.type === "ready" || !pending || m.id !== pending.id) return;
      const p = pending;
      pending = null;
      if (m.type === "result") p.resolve({ result: m.result, elapsedMs: m.elapsedMs });
      else p.reject(new Error(m.message));
    };
    w.onerror = (ev) => {
      ev.preventDefault();
      const p = pending;
      pending = null;
      stop();
      p?.reject(new Error(`the worker failed: ${ev.message || "unknown error"}`));
    };
    worker = w;
    return w;
  };
  return {
    run(req) {
      if (pending) {
        pending.reject(new Superseded());
        pending = null;
        stop();
      }
      const id = nextId++;
      const promise = new Promise<{ result: ViewResult; elapsedMs: number }>((resolve, reject) => (pending = { id, resolve, reject }));
      start().postMessage({ ...req, id } as ViewRequest);
      return promise;
    },
    destroy() {
      pending?.reject(new Superseded());
      pending = null;
      stop();
    },
  };
}
