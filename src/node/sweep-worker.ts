// The pool's worker (piscina): one task = one grid point. Loaded from dist/node/sweep-worker.js by runSweepPoints.
import { workerData } from "piscina";
import { initSync } from "../init.js";
import type { BackendKind } from "../wasm/exports.js";
import { computeSweepPoint, type SweepRecord } from "../experiments/sweep-point.js";
import type { FingerprintedSettings } from "../experiments/sweep-settings.js";

/** A task: grid point `index` of the sweep with these settings. */
export interface SweepTask {
  settings: FingerprintedSettings;
  fingerprint: string;
  index: number;
}

// Once per thread: the same backend as the main thread, so results are bit-identical to an in-process sweep.
const engine = initSync({ backend: (workerData as { backend?: BackendKind } | undefined)?.backend });

export default function sweepPointTask(task: SweepTask): SweepRecord {
  return computeSweepPoint(engine, task.settings, task.index, task.fingerprint);
}
