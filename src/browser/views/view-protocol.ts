// Messages between the views (<eos-view>, view-element.ts) and their worker (view-worker.ts). The worker runs the
// library's own experiments (catapultSweep, sharpeningExperiment, the sweep figures) and answers with plain JSON
// numbers and an SVG string, so the main thread only sets text and markup.
import type { CatapultViewResult, RegimeMapViewResult, SharpeningViewResult } from "./view-compute.js";

/** What the catapult view asks for: width m, seed, η·λ₀/2 and the number of GD steps. */
export interface CatapultParams {
  width: number;
  seed: number;
  etaFrac: number;
  steps: number;
}

/** The two networks on data of the sharpening experiment. */
export type SharpeningModel = "tanh-mlp" | "deep-linear-data";

/** What the sharpening view asks for: the network, η, the GD steps and how often λ is measured. */
export interface SharpeningParams {
  model: SharpeningModel;
  eta: number;
  steps: number;
  every: number;
}

export type ViewRequest =
  | ({ type: "catapult"; id: number } & CatapultParams)
  | ({ type: "sharpening"; id: number } & SharpeningParams)
  /** A merged sweep JSONL: a File/Blob from the page, or a URL the worker fetches (already absolute). */
  | { type: "regime-map"; id: number; name: string; file?: Blob; url?: string };

export type ViewResult = CatapultViewResult | SharpeningViewResult | RegimeMapViewResult;

export type ViewMessage =
  | { type: "ready"; backend: string }
  | { type: "result"; id: number; result: ViewResult; elapsedMs: number }
  | { type: "error"; id: number; message: string };
