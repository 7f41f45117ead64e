// The pool's worker (piscina): one task = one grid point of the sweep spec given in workerData. Loaded from
// dist/node/sweep-worker.js by runGridPoints.
import { workerData } from "piscina";
import { initSync } from "../init.js";
import type { BackendKind } from "../wasm/exports.js";
import { computeGridPoint, computeGridPoints, pointCache, type GridRecord } from "../experiments/sweep-spec-point.js";
import type { SweepSpec } from "../experiments/sweep-spec.js";
import { loadDataset } from "./read-files.js";
import { resolveDataPath } from "./sweep-spec-file.js";

/** What every task of one pool shares: the backend and the spec (sent once per thread, not with each point). */
export interface SweepWorkerData {
  backend?: BackendKind;
  spec: SweepSpec;
  /** Relative data paths of the spec are read from here (the spec file's directory). */
  baseDir: string;
  /** Run deep scalar points of one task together in lanes (computeGridPoints; the same bits). Default true. */
  lanes?: boolean;
}

/** A task: grid point `index` of the pool's spec, or the points `indices` (their records in that order). */
export type SweepTask = { index: number } | { indices: number[] };

const data = workerData as SweepWorkerData;
// Once per thread: the same backend as the main thread, so results are bit-identical to an in-process sweep.
const engine = initSync({ backend: data?.backend });
// Models, data and flattest minima are built once per thread and reused by its points.
const cache = pointCache();
const loadData = (path: string, header?: boolean) => loadDataset({ data: resolveDataPath(data.baseDir, path), header });

export default function sweepPointTask(task: SweepTask): GridRecord | GridRecord[] {
  if ("indices" in task) return computeGridPoints(engine, data.spec, task.indices, cache, loadData, { lanes: data.lanes ?? true });
  return computeGridPoint(engine, data.spec, task.index, cache, loadData);
}
