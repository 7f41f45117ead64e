// One grid point of a sweep: what both the in-process loop and the pool's worker compute. Browser-safe.
import type { Engine } from "../engine.js";
import { bifurcationPoint, type BifurcationPoint } from "./bifurcation.js";
import type { DeepScalarModel } from "../models/deep-scalar.js";
import { engineGeometry } from "../codim1/geometry.js";
import { sweepEta, sweepFingerprint, sweepModel, type FingerprintedSettings } from "./sweep-settings.js";
import { argInt, argObject, argString } from "../check-args.js";

/**
 * One finished grid point, as stored in a JSONL line.
 * @category Sweeps
 */
export interface SweepRecord {
  fingerprint: string;
  /** 0-based grid index. */
  index: number;
  eta: number;
  settings: FingerprintedSettings;
  /** λ* of the model (the same at every η; NaN would be stored as null). */
  lambdaStar: number;
  point: BifurcationPoint;
}

const models = new Map<string, DeepScalarModel>();

/**
 * Computes grid point `index` of the sweep on `engine`: exactly bifurcationSweep's column for that η.
 * @example
 * const engine = await init();
 * const s = fingerprinted({ depth: 2, target: 1, from: 0.9, to: 1.2, count: 30, steps: 20_000, tail: 200 });
 * const rec = computeSweepPoint(engine, s, 0); // one JSONL line's worth
 * @category Sweeps
 */
export function computeSweepPoint(engine: Engine, settings: FingerprintedSettings, index: number, fingerprint = sweepFingerprint(settings)): SweepRecord {
  argObject("computeSweepPoint", "engine", engine); argObject("computeSweepPoint", "settings", settings); argInt("computeSweepPoint", "index", index); argString("computeSweepPoint", "fingerprint", fingerprint);
  const key = `${settings.depth},${settings.target}`;
  let model = models.get(key);
  if (!model) models.set(key, (model = sweepModel(settings)));
  const eta = sweepEta(settings, index);
  const r = bifurcationPoint(model, engineGeometry(engine), eta, settings.steps, settings.tail, settings.theta0);
  return { fingerprint, index, eta, settings, lambdaStar: r.lambdaStar, point: r.point };
}
