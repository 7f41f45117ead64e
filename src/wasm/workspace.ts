// How much wasm memory (in f64 values) each entry point takes from the arena,
// so that a problem too large for wasm32 (4 GiB) is refused with a
// WasmMemoryError before anything is allocated (docs/design.md §3). Each count is
// the exact sum of the entry point's allocations (16-byte alignment adds at
// most 8 bytes per buffer on top; Arena.require allows for it). A count is NaN
// when a size is not a valid integer yet: the entry point's own validation
// reports that.
/** The lanczosTop default Krylov limit (src/linalg/lanczos-operator.ts). */
const LANCZOS_MAX_ITER = 300;

function ok(...xs: number[]): boolean {
  return xs.every((x) => Number.isSafeInteger(x) && x >= 0);
}

/**
 * gdLinear on an n×d X, N steps recorded every k: X, y, θ, a spare θ, the
 * residual, two record columns of ⌊N/k⌋ + 2 and an 8-value summary.
 */
export function gdLinearWorkspace(n: number, d: number, steps: number, recordEvery: number): number {
  if (!ok(n, d, steps) || !Number.isSafeInteger(recordEvery) || recordEvery < 1) return NaN;
  const cap = Math.floor(steps / recordEvery) + 2;
  return n * d + 2 * n + 2 * d + 2 * cap + 8;
}

/** Shape of a several-output run (runData) for workspaceOf purposes. */
export interface DataRunShape {
  kind: "linear" | "diagonal" | "two-layer";
  n: number;
  d: number;
  /** Hidden width (two-layer). */
  h?: number;
  steps: number;
  recordEvery?: number;
  sharpnessEvery?: number;
  chunkEvery?: number;
  /** Linear only: the residual-space loop keeps the n×n Gram matrix XXᵀ. */
  form: "plain" | "residual";
}

/** p for a data model (as paramCount, but NaN instead of an error). */
export function dataParamCount(kind: DataRunShape["kind"], d: number, h = 0): number {
  if (kind === "linear") return d;
  if (kind === "diagonal") return 2 * d;
  return ok(h) && h >= 1 ? d * h + h : NaN;
}

/** The dataset in wasm memory (DataOps): X, y and two max(n, d) buffers. */
function dataOpsWorkspace(n: number, d: number): number {
  return n * d + n + 2 * Math.max(n, d);
}

/** Lanczos basis on the engine (EngineBasis): a work vector and up to min(maxIter, p) unit vectors of length p (at most; it may stop earlier). */
function lanczosWorkspace(p: number, maxIter = LANCZOS_MAX_ITER): number {
  return (Math.min(maxIter, p) + 1) * p;
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/**
 * runData: the dataset, θ and a spare θ, the loop's work vector, the record
 * columns of one chunk, the n×n Gram matrix for the residual-space linear
 * loop, and a Lanczos basis when the sharpness is tracked.
 */
export function dataRunWorkspace(s: DataRunShape): number {
  const { n, d, steps } = s;
  const h = s.kind === "two-layer" ? (s.h ?? NaN) : 0;
  const p = dataParamCount(s.kind, d, h);
  if (!ok(n, d, steps, h) || !Number.isFinite(p)) return NaN;
  let every = s.recordEvery ?? (steps <= 10000 ? 1 : Math.ceil(steps / 10000));
  const chunkLen = s.sharpnessEvery ?? s.chunkEvery;
  if (!Number.isSafeInteger(every) || every < 1) return NaN;
  if (chunkLen !== undefined) {
    if (!Number.isSafeInteger(chunkLen) || chunkLen < 1) return NaN;
    if (s.recordEvery === undefined) every = gcd(every, chunkLen);
  }
  const chunk = chunkLen ?? Math.max(steps, 1);
  const cap = Math.floor(Math.min(chunk, Math.max(steps, 1)) / every) + 2;
  return dataOpsWorkspace(n, d) + 2 * p + Math.max(2 * d + n + h, 4 * n) + 2 * cap + 8
    + (s.form === "residual" ? n * n : 0)
    + (s.sharpnessEvery !== undefined ? lanczosWorkspace(p) : 0);
}

/** dataSharpness: the dataset and one Lanczos basis (the Hessian and Gauss–Newton runs reuse the same memory). */
export function dataSharpnessWorkspace(kind: DataRunShape["kind"], n: number, d: number, h = 0, maxIter?: number): number {
  const p = dataParamCount(kind, d, h);
  if (!ok(n, d) || !Number.isFinite(p)) return NaN;
  return dataOpsWorkspace(n, d) + lanczosWorkspace(p, maxIter !== undefined && ok(maxIter) ? maxIter : LANCZOS_MAX_ITER);
}

/** singularValues of a rows×cols matrix: min(rows, cols) vectors of length max(rows, cols), the values, 2 outputs. */
export function singularValuesWorkspace(rows: number, cols: number): number {
  if (!ok(rows, cols)) return NaN;
  const k = Math.min(rows, cols), len = Math.max(rows, cols);
  return k * len + k + 2;
}

/** runTrajectory on deep scalar p: θ, the kernel's p² + 6p + 10 work, the record plan, 6 columns (+ θ_t, θ∥_t if kept), θ∥, summary. */
export function deepScalarRunWorkspace(p: number, records: number, recordTheta: boolean): number {
  if (!ok(p, records)) return NaN;
  const cap = records + 1;
  return p + (p * p + 6 * p + 10) + records + 6 * cap + (recordTheta ? 2 * cap * p : 0) + p + 8;
}

/** lanczosTopGram on an n×d X with a Krylov limit kmax: X, kmax + 1 basis vectors of length d, w (d), a temporary (n), 2 outputs. */
export function lanczosTopGramWorkspace(n: number, d: number, kmax: number): number {
  if (!ok(n, d, kmax)) return NaN;
  return n * d + (kmax + 2) * d + n + 2;
}

/** powerIterationGram on an n×d X: X, three vectors of length d, a temporary (n), 2 outputs. */
export function powerIterationGramWorkspace(n: number, d: number): number {
  if (!ok(n, d)) return NaN;
  return n * d + 3 * d + n + 2;
}
