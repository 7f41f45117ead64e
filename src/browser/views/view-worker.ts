// The views' worker (started from a Blob URL by view-client.ts): every run of the catapult and sharpening views and
// every sweep file of the regime-map view is computed here, so the page's main thread only draws text and SVG.
// One request at a time; the client ends a busy worker and starts a fresh one when a newer request supersedes it.
import { initSync } from "../../init.js";
import { computeCatapult, computeRegimeMap, computeSharpening } from "./view-compute.js";
import type { ViewMessage, ViewRequest, ViewResult } from "./view-protocol.js";

interface WorkerScope {
  postMessage(message: ViewMessage): void;
  onmessage: ((ev: MessageEvent<ViewRequest>) => void) | null;
}
const scope = self as unknown as WorkerScope;
const engine = initSync();

async function sweepText(req: Extract<ViewRequest, { type: "regime-map" }>): Promise<string> {
  if (req.file) return req.file.text();
  if (!req.url) throw new Error("no file and no URL");
  let res: Response;
  try {
    res = await fetch(req.url);
  } catch {
    throw new Error(`could not load ${req.url} (network error)`);
  }
  if (!res.ok) throw new Error(`could not load ${req.url}: HTTP ${res.status}`);
  return res.text();
}

async function handle(req: ViewRequest): Promise<ViewResult> {
  if (req.type === "catapult") return computeCatapult({ width: req.width, seed: req.seed, etaFrac: req.etaFrac, steps: req.steps });
  if (req.type === "sharpening") return computeSharpening({ model: req.model, eta: req.eta, steps: req.steps, every: req.every }, engine);
  return computeRegimeMap(await sweepText(req), req.name);
}

scope.onmessage = (ev) => {
  const req = ev.data;
  const t0 = performance.now();
  handle(req).then(
    (result) => scope.postMessage({ type: "result", id: req.id, result, elapsedMs: performance.now() - t0 }),
    (e: unknown) => scope.postMessage({ type: "error", id: req.id, message: (e instanceof Error ? e.message : String(e)).split("\n")[0] }),
  );
};

scope.postMessage({ type: "ready", backend: engine.kind });
